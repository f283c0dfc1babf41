package checker

import (
	"testing"

	"github.com/anishathalye/porcupine"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/model"
)

// genAnyKeyOps draws ops on one key with every function the models step,
// every status, values and versions from small pools ("" included), TTLs
// and both kinds of cas, with random intervals: histories the models must
// judge alike, linearizable or not.
func genAnyKeyOps(t *rapid.T) []history.Op {
	vals := []string{"", "a", "b", "ab", "ba"}
	vers := []string{"", "1", "2"}
	n := rapid.IntRange(1, 8).Draw(t, "ops")
	ops := make([]history.Op, n)
	for i := range ops {
		call := int64(rapid.IntRange(0, 30).Draw(t, "call"))
		op := history.Op{ID: i, Client: i, Key: "x", Call: call, Return: call + int64(rapid.IntRange(0, 10).Draw(t, "dur")),
			Func:    rapid.SampledFrom([]history.Func{history.FuncGet, history.FuncPut, history.FuncDelete, history.FuncAppend, history.FuncUpdate, history.FuncCAS}).Draw(t, "f"),
			Outcome: rapid.SampledFrom([]history.Outcome{history.OutcomeOK, history.OutcomeOK, history.OutcomeFail, history.OutcomeUnknown}).Draw(t, "status")}
		op.Input = history.Input{Value: rapid.SampledFrom(vals).Draw(t, "value"), Expected: rapid.SampledFrom(vers).Draw(t, "expected"),
			ExpectedValue: rapid.SampledFrom(vals).Draw(t, "expectedValue"), HasExpectedValue: rapid.Bool().Draw(t, "byValue")}
		if rapid.IntRange(0, 4).Draw(t, "ttl") == 0 {
			op.Input.TTLMillis = 1000
		}
		op.Output = history.Output{Found: rapid.Bool().Draw(t, "found"), Value: rapid.SampledFrom(vals).Draw(t, "read"),
			Version: rapid.SampledFrom(vers).Draw(t, "version")}
		if op.Outcome == history.OutcomeUnknown {
			op.Return = history.ReturnNever
		}
		ops[i] = op
	}
	return ops
}

func recordedPart(ops []history.Op) []porcupine.Operation {
	part := make([]porcupine.Operation, len(ops))
	for i := range ops {
		part[i] = porcupine.Operation{ClientId: ops[i].Client, Input: &ops[i], Output: &ops[i], Call: ops[i].Call, Return: ops[i].Return}
	}
	return part
}

// Stepped in the same order, intModel and model's model agree on every
// step's legality, and two states are equal in one exactly when they are
// in the other.
func TestIntModelStepsLikeModel(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		kind := rapid.SampledFrom([]model.Kind{model.KindRegister, model.KindKV}).Draw(t, "model")
		pm, err := kind.Porcupine()
		require.NoError(t, err)
		ops := genAnyKeyOps(t)
		part := recordedPart(ops)
		iParts, err := internParts([][]porcupine.Operation{part}, kind != model.KindRegister)
		require.NoError(t, err)
		s, is := pm.Init(), intModel.Init()
		states, istates := []any{s}, []any{is}
		for i := range part {
			ok, next := pm.Step(s, part[i].Input, part[i].Output)
			iok, inext := intModel.Step(is, iParts[0][i].Input, iParts[0][i].Output)
			require.Equal(t, ok, iok, "step %d (%s) from %s", i, pm.DescribeOperation(part[i].Input, part[i].Output), pm.DescribeState(s))
			if ok {
				s, is = next, inext
				states, istates = append(states, s), append(istates, is)
			}
		}
		for a := range states {
			for b := range states {
				assert.Equal(t, pm.Equal(states[a], states[b]), intModel.Equal(istates[a], istates[b]),
					"%s and %s", pm.DescribeState(states[a]), pm.DescribeState(states[b]))
			}
		}
	})
}

// Porcupine's search reaches the same verdict with either model.
func TestIntModelSearchesLikeModel(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		kind := rapid.SampledFrom([]model.Kind{model.KindRegister, model.KindKV}).Draw(t, "model")
		pm, err := kind.Porcupine()
		require.NoError(t, err)
		part := recordedPart(genAnyKeyOps(t))
		iParts, err := internParts([][]porcupine.Operation{part}, kind != model.KindRegister)
		require.NoError(t, err)
		pm.Partition = func([]porcupine.Operation) [][]porcupine.Operation { return [][]porcupine.Operation{part} }
		im := intModel
		im.Partition = func([]porcupine.Operation) [][]porcupine.Operation { return iParts }
		assert.Equal(t, porcupine.CheckOperations(pm, nil), porcupine.CheckOperations(im, nil))
	})
}

func TestInternPartNamesAnOpItCannotStep(t *testing.T) {
	ops := []history.Op{{ID: 7, Key: "x", Func: history.FuncList}}
	_, err := internParts([][]porcupine.Operation{recordedPart(ops)}, true)
	assert.EqualError(t, err, "checker: op 7 is a list, which the models do not step")
}
