package model

import (
	"testing"

	"github.com/anishathalye/porcupine"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/history"
)

func op(client int, in Input, out Output, call, ret int64) porcupine.Operation {
	return porcupine.Operation{ClientId: client, Input: &in, Output: &out, Call: call, Return: ret}
}

func get(k string) Input    { return Input{Func: history.FuncGet, Key: k} }
func put(k, v string) Input { return Input{Func: history.FuncPut, Key: k, Value: v} }
func found(v, ver string) Output {
	return Output{Status: history.StatusOK, Found: true, Value: v, Version: ver}
}
func okOut() Output { return Output{Status: history.StatusOK} }
func casV(k, exp, v string) Input {
	return Input{Func: history.FuncCAS, Key: k, Expected: exp, Value: v}
}

func TestKVLinearizable(t *testing.T) {
	m := KV().Porcupine()
	h := []porcupine.Operation{
		op(0, put("x", "1"), okOut(), 0, 10),
		op(1, get("x"), found("1", "v1"), 11, 20),
		op(0, casV("x", "v1", "2"), Output{Status: history.StatusOK, Version: "v2"}, 21, 30),
		op(1, get("x"), found("2", "v2"), 31, 40),
		op(2, get("y"), Output{Status: history.StatusOK}, 0, 5),
	}
	assert.True(t, porcupine.CheckOperations(m, h))
	// a cas expecting the version now overwritten must fail
	bad := append(h, op(0, casV("x", "v1", "3"), Output{Status: history.StatusOK}, 41, 50))
	assert.False(t, porcupine.CheckOperations(m, bad))
	conflict := append(h, op(0, casV("x", "v1", "3"), Output{Status: history.StatusFail}, 41, 50))
	assert.True(t, porcupine.CheckOperations(m, conflict))
}

func TestVersionLearnedFromObservation(t *testing.T) {
	m := CASRegister().Porcupine()
	// put gives no version; the get teaches v7; a later get with v8 but the
	// same value and no write in between is illegal.
	h := []porcupine.Operation{
		op(0, put("x", "a"), okOut(), 0, 1),
		op(0, get("x"), found("a", "v7"), 2, 3),
		op(0, get("x"), found("a", "v8"), 4, 5),
	}
	assert.False(t, porcupine.CheckOperations(m, h))
	assert.True(t, porcupine.CheckOperations(m, h[:2]))
}

func TestUnknownWriteMayOrMayNotHappen(t *testing.T) {
	m := KV().Porcupine()
	unknown := Output{Status: history.StatusUnknown}
	for _, seen := range []string{"old", "new"} {
		h := []porcupine.Operation{
			op(0, put("x", "old"), okOut(), 0, 1),
			op(1, put("x", "new"), unknown, 2, 1<<62),
			op(0, get("x"), found(seen, ""), 5, 6),
		}
		assert.True(t, porcupine.CheckOperations(m, h), "read %s", seen)
	}
	h := []porcupine.Operation{
		op(0, put("x", "old"), okOut(), 0, 1),
		op(1, put("x", "new"), unknown, 2, 1<<62),
		op(0, get("x"), found("new", ""), 5, 6),
		op(0, get("x"), found("old", ""), 7, 8),
	}
	assert.False(t, porcupine.CheckOperations(m, h), "once seen, the unknown write cannot be undone")
}

func TestAbsentConventions(t *testing.T) {
	s := State{VersionKnown: true}
	ok, _ := Step(s, get("k"), Output{Status: history.StatusOK}, true)
	assert.True(t, ok, "nil read of an absent key")
	ok, _ = Step(s, get("k"), found("", ""), true)
	assert.True(t, ok, `"" read of an absent key`)
	ok, s2 := Step(s, Input{Func: history.FuncAppend, Key: "k", Value: "x"}, okOut(), true)
	require.True(t, ok)
	assert.Equal(t, "x", s2.Value)
	ok, _ = Step(s2, get("k"), Output{Status: history.StatusOK}, true)
	assert.False(t, ok)
}

func TestUpdateIsAtomic(t *testing.T) {
	m := KV().Porcupine()
	upd := func(v string) Input { return Input{Func: history.FuncUpdate, Key: "c", Value: v} }
	// two concurrent updates both read 5 and wrote 6: one increment lost
	h := []porcupine.Operation{
		op(0, put("c", "5"), okOut(), 0, 1),
		op(1, upd("6"), found("5", ""), 2, 10),
		op(2, upd("6"), found("5", ""), 3, 11),
	}
	assert.False(t, porcupine.CheckOperations(m, h))
}

func TestKindSupports(t *testing.T) {
	assert.True(t, KindRegister.Supports(history.FuncPut))
	assert.False(t, KindRegister.Supports(history.FuncCAS))
	assert.True(t, KindCASRegister.Supports(history.FuncCAS))
	assert.True(t, KindKV.Supports(history.FuncUpdate))
	assert.False(t, KindKV.Supports(history.FuncList))
	_, err := Kind("nope").Model()
	assert.ErrorContains(t, err, `"nope"`)
}
