package checker

import (
	"testing"

	"github.com/anishathalye/porcupine"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/model"
)

// opsForGrouping: calls out of order, a list, an unknown get (skipped), a
// failed cas without the conflict flag in a history that records it
// (skipped) and one with it (judged).
func opsForGrouping() history.History {
	ok := history.OutcomeOK
	return history.History{Ops: []history.Op{
		{ID: 0, Key: "b", Func: history.FuncPut, Outcome: ok, Call: 30, Return: 31},
		{ID: 1, Key: "a", Func: history.FuncPut, Outcome: ok, Call: 10, Return: 11},
		{ID: 2, Func: history.FuncList, Outcome: ok, Call: 5, Return: 6},
		{ID: 3, Key: "a", Func: history.FuncGet, Outcome: history.OutcomeUnknown, Call: 20, Return: -1},
		{ID: 4, Key: "b", Func: history.FuncCAS, Outcome: history.OutcomeFail, Call: 40, Return: 41},
		{ID: 5, Key: "b", Func: history.FuncCAS, Outcome: history.OutcomeFail, Call: 35, Return: 36, Output: history.Output{Conflict: true}},
		{ID: 6, Key: "a", Func: history.FuncGet, Outcome: ok, Call: 1, Return: 2},
	}}
}

func TestIndexGroupsByKeyInCallOrder(t *testing.T) {
	ix := newIndex(opsForGrouping())
	assert.Equal(t, []string{"b", "a"}, ix.keyName, "keys are numbered in first-appearance order")
	assert.Equal(t, []int32{1, 0}, ix.keys, "key numbers sorted by key")
	assert.Equal(t, []int32{6, 1, 3}, ix.byKey[1])
	assert.Equal(t, []int32{0, 5, 4}, ix.byKey[0])
	assert.True(t, ix.conflictFlags.flagged)
	assert.Len(t, ix.byKey[0], cap(ix.byKey[0]), "a key's positions must not share capacity with the next key's")
}

func TestLinOpsJudgedOpsPerKey(t *testing.T) {
	parts, ids, keys, skipped, err := linOps(newIndex(opsForGrouping()), model.KindKV)
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, keys)
	assert.Equal(t, [][]int{{6, 1}, {0, 5}}, ids)
	assert.Equal(t, 2, skipped)
	require.Len(t, parts, 2)
	for p := range parts {
		for j, op := range parts[p] {
			in := op.Input.(*history.Op)
			assert.Equal(t, ids[p][j], in.ID)
			assert.Same(t, in, op.Output, "an op is its own input and output")
		}
	}
}

func TestLinOpsNamesFirstUnsupportedOpInKeyOrder(t *testing.T) {
	h := history.History{}
	for i, k := range []string{"z", "c", "m", "a", "q", "c"} {
		h.Ops = append(h.Ops, history.Op{ID: i, Key: k, Func: history.FuncAppend, Outcome: history.OutcomeOK, Call: int64(i), Return: int64(i) + 1})
	}
	_, _, _, _, err := linOps(newIndex(h), model.KindRegister)
	require.Error(t, err)
	assert.Equal(t, "op 3 is an append, and the register model has no append: check with --model kv", err.Error())
}

// linOps is linConvert without the fast path, for tests and benchmarks.
func linOps(ix *index, kind model.Kind) (parts [][]porcupine.Operation, ids [][]int, keys []string, skipped int, err error) {
	in, err := linConvert(ix, kind, nil)
	return in.parts, in.ids, in.keys, in.skipped, err
}
