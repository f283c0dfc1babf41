package postgres

import (
	"context"
	"fmt"
	"testing"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/internal/adaptertest"
)

// BenchmarkRegisterWorkload runs the register workload of kvchaos run (4,
// 8 and 16 clients, 1000 keys) on a fresh table of the shared server,
// unrecorded and recorded with the lines streamed to a file as kvchaos run
// does. ops/s is the figure scripts/bench-postgres.sh compares with
// pgbench; cpu-ns/op is this process's CPU time (the server is another
// process) per operation, steps and final reads.
func BenchmarkRegisterWorkload(b *testing.B) {
	adaptertest.BenchRegisterWorkload(b, func(b *testing.B) *backends.Store {
		url := fmt.Sprintf("%s&table=b%d&prefix=", shared.Get(b).URL(), shared.Next())
		st, err := backends.Open(context.Background(), url)
		if err != nil {
			b.Fatal(err)
		}
		return st
	}, "unrecorded", "streamed")
}
