// Command kvchaos tests the consistency of key-value stores from the
// command line.
//
//	kvchaos demo lost-update                       # a teaching scenario on the simulator
//	kvchaos run --store sim://?preset=edgecache --workload register
//	kvchaos check run/history.jsonl                # check a recorded or Jepsen history
//	kvchaos report run                             # regenerate run/report.html
//	kvchaos version
//
// Stores are named by URL (mem://, sim://?preset=..., and every scheme an
// adapter package registers). Exit codes: 0 every check holds, 1 anomalies
// found, 2 usage or runtime error.
//
// Install with
//
//	go install github.com/kvchaos/kvchaos/cmd/kvchaos@latest
package main
