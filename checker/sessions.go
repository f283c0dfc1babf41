package checker

import (
	"cmp"
	"fmt"
	"slices"
	"sort"

	"github.com/kvchaos/kvchaos/history"
)

// floor is a write a client depends on for one key: one it wrote (MW) or
// one it read (WFR), from its op at time t.
type floor struct {
	t     int64
	write int32
	via   int32 // the client's op: the write itself, or its read
}

// observed is the newest write of another client a reader has seen.
type observed struct {
	client int
	write  int32
	read   int32 // the reader's op that saw it
}

func checkSessions(ix *index, o Options) Result {
	res := Result{Check: Sessions}
	deps := sessionFloors(ix)
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

// sessionFloors lists, per key and client, the writes the client wrote or
// read, in the client's order.
func sessionFloors(ix *index) []map[int][]floor {
	deps := make([]map[int][]floor, len(ix.keys))
	for _, c := range ix.clients {
		for _, i := range ix.byClient[c] {
			op := &ix.ops[i]
			f := floor{t: op.Call, via: i, write: -1}
			switch {
			case isRead(op):
				if s := ix.src[i]; s >= 0 {
					f.write = s
				}
			case isWrite(op.Func) && op.Status == history.StatusOK && op.Func != history.FuncAppend:
				f.write = i
			}
			if f.write < 0 {
				continue
			}
			byClient := deps[ix.keyOf[i]]
			if byClient == nil {
				byClient = map[int][]floor{}
				deps[ix.keyOf[i]] = byClient
			}
			byClient[c] = append(byClient[c], f)
		}
	}
	return deps
}

// checkClient walks client c's ops in order and returns how many reads it
// could attribute.
func checkClient(ix *index, c int, deps []map[int][]floor, res *Result, limit int) int {
	lastWrite := map[string]int32{}
	lastRead := map[string]int32{} // the read op; its source is ix.source
	var seen []observed            // by client
	n := 0
	for _, i := range ix.byClient[c] {
		op := &ix.ops[i]
		if isRead(op) {
			src := ix.src[i]
			if src != srcUnknown {
				n++
				if w, ok := lastWrite[op.Key]; ok && ix.olderThan(src, w) {
					res.add(pairAnomaly(ix, KindReadYourWrites, w, i,
						"client %d wrote op %d, then its read op %d returned %s, older than its own write"), limit)
				} else if r, ok := lastRead[op.Key]; ok && ix.src[r] >= 0 && ix.olderThan(src, ix.src[r]) {
					res.add(pairAnomaly(ix, KindMonotonicReads, r, i,
						"client %d read op %d, then its read op %d returned %s, older than what it had read"), limit)
				}
				crossKey(ix, c, i, src, seen, deps, res, limit)
				lastRead[op.Key] = i
				if src >= 0 {
					w := &ix.ops[src]
					if w.Client != c {
						seen = noteSeen(ix, seen, observed{client: w.Client, write: src, read: i})
					}
				}
			}
		}
		if isWrite(op.Func) && op.Status == history.StatusOK && op.Func != history.FuncAppend {
			lastWrite[op.Key] = i
		}
	}
	return n
}

// crossKey checks read i (of src) by client c against the writes of other
// clients it has already observed: if client d wrote w2 after writing
// (monotonic writes) or reading (writes-follow-reads) a newer state of this
// key than src, c must not see src once it has seen w2.
func crossKey(ix *index, c int, i, src int32, seen []observed, deps []map[int][]floor, res *Result, limit int) {
	op := &ix.ops[i]
	byClient := deps[ix.keyOf[i]]
	for _, obs := range seen {
		d := obs.client
		w2 := &ix.ops[obs.write]
		if ix.keyOf[obs.write] == ix.keyOf[i] {
			continue // same key: monotonic reads covers it
		}
		fs := byClient[d]
		j := sort.Search(len(fs), func(j int) bool { return fs[j].t >= w2.Call }) - 1
		if j < 0 || !ix.olderThan(src, fs[j].write) {
			continue
		}
		f := fs[j]
		kind, did := KindMonotonicWrites, "wrote"
		if f.via != f.write {
			kind, did = KindWritesFollow, "read"
		}
		via := &ix.ops[f.via]
		res.add(Anomaly{Kind: kind, Key: op.Key, Ops: []int{via.ID, w2.ID, ix.ops[obs.read].ID, op.ID},
			Text: fmt.Sprintf("client %d %s %q at op %d, then wrote %q at op %d; client %d saw that write (op %d) but then read %q from %s (op %d), older than op %d",
				d, did, op.Key, via.ID, w2.Key, w2.ID, c, ix.ops[obs.read].ID, op.Key, describeSrc(ix, src), op.ID, via.ID)}, limit)
	}
}

func pairAnomaly(ix *index, kind AnomalyKind, first, read int32, format string) Anomaly {
	a, r := &ix.ops[first], &ix.ops[read]
	return Anomaly{Kind: kind, Key: r.Key, Ops: []int{a.ID, r.ID},
		Text: fmt.Sprintf("key %q: ", r.Key) + fmt.Sprintf(format, r.Client, a.ID, r.ID, describeSrc(ix, ix.src[read]))}
}

func describeSrc(ix *index, src int32) string {
	if src == srcAbsent {
		return "absent"
	}
	w := &ix.ops[src]
	return fmt.Sprintf("%q (written by op %d)", w.Input.Value, w.ID)
}

// noteSeen records that the reader saw o.write, when it is the first or
// a newer write of its client than the one seen so far; seen stays sorted
// by client.
func noteSeen(ix *index, seen []observed, o observed) []observed {
	j, found := slices.BinarySearchFunc(seen, o.client, func(s observed, c int) int { return cmp.Compare(s.client, c) })
	if !found {
		return slices.Insert(seen, j, o)
	}
	if ix.ops[seen[j].write].Call < ix.ops[o.write].Call {
		seen[j] = o
	}
	return seen
}
