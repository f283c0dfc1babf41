package checker

import (
	"fmt"
	"math"
	"math/bits"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/history"
)

// The table gives back every op it holds: IDs and clients past 32 bits,
// more regions than a record numbers, error texts and rare ops included,
// whatever the size hint its builder was given.
func TestTableGivesBackEveryOp(t *testing.T) {
	var h history.History
	for i := range 600 {
		op := history.Op{ID: i, Client: i % 7, Region: fmt.Sprintf("r%d", i%300), Func: history.FuncPut, Key: fmt.Sprintf("k%d", i%5),
			Outcome: history.OutcomeOK, Call: int64(10 * i), Return: int64(10*i + 5), Input: history.Input{Value: fmt.Sprint(i)}}
		switch i % 6 {
		case 1:
			op.ID, op.Client = math.MaxInt32+i, math.MinInt32-i
		case 2:
			op.Outcome, op.Error = history.OutcomeFail, fmt.Sprintf("error %d", i%3)
		case 3:
			op.Func, op.Input = history.FuncCAS, history.Input{Value: "v", ExpectedValue: "w", HasExpectedValue: true}
		case 4:
			op.Func, op.Input, op.Output = history.FuncGet, history.Input{}, history.Output{Found: true, Value: "v", Version: "7"}
		case 5:
			op.Input.TTLMillis = 100 // a rare op
		}
		h.Ops = append(h.Ops, op)
	}
	// The size hint is exact (Check's), too small (the short first chunk
	// is replaced and the side maps re-keyed as ops keep coming) or absent.
	for _, hint := range []int{len(h.Ops), 10, 0} {
		ix := &index{}
		b := newTableBuilder(ix, hint)
		for i := range h.Ops {
			b.add(&h.Ops[i])
		}
		ix = ix.finish()
		require.Equal(t, int32(len(h.Ops)), ix.len())
		for i := range h.Ops {
			require.Equal(t, h.Ops[i], ix.op(int32(i)), "op %d, size hint %d", i, hint)
		}
		require.Len(t, ix.regions, regionWide)
	}
	require.Equal(t, uintptr(48), unsafe.Sizeof(rop{}), "a record of the table")
}

// IDs and clients past 32 bits are named whole in the findings.
func TestWideIDsAndClientsInFindings(t *testing.T) {
	h, lost, winner := lostUpdateOps()
	const shift = 1 << (bits.UintSize - 24) // past 32 bits where int has 64
	for i := range h.Ops {
		h.Ops[i].ID += shift
		h.Ops[i].Client += shift
	}
	_, res := run(h, LostUpdates, ExpectLinearizable)
	require.Len(t, res.Anomalies, 1)
	require.Equal(t, []int{shift + lost, shift + winner}, res.Anomalies[0].Ops[:2])
	require.Contains(t, res.Anomalies[0].Text, fmt.Sprintf("op %d (client %d)", shift+lost, shift+1))
}
