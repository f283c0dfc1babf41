// Package emutest runs the emulator over the simulator for tests: Start
// serves one dialect over a fresh free-running sim.Cluster on a loopback
// httptest server, and Harness turns an adapter for that dialect into a
// kvtest.Harness, so `kvtest.Run` checks the adapter against the
// simulator's linearizable preset (linearizability) or its edge presets
// (the eventual checks: convergence after the cluster's Quiesce, every
// region read as a replica).
//
// It is what `kvchaos serve` does in-process, with the virtual clock moved
// by the test (Speed 0) instead of the wall clock, so TTLs, cache expiry
// and replication happen when the test says and cost no real time.
package emutest
