package report

import (
	"bytes"
	"fmt"
	"iter"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
)

// passesOver hands over h's ops as a recorder's replay does: each in a
// buffer the next one overwrites, so a page that kept a pointer shows it.
func passesOver(h history.History) iter.Seq[*history.Op] {
	return func(yield func(*history.Op) bool) {
		var cur history.Op
		for _, op := range h.Ops {
			cur = op
			if !yield(&cur) {
				return
			}
			cur = history.Op{Key: "overwritten", Input: history.Input{Value: "overwritten"}}
		}
	}
}

// findingsOn names op last in a session finding and explains a
// linearizability witness of ops on its key.
func findingsOn(h history.History, last int, order []int) checker.Report {
	return checker.Report{Results: []checker.Result{
		{Check: checker.Sessions, Status: checker.StatusViolated,
			Anomalies: []checker.Anomaly{{Kind: checker.KindStaleRead, Key: h.Ops[last].Key, Ops: []int{last, order[0]}, Text: "stale"}}},
		{Check: checker.Linearizable, Status: checker.StatusViolated, Linearizability: &checker.LinearizabilityDetail{
			Explained: map[string]checker.WitnessOrder{h.Ops[last].Key: {Op: last, Order: order, State: "x", Longest: len(order), Ops: len(order) + 1}}}},
	}}
}

// A page made from passes over the ops (Data.Ops), with or without a
// Tally made beforehand, is the page of the held History byte for byte: a short history, one past the timeline's
// cap with findings (whose ops are fetched in a pass), one of costly ops
// (the cap shrinks), one out of call order, and an empty one.
func TestPageFromPassesIsThePageOfTheHistory(t *testing.T) {
	defer func(cap int) { timelineOpCap = cap }(timelineOpCap)
	timelineOpCap = 3000 // the cap's paths, at a size -race runs in seconds
	n := timelineOpCap + 5000
	long := longHistory(n)
	unsorted := longHistory(n)
	for i := 0; i+1 < n; i += 7 { // calls out of order, some tied
		unsorted.Ops[i].Call, unsorted.Ops[i+1].Call = unsorted.Ops[i+1].Call, unsorted.Ops[i].Call
		unsorted.Ops[i+1].Return = max(unsorted.Ops[i+1].Return, unsorted.Ops[i+1].Call)
	}
	unsorted.Ops[n/2].Call = unsorted.Ops[n/2-1].Call
	unsorted.Annotations = []history.Annotation{{Kind: history.AnnotationFault, Text: "partition", Start: 5e6, End: 9e6}}
	random := randomHistory(n)
	short := quietHistory()
	for _, c := range []struct {
		name string
		h    history.History
		rep  checker.Report
	}{
		{"short", short, findingsOn(short, 1, []int{0})},
		{"long", long, findingsOn(long, n-1, []int{n - 1001, 5, n - 2001})},
		{"long, valid", long, checker.Report{}},
		{"random", random, findingsOn(random, n-1, []int{3})},
		{"unsorted", unsorted, findingsOn(unsorted, n-3, []int{n - 1003, 7})},
		{"empty", history.History{}, checker.Report{}},
	} {
		var held, passed bytes.Buffer
		require.NoError(t, Write(&held, Data{Title: c.name, History: c.h, Report: c.rep, Clock: ClockVirtual}))
		require.NoError(t, Write(&passed, Data{Title: c.name, History: history.History{Annotations: c.h.Annotations},
			Ops: passesOver(c.h), Report: c.rep, Clock: ClockVirtual}))
		assert.True(t, bytes.Equal(held.Bytes(), passed.Bytes()), "%s: the pages differ", c.name) // (not Equal: it would print both)
		if len(c.h.Ops) > timelineOpCap {
			assert.Contains(t, held.String(), fmt.Sprintf("draw %d of the history's %d operations", timelineOpCap, n), "%s: past the cap", c.name)
		}

		var tally Tally
		for op := range passesOver(c.h) {
			tally.Add(op)
		}
		var tallied bytes.Buffer
		require.NoError(t, Write(&tallied, Data{Title: c.name, History: history.History{Annotations: c.h.Annotations},
			Ops: passesOver(c.h), Tally: &tally, Report: c.rep, Clock: ClockVirtual}))
		assert.True(t, bytes.Equal(held.Bytes(), tallied.Bytes()), "%s: the tallied page differs", c.name)
	}
}
