package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kvchaos/kvchaos/history"
)

// opsWith returns a history of n ops whose ids in bad failed (odd ids) or
// are unknown (even ids), the others ok.
func opsWith(n int, bad ...int) history.History {
	var h history.History
	for i := range n {
		h.Ops = append(h.Ops, history.Op{ID: i, Client: i % 2, Func: history.FuncPut, Key: "k", Status: history.StatusOK})
	}
	for _, i := range bad {
		h.Ops[i].Status, h.Ops[i].Error = history.StatusFail, "refused with pw=SECRET"
		if i%2 == 0 {
			h.Ops[i].Status = history.StatusUnknown
		}
	}
	return h
}

func TestRunHealth(t *testing.T) {
	hide := func(s string) string { return strings.ReplaceAll(s, "SECRET", "xxxxx") }

	errText, warning := healthOf(opsWith(4, 3, 2, 1, 0)).problem(hide)
	assert.Empty(t, warning)
	assert.Equal(t, `no operation succeeded: all 4 failed (2) or have an unknown outcome (2), so the store was never really tested `+
		`(is it reachable, and the credential right?); the first error, op 0 (put "k", client 0): refused with pw=xxxxx`, errText)

	errText, warning = healthOf(opsWith(8, 5, 2)).problem(hide)
	assert.Empty(t, errText)
	assert.Equal(t, `2 of 8 operations (25%) failed (1) or have an unknown outcome (1): the checks judged only the rest; `+
		`the first error, op 2 (put "k", client 0): refused with pw=xxxxx`, warning)

	for name, h := range map[string]history.History{
		"a few failures": opsWith(10, 7, 8),
		"all ok":         opsWith(3),
		"no ops":         {},
	} {
		errText, warning = healthOf(h).problem(hide)
		assert.Empty(t, errText, name)
		assert.Empty(t, warning, name)
	}
}
