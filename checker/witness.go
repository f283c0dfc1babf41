package checker

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/anishathalye/porcupine"
)

// witness is why one key has no linearization, read from porcupine's
// partial linearizations (each a legal order of some of the key's ops that
// respects real time; after an exhaustive search, every op ever placed is
// in one of them, and the longest is the longest legal order there is).
type witness struct {
	op   int    // ID of the op named
	text string // its explanation, "" when none could be confirmed
	// longest is the length of the longest legal order; blocked is set
	// when the op named is the one that blocks it (no op is never placed).
	longest int
	blocked bool
	// order holds the IDs of the legal order the op was tried after (the
	// longest legal order when blocked), state the key's state after it.
	order []int
	state string
}

// witnessBudget bounds the searches that name the witnesses of the
// illegal keys (at most maxWitnessKeys of them, searched at once).
// The candidates tried as the named op, and the partial orders scanned
// for each, are capped too, so a long key costs little.
const (
	witnessBudget      = 2 * time.Second
	maxWitnessKeys     = 3
	maxCandidates      = 16
	maxPartialsScanned = 256
)

// witnesses explains the illegal partitions which (the first
// maxWitnessKeys), each searched again with porcupine's verbose check
// until the deadline, on its interned ops (iParts, see explainIllegal).
// A search that does not finish names nothing.
func witnesses(pm porcupine.Model, parts, iParts [][]porcupine.Operation, ids [][]int, keys []string, which []int, timeout time.Duration) map[int]witness {
	which = which[:min(len(which), maxWitnessKeys)]
	found := make([]witness, len(which))
	var wg sync.WaitGroup
	for n, p := range which {
		wg.Add(1)
		go func() {
			defer wg.Done()
			found[n] = explainIllegal(pm, parts[p], iParts[p], ids[p], keys[p], timeout)
		}()
	}
	wg.Wait()
	out := make(map[int]witness, len(which))
	for n, p := range which {
		if found[n].text != "" {
			out[p] = found[n]
		}
	}
	return out
}

// explainIllegal searches one partition with porcupine's verbose check and
// names a witness: preferably the earliest-called op that no legal order
// ever placed although some legal order let it come next (the longest
// such order is the example); otherwise the
// longest legal order and the op that blocks it. Every state it names is
// replayed through the model first; when a replay disagrees it says
// nothing. The search runs on intModel over iPart, the partition's ops
// interned in the same order, when given (else on pm over part); the
// replays, the states and the ops named come from pm and part.
func explainIllegal(pm porcupine.Model, part, iPart []porcupine.Operation, ids []int, key string, timeout time.Duration) witness {
	m, one := pm, [][]porcupine.Operation{part}
	if iPart != nil {
		m, one = intModel, [][]porcupine.Operation{iPart}
	}
	m.Partition = func([]porcupine.Operation) [][]porcupine.Operation { return one }
	res, info := porcupine.CheckOperationsVerbose(m, nil, timeout)
	return explainSearched(pm, part, ids, key, res, info)
}

// explainSearched is explainIllegal given the result of the verbose
// search of the partition alone.
func explainSearched(pm porcupine.Model, part []porcupine.Operation, ids []int, key string, res porcupine.CheckResult, info porcupine.LinearizationInfo) witness {
	all := info.PartialLinearizations()
	if res != porcupine.Illegal || len(all) != 1 {
		return witness{} // timed out: the partial orders are incomplete
	}
	partials := append(all[0], []int{}) // the empty order is always legal
	sortPartials(partials, ids)
	placed := make([]bool, len(part))
	for _, p := range partials {
		for _, i := range p {
			placed[i] = true
		}
	}
	r := newReplayer(pm, part)
	pm = r.pm
	longest := len(partials[0])
	byCall := make([]int, len(part))
	for i := range byCall {
		byCall[i] = i
	}
	slices.SortStableFunc(byCall, func(a, b int) int { return cmp.Compare(part[a].Call, part[b].Call) })
	tried := 0
	for _, x := range byCall {
		if tried == maxCandidates {
			break
		}
		if placed[x] {
			continue
		}
		tried++
		q, ok := r.example(partials, x)
		if !ok {
			continue
		}
		after := fmt.Sprintf("after %s, %q is %s", opsPhrase(q, ids), key, pm.DescribeState(r.state(q)))
		if len(q) == 0 {
			after = fmt.Sprintf("at the start %q is %s", key, pm.DescribeState(r.state(q)))
		}
		return witness{op: ids[x], longest: longest, order: opIDs(q, ids), state: pm.DescribeState(r.state(q)), text: fmt.Sprintf("op %d (client %d), %s, fits after no legal order of the ops that may precede it (e.g. %s); the longest legal order places %d of the %d ops",
			ids[x], part[x].ClientId, pm.DescribeOperation(part[x].Input, part[x].Output), after, longest, len(part))}
	}
	x, ok := r.blocker(partials[0])
	if !ok {
		return witness{}
	}
	return witness{op: ids[x], longest: longest, blocked: true, order: opIDs(partials[0], ids), state: pm.DescribeState(r.state(partials[0])), text: fmt.Sprintf("the longest legal order places %d of the %d ops (%s), after which %q is %s; no remaining op fits next, including op %d (client %d), %s, the first of them to return",
		longest, len(part), opsPhrase(partials[0], ids), key, pm.DescribeState(r.state(partials[0])),
		ids[x], part[x].ClientId, pm.DescribeOperation(part[x].Input, part[x].Output))}
}

// replayer steps the model through orders of one partition's ops.
type replayer struct {
	pm   porcupine.Model
	part []porcupine.Operation
}

func newReplayer(pm porcupine.Model, part []porcupine.Operation) replayer {
	if pm.Step == nil {
		step, ctx := pm.StepContext, context.Background()
		pm.Step = func(s, in, out interface{}) (bool, interface{}) { return step(ctx, s, in, out) }
	}
	if pm.DescribeState == nil {
		pm.DescribeState = func(s interface{}) string { return fmt.Sprint(s) }
	}
	if pm.DescribeOperation == nil {
		pm.DescribeOperation = func(in, out interface{}) string { return fmt.Sprintf("%v -> %v", in, out) }
	}
	return replayer{pm: pm, part: part}
}

// run replays order and reports whether every step is legal.
func (r replayer) run(order []int) (interface{}, bool) {
	s := r.pm.Init()
	for _, i := range order {
		ok, next := r.pm.Step(s, r.part[i].Input, r.part[i].Output)
		if !ok {
			return nil, false
		}
		s = next
	}
	return s, true
}

func (r replayer) state(order []int) interface{} {
	s, _ := r.run(order)
	return s
}

// fits reports whether op i is legal after state s.
func (r replayer) fits(s interface{}, i int) bool {
	ok, _ := r.pm.Step(s, r.part[i].Input, r.part[i].Output)
	return ok
}

// example returns the longest partial order (of the first
// maxPartialsScanned) that op x could follow by real time (it holds every
// op that returned before x was called; every op in it was called before x
// returned, as x was never placed) and does not fit after, confirmed by
// replaying it.
func (r replayer) example(partials [][]int, x int) ([]int, bool) {
	need := 0
	for i := range r.part {
		if r.part[i].Return < r.part[x].Call {
			need++
		}
	}
	for _, p := range partials[:min(len(partials), maxPartialsScanned)] {
		if !r.holds(p, x, need) {
			continue
		}
		if s, legal := r.run(p); legal && !r.fits(s, x) {
			return p, true
		}
	}
	return nil, false
}

// holds reports whether p holds the need ops that returned before op x was
// called.
func (r replayer) holds(p []int, x, need int) bool {
	for _, i := range p {
		if r.part[i].Return < r.part[x].Call {
			need--
		}
	}
	return need == 0
}

// blocker returns the op that real time puts first among those the order
// leaves out (the earliest to return), when no left-out op that could
// come next fits after it, confirmed by replaying it.
func (r replayer) blocker(order []int) (int, bool) {
	s, legal := r.run(order)
	if !legal {
		return 0, false
	}
	in := make([]bool, len(r.part))
	for _, i := range order {
		in[i] = true
	}
	x := -1
	for i := range r.part {
		if !in[i] && (x < 0 || r.part[i].Return < r.part[x].Return) {
			x = i
		}
	}
	if x < 0 || r.part[x].Return == never {
		return 0, false
	}
	for i := range r.part {
		if !in[i] && r.part[i].Call <= r.part[x].Return && r.fits(s, i) {
			return 0, false
		}
	}
	return x, true
}

// sortPartials orders partial linearizations longest first, then by their
// op IDs, so the explanation does not depend on map order.
func sortPartials(ps [][]int, ids []int) {
	slices.SortFunc(ps, func(a, b []int) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		for j := range a {
			if c := ids[a[j]] - ids[b[j]]; c != 0 {
				return c
			}
		}
		return 0
	})
}

// opIDs returns the op IDs of an order of partition positions.
func opIDs(order []int, ids []int) []int {
	out := make([]int, len(order))
	for j, i := range order {
		out[j] = ids[i]
	}
	return out
}

// opsPhrase names the ops of an order by ID: "op 3", "ops 3 1 4".
func opsPhrase(order []int, ids []int) string {
	named := make([]int, len(order))
	for j, i := range order {
		named[j] = ids[i]
	}
	if len(named) == 1 {
		return fmt.Sprintf("op %d", named[0])
	}
	return "ops " + opList(named, 10)
}
