package checker

import (
	"fmt"
	"math"
	"sort"
	"strconv"
)

// chain is the lineage of the final state: the rmws the last read
// descends from, followed back through what each read.
type chain struct {
	writes map[int32]bool // rmw writes on the chain
	// next maps each state on the chain (a write position, or srcAbsent
	// for its root) to the index in rs of the chain rmw that read it.
	next map[int32]int
	// complete: the chain was followed back to its root (absent, or a
	// write that is not an rmw), so every rmw off it is lost.
	complete bool
}

// finalChain follows the final read of k back through the rmws.
func finalChain(ix *index, k int32, rs []rmw, byWrite map[int32]int) chain {
	ch := chain{writes: map[int32]bool{}, next: map[int32]int{}}
	f := finalRead(ix, k, rs)
	if f < 0 {
		return ch
	}
	cur := ix.source(ix.at(f))
	for cur >= 0 && !ch.writes[cur] {
		j, isRMW := byWrite[cur]
		if !isRMW {
			break // a setup write: the root
		}
		ch.writes[cur] = true
		ch.next[rs[j].src] = j
		cur = rs[j].src
	}
	ch.complete = cur == srcAbsent || (cur >= 0 && !ch.writes[cur])
	return ch
}

// checkForks reports the acknowledged rmws whose effect is lost. Two
// acknowledged rmws that read the same state fork: the one on the final
// chain survived, the other is lost, overwritten by it (without a final
// read, the later-completing one is taken to have survived). When the
// final chain reaches its root, every other acknowledged rmw is lost too:
// one that built on a lost write is named with the chain rmw that
// overwrote its branch, at the state where the branch forked off.
func checkForks(ix *index, k int32, rs []rmw, nonAtomic bool, res *Result, limit int) int {
	kw := ix.writes[k]
	groups := map[int32][]int{}
	byWrite := make(map[int32]int, len(rs))
	for j, r := range rs {
		byWrite[r.write] = j
		if !r.ok || r.src == srcUnknown || (r.src == srcAbsent && kw.lastDelete != math.MinInt64) {
			continue
		}
		groups[r.src] = append(groups[r.src], j)
	}
	ch := finalChain(ix, k, rs, byWrite)
	srcs := make([]int32, 0, len(groups))
	for s, g := range groups {
		if len(g) > 1 {
			srcs = append(srcs, s)
		}
	}
	sort.Slice(srcs, func(a, b int) bool { return ix.before(srcs[a], srcs[b]) })
	named := map[int]bool{}
	for _, s := range srcs {
		g := groups[s]
		sort.Slice(g, func(a, b int) bool { return ix.at(rs[g[a]].write).effRet() < ix.at(rs[g[b]].write).effRet() })
		winner := g[len(g)-1]
		for _, j := range g {
			if ch.writes[rs[j].write] {
				winner = j
			}
		}
		for _, j := range g {
			if j != winner {
				named[j] = true
				res.add(forkAnomaly(ix, k, s, rs[j], rs[winner], nil, nonAtomic), limit)
			}
		}
	}
	if ch.complete {
		for j, r := range rs {
			if !r.ok || named[j] || ch.writes[r.write] {
				continue
			}
			if root, winner, ok := forkPoint(rs, r, byWrite, ch); ok {
				named[j] = true
				res.add(forkAnomaly(ix, k, rs[root].src, r, rs[winner], &rs[root], nonAtomic), limit)
			}
		}
	}
	return len(named)
}

// forkPoint follows r back through the rmws it built on to the first one
// (root) that read a state of the final chain; winner is the chain rmw
// that read the same state.
func forkPoint(rs []rmw, r rmw, byWrite map[int32]int, ch chain) (root, winner int, ok bool) {
	root = byWrite[r.write]
	for steps := 0; steps <= len(rs); steps++ {
		if w, onChain := ch.next[rs[root].src]; onChain {
			return root, w, w != root
		}
		j, isRMW := byWrite[rs[root].src]
		if rs[root].src < 0 || !isRMW {
			return 0, 0, false
		}
		root = j
	}
	return 0, 0, false
}

// forkAnomaly names lost as overwritten by winner, both having read src;
// or, with a root, lost built on a lost write, and root, the first rmw of
// its branch, read src as winner did.
func forkAnomaly(ix *index, kn int32, src int32, lost, winner rmw, root *rmw, nonAtomic bool) Anomaly {
	k := ix.keyName[kn]
	lw, ww := ix.at(lost.write), ix.at(winner.write)
	seen := "absent"
	if src >= 0 {
		seen = strconv.Quote(ix.str(ix.at(src).in))
	}
	ops := []int{ix.opID(lw), ix.opID(ww)}
	how := "update"
	if nonAtomic {
		ops = append(ops, ix.opID(ix.at(lost.read)), ix.opID(ix.at(winner.read)))
		how = "get+put"
	}
	if root == nil {
		return Anomaly{Kind: KindLostUpdate, Key: k, Ops: ops, NonAtomic: nonAtomic,
			Text: fmt.Sprintf("key %q: %s op %d (client %d) read %s and wrote %q; op %d (client %d) read the same %s and wrote %q, overwriting it unseen: op %d's write is lost",
				k, how, ix.opID(lw), ix.opClient(lw), seen, ix.str(lw.in), ix.opID(ww), ix.opClient(ww), seen, ix.str(ww.in), ix.opID(lw))}
	}
	bw, pw := ix.at(root.write), ix.at(lost.src)
	ops = append(ops, ix.opID(bw))
	if nonAtomic {
		ops = append(ops, ix.opID(ix.at(root.read)))
	}
	return Anomaly{Kind: KindLostUpdate, Key: k, Ops: ops, NonAtomic: nonAtomic,
		Text: fmt.Sprintf("key %q: %s op %d (client %d) read %q, written by op %d, and wrote %q; that branch began when op %d (client %d) and op %d (client %d) both read %s, and the final state descends from op %d's write %q: op %d's write is lost",
			k, how, ix.opID(lw), ix.opClient(lw), ix.str(pw.in), ix.opID(pw), ix.str(lw.in), ix.opID(bw), ix.opClient(bw), ix.opID(ww), ix.opClient(ww), seen, ix.opID(ww), ix.str(ww.in), ix.opID(lw))}
}

// finalRead is the last ok get of k that began after every acknowledged
// rmw completed, or -1.
func finalRead(ix *index, k int32, rs []rmw) int32 {
	var last int64 = math.MinInt64
	for _, r := range rs {
		if r.ok {
			last = max(last, ix.at(r.write).ret)
		}
	}
	ids := ix.byKey[k]
	for j := len(ids) - 1; j >= 0; j-- {
		op := ix.at(ids[j])
		if op.f == fGet && op.st == stOK {
			if op.call >= last {
				return ids[j]
			}
			return -1
		}
	}
	return -1
}
