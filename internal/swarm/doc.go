// Package swarm runs many simulated runs — seeds × randomly drawn
// simulator configurations — in parallel, classifies what each found, and
// makes every failure a one-line replay token. It is the engine of
// kvchaos swarm, kvchaos swarm merge and kvchaos replay.
//
// A run is a pure function of the kvchaos version and a Config (Draw makes
// one from a seed: preset, regions, latency distributions, nemesis
// intensity, workload, clients, keys, ops). Execute runs it the way
// kvchaos run runs a sim:// store — the workload runner records the
// history on the virtual clock, the store is quiesced and read from every
// region — and checks it against the preset's promise (PresetPromise).
// Nothing in a run reads the wall clock or depends on which worker runs
// it, so the same Config gives the same history.jsonl, byte for byte.
//
// Each run's Outcome keeps the two questions of a verdict apart: did the
// store keep its promise (a broken promise is a failure of kind
// "broken-promise:…"; anomalies outside the promise are Expected, not
// failures), and did the client code lose data (KindClientLostUpdate for a
// non-atomic read-modify-write, KindStoreLostWrite for atomic updates the
// store lost — failures on any preset). A run whose deciding check could
// not finish is Unknown, never a pass.
//
// Sharding: Options.Shard runs the seeds k with k mod n = i−1, so a CI
// matrix runs disjoint shards with no coordinator, and Merge combines
// their directories into the summary one unsharded swarm would give.
//
// Layering: swarm drives runs, like workload and report, which it uses.
// cmd/kvchaos and kvtest import it; the public package
// github.com/kvchaos/kvchaos/swarm is its Go face for users (New, Execute,
// Replay, Regressions), so the CLI's machinery (sharding, merging, the run
// directory's files, the summary's text) is not public API.
package swarm
