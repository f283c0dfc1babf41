package redis

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/workload"
)

// BenchmarkRegisterWorkload runs the register workload of kvchaos run (4
// and 8 clients, 1000 keys) against the shared server: unrecorded, recorded
// in memory, and recorded with the lines streamed to a file through the
// buffer kvchaos run uses. The differences are the cost of recording and of
// streaming; ops/s is the figure scripts/bench-redis.sh compares with
// redis-benchmark.
func BenchmarkRegisterWorkload(b *testing.B) {
	for _, clients := range []int{4, 8} {
		for _, mode := range []string{"unrecorded", "recorded", "streamed"} {
			b.Run(fmt.Sprintf("clients=%d/%s", clients, mode), func(b *testing.B) {
				st, err := backends.Open(context.Background(), shared.Get(b).URL()+"/0")
				if err != nil {
					b.Fatal(err)
				}
				defer func() { _ = st.Close() }()
				r, err := workload.NewRunner(workload.Options{Workload: "register", Clients: clients, Keys: 1000, Ops: b.N, Seed: 1})
				if err != nil {
					b.Fatal(err)
				}
				var rec *history.Recorder
				switch mode {
				case "recorded":
					rec = workload.NewRecorder(st)
				case "streamed":
					f, err := os.Create(filepath.Join(b.TempDir(), "history.jsonl"))
					if err != nil {
						b.Fatal(err)
					}
					defer func() { _ = f.Close() }()
					rec = workload.NewRecorder(st, history.WithStream(f), history.WithBuffer(64<<10, 100*time.Millisecond))
					defer func() { _ = rec.Close() }()
				}
				b.ReportAllocs()
				b.ResetTimer()
				start := time.Now()
				if _, err := r.Run(context.Background(), st, rec); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "ops/s")
			})
		}
	}
}
