// Package kvtest is the conformance and property suite every kv.Backend
// runs, and the helper for writing property tests of Store[T] code on the
// deterministic simulator.
//
// # Conformance: Run
//
// An adapter author describes the backend in a Harness and calls Run:
//
//	func TestConformance(t *testing.T) {
//		kvtest.Run(t, kvtest.Harness{
//			New:          func(t *testing.T) kv.Backend { return myadapter.New(...) },
//			Linearizable: true,
//		})
//	}
//
// Run has four parts, each a subtest:
//
//   - "edge": fixed cases — unicode keys, keys of exactly the key limit,
//     values of exactly the value limit, invalid keys and values rejected
//     before the backend sees them, empty values, listing with pages of one.
//   - "sequential": a rapid state machine (rapid.T.Repeat) of Get, Put,
//     Delete, List (small pages, prefixes that are prefixes of other keys),
//     PutIf with right and stale versions and, when the harness can move the
//     backend's clock, TTL expiry; every result is compared with the
//     sequential reference store.
//   - "ttl": expiry when Harness.Advance is set, otherwise only that TTL
//     writes are accepted and readable.
//   - "concurrent": several goroutine clients recorded with history.Record
//     and checked with checker.Check — linearizability when the harness
//     declares Linearizable, convergence otherwise — and, when the backend
//     has CAS, UpdateAtomic under contention never loses an update.
//
// Capabilities the backend lacks (CAS, TTL, clock control) are reported
// with t.Log and their parts left out: they are neither faked nor failed.
// Randomised parts draw from rapid, so -rapid.checks, -rapid.steps and
// -rapid.seed control their size and seed.
//
// # Properties on the simulator: Simulate and Explore
//
// Simulate runs a property about ordinary Store[T] code on a sim.Cluster
// whose scheduler draws every choice from rapid. Clients are started with
// Sim.Go (named A, B, C... in the order of the Go calls, or with Named;
// placed with In; started later with After; Sleep waits in virtual time),
// run by one call of Sim.Run, and the property is stated with s.T.Fatalf
// or Sim.AssertNo, which fails the case with the checker's explanation of
// a lost update, a stale read... A failing property is shrunk like any
// rapid test — to the fewest clients, the fewest operations and the
// simplest interleaving — and the test fails with one message: the
// property's failure, the values it drew, the minimal interleaving (values
// as JSON), its order in one line, the checker's findings and a replay
// line (the go test command that reproduces exactly this case), without
// rapid's draws for the schedule. Explore does the same but returns the
// outcome instead of failing a test, for demos and for tests that assert a
// counterexample exists; it changes no flag and leaves no rapid fail file.
//
// docs/testing-your-code.md is the guide.
package kvtest
