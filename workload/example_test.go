package workload_test

import (
	"context"
	"fmt"

	"github.com/kvchaos/kvchaos/backends"
	_ "github.com/kvchaos/kvchaos/backends/sim" // registers sim://
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/workload"
)

// The visit counter on the simulator: 4 clients make 40 visits to one
// counter, first through Store.Update (a get then a put), then through
// UpdateAtomic (compare-and-set). The simulator interleaves the clients
// between each get and its put, so Update loses visits; UpdateAtomic keeps
// all 40. Same seed, same schedule: the run, and so this output, is
// deterministic.
func ExampleRunner_Run() {
	ctx := context.Background()
	for _, name := range []string{"counter", "counter-atomic"} {
		s, err := backends.Open(ctx, "sim://?preset=linearizable&seed=1")
		if err != nil {
			fmt.Println(err)
			return
		}
		r, err := workload.NewRunner(workload.Options{Workload: name, Clients: 4, Keys: 1, Ops: 40, Seed: 1})
		if err != nil {
			fmt.Println(err)
			return
		}
		rec, err := workload.NewRecorder(s)
		if err != nil {
			fmt.Println(err)
			return
		}
		st, err := r.Run(ctx, s, rec)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-14s steps=%d errors=%d final count=%s\n", name, st.Steps, st.Errors, lastRead(rec.History(), "k0"))
	}
	// Output:
	// counter        steps=40 errors=0 final count=23
	// counter-atomic steps=40 errors=0 final count=40
}

// lastRead returns the value the last successful get of key saw: the
// counter's final value, read after the run by the workload's final reads.
func lastRead(h history.History, key string) string {
	v := "(not read)"
	for _, op := range h.Ops {
		if op.Func == history.FuncGet && op.Key == key && op.Outcome == history.OutcomeOK {
			v = op.Output.Value
		}
	}
	return v
}
