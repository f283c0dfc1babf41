package fastly_test

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/kvchaos/kvchaos/backends/fastly"
	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/internal/emutest"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/sim"
)

// A visit counter on a Fastly KV store that counts every visit however
// many writers collide: UpdateAtomic writes with if-generation-match and
// retries on a conflict. Here the store is the project's emulator on a
// loopback port; against the real service leave Endpoint empty and take
// Token from the environment (os.Getenv(fastly.TokenEnv)), or open
// "fastly://STORE_ID" with backends.Open, which reads FASTLY_API_TOKEN.
func ExampleNew() {
	const apiToken = "example-token"
	srv, err := emutest.New(edge.Fastly, sim.Config{Seed: 1, Preset: sim.Linearizable()}, apiToken)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()

	b, err := fastly.New(fastly.Config{StoreID: "STORE_ID", Token: apiToken, Endpoint: srv.URL})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	visits := kv.NewStore[int](b)

	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 5 {
				if _, err := visits.UpdateAtomic(ctx, "visits", 0, func(n int) int { return n + 1 }); err != nil {
					fmt.Println(err)
				}
			}
		})
	}
	wg.Wait()
	n, found, err := visits.Get(ctx, "visits")
	fmt.Println("visits:", n, found, err)

	// The same compare-and-set by hand: a write against an old generation
	// is refused with kv.ErrConflict.
	_, gen, _, err := visits.GetVersioned(ctx, "visits")
	if err != nil {
		fmt.Println(err)
		return
	}
	newGen, err := visits.PutIf(ctx, "visits", 100, gen)
	fmt.Println("PutIf current generation:", err, "new generation differs:", newGen != gen)
	_, err = visits.PutIf(ctx, "visits", 0, gen)
	fmt.Println("PutIf old generation conflicts:", errors.Is(err, kv.ErrConflict))
	n, _, _ = visits.Get(ctx, "visits")
	fmt.Println("visits:", n)
	// Output:
	// visits: 20 true <nil>
	// PutIf current generation: <nil> new generation differs: true
	// PutIf old generation conflicts: true
	// visits: 100
}
