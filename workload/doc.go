// Package workload generates client operations against a store and runs
// the clients, recording every operation into a history.Recorder.
//
// Workloads (see Names): register (gets and puts of unique values),
// counter (a visit counter through Store[int].Update, recorded as one
// logical update op per visit), counter-atomic (the same through
// UpdateAtomic), set (adds, then final reads), list (writes and prefix
// listings) and mixed.
//
// On a store with a Scheduler (the simulator) the clients are logical
// clients spread over the regions and the run is deterministic by seed;
// on any other store each client is a goroutine.
package workload
