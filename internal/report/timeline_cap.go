package report

import (
	"slices"

	"github.com/kvchaos/kvchaos/history"
)

// maxTimelineOps caps the ops the page's timeline carries: at about 14
// bytes an op once gzipped, it keeps report.html under 5 MB for any
// history. A longer history's timeline shows every op of the keys a finding
// names, then the earliest ops in call order; the page says how many it
// left out.
const maxTimelineOps = 150_000

// maxLabelBytes caps an op's label in the timeline: a value may be
// megabytes long, and the label only has to tell ops apart at a glance.
const maxLabelBytes = 48

// timelineOrder returns the ops of h to draw, as indexes in call order,
// and the number of ops left out.
func timelineOrder(h history.History, bad map[int]bool) (order []int, omitted int) {
	order = make([]int, len(h.Ops))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmpInt64(h.Ops[a].Call, h.Ops[b].Call) })
	if len(order) <= maxTimelineOps {
		return order, 0
	}
	badKey := map[string]bool{}
	for _, op := range h.Ops {
		if bad[op.ID] {
			badKey[op.Key] = true
		}
	}
	keep := make([]bool, len(h.Ops))
	n := 0
	// The ops findings name first, then the rest of their keys' ops, then
	// the earliest ops: each pass stops at the cap.
	for _, pass := range []func(op *history.Op) bool{
		func(op *history.Op) bool { return bad[op.ID] },
		func(op *history.Op) bool { return badKey[op.Key] },
		func(*history.Op) bool { return true },
	} {
		for _, i := range order {
			if n == maxTimelineOps {
				break
			}
			if !keep[i] && pass(&h.Ops[i]) {
				keep[i] = true
				n++
			}
		}
	}
	kept := order[:0]
	for _, i := range order {
		if keep[i] {
			kept = append(kept, i)
		}
	}
	return kept, len(h.Ops) - len(kept)
}

// cutLabel shortens a label to maxLabelBytes, on a rune boundary, with an
// ellipsis.
func cutLabel(s string) string {
	if len(s) <= maxLabelBytes {
		return s
	}
	cut := maxLabelBytes
	for cut > 0 && s[cut]&0xC0 == 0x80 { // not inside a UTF-8 sequence
		cut--
	}
	return s[:cut] + "…"
}
