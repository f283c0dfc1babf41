package model_test

import (
	"fmt"

	"github.com/anishathalye/porcupine"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/model"
)

// A typed model: a counter that only increments.
func ExampleModel() {
	counter := model.Model[int, int, int]{
		Init: func() int { return 0 },
		Step: func(s, add, read int) (bool, int) {
			if add == 0 { // a read
				return read == s, s
			}
			return true, s + add
		},
	}
	ops := []porcupine.Operation{
		{ClientId: 0, Input: 2, Call: 0, Return: 5},
		{ClientId: 1, Input: 0, Output: 2, Call: 6, Return: 7},
	}
	fmt.Println(porcupine.CheckOperations(counter.Porcupine(), ops))
	// Output: true
}

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
