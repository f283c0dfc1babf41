package report

import (
	"sort"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
)

// maxWitnessSteps caps the steps of a legal order the page lists: the
// last ones, nearest the op that cannot be placed.
const maxWitnessSteps = 40

// witnessView is the page's own account of why a key has no
// linearization: a legal order of its ops, the state it leaves, and the
// op that cannot come next.
type witnessView struct {
	Key string
	// Steps are the last steps of the legal order; Omitted counts the
	// earlier ones not listed.
	Steps   []witnessStep
	Omitted int
	State   string
	Order   []int // the legal order's op IDs
	Op      witnessStep
	Blocked bool
	Longest int
	Ops     int
	// Finding is the element id of the key's finding ("" when not shown).
	Finding string
}

type witnessStep struct {
	N      int
	Op     history.Op
	Label  string
	CallAt string
	// ReturnAt is "never returned" for an op that did not.
	ReturnAt string
}

// buildWitnesses lists the explained keys of the linearizability check,
// in key order, with times since t0.
func buildWitnesses(h history.History, t0 int64, r checker.Report, checks []checkView) []witnessView {
	res, ok := r.Result(checker.Linearizable)
	if !ok || res.Linearizability == nil || len(res.Linearizability.Explained) == 0 {
		return nil
	}
	var byID map[int]int // built only for a history whose IDs are not its indexes
	at := func(id int) (int, bool) {
		if id >= 0 && id < len(h.Ops) && h.Ops[id].ID == id {
			return id, true
		}
		if byID == nil {
			byID = make(map[int]int, len(h.Ops))
			for i := range h.Ops {
				byID[h.Ops[i].ID] = i
			}
		}
		i, ok := byID[id]
		return i, ok
	}
	step := func(n, id int) witnessStep {
		i, ok := at(id)
		if !ok {
			return witnessStep{N: n, Op: history.Op{ID: id}, Label: "not in the history"}
		}
		op := h.Ops[i]
		s := witnessStep{N: n, Op: op, Label: short(op), CallAt: fmtDur(op.Call - t0), ReturnAt: "never returned"}
		if returned(op) {
			s.ReturnAt = fmtDur(op.Return - t0)
		}
		return s
	}
	found := map[string]string{}
	for _, c := range checks {
		for _, f := range append(append([]finding{}, c.Shown...), c.Folded...) {
			if f.Kind == checker.KindNotLinearizable {
				found[f.Key] = "finding-" + itoa(f.N)
			}
		}
	}
	var out []witnessView
	for key, w := range res.Linearizability.Explained {
		v := witnessView{Key: key, State: w.State, Blocked: w.Blocked, Longest: w.Longest, Ops: w.Ops, Order: w.Order, Finding: found[key]}
		from := max(0, len(w.Order)-maxWitnessSteps)
		v.Omitted = from
		for j := from; j < len(w.Order); j++ {
			v.Steps = append(v.Steps, step(j+1, w.Order[j]))
		}
		v.Op = step(len(w.Order)+1, w.Op)
		out = append(out, v)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Key < out[b].Key })
	return out
}

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}
