// Package adaptertest is a focused test suite for the real-store adapters
// under backends/: CRUD, compare-and-set with right and stale versions,
// binary values and awkward keys, TTL, prefix listing across pages smaller
// than the key count, error wrapping, and exact concurrent UpdateAtomic
// counters. kvtest.Run is the full conformance suite; this one pins down
// the adapter mechanics on each real server.
package adaptertest
