package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/spf13/cobra"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
)

func newCheckCmd() *cobra.Command {
	var (
		cf      checkFlags
		format  string
		htmlOut string
		asJSON  bool
		to      string
		prog    bool
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

The format is guessed from the file name (.edn is Jepsen EDN, .log a Jepsen
text log, anything else JSONL) unless --format is given. A history cut short by a killed run is
fine: operations that never returned are treated as may-or-may-not.`,
		Example: `  kvchaos check run1/history.jsonl
  kvchaos check --format edn --model cas-register jepsen/history.edn
  kvchaos check --expect read-your-writes --html check.html run1/history.jsonl
  kvchaos check --json run1/history.jsonl | jq .report.verdict
  kvchaos check --initial 0 --failed-cas no-op --model cas-register knossos.edn
  kvchaos check jepsen.log
  kvchaos check --to edn run1/history.jsonl > history.edn`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cf.initialSet = cmd.Flags().Changed("initial")
			opts, err := cf.options()
			if err != nil {
				return err
			}
			path := args[0]
			stderr := cmd.ErrOrStderr()
			say := func(string, ...any) {}
			if prog || isTerminal(stderr) {
				start := time.Now()
				say = func(format string, args ...any) {
					fmt.Fprintf(stderr, "[%6.1fs] %s\n", time.Since(start).Seconds(), fmt.Sprintf(format, args...))
				}
				opts.Progress = func(msg string) { say("%s", msg) }
			}
			say("reading %s", path)
			if to == "" && htmlOut == "" { // no History needed: stream the ops into the checks
				rep, err := streamCheck(path, formatOf(path, format), stderr, maxLine, opts, say)
				if !errors.Is(err, history.ErrEDNNotStreamable) {
					if err != nil {
						return err
					}
					say("checked: %s", rep.Verdict)
					return printSummary(cmd.OutOrStdout(), asJSON, nil, "", rep)
				}
				say("%v; reading it whole", err)
			} else if to == "" && isRegularFile(path) { // the report too reads the ops in passes
				rep, d, reads, err := streamCheckHTML(path, formatOf(path, format), stderr, maxLine, opts, say)
				if !errors.Is(err, history.ErrEDNNotStreamable) {
					if err != nil {
						return err
					}
					say("checked: %s", rep.Verdict)
					d.Title = "kvchaos check: " + filepath.Base(path)
					if err := errors.Join(writeReportData(htmlOut, d), reads.check()); err != nil {
						return fmt.Errorf("--html: %w", err)
					}
					return printSummary(cmd.OutOrStdout(), asJSON, nil, "", rep)
				}
				say("%v; reading it whole", err)
			}
			h, err := readHistoryWith(path, formatOf(path, format), stderr, maxLine)
			if err != nil {
				return err
			}
			if to != "" {
				return convertHistory(cmd.OutOrStdout(), h, to)
			}
			say("read %d ops", len(h.Ops))
			rep := checker.Check(h, opts)
			say("checked: %s", rep.Verdict)
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
	fl.StringVar(&format, "format", "", "history format: jsonl, edn (Jepsen EDN) or jepsen-log (a Jepsen text log) (default: from the file name: .edn, .log, else jsonl)")
	fl.StringVar(&htmlOut, "html", "", "also write the HTML report to this file")
	fl.BoolVar(&asJSON, "json", false, "print the summary as JSON")
	fl.StringVar(&to, "to", "", "do not check: write the history to stdout in this format (jsonl or edn)")
	fl.BoolVar(&prog, "progress", false, "say on stderr what is being checked as it goes (always on when stderr is a terminal)")
	registerMaxLine(cmd, &maxLine)
	return cmd
}

// streamCheck checks the history at path as it is read, without holding
// its ops: the reader hands each op to the checks. An EDN history a
// streamed read cannot judge (its layout changes part-way, or a completion
// is timed before its invocation) gives an error that wraps
// history.ErrEDNNotStreamable, and the caller reads it whole.
func streamCheck(path, format string, stderr io.Writer, maxLine int, opts checker.Options, say func(string, ...any)) (checker.Report, error) {
	return streamCheckWith(path, format, stderr, maxLine, opts, say, nil, nil)
}

// streamCheckWith is streamCheck that also hands each op to also and the
// annotations to anns, when not nil.
func streamCheckWith(path, format string, stderr io.Writer, maxLine int, opts checker.Options, say func(string, ...any),
	also func(history.Op), anns func([]history.Annotation)) (checker.Report, error) {
	// The checks' tables are a few pointer-free arrays that live to the
	// end: collecting at 50% growth instead of 100% keeps the peak near
	// them for a few % more GC time. A GOGC the user set wins.
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(50))
	}
	return checker.CheckStream(func(add func(history.Op)) ([]history.Annotation, error) {
		n := 0
		h, err := readHistoryOpts(path, format, stderr,
			history.ReadOptions{MaxLineBytes: maxLine, OnOp: func(op history.Op) {
				n++
				add(op)
				if also != nil {
					also(op)
				}
			}})
		say("read %d ops", n)
		if anns != nil {
			anns(h.Annotations)
		}
		return h.Annotations, err
	}, opts)
}
