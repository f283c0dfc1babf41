package report

import (
	"slices"

	"github.com/kvchaos/kvchaos/history"
)

// maxTimelineOps caps the ops the page's timeline carries. A longer
// history's timeline shows every op of the keys a finding names, then the
// earliest ops in call order; the page says how many it left out.
//
// It is sized from the gzipped bytes an op costs (at gzip.BestSpeed, see
// encode): 5 to 11 on the built-in workloads (200k-op runs of each on
// sim:// presets and mem://; BenchmarkTimeline's register history: 10.6),
// so the cap costs about 1.5 MB and at most 2.2 MB of base64, well inside
// maxTimelineBytes, which allows 18 bytes an op.
const maxTimelineOps = 150_000

// maxTimelineBytes caps the timeline's encoded data for any history,
// leaving the rest of report.html (tens of kB, plus the checker's
// porcupine drawing of a few illegal keys: up to 0.9 MB seen) 1.5 MB of
// its 5. Ops whose keys and labels compress worse than maxTimelineOps
// assumes (random values, say) shrink the cap until the data fits.
const maxTimelineBytes = 7 << 19 // 3.5 MiB

// fitTimeline builds h's timeline data (see buildTimeline) and encodes it
// within maxTimelineBytes.
func fitTimeline(h history.History, bad map[int]bool, clock string) (timelineData, string, error) {
	limit := maxTimelineOps
	for {
		d := buildTimeline(h, bad, clock, limit)
		enc, err := d.encode()
		if err != nil || len(enc) <= maxTimelineBytes || d.Shown == 0 {
			return d, enc, err
		}
		// Aim 10% under the budget: fewer ops cost a little more each
		// (the string tables are shared by fewer).
		limit = int(int64(d.Shown) * maxTimelineBytes * 9 / 10 / int64(len(enc)))
	}
}

// maxLabelBytes caps an op's label in the timeline: a value may be
// megabytes long, and the label only has to tell ops apart at a glance.
const maxLabelBytes = 48

// timelineOrder returns the ops of h to draw, at most limit of them, as
// indexes in call order, and the number of ops left out.
func timelineOrder(h history.History, bad map[int]bool, limit int) (order []int, omitted int) {
	order = make([]int, len(h.Ops))
	for i := range order {
		order[i] = i
	}
	byCall := func(a, b int) int { return cmpInt64(h.Ops[a].Call, h.Ops[b].Call) }
	if !slices.IsSortedFunc(order, byCall) { // a recorded history is in call order already
		slices.SortStableFunc(order, byCall)
	}
	if len(order) <= limit {
		return order, 0
	}
	if len(bad) == 0 { // only the earliest ops
		return order[:limit], len(order) - limit
	}
	badKey := map[string]bool{}
	for i := range h.Ops {
		if bad[h.Ops[i].ID] {
			badKey[h.Ops[i].Key] = true
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
			if n == limit {
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
// ellipsis, in place.
func cutLabel(s []byte) []byte {
	if len(s) <= maxLabelBytes {
		return s
	}
	cut := maxLabelBytes
	for cut > 0 && s[cut]&0xC0 == 0x80 { // not inside a UTF-8 sequence
		cut--
	}
	return append(s[:cut], "…"...)
}
