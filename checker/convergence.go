package checker

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/kvchaos/kvchaos/history"
)

func checkConvergence(ix *index, h history.History, o Options) Result {
	res := Result{Check: Convergence}
	q, found := quiescence(h.Annotations)
	if !found {
		res.Status = StatusSkipped
		res.Explanation = "no quiescence annotation: nothing says when the store should have converged"
		return res
	}
	keys, reads := 0, 0
	for _, k := range ix.keys {
		n, ok := convergeKey(ix, k, q, &res, o.MaxAnomalies)
		reads += n
		if ok {
			keys++
		}
	}
	res.finish()
	settled := ""
	if n := unknownWritesBefore(ix, q); n > 0 {
		settled = fmt.Sprintf(" (%d write(s) of unknown outcome called before the marker count as settled either way)", n)
	}
	switch {
	case keys == 0:
		res.Status = StatusSkipped
		res.Explanation = fmt.Sprintf("no key was read after the quiescence marker at t=%d and its last write", q)
	case res.AnomalyCount == 0:
		res.Explanation = fmt.Sprintf("after quiescence, %d reads of %d key(s) agree across regions, on values their writes explain%s", reads, keys, settled)
	default:
		res.Explanation = fmt.Sprintf("after quiescence, %d of %d key(s) still read differently, or agree on a value no write explains%s", res.AnomalyCount, keys, settled)
	}
	return res
}

// unknownWritesBefore counts the writes of unknown outcome called before
// the quiescence marker at q.
func unknownWritesBefore(ix *index, q int64) int {
	n := 0
	for i := range ix.len() {
		if op := ix.at(i); op.st == stUnknown && op.writes() && op.call < q {
			n++
		}
	}
	return n
}

// quiescence returns the end of the last quiescence annotation.
func quiescence(anns []history.Annotation) (int64, bool) {
	var q int64
	found := false
	for _, a := range anns {
		if a.Kind == history.AnnotationQuiescent && (!found || max(a.Start, a.End) > q) {
			q, found = max(a.Start, a.End), true
		}
	}
	return q, found
}

// convergeKey compares the reads of k that began after quiescence and
// after every write of k still running at quiescence completed. A write
// called before the marker whose outcome is unknown has settled by then
// (it took effect or it did not), so it sets no cutoff; one called after
// the marker and never acknowledged does, and k is then not judged. It
// returns the reads compared and whether there were any.
func convergeKey(ix *index, kn int32, q int64, res *Result, limit int) (int, bool) {
	k := ix.keyName[kn]
	cutoff := q
	for _, i := range ix.byKey[kn] {
		op := ix.at(i)
		if !op.writes() || op.st == stFail || (op.st == stUnknown && op.call < q) {
			continue
		}
		if r := op.effRet(); r >= q {
			cutoff = max(cutoff, r)
		}
	}
	type seen struct {
		regions map[string]bool
		first   int
		found   bool
		value   uint32
	}
	values := map[string]*seen{}
	n := 0
	for _, i := range ix.byKey[kn] {
		op := ix.at(i)
		if op.f != fGet || op.st != stOK || op.call < cutoff || cutoff == never {
			continue
		}
		n++
		v := "absent"
		if op.found() {
			v = fmt.Sprintf("%q", ix.str(op.out))
		}
		s := values[v]
		if s == nil {
			s = &seen{regions: map[string]bool{}, first: ix.opID(op), found: op.found(), value: op.out}
			values[v] = s
		}
		s.regions[ix.regionOf(op)] = true
	}
	if len(values) == 1 {
		for v, s := range values {
			if !explained(ix, kn, s.found, s.value) {
				res.add(Anomaly{Kind: KindNonConvergence, Key: k, Ops: []int{s.first},
					Text: fmt.Sprintf("key %q: after quiescence every region reads %s, which no write of the key can explain (op %d)", k, v, s.first)}, limit)
			}
		}
	}
	if len(values) > 1 {
		var parts []string
		var ops []int
		for v, s := range values {
			rs := make([]string, 0, len(s.regions))
			for r := range s.regions {
				if r == "" {
					r = "(no region)"
				}
				rs = append(rs, r)
			}
			sort.Strings(rs)
			parts = append(parts, fmt.Sprintf("%s in %s (op %d)", v, strings.Join(rs, ", "), s.first))
			ops = append(ops, s.first)
		}
		sort.Strings(parts)
		sort.Ints(ops)
		res.add(Anomaly{Kind: KindNonConvergence, Key: k, Ops: ops,
			Text: fmt.Sprintf("key %q did not converge after quiescence: read %s", k, strings.Join(parts, "; "))}, limit)
	}
	return n, n > 0
}

// explained reports whether the value every region agrees on can be the
// outcome of k's writes: a value some
// write that may have taken effect wrote, or absence when a delete or a
// TTL may have removed the key or no write of it was acknowledged. Keys
// taking appends, and keys never written, are not judged.
func explained(ix *index, k int32, found bool, v uint32) bool {
	kw := ix.writes[k]
	if kw == nil || kw.appends || len(kw.writer) == 0 {
		return true
	}
	if !found {
		if kw.lastDelete != math.MinInt64 {
			return true
		}
		for _, i := range ix.byKey[k] {
			if op := ix.at(i); op.writes() && op.st == stOK {
				return false
			}
		}
		return true
	}
	_, written := kw.writer[v]
	return written
}
