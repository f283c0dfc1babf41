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

// demo is a teaching scenario on the simulator: one pitfall, run twice on
// the same seed — the broken code and its fix — and the lesson.
type demo struct {
	name, summary string
	// story sets the scene; why explains the broken run.
	story, why string
	broken     variant
	fixed      variant
	// lesson is the one-line moral printed last.
	lesson string
}

// variant is one of a demo's two runs.
type variant struct {
	label string
	run   func(d *demoCtx) (demoRun, error)
}

// demoRun is what one run of a variant shows.
type demoRun struct {
	h history.History
	// struck reports whether the pitfall happened in this run; says is the
	// outcome in one line.
	struck bool
	says   string
	// names labels client ids in the narration (default "client N").
	names map[int]string
	// kinds are the checker findings that show the pitfall; marked are
	// further ops where it shows (found by the demo, not the checker).
	kinds  []checker.AnomalyKind
	marked []int
	// extra is printed after the findings (a table, a curve).
	extra string
	// rep is filled in by the runner.
	rep checker.Report
}

var demos = map[string]demo{}

func addDemo(d demo) { demos[d.name] = d }

func demoNames() []string { return slices.Sorted(maps.Keys(demos)) }

func newDemoCmd() *cobra.Command {
	var seed uint64
	var out, svg string
	cmd := &cobra.Command{
		Use:   "demo [NAME]",
		Short: "Run a teaching scenario on the simulator, or list them",
		Long: `demo runs a pitfall on the deterministic simulator twice, on the same seed:
the broken code, then its fix, and prints both runs (what each client did,
what the checker found) and the lesson. Without NAME it lists the
scenarios. The same --seed always prints the same output; another seed
changes the schedule. --out DIR also writes DIR/NAME.html, the two runs'
timelines side by side with the anomaly marked; --svg FILE writes the
picture docs/pitfalls.md embeds.`,
		Example: `  kvchaos demo
  kvchaos demo lost-update
  kvchaos demo signup-race --out demo-pages
  kvchaos demo stale-read --seed 42`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			w := cmd.OutOrStdout()
			if len(args) == 0 {
				listDemos(w)
				return nil
			}
			d, ok := demos[args[0]]
			if !ok {
				return fmt.Errorf("unknown demo %q (known: %s)", args[0], strings.Join(demoNames(), ", "))
			}
			runs, err := runDemo(w, d, seed)
			if err != nil {
				return err
			}
			if out != "" {
				path, err := writeDemoPage(out, d, seed, runs)
				if err != nil {
					return err
				}
				fmt.Fprintf(w, "\nwrote %s\n", path)
			}
			if svg != "" {
				if err := writeDemoSVGFile(svg, d, runs); err != nil {
					return err
				}
				fmt.Fprintf(w, "\nwrote %s\n", svg)
			}
			return nil
		},
	}
	cmd.Flags().Uint64Var(&seed, "seed", 1, "the simulator's seed: the same seed prints the same story")
	cmd.Flags().StringVar(&out, "out", "", "also write DIR/NAME.html: both runs' timelines side by side, the anomaly marked")
	cmd.Flags().StringVar(&svg, "svg", "", "also write both runs' timelines as one SVG picture to FILE")
	return cmd
}

// listDemos prints the demo list.
func listDemos(w io.Writer) {
	fmt.Fprintln(w, "demos (run one with: kvchaos demo NAME; each runs the pitfall and its fix):")
	for _, n := range demoNames() {
		fmt.Fprintf(w, "  %-18s %s\n", n, demos[n].summary)
	}
}

// runDemo runs both variants of d on seed and tells the story to w.
func runDemo(w io.Writer, d demo, seed uint64) ([2]demoRun, error) {
	var runs [2]demoRun
	dc := &demoCtx{w: w, seed: seed}
	fmt.Fprintf(w, "== %s (seed %d) ==\n%s\n", d.name, seed, d.summary)
	dc.say("%s", d.story)
	for i, v := range []variant{d.broken, d.fixed} {
		r, err := v.run(dc)
		if err != nil {
			return runs, fmt.Errorf("demo %s, %s: %w", d.name, v.label, err)
		}
		r.rep = checker.Check(r.h, checker.Options{})
		heading := [2]string{"BROKEN", "FIXED"}[i]
		fmt.Fprintf(w, "\n--- %s: %s ---\n", heading, v.label)
		dc.narrate(r.h, r.names)
		fmt.Fprintf(w, "  outcome: %s\n", r.says)
		if len(r.kinds) > 0 {
			dc.findings(r.rep, r.names, r.kinds...)
		}
		if r.extra != "" {
			fmt.Fprint(w, r.extra)
		}
		runs[i] = r
	}
	if d.why != "" {
		dc.say("%s", d.why)
	}
	fmt.Fprintf(w, "\nlesson: %s\n", d.lesson)
	return runs, nil
}

// marked returns the ops the picture outlines: the demo's own and those
// the checker's findings of the demo's kinds name.
func (r demoRun) markedOps() map[int]bool {
	m := map[int]bool{}
	for _, id := range r.marked {
		m[id] = true
	}
	for _, a := range r.anomalies() {
		for _, id := range a.Ops {
			m[id] = true
		}
	}
	return m
}

// anomalies returns the checker's findings of the run's kinds.
func (r demoRun) anomalies() []checker.Anomaly {
	var out []checker.Anomaly
	for _, res := range r.rep.Results {
		for _, a := range res.Anomalies {
			if slices.Contains(r.kinds, a.Kind) {
				out = append(out, a)
			}
		}
	}
	return out
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

// narrate prints the ops of h, one line each, in the order they completed,
// at the (virtual) time they completed.
func (d *demoCtx) narrate(h history.History, names map[int]string) {
	ops := slices.Clone(h.Ops)
	sort.SliceStable(ops, func(i, j int) bool { return ops[i].Return < ops[j].Return })
	for _, op := range ops {
		fmt.Fprintf(d.w, "  %10s  %-9s %-9s %s\n", vt(op.Return), clientLabel(names, op.Client), op.Region, opStory(op))
	}
}

// clientLabel names client id c.
func clientLabel(names map[int]string, c int) string {
	if n, ok := names[c]; ok {
		return n
	}
	return fmt.Sprintf("client %d", c)
}

// findings prints the anomalies of the given kinds the checker found.
func (d *demoCtx) findings(rep checker.Report, names map[int]string, kinds ...checker.AnomalyKind) int {
	n := 0
	for _, res := range rep.Results {
		for _, a := range res.Anomalies {
			if !slices.Contains(kinds, a.Kind) {
				continue
			}
			if n < 4 {
				fmt.Fprintf(d.w, "  checker: [%s] %s\n", a.Kind, nameClients(a.Text, names))
			}
			n++
		}
	}
	if n > 4 {
		fmt.Fprintf(d.w, "  checker: ... %d findings in all\n", n)
	}
	if n == 0 {
		fmt.Fprintf(d.w, "  checker: no %s found\n", kindList(kinds))
	}
	return n
}

// kindList joins anomaly kinds for a sentence.
func kindList(kinds []checker.AnomalyKind) string {
	s := make([]string, len(kinds))
	for i, k := range kinds {
		s[i] = string(k)
	}
	return strings.Join(s, " or ")
}

// nameClients replaces "client N" in a checker text with the demo's name
// for client N.
func nameClients(text string, names map[int]string) string {
	for id, n := range names {
		text = strings.ReplaceAll(text, fmt.Sprintf("client %d)", id), n+")")
		text = strings.ReplaceAll(text, fmt.Sprintf("client %d ", id), n+" ")
	}
	return text
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
		switch {
		case op.Output.Conflict && op.Input.Expected == "":
			s += "  (conflict: the key exists)"
		case op.Output.Conflict:
			s += "  (conflict: the version changed)"
		}
	case history.FuncUpdate:
		s = fmt.Sprintf("update %q: read %s, wrote %s", op.Key, found(op.Output), op.Input.Value)
	case history.FuncDelete:
		s = fmt.Sprintf("delete %q", op.Key)
	case history.FuncList:
		s = fmt.Sprintf("list %q → [%s]", op.Input.Prefix, strings.Join(op.Output.Keys, " "))
	default:
		s = fmt.Sprintf("%s %q", op.Func, op.Key)
	}
	switch {
	case op.Outcome == history.OutcomeFail && op.Output.Conflict:
	case op.Outcome == history.OutcomeFail:
		s += "  (failed: " + op.Error + ")"
	case op.Outcome == history.OutcomeUnknown:
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
