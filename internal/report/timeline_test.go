package report

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/history"
)

// quietHistory: two clients write and read during the workload, a fault
// in between, then quiescence 60 s later and a final read.
func quietHistory() history.History {
	const ms = int64(1_000_000)
	return history.History{
		Ops: []history.Op{
			{ID: 0, Client: 0, Region: "us", Func: history.FuncPut, Key: "k", Input: history.Input{Value: "v1"}, Outcome: history.OutcomeOK, Call: 0, Return: 2 * ms},
			{ID: 1, Client: 1, Region: "eu", Func: history.FuncGet, Key: "k", Output: history.Output{Value: "v1", Found: true}, Outcome: history.OutcomeOK, Call: 1 * ms, Return: 3 * ms},
			{ID: 2, Client: 1, Region: "eu", Func: history.FuncPut, Key: "k", Input: history.Input{Value: "v2"}, Outcome: history.OutcomeUnknown, Error: "timeout", Call: 4 * ms, Return: history.ReturnNever},
			{ID: 3, Client: 2, Func: history.FuncGet, Key: "k", Output: history.Output{Value: "v2", Found: true}, Outcome: history.OutcomeOK, Call: 60_005 * ms, Return: 60_006 * ms},
		},
		Annotations: []history.Annotation{
			{Kind: history.AnnotationFault, Text: "partition", Regions: []string{"us"}, Start: 1 * ms, End: 3 * ms},
			{Kind: history.AnnotationQuiescent, Text: "quiescent", Start: 60_004 * ms, End: 60_004 * ms},
		},
	}
}

func TestTimelineDataIsCompactAndComplete(t *testing.T) {
	d := buildTimeline(quietHistory(), map[int]bool{1: true}, "virtual time", maxTimelineOps)
	assert.Equal(t, int64(1000), d.Unit, "60 s fit in 10^8 units of 1µs")
	assert.Equal(t, []int{1, 1, 1, 1}, d.ID, "IDs 0..3 delta-code to ones")
	assert.Equal(t, []int64{0, 1000, 3000, 60_001_000}, d.Call, "calls are delta-coded in µs")
	assert.Equal(t, []int64{2000, 2000, -1, 1000}, d.Dur, "an op that never returned has no duration")
	assert.Equal(t, []string{"c0 us", "c1 eu", "client 2"}, d.Lanes)
	assert.Equal(t, []int{1 * 4, 0, 1*4 + 2, 0}, d.Code, "put ok, get ok, put unknown, get ok")
	assert.Equal(t, "= v1", d.Labels[d.Label[0]])
	assert.Equal(t, "→ v1", d.Labels[d.Label[1]])
	assert.Equal(t, [][2]int{{2, 0}}, d.Err)
	assert.Equal(t, []string{"timeout"}, d.Errs)
	assert.Equal(t, []int{1}, d.Bad)
	assert.Equal(t, []annData{{Kind: "fault", Text: "partition [us]", Start: 1000, End: 3000}, {Kind: "quiescent", Text: "quiescent", Start: 60_004_000, End: 60_004_000}}, d.Anns)
	assert.Equal(t, int64(60_004_000), d.Quiet)
	assert.Equal(t, int64(4000), d.WorkEnd, "the workload ends at its last return; the unknown put counts from its call")
	assert.Equal(t, int64(60_006_000), d.End)

	enc, err := d.encode()
	require.NoError(t, err)
	raw, err := base64.RawURLEncoding.DecodeString(enc)
	require.NoError(t, err)
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	require.NoError(t, err)
	js, err := io.ReadAll(zr)
	require.NoError(t, err)
	var back timelineData
	require.NoError(t, json.Unmarshal(js, &back))
	assert.Equal(t, 4, d.Shown)
	back.Shown, back.t0 = d.Shown, d.t0 // the page says it in text, not in the data
	assert.Equal(t, d, back, "the page gets exactly the data")
}

func TestTimelineDataOfAnEmptyHistoryHasNoNulls(t *testing.T) {
	d := buildTimeline(history.History{}, nil, "history time", maxTimelineOps)
	js, err := json.Marshal(d)
	require.NoError(t, err)
	assert.NotContains(t, string(js), "null", "the script reads every list's length")
}

func TestTimelineDataStaysSmallPerOp(t *testing.T) {
	h := history.History{}
	for i := 0; i < 20000; i++ {
		call := int64(i) * 37_000
		h.Ops = append(h.Ops, history.Op{ID: i, Client: i % 16, Func: history.FuncPut, Key: "k" + string(rune('a'+i%50)),
			Input: history.Input{Value: "c" + string(rune('a'+i%16)) + "-" + string(rune('a'+i%26))}, Outcome: history.OutcomeOK, Call: call, Return: call + 500_000 + int64(i%7)*1000})
	}
	enc, err := buildTimeline(h, nil, "virtual time", maxTimelineOps).encode()
	require.NoError(t, err)
	assert.Less(t, len(enc), 20000*16, "a few bytes per op (%d)", len(enc)/20000)
}

func TestTimelineLabelIsTheShortLabelWithoutFunctionAndKey(t *testing.T) {
	long := strings.Repeat("é", 40)
	ops := []history.Op{
		{Func: history.FuncGet, Key: "k", Output: history.Output{Value: "v1", Found: true}},
		{Func: history.FuncGet, Key: "k"},
		{Func: history.FuncGet, Key: "k", Output: history.Output{Value: long, Found: true}},
		{Func: history.FuncPut, Key: "k", Input: history.Input{Value: "v2"}},
		{Func: history.FuncPut, Key: "", Input: history.Input{Value: ""}},
		{Func: history.FuncCAS, Key: "k", Input: history.Input{Value: "v3"}},
		{Func: history.FuncAppend, Key: "k", Input: history.Input{Value: long}},
		{Func: history.FuncUpdate, Key: "k", Input: history.Input{Value: "5"}, Output: history.Output{Value: "4", Found: true}},
		{Func: history.FuncUpdate, Key: "k", Input: history.Input{Value: "1"}},
		{Func: history.FuncDelete, Key: "k"},
		{Func: history.FuncList, Input: history.Input{Prefix: "list/"}, Output: history.Output{Keys: []string{"a", "b"}}},
		{Func: history.FuncList, Key: "p", Input: history.Input{Prefix: "p"}},
		{Func: history.FuncList},
	}
	want := []string{"→ v1", "→ ∅", "→ " + strings.Repeat("é", 22) + "…", "= v2", "= ", "= v3", "= " + strings.Repeat("é", 23) + "…",
		"4→5", "∅→1", "delete k", "list list/ → 2", "→ 0", "→ 0"}
	for i, op := range ops {
		old := string(cutLabel([]byte(strings.TrimPrefix(short(op), string(op.Func)+" "+op.Key+" "))))
		got := string(cutLabel(appendLabel(nil, &op)))
		assert.Equal(t, old, got, "op %d", i)
		assert.Equal(t, want[i], got, "op %d", i)
	}
}
