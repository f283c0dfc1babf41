package kvtest_test

import (
	"context"
	"fmt"
	"strings"

	"pgregory.net/rapid"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/kvtest"
	"github.com/kvchaos/kvchaos/sim"
)

// Explore finds the lost update of a read-modify-write counter and
// shrinks it to two clients making one visit each. Clients are named A, B
// in the order of the Go calls (here B happens to run first), and the
// final read by "reader".
func ExampleExplore() {
	out := kvtest.Explore(sim.Config{}, func(s *kvtest.Sim) {
		perClient := rapid.SliceOfN(rapid.IntRange(1, 3), 1, 4).Draw(s.T, "visits per client")
		total := 0
		for _, visits := range perClient {
			total += visits
			s.Go(func(ctx context.Context, b kv.Backend) error {
				store := kv.NewStore[int](b)
				for range visits {
					if _, err := store.Update(ctx, "visits", 0, func(n int) int { return n + 1 }); err != nil {
						return err
					}
				}
				return nil
			})
		}
		s.Run()
		count, err := kv.NewStore[int](s.Region("")).GetOr(context.Background(), "visits", 0)
		if err != nil {
			s.T.Fatal(err)
		}
		if count != total {
			s.T.Fatalf("%d visits counted as %d", total, count)
		}
	})
	fmt.Println(out.Failed)
	for _, line := range strings.Split(strings.TrimSpace(out.Interleaving), "\n") {
		f := strings.Fields(line)
		fmt.Println(strings.Join(f[:len(f)-3], " ")) // without the times
	}
	// Output:
	// true
	// 1. B us-east get "visits" → absent
	// 2. A us-east get "visits" → absent
	// 3. B us-east put "visits" ← 1
	// 4. A us-east put "visits" ← 1
	// 5. reader us-east get "visits" → 1
}

// SimHarness describes each simulator preset to Run: the linearizable
// preset is checked for linearizability, the others settle with Quiesce
// and are checked for convergence.
func ExampleSimHarness() {
	for _, name := range sim.PresetNames() {
		p, _ := sim.PresetByName(name)
		h := kvtest.SimHarness(sim.Config{Seed: 1, Preset: p})
		fmt.Printf("%s: linearizable=%v settles=%v\n", name, h.Linearizable, h.Settle != nil)
	}
	// In a test: kvtest.Run(t, kvtest.SimHarness(sim.Config{Seed: 1, Preset: p}))

	// Output:
	// linearizable: linearizable=true settles=false
	// edgecache: linearizable=false settles=true
	// replicated: linearizable=false settles=true
	// quorum: linearizable=false settles=true
}

// AssertNo fails a case with the checker's own explanation, clients named
// as Go named them.
func ExampleSim_AssertNo() {
	out := kvtest.Explore(sim.Config{}, func(s *kvtest.Sim) {
		for _, name := range []string{"ana", "bo"} {
			s.Go(func(ctx context.Context, b kv.Backend) error {
				_, err := kv.NewStore[int](b).Update(ctx, "visits", 0, func(n int) int { return n + 1 })
				return err
			}, kvtest.Named(name))
		}
		s.Run()
		s.AssertNo(checker.KindLostUpdate)
	})
	first, _, _ := strings.Cut(out.Message, "\n")
	fmt.Println(first)
	fmt.Println(strings.Contains(out.Message, "(client ana)"), strings.Contains(out.Message, "(client bo)"))
	// Output:
	// the history shows 1 finding(s) of lost-update:
	// true true
}
