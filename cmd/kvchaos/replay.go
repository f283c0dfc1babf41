package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kvchaos/kvchaos/internal/swarm"
)

// replayJSON is what replay --json prints.
type replayJSON struct {
	Seed          uint64        `json:"seed"`
	Config        swarm.Config  `json:"config"`
	Outcome       swarm.Outcome `json:"outcome"`
	Ops           int           `json:"ops"`
	HistorySHA256 string        `json:"history_sha256"`
	Warning       string        `json:"warning,omitempty"`
	Dir           string        `json:"dir"`
}

func newReplayCmd() *cobra.Command {
	var out string
	var asJSON bool
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "replay TOKEN --out DIR",
		Short: "Run a swarm run again from its replay token",
		Long: `replay decodes a replay token (the content of a swarm failure directory's
replay file: kvchaos version, seed and configuration), runs the same
simulated run again and writes DIR/history.jsonl, report.html, run.json and
replay. A token of your own property (kvchaos swarm --go-test) is replayed
through its test with go test, from within its module. With the same kvchaos version the history is byte for byte the
original's (compare the printed sha256); a different version prints a
warning, because it may draw, schedule or record differently.

Exit codes: 0 the run passes, 1 it fails, 2 unknown verdict or a bad token.`,
		Example: `  kvchaos replay "$(cat swarm/failures/seed-17/replay)" --out seed-17`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			version := buildVersion()
			tok, err := swarm.DecodeToken(args[0])
			if err != nil {
				return err
			}
			if tok.Version != version {
				fmt.Fprintf(cmd.ErrOrStderr(), "kvchaos: warning: the token was made by kvchaos %s and this is %s: the run may not reproduce byte for byte\n", tok.Version, version)
			}
			var res swarm.Result
			if ref := tok.Config.Property; ref != nil {
				info, err := replayGo(cmd.Context(), cmd.ErrOrStderr(), args[0], ref, out)
				if err != nil {
					return err
				}
				res.Config, res.Outcome, res.Ops = info.Config, info.Outcome, info.Ops
				if res.History, err = os.ReadFile(filepath.Join(out, swarm.HistoryFile)); err != nil {
					return err
				}
			} else {
				if res, err = swarm.Execute(cmd.Context(), tok.Config, swarm.CheckOptions{Timeout: timeout}); err != nil {
					return err
				}
				if err := swarm.WriteRun(out, &res, version); err != nil {
					return err
				}
			}
			warning := ""
			if tok.Version != version {
				warning = "made by kvchaos " + tok.Version
			}
			sum := sha256.Sum256(res.History)
			o := res.Outcome
			if asJSON {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				if err := enc.Encode(replayJSON{Seed: res.Config.Seed, Config: res.Config, Outcome: o, Ops: res.Ops,
					HistorySHA256: hex.EncodeToString(sum[:]), Warning: warning, Dir: out}); err != nil {
					return err
				}
			} else {
				w := cmd.OutOrStdout()
				fmt.Fprintf(w, "replay: %s\n", res.Config)
				fmt.Fprintf(w, "outcome: %s", o.Status)
				if len(o.Kinds) > 0 {
					fmt.Fprintf(w, ": %s", strings.Join(o.Kinds, ", "))
				}
				if o.Reason != "" {
					fmt.Fprintf(w, ": %s", o.Reason)
				}
				fmt.Fprintln(w)
				if len(o.Expected) > 0 {
					fmt.Fprintf(w, "expected findings (outside the promise): %s\n", strings.Join(o.Expected, ", "))
				}
				fmt.Fprintf(w, "history: %s (%d ops, sha256 %s)\nreport:  %s\n", filepath.Join(out, swarm.HistoryFile), res.Ops,
					hex.EncodeToString(sum[:]), filepath.Join(out, swarm.ReportFile))
			}
			switch o.Status {
			case swarm.Fail:
				return errAnomalies
			case swarm.Unknown:
				return fmt.Errorf("verdict unknown: %s", o.Reason)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "run directory (required)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the outcome as JSON")
	cmd.Flags().DurationVar(&timeout, "timeout", 10*time.Second, "linearizability search timeout (an exhausted search is unknown)")
	_ = cmd.MarkFlagRequired("out")
	return cmd
}
