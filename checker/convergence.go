package checker

import (
	"fmt"
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
	switch {
	case keys == 0:
		res.Status = StatusSkipped
		res.Explanation = fmt.Sprintf("no key was read after the quiescence marker at t=%d and its last write", q)
	case res.AnomalyCount == 0:
		res.Explanation = fmt.Sprintf("after quiescence, %d reads of %d key(s) agree across regions", reads, keys)
	default:
		res.Explanation = fmt.Sprintf("after quiescence, %d of %d key(s) still read differently", res.AnomalyCount, keys)
	}
	return res
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

// convergeKey compares the reads of k that began after quiescence and after
// every write of k completed. It returns the reads compared and whether
// there were any.
func convergeKey(ix *index, k string, q int64, res *Result, limit int) (int, bool) {
	cutoff := q
	for _, i := range ix.byKey[k] {
		op := &ix.ops[i]
		if isWrite(op.Func) && op.Status != history.StatusFail && effReturn(op) >= q {
			cutoff = max(cutoff, effReturn(op))
		}
	}
	type seen struct {
		regions map[string]bool
		first   int
	}
	values := map[string]*seen{}
	n := 0
	for _, i := range ix.byKey[k] {
		op := &ix.ops[i]
		if op.Func != history.FuncGet || op.Status != history.StatusOK || op.Call < cutoff || cutoff == never {
			continue
		}
		n++
		v := "absent"
		if op.Output.Found {
			v = fmt.Sprintf("%q", op.Output.Value)
		}
		s := values[v]
		if s == nil {
			s = &seen{regions: map[string]bool{}, first: op.ID}
			values[v] = s
		}
		s.regions[op.Region] = true
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
