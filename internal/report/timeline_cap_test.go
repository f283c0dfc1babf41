package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
)

// longHistory: n puts of distinct 2 KiB values over 1000 keys, one client
// per ten keys, 1 ms apart.
func longHistory(n int) history.History {
	h := history.History{Ops: make([]history.Op, n)}
	pad := strings.Repeat("x", 2048)
	for i := range h.Ops {
		k := i % 1000
		h.Ops[i] = history.Op{ID: i, Client: k / 10, Func: history.FuncPut, Key: fmt.Sprintf("k%d", k),
			Input: history.Input{Value: fmt.Sprintf("%d-%s", i, pad)}, Outcome: history.OutcomeOK,
			Call: int64(i) * 1e6, Return: int64(i)*1e6 + 5e5}
	}
	return h
}

func TestTimelineOfALongHistoryKeepsTheFindingsKeysAndSaysWhatItLeftOut(t *testing.T) {
	n := maxTimelineOps + 5000
	h := longHistory(n)
	last := n - 1 // a finding names the very last op: its key is kept whole
	d := buildTimeline(h, map[int]bool{last: true}, "virtual time")
	assert.Equal(t, maxTimelineOps, d.Shown)
	assert.Equal(t, 5000, d.Omitted)
	assert.Equal(t, []int{last}, d.Bad, "the op a finding names is drawn")
	keyOfLast := h.Ops[last].Key
	drawn := 0
	for _, k := range d.Key {
		if d.Keys[k] == keyOfLast {
			drawn++
		}
	}
	assert.Equal(t, n/1000, drawn, "every op of the finding's key is drawn")
	for _, l := range d.Labels {
		require.LessOrEqual(t, len(l), maxLabelBytes+len("…"), "labels are cut")
	}

	var buf bytes.Buffer
	require.NoError(t, Write(&buf, Data{Title: "long", History: h, Report: checker.Report{}}))
	page := buf.String()
	assert.Less(t, len(page), 5<<20, "report.html stays under 5 MB")
	// (True, not Contains: a failure would print the whole page.)
	assert.True(t, strings.Contains(page, fmt.Sprintf("draw %d of the history's %d operations", maxTimelineOps, n)), "the page says what it drew")
	assert.True(t, strings.Contains(page, "5000 are left out"), "the page says what it left out")
}

func TestTimelineOfAShortHistoryDrawsEveryOp(t *testing.T) {
	d := buildTimeline(longHistory(3000), nil, "virtual time")
	assert.Equal(t, 3000, d.Shown)
	assert.Zero(t, d.Omitted)
}

func TestCutLabelKeepsWholeRunes(t *testing.T) {
	s := strings.Repeat("é", 40) // 80 bytes
	got := cutLabel(s)
	assert.True(t, strings.HasSuffix(got, "…"))
	assert.LessOrEqual(t, len(got), maxLabelBytes+len("…"))
	assert.Equal(t, strings.Repeat("é", 24)+"…", got)
	assert.Equal(t, "short", cutLabel("short"))
}
