package workload_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/kvchaos/kvchaos/backends"
	_ "github.com/kvchaos/kvchaos/backends/sim"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/cputime"
	"github.com/kvchaos/kvchaos/internal/streamfile"
	"github.com/kvchaos/kvchaos/sim"
	"github.com/kvchaos/kvchaos/workload"
)

// BenchmarkRunnerSim measures what `kvchaos run --store sim://?preset=P
// --workload register --keys 1000 --clients 4` does in its client phase:
// b.N steps of four interleaved clients on each preset, recorded into a
// buffered history file (a streamfile) as the CLI records it, reported as ops/s of wall
// clock (the CLI's ops / run_wall_ns) and per second of CPU time.
func BenchmarkRunnerSim(b *testing.B) {
	for _, preset := range sim.PresetNames() {
		b.Run(preset, func(b *testing.B) {
			ctx := context.Background()
			s, r := simRunner(b, preset)
			f, err := streamfile.Create(filepath.Join(b.TempDir(), "history.jsonl"))
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			rec := recorder(b, s, history.WithStream(f), history.WithBuffer(1<<20, time.Second))
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := cputime.Process()
			st, err := r.Run(ctx, s, rec)
			if err != nil {
				b.Fatal(err)
			}
			if err := rec.Close(); err != nil {
				b.Fatal(err)
			}
			cpu := cputime.Process() - cpu0
			b.ReportMetric(float64(st.Steps)/b.Elapsed().Seconds(), "ops/s")
			b.ReportMetric(float64(st.Steps)/cpu.Seconds(), "ops/cpu-s")
		})
	}
}

// BenchmarkRunnerSimUnrecorded is BenchmarkRunnerSim without the recorder
// (Runner.Run with a nil one): the simulator, the workload's client loop
// and the key prefix alone, in CPU ns per step.
func BenchmarkRunnerSimUnrecorded(b *testing.B) {
	for _, preset := range sim.PresetNames() {
		b.Run(preset, func(b *testing.B) {
			ctx := context.Background()
			s, r := simRunner(b, preset)
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := cputime.Process()
			if _, err := r.Run(ctx, s, nil); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(cputime.Process()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// simRunner opens preset's sim:// store (seed 1) and a register runner of
// b.N steps by four clients on 1000 keys, the CLI run's shape.
func simRunner(b *testing.B, preset string) (*backends.Store, *workload.Runner) {
	s, err := backends.Open(context.Background(), "sim://?seed=1&preset="+preset)
	if err != nil {
		b.Fatal(err)
	}
	r, err := workload.NewRunner(workload.Options{Workload: "register", Clients: 4, Keys: 1000, Ops: b.N, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	return s, r
}
