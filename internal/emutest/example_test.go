package emutest_test

import (
	"context"
	"fmt"

	"github.com/kvchaos/kvchaos/backends/fastly"
	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/internal/emutest"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/sim"
)

// Serve the Fastly dialect over the replicated preset: a write in us-east
// reaches eu-west only once replication runs (here, at Quiesce).
func ExampleNew() {
	srv, err := emutest.New(edge.Fastly, sim.Config{Seed: 1, Preset: sim.Replicated()}, "")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	in := func(region string) *kv.Store[string] {
		b, _ := fastly.New(fastly.Config{StoreID: "s", Endpoint: srv.URL, Region: region})
		return kv.NewStore[string](b)
	}
	ctx := context.Background()
	_ = in("us-east").Put(ctx, "greeting", "hello")
	_, before, _ := in("eu-west").Get(ctx, "greeting")
	_ = srv.Cluster.Quiesce()
	after, _, _ := in("eu-west").Get(ctx, "greeting")
	fmt.Println(before, after)
	// Output: false hello
}
