package sim_test

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/kvchaos/kvchaos/history"
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

// Record each visit as one update op in your own recorder, on the virtual
// clock, and let the simulator add only its fault annotations: the get and
// put inside each Update are not recorded a second time.
func ExampleCluster_RecordInto() {
	c, err := sim.New(sim.Config{Seed: 1, Preset: sim.Replicated()})
	if err != nil {
		panic(err)
	}
	rec := history.NewRecorder(history.WithClock(c.Clock))
	if err := c.RecordInto(rec, sim.RecordFaults); err != nil {
		panic(err)
	}
	_ = c.At(0, sim.Isolate("ap-south"))
	_ = c.At(time.Second, sim.Heal())
	c.Go("eu-west", func(ctx context.Context, b kv.Backend) {
		visits := kv.NewStore[int](b)
		for range 3 {
			call := rec.Begin(0, "eu-west", history.FuncUpdate, "visits", history.Input{})
			n, err := visits.Update(ctx, "visits", 0, func(n int) int { return n + 1 })
			call.EndWithInput(history.Input{Value: strconv.Itoa(n)}, history.Output{}, history.OutcomeOf(history.FuncUpdate, err), err)
		}
	})
	if err := c.Run(); err != nil {
		panic(err)
	}
	_ = c.Quiesce()
	h := rec.History()
	fmt.Println(len(h.Ops), h.Ops[2].Func, h.Ops[2].Input.Value)
	fmt.Println(h.Annotations[0].Text)
	// Output:
	// 3 update 3
	// isolate ap-south
}

// An open-ended nemesis: faults drawn from the seed one after another
// while the clients run, stopped by Quiesce. The client sleeps until 1 s,
// so Run returns, and Quiesce stops the nemesis, before a fourth fault.
func ExampleCluster_Nemesis() {
	c, err := sim.New(sim.Config{Seed: 4, Preset: sim.Replicated()})
	if err != nil {
		panic(err)
	}
	_, _ = c.Nemesis(sim.NemesisConfig{Gap: sim.Constant(100 * time.Millisecond), Length: sim.Constant(200 * time.Millisecond)})
	c.Go("us-east", func(ctx context.Context, b kv.Backend) {
		_ = b.(kv.Pacer).Sleep(ctx, time.Second)
	})
	if err := c.Run(); err != nil {
		panic(err)
	}
	_ = c.Quiesce()
	for _, a := range c.History().Annotations {
		if a.Kind == history.AnnotationFault {
			fmt.Printf("%v–%v %s\n", time.Duration(a.Start), time.Duration(a.End), a.Text)
		}
	}
	// Output:
	// 100ms–300ms delay +187ms
	// 400ms–600ms delay +357ms
	// 700ms–900ms loss 0.17
}
