package checker_test

import (
	"fmt"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
)

// Two clients run a non-atomic read-modify-write of a counter at once.
func ExampleCheck() {
	ops := []history.Op{
		{Client: 0, Func: history.FuncPut, Key: "hits", Input: history.Input{Value: "5"}, Outcome: history.OutcomeOK, Call: 0, Return: 1},
		{Client: 1, Func: history.FuncUpdate, Key: "hits", Input: history.Input{Value: "6"},
			Output: history.Output{Found: true, Value: "5"}, Outcome: history.OutcomeOK, Call: 2, Return: 10},
		{Client: 2, Func: history.FuncUpdate, Key: "hits", Input: history.Input{Value: "6"},
			Output: history.Output{Found: true, Value: "5"}, Outcome: history.OutcomeOK, Call: 3, Return: 11},
	}
	for i := range ops {
		ops[i].ID = i
	}
	rep := checker.Check(history.History{Ops: ops}, checker.Options{Checks: []checker.Name{checker.Linearizable}})
	res, _ := rep.Result(checker.Linearizable)
	fmt.Println(rep.Verdict)
	fmt.Println(res.Linearizability.IllegalKeys)
	// Output:
	// invalid
	// [hits]
}
