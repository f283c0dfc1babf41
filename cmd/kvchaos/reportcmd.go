package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/model"
)

func newReportCmd() *cobra.Command {
	var out string
	var maxLine int
	cmd := &cobra.Command{
		Use:   "report DIR",
		Short: "Regenerate a run directory's HTML report",
		Long: `report re-checks DIR/history.jsonl with the options recorded in DIR/run.json
and writes DIR/report.html (or --out): one self-contained HTML file with the
verdict, each check's findings, a timeline per client, latency, the
staleness CDF and porcupine's visualization of a non-linearizable key.
Its exit code is that of the check.`,
		Example: `  kvchaos report run1
  kvchaos report --out /tmp/r.html run1`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := args[0]
			if err := notAURL(dir); err != nil {
				return err
			}
			var info runInfo
			data, err := os.ReadFile(filepath.Join(dir, runFile))
			if err != nil {
				return fmt.Errorf("%s is not a run directory: %w", dir, err)
			}
			if err := json.Unmarshal(data, &info); err != nil {
				return fmt.Errorf("%s: %w", filepath.Join(dir, runFile), err)
			}
			// Streamed into the checks and the report, as check --html.
			opts := checker.Options{Expect: checker.Expect(info.Expect), Model: model.Kind(info.Model)}
			rep, d, reads, err := streamCheckHTML(filepath.Join(dir, historyFile), "jsonl", cmd.ErrOrStderr(), maxLine, opts, func(string, ...any) {})
			if err != nil {
				return err
			}
			info.judge(&rep)
			if out == "" {
				out = filepath.Join(dir, reportFile)
			}
			d.Title, d.Facts, d.Clock, d.Report = "kvchaos run: "+info.Workload, info.facts(), info.clock(), rep
			if err := errors.Join(writeReportData(out, d), reads.check()); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "verdict: %s\nreport:  %s\n", rep, out)
			return verdictError("run", rep)
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "write the report here instead of DIR/report.html")
	registerMaxLine(cmd, &maxLine)
	return cmd
}
