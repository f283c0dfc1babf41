package swarm_test

import (
	"context"
	"fmt"
	"time"

	"github.com/kvchaos/kvchaos/swarm"
)

// A swarm of 8 seeds on every core, classified; the counts are the same
// on every machine.
func ExampleSwarm_Run() {
	s, err := swarm.New(swarm.Options{Runs: 8, Version: "example"})
	if err != nil {
		panic(err)
	}
	sum, err := s.Run(context.Background())
	if err != nil {
		panic(err)
	}
	fmt.Println(sum.Runs, "runs:", sum.Passed, "passed,", sum.Failures, "failed,", sum.Unknown, "unknown")
	for _, c := range sum.Cases {
		fmt.Println("seed", c.Seed, c.Config.Preset, c.Config.Workload, c.Kinds)
	}
	// Output:
	// 8 runs: 6 passed, 2 failed, 0 unknown
	// seed 4 edgecache counter [client-lost-update]
	// seed 6 replicated mixed [store-lost-write]
}

// One configuration, run and replayed from its token.
func ExampleExecute() {
	c := swarm.Config{Seed: 1, Preset: "linearizable", Regions: 3,
		Latency:      swarm.Dist{Kind: "lognormal", A: swarm.Duration(40 * time.Millisecond), Shape: 0.3},
		LocalLatency: swarm.Dist{Kind: "constant", A: swarm.Duration(time.Millisecond)},
		Workload:     "counter", Clients: 4, Keys: 1, Ops: 100}
	res, err := swarm.Execute(context.Background(), c, swarm.CheckOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Outcome.Status, res.Outcome.Kinds)

	token := swarm.Token{Version: "example", Config: c}.Encode()
	again, warning, err := swarm.Replay(context.Background(), token, "example", swarm.CheckOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Println(string(again.History) == string(res.History), warning == "")
	// Output:
	// fail [client-lost-update]
	// true true
}
