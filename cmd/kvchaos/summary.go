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

// printSummary prints the checker's findings, and a run's warning, and
// returns the error that gives the exit code: nil (valid), errAnomalies
// (invalid) or an error for a verdict that could not be reached, including
// a run in which no operation succeeded.
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
			if info.Warning != "" {
				fmt.Fprintf(w, "warning: %s\n", info.Warning)
			}
		}
		if info != nil && info.Error != "" {
			fmt.Fprintf(w, "verdict: %s (no operation succeeded: nothing to check)\n", rep.Verdict)
		} else {
			more := "--json and --html output"
			if dir != "" {
				more = reportFile + " and --json"
			}
			fmt.Fprint(w, rep.TextWith(checker.TextOptions{More: more}))
		}
		if dir != "" {
			fmt.Fprintf(w, "\nhistory: %s\nreport:  %s\n", filepath.Join(dir, historyFile), filepath.Join(dir, reportFile))
		}
	}
	if info != nil && info.Error != "" {
		return fmt.Errorf("run: %s", info.Error)
	}
	return verdictError(rep)
}

// verdictError maps a verdict to the command's result.
func verdictError(rep checker.Report) error {
	switch rep.Verdict {
	case checker.Valid:
		return nil
	case checker.Invalid:
		return errAnomalies
	default:
		if rep.Error != "" {
			return fmt.Errorf("check: %s", rep.Error)
		}
		return fmt.Errorf("verdict unknown: a deciding check could not finish (for linearizability, raise --timeout)")
	}
}
