package adaptertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/cputime"
	"github.com/kvchaos/kvchaos/workload"
)

// BenchRegisterWorkload runs the register workload of kvchaos run (4, 8 and
// 16 clients, 1000 keys) on the store open returns, once per mode:
// "unrecorded", "recorded" (in memory) and "streamed" (the lines written to
// a file through the buffer kvchaos run uses). ops/s counts the steps and
// the final read of every key by every client, as the bench scripts do;
// cpu-ns/op is this process's CPU time (the server is another process) per
// operation.
func BenchRegisterWorkload(b *testing.B, open func(b *testing.B) *backends.Store, modes ...string) {
	for _, clients := range []int{4, 8, 16} {
		for _, mode := range modes {
			b.Run(fmt.Sprintf("clients=%d/%s", clients, mode), func(b *testing.B) {
				st := open(b)
				defer func() { _ = st.Close() }()
				r, err := workload.NewRunner(workload.Options{Workload: "register", Clients: clients, Keys: 1000, Ops: b.N, Seed: 1})
				if err != nil {
					b.Fatal(err)
				}
				var rec *history.Recorder
				switch mode {
				case "recorded":
					if rec, err = workload.NewRecorder(st); err != nil {
						b.Fatal(err)
					}
				case "streamed":
					f, err := os.Create(filepath.Join(b.TempDir(), "history.jsonl"))
					if err != nil {
						b.Fatal(err)
					}
					defer func() { _ = f.Close() }()
					if rec, err = workload.NewRecorder(st, history.WithStream(f), history.WithBuffer(64<<10, 100*time.Millisecond)); err != nil {
						b.Fatal(err)
					}
					defer func() { _ = rec.Close() }()
				}
				b.ReportAllocs()
				b.ResetTimer()
				start, cpu0 := time.Now(), cputime.Process()
				if _, err := r.Run(context.Background(), st, rec); err != nil {
					b.Fatal(err)
				}
				ops := float64(b.N + clients*1000)
				b.ReportMetric(ops/time.Since(start).Seconds(), "ops/s")
				b.ReportMetric(float64(cputime.Process()-cpu0)/ops, "cpu-ns/op")
			})
		}
	}
}
