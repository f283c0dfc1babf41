package checker

import (
	"fmt"
	"strings"
)

// StoreVerdict answers the first question of a run: did the store keep the
// promise it was held to (Options.Expect)? Anomalies the promise allows
// are reported by the checks but do not count here.
type StoreVerdict struct {
	Expect Expect `json:"expect"`
	// Verdict: valid (kept, on evidence), invalid (broken), unknown (a
	// deciding check could not finish, or nothing to judge).
	Verdict Verdict `json:"verdict"`
	// Findings counts the anomalies the promise forbids; Allowed the
	// anomalies found that it allows.
	Findings int `json:"findings"`
	Allowed  int `json:"allowed"`
	// Summary says it in one sentence.
	Summary string `json:"summary"`
}

// ClientVerdict answers the second question of a run: did the client
// code lose acknowledged writes? Lost updates and counters that end below
// their acknowledged increments are data loss whatever the store
// promised, so Lost > 0 always makes the report Invalid.
type ClientVerdict struct {
	// Verdict: valid (nothing lost, or no read-modify-write to lose),
	// invalid (Lost > 0), unknown (nothing to judge, or the lost-updates
	// check was not run).
	Verdict Verdict `json:"verdict"`
	// Checked is false when the history has no read-modify-write, so the
	// lost-write checks had nothing to look at.
	Checked bool `json:"checked"`
	LostWrites
	// Summary says it in one sentence, leading with the count.
	Summary string `json:"summary"`
}

// LostWrites counts acknowledged read-modify-writes whose effect is gone.
type LostWrites struct {
	// Lost of Acknowledged acknowledged writes are lost: on counters the
	// counter bound's count (acknowledged increments the final value is
	// missing), on other keys the lost updates named.
	Lost         int64 `json:"lost"`
	Acknowledged int64 `json:"acknowledged"`
	// Named counts the lost writes named by a lost-update anomaly (on a
	// counter traced to its root, Named equals the counter bound's Lost).
	Named int `json:"named"`
	// Unit is "increments" when every key is a counter, else "writes".
	Unit string `json:"unit"`
	// NonAtomic: every lost write was made by a client's separate get and
	// put (Store.Update) — the client code's read-modify-write is not
	// atomic, which no store promise forbids. False when some lost write
	// was an atomic update: the store lost it.
	NonAtomic bool `json:"non_atomic"`
}

// String is the report in one line: the verdict, then what matters most,
// "invalid: lost 119 of 200 acknowledged increments (...); store: ...", or
// "unknown: " and why no verdict was reached.
func (r Report) String() string {
	if r.Error != "" {
		return "unknown: " + r.Error
	}
	if r.Client.Lost > 0 {
		return string(r.Verdict) + ": " + r.Client.Summary + "; store: " + r.Store.Summary
	}
	return string(r.Verdict) + ": " + r.Store.Summary
}

// judge fills in Store, Client and the overall Verdict from the results.
func (r *Report) judge() {
	r.Store = storeVerdict(r.Results, r.Expect)
	r.Client = clientVerdict(r.Results)
	switch {
	case r.Store.Verdict == Invalid || r.Client.Verdict == Invalid:
		r.Verdict = Invalid
	case r.Store.Verdict == Unknown:
		r.Verdict = Unknown
	default:
		r.Verdict = Valid
	}
}

// notJudged marks a report whose verdict could not be reached: invalid
// options, or a history with nothing to judge.
func (r *Report) notJudged(why string) {
	r.Verdict, r.Error = Unknown, why
	r.Store = StoreVerdict{Expect: r.Expect, Verdict: Unknown, Summary: "not judged: " + why}
	r.Client = ClientVerdict{Verdict: Unknown, Summary: "not judged: " + why}
}

func storeVerdict(results []Result, e Expect) StoreVerdict {
	s := StoreVerdict{Expect: e, Verdict: Valid}
	var unfinished []string
	for _, r := range results {
		s.Findings += r.decides[e]
		s.Allowed += r.AnomalyCount - r.decides[e]
		if r.Status == StatusUnknown && (e == ExpectLinearizable || r.Check != Linearizable) {
			unfinished = append(unfinished, fmt.Sprintf("%s: %s", r.Check, r.Explanation))
		}
		if r.Status == StatusSkipped && r.Check == Linearizable && e == ExpectLinearizable && r.Linearizability == nil {
			unfinished = append(unfinished, fmt.Sprintf("%s could not judge the ops: %s", r.Check, r.Explanation))
		}
	}
	allowed := ""
	if s.Allowed > 0 {
		allowed = fmt.Sprintf(" (%d other finding(s) it allows are reported)", s.Allowed)
	}
	switch {
	case s.Findings > 0:
		s.Verdict = Invalid
		s.Summary = fmt.Sprintf("broke its %s promise: %d finding(s) it forbids%s", e, s.Findings, allowed)
	case len(unfinished) > 0:
		s.Verdict = Unknown
		s.Summary = fmt.Sprintf("%s promise not decided: %s", e, strings.Join(unfinished, "; "))
	default:
		s.Summary = fmt.Sprintf("kept its %s promise%s", e, allowed)
	}
	return s
}

func clientVerdict(results []Result) ClientVerdict {
	c := ClientVerdict{Verdict: Valid, Summary: "no read-modify-write in the history: no acknowledged write could be lost by the client code"}
	res, ok := Report{Results: results}.Result(LostUpdates)
	if !ok {
		c.Verdict, c.Summary = Unknown, "not checked (the lost-updates check did not run)"
		return c
	}
	if res.Lost == nil {
		return c
	}
	c.Checked, c.LostWrites = true, *res.Lost
	switch {
	case c.Lost > 0:
		c.Verdict = Invalid
		blame := "atomic read-modify-writes lost: the store did not keep them"
		if c.NonAtomic {
			blame = "the client code's read-modify-write is a separate get and put, which is not atomic: use a compare-and-set loop (UpdateAtomic)"
		}
		named := ""
		if c.Named != int(c.Lost) {
			named = fmt.Sprintf("; %d of them named", c.Named)
		}
		c.Summary = fmt.Sprintf("lost %d of %d acknowledged %s (%s%s)", c.Lost, c.Acknowledged, c.Unit, blame, named)
	default:
		c.Summary = fmt.Sprintf("no acknowledged %s lost (%d checked)", c.Unit, c.Acknowledged)
	}
	return c
}
