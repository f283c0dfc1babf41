package workload_test

import (
	"context"
	"testing"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/workload"
)

// BenchmarkRunnerMem measures the runner on mem:// with and without the
// recorder: b.N steps of 4 goroutine clients, reported as ops/s. The
// difference is the recording overhead.
func BenchmarkRunnerMem(b *testing.B) {
	for _, wl := range []string{"register", "counter-atomic"} {
		for _, recorded := range []bool{false, true} {
			name := wl + "/unrecorded"
			if recorded {
				name = wl + "/recorded"
			}
			b.Run(name, func(b *testing.B) {
				s, err := backends.Open(context.Background(), "mem://")
				if err != nil {
					b.Fatal(err)
				}
				r, err := workload.NewRunner(workload.Options{Workload: wl, Clients: 4, Keys: 3, Ops: b.N, Seed: 1})
				if err != nil {
					b.Fatal(err)
				}
				var rec *history.Recorder
				if recorded {
					rec = recorder(b, s)
				}
				b.ReportAllocs()
				b.ResetTimer()
				st, err := r.Run(context.Background(), s, rec)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(st.Steps)/b.Elapsed().Seconds(), "ops/s")
			})
		}
	}
}
