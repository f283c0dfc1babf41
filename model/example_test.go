package model_test

import (
	"fmt"

	"github.com/anishathalye/porcupine"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/model"
)

// The key-value models check recorded ops: each op is its operation's
// input and output.
func ExampleKind_Porcupine() {
	put := &history.Op{Func: history.FuncPut, Key: "x", Input: history.Input{Value: "1"}, Outcome: history.OutcomeOK}
	get := &history.Op{Func: history.FuncGet, Key: "x", Outcome: history.OutcomeOK} // reads absent
	ops := []porcupine.Operation{
		{ClientId: 0, Input: put, Output: put, Call: 0, Return: 1},
		{ClientId: 1, Input: get, Output: get, Call: 2, Return: 3},
	}
	kv, err := model.KindKV.Porcupine()
	if err != nil {
		panic(err)
	}
	fmt.Println(porcupine.CheckOperations(kv, ops))
	// Output: false
}
