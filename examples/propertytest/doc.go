// Package propertytest is what a user's own property test of edge-store
// code looks like: a visit counter and a signup handler (handlers.go),
// each tested with kvtest.Simulate on the simulator (handlers_test.go).
//
// The handlers come in two versions, the seed's naive one and the fixed
// one. The tests check the fixed ones, so they pass; the naive ones fail
// them, and TestNaiveHandlersFailReadably runs the same tests against the
// naive handlers in a child process (KVCHAOS_EXAMPLE_NAIVE=1) to show, and
// check, what the failure looks like:
//
//	KVCHAOS_EXAMPLE_NAIVE=1 go test ./examples/propertytest -run TestVisitCounter
package propertytest
