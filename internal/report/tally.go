package report

import "github.com/kvchaos/kvchaos/history"

// Tally is what the page needs to know of every op of a history before
// the findings say which ops it lists: the span, the clients, whether the
// ops are in call order, and copies of the first timelineOpCap ops (the
// ones drawn unless findings pick others). A caller that passes over the
// ops anyway, to check them, can Add each to a Tally for Data.Tally and
// spare the page a pass. The zero Tally is empty.
type Tally struct {
	n int
	// t0 and t1 are the first call and last call or return.
	t0, t1   int64
	prevCall int64
	// cs are the clients in order of appearance, regionOf the region
	// each one last named.
	cs       []int
	regionOf map[int]string
	unsorted bool
	// head holds copies of the first ops in chunks of headChunk, which
	// cost no copying as they grow.
	head [][]history.Op
	held bool // (head is not kept: the ops are held)
}

// headChunk is the size of a chunk of Tally.head.
const headChunk = 1 << 12

// Add tallies op, the next op of the history in ID order.
func (t *Tally) Add(op *history.Op) {
	if !t.held && t.n < timelineOpCap {
		if t.n%headChunk == 0 {
			t.head = append(t.head, make([]history.Op, 0, headChunk))
		}
		c := &t.head[len(t.head)-1]
		*c = append(*c, *op)
	}
	if t.n == 0 {
		t.t0, t.t1, t.prevCall = op.Call, op.Call, op.Call
		t.regionOf = map[int]string{}
	}
	t.n++
	t.t0, t.t1 = min(t.t0, op.Call), max(t.t1, op.Call)
	if returned(*op) {
		t.t1 = max(t.t1, op.Return)
	}
	if op.Call < t.prevCall {
		t.unsorted = true
	}
	t.prevCall = op.Call
	if r, ok := t.regionOf[op.Client]; !ok || op.Region != "" && op.Region != r {
		if !ok {
			t.cs = append(t.cs, op.Client)
		}
		if !ok || op.Region != "" {
			t.regionOf[op.Client] = op.Region
		}
	}
}
