package checker

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// notLinearizable checks b's history for linearizability alone, with
// porcupine's search on every key, and returns its one anomaly and the op
// the explanation names.
func notLinearizable(t *testing.T, b hb) (Anomaly, int) {
	t.Helper()
	rep := Check(b.h, Options{Checks: []Name{Linearizable}, NoFastPath: true})
	res, _ := rep.Result(Linearizable)
	require.Equal(t, StatusViolated, res.Status, res.Explanation)
	require.Len(t, res.Anomalies, 1)
	a := res.Anomalies[0]
	w, ok := res.Linearizability.Witnesses[a.Key]
	require.True(t, ok, "no witness named: %s", a.Text)
	return a, w
}

func TestWitnessNamesTheStaleRead(t *testing.T) {
	var b hb
	b.put(0, "", "x", "a", 0, 1)
	b.put(1, "", "x", "b", 2, 3)
	r := b.get(2, "", "x", "a", 10, 11)
	b.get(3, "", "x", "b", 12, 13)
	a, w := notLinearizable(t, b)
	assert.Equal(t, r, w)
	assert.Contains(t, a.Text, `op 2 (client 2), get("x") -> "a", fits after no legal order of the ops that may precede it`)
	assert.Contains(t, a.Text, `(e.g. after ops 0 1, "x" is "b")`)
	assert.Contains(t, a.Text, "the longest legal order places 2 of the 4 ops")
	assert.Equal(t, []int{0, 1, 2, 3}, a.Ops, "every op of the key, in call order")
}

func TestWitnessNamesAReadOfANeverWrittenValue(t *testing.T) {
	var b hb
	r := b.get(0, "", "x", "a", 0, 1)
	b.put(1, "", "x", "a", 5, 6)
	a, w := notLinearizable(t, b)
	assert.Equal(t, r, w)
	assert.Contains(t, a.Text, `op 0 (client 0), get("x") -> "a", fits after no legal order`)
	assert.Contains(t, a.Text, `(e.g. at the start "x" is absent)`)
	assert.Contains(t, a.Text, "the longest legal order places 0 of the 2 ops")
}

// Two concurrent writes and two concurrent reads that disagree on their
// order: every op fits in some legal order, none fits them all, so the
// explanation falls back to the longest legal order and what blocks it.
// The later write can never come next, as no legal order holds both
// reads: it must not be named.
func TestWitnessFallsBackToTheLongestOrder(t *testing.T) {
	var b hb
	b.put(0, "", "x", "a", 0, 10)
	b.put(1, "", "x", "b", 0, 10)
	ra := b.get(2, "", "x", "a", 20, 30)
	b.get(3, "", "x", "b", 20, 30)
	b.put(0, "", "x", "c", 40, 50)
	a, w := notLinearizable(t, b)
	assert.Equal(t, ra, w)
	assert.Contains(t, a.Text, `the longest legal order places 3 of the 5 ops (ops 0 1 3), after which "x" is "b"`)
	assert.Contains(t, a.Text, `no remaining op fits next, including op 2 (client 2), get("x") -> "a", the first of them to return`)
}

func TestWitnessIsDeterministic(t *testing.T) {
	var b hb
	for i := 0; i < 6; i++ {
		b.put(i, "", "x", string(rune('a'+i)), 0, 10)
	}
	for i := 0; i < 6; i++ {
		b.get(10+i, "", "x", string(rune('a'+i)), 20, 30)
	}
	first, _ := notLinearizable(t, b)
	for i := 0; i < 5; i++ {
		again, _ := notLinearizable(t, b)
		require.Equal(t, first.Text, again.Text)
	}
}

func TestWitnessOrderIsTheExplanationAsData(t *testing.T) {
	var b hb
	b.put(0, "", "x", "a", 0, 1)
	b.put(1, "", "x", "b", 2, 3)
	r := b.get(2, "", "x", "a", 10, 11)
	b.get(3, "", "x", "b", 12, 13)
	rep := Check(b.h, Options{Checks: []Name{Linearizable}, NoFastPath: true})
	res, _ := rep.Result(Linearizable)
	require.NotNil(t, res.Linearizability)
	w, ok := res.Linearizability.Explained["x"]
	require.True(t, ok, "the named key is explained as data")
	assert.Equal(t, WitnessOrder{Op: r, Order: []int{0, 1}, State: `"b"`, Longest: 2, Ops: 4}, w,
		`the text's "after ops 0 1, "x" is "b"", and the op that fits after none`)
	assert.Equal(t, res.Linearizability.Witnesses["x"], w.Op)
}
