package checker

import (
	"math"

	"github.com/anishathalye/porcupine"

	"github.com/kvchaos/kvchaos/history"
)

// The fast path decides a key without search when every write of it
// stores a distinct value (Gibbons & Korach, "Testing shared memories",
// 1997; the "zones" of Golab, Li & Shah, 2011). Then each read names the
// write it saw, and a linearization is a sequence of blocks, one per
// write: the write, then the reads of its value. A cas (or an update)
// that replaced value e is the last op of e's block and the write of the
// next, so cas chains fix which blocks are adjacent.
//
// Each block (or chain of blocks) is a job: f, the earliest return among
// its ops, is the latest point it may start; s, the latest call, is the
// earliest point it may end. Jobs A and B conflict when f_A < s_B and
// f_B < s_A: an op of B returned before an op of A was called, and an op
// of A returned before an op of B was called, so neither can come first.
// Sorting jobs by their zone's start and placing them greedily either
// builds an order or stops at such a pair.
//
// Soundness comes first, completeness second:
//   - "legal" is claimed only for an order that was built and replayed
//     op by op through the model, with every real-time constraint checked;
//   - "illegal" is claimed only with a proof naming the ops (a read of a
//     value no write stores, a read that returned before its write was
//     called, two cas ops replacing the same value, a cas chain or a pair
//     of jobs real time cannot order);
//   - anything else (repeated values, TTLs, appends, version-based cas,
//     absent reads that a delete may explain, an order that does not
//     replay) leaves the key to porcupine.
//
// Failed cas ops are left out while deciding (they change no state, so a
// key without a linearization stays without one when they are added) and
// then placed into the order where the state differs from what they
// expected. Unknown writes whose value no op observed are left out (they
// did not take effect; see unobserved.go for why that changes no answer);
// those whose value an ok op observed took effect; the rest are left to
// porcupine.

// fastVerdict is what the fast path concluded about one key.
type fastVerdict int

const (
	fastUndecided fastVerdict = iota
	fastLegal
	fastIllegal
)

// fastResult is the fast path's answer for one key; w explains an
// illegal one.
type fastResult struct {
	verdict fastVerdict
	w       witness
	why     string // why a key was left undecided (for tests)
}

const (
	minTime int64 = math.MinInt64
	initOp        = -1 // the pseudo-op that put the initial state in place
)

// flCluster is one block: a write (initOp for the initial state) and the
// ops that observed its value.
type flCluster struct {
	writer  int
	members []int // every op of the block but the writer, successor included
	succ    int   // the op that replaced the value atomically, or -1
	pred    int   // the cluster whose value writer replaced, or -1
	next    int   // the cluster succ wrote, or -1
	f, s    int64 // earliest return and latest call, writer included
	fOp     int   // an op returning at f (initOp for the initial state)
	sOp     int   // an op called at s
}

// fastKey is one key's ops, classified.
type fastKey struct {
	part     []porcupine.Operation
	ids      []int
	key      string
	versions bool
	pm       porcupine.Model
	clusters []flCluster // [0] is the initial state
	fcas     []int       // failed cas ops, to place at the end
	kept     int         // ops in the order being built
}

// in and out are op i's request and outcome: linOps gives porcupine
// each recorded op as both.
func (k *fastKey) in(i int) *history.Op  { in, _ := k.part[i].Input.(*history.Op); return in }
func (k *fastKey) out(i int) *history.Op { o, _ := k.part[i].Output.(*history.Op); return o }

// fastCheck runs the fast path on one key's judged ops (as linOps
// converts them).
func fastCheck(pm porcupine.Model, part []porcupine.Operation, ids []int, key string, versions bool) fastResult {
	k := &fastKey{part: part, ids: ids, key: key, versions: versions, pm: pm}
	if r, ok := k.classify(); !ok {
		return r
	}
	return k.decide()
}

func undecided(why string) fastResult { return fastResult{why: why} }

// opKind is how the fast path sees one op.
type opKind int

const (
	kindSkip          opKind = iota // an unknown get: changes and checks nothing
	kindRead                        // an ok get: observes a value or absence
	kindWrite                       // a put, or an update whose outcome is unknown
	kindReplace                     // an ok update, or a cas that took effect or may have
	kindDelete                      // an ok delete
	kindUnknownDelete               // a delete that may or may not have happened
	kindFailedCAS                   // a cas that failed on a mismatch
)

// observes returns the value op i saw or required, and false for absent.
func (k *fastKey) observes(i int) (string, bool) {
	in, out := k.in(i), k.out(i)
	if in.Func == history.FuncCAS {
		return in.Input.ExpectedValue, true
	}
	if out.Output.Found && out.Output.Value != "" {
		return out.Output.Value, true
	}
	return "", false
}

func (k *fastKey) kind(i int) (opKind, string) {
	in, out := k.in(i), k.out(i)
	if in == nil || out == nil {
		return kindSkip, "an op without input or output"
	}
	if in.Input.TTLMillis > 0 {
		return kindSkip, "a write with a TTL"
	}
	ok, unknown := out.Outcome == history.OutcomeOK, out.Outcome == history.OutcomeUnknown
	switch in.Func {
	case history.FuncGet:
		if ok {
			return kindRead, ""
		}
		return kindSkip, ""
	case history.FuncPut:
		return kindWrite, ""
	case history.FuncDelete:
		if unknown {
			return kindUnknownDelete, ""
		}
		return kindDelete, ""
	case history.FuncUpdate:
		if ok {
			return kindReplace, ""
		}
		return kindWrite, ""
	case history.FuncCAS:
		if k.versions && !in.Input.HasExpectedValue {
			return kindSkip, "a version-based cas"
		}
		if out.Outcome == history.OutcomeFail {
			return kindFailedCAS, ""
		}
		return kindReplace, ""
	}
	return kindSkip, "a " + string(in.Func) + " op"
}

// classify sorts the ops into clusters, or says why the key is left to
// porcupine (or proves it illegal on the way).
func (k *fastKey) classify() (fastResult, bool) {
	n := len(k.part)
	kinds := make([]opKind, n)
	writerOf := make(map[string]int, n/2)
	firstDelete := int64(math.MaxInt64)
	for i := range k.part {
		kd, why := k.kind(i)
		if why != "" {
			return undecided(why), false
		}
		kinds[i] = kd
		switch kd {
		case kindWrite, kindReplace:
			v := k.in(i).Input.Value
			if v == "" {
				return undecided("a write of the empty value, which reads as absent"), false
			}
			if _, dup := writerOf[v]; dup {
				return undecided("two writes of the same value"), false
			}
			writerOf[v] = i
		case kindDelete, kindUnknownDelete:
			firstDelete = min(firstDelete, k.part[i].Call)
		}
	}
	// Which unknown writes took effect: those an ok op observed.
	okSeen := make(map[string]bool, n/2)
	unknownSeen := map[string]bool{}
	for i := range k.part {
		if kinds[i] != kindRead && kinds[i] != kindReplace {
			continue
		}
		v, present := k.observes(i)
		if !present {
			if k.part[i].Return >= firstDelete {
				return undecided("an absent read that a delete may explain"), false
			}
			continue
		}
		if k.out(i).Outcome == history.OutcomeOK {
			okSeen[v] = true
		} else {
			unknownSeen[v] = true
		}
	}
	k.clusters = make([]flCluster, 1, len(writerOf)+n/8+2)
	k.clusters[0] = flCluster{writer: initOp, succ: -1, pred: -1}
	clusterOf := make(map[string]int, len(writerOf))
	for i := range k.part {
		switch kinds[i] {
		case kindWrite, kindReplace:
			v := k.in(i).Input.Value
			if k.out(i).Outcome == history.OutcomeUnknown && !okSeen[v] {
				if unknownSeen[v] {
					return undecided("an unknown write observed only by ops of unknown outcome"), false
				}
				kinds[i] = kindSkip // did not take effect
				continue
			}
			clusterOf[v] = len(k.clusters)
			k.clusters = append(k.clusters, flCluster{writer: i, succ: -1, pred: -1})
		case kindDelete:
			k.clusters = append(k.clusters, flCluster{writer: i, succ: -1, pred: -1})
		case kindFailedCAS:
			k.fcas = append(k.fcas, i)
		}
	}
	for i := range k.part {
		if kinds[i] != kindRead && kinds[i] != kindReplace {
			continue
		}
		v, present := k.observes(i)
		c := 0
		if present {
			var ok bool
			if c, ok = clusterOf[v]; !ok {
				if k.out(i).Outcome != history.OutcomeOK {
					return undecided("an unknown cas expecting a value no write stores"), false
				}
				return fastResult{verdict: fastIllegal, w: k.proofNoWriter(i, v)}, false
			}
		}
		cl := &k.clusters[c]
		cl.members = append(cl.members, i)
		if kinds[i] == kindReplace {
			if cl.succ >= 0 {
				return fastResult{verdict: fastIllegal, w: k.proofTwoSuccessors(c, cl.succ, i)}, false
			}
			cl.succ = i
		}
	}
	for c := range k.clusters {
		cl := &k.clusters[c]
		cl.next = -1
		if cl.succ >= 0 {
			cl.next = clusterOf[k.in(cl.succ).Input.Value]
			k.clusters[cl.next].pred = c
		}
		cl.f, cl.s, cl.fOp, cl.sOp = math.MaxInt64, minTime, -1, -1
		if cl.writer == initOp {
			cl.f, cl.s, cl.fOp = minTime, minTime, initOp
		} else {
			k.zone(cl, cl.writer)
			k.kept++
		}
		for _, i := range cl.members {
			k.zone(cl, i)
			if i != cl.succ {
				k.kept++
			}
		}
	}
	return fastResult{}, true
}

// zone widens cl's zone by op i.
func (k *fastKey) zone(cl *flCluster, i int) {
	if r := k.part[i].Return; r < cl.f {
		cl.f, cl.fOp = r, i
	}
	if c := k.part[i].Call; c > cl.s {
		cl.s, cl.sOp = c, i
	}
}
