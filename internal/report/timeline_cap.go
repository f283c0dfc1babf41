package report

import (
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

// timelineOpCap is the cap in force: maxTimelineOps, except in tests that
// need histories past it without the time 150,000 ops take under -race.
var timelineOpCap = maxTimelineOps

// maxTimelineBytes caps the timeline's encoded data for any history,
// leaving the rest of report.html (tens of kB, plus the checker's
// porcupine drawing of a few illegal keys: up to 0.9 MB seen) 1.5 MB of
// its 5. Ops whose keys and labels compress worse than maxTimelineOps
// assumes (random values, say) shrink the cap until the data fits.
const maxTimelineBytes = 7 << 19 // 3.5 MiB

// fitTimeline builds the timeline data of src's ops (see timelineFrom)
// and encodes it within maxTimelineBytes. sv is src's survey.
func fitTimeline(src opSource, sv *survey, anns []history.Annotation, bad map[int]bool, clock string) (timelineData, string, error) {
	p := &timelinePick{src: src, sv: sv, order: sv.callOrder(src)}
	limit, fixed := timelineOpCap, -1
	var at func(i int) *history.Op
	for {
		kept, omitted := p.pick(limit)
		if at == nil { // a smaller limit keeps a subset of these
			at = src.fetch(sv, kept)
		}
		d := timelineFrom(sv, anns, kept, omitted, at, bad, clock)
		enc, err := d.encode()
		if err != nil || len(enc) <= maxTimelineBytes || d.Shown == 0 {
			return d, enc, err
		}
		if fixed < 0 { // what the data costs without ops: the annotations
			e, err := timelineFrom(sv, anns, nil, sv.n, at, bad, clock).encode()
			if err != nil {
				return d, enc, err
			}
			fixed = len(e)
		}
		room, opBytes := maxTimelineBytes*9/10-fixed, len(enc)-fixed
		if room <= 0 || opBytes <= 0 {
			// Fewer ops would not fit the data to the budget: a run with
			// more fault annotations than it has room for draws what the
			// op cap allows, as before the byte budget.
			return d, enc, nil
		}
		// Aim 10% under the budget: fewer ops cost a little more each
		// (the string tables are shared by fewer).
		limit = int(int64(d.Shown) * int64(room) / int64(opBytes))
	}
}

// maxLabelBytes caps an op's label in the timeline: a value may be
// megabytes long, and the label only has to tell ops apart at a glance.
const maxLabelBytes = 48

// timelinePick chooses the ops of a survey's history to draw.
type timelinePick struct {
	src opSource
	sv  *survey
	// order is the op indexes in call order; nil when that is index order.
	order []int
	// inKey marks the ops of the keys a finding names (made when needed).
	inKey []bool
}

// pick returns the ops to draw, at most limit of them, as indexes in call
// order, and the number of ops left out: every op when they fit, else the
// ops findings name, then the rest of their keys' ops, then the earliest
// ops, each stopping at the cap.
func (p *timelinePick) pick(limit int) (kept []int, omitted int) {
	n := p.sv.n
	at := func(j int) int {
		if p.order == nil {
			return j
		}
		return p.order[j]
	}
	if n <= limit || len(p.sv.badAt) == 0 { // all, or only the earliest
		kept = make([]int, min(n, limit))
		for j := range kept {
			kept[j] = at(j)
		}
		return kept, n - len(kept)
	}
	if p.inKey == nil {
		p.inKey = p.sv.inBadKeys(p.src)
	}
	isBad := make(map[int]bool, len(p.sv.badAt))
	for _, i := range p.sv.badAt {
		isBad[i] = true
	}
	keep := make([]bool, n)
	m := 0
	for _, pass := range []func(i int) bool{
		func(i int) bool { return isBad[i] },
		func(i int) bool { return p.inKey[i] },
		func(int) bool { return true },
	} {
		for j := 0; j < n && m < limit; j++ {
			if i := at(j); !keep[i] && pass(i) {
				keep[i] = true
				m++
			}
		}
	}
	kept = make([]int, 0, m)
	for j := range n {
		if i := at(j); keep[i] {
			kept = append(kept, i)
		}
	}
	return kept, n - len(kept)
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
