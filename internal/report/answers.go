package report

import (
	"fmt"
	"strings"

	"github.com/kvchaos/kvchaos/checker"
)

// answer is one of the two questions the top of the page answers, in one
// line: did the client code lose data, and did the store keep its
// promise.
type answer struct {
	ID       string // element id: "answer-loss" or "answer-promise"
	Question string
	// Word is the short answer ("Yes", "No", "Unknown", "Not judged");
	// Class colours it: "bad", "good", "unknown" or "none".
	Word, Class string
	// Detail says it with counts; Check names the section that has the
	// findings ("" when none).
	Detail string
	Check  string
}

// answers returns the loss answer first, then the promise answer. The
// checker's two-part verdict (Report.Client, Report.Store) decides each
// word; the detail is counted from the checks' results.
func answers(r checker.Report) []answer {
	loss, prom := dataLoss(r), promise(r)
	if r.Client.Verdict != "" {
		switch {
		case r.Client.Verdict == checker.Invalid:
			if loss.Class != "bad" || loss.Detail == "" {
				loss.Detail = r.Client.Summary
			}
			loss.Word, loss.Class = "Yes", "bad"
		case r.Client.Verdict == checker.Valid && r.Client.Checked:
			loss.Word, loss.Class = "No", "good"
		case r.Client.Verdict == checker.Valid:
			loss.Word, loss.Class, loss.Detail = "Not judged", "none", r.Client.Summary
		default:
			loss.Word, loss.Class, loss.Detail = "Unknown", "unknown", r.Client.Summary
		}
	}
	if r.Store.Verdict != "" {
		prom = promiseWord(prom, r.Store.Verdict, r)
	}
	return []answer{loss, prom}
}

// dataLoss answers "did the client code lose data?" from the lost-updates
// check: acknowledged writes no later state can contain (lost updates of
// a read-modify-write, counter bounds). It fails whatever the store
// promised.
func dataLoss(r checker.Report) answer {
	a := answer{ID: "answer-loss", Question: "Did the code lose acknowledged writes?", Check: string(checker.LostUpdates)}
	res, ok := r.Result(checker.LostUpdates)
	if !ok {
		a.Word, a.Class, a.Check = "Not judged", "none", ""
		a.Detail = "the lost-updates check did not run"
		return a
	}
	var lost, acked int64
	var counters, above int
	for _, c := range res.Counters {
		acked += int64(c.Acknowledged)
		lost += c.Lost
		if c.Final > c.Upper {
			above++
		}
		counters++
	}
	bounds := 0 // counters outside their bounds: one anomaly each
	for _, c := range res.Counters {
		if c.Final < c.Lower || c.Final > c.Upper {
			bounds++
		}
	}
	overwritten := res.AnomalyCount - bounds
	switch res.Status {
	case checker.StatusSkipped:
		a.Word, a.Class, a.Check = "Not judged", "none", ""
		a.Detail = "nothing to lose: " + res.Explanation
		return a
	case checker.StatusUnknown:
		a.Word, a.Class = "Unknown", "unknown"
		a.Detail = res.Explanation
		return a
	}
	if res.Status == checker.StatusOK {
		a.Check = ""
	}
	var parts []string
	if lost > 0 {
		parts = append(parts, fmt.Sprintf("lost %d of %d acknowledged increments (%s)", lost, acked, plural(counters, "counter")))
	}
	if overwritten > 0 {
		parts = append(parts, fmt.Sprintf("%s overwritten unseen by a write that read the same state", plural(overwritten, "acknowledged write")))
	}
	if above > 0 {
		parts = append(parts, fmt.Sprintf("%s above what every increment could explain", plural(above, "counter")))
	}
	if res.AnomalyCount > 0 || lost > 0 {
		a.Word, a.Class = "Yes", "bad"
		a.Detail = strings.Join(parts, "; ")
		return a
	}
	a.Word, a.Class = "No", "good"
	if counters > 0 {
		a.Detail = fmt.Sprintf("all %d acknowledged increments are in the final value of %s", acked, plural(counters, "counter"))
	} else {
		a.Detail = res.Explanation
	}
	return a
}

// promise answers "did the store keep its promise (--expect)?" from the
// verdict, naming the checks that found something.
func promise(r checker.Report) answer {
	a := answer{ID: "answer-promise", Question: fmt.Sprintf("Did the store keep its promise (%s)?", r.Expect)}
	for _, res := range r.Results {
		if res.AnomalyCount > 0 && res.Check != checker.LostUpdates && a.Check == "" {
			a.Check = string(res.Check)
		}
	}
	return promiseWord(a, r.Verdict, r)
}

// promiseWord sets a's word from the store's verdict v.
func promiseWord(a answer, v checker.Verdict, r checker.Report) answer {
	var found []string
	for _, res := range r.Results {
		if res.AnomalyCount > 0 && res.Check != checker.LostUpdates {
			found = append(found, findingsPhrase(res))
		}
	}
	switch v {
	case checker.Invalid:
		a.Word, a.Class = "No", "bad"
		a.Detail = strings.Join(found, "; ")
		if len(found) == 0 {
			a.Detail = "the lost writes break it"
			a.Check = string(checker.LostUpdates)
		}
	case checker.Unknown:
		a.Word, a.Class = "Unknown", "unknown"
		a.Detail = unknownWhy(r)
		if r.Store.Summary != "" {
			a.Detail = r.Store.Summary
		}
	default:
		a.Word, a.Class = "Yes", "good"
		a.Detail = "no check found what " + string(r.Expect) + " forbids"
		if len(found) > 0 {
			a.Detail += "; findings outside the promise: " + strings.Join(found, "; ")
		}
	}
	return a
}

// unknownWhy is why a verdict is unknown.
func unknownWhy(r checker.Report) string {
	if r.Error != "" {
		return r.Error
	}
	for _, res := range r.Results {
		if res.Status == checker.StatusUnknown {
			return string(res.Check) + ": " + res.Explanation
		}
	}
	return "a deciding check could not finish"
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// findingsPhrase says what a check found, with its count.
func findingsPhrase(res checker.Result) string {
	n := res.AnomalyCount
	switch res.Check {
	case checker.Linearizable:
		if l := res.Linearizability; l != nil && len(l.IllegalKeys) > 0 {
			return plural(len(l.IllegalKeys), "key") + " not linearizable"
		}
		return "not linearizable"
	case checker.Staleness:
		if s := res.Staleness; s != nil {
			return fmt.Sprintf("%d of %d reads stale", s.Stale, s.Reads)
		}
		return plural(n, "stale read")
	case checker.Sessions:
		return plural(n, "session-guarantee violation")
	case checker.Convergence:
		return plural(n, "key") + " not converged"
	}
	return fmt.Sprintf("%s: %d", res.Check, n)
}
