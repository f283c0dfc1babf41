package checker

import (
	"cmp"
	"slices"
	"sort"
)

// flJob is a chain of blocks that must be adjacent, in order: D is the
// latest point the chain may start (its earliest return), S the earliest
// point it may end (its latest call).
type flJob struct {
	blocks []int // cluster indices
	d, s   int64
	dOp    int // an op returning at d (initOp for the initial state)
	sOp    int // an op called at s
	sBlock int // the cluster sOp was counted in
}

func (j flJob) key() int64 { return min(j.d, j.s) }

// decide builds the chains, orders them, and either proves the key
// illegal, builds and replays an order, or leaves it undecided.
func (k *fastKey) decide() fastResult {
	jobs, res, ok := k.chains()
	if !ok {
		return res
	}
	slices.SortStableFunc(jobs, func(a, b flJob) int {
		if c := cmp.Compare(a.key(), b.key()); c != 0 {
			return c
		}
		return cmp.Compare(a.s, b.s)
	})
	if len(jobs) > 0 && jobs[0].blocks[0] != 0 {
		return undecided("the initial state does not come first") // cannot happen: its key is the minimum
	}
	cur, curJob := minTime, -1
	for n, j := range jobs {
		if cur > j.d {
			a := jobs[curJob]
			if j.s > a.d {
				return fastResult{verdict: fastIllegal, w: k.proofConflict(a, j)}
			}
			return undecided("the greedy order stopped without a conflicting pair")
		}
		if j.s > cur {
			cur, curJob = j.s, n
		}
	}
	order := make([]int, 0, k.kept+len(k.fcas))
	for _, j := range jobs {
		for _, c := range j.blocks {
			order = k.appendBlock(order, &k.clusters[c])
		}
	}
	order, ok = k.placeFailedCAS(order)
	if !ok {
		return undecided("a failed cas found no place where the value differed from what it expected")
	}
	if !k.replays(order) {
		return undecided("the order built does not replay")
	}
	return fastResult{verdict: fastLegal}
}

// chains groups the clusters into jobs, proving the key illegal when a
// chain cannot be ordered inside.
func (k *fastKey) chains() ([]flJob, fastResult, bool) {
	jobs := make([]flJob, 0, len(k.clusters))
	blocks := make([]int, 0, len(k.clusters)) // every job's blocks, in turn
	seen := 0
	for c := range k.clusters {
		if k.clusters[c].pred >= 0 {
			continue
		}
		j := flJob{d: k.clusters[c].f, dOp: k.clusters[c].fOp, s: minTime, sOp: -1}
		from := len(blocks)
		for x := c; x >= 0; x = k.clusters[x].next {
			cl := &k.clusters[x]
			seen++
			if cl.writer != initOp && k.ops[cl.writer].call > cl.f {
				return nil, fastResult{verdict: fastIllegal, w: k.proofReadBeforeWrite(cl)}, false
			}
			if j.s > cl.f { // an earlier block of the chain must end after this one started
				return nil, fastResult{verdict: fastIllegal, w: k.proofChain(j.sBlock, j.sOp, x)}, false
			}
			blocks = append(blocks, x)
			j.blocks = blocks[from:len(blocks):len(blocks)]
			if cl.f < j.d {
				j.d, j.dOp = cl.f, cl.fOp
			}
			if cl.s > j.s {
				j.s, j.sOp, j.sBlock = cl.s, cl.sOp, x
			}
			if len(j.blocks) > len(k.clusters) {
				break
			}
		}
		jobs = append(jobs, j)
	}
	if seen != len(k.clusters) {
		return nil, undecided("cas ops that replace each other's values in a cycle"), false
	}
	return jobs, fastResult{}, true
}

// appendBlock appends cl's ops: its writer, the reads in call order, and
// last the op that replaced its value (written as the next block's
// writer).
func (k *fastKey) appendBlock(order []int, cl *flCluster) []int {
	if cl.writer != initOp {
		order = append(order, cl.writer)
	}
	from := len(order)
	for _, i := range cl.members {
		if i != cl.succ {
			order = append(order, i)
		}
	}
	reads := order[from:]
	slices.SortFunc(reads, func(a, b int) int { return cmp.Compare(k.ops[a].call, k.ops[b].call) })
	return order
}

// placeFailedCAS inserts each failed cas where real time allows it and
// the value differs from the one it expected: the earliest such gap.
func (k *fastKey) placeFailedCAS(order []int) ([]int, bool) {
	if len(k.fcas) == 0 {
		return order, true
	}
	m := len(order)
	pos := make(map[int]int, m)
	for p, i := range order {
		pos[i] = p
	}
	// lo: after every op that returned before the cas was called; hi:
	// before every op called after it returned.
	byRet := slices.Clone(order)
	slices.SortFunc(byRet, func(a, b int) int { return cmp.Compare(k.ops[a].ret, k.ops[b].ret) })
	maxPos := make([]int, m+1) // maxPos[n]: 1 + the largest position among byRet[:n]
	for n, i := range byRet {
		maxPos[n+1] = max(maxPos[n], pos[i]+1)
	}
	byCall := slices.Clone(order)
	slices.SortFunc(byCall, func(a, b int) int { return cmp.Compare(k.ops[a].call, k.ops[b].call) })
	minPos := make([]int, m+1) // minPos[n]: the smallest position among byCall[n:]
	minPos[m] = m
	for n := m - 1; n >= 0; n-- {
		minPos[n] = min(minPos[n+1], pos[byCall[n]])
	}
	// The gaps where the key holds value v run from its writer to the
	// next write.
	holds := map[uint32][2]int{} // by interned value; 0 ("") is no value
	last := uint32(0)
	for p, i := range order {
		if k.writes(i) {
			if last != 0 {
				r := holds[last]
				holds[last] = [2]int{r[0], p}
			}
			last = 0
			if r := &k.ops[i]; r.f != fDelete {
				last = r.in
				holds[last] = [2]int{p + 1, m}
			}
		}
	}
	type ins struct{ gap, op int }
	var place []ins
	for _, f := range k.fcas {
		call, ret := k.ops[f].call, k.ops[f].ret
		lo := maxPos[sort.Search(m, func(n int) bool { return k.ops[byRet[n]].ret >= call })]
		hi := minPos[sort.Search(m, func(n int) bool { return k.ops[byCall[n]].call > ret })]
		g := lo
		if r, ok := holds[expectedValue(&k.ops[f])]; ok && g >= r[0] && g <= r[1] {
			g = r[1] + 1
		}
		if g > hi {
			return nil, false
		}
		place = append(place, ins{g, f})
	}
	slices.SortFunc(place, func(a, b ins) int {
		if c := cmp.Compare(a.gap, b.gap); c != 0 {
			return c
		}
		return cmp.Compare(k.ops[a.op].call, k.ops[b.op].call)
	})
	out := make([]int, 0, m+len(place))
	n := 0
	for p := 0; p <= m; p++ {
		for ; n < len(place) && place[n].gap == p; n++ {
			out = append(out, place[n].op)
		}
		if p < m {
			out = append(out, order[p])
		}
	}
	return out, true
}

// writes reports whether op i, in an order built by the fast path,
// changes the state (every op there took effect).
func (k *fastKey) writes(i int) bool {
	switch r := &k.ops[i]; r.f {
	case fPut, fDelete, fUpdate:
		return true
	case fCAS:
		return r.st != stFail
	}
	return false
}

// replays reports whether order is a linearization: every op's step is
// legal in the model, and no op comes after one that was called after it
// returned. The steps are intModel's (linstep.go), package model's
// key-value model on interned values, here numbered by the table's ids.
func (k *fastKey) replays(order []int) bool {
	if len(order) != k.kept+len(k.fcas) {
		return false
	}
	s, _ := intModel.Init().(linState)
	maxCall := minTime
	for _, i := range order {
		r := &k.ops[i]
		if r.ret < maxCall {
			return false
		}
		maxCall = max(maxCall, r.call)
		unknown := r.st == stUnknown
		if unknown && !k.writes(i) {
			return false
		}
		o, numbered := k.intOp(r)
		if !numbered {
			return false
		}
		ok, next := o.step(s)
		if !ok {
			return false
		}
		if unknown && next == s {
			return false // an unknown cas that did not take effect
		}
		s = next
	}
	return true
}

// intFuncOf maps the fast path's func codes to intModel's.
var intFuncOf = [...]intFunc{fGet: intGet, fPut: intPut, fDelete: intDelete, fUpdate: intUpdate, fCAS: intCAS}

// intOp is op r as intModel steps it, its values and versions numbered by
// their ids in the table; false when an id is past what a state holds, or
// r is an op the fast path does not order.
func (k *fastKey) intOp(r *rop) (intOp, bool) {
	if int(r.f) >= len(intFuncOf) || r.f == 0 || r.f == fList || r.f == fAppend || r.fl&(flRare|flTTL) != 0 {
		return intOp{}, false
	}
	o := intOp{fn: intFuncOf[r.f], ok: r.st == stOK, fail: r.st == stFail, found: r.found(),
		hasExpected: r.fl&flExpectedValue != 0, versions: k.versions,
		value: r.in, expectedValue: expectedValue(r), read: r.out}
	if k.versions {
		if r.fl&flExpectedValue == 0 {
			o.expected = r.aux
		}
		o.version = r.ver
	}
	return o, o.value < maxValueID && o.expectedValue < maxValueID && o.read < maxValueID &&
		o.expected <= maxVersionID && o.version <= maxVersionID
}
