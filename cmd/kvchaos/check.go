package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kvchaos/kvchaos/checker"
)

func newCheckCmd() *cobra.Command {
	var (
		cf      checkFlags
		format  string
		htmlOut string
		asJSON  bool
		maxLine int
	)
	cmd := &cobra.Command{
		Use:   "check FILE",
		Short: "Check a recorded history (kvchaos JSONL or Jepsen EDN)",
		Long: `check reads a history and runs every check on it: linearizability (porcupine,
per key, under --timeout), lost updates, session guarantees, staleness and
convergence. The exit code follows --expect: 0 the guarantee holds, 1
anomalies found, 2 usage or runtime error (or a verdict that could not be
reached).

The format is guessed from the file name (.edn is Jepsen EDN, anything else
JSONL) unless --format is given. A history cut short by a killed run is
fine: operations that never returned are treated as may-or-may-not.`,
		Example: `  kvchaos check run1/history.jsonl
  kvchaos check --format edn --model cas-register jepsen/history.edn
  kvchaos check --expect read-your-writes --html check.html run1/history.jsonl
  kvchaos check --json run1/history.jsonl | jq .report.verdict`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, err := cf.options()
			if err != nil {
				return err
			}
			path := args[0]
			if format == "" {
				format = "jsonl"
				if strings.EqualFold(filepath.Ext(path), ".edn") {
					format = "edn"
				}
			}
			h, err := readHistoryWith(path, format, cmd.ErrOrStderr(), maxLine)
			if err != nil {
				return err
			}
			rep := checker.Check(h, opts)
			if htmlOut != "" {
				if err := writeReport(htmlOut, "kvchaos check: "+filepath.Base(path), nil, "", h, rep); err != nil {
					return fmt.Errorf("--html: %w", err)
				}
			}
			return printSummary(cmd.OutOrStdout(), asJSON, nil, "", rep)
		},
	}
	cf.register(cmd, true)
	fl := cmd.Flags()
	fl.StringVar(&format, "format", "", "history format: jsonl or edn (default: from the file name)")
	fl.StringVar(&htmlOut, "html", "", "also write the HTML report to this file")
	fl.BoolVar(&asJSON, "json", false, "print the summary as JSON")
	registerMaxLine(cmd, &maxLine)
	return cmd
}
