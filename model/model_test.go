package model

import (
	"testing"

	"github.com/anishathalye/porcupine"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/history"
)

// op is a porcupine operation of the recorded op o with its outcome.
func op(client int, o history.Op, status history.Outcome, out history.Output, call, ret int64) porcupine.Operation {
	o.Outcome, o.Output = status, out
	return porcupine.Operation{ClientId: client, Input: &o, Output: &o, Call: call, Return: ret}
}

func get(k string) history.Op { return history.Op{Func: history.FuncGet, Key: k} }
func put(k, v string) history.Op {
	return history.Op{Func: history.FuncPut, Key: k, Input: history.Input{Value: v}}
}
func found(v, ver string) history.Output { return history.Output{Found: true, Value: v, Version: ver} }
func casV(k, exp, v string) history.Op {
	return history.Op{Func: history.FuncCAS, Key: k, Input: history.Input{Expected: exp, Value: v}}
}

const (
	ok      = history.OutcomeOK
	fail    = history.OutcomeFail
	unknown = history.OutcomeUnknown
)

func porcupineModel(t *testing.T, k Kind) porcupine.Model {
	m, err := k.Porcupine()
	require.NoError(t, err)
	return m
}

func TestKVLinearizable(t *testing.T) {
	m := porcupineModel(t, KindKV)
	none := history.Output{}
	h := []porcupine.Operation{
		op(0, put("x", "1"), ok, none, 0, 10),
		op(1, get("x"), ok, found("1", "v1"), 11, 20),
		op(0, casV("x", "v1", "2"), ok, history.Output{Version: "v2"}, 21, 30),
		op(1, get("x"), ok, found("2", "v2"), 31, 40),
		op(2, get("y"), ok, none, 0, 5),
	}
	assert.True(t, porcupine.CheckOperations(m, h))
	// a cas expecting the version now overwritten must fail
	bad := append(h, op(0, casV("x", "v1", "3"), ok, none, 41, 50))
	assert.False(t, porcupine.CheckOperations(m, bad))
	conflict := append(h, op(0, casV("x", "v1", "3"), fail, none, 41, 50))
	assert.True(t, porcupine.CheckOperations(m, conflict))
}

func TestVersionLearnedFromObservation(t *testing.T) {
	m := porcupineModel(t, KindCASRegister)
	// put gives no version; the get teaches v7; a later get with v8 but the
	// same value and no write in between is illegal.
	h := []porcupine.Operation{
		op(0, put("x", "a"), ok, history.Output{}, 0, 1),
		op(0, get("x"), ok, found("a", "v7"), 2, 3),
		op(0, get("x"), ok, found("a", "v8"), 4, 5),
	}
	assert.False(t, porcupine.CheckOperations(m, h))
	assert.True(t, porcupine.CheckOperations(m, h[:2]))
	// the register model ignores versions
	assert.True(t, porcupine.CheckOperations(porcupineModel(t, KindRegister), h))
}

func TestUnknownWriteMayOrMayNotHappen(t *testing.T) {
	m := porcupineModel(t, KindKV)
	for _, seen := range []string{"old", "new"} {
		h := []porcupine.Operation{
			op(0, put("x", "old"), ok, history.Output{}, 0, 1),
			op(1, put("x", "new"), unknown, history.Output{}, 2, 1<<62),
			op(0, get("x"), ok, found(seen, ""), 5, 6),
		}
		assert.True(t, porcupine.CheckOperations(m, h), "read %s", seen)
	}
	h := []porcupine.Operation{
		op(0, put("x", "old"), ok, history.Output{}, 0, 1),
		op(1, put("x", "new"), unknown, history.Output{}, 2, 1<<62),
		op(0, get("x"), ok, found("new", ""), 5, 6),
		op(0, get("x"), ok, found("old", ""), 7, 8),
	}
	assert.False(t, porcupine.CheckOperations(m, h), "once seen, the unknown write cannot be undone")
	// a nil output is status unknown
	nilOut := h[1]
	nilOut.Output = nil
	assert.False(t, porcupine.CheckOperations(m, []porcupine.Operation{h[0], nilOut, h[2], h[3]}))
}

func TestAbsentConventions(t *testing.T) {
	s := state{VersionKnown: true}
	g := get("k")
	legal, _ := step(s, &g, outcome{status: ok}, true)
	assert.True(t, legal, "nil read of an absent key")
	legal, _ = step(s, &g, outcome{status: ok, found: true}, true)
	assert.True(t, legal, `"" read of an absent key`)
	app := history.Op{Func: history.FuncAppend, Key: "k", Input: history.Input{Value: "x"}}
	legal, s2 := step(s, &app, outcome{status: ok}, true)
	require.True(t, legal)
	assert.Equal(t, "x", s2.Value)
	legal, _ = step(s2, &g, outcome{status: ok}, true)
	assert.False(t, legal)
}

func TestUpdateIsAtomic(t *testing.T) {
	m := porcupineModel(t, KindKV)
	upd := history.Op{Func: history.FuncUpdate, Key: "c", Input: history.Input{Value: "6"}}
	// two concurrent updates both read 5 and wrote 6: one increment lost
	h := []porcupine.Operation{
		op(0, put("c", "5"), ok, history.Output{}, 0, 1),
		op(1, upd, ok, found("5", ""), 2, 10),
		op(2, upd, ok, found("5", ""), 3, 11),
	}
	assert.False(t, porcupine.CheckOperations(m, h))
}

func TestDescribe(t *testing.T) {
	m := porcupineModel(t, KindKV)
	c := op(0, casV("x", "", "2"), fail, history.Output{}, 0, 1)
	assert.Equal(t, `cas("x", absent, "2") -> fail`, m.DescribeOperation(c.Input, c.Output))
	g := op(0, get("x"), ok, found("1", "v3"), 0, 1)
	assert.Equal(t, `get("x") -> "1"@v3`, m.DescribeOperation(g.Input, g.Output))
	_, s := m.Step(m.Init(), g.Input, g.Output)
	assert.Equal(t, "absent", m.DescribeState(s), "an illegal step leaves the state")
	p := op(0, put("x", "1"), ok, history.Output{}, 0, 1)
	_, s = m.Step(m.Init(), p.Input, p.Output)
	_, s = m.Step(s, g.Input, g.Output)
	assert.Equal(t, `"1"@v3`, m.DescribeState(s))
}

func TestKindSupports(t *testing.T) {
	assert.True(t, KindRegister.Supports(history.FuncPut))
	assert.False(t, KindRegister.Supports(history.FuncCAS))
	assert.True(t, KindCASRegister.Supports(history.FuncCAS))
	assert.True(t, KindKV.Supports(history.FuncUpdate))
	assert.False(t, KindKV.Supports(history.FuncList))
	_, err := Kind("nope").Porcupine()
	assert.ErrorContains(t, err, `"nope"`)
}

// A typed model: a counter that only increments.
func TestTypedModelChecksWithConcreteTypes(t *testing.T) {
	counter := typedModel[int, int, int]{
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
	assert.True(t, porcupine.CheckOperations(counter.Porcupine(), ops))
	ops[1].Output = 3
	assert.False(t, porcupine.CheckOperations(counter.Porcupine(), ops))
}
