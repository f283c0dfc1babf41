package redis

import (
	"context"
	"testing"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/internal/adaptertest"
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
	adaptertest.BenchRegisterWorkload(b, func(b *testing.B) *backends.Store {
		st, err := backends.Open(context.Background(), shared.Get(b).URL()+"/0")
		if err != nil {
			b.Fatal(err)
		}
		return st
	}, "unrecorded", "recorded", "streamed")
}
