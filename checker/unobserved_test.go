package checker

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/history"
)

// linearizability checks h for linearizability only, with a short search
// budget: with 30 unknown writes left in, the search does not finish.
func linearizability(t *testing.T, h history.History) (Result, *LinearizabilityDetail) {
	t.Helper()
	rep := Check(h, Options{Checks: []Name{Linearizable}, Timeout: 500 * time.Millisecond})
	res, ok := rep.Result(Linearizable)
	require.True(t, ok)
	require.NotNil(t, res.Linearizability)
	return res, res.Linearizability
}

// faultedRegister: 30 writes of unique values that timed out (never
// returned), all concurrent, between an ok write of "base" and reads of it.
func faultedRegister(extra ...history.Op) history.History {
	ok := history.OutcomeOK
	ops := []history.Op{{Client: 0, Func: history.FuncPut, Key: "k", Input: history.Input{Value: "base"}, Outcome: ok, Call: 0, Return: 10}}
	for i := range 30 {
		ops = append(ops, history.Op{Client: 1 + i, Func: history.FuncPut, Key: "k", Input: history.Input{Value: fmt.Sprint("lost-", i)},
			Outcome: history.OutcomeUnknown, Call: int64(20 + i), Return: history.ReturnNever})
	}
	ops = append(ops, history.Op{Client: 0, Func: history.FuncGet, Key: "k", Output: history.Output{Found: true, Value: "base"}, Outcome: ok, Call: 100, Return: 110})
	ops = append(ops, extra...)
	for i := range ops {
		ops[i].ID = i
	}
	return history.History{Ops: ops}
}

func TestUnknownWritesNobodySawAreLeftOutOfTheSearch(t *testing.T) {
	res, det := linearizability(t, faultedRegister())
	assert.Equal(t, StatusOK, res.Status)
	assert.Equal(t, 2, det.Checked, "only the ok put and the read are searched")
	assert.Equal(t, 30, det.Skipped)
}

func TestAnUnknownWriteSomeoneSawStaysInTheSearch(t *testing.T) {
	seen := history.Op{Client: 0, Func: history.FuncGet, Key: "k", Output: history.Output{Found: true, Value: "lost-7"},
		Outcome: history.OutcomeOK, Call: 200, Return: 210}
	res, det := linearizability(t, faultedRegister(seen))
	assert.Equal(t, StatusOK, res.Status, "the read of lost-7 is explained by the unknown write of lost-7")
	assert.Equal(t, 4, det.Checked)
	assert.Equal(t, 29, det.Skipped)
}

func TestLeavingOutUnknownWritesKeepsViolations(t *testing.T) {
	// A read of a value no write wrote stays illegal.
	ghost := history.Op{Client: 0, Func: history.FuncGet, Key: "k", Output: history.Output{Found: true, Value: "ghost"},
		Outcome: history.OutcomeOK, Call: 200, Return: 210}
	res, _ := linearizability(t, faultedRegister(ghost))
	assert.Equal(t, StatusViolated, res.Status)
}

func TestKeysWithVersionCASOrMismatchesKeepTheirUnknownWrites(t *testing.T) {
	versionCAS := history.Op{Client: 0, Func: history.FuncCAS, Key: "k", Input: history.Input{Value: "next"},
		Outcome: history.OutcomeFail, Output: history.Output{Conflict: true}, Call: 200, Return: 210}
	_, det := linearizability(t, faultedRegister(versionCAS))
	assert.Equal(t, 33, det.Checked, "a version-based cas sees versions, which unknown writes may have made")

	valueMismatch := history.Op{Client: 0, Func: history.FuncCAS, Key: "k",
		Input:   history.Input{Value: "next", ExpectedValue: "base", HasExpectedValue: true},
		Outcome: history.OutcomeFail, Output: history.Output{Conflict: true}, Call: 200, Return: 210}
	_, det = linearizability(t, faultedRegister(valueMismatch))
	assert.Equal(t, 33, det.Checked, "a mismatch says the state had changed, which only an unknown write explains")
}
