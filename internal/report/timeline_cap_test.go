package report

import (
	"bytes"
	"fmt"
	"math/rand/v2"
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
	d := buildTimeline(h, map[int]bool{last: true}, "virtual time", maxTimelineOps)
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
	d := buildTimeline(longHistory(3000), nil, "virtual time", maxTimelineOps)
	assert.Equal(t, 3000, d.Shown)
	assert.Zero(t, d.Omitted)
}

func TestCutLabelKeepsWholeRunes(t *testing.T) {
	s := strings.Repeat("é", 40) // 80 bytes
	got := string(cutLabel([]byte(s)))
	assert.True(t, strings.HasSuffix(got, "…"))
	assert.LessOrEqual(t, len(got), maxLabelBytes+len("…"))
	assert.Equal(t, strings.Repeat("é", 24)+"…", got)
	assert.Equal(t, "short", string(cutLabel([]byte("short"))))
}

func TestTimelineOfARegisterRunFitsItsCapWithRoomToSpare(t *testing.T) {
	h := registerHistory(maxTimelineOps + 1000)
	d, enc, err := fitHistoryTimeline(h, nil, "virtual time")
	require.NoError(t, err)
	assert.Equal(t, maxTimelineOps, d.Shown, "the byte budget leaves the op cap alone")
	gzPerOp := float64(len(enc)) * 3 / 4 / float64(d.Shown)
	assert.Less(t, gzPerOp, 12.0, "maxTimelineOps assumes about 10.6 gzipped bytes an op")
	assert.Less(t, len(enc), maxTimelineBytes*2/3)
}

// randomHistory: n puts of random 64-byte values (which no compressor
// shrinks much) over n/2 keys named by random text, 1 µs apart.
func randomHistory(n int) history.History {
	rng := rand.New(rand.NewPCG(3, 4))
	text := func(size int) string {
		b := make([]byte, size)
		for i := range b {
			b[i] = byte('0' + rng.IntN(75)) // '0'..'z': nothing JSON escapes
		}
		return string(b)
	}
	keys := make([]string, n/2)
	for i := range keys {
		keys[i] = text(16)
	}
	h := history.History{Ops: make([]history.Op, n)}
	for i := range h.Ops {
		h.Ops[i] = history.Op{ID: i, Client: i % 8, Func: history.FuncPut, Key: keys[rng.IntN(len(keys))],
			Input: history.Input{Value: text(64)}, Outcome: history.OutcomeOK, Call: int64(i) * 1000, Return: int64(i)*1000 + 800}
	}
	return h
}

func TestTimelineOfIncompressibleOpsDrawsFewerToStayUnder5MB(t *testing.T) {
	n := maxTimelineOps + 5000
	h := randomHistory(n)
	last := n - 1
	rep := checker.Report{Results: []checker.Result{{Check: checker.Sessions, Status: checker.StatusViolated,
		Anomalies: []checker.Anomaly{{Kind: checker.KindStaleRead, Key: h.Ops[last].Key, Ops: []int{last}, Text: "stale"}}}}}
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, Data{Title: "random", History: h, Report: rep}))
	page := buf.String()
	assert.Less(t, len(page), 5<<20, "report.html stays under 5 MB")

	d, enc, err := fitHistoryTimeline(h, map[int]bool{last: true}, "virtual time")
	require.NoError(t, err)
	assert.LessOrEqual(t, len(enc), maxTimelineBytes)
	assert.Greater(t, len(enc), maxTimelineBytes*3/4, "the budget is used, not wasted")
	assert.Less(t, d.Shown, maxTimelineOps, "ops this costly do not fit 150,000 to the budget")
	assert.Greater(t, d.Shown, 20_000)
	assert.Equal(t, []int{last}, d.Bad, "the op a finding names is still drawn")
	assert.True(t, strings.Contains(page, fmt.Sprintf("draw %d of the history's %d operations", d.Shown, n)), "the page says what it drew")
	assert.True(t, strings.Contains(page, fmt.Sprintf("%d are left out", n-d.Shown)), "the page says what it left out")
}

// A run with more fault annotations than the byte budget has room for
// (a long nemesis run) still draws the ops the op cap allows: dropping
// ops cannot make the annotations fit, so the budget does not shrink
// them (it drew none at 3M nemesis ops before).
func TestTimelineOfManyAnnotationsKeepsItsOps(t *testing.T) {
	defer func(cap int) { timelineOpCap = cap }(timelineOpCap)
	timelineOpCap = 3000
	n := timelineOpCap + 1000
	h := registerHistory(n)
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range 250_000 {
		h.Annotations = append(h.Annotations, history.Annotation{Kind: history.AnnotationFault,
			Text: fmt.Sprintf("partition %016x", rng.Uint64()), Start: int64(i) * 10, End: int64(i)*10 + 5})
	}
	d, enc, err := fitHistoryTimeline(h, nil, "virtual time")
	require.NoError(t, err)
	assert.Greater(t, len(enc), maxTimelineBytes, "the annotations alone are over the budget")
	assert.Equal(t, timelineOpCap, d.Shown, "the ops are drawn up to the op cap")
}
