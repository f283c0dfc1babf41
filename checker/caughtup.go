package checker

import (
	"math"
	"sync/atomic"
)

// noteCaughtUp marks the reads of key n that returned a write no older
// than any write an earlier op of the key depended on: a read i is caught
// up when it saw a write src whose effective return is at least the call
// of every write that the key's ops before i (in call order, any client)
// wrote or read — every session floor (see newSessionFloors) from before
// i's call. No client's floor from before i's call can then be newer than
// src, which lets the sessions check skip its per-client search for such a
// read (see crossKey). Keys are noted concurrently, so bits are set
// atomically.
func (ix *index) noteCaughtUp(n int32) {
	newest := int64(math.MinInt64) // the latest write call a floor so far depends on
	for _, i := range ix.byKey[n] {
		op := ix.at(i)
		switch {
		case op.reads():
			s := ix.src[i]
			if s < 0 {
				continue
			}
			w := ix.at(s)
			if w.effRet() >= newest {
				atomic.OrUint64(&ix.caughtUp[i>>6], 1<<(i&63))
			}
			newest = max(newest, w.call)
		case op.okWrite():
			newest = max(newest, op.call)
		}
	}
}

// isCaughtUp reports whether the read at position i is caught up (see
// noteCaughtUp).
func (ix *index) isCaughtUp(i int32) bool { return ix.caughtUp[i>>6]&(1<<(i&63)) != 0 }
