package redis

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/workload"
)

// BenchmarkRegisterWorkload runs the register workload of kvchaos run (4,
// 8 and 16 clients, 1000 keys) against the shared server: unrecorded, recorded
// in memory, and recorded with the lines streamed to a file through the
// buffer kvchaos run uses. The differences are the cost of recording and of
// streaming; ops/s is the figure scripts/bench-redis.sh compares with
// redis-benchmark. cpu-ns/op is the client's CPU time (user and system,
// this process only: the server is another process) per operation, the
// figure that decides the rate when client and server share a busy
// machine.
func BenchmarkRegisterWorkload(b *testing.B) {
	for _, clients := range []int{4, 8, 16} {
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
				start, cpu0 := time.Now(), cpuTime()
				if _, err := r.Run(context.Background(), st, rec); err != nil {
					b.Fatal(err)
				}
				// b.N steps, then every client reads every key once
				ops := float64(b.N + clients*1000)
				b.ReportMetric(ops/time.Since(start).Seconds(), "ops/s")
				b.ReportMetric(float64(cpuTime()-cpu0)/ops, "cpu-ns/op")
			})
		}
	}
}

// cpuTime returns the CPU time (user and system) this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
