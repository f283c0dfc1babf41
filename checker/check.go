package checker

import (
	"cmp"
	"slices"

	"github.com/kvchaos/kvchaos/history"
)

// Check runs the checks of opts over h and returns the report. Invalid
// options give a report with Verdict Unknown and Error set, naming the bad
// field (checked before the history, so an empty history tests options),
// and so does a history with
// nothing to judge: no operation succeeded, or nothing was written and no
// read found a value (Error then begins "no operations to judge").
func Check(h history.History, opts Options) Report {
	o, err := opts.withDefaults()
	rep := Report{Expect: o.Expect, Ops: len(h.Ops)}
	if err != nil {
		rep.notJudged(err.Error())
		return rep
	}
	ix := &index{}
	b := newTableBuilder(ix, len(h.Ops))
	if o.Initial != nil {
		b.initial(h, *o.Initial)
	}
	var ev evidenceCount
	for i := range h.Ops {
		ev.add(&h.Ops[i])
		b.add(&h.Ops[i])
	}
	return runChecks(ix.finish(), ev, h.Annotations, rep, o)
}

// CheckStream is Check over a history read op by op, as
// history.ReadOptions.OnOp hands them over: read passes every op to add,
// in any order, and returns the history's annotations. Ops are ordered by
// call time, then by ID (Check orders ties by position in h.Ops, the same
// order for a history ReadJSONL returns). The checks hold the ops in a
// compact form, about 55 bytes each plus their distinct strings, instead
// of as history.Op values. With Options.Initial set, the ops are
// collected and given to Check. An error of read is returned with an
// empty report.
func CheckStream(read func(add func(history.Op)) ([]history.Annotation, error), opts Options) (Report, error) {
	o, err := opts.withDefaults()
	if err == nil && o.Initial != nil {
		var h history.History
		h.Annotations, err = read(func(op history.Op) { h.Ops = append(h.Ops, op) })
		if err != nil {
			return Report{}, err
		}
		// Check orders ties by position: make that the ID order a
		// stream promises, whatever order the ops came in.
		slices.SortStableFunc(h.Ops, func(a, b history.Op) int {
			return cmp.Or(cmp.Compare(a.Call, b.Call), cmp.Compare(a.ID, b.ID))
		})
		return Check(h, opts), nil
	}
	rep := Report{Expect: o.Expect}
	if err != nil {
		rep.notJudged(err.Error())
		return rep, nil
	}
	ix := &index{byID: true}
	b := newTableBuilder(ix, 0)
	var ev evidenceCount
	anns, err := read(func(op history.Op) {
		ev.add(&op)
		b.add(&op)
	})
	if err != nil {
		return Report{}, err
	}
	b = nil // its maps are garbage from here on
	rep.Ops = int(ix.len())
	return runChecks(ix.finish(), ev, anns, rep, o), nil
}

// runChecks runs the checks of o over ix.
func runChecks(ix *index, ev evidenceCount, anns []history.Annotation, rep Report, o Options) Report {
	h := history.History{Annotations: anns}
	rep.Evidence = ev.done()
	rep.Warnings = rep.Evidence.warnings()
	ix.conflictFlags.noOp = o.FailedCASNoOp
	rep.Keys = len(ix.keys)
	if why := rep.Evidence.noEvidence(); why != "" {
		rep.notJudged(why)
		return rep
	}
	for _, c := range allChecks {
		if !o.runs(c) {
			continue
		}
		var res Result
		o.progress("%s: %d ops on %d keys", c, int(ix.len()), len(ix.keys))
		switch c {
		case Linearizable:
			res = checkLinearizable(ix, h, o)
		case LostUpdates:
			res = checkLostUpdates(ix.full(), o)
		case Sessions:
			res = checkSessions(ix.full(), o)
		case Staleness:
			res = checkStaleness(ix.full(), o)
		case Convergence:
			res = checkConvergence(ix.full(), h, o)
		}
		rep.Results = append(rep.Results, res)
	}
	rep.judge()
	return rep
}
