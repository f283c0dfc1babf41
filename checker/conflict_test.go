package checker

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/sim"
)

// casAfterPut: x=a is stored, then a cas a→b fails with errText; the
// comparison would have matched, so only a failure that is not a conflict
// is consistent.
func casAfterPut(errText string, conflict bool) history.History {
	var b hb
	b.put(1, "", "x", "a", 0, 1)
	b.add(history.Op{Client: 2, Func: history.FuncCAS, Key: "x", Outcome: history.OutcomeFail,
		Input:  history.Input{Value: "b", ExpectedValue: "a", HasExpectedValue: true},
		Output: history.Output{Conflict: conflict}, Error: errText, Call: 2, Return: 3})
	return b.h
}

// withFlags adds an op carrying the flag, so the history records it.
func withFlags(h history.History) history.History {
	h.Ops = append(h.Ops, history.Op{ID: len(h.Ops), Client: 3, Func: history.FuncCAS, Key: "y", Outcome: history.OutcomeFail,
		Input:  history.Input{Value: "1", ExpectedValue: "0", HasExpectedValue: true},
		Output: history.Output{Conflict: true}, Call: 0, Return: 1})
	return h
}

func linStatus(h history.History) Status {
	_, res := run(h, Linearizable, ExpectLinearizable)
	return res.Status
}

func TestConflictFlagDecidesWhatAFailedCASObserved(t *testing.T) {
	// The flag wins over the text, either way.
	assert.Equal(t, StatusViolated, linStatus(withFlags(casAfterPut("boom", true))), "flagged: the compare did not match, yet x was a")
	assert.Equal(t, StatusOK, linStatus(withFlags(casAfterPut("kv: version conflict", false))), "flagged history, this op not: a refusal, dropped")
	// Histories without the flag fall back to the error text.
	assert.Equal(t, StatusViolated, linStatus(casAfterPut("kv: version conflict", false)))
	assert.Equal(t, StatusViolated, linStatus(casAfterPut("", false)), "a Jepsen :fail with no error is a mismatch")
	assert.Equal(t, StatusOK, linStatus(casAfterPut("kv: invalid key", false)))
}

// TestSimulatorRecordsConflicts: UpdateAtomic's retried cas calls on the
// simulator are recorded as conflicts, and the history, judged by the
// flag, is linearizable.
func TestSimulatorRecordsConflicts(t *testing.T) {
	c, err := sim.New(sim.Config{Seed: 3})
	require.NoError(t, err)
	var failed atomic.Int32
	for _, r := range c.Regions() {
		c.Go(r, func(ctx context.Context, b kv.Backend) {
			s := kv.NewStore[int](b)
			for range 5 {
				if _, err := s.UpdateAtomic(ctx, "n", 0, func(n int) int { return n + 1 }); err != nil {
					failed.Add(1)
				}
			}
		})
	}
	require.NoError(t, c.Run())
	require.Zero(t, failed.Load(), "every UpdateAtomic succeeds")
	h := c.History()
	conflicts := 0
	for _, op := range h.Ops {
		if op.Func == history.FuncCAS && op.Outcome == history.OutcomeFail {
			assert.True(t, op.Output.Conflict, "op %d: %s", op.ID, op.Error)
			conflicts++
		}
	}
	require.Positive(t, conflicts, "concurrent UpdateAtomic calls conflict")
	_, res := run(h, Linearizable, ExpectLinearizable)
	assert.Equal(t, StatusOK, res.Status, res.Explanation)
	assert.Equal(t, len(h.Ops), res.Linearizability.Checked, "every failed cas is judged as an observation")
}
