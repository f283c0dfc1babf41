package checker

import (
	"fmt"
)

// CounterBound is Jepsen's counter check for one key whose read-modify-
// writes add integers: the final read must lie in [Lower, Upper].
type CounterBound struct {
	Key string `json:"key"`
	// Final is the value of the last read, which began after every
	// acknowledged increment completed.
	Final int64 `json:"final"`
	// Lower sums the acknowledged increments (and decrements that may have
	// happened); Upper adds the increments whose outcome is unknown.
	Lower int64 `json:"lower"`
	Upper int64 `json:"upper"`
	// Acknowledged and Unknown count the increments.
	Acknowledged int `json:"acknowledged"`
	Unknown      int `json:"unknown"`
	// Lost is Lower − Final when positive: acknowledged increments missing.
	Lost int64 `json:"lost,omitempty"`
}

// rmw is one read-modify-write: an update op, or a client's get followed
// directly by its put of the same key.
type rmw struct {
	read  int32 // the op whose output is the read (== write for updates)
	write int32
	src   int32 // what the read saw
	ok    bool  // the write was acknowledged
}

func checkLostUpdates(ix *index, o Options) Result {
	res := Result{Check: LostUpdates}
	prev := prevByClient(ix)
	keysWithRMW, forks := 0, 0
	lw := LostWrites{Unit: "increments"}
	var lostAtomic int64
	for _, n := range ix.keys {
		k := ix.keyName[n]
		rs, nonAtomic := keyRMWs(ix, n, prev)
		if len(rs) < 2 {
			continue
		}
		keysWithRMW++
		named := checkForks(ix, n, rs, nonAtomic, &res, o.MaxAnomalies)
		forks += named
		lw.Named += named
		lost, acked := int64(named), int64(0)
		for _, r := range rs {
			if r.ok {
				acked++
			}
		}
		cb, isCounter := counterBound(ix, n, rs)
		if isCounter {
			lost, acked = cb.Lost, int64(cb.Acknowledged)
		} else {
			lw.Unit = "writes"
		}
		lw.Lost += lost
		lw.Acknowledged += acked
		if !nonAtomic {
			lostAtomic += lost
		}
		if isCounter {
			res.Counters = append(res.Counters, cb)
			if cb.Final < cb.Lower || cb.Final > cb.Upper {
				a := Anomaly{Kind: KindCounterBounds, Key: k, NonAtomic: nonAtomic, Ops: []int{ix.opID(ix.at(finalRead(ix, n, rs)))},
					Text: fmt.Sprintf("counter %q ends at %d but %d acknowledged increments sum to %d (at most %d counting %d unknown ones): %d lost",
						k, cb.Final, cb.Acknowledged, cb.Lower, cb.Upper, cb.Unknown, cb.Lost)}
				if cb.Final > cb.Upper {
					a.Text = fmt.Sprintf("counter %q ends at %d, above the %d every increment could explain", k, cb.Final, cb.Upper)
				}
				res.add(a, o.MaxAnomalies)
			}
		}
	}
	res.finish()
	if keysWithRMW > 0 {
		lw.NonAtomic = lw.Lost > 0 && lostAtomic == 0
		res.Lost = &lw
	}
	switch {
	case keysWithRMW == 0:
		res.Status = StatusSkipped
		res.Explanation = "no read-modify-write workload found (update ops, or get-then-put pairs by one client on one key)"
	case res.AnomalyCount == 0:
		res.Explanation = fmt.Sprintf("read-modify-writes on %d key(s): no two acknowledged writes read the same state", keysWithRMW)
	default:
		res.Explanation = fmt.Sprintf("read-modify-writes on %d key(s): %d acknowledged write(s) were overwritten by a write that read the same state (or built on a write that was), so their effect is lost", keysWithRMW, forks)
	}
	return res
}

// prevByClient maps each op position to the client's previous op (-1).
func prevByClient(ix *index) []int32 {
	prev := make([]int32, int(ix.len()))
	for _, c := range ix.clients {
		last := int32(-1)
		for _, i := range ix.byClient[c] {
			prev[i] = last
			last = i
		}
	}
	return prev
}

// keyRMWs finds the read-modify-writes of key k: its update ops if it has
// any, else get→put pairs when every put after the first pair is one.
func keyRMWs(ix *index, k int32, prev []int32) (rs []rmw, nonAtomic bool) {
	var puts []int32
	for _, i := range ix.byKey[k] {
		op := ix.at(i)
		if op.st == stFail {
			continue
		}
		switch op.f {
		case fUpdate:
			src := srcUnknown
			if op.st == stOK {
				src = ix.src[i]
			}
			rs = append(rs, rmw{read: i, write: i, src: src, ok: op.st == stOK})
		case fPut:
			puts = append(puts, i)
		}
	}
	if len(rs) > 0 {
		return rs, false
	}
	var unpaired []int32
	for _, p := range puts {
		q := prev[p]
		if q >= 0 && ix.at(q).f == fGet && ix.at(q).key == k && ix.at(q).st == stOK {
			rs = append(rs, rmw{read: q, write: p, src: ix.src[q], ok: ix.at(p).st == stOK})
		} else {
			unpaired = append(unpaired, p)
		}
	}
	if len(rs) < 2 {
		return nil, true
	}
	for _, p := range unpaired { // setup writes before the workload are fine
		if ix.at(p).effRet() >= ix.at(rs[0].read).call {
			return nil, true
		}
	}
	return rs, true
}
