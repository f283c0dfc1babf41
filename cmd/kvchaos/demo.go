package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/sim"
)

// demo is a teaching scenario on the simulator.
type demo struct {
	name, summary string
	run           func(d *demoCtx) error
}

var demos = map[string]demo{}

func addDemo(d demo) { demos[d.name] = d }

func demoNames() []string { return slices.Sorted(maps.Keys(demos)) }

func newDemoCmd() *cobra.Command {
	var seed uint64
	cmd := &cobra.Command{
		Use:   "demo [NAME]",
		Short: "Run a teaching scenario on the simulator, or list them",
		Long: `demo runs a scenario on the deterministic simulator and tells the story: what
each client did, what went wrong and the fix. Without NAME it lists the
scenarios. The same --seed always prints the same output; another seed
changes the schedule.`,
		Example: `  kvchaos demo
  kvchaos demo lost-update
  kvchaos demo stale-read --seed 42`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			w := cmd.OutOrStdout()
			if len(args) == 0 {
				fmt.Fprintln(w, "demos (run one with: kvchaos demo NAME):")
				for _, n := range demoNames() {
					fmt.Fprintf(w, "  %-18s %s\n", n, demos[n].summary)
				}
				return nil
			}
			d, ok := demos[args[0]]
			if !ok {
				return fmt.Errorf("unknown demo %q (known: %s)", args[0], strings.Join(demoNames(), ", "))
			}
			fmt.Fprintf(w, "== %s (seed %d) ==\n%s\n", d.name, seed, d.summary)
			return d.run(&demoCtx{w: w, seed: seed})
		},
	}
	cmd.Flags().Uint64Var(&seed, "seed", 1, "the simulator's seed: the same seed prints the same story")
	return cmd
}

// demoCtx is what a scenario writes to and builds with.
type demoCtx struct {
	w    io.Writer
	seed uint64
}

// say prints a paragraph.
func (d *demoCtx) say(format string, args ...any) {
	fmt.Fprintf(d.w, "\n"+format+"\n", args...)
}

// cluster creates a recording simulator with the demo's seed.
func (d *demoCtx) cluster(p sim.Preset, regions ...string) (*sim.Cluster, error) {
	cfg := sim.Config{Seed: d.seed, Preset: p}
	if len(regions) > 0 {
		cfg.Regions = regions
	}
	return sim.New(cfg)
}

// narrate prints the ops of h from op index from on, one line each, in
// the order they completed, at the (virtual) time they completed.
func (d *demoCtx) narrate(h history.History, from int) {
	ops := append([]history.Op(nil), h.Ops[min(from, len(h.Ops)):]...)
	sort.SliceStable(ops, func(i, j int) bool { return ops[i].Return < ops[j].Return })
	for _, op := range ops {
		fmt.Fprintf(d.w, "  %10s  client %d %-9s %s\n", vt(op.Return), op.Client, op.Region, opStory(op))
	}
}

// findings prints the anomalies of the given kinds the checker found.
func (d *demoCtx) findings(rep checker.Report, kinds ...checker.AnomalyKind) int {
	n := 0
	for _, res := range rep.Results {
		for _, a := range res.Anomalies {
			for _, k := range kinds {
				if a.Kind == k {
					if n < 4 {
						fmt.Fprintf(d.w, "  checker: [%s] %s\n", a.Kind, a.Text)
					}
					n++
				}
			}
		}
	}
	if n > 4 {
		fmt.Fprintf(d.w, "  checker: ... %d findings in all\n", n)
	}
	if n == 0 {
		fmt.Fprintln(d.w, "  checker: no anomaly of this kind found")
	}
	return n
}

// vt formats a virtual time.
func vt(ns int64) string {
	return time.Duration(ns).Round(100 * time.Microsecond).String()
}

// opStory describes one op in plain words.
func opStory(op history.Op) string {
	var s string
	switch op.Func {
	case history.FuncGet:
		s = fmt.Sprintf("get %q → %s", op.Key, found(op.Output))
	case history.FuncPut:
		s = fmt.Sprintf("put %q = %s", op.Key, op.Input.Value)
	case history.FuncCAS:
		s = fmt.Sprintf("put-if-version %q = %s", op.Key, op.Input.Value)
	case history.FuncUpdate:
		s = fmt.Sprintf("update %q: read %s, wrote %s", op.Key, found(op.Output), op.Input.Value)
	case history.FuncDelete:
		s = fmt.Sprintf("delete %q", op.Key)
	default:
		s = fmt.Sprintf("%s %q", op.Func, op.Key)
	}
	switch op.Status {
	case history.StatusFail:
		s += "  (failed: " + op.Error + ")"
	case history.StatusUnknown:
		s += "  (outcome unknown)"
	}
	return s
}

func found(o history.Output) string {
	if !o.Found {
		return "not found"
	}
	return o.Value
}
