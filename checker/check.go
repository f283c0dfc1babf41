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
// Options.Validate to catch them first).
func Check(h history.History, opts Options) Report {
	o, err := opts.withDefaults()
	rep := Report{Expect: o.Expect, Ops: len(h.Ops)}
	if err != nil {
		rep.Verdict, rep.Error = Unknown, err.Error()
		return rep
	}
	ix := newIndex(h)
	rep.Keys = len(ix.keys)
	for _, c := range AllChecks {
		if !o.runs(c) {
			continue
		}
		var res Result
		o.progress("%s: %d ops on %d keys", c, len(h.Ops), len(ix.keys))
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
	rep.Verdict = verdict(rep.Results, o.Expect)
	return rep
}

// verdict: invalid if any anomaly the guarantee forbids was found; unknown
// if a check that decides under it did not finish; else valid.
func verdict(results []Result, e Expect) Verdict {
	v := Valid
	for _, r := range results {
		if r.decides[e] {
			return Invalid
		}
		if r.Status == StatusUnknown && (e == ExpectLinearizable || r.Check != Linearizable) {
			v = Unknown
		}
		if r.Status == StatusSkipped && r.Check == Linearizable && e == ExpectLinearizable && r.Linearizability == nil {
			v = Unknown // the model could not judge the ops
		}
	}
	return v
}

// String is a one-line summary.
func (r Report) String() string {
	return fmt.Sprintf("%s (%d ops, %d keys, expecting %s)", r.Verdict, r.Ops, r.Keys, r.Expect)
}
