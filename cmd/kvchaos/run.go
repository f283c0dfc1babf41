package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/cputime"
	"github.com/kvchaos/kvchaos/internal/jsonfile"
	"github.com/kvchaos/kvchaos/internal/redact"
	"github.com/kvchaos/kvchaos/internal/report"
	"github.com/kvchaos/kvchaos/workload"
)

type runFlags struct {
	store, out string
	nemesis    string
	faults     string
	opts       workload.Options
	check      checkFlags
	json       bool
	progress   time.Duration
}

func newRunCmd() *cobra.Command {
	var f runFlags
	cmd := &cobra.Command{
		Use:   "run --store URL [--workload W]",
		Short: "Run a workload against a store, record the history and check it",
		Long: `run starts --clients clients that run a workload against the store named by
--store, records every operation to DIR/history.jsonl as it happens, then
checks the history and writes DIR/run.json and DIR/report.html.

Workloads:
` + workloadList() + `

On sim:// the clients are spread over the simulated regions and the run is
deterministic: the same --seed gives the same history (--seed is the
simulator's seed unless the URL sets seed=). Every URL accepts prefix=; by
default keys live under a fresh per-run prefix.

--nemesis (sim:// only, the same as the URL's nemesis=) injects a random
fault schedule drawn from the seed while the clients run: partitions, an
isolated region, crash and restart, clock skew, message loss and extra
delay. The faults are recorded in the history and shaded in the report;
after the clients finish the store heals and goes quiet, and every region
is read for the convergence check.

--faults (redis://, etcd://, nats://, postgres:// only) puts a loopback
fault proxy in front of every server of the URL and injects network faults
while the clients run: added latency, a blackhole (bytes held until the
heal, so calls time out with unknown outcomes), connection resets and
refused connections. The kinds come from the seed, the timing from the wall
clock. Faults are recorded and shaded like the simulator's; everything is
healed before the final reads. See docs/faults.md.

Ctrl-C stops the clients after their current operation and still checks what
was recorded. A killed run leaves a history that 'kvchaos check' reads.

--expect is the guarantee the store is held to: the exit code follows it
(0 holds, 1 anomalies), and every other finding is still reported.`,
		Example: `  kvchaos run --store mem:// --workload counter-atomic
  kvchaos run --store 'sim://?preset=edgecache&regions=3' --workload register --seed 7 --out edge
  kvchaos run --store 'sim://?preset=quorum' --workload counter --clients 8 --ops 500
  kvchaos run --store 'sim://?preset=replicated' --workload register --nemesis --duration 5s --rate 100
  kvchaos run --store redis://127.0.0.1:6379/0 --workload register --duration 30s --rate 200 --expect linearizable
  kvchaos run --store 'etcd://127.0.0.1:2379' --workload register --faults=500ms --duration 10s
  kvchaos run --store 'sim://?preset=edgecache' --workload register --expect eventual --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !cmd.Flags().Changed("ops") && f.opts.Duration > 0 {
				f.opts.Ops = 0
			}
			return runRun(cmd, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.store, "store", "", "store URL (mem://, sim://?preset=..., redis://, ...) (required)")
	fl.StringVar(&f.opts.Workload, "workload", "register", "workload: "+strings.Join(workload.Names(), ", "))
	fl.IntVar(&f.opts.Clients, "clients", 4, "number of concurrent clients")
	fl.IntVar(&f.opts.Keys, "keys", 3, "number of keys the clients share")
	fl.IntVar(&f.opts.Ops, "ops", 200, "total operations over all clients (ignored when only --duration is given)")
	fl.DurationVar(&f.opts.Duration, "duration", 0, "run for this long (virtual time on sim://)")
	fl.Float64Var(&f.opts.Rate, "rate", 0, "target total operations per second (0 = as fast as possible)")
	fl.Int64Var(&f.opts.Seed, "seed", 1, "seed for the clients' choices and the simulator's schedule")
	fl.BoolVar(&f.opts.Force, "force", false, "write into a non-empty --out directory, and allow more clients, keys or ops than a run's bounds (the error past one names it)")
	fl.StringVar(&f.out, "out", "", "run directory (default kvchaos-run-<time>)")
	fl.BoolVar(&f.json, "json", false, "print the summary as JSON")
	fl.DurationVar(&f.progress, "progress-every", 0, "how often to print progress to stderr (default 250ms on a terminal, where the line is rewritten in place, 5s otherwise)")
	fl.StringVar(&f.nemesis, "nemesis", "", "sim:// only: inject random faults from the seed during the run (on, or an interval such as 1s; see docs/cli.md)")
	fl.Lookup("nemesis").NoOptDefVal = "on"
	fl.StringVar(&f.faults, "faults", "", "redis://, etcd://, nats://, postgres:// only: inject network faults through loopback proxies during the run (on, or an interval such as 2s; see docs/faults.md)")
	fl.Lookup("faults").NoOptDefVal = "on"
	f.check.register(cmd, false)
	_ = cmd.MarkFlagRequired("store")
	return cmd
}

func workloadList() string {
	var b strings.Builder
	for _, n := range workload.Names() {
		w, _ := workload.Lookup(n)
		fmt.Fprintf(&b, "  %-15s %s\n", n, w.Description)
	}
	return strings.TrimRight(b.String(), "\n")
}

// withSimSeed adds seed=N to a sim:// URL that has no seed.
func withSimSeed(raw string, seed int64) string {
	out, _ := withSimParam(raw, "seed", strconv.FormatInt(seed, 10))
	return out
}

func runRun(cmd *cobra.Command, f runFlags) error {
	ctx := cmd.Context()
	copts, err := f.check.options()
	if err != nil {
		return err
	}
	if f.progress < 0 {
		return fmt.Errorf("--progress-every: must not be negative, got %s", f.progress)
	}
	runner, err := workload.NewRunner(f.opts)
	if err != nil {
		return err
	}
	storeURL, err := withNemesis(withSimSeed(f.store, f.opts.Seed), f.nemesis)
	if err != nil {
		return err
	}
	store, err := openStore(ctx, storeURL, f.faults, f.opts.Seed)
	if err != nil {
		return err
	}
	if store.Close != nil {
		defer store.Close()
	}
	dir := f.out
	if dir == "" {
		dir = "kvchaos-run-" + time.Now().Format("20060102-150405")
	}
	if err := checkOutDir(dir, f.opts.Force); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	info := newRunInfo(f, backends.Redact(storeURL), store)
	hist, err := createHistoryFile(filepath.Join(dir, historyFile))
	if err != nil {
		return err
	}
	rec, err := workload.NewRecorder(store, hist.options(store.Scheduler != nil)...)
	if err != nil {
		return err
	}
	// Ctrl-C or SIGTERM: what is buffered goes to disk at once, before the
	// clients finish their current operations.
	stopFlush := context.AfterFunc(ctx, func() { _ = rec.Flush() })
	defer stopFlush()
	prog := startProgress(cmd.ErrOrStderr(), runner.Stats, f.progress)
	runStart, cpuStart := time.Now(), cputime.Process()
	stats, runErr := runner.Run(ctx, store, rec)
	prog.stop()
	if err := errors.Join(rec.Close(), hist.close()); err != nil {
		return fmt.Errorf("writing %s: %w", hist.path, err)
	}
	info.RunWall = time.Since(runStart)
	if cpu := cputime.Process(); cpu > 0 {
		info.RunCPU = cpu - cpuStart
	}
	if runErr != nil {
		return fmt.Errorf("run: %w", runErr)
	}
	checkStart := time.Now()
	info.finish(stats)
	recd := recordedOf(rec)
	rep, anns, tally := recd.check(copts)
	redactReport(&rep, func(s string) string { return redact.Text(s, storeURL) })
	info.judge(&rep)
	reportErr := writeReportData(filepath.Join(dir, reportFile), report.Data{Title: "kvchaos run: " + f.opts.Workload,
		Facts: info.facts(), Clock: info.clock(), History: history.History{Annotations: anns}, Ops: recd.ops, Tally: tally, Report: rep})
	info.CheckWall = time.Since(checkStart)
	if err := jsonfile.Write(filepath.Join(dir, runFile), info); err != nil {
		return err
	}
	if reportErr != nil {
		return reportErr
	}
	if stats.Interrupted {
		fmt.Fprintln(cmd.ErrOrStderr(), "interrupted: checked what was recorded")
	}
	return printSummary(cmd.OutOrStdout(), f.json, &info, dir, rep)
}
