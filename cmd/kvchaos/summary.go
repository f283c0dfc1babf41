package main

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/kvchaos/kvchaos/checker"
)

// summary is what --json prints.
type summary struct {
	Run    *runInfo       `json:"run,omitempty"`
	Dir    string         `json:"dir,omitempty"`
	Report checker.Report `json:"report"`
}

// printSummary prints the checker's findings and returns the error that
// gives the exit code: nil (valid), errAnomalies (invalid) or an error
// for a verdict that could not be reached.
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
				info.Clients, info.Steps, info.Errors, info.Elapsed.Round(time.Millisecond))
		}
		fmt.Fprint(w, rep.Text())
		if dir != "" {
			fmt.Fprintf(w, "\nhistory: %s\nreport:  %s\n", filepath.Join(dir, historyFile), filepath.Join(dir, reportFile))
		}
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
