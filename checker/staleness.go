package checker

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"time"
)

// StalenessDetail summarises how stale reads were.
type StalenessDetail struct {
	// Reads counts the reads judged: ok reads whose value could be
	// attributed, that began after at least one write of their key had
	// completed.
	Reads int `json:"reads"`
	Stale int `json:"stale"`
	// MaxVersionsBehind is the most completed writes a stale read missed;
	// MaxStaleness the longest time a read began after the newest write it
	// missed had completed.
	MaxVersionsBehind int           `json:"max_versions_behind"`
	MaxStaleness      time.Duration `json:"max_staleness_ns"`
	// TVisibility are points of P[a read issued at least Delta after a
	// write completed returns that write or a newer one] (PBS
	// t-visibility), one sample per read against the newest write that
	// completed before it began.
	TVisibility []VisibilityPoint `json:"t_visibility,omitempty"`
}

// VisibilityPoint is one point of the t-visibility curve.
type VisibilityPoint struct {
	Delta       time.Duration `json:"delta_ns"`
	Probability float64       `json:"probability"`
	Reads       int           `json:"reads"`
}

// visCounts tallies the t-visibility samples by rung of visibilityLadder:
// a sample of delta d counts in the highest rung at or below d.
type visCounts struct {
	reads, fresh [len(visibilityLadder)]int
	top          int64 // the largest delta
	any          bool
}

func (v *visCounts) add(delta int64, fresh bool) {
	if !v.any || delta > v.top {
		v.top, v.any = delta, true
	}
	j := sort.Search(len(visibilityLadder), func(j int) bool { return int64(visibilityLadder[j]) > delta }) - 1
	if j < 0 {
		return // below every rung: in no point
	}
	v.reads[j]++
	if fresh {
		v.fresh[j]++
	}
}

func checkStaleness(ix *index, o Options) Result {
	res := Result{Check: Staleness}
	det := &StalenessDetail{}
	res.Staleness = det
	var vis visCounts
	for _, n := range ix.keys {
		staleKey(ix, n, det, &vis, &res, o.MaxAnomalies)
	}
	det.TVisibility = vis.curve()
	res.finish()
	switch {
	case det.Reads == 0:
		res.Status = StatusSkipped
		res.Explanation = "no read began after a write of its key had completed (or no value could be attributed to a write)"
	case det.Stale == 0:
		res.Explanation = fmt.Sprintf("all %d reads returned the newest completed write or something newer", det.Reads)
	default:
		res.Explanation = fmt.Sprintf("%d of %d reads were stale: up to %d completed write(s) behind, up to %s after the newer write had completed",
			det.Stale, det.Reads, det.MaxVersionsBehind, readable(det.MaxStaleness))
	}
	return res
}

// staleKey judges every read of key k against the writes that completed
// before it began, sweeping reads by call time and writes by return time.
func staleKey(ix *index, k int32, det *StalenessDetail, vis *visCounts, res *Result, limit int) {
	var ws, rs []int32
	for _, i := range ix.byKey[k] {
		op := ix.at(i)
		if op.okWrite() {
			ws = append(ws, i)
		}
		if op.reads() {
			rs = append(rs, i)
		}
	}
	if len(ws) == 0 || len(rs) == 0 || ix.writes[k].appends {
		return
	}
	byRet := func(a, b int32) int { return cmp.Compare(ix.at(a).ret, ix.at(b).ret) }
	if !slices.IsSortedFunc(ws, byRet) { // writes of a key mostly return in call order
		slices.SortStableFunc(ws, byRet)
	}
	calls := make([]int64, len(ws)) // write call times, for counting newer writes
	for j, w := range ws {
		calls[j] = ix.at(w).call
	}
	ft := newFenwick(calls)
	done, newest := 0, int32(-1)
	for _, r := range rs { // byKey is in call order
		rop := ix.at(r)
		for done < len(ws) && ix.at(ws[done]).ret < rop.call {
			w := ws[done]
			ft.add(ix.at(w).call)
			if newest < 0 || ix.at(w).call > ix.at(newest).call {
				newest = w
			}
			done++
		}
		src := ix.src[r]
		if newest < 0 || src == srcUnknown || src == r {
			continue
		}
		det.Reads++
		nw := ix.at(newest)
		stale := ix.olderThan(src, newest)
		vis.add(rop.call-nw.ret, !stale)
		if !stale {
			continue
		}
		det.Stale++
		since := srcSince(ix, src, k)
		behind := ft.countAfter(since)
		age := time.Duration(rop.call - nw.ret)
		det.MaxVersionsBehind = max(det.MaxVersionsBehind, behind)
		det.MaxStaleness = max(det.MaxStaleness, age)
		key := ix.keyName[k]
		res.add(Anomaly{Kind: KindStaleRead, Key: key, Ops: []int{nw.id, rop.id},
			Text: fmt.Sprintf("key %q: read op %d (client %d) returned %s although op %d had written %s %s before the read began; %d completed write(s) behind",
				key, rop.id, rop.client, describeSrc(ix, src), nw.id, describeWrite(ix, nw), readable(age), behind)}, limit)
	}
}

// srcSince is the time after which a write started counts as newer than
// the state src.
func srcSince(ix *index, src int32, k int32) int64 {
	if src == srcAbsent {
		return ix.writes[k].lastDelete
	}
	return ix.at(src).effRet()
}

func describeWrite(ix *index, op *rop) string {
	if op.f == fDelete {
		return "a delete"
	}
	return fmt.Sprintf("%q", ix.str(op.in))
}

// curve turns the tallies into P[fresh | delta >= t] at each rung t of
// the ladder up to the largest delta.
func (v *visCounts) curve() []VisibilityPoint {
	if !v.any {
		return nil
	}
	var pts []VisibilityPoint
	n, fresh := 0, 0 // samples at or above rung j
	for j := len(visibilityLadder) - 1; j >= 0; j-- {
		n, fresh = n+v.reads[j], fresh+v.fresh[j]
		if t := visibilityLadder[j]; (t == 0 || int64(t) <= v.top) && n > 0 {
			pts = append(pts, VisibilityPoint{Delta: t, Reads: n, Probability: float64(fresh) / float64(n)})
		}
	}
	slices.Reverse(pts)
	return pts
}

var visibilityLadder = [...]time.Duration{0, time.Microsecond, 10 * time.Microsecond, 100 * time.Microsecond,
	time.Millisecond, 10 * time.Millisecond, 100 * time.Millisecond, 500 * time.Millisecond,
	time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second, 30 * time.Second,
	time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, time.Hour}

// readable rounds d for people: to the microsecond from a millisecond up,
// to the millisecond from a second up ("18.745ms", "4.996s").
func readable(d time.Duration) time.Duration {
	switch {
	case d >= time.Second:
		return d.Round(time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(time.Microsecond)
	}
	return d
}
