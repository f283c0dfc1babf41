package swarm

import (
	"fmt"
	"slices"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
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

// expectedNonAtomic labels not-linearizable findings on keys a client
// updated non-atomically: the history records each Store.Update as one
// update op, so the search cannot tell the client's interleaved get and
// put from the store's fault, and the loss itself is already reported as
// client-lost-update.
const expectedNonAtomic = "not-linearizable (non-atomic updates)"

// classify sorts what the checker found in a run of c into failures (held
// to the preset's promise, and data loss on any preset), expected
// findings and unknowns.
func classify(c Config, h history.History, rep checker.Report) Outcome {
	promise := c.Promise()
	updated := map[string]bool{}
	ok := 0
	for i := range h.Ops {
		if h.Ops[i].Func == history.FuncUpdate {
			updated[h.Ops[i].Key] = true
		}
		if h.Ops[i].Status == history.StatusOK {
			ok++
		}
	}
	kinds, expected := map[string]bool{}, map[string]bool{}
	for _, r := range rep.Results {
		for _, a := range r.Anomalies {
			switch {
			case a.Kind == checker.KindLostUpdate || a.Kind == checker.KindCounterBounds:
				if a.NonAtomic || c.nonAtomicRMW() {
					kinds[KindClientLostUpdate] = true
				} else {
					kinds[KindStoreLostWrite] = true
				}
			case a.Kind == checker.KindNotLinearizable && c.nonAtomicRMW() && updated[a.Key]:
				expected[expectedNonAtomic] = true
			case forbids(promise, a.Kind):
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
	case rep.Error != "":
		out.Status, out.Reason = Unknown, "the checks could not run: "+rep.Error
	case len(h.Ops) == 0:
		out.Status, out.Reason = Unknown, "no operation was recorded"
	case ok == 0:
		out.Status, out.Reason = Unknown, fmt.Sprintf("no operation succeeded (all %d failed or have an unknown outcome)", len(h.Ops))
	default:
		out.Status, out.Reason = unfinished(rep, promise)
	}
	return out
}

// unfinished reports Unknown when a check that decides under promise did
// not finish, mirroring the checker's verdict rule.
func unfinished(rep checker.Report, promise checker.Expect) (Status, string) {
	for _, r := range rep.Results {
		decides := r.Check != checker.Linearizable || promise == checker.ExpectLinearizable
		if r.Status == checker.StatusUnknown && decides {
			return Unknown, fmt.Sprintf("%s: %s", r.Check, r.Explanation)
		}
		if r.Status == checker.StatusSkipped && r.Check == checker.Linearizable && promise == checker.ExpectLinearizable && r.Linearizability == nil {
			return Unknown, fmt.Sprintf("%s: %s", r.Check, r.Explanation)
		}
	}
	return Pass, ""
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
