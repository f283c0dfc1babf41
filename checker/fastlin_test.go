package checker

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/history"
)

// fastNotLinearizable checks b's history with the fast path on and
// returns its one anomaly and the witness op.
func fastNotLinearizable(t *testing.T, b hb) (Result, Anomaly, int) {
	t.Helper()
	_, res := run(b.h, Linearizable, ExpectLinearizable)
	require.Equal(t, StatusViolated, res.Status, res.Explanation)
	require.Len(t, res.Anomalies, 1)
	a := res.Anomalies[0]
	w, ok := res.Linearizability.Witnesses[a.Key]
	require.True(t, ok, "no witness named: %s", a.Text)
	require.Equal(t, 1, res.Linearizability.FastKeys, "decided without search")
	return res, a, w
}

func TestFastPathNamesTheStaleRead(t *testing.T) {
	var b hb
	b.put(0, "", "x", "a", 0, 1)
	b.put(1, "", "x", "b", 2, 3)
	r := b.get(2, "", "x", "a", 10, 11)
	b.get(3, "", "x", "b", 12, 13)
	_, a, w := fastNotLinearizable(t, b)
	assert.Equal(t, r, w)
	assert.Contains(t, a.Text, `op 2 (client 2), get("x") -> "a", was called after op 1 (client 1), put("x", "b"), returned`)
	assert.Contains(t, a.Text, `op 0 (client 0), put("x", "a"), returned before op 3 (client 3), get("x") -> "b", was called`)
}

func TestFastPathNamesAReadBeforeItsWrite(t *testing.T) {
	var b hb
	r := b.get(0, "", "x", "a", 0, 1)
	b.put(1, "", "x", "a", 5, 6)
	_, a, w := fastNotLinearizable(t, b)
	assert.Equal(t, r, w)
	assert.Contains(t, a.Text, `returned before op 1 (client 1), put("x", "a"), the only write of the value it observed, was called`)
}

func TestFastPathNamesAReadOfAValueNeverWritten(t *testing.T) {
	var b hb
	b.put(0, "", "x", "a", 0, 1)
	r := b.get(1, "", "x", "zz", 2, 3)
	_, a, w := fastNotLinearizable(t, b)
	assert.Equal(t, r, w)
	assert.Contains(t, a.Text, `observed "zz", a value no write of "x" that may have taken effect stores`)
}

func TestFastPathNamesAnAbsentReadAfterAWrite(t *testing.T) {
	var b hb
	b.put(0, "", "x", "a", 0, 1)
	r := b.getAbsent(1, "x", 2, 3)
	_, a, w := fastNotLinearizable(t, b)
	assert.Equal(t, r, w)
	assert.Contains(t, a.Text, "the initial state comes before every write")
}

func TestFastPathNamesTwoUpdatesOfOneValue(t *testing.T) {
	var b hb
	b.put(0, "", "x", "a", 0, 1)
	b.update(1, "x", "a", "b", 2, 3)
	u := b.update(2, "x", "a", "c", 4, 5)
	_, a, w := fastNotLinearizable(t, b)
	assert.Equal(t, u, w)
	assert.Contains(t, a.Text, `both replaced "a" (written by op 0)`)
}

func TestFastPathDecidesALinearizableKeyWithoutSearch(t *testing.T) {
	var b hb
	b.put(0, "", "x", "a", 0, 10)
	b.get(1, "", "x", "a", 5, 6)
	b.add(history.Op{Client: 2, Func: history.FuncCAS, Key: "x", Input: history.Input{Value: "c", ExpectedValue: "b", HasExpectedValue: true},
		Outcome: history.OutcomeFail, Output: history.Output{Conflict: true}, Call: 7, Return: 8})
	b.update(3, "x", "a", "b", 11, 12)
	b.unknownPut(4, "x", "never-seen", 13)
	b.get(5, "", "x", "b", 20, 21)
	_, res := run(b.h, Linearizable, ExpectLinearizable)
	require.Equal(t, StatusOK, res.Status, res.Explanation)
	assert.Equal(t, 1, res.Linearizability.FastKeys)
}

func TestFastPathLeavesRepeatedValuesToPorcupine(t *testing.T) {
	var b hb
	b.put(0, "", "x", "a", 0, 1)
	b.put(1, "", "x", "a", 2, 3)
	b.get(2, "", "x", "a", 4, 5)
	_, res := run(b.h, Linearizable, ExpectLinearizable)
	require.Equal(t, StatusOK, res.Status, res.Explanation)
	assert.Zero(t, res.Linearizability.FastKeys)
}

// A long illegal key is drawn as a window around its witness, and the
// detail says what was left out.
func TestLongIllegalKeyIsDrawnAsAWindow(t *testing.T) {
	ok, stale, planted := oneKeyHistories(3000)
	_ = ok
	rep := Check(stale, Options{Checks: []Name{Linearizable}})
	res, _ := rep.Result(Linearizable)
	require.Equal(t, StatusViolated, res.Status)
	det := res.Linearizability
	assert.Equal(t, planted, det.Witnesses["k0"])
	assert.Contains(t, det.VisualizationNote, "only a window of each long key is drawn")
	assert.Contains(t, det.VisualizationNote, `of its 3000 (by call time), around op `)
	assert.Contains(t, string(det.Visualization), "<html")
	full := Check(stale, Options{Checks: []Name{Linearizable}, NoFastPath: true})
	fres, _ := full.Result(Linearizable)
	assert.Equal(t, det.IllegalKeys, fres.Linearizability.IllegalKeys, "porcupine agrees")
}
