package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// newRoot builds the command tree writing to stdout and stderr.
func newRoot(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "kvchaos",
		Short: "Test the consistency of key-value stores",
		Long: `kvchaos runs workloads against key-value stores, records what every client did
as a history, and checks it: linearizability, lost updates, session guarantees,
staleness and convergence. Stores are named by URL; the simulator (sim://) runs
a deterministic multi-region eventually-consistent store in-process.

Exit codes: 0 every check holds, 1 anomalies found, 2 usage or runtime error.`,
		Example: `  kvchaos demo lost-update
  kvchaos run --store 'sim://?preset=edgecache&regions=3' --workload register --out run1
  kvchaos check run1/history.jsonl
  kvchaos report run1`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return fmt.Errorf("%s: %w (see '%s --help')", c.CommandPath(), err, c.CommandPath())
	})
	root.AddCommand(newVersionCmd(), newRunCmd(), newCheckCmd(), newReportCmd(), newDemoCmd(), newServeCmd(), newSwarmCmd(), newReplayCmd())
	for _, c := range root.Commands() {
		c.SilenceUsage, c.SilenceErrors = true, true
	}
	return root
}
