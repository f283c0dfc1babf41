// Command visitcounter runs the seed's visit counter with many concurrent
// goroutines on the embedded Memory backend, once with Store.Update and once
// with Store.UpdateAtomic, and prints both totals against the expected one.
//
// Memory is strongly consistent, yet Update usually loses visits: it is a
// read-modify-write, so two visitors that both read 5 both write 6.
// UpdateAtomic writes with compare-and-set and retries on conflict, so it
// loses none. Every backend call pays a simulated network round trip
// (-latency, half before and half after the operation), which widens the
// window between read and write as a real store's would; -latency 0 runs at
// in-process speed, where Update still loses visits whenever two goroutines
// run in parallel.
//
//	go run ./examples/visitcounter
//	go run ./examples/visitcounter -workers 100 -visits 10 -latency 1ms
package main
