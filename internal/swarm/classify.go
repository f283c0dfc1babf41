package swarm

import (
	"slices"

	"github.com/kvchaos/kvchaos/checker"
)

// Status is what a run shows.
type Status string

// The statuses of a run.
const (
	// Pass: the store kept its promise and no acknowledged write was lost,
	// and every check that decides this finished.
	Pass Status = "pass"
	// Fail: at least one failure kind (see Outcome.Kinds).
	Fail Status = "fail"
	// Unknown: nothing failed, but a deciding check could not finish (a
	// linearizability search that ran out of time) or no operation
	// succeeded. Never counted as a pass.
	Unknown Status = "unknown"
)

// The failure kinds that are not a broken promise.
const (
	// KindClientLostUpdate: acknowledged updates lost by the client's own
	// non-atomic read-modify-write (Store.Update: a get, then a put), on
	// any store. The client code's bug, whatever the store promises.
	KindClientLostUpdate = "client-lost-update"
	// KindStoreLostWrite: acknowledged atomic updates (compare-and-set)
	// that no later state contains: the store lost data it acknowledged.
	KindStoreLostWrite = "store-lost-write"
	// KindNondeterministic: a run replayed from its seed gave different
	// bytes (--check-determinism, replay).
	KindNondeterministic = "nondeterministic"
)

// BrokenPromise is the prefix of the kinds of failures in which the store
// broke the guarantee its preset makes: "broken-promise:not-linearizable"
// on the linearizable preset, "broken-promise:non-convergence" on any.
const BrokenPromise = "broken-promise:"

// Outcome classifies one run.
type Outcome struct {
	Status Status `json:"status"`
	// Kinds are the failure kinds found, sorted; empty unless Status is
	// Fail.
	Kinds []string `json:"kinds,omitempty"`
	// Expected are the anomaly kinds found that the preset does not
	// promise to avoid (a stale read on an eventual preset): reported,
	// not failures. Sorted.
	Expected []string `json:"expected,omitempty"`
	// Reason says why the status is Unknown.
	Reason string `json:"reason,omitempty"`
}

// classify sorts what the checker found in a run into failures (held to
// the preset's promise, and data loss on any preset), expected findings
// and unknowns. The checker's two-part verdict decides; classify names
// the kinds.
func classify(rep checker.Report) Outcome {
	kinds, expected := map[string]bool{}, map[string]bool{}
	for _, r := range rep.Results {
		for _, a := range r.Anomalies {
			switch {
			case a.Kind == checker.KindLostUpdate || a.Kind == checker.KindCounterBounds:
				if a.NonAtomic {
					kinds[KindClientLostUpdate] = true
				} else {
					kinds[KindStoreLostWrite] = true
				}
			case forbids(rep.Expect, a.Kind):
				kinds[BrokenPromise+string(a.Kind)] = true
			default:
				expected[string(a.Kind)] = true
			}
		}
	}
	out := Outcome{Status: Pass, Kinds: sortedKeys(kinds), Expected: sortedKeys(expected)}
	switch {
	case len(out.Kinds) > 0:
		out.Status = Fail
	case rep.Verdict == checker.Invalid: // a finding the kinds above do not name
		out.Status, out.Kinds = Fail, []string{"invalid"}
		out.Reason = rep.String()
	case rep.Verdict != checker.Valid:
		out.Status, out.Reason = Unknown, rep.String()
	}
	return out
}

// forbids reports whether a store promising e must not show an anomaly of
// kind k (lost writes are judged apart).
func forbids(e checker.Expect, k checker.AnomalyKind) bool {
	switch e {
	case checker.ExpectLinearizable:
		return true
	case checker.ExpectSessions:
		switch k {
		case checker.KindReadYourWrites, checker.KindMonotonicReads, checker.KindMonotonicWrites, checker.KindWritesFollow, checker.KindNonConvergence:
			return true
		}
	case checker.ExpectReadYourWrites:
		return k == checker.KindReadYourWrites || k == checker.KindNonConvergence
	}
	return k == checker.KindNonConvergence
}

func sortedKeys(m map[string]bool) []string {
	if len(m) == 0 {
		return nil
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
