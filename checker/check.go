package checker

import (
	"fmt"

	"github.com/kvchaos/kvchaos/history"
)

// Validate reports whether the options are usable, naming the bad field.
func (o Options) Validate() error {
	_, err := o.withDefaults()
	return err
}

// Check runs the checks of opts over h and returns the report. Invalid
// options give a report with Verdict Unknown and Error set (use
// Options.Validate to catch them first), and so does a history with
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
	ix.finish()
	rep.Evidence = ev.done()
	rep.Warnings = rep.Evidence.warnings()
	ix.conflictFlags.noOp = o.FailedCAS == FailedCASNoOp
	rep.Keys = len(ix.keys)
	if why := rep.Evidence.noEvidence(); why != "" {
		rep.notJudged(why)
		return rep
	}
	for _, c := range AllChecks {
		if !o.runs(c) {
			continue
		}
		var res Result
		o.progress("%s: %d ops on %d keys", c, len(ix.ops), len(ix.keys))
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

// String is a one-line summary.
func (r Report) String() string {
	return fmt.Sprintf("%s (%d ops, %d keys, expecting %s)", r.Verdict, r.Ops, r.Keys, r.Expect)
}
