package checker

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// observed is the newest write of another client a reader has seen.
type observed struct {
	client int
	write  int32
	read   int32 // the reader's op that saw it
}

func checkSessions(ix *index, o Options) Result {
	res := Result{Check: Sessions}
	deps := newSessionFloors(ix)
	reads := 0
	for _, c := range ix.clients {
		reads += checkClient(ix, c, deps, &res, o.MaxAnomalies)
	}
	res.finish()
	if res.AnomalyCount == 0 {
		res.Explanation = fmt.Sprintf("%d attributable reads by %d clients: read-your-writes, monotonic reads, monotonic writes and writes-follow-reads all hold", reads, len(ix.clients))
	} else {
		res.Explanation = fmt.Sprintf("%d session-guarantee violation(s) among %d attributable reads by %d clients", res.AnomalyCount, reads, len(ix.clients))
	}
	return res
}

// checkClient walks client c's ops in order and returns how many reads it
// could attribute.
func checkClient(ix *index, c int, deps *sessionFloors, res *Result, limit int) int {
	deps.epoch++ // a new reader: every cursor starts over
	lastWrite := map[int32]int32{}
	lastRead := map[int32]int32{}    // the read op; its source is ix.source
	var seen []observed              // by client
	seenCall := int64(math.MinInt64) // the latest call of a write in seen, ever
	n := 0
	for _, i := range ix.byClient[c] {
		op := ix.at(i)
		if op.reads() {
			src := ix.src[i]
			if src != srcUnknown {
				n++
				if w, ok := lastWrite[op.key]; ok && ix.olderThan(src, w) {
					res.add(pairAnomaly(ix, KindReadYourWrites, w, i,
						"client %d wrote op %d, then its read op %d returned %s, older than its own write"), limit)
				} else if r, ok := lastRead[op.key]; ok && ix.src[r] >= 0 && ix.olderThan(src, ix.src[r]) {
					res.add(pairAnomaly(ix, KindMonotonicReads, r, i,
						"client %d read op %d, then its read op %d returned %s, older than what it had read"), limit)
				}
				if src < 0 || !ix.isCaughtUp(i) || seenCall > op.call {
					crossKey(ix, c, i, src, seen, deps, res, limit)
				}
				lastRead[op.key] = i
				if src >= 0 {
					w := ix.at(src)
					if ix.opClient(w) != c {
						seen = noteSeen(ix, seen, observed{client: ix.opClient(w), write: src, read: i})
						seenCall = max(seenCall, w.call)
					}
				}
			}
		}
		if op.okWrite() {
			lastWrite[op.key] = i
		}
	}
	return n
}

// crossKey checks read i (of src) by client c against the writes of other
// clients it has already observed: if client d wrote w2 after writing
// (monotonic writes) or reading (writes-follow-reads) a newer state of this
// key than src, c must not see src once it has seen w2. seen and the
// key's floor groups are both sorted by client, so they are walked
// together; d's newest floor before w2 is found with the reader's cursor.
// checkClient skips a caught-up read (see noteCaughtUp) when every write
// in seen began by the read's call: each floor crossKey could find is then
// from before the read's call, so none is newer than src.
func crossKey(ix *index, c int, i, src int32, seen []observed, deps *sessionFloors, res *Result, limit int) {
	op := ix.at(i)
	var srcRet int64
	if src >= 0 {
		srcRet = ix.at(src).effRet()
	}
	lastDelete := ix.writes[op.key].lastDelete
	g, end := deps.keyGroups[op.key], deps.keyGroups[op.key+1]
	for _, obs := range seen {
		d := obs.client
		for g < end && deps.groups[g].client < d {
			g++
		}
		if g == end {
			return
		}
		if deps.groups[g].client != d {
			continue
		}
		w2 := ix.at(obs.write)
		if w2.key == op.key {
			continue // same key: monotonic reads covers it
		}
		j := deps.before(g, w2.call)
		if j < 0 {
			continue
		}
		f := &deps.floors[j]
		if !olderState(src, srcRet, lastDelete, f.wcall, src == srcAbsent && ix.at(f.write).f == fDelete) {
			continue // src is not older than f's write
		}
		kind, did := KindMonotonicWrites, "wrote"
		if f.via != f.write {
			kind, did = KindWritesFollow, "read"
		}
		via := ix.at(f.via)
		key, key2 := ix.keyName[op.key], ix.keyName[w2.key]
		res.add(Anomaly{Kind: kind, Key: key, Ops: []int{ix.opID(via), ix.opID(w2), ix.opID(ix.at(obs.read)), ix.opID(op)},
			Text: fmt.Sprintf("client %d %s %q at op %d, then wrote %q at op %d; client %d saw that write (op %d) but then read %q from %s (op %d), older than op %d",
				d, did, key, ix.opID(via), key2, ix.opID(w2), c, ix.opID(ix.at(obs.read)), key, describeSrc(ix, src), ix.opID(op), ix.opID(via))}, limit)
	}
}

func pairAnomaly(ix *index, kind AnomalyKind, first, read int32, format string) Anomaly {
	a, r := ix.at(first), ix.at(read)
	key := ix.keyName[r.key]
	return Anomaly{Kind: kind, Key: key, Ops: []int{ix.opID(a), ix.opID(r)},
		Text: fmt.Sprintf("key %q: ", key) + fmt.Sprintf(format, ix.opClient(r), ix.opID(a), ix.opID(r), describeSrc(ix, ix.src[read]))}
}

func describeSrc(ix *index, src int32) string {
	if src == srcAbsent {
		return "absent"
	}
	w := ix.at(src)
	return fmt.Sprintf("%q (written by op %d)", ix.str(w.in), ix.opID(w))
}

// noteSeen records that the reader saw o.write, when it is the first or
// a newer write of its client than the one seen so far; seen stays sorted
// by client.
func noteSeen(ix *index, seen []observed, o observed) []observed {
	j, found := slices.BinarySearchFunc(seen, o.client, func(s observed, c int) int { return cmp.Compare(s.client, c) })
	if !found {
		return slices.Insert(seen, j, o)
	}
	if ix.at(seen[j].write).call < ix.at(o.write).call {
		seen[j] = o
	}
	return seen
}
