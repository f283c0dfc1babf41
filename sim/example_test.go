package sim_test

import (
	"context"
	"fmt"
	"time"

	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/sim"
)

// Five visitors in three regions each count 20 page views with a plain
// read-modify-write. The deterministic scheduler interleaves their Get and
// Put exactly where a real store would, so views are lost — the same ones
// for the same seed, every time.
func ExampleCluster_Run() {
	c, err := sim.New(sim.Config{Seed: 1, NoRecording: true})
	if err != nil {
		panic(err)
	}
	regions := c.Regions()
	for i := range 5 {
		c.Go(regions[i%3], func(ctx context.Context, b kv.Backend) {
			views := kv.NewStore[int](b)
			for range 20 {
				if _, err := views.Update(ctx, "views", 0, func(n int) int { return n + 1 }); err != nil {
					panic(err)
				}
			}
		})
	}
	if err := c.Run(); err != nil {
		panic(err)
	}
	n, _, _ := kv.NewStore[int](c.Region("us-east")).Get(context.Background(), "views")
	fmt.Println(n < 100)
	// Output: true
}

// A free-running edge-cache cluster: a region that has cached a key keeps
// serving the old value until its cache expires.
func ExampleCluster_Region() {
	c, err := sim.New(sim.Config{Preset: sim.EdgeCache()})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	us := kv.NewStore[string](c.Region("us-east"))
	eu := kv.NewStore[string](c.Region("eu-west"))
	_ = us.Put(ctx, "motd", "hello")
	v, _, _ := eu.Get(ctx, "motd")
	fmt.Println(v)
	_ = us.Put(ctx, "motd", "bonjour")
	v, _, _ = eu.Get(ctx, "motd")
	fmt.Println(v)
	_ = c.Advance(time.Minute)
	v, _, _ = eu.Get(ctx, "motd")
	fmt.Println(v)
	// Output:
	// hello
	// hello
	// bonjour
}
