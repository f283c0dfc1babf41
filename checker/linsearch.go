package checker

import (
	"time"

	"github.com/anishathalye/porcupine"
)

// searched is what porcupine's search found about the keys left to it;
// bad and named index the keys searched.
type searched struct {
	result porcupine.CheckResult
	bad    []int // keys without a linearization, in order
	open   int   // keys still undecided when the time for naming them ran out
	named  map[int]witness
}

// verboseMaxOps bounds the ops of a key searched verbosely at once.
const verboseMaxOps = 1000

// searchKeys runs porcupine's search on the keys the fast path left
// (parts, as linOps makes them): on their interned ops with intModel
// (see linint.go), while the witnesses of illegal keys are told with pm,
// model's own model. One key alone is searched with porcupine's verbose
// check, which leaves the partial orders its witness is read from, so an
// illegal key is searched once; of several keys porcupine names none, so
// the illegal ones are searched again. The verbose check records the
// orders at every backtrack, at a cost that grows with the depth of the
// search, so a key of more than verboseMaxOps ops is searched plainly,
// then again for its witness if it is illegal.
func searchKeys(pm porcupine.Model, parts [][]porcupine.Operation, ids [][]int, keys []string, versions bool, timeout time.Duration, start time.Time) (searched, error) {
	iParts, err := internParts(parts, versions)
	if err != nil || len(iParts) == 0 {
		return searched{result: porcupine.Ok}, err
	}
	im := intModel
	im.Partition = func([]porcupine.Operation) [][]porcupine.Operation { return iParts }
	if len(iParts) == 1 && len(iParts[0]) <= verboseMaxOps {
		res, info := porcupine.CheckOperationsVerbose(im, nil, timeout)
		sr := searched{result: res}
		switch res {
		case porcupine.Unknown:
			sr.open = 1
		case porcupine.Illegal:
			sr.bad = []int{0}
			if w := explainSearched(pm, parts[0], ids[0], keys[0], res, info); w.text != "" {
				sr.named = map[int]witness{0: w}
			}
		}
		return sr, nil
	}
	sr := searched{result: porcupine.CheckOperationsTimeout(im, nil, timeout)}
	switch sr.result {
	case porcupine.Illegal:
		// Porcupine stops at the first illegal partition; finding the
		// others gets a bounded budget, as some partitions are very
		// expensive.
		spent := time.Since(start)
		budget := identifyBudget + 2*spent
		if timeout > 0 {
			budget = max(min(budget, timeout-spent), time.Millisecond)
		}
		sr.bad = []int{0} // one key searched: it is the illegal one
		if len(iParts) > 1 {
			sr.bad, sr.open = illegalParts(intModel, iParts, budget)
		}
		wb := witnessBudget
		if timeout > 0 {
			wb = max(min(wb, timeout-time.Since(start)), time.Millisecond)
		}
		sr.named = witnesses(pm, parts, iParts, ids, keys, sr.bad, wb)
	case porcupine.Unknown:
		sr.open = len(parts)
	}
	return sr, nil
}

// identifyBudget (plus twice the time the first pass took) bounds the
// search for every illegal key once one is known to exist.
const identifyBudget = 2 * time.Second

// illegalParts checks each partition on its own (GOMAXPROCS at a time) and
// returns those with no linearization, in order, and how many partitions
// were undecided when the timeout expired.
func illegalParts(pm porcupine.Model, parts [][]porcupine.Operation, timeout time.Duration) ([]int, int) {
	bad := make([]porcupine.CheckResult, len(parts))
	deadline := time.Now().Add(timeout)
	eachParallel(len(parts), func() func(int) {
		m := pm
		return func(i int) {
			one := parts[i : i+1]
			m.Partition = func([]porcupine.Operation) [][]porcupine.Operation { return one }
			rest := time.Until(deadline)
			if rest <= 0 {
				bad[i] = porcupine.Unknown
				return
			}
			bad[i] = porcupine.CheckOperationsTimeout(m, nil, rest)
		}
	})
	var out []int
	open := 0
	for i, b := range bad {
		switch b {
		case porcupine.Illegal:
			out = append(out, i)
		case porcupine.Unknown:
			open++
		}
	}
	return out, open
}
