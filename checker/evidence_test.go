package checker

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/history"
)

// failedPuts returns n puts; those in bad failed (odd ids) or are unknown
// (even ids), the others ok.
func failedPuts(n int, bad ...int) history.History {
	var h history.History
	for i := range n {
		h.Ops = append(h.Ops, history.Op{ID: i, Client: i % 2, Func: history.FuncPut, Key: "k",
			Input: history.Input{Value: "v"}, Outcome: history.OutcomeOK, Call: int64(10 * i), Return: int64(10*i + 5)})
	}
	for _, i := range bad {
		h.Ops[i].Outcome, h.Ops[i].Error = history.OutcomeFail, "refused"
		if i%2 == 0 {
			h.Ops[i].Outcome = history.OutcomeUnknown
		}
	}
	return h
}

// A verdict is never valid without evidence: an empty history, one whose
// every op failed, or one where nothing was written and no read found a
// value is unknown, with an error that says why.
func TestCheckWithoutEvidenceIsUnknown(t *testing.T) {
	var reads history.History
	var b hb
	b.getAbsent(1, "k", 0, 1)
	b.add(history.Op{Client: 2, Func: history.FuncPut, Key: "k", Input: history.Input{Value: "1"}, Outcome: history.OutcomeFail, Error: "HTTP 401", Call: 2, Return: 3})
	reads = b.h
	cases := map[string]struct {
		h    history.History
		want string
	}{
		"empty":             {history.History{}, "no operations to judge: the history holds no operation (is it empty, or only a header?)"},
		"all failed":        {failedPuts(4, 0, 1, 2, 3), `no operations to judge: all 4 operations failed (2) or have an unknown outcome (2), so the store was never really tested (is it reachable, and the credential right?); the first error, op 0 (put "k", client 0): refused`},
		"only absent reads": {reads, `no operations to judge: none of its 1 writes succeeded and no read found a value, so nothing about the store was tested; the first error, op 1 (put "k", client 2): HTTP 401`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			rep := Check(c.h, Options{})
			assert.Equal(t, Unknown, rep.Verdict)
			assert.Equal(t, c.want, rep.Error)
			assert.Empty(t, rep.Results, "no check runs on nothing")
			assert.Equal(t, Unknown, rep.Store.Verdict)
			assert.Equal(t, Unknown, rep.Client.Verdict)
			assert.Equal(t, "unknown: "+c.want, rep.String())
			assert.Contains(t, rep.Text(), "verdict: unknown")
		})
	}
}

func TestCheckWarnsWhenManyOpsFailed(t *testing.T) {
	rep := Check(failedPuts(8, 5, 2), Options{})
	require.Len(t, rep.Warnings, 1)
	assert.Equal(t, `2 of 8 operations (25%) failed (1) or have an unknown outcome (1): the checks judged only the rest; the first error, op 2 (put "k", client 0): refused`, rep.Warnings[0])
	assert.Equal(t, Evidence{Ops: 8, OK: 6, Failed: 1, Unknown: 1, Writes: 8, WritesOK: 6, FirstError: `op 2 (put "k", client 0): refused`}, rep.Evidence)
	assert.Contains(t, rep.Text(), "\nwarning: 2 of 8 operations (25%)")

	for name, h := range map[string]history.History{"a few failures": failedPuts(10, 7, 8), "all ok": failedPuts(3)} {
		rep := Check(h, Options{})
		assert.Empty(t, rep.Warnings, name)
		assert.Empty(t, rep.Error, name)
		assert.Equal(t, Valid, rep.Verdict, name)
	}
}
