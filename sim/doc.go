// Package sim is a deterministic, eventually-consistent, multi-region
// key-value store simulator. Every region of a Cluster is a kv.Backend, so
// code written against kv.Store[T] runs on it unmodified.
//
// A Cluster has two ways to be driven.
//
// Deterministic mode: c.Go(region, fn) starts a logical client and c.Run()
// runs all clients to completion, one at a time. Every Backend call (and
// every Pacer.Sleep) is a scheduling point where the scheduler may switch to
// another client, so a Store[T].Update, which is a Get then a Put, is
// interleaved with other clients exactly where a real store would interleave
// it. Time is virtual: operations take simulated network latency, replication
// runs as timed events, and a minute of simulated time costs microseconds.
// Every choice (the next client, every latency, every message loss) is drawn
// from one Source — a seeded PCG by default — while exactly one goroutine
// runs, so the same seed and the same program give a byte-identical history.
//
// Free-running mode: c.Region(name) returns a Backend that any goroutine may
// call at any time, for ordinary goroutine-based tests. Its operations take
// effect instantly at the current virtual time, while replication and cache
// expiry still happen later on the virtual clock. With Config.Speed > 0 the
// virtual clock follows the wall clock times Speed; with Speed == 0 it moves
// only through c.Advance(d) (and through deterministic runs). Free-running
// calls from concurrent goroutines are safe but not reproducible.
//
// The store's behaviour is chosen by a Preset: Linearizable (one leader, the
// control group), EdgeCache (a central store with per-region read caches,
// like Cloudflare Workers KV), Replicated (per-region replicas with
// asynchronous last-writer-wins replication and generation CAS at a primary,
// like Fastly KV) and Quorum (Dynamo-style N/R/W with the PBS "WARS" latency
// model). Faults — partitions, crashes, clock skew, message loss and extra
// delay — are applied now (c.Apply), scheduled at virtual times (c.At) or
// generated from the seed (c.Nemesis), and recorded in the history as
// annotations. Every operation is recorded into a history.Recorder that runs
// on the virtual clock — the cluster's own, or the caller's through
// c.RecordInto, which can keep only the fault annotations for callers that
// record their own logical ops; c.Quiesce heals everything, stops an
// open-ended nemesis, lets replication settle and marks the point after
// which the convergence check reads.
//
// docs/simulator.md describes each preset's model, its knobs and where its
// numbers come from.
package sim
