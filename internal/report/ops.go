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

// survey is what one pass over the ops tells the report.
type survey struct {
	n int
	// t0 and t1 are the span: see span.
	t0, t1 int64
	// cs and regionOf are the lanes: see lanes.
	cs       []int
	regionOf map[int]string
	// sorted: the ops are in call order (a recorded history is).
	sorted bool
	// badAt are the indexes of the ops a finding names, in index order,
	// and badKeys their keys.
	badAt   []int
	badKeys map[string]bool
	// listed are copies of the first maxListedOps of them; moreListed
	// counts the rest.
	listed     []history.Op
	moreListed int
	// byID are copies of the ops of the IDs asked for (witness steps):
	// the op at index ID when it has that ID, else the last with it.
	byID  map[int]history.Op
	exact map[int]bool
	// head are copies of the first maxTimelineOps ops of a source that
	// is not held: the ops drawn unless findings pick others.
	head []history.Op
}

// surveyOps passes over src once for the span, the lanes, the ops bad
// names and the ops of the IDs in want.
func surveyOps(src opSource, anns []history.Annotation, bad map[int]bool, want map[int]bool) *survey {
	sv := &survey{regionOf: map[int]string{}, badKeys: map[string]bool{}, sorted: true, byID: map[int]history.Op{}, exact: map[int]bool{}}
	prevCall := int64(0)
	src.pass(func(i int, op *history.Op) bool {
		if src.each != nil && i < maxTimelineOps {
			sv.head = append(sv.head, *op)
		}
		if i == 0 {
			sv.t0, sv.t1, prevCall = op.Call, op.Call, op.Call
		}
		sv.n++
		sv.t0, sv.t1 = min(sv.t0, op.Call), max(sv.t1, op.Call)
		if returned(*op) {
			sv.t1 = max(sv.t1, op.Return)
		}
		if op.Call < prevCall {
			sv.sorted = false
		}
		prevCall = op.Call
		if r, ok := sv.regionOf[op.Client]; !ok || op.Region != "" && op.Region != r {
			if !ok {
				sv.cs = append(sv.cs, op.Client)
			}
			if !ok || op.Region != "" {
				sv.regionOf[op.Client] = op.Region
			}
		}
		if len(bad) > 0 && bad[op.ID] {
			sv.badAt = append(sv.badAt, i)
			sv.badKeys[op.Key] = true
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
	slices.Sort(sv.cs)
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
	src.pass(func(i int, op *history.Op) bool {
		in[i] = sv.badKeys[op.Key]
		return true
	})
	return in
}

// fetch returns a lookup of the ops at the indexes idx (in any order):
// into the held ops, into sv.head, or into copies made in one pass.
func (s opSource) fetch(sv *survey, idx []int) func(i int) *history.Op {
	switch {
	case s.each == nil:
		return func(i int) *history.Op { return &s.held[i] }
	case len(idx) == 0 || slices.Max(idx) < len(sv.head):
		return func(i int) *history.Op { return &sv.head[i] }
	}
	at := slices.Clone(idx)
	slices.Sort(at)
	got := make([]history.Op, 0, len(at))
	s.pass(func(i int, op *history.Op) bool {
		if i == at[len(got)] {
			got = append(got, *op)
		}
		return len(got) < len(at)
	})
	return func(i int) *history.Op {
		j, _ := slices.BinarySearch(at, i)
		return &got[j]
	}
}
