// Package swarm runs many simulated runs — seeds × randomly drawn
// simulator configurations — in parallel, classifies what each found, and
// makes every failure a one-line replay token. It is the Go face of
// kvchaos swarm and kvchaos replay:
//
//   - New(Options).Run(ctx) runs a swarm and returns its Summary;
//   - Draw makes a seed's Config, Execute runs one, Replay runs a token's;
//   - Regressions, in a Go test, replays the tokens kvchaos swarm
//     --regressions wrote and fails for each run that still fails.
//
// A run is a pure function of the kvchaos version and a Config (preset,
// regions, latency distributions, nemesis intensity, workload, clients,
// keys, ops): nothing in it reads the wall clock or depends on which
// worker runs it, so the same Config gives the same history.jsonl, byte
// for byte. Each run's Outcome keeps the two questions of a verdict apart:
// did the store keep its preset's promise (a broken promise is a failure
// of kind "broken-promise:…"; anomalies outside the promise are Expected,
// not failures), and did the client code lose data ("client-lost-update"
// for a non-atomic read-modify-write, "store-lost-write" for atomic
// updates the store lost). A run whose deciding check could not finish is
// unknown, never a pass.
//
// The types are those of the engine the CLI runs (sharding, merging and
// the run directory's files stay with the CLI); to run a Go test's own
// property on swarm clusters, see kvtest.Swarm.
package swarm
