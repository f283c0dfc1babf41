package report

import (
	"iter"
	"slices"
	"sort"

	"github.com/kvchaos/kvchaos/history"
)

// opSource is the ops of the history a report shows: held whole (a
// History's Ops), or handed over one at a time by a pass (Data.Ops), so
// that a long run's report needs neither every op as a history.Op nor
// random access. Every use is one or a few passes in index order, and the
// ops the page lists are copied.
type opSource struct {
	held []history.Op
	each iter.Seq[*history.Op]
}

// sourceOf returns d's ops: d.Ops when set, else d.History.Ops.
func sourceOf(d Data) opSource {
	if d.Ops != nil {
		return opSource{each: d.Ops}
	}
	return opSource{held: d.History.Ops}
}

// pass calls f with every op and its index, in index order, until f
// returns false. op is valid only during the call.
func (s opSource) pass(f func(i int, op *history.Op) bool) {
	if s.each == nil {
		for i := range s.held {
			if !f(i, &s.held[i]) {
				return
			}
		}
		return
	}
	i := 0
	for op := range s.each {
		if !f(i, op) {
			return
		}
		i++
	}
}

// survey is what the page knows of the ops: their tally, and the ops the
// findings and witnesses name.
type survey struct {
	n int
	// t0 and t1 are the span: see span.
	t0, t1 int64
	// cs and regionOf are the lanes (clients sorted): see lanes.
	cs       []int
	regionOf map[int]string
	// sorted: the ops are in call order (a recorded history is).
	sorted bool
	// badAt are the indexes of the ops a finding names, in index order,
	// and badKeys their keys.
	badAt   []int
	badKeys map[string]bool
	// keyOf numbers each op's key (keys lists them) when the pass that
	// found badAt had to read a source that is not held: inBadKeys then
	// needs no pass of its own.
	keyOf []int32
	keys  interner
	// badOps are copies of the first timelineOpCap of them from a
	// source that is not held (the timeline draws no more), parallel to
	// badAt.
	badOps []history.Op
	// listed are copies of the first maxListedOps of them; moreListed
	// counts the rest.
	listed     []history.Op
	moreListed int
	// byID are copies of the ops of the IDs asked for (witness steps):
	// the op at index ID when it has that ID, else the last with it.
	byID  map[int]history.Op
	exact map[int]bool
	// head are the tally's copies of the first ops of a source that is
	// not held (see Tally.head), and nHead their number.
	head  [][]history.Op
	nHead int
}

// surveyOps passes over src for the ops bad names and the ops of the IDs
// in want and, unless t tallies them already, for their tally: one pass
// at most, none when t is given and nothing is wanted.
func surveyOps(src opSource, t *Tally, anns []history.Annotation, bad map[int]bool, want map[int]bool) *survey {
	sv := &survey{badKeys: map[string]bool{}, byID: map[int]history.Op{}, exact: map[int]bool{}}
	tally := t == nil
	if tally {
		t = &Tally{held: src.each == nil}
	}
	keyed := src.each != nil && len(bad) > 0
	if keyed {
		sv.keyOf = make([]int32, 0, t.n)
	}
	if tally || len(bad) > 0 || len(want) > 0 {
		src.pass(func(i int, op *history.Op) bool {
			if tally {
				t.Add(op)
			}
			if keyed {
				sv.keyOf = append(sv.keyOf, int32(sv.keys.id(op.Key)))
			}
			if len(bad) > 0 && bad[op.ID] {
				sv.badAt = append(sv.badAt, i)
				sv.badKeys[op.Key] = true
				if src.each != nil && len(sv.badOps) < timelineOpCap {
					sv.badOps = append(sv.badOps, *op)
				}
				if len(sv.listed) < maxListedOps {
					sv.listed = append(sv.listed, *op)
				} else {
					sv.moreListed++
				}
			}
			if len(want) > 0 && want[op.ID] && !sv.exact[op.ID] {
				sv.byID[op.ID], sv.exact[op.ID] = *op, i == op.ID
			}
			return true
		})
	}
	sv.n, sv.t0, sv.t1, sv.regionOf, sv.sorted, sv.head = t.n, t.t0, t.t1, t.regionOf, !t.unsorted, t.head
	sv.nHead = min(t.n, timelineOpCap)
	if t.held {
		sv.nHead = 0
	}
	sv.cs = slices.Sorted(slices.Values(t.cs))
	if sv.n == 0 {
		sv.t0, sv.t1 = 0, 1
		return sv
	}
	for _, a := range anns {
		sv.t1 = max(sv.t1, a.Start)
	}
	if sv.t1 <= sv.t0 {
		sv.t1 = sv.t0 + 1
	}
	return sv
}

// callOrder returns the op indexes in call order (ties by index), or nil
// when the ops are in call order already.
func (sv *survey) callOrder(src opSource) []int {
	if sv.sorted {
		return nil
	}
	order := make([]int, sv.n)
	calls := make([]int64, sv.n)
	src.pass(func(i int, op *history.Op) bool {
		order[i], calls[i] = i, op.Call
		return true
	})
	sort.SliceStable(order, func(a, b int) bool { return calls[order[a]] < calls[order[b]] })
	return order
}

// inBadKeys marks the ops whose key is that of an op a finding names.
func (sv *survey) inBadKeys(src opSource) []bool {
	in := make([]bool, sv.n)
	if sv.keyOf != nil {
		bad := make([]bool, len(sv.keys.list))
		for k := range sv.badKeys {
			bad[sv.keys.ids[k]] = true
		}
		for i, k := range sv.keyOf {
			in[i] = bad[k]
		}
		return in
	}
	src.pass(func(i int, op *history.Op) bool {
		in[i] = sv.badKeys[op.Key]
		return true
	})
	return in
}

// fetch returns a lookup of the ops at the indexes idx (in any order):
// into the held ops, or, for a source that is not held, into the copies
// sv holds (the first ops, the ops findings name) or else copies made in
// one pass.
func (s opSource) fetch(sv *survey, idx []int) func(i int) *history.Op {
	if s.each == nil {
		return func(i int) *history.Op { return &s.held[i] }
	}
	held := func(i int) *history.Op {
		if i < sv.nHead {
			return &sv.head[i/headChunk][i%headChunk]
		}
		if j, ok := slices.BinarySearch(sv.badAt, i); ok && j < len(sv.badOps) {
			return &sv.badOps[j]
		}
		return nil
	}
	var at []int // the indexes sv holds no copy of
	for _, i := range idx {
		if held(i) == nil {
			at = append(at, i)
		}
	}
	if len(at) == 0 {
		return held
	}
	slices.Sort(at)
	got := make([]history.Op, 0, len(at))
	s.pass(func(i int, op *history.Op) bool {
		if i == at[len(got)] {
			got = append(got, *op)
		}
		return len(got) < len(at)
	})
	return func(i int) *history.Op {
		if op := held(i); op != nil {
			return op
		}
		if j, ok := slices.BinarySearch(at, i); ok && j < len(got) {
			return &got[j]
		}
		// The source gave fewer ops than it held before (a file changed
		// between passes; the caller reports that): an op known by ID only.
		return &history.Op{ID: i, Outcome: history.OutcomeUnknown, Return: history.ReturnNever}
	}
}
