package checker_test

import (
	"fmt"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
)

// Three clients read a value after it was overwritten; the summary lists
// two of the stale reads and says where the third is.
func ExampleReport_Text() {
	ops := []history.Op{
		{Client: 0, Func: history.FuncPut, Key: "k", Input: history.Input{Value: "old"}, Call: 0, Return: 1000},
		{Client: 0, Func: history.FuncPut, Key: "k", Input: history.Input{Value: "new"}, Call: 2000, Return: 3000},
	}
	for c := 1; c <= 3; c++ {
		ops = append(ops, history.Op{Client: c, Func: history.FuncGet, Key: "k",
			Output: history.Output{Found: true, Value: "old"}, Call: int64(4000 * c), Return: int64(4000*c + 500)})
	}
	for i := range ops {
		ops[i].ID, ops[i].Outcome = i, history.OutcomeOK
	}
	rep := checker.Check(history.History{Ops: ops}, checker.Options{Checks: []checker.Name{checker.Staleness}})
	fmt.Print(rep.Text(checker.TextOptions{MaxFindings: 2, More: "report.html"}))
	// Output:
	// verdict: invalid (expecting linearizable; 5 ops, 1 keys)
	// store: broke its linearizable promise: 3 finding(s) it forbids
	// client code: not checked (the lost-updates check did not run)
	//
	// staleness: violated
	//   3 of 3 reads were stale: up to 1 completed write(s) behind, up to 9µs after the newer write had completed
	//   - [stale-read] key "k": read op 2 (client 1) returned "old" (written by op 0) although op 1 had written "new" 1µs before the read began; 1 completed write(s) behind (ops 1 2)
	//   - [stale-read] key "k": read op 3 (client 2) returned "old" (written by op 0) although op 1 had written "new" 5µs before the read began; 1 completed write(s) behind (ops 1 3)
	//   … and 1 more (all in report.html)
	//   t-visibility (P[a read issued at least Δ after a write completed sees it or newer]):
	//     Δ ≥ 0s         0.0000  (3 reads)
	//     Δ ≥ 1µs        0.0000  (3 reads)
}
