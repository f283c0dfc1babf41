package history

import (
	"bytes"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOnOpStreamsTheOpsReadJSONLReturns: every op ReadJSONL returns is
// handed over once, complete ones as they complete, the one never
// completed at the end, and History.Ops stays empty.
func TestOnOpStreamsTheOpsReadJSONLReturns(t *testing.T) {
	var buf bytes.Buffer
	r := NewRecorder(WithStream(&buf))
	a := r.Begin(1, "", FuncPut, "k", Input{Value: "1"})
	b := r.Begin(2, "", FuncGet, "k", Input{})
	b.End(Output{Value: "1", Found: true}, OutcomeOK, nil)
	r.Begin(3, "", FuncPut, "k", Input{Value: "3"}) // never completes
	a.End(Output{}, OutcomeOK, nil)
	want, _, err := ReadJSONL(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)

	var got []Op
	h, _, err := ReadJSONL(bytes.NewReader(buf.Bytes()), ReadOptions{OnOp: func(op Op) { got = append(got, op) }})
	require.NoError(t, err)
	assert.Empty(t, h.Ops)
	assert.Equal(t, []int{1, 0, 2}, []int{got[0].ID, got[1].ID, got[2].ID}, "in completion order, the unknown op last")
	slices.SortFunc(got, func(x, y Op) int { return x.ID - y.ID })
	assert.Equal(t, want.Ops, got)
}
