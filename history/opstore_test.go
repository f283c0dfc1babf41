package history

import (
	"errors"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// History gives back every field of every op a Recorder was given, over
// random ops of every shape: values empty, short, invalid UTF-8 or longer
// than the arena keeps inline; expected versions and values, list
// arguments and pages, TTLs; clients outside int32; Funcs and Outcomes
// outside the vocabulary; inputs replaced at the end; ops left in flight.
func TestRecorderHistoryKeepsRandomOps(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	str := func() string {
		switch rnd.IntN(6) {
		case 0, 1:
			return ""
		case 2:
			return "\xff" + strconv.Itoa(rnd.IntN(100))
		case 3:
			return strings.Repeat("L", arenaMaxInline+rnd.IntN(3))
		}
		return "s" + strconv.Itoa(rnd.IntN(1000))
	}
	input := func() Input {
		in := Input{Value: str()}
		switch rnd.IntN(6) {
		case 0:
			in.Expected = str()
		case 1:
			in.ExpectedValue, in.HasExpectedValue = str(), true
		case 2:
			in.ExpectedValue = str() // without HasExpectedValue
		case 3:
			in.Prefix, in.Cursor, in.Limit = str(), str(), rnd.IntN(3)
		case 4:
			in.TTLMillis = int64(rnd.IntN(3))
		}
		return in
	}
	output := func() Output {
		out := Output{Value: str(), Version: str(), Found: rnd.IntN(2) == 0, Conflict: rnd.IntN(4) == 0}
		if !out.Conflict && rnd.IntN(8) == 0 {
			out.NoConflict = true
		}
		if rnd.IntN(5) == 0 {
			out.Keys, out.Cursor = []string{str(), "k"}, str()
		}
		return out
	}
	clients := []int{0, 1, 7, -3, math.MaxInt32 + 5, math.MinInt64}
	regions := []string{"", "eu", "us-east"}
	funcs := []Func{FuncGet, FuncPut, FuncDelete, FuncList, FuncAppend, FuncCAS, FuncUpdate, "weird"}
	outcomes := []Outcome{OutcomeOK, OutcomeFail, OutcomeUnknown, "odd"}

	var now int64
	r := NewRecorder(WithClock(func() int64 { now++; return now }))
	var want []Op
	var calls []Call
	var open []int
	for range 30000 {
		if len(open) == 0 || rnd.IntN(2) == 0 {
			op := Op{ID: len(want), Client: clients[rnd.IntN(len(clients))], Region: regions[rnd.IntN(len(regions))],
				Func: funcs[rnd.IntN(len(funcs))], Key: str(), Input: input(), Outcome: OutcomeUnknown, Return: ReturnNever}
			calls = append(calls, r.Begin(op.Client, op.Region, op.Func, op.Key, op.Input))
			op.Call = now
			want = append(want, op)
			open = append(open, op.ID)
			continue
		}
		k := rnd.IntN(len(open))
		op := &want[open[k]]
		open = append(open[:k], open[k+1:]...)
		op.Output, op.Outcome = output(), outcomes[rnd.IntN(len(outcomes))]
		var err error
		if rnd.IntN(3) == 0 {
			op.Error = str()
			err = errors.New(op.Error)
		}
		if rnd.IntN(4) == 0 {
			op.Input = input()
			calls[op.ID].EndWithInput(op.Input, op.Output, op.Outcome, err)
		} else {
			calls[op.ID].End(op.Output, op.Outcome, err)
		}
		op.Return = now
	}
	got := r.History().Ops
	require.Len(t, got, len(want))
	for i := range want {
		require.Equal(t, want[i], got[i], "op %d", i)
	}
}
