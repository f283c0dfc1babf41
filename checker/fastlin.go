package checker

import (
	"math"

	"github.com/anishathalye/porcupine"
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

// fastKey is one key's ops, classified. The fast path reads the ops from
// the compact table (copied, so that its passes over them stay in cache)
// and compares values by their interned ids: only a key it finds illegal
// has ops materialized, for its explanation (see desc).
type fastKey struct {
	ix       *index
	pos      []int32 // the key's judged ops: their table positions
	ops      []rop   // their records, ret being the effective return (see rop.effRet)
	key      string
	versions bool
	pm       porcupine.Model
	clusters []flCluster // [0] is the initial state
	fcas     []int       // failed cas ops, to place at the end
	kept     int         // ops in the order being built
}

// fastCheck runs the fast path on one key's judged ops, at table
// positions pos (see judgedOps). buf, when not nil, is reused for the
// copy of their records.
func fastCheck(pm porcupine.Model, ix *index, pos []int32, key string, versions bool, buf *[]rop) fastResult {
	var ops []rop
	if buf != nil {
		ops = *buf
	}
	if cap(ops) < len(pos) {
		ops = make([]rop, len(pos), max(len(pos), 2*cap(ops)))
	}
	ops = ops[:len(pos)]
	for n, i := range pos {
		ops[n] = *ix.at(i)
		ops[n].ret = ops[n].effRet()
	}
	if buf != nil {
		*buf = ops
	}
	k := &fastKey{ix: ix, pos: pos, ops: ops, key: key, versions: versions, pm: pm}
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

// expectedValue is the value (interned) cas op r required: "" (0) for a
// version-based cas, which the register model reads as expecting "".
func expectedValue(r *rop) uint32 {
	if r.fl&flExpectedValue != 0 {
		return r.aux
	}
	return 0
}

// observes returns the value (interned) op i saw or required, and false
// for absent.
func (k *fastKey) observes(i int) (uint32, bool) {
	r := &k.ops[i]
	if r.f == fCAS {
		return expectedValue(r), true
	}
	if r.found() && r.out != 0 {
		return r.out, true
	}
	return 0, false
}

func (k *fastKey) kind(i int) (opKind, string) {
	r := &k.ops[i]
	if r.fl&flTTL != 0 {
		return kindSkip, "a write with a TTL"
	}
	if r.fl&flRare != 0 { // its record may not hold every field the model reads
		return kindSkip, "an op the compact table keeps whole"
	}
	ok, unknown := r.st == stOK, r.st == stUnknown
	switch r.f {
	case fGet:
		if ok {
			return kindRead, ""
		}
		return kindSkip, ""
	case fPut:
		return kindWrite, ""
	case fDelete:
		if unknown {
			return kindUnknownDelete, ""
		}
		return kindDelete, ""
	case fUpdate:
		if ok {
			return kindReplace, ""
		}
		return kindWrite, ""
	case fCAS:
		if k.versions && r.fl&flExpectedValue == 0 {
			return kindSkip, "a version-based cas"
		}
		if r.st == stFail {
			return kindFailedCAS, ""
		}
		return kindReplace, ""
	}
	return kindSkip, "a " + string(funcNames[r.f]) + " op"
}

// classify sorts the ops into clusters, or says why the key is left to
// porcupine (or proves it illegal on the way).
func (k *fastKey) classify() (fastResult, bool) {
	n := len(k.ops)
	kinds := make([]opKind, n)
	// vals holds, by interned value, whether an ok op or one of unknown
	// outcome observed it, and the cluster of its write (after the first
	// loop, the values written are its keys).
	vals := make(map[uint32]valInfo, n/2)
	writes := 0
	firstDelete := int64(math.MaxInt64)
	for i := range k.ops {
		kd, why := k.kind(i)
		if why != "" {
			return undecided(why), false
		}
		kinds[i] = kd
		switch kd {
		case kindWrite, kindReplace:
			v := k.ops[i].in
			if v == 0 {
				return undecided("a write of the empty value, which reads as absent"), false
			}
			if _, dup := vals[v]; dup {
				return undecided("two writes of the same value"), false
			}
			vals[v] = valInfo{}
			writes++
		case kindDelete, kindUnknownDelete:
			firstDelete = min(firstDelete, k.ops[i].call)
		}
	}
	// Which unknown writes took effect: those an ok op observed.
	for i := range k.ops {
		if kinds[i] != kindRead && kinds[i] != kindReplace {
			continue
		}
		v, present := k.observes(i)
		if !present {
			if k.ops[i].ret >= firstDelete {
				return undecided("an absent read that a delete may explain"), false
			}
			continue
		}
		vi := vals[v]
		if k.ops[i].st == stOK {
			vi.seen |= valSeenOK
		} else {
			vi.seen |= valSeenUnknown
		}
		vals[v] = vi
	}
	k.clusters = make([]flCluster, 1, writes+n/8+2)
	k.clusters[0] = flCluster{writer: initOp, succ: -1, pred: -1}
	for i := range k.ops {
		switch kinds[i] {
		case kindWrite, kindReplace:
			v := k.ops[i].in
			vi := vals[v]
			if k.ops[i].st == stUnknown && vi.seen&valSeenOK == 0 {
				if vi.seen&valSeenUnknown != 0 {
					return undecided("an unknown write observed only by ops of unknown outcome"), false
				}
				kinds[i] = kindSkip // did not take effect
				continue
			}
			vi.cluster = int32(len(k.clusters))
			vals[v] = vi
			k.clusters = append(k.clusters, flCluster{writer: i, succ: -1, pred: -1})
		case kindDelete:
			k.clusters = append(k.clusters, flCluster{writer: i, succ: -1, pred: -1})
		case kindFailedCAS:
			k.fcas = append(k.fcas, i)
		}
	}
	memberOf := make([]int32, n) // the cluster op i observed, -1 for none
	ends := make([]int32, len(k.clusters)+1)
	for i := range k.ops {
		memberOf[i] = -1
		if kinds[i] != kindRead && kinds[i] != kindReplace {
			continue
		}
		v, present := k.observes(i)
		c := 0
		if present {
			if c = int(vals[v].cluster); c == 0 {
				if k.ops[i].st != stOK {
					return undecided("an unknown cas expecting a value no write stores"), false
				}
				return fastResult{verdict: fastIllegal, w: k.proofNoWriter(i, v)}, false
			}
		}
		memberOf[i] = int32(c)
		ends[c+1]++
		cl := &k.clusters[c]
		if kinds[i] == kindReplace {
			if cl.succ >= 0 {
				return fastResult{verdict: fastIllegal, w: k.proofTwoSuccessors(c, cl.succ, i)}, false
			}
			cl.succ = i
		}
	}
	// Each cluster's members, in op order, in one array.
	for c := range k.clusters {
		ends[c+1] += ends[c]
	}
	all := make([]int, ends[len(k.clusters)])
	for c := range k.clusters {
		k.clusters[c].members = all[ends[c]:ends[c]:ends[c+1]]
	}
	for i, c := range memberOf {
		if c >= 0 {
			cl := &k.clusters[c]
			cl.members = append(cl.members, i)
		}
	}
	for c := range k.clusters {
		cl := &k.clusters[c]
		cl.next = -1
		if cl.succ >= 0 {
			cl.next = int(vals[k.ops[cl.succ].in].cluster)
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

// valInfo is what classify learns of one value.
type valInfo struct {
	seen    uint8 // valSeenOK, valSeenUnknown
	cluster int32 // the cluster of its write; 0 (the initial state's) for none yet
}

const (
	valSeenOK uint8 = 1 << iota
	valSeenUnknown
)

// zone widens cl's zone by op i.
func (k *fastKey) zone(cl *flCluster, i int) {
	if r := k.ops[i].ret; r < cl.f {
		cl.f, cl.fOp = r, i
	}
	if c := k.ops[i].call; c > cl.s {
		cl.s, cl.sOp = c, i
	}
}
