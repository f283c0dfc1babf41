package main

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kvchaos/kvchaos/internal/swarm"
)

type swarmFlags struct {
	opts     swarm.Options
	shard    string
	json     bool
	progress time.Duration
	regress  string
	goTest   string
	goRun    string
	presets  string
	wls      string
}

func newSwarmCmd() *cobra.Command {
	var f swarmFlags
	cmd := &cobra.Command{
		Use:   "swarm --runs N | --duration D --out DIR",
		Short: "Run many seeds, each a randomly drawn simulator configuration, on every core",
		Long: `swarm runs many simulated runs in parallel. Run k uses seed k, and the seed
draws the whole configuration: the preset (linearizable, edgecache,
replicated, quorum), 1 to 5 regions, the latency distributions, whether and
how often a nemesis injects faults, the workload, clients, keys and ops.
Each run is what 'kvchaos run' does on sim://: record the history, quiesce,
read every region, check.

A run is held to its preset's promise (linearizable for the linearizable
preset, eventual for the others). It fails when:
  client-lost-update        the client's non-atomic read-modify-write
                            (Store.Update) lost acknowledged updates — on
                            any preset;
  store-lost-write          acknowledged atomic updates were lost by the
                            store;
  broken-promise:KIND       the store broke its promise (e.g.
                            not-linearizable on the linearizable preset,
                            non-convergence on any);
  nondeterministic          --check-determinism ran it twice and the bytes
                            differed.
Anomalies outside the promise (a stale read on an eventual preset) are
counted as expected findings, not failures. A run whose deciding check
could not finish is unknown, never a pass.

--presets and --workloads narrow the draw (a gate that must stay green:
the linearizable preset with the atomic workloads). The same seed then
draws another run; tokens replay whatever the draw was.

Each failed or unknown run gets a directory DIR/failures/seed-K (or
DIR/unknown/seed-K) with history.jsonl, report.html, run.json and replay, a
one-line token that 'kvchaos replay' turns back into the same run, byte for
byte. DIR/summary.json and DIR/report.html sum the swarm up.

--go-test PKG --run TEST runs the swarm on your own property instead of the
workloads: the test calls kvtest.Swarm(t, prop), and the command runs it
with go test, every seed drawing the cluster prop gets. Its failures are of
kind property, with the same directories and replay tokens.

--shard i/n runs only the seeds k with k mod n = i-1, so n machines (a CI
matrix, a Kubernetes Indexed Job) share the seeds with no coordinator;
'kvchaos swarm merge' combines their directories. See docs/swarm.md.

Exit codes: 0 every run passed, 1 a run failed, 2 no failure but some runs
unknown (or a usage error).`,
		Example: `  kvchaos swarm --runs 1000 --out swarm
  kvchaos swarm --duration 2m --json --out swarm
  kvchaos swarm --runs 10000 --shard 3/8 --out shard-3
  kvchaos swarm --runs 500 --presets linearizable --workloads register,counter-atomic,set,list,mixed --out gate
  kvchaos swarm merge --out all shard-1 shard-2 shard-3
  kvchaos swarm --go-test ./cart --run TestCartSwarm --runs 5000 --out cart-swarm
  kvchaos replay "$(cat swarm/failures/seed-17/replay)" --out seed-17`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runSwarm(cmd, f) },
	}
	fl := cmd.Flags()
	fl.IntVar(&f.opts.Runs, "runs", 0, "number of runs: run k uses seed k, 1 <= k <= N")
	fl.DurationVar(&f.opts.Duration, "duration", 0, "run until this much wall-clock time has passed (runs under way finish)")
	fl.StringVar(&f.shard, "shard", "", "run only shard i of n (i/n): the seeds k with k mod n = i-1")
	fl.IntVar(&f.opts.Workers, "workers", 0, "runs at once (default GOMAXPROCS, every core)")
	fl.StringVar(&f.opts.Out, "out", "", "swarm directory (required)")
	fl.BoolVar(&f.json, "json", false, `print {"runs", "ops", "failures", "by_kind", ...} as JSON`)
	fl.BoolVar(&f.opts.CheckDeterminism, "check-determinism", false, "run every tenth run twice and fail it on any byte difference")
	fl.DurationVar(&f.opts.Check.Timeout, "timeout", 10*time.Second, "each run's linearizability search timeout (an exhausted search is unknown)")
	fl.DurationVar(&f.progress, "progress-every", 0, "how often to print the live summary to stderr (default 250ms on a terminal, 5s otherwise)")
	fl.StringVar(&f.regress, "regressions", "", "also write each failure as a testdata entry DIR/seed-K.replay that swarm.Regressions checks from a Go test")
	fl.StringVar(&f.presets, "presets", "", "draw only these presets (comma-separated; default all)")
	fl.StringVar(&f.wls, "workloads", "", "draw only these workloads (comma-separated; default all)")
	fl.StringVar(&f.goTest, "go-test", "", "run the swarm on your own property instead: the package (e.g. ./cart) of the test that calls kvtest.Swarm")
	fl.StringVar(&f.goRun, "run", "", "with --go-test: the name of the test that calls kvtest.Swarm")
	_ = cmd.MarkFlagRequired("out")
	cmd.AddCommand(newSwarmMergeCmd())
	return cmd
}

func runSwarm(cmd *cobra.Command, f swarmFlags) error {
	if f.shard != "" {
		sh, err := swarm.ParseShard(f.shard)
		if err != nil {
			return err
		}
		f.opts.Shard = sh
	}
	if f.progress < 0 {
		return fmt.Errorf("--progress-every: must not be negative, got %s", f.progress)
	}
	sp, err := swarm.ParseSpace(f.presets, f.wls)
	if err != nil {
		return err
	}
	f.opts.Space = sp
	f.opts.Version = buildVersion()
	s, err := swarm.New(f.opts)
	if err != nil {
		return err
	}
	var sum swarm.Summary
	if f.goTest != "" {
		sum, err = runGoSwarm(cmd.Context(), cmd.ErrOrStderr(), f)
	} else {
		prog := startTicker(cmd.ErrOrStderr(), f.progress, func(wall time.Duration) string { return swarmLine(s.Progress(), wall) })
		sum, err = s.Run(cmd.Context())
		prog.stop()
	}
	if err != nil {
		return err
	}
	if cmd.Context().Err() != nil {
		fmt.Fprintln(cmd.ErrOrStderr(), "interrupted: the summary covers the runs that finished")
	}
	if f.regress != "" {
		if err := swarm.WriteRegressions(f.regress, sum.Cases); err != nil {
			return fmt.Errorf("--regressions: %w", err)
		}
	}
	return printSwarm(cmd.OutOrStdout(), f.json, f.opts.Out, &sum)
}

// swarmLine is the live summary: runs, ops and failures by kind.
func swarmLine(p swarm.Progress, wall time.Duration) string {
	rate := 0.0
	if wall > 0 {
		rate = float64(p.Ops) / wall.Seconds()
	}
	var kinds []string
	for _, k := range slices.Sorted(maps.Keys(p.ByKind)) {
		kinds = append(kinds, fmt.Sprintf("%s %d", k, p.ByKind[k]))
	}
	s := fmt.Sprintf("%d runs  %d ops  %.0f ops/s  %d failed  %d unknown  %s elapsed", p.Runs, p.Ops, rate, p.Failures, p.Unknown, wall.Round(100*time.Millisecond))
	if len(kinds) > 0 {
		s += "  (" + strings.Join(kinds, ", ") + ")"
	}
	return s
}

// swarmJSON is what --json prints.
type swarmJSON struct {
	Runs     int            `json:"runs"`
	Ops      int64          `json:"ops"`
	Failures int            `json:"failures"`
	ByKind   map[string]int `json:"by_kind"`
	Passed   int            `json:"passed"`
	Unknown  int            `json:"unknown"`
	Expected map[string]int `json:"expected"`
	// OpsPerSecond and WallSeconds are wall-clock figures.
	OpsPerSecond float64                        `json:"ops_per_second"`
	WallSeconds  float64                        `json:"wall_seconds"`
	Workers      int                            `json:"workers"`
	ByPreset     map[string]*swarm.PresetCounts `json:"by_preset"`
	Seeds        []swarm.SeedRange              `json:"seeds"`
	Dir          string                         `json:"dir"`
}

// printSwarm prints a swarm's summary and returns the exit code's error:
// errAnomalies when a run failed, an error when some were unknown.
func printSwarm(w io.Writer, asJSON bool, dir string, s *swarm.Summary) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(swarmJSON{Runs: s.Runs, Ops: s.Ops, Failures: s.Failures, ByKind: s.ByKind, Passed: s.Passed,
			Unknown: s.Unknown, Expected: s.Expected, OpsPerSecond: s.OpsPerSecond(), WallSeconds: s.Timing.Wall.Seconds(),
			Workers: s.Timing.Workers, ByPreset: s.ByPreset, Seeds: s.Seeds, Dir: dir}); err != nil {
			return err
		}
	} else {
		fmt.Fprint(w, s.Text())
		fmt.Fprintf(w, "\nsummary: %s/%s\nreport:  %s/%s\n", dir, swarm.SummaryFile, dir, swarm.ReportFile)
	}
	switch {
	case s.Failures > 0:
		return errAnomalies
	case s.Unknown > 0:
		return fmt.Errorf("%d of %d runs have an unknown verdict (see %s/unknown)", s.Unknown, s.Runs, dir)
	case s.Runs == 0:
		return fmt.Errorf("no run finished")
	}
	return nil
}

func newSwarmMergeCmd() *cobra.Command {
	var out string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "merge --out DIR DIR...",
		Short: "Combine the directories of swarm shards into one summary and report",
		Long: `merge reads the summary.json of each swarm directory (the shards of one
swarm, run on any machines), checks that one kvchaos version made them and
that no seed was run twice, and writes one summary.json and report.html to
--out, with every failed run's directory copied under it. The n shards of
the same --runs N merge into exactly the summary one unsharded swarm of N
runs gives (wall-clock timing aside).`,
		Example: `  kvchaos swarm merge --out all shard-1 shard-2 shard-3`,
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, dirs []string) error {
			sum, err := swarm.Merge(out, dirs...)
			if err != nil {
				return err
			}
			return printSwarm(cmd.OutOrStdout(), asJSON, out, &sum)
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "directory of the merged summary (required)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the merged summary as JSON")
	_ = cmd.MarkFlagRequired("out")
	return cmd
}
