package main

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"

	"github.com/kvchaos/kvchaos/checker"
)

// summary is what --json prints.
type summary struct {
	Run    *runInfo       `json:"run,omitempty"`
	Dir    string         `json:"dir,omitempty"`
	Report checker.Report `json:"report"`
}

// printSummary prints the checker's findings (for a run, after a line
// about the run) and returns the error that gives the exit code: nil
// (valid), errAnomalies (invalid) or an error for a verdict that could not
// be reached, including a history with nothing to judge. run and check
// print the same verdict, parts and warnings for the same history.
func printSummary(w io.Writer, asJSON bool, info *runInfo, dir string, rep checker.Report) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(summary{Run: info, Dir: dir, Report: rep}); err != nil {
			return err
		}
	} else {
		if info != nil {
			fmt.Fprintf(w, "run: %s on %s: %d clients, %d steps, %d errors in %s\n", info.Workload, info.Store,
				info.Clients, info.Steps, info.Errors, info.timing())
			fmt.Fprintf(w, "time: %s\n", info.wallSummary())
			if info.Note != "" {
				fmt.Fprintf(w, "note: %s\n", info.Note)
			}
		}
		more := "--json and --html output"
		if dir != "" {
			more = reportFile + " and --json"
		}
		fmt.Fprint(w, rep.Text(checker.TextOptions{More: more}))
		if dir != "" {
			fmt.Fprintf(w, "\nhistory: %s\nreport:  %s\n", filepath.Join(dir, historyFile), filepath.Join(dir, reportFile))
		}
	}
	cmdName := "check"
	if info != nil {
		cmdName = "run"
	}
	return verdictError(cmdName, rep)
}

// verdictError maps a verdict to the result of command cmd.
func verdictError(cmd string, rep checker.Report) error {
	switch rep.Verdict {
	case checker.Valid:
		return nil
	case checker.Invalid:
		return errAnomalies
	default:
		if rep.Error != "" {
			return fmt.Errorf("%s: %s", cmd, rep.Error)
		}
		return fmt.Errorf("verdict unknown: %s", rep.Store.Summary)
	}
}
