package sim_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/cputime"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/sim"
)

// putGet does n Put+Get pairs on b.
func putGet(b *testing.B, be kv.Backend, n int) {
	ctx := context.Background()
	val := []byte("value")
	for range n {
		if err := be.Put(ctx, "key", val, kv.PutOptions{}); err != nil {
			b.Fatal(err)
		}
		if _, err := be.Get(ctx, "key"); err != nil {
			b.Fatal(err)
		}
	}
}

// benchSim measures one Put+Get pair per iteration by a deterministic
// client: two operations, each with a scheduling point and simulated
// latency events.
func benchSim(b *testing.B, cfg sim.Config) {
	c, err := sim.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	c.Go("eu-west", func(_ context.Context, be kv.Backend) { putGet(b, be, b.N) })
	b.ReportAllocs()
	b.ResetTimer()
	if err := c.Run(); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkPutGet(b *testing.B) {
	b.Run("memory", func(b *testing.B) {
		m := kv.NewMemory()
		b.ReportAllocs()
		putGet(b, m, b.N)
	})
	b.Run("sim-linearizable-norecord", func(b *testing.B) {
		benchSim(b, sim.Config{NoRecording: true})
	})
	b.Run("sim-linearizable-uniform-norecord", func(b *testing.B) {
		benchSim(b, sim.Config{NoRecording: true, Latency: sim.Uniform(20*time.Millisecond, 60*time.Millisecond)})
	})
	b.Run("sim-linearizable-record", func(b *testing.B) {
		benchSim(b, sim.Config{})
	})
	b.Run("sim-replicated-norecord", func(b *testing.B) {
		benchSim(b, sim.Config{Preset: sim.Replicated(), NoRecording: true})
	})
	b.Run("sim-free-linearizable-norecord", func(b *testing.B) {
		c, err := sim.New(sim.Config{NoRecording: true})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		putGet(b, c.Region("eu-west"), b.N)
	})
}

// BenchmarkInterleaved measures Put+Get pairs of four clients that the
// scheduler interleaves, with goroutine handoffs between them.
func BenchmarkInterleaved(b *testing.B) {
	c, err := sim.New(sim.Config{NoRecording: true})
	if err != nil {
		b.Fatal(err)
	}
	for range 4 {
		c.Go("eu-west", func(_ context.Context, be kv.Backend) { putGet(b, be, b.N/4+1) })
	}
	b.ReportAllocs()
	b.ResetTimer()
	if err := c.Run(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkSimVsMemory alternates chunks of Put+Get pairs on kv.Memory and
// on a deterministic simulated client (linearizable preset, default
// log-normal latency, no recording) inside one loop, so both see the same
// machine load, and reports each one's ns per pair, the simulator's ops/s
// and the ratio.
func BenchmarkSimVsMemory(b *testing.B) {
	const chunk = 512
	c, err := sim.New(sim.Config{NoRecording: true})
	if err != nil {
		b.Fatal(err)
	}
	m := kv.NewMemory()
	var memT, simT time.Duration
	c.Go("eu-west", func(_ context.Context, be kv.Backend) {
		for done := 0; done < b.N; done += chunk {
			n := min(chunk, b.N-done)
			t0 := time.Now()
			putGet(b, m, n)
			t1 := time.Now()
			putGet(b, be, n)
			simT += time.Since(t1)
			memT += t1.Sub(t0)
		}
	})
	b.ResetTimer()
	if err := c.Run(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(simT)/float64(b.N), "sim-ns/pair")
	b.ReportMetric(float64(memT)/float64(b.N), "mem-ns/pair")
	b.ReportMetric(2*float64(b.N)/simT.Seconds(), "sim-ops/s")
	b.ReportMetric(float64(simT)/float64(memT), "sim/mem")
}

// BenchmarkSimVsMemoryRecorded is BenchmarkSimVsMemory with recording on,
// for every preset: chunks of Put+Get pairs alternate between kv.Memory,
// kv.Memory recorded (history.Record into a Recorder) and a deterministic
// simulated client recorded by the cluster, in one loop, so all three see
// the same machine load. sim/mem is a recorded simulated op against a bare
// Memory op; sim/mem-recorded against a Memory op recorded the same way.
// Each figure is the median over the chunks, not the sum: on a shared
// machine a chunk that the OS descheduled would otherwise weigh on the
// side it fell in.
func BenchmarkSimVsMemoryRecorded(b *testing.B) {
	for _, name := range sim.PresetNames() {
		b.Run(name, func(b *testing.B) {
			const chunk = 256
			p, err := sim.PresetByName(name)
			if err != nil {
				b.Fatal(err)
			}
			c, err := sim.New(sim.Config{Preset: p, Seed: 1})
			if err != nil {
				b.Fatal(err)
			}
			m := kv.NewMemory()
			mr := history.Record(kv.NewMemory(), history.NewRecorder(), 0, "eu-west")
			var memT, memRecT, simT []float64 // ns per op, one per full chunk
			c.Go("eu-west", func(_ context.Context, be kv.Backend) {
				for done := 0; done < b.N; done += chunk {
					n := min(chunk, b.N-done)
					t0 := time.Now()
					putGet(b, m, n)
					t1 := time.Now()
					putGet(b, mr, n)
					t2 := time.Now()
					putGet(b, be, n)
					t3 := time.Now()
					if n == chunk || done == 0 {
						per := float64(2 * n)
						memT = append(memT, float64(t1.Sub(t0))/per)
						memRecT = append(memRecT, float64(t2.Sub(t1))/per)
						simT = append(simT, float64(t3.Sub(t2))/per)
					}
				}
			})
			b.ReportAllocs()
			b.ResetTimer()
			if err := c.Run(); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			if got := len(c.History().Ops); got != 2*b.N {
				b.Fatalf("the cluster recorded %d ops, want %d", got, 2*b.N)
			}
			sm, mm, mrm := median(simT), median(memT), median(memRecT)
			b.ReportMetric(sm, "sim-ns/op")
			b.ReportMetric(mm, "mem-ns/op")
			b.ReportMetric(mrm, "memrec-ns/op")
			b.ReportMetric(sm/mm, "sim/mem")
			b.ReportMetric(sm/mrm, "sim/mem-recorded")
		})
	}
}

// median returns the median of xs (which it sorts).
func median(xs []float64) float64 {
	slices.Sort(xs)
	return xs[len(xs)/2]
}

// BenchmarkInterleavedOps measures four deterministic clients that the
// scheduler interleaves on the linearizable preset, recorded or not, as
// simulated ops per second of wall clock and per CPU second of the process
// (which a shared machine moves less): each switch between clients is a
// coroutine switch or a few (see scheduler).
func BenchmarkInterleavedOps(b *testing.B) {
	for _, rec := range []bool{false, true} {
		name := "norecord"
		if rec {
			name = "record"
		}
		b.Run(name, func(b *testing.B) {
			c, err := sim.New(sim.Config{NoRecording: !rec, Seed: 1})
			if err != nil {
				b.Fatal(err)
			}
			pairs := b.N/8 + 1 // four clients, two ops per pair
			for range 4 {
				c.Go("eu-west", func(_ context.Context, be kv.Backend) { putGet(b, be, pairs) })
			}
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := cputime.Process()
			if err := c.Run(); err != nil {
				b.Fatal(err)
			}
			cpu := cputime.Process() - cpu0
			b.ReportMetric(float64(8*pairs)/b.Elapsed().Seconds(), "ops/s")
			b.ReportMetric(float64(8*pairs)/cpu.Seconds(), "ops/cpu-s")
		})
	}
}
