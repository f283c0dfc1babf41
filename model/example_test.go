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

func ExampleKV() {
	in := model.Input{Func: history.FuncPut, Key: "x", Value: "1"}
	ops := []porcupine.Operation{
		{ClientId: 0, Input: &in, Output: &model.Output{Status: history.StatusOK}, Call: 0, Return: 1},
		{ClientId: 1, Input: &model.Input{Func: history.FuncGet, Key: "x"},
			Output: &model.Output{Status: history.StatusOK}, Call: 2, Return: 3}, // reads absent
	}
	fmt.Println(porcupine.CheckOperations(model.KV().Porcupine(), ops))
	// Output: false
}
