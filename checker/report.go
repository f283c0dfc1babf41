package checker

import (
	"fmt"
	"unicode/utf8"
)

// Verdict is the overall outcome of a check run.
type Verdict string

// The verdicts.
const (
	// Valid: no anomaly the expected guarantee forbids was found, and every
	// deciding check finished.
	Valid Verdict = "valid"
	// Invalid: at least one anomaly the expected guarantee forbids.
	Invalid Verdict = "invalid"
	// Unknown: nothing forbidden was found, but a deciding check could not
	// finish (a linearizability timeout) or the options were invalid.
	Unknown Verdict = "unknown"
)

// Status is the outcome of one check.
type Status string

// The statuses of a check.
const (
	StatusOK       Status = "ok"
	StatusViolated Status = "violated"
	StatusUnknown  Status = "unknown"
	StatusSkipped  Status = "skipped"
)

// AnomalyKind classifies an anomaly.
type AnomalyKind string

// The anomaly kinds.
const (
	KindNotLinearizable AnomalyKind = "not-linearizable"
	KindLostUpdate      AnomalyKind = "lost-update"
	KindCounterBounds   AnomalyKind = "counter-bounds"
	KindReadYourWrites  AnomalyKind = "read-your-writes"
	KindMonotonicReads  AnomalyKind = "monotonic-reads"
	KindMonotonicWrites AnomalyKind = "monotonic-writes"
	KindWritesFollow    AnomalyKind = "writes-follow-reads"
	KindStaleRead       AnomalyKind = "stale-read"
	KindNonConvergence  AnomalyKind = "non-convergence"
)

// Anomaly is one finding. Ops are op IDs (history.Op.ID), so a report or a
// timeline can highlight them; the first two are the pair the anomaly is
// about (for a lost update: the lost write, then the one that overwrote it).
// For a key that is not linearizable they are every judged op of the key,
// in call order.
type Anomaly struct {
	Kind AnomalyKind `json:"kind"`
	Key  string      `json:"key,omitempty"`
	Ops  []int       `json:"ops"`
	// NonAtomic marks a lost update made by a client's separate get and put:
	// a fault of the read-modify-write, not of the store.
	NonAtomic bool   `json:"non_atomic,omitempty"`
	Text      string `json:"text"`
}

// decides reports whether a store promising e is broken by a.
func (a Anomaly) decides(e Expect) bool {
	switch e {
	case ExpectLinearizable:
		return !a.NonAtomic
	case ExpectSessions:
		switch a.Kind {
		case KindReadYourWrites, KindMonotonicReads, KindMonotonicWrites, KindWritesFollow, KindNonConvergence:
			return true
		}
	case ExpectReadYourWrites:
		return a.Kind == KindReadYourWrites || a.Kind == KindNonConvergence
	case ExpectEventual:
		return a.Kind == KindNonConvergence
	}
	return false
}

// Result is the outcome of one check.
type Result struct {
	Check  Name   `json:"check"`
	Status Status `json:"status"`
	// Explanation says, for a person, what was checked and found.
	Explanation string `json:"explanation"`
	// AnomalyCount is exact; Anomalies holds at most Options.MaxAnomalies.
	AnomalyCount int       `json:"anomaly_count"`
	Anomalies    []Anomaly `json:"anomalies,omitempty"`
	// Check-specific details.
	Linearizability *LinearizabilityDetail `json:"linearizability,omitempty"`
	Staleness       *StalenessDetail       `json:"staleness,omitempty"`
	Counters        []CounterBound         `json:"counters,omitempty"`

	// Lost is the lost-updates check's count of acknowledged writes whose
	// effect is gone (nil for the other checks).
	Lost *LostWrites `json:"lost_writes,omitempty"`

	// decides counts, per guarantee, the anomalies found (kept or not)
	// that break it.
	decides map[Expect]int
}

// Report is everything Check found. Verdict combines the two answers a
// run gives, kept apart in Store and Client: Invalid when the store broke
// its promise or the client code lost acknowledged writes, Unknown when
// neither is proven and a question could not be answered, Valid only on
// evidence that both answers are good.
type Report struct {
	Verdict Verdict `json:"verdict"`
	Expect  Expect  `json:"expect"`
	Ops     int     `json:"ops"`
	Keys    int     `json:"keys"`
	// Error is set when the verdict could not be reached: invalid options,
	// or a history with nothing to judge (Verdict unknown).
	Error string `json:"error,omitempty"`
	// Warnings are problems that weaken the verdict without preventing it
	// (for example, a large share of failed operations).
	Warnings []string `json:"warnings,omitempty"`
	// Evidence counts the ops by outcome.
	Evidence Evidence `json:"evidence"`
	// Store: did the store keep its Expect promise? Client: did the
	// client code lose acknowledged writes?
	Store   StoreVerdict  `json:"store"`
	Client  ClientVerdict `json:"client"`
	Results []Result      `json:"checks"`
}

// Result returns the result of check c.
func (r Report) Result(c Name) (Result, bool) {
	for _, res := range r.Results {
		if res.Check == c {
			return res, true
		}
	}
	return Result{}, false
}

// add records an anomaly, keeping at most max.
func (res *Result) add(a Anomaly, max int) {
	res.AnomalyCount++
	for _, e := range []Expect{ExpectLinearizable, ExpectSessions, ExpectReadYourWrites, ExpectEventual} {
		if a.decides(e) {
			if res.decides == nil {
				res.decides = map[Expect]int{}
			}
			res.decides[e]++
		}
	}
	if len(res.Anomalies) < max {
		a.Text = clipFinding(a.Text)
		res.Anomalies = append(res.Anomalies, a)
	}
}

// maxFindingText bounds a finding's text: findings quote the values they
// are about, and a value may be megabytes long.
const maxFindingText = 4096

// clipFinding cuts text to maxFindingText bytes (at a rune boundary) and
// says how long it was.
func clipFinding(text string) string {
	if len(text) <= maxFindingText {
		return text
	}
	cut := maxFindingText
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	return text[:cut] + fmt.Sprintf("… (finding cut at %d of its %d bytes: it quotes a long value)", cut, len(text))
}

// finish sets the status from the anomalies found.
func (res *Result) finish() {
	if res.Status == "" {
		res.Status = StatusOK
		if res.AnomalyCount > 0 {
			res.Status = StatusViolated
		}
	}
}
