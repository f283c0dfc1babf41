package checker

import (
	"cmp"
	"math"
	"slices"
	"sort"

	"github.com/kvchaos/kvchaos/history"
)

// never is the effective return time of an op that never completed.
const never int64 = math.MaxInt64

func isWrite(f history.Func) bool {
	switch f {
	case history.FuncPut, history.FuncDelete, history.FuncAppend, history.FuncCAS, history.FuncUpdate:
		return true
	}
	return false
}

// index is the compact, per-key and per-client view of a history the
// checks share (see rop).
type index struct {
	chunks     [][]rop   // the ops, ropChunk a chunk (see at); the first may be shorter (see makeRoom)
	firstChunk int       // the length of the first chunk when it is made
	n          int32     // how many
	strs       *strTable // interned strings; 0 is ""
	rare       map[int32]*history.Op
	// Beside the table, by record (see rop): the regions numbered, and
	// the fields few ops have.
	regions    []uint32
	wideRegion map[*rop]uint32
	errs       map[*rop]uint32
	wide       map[*rop][2]int
	keyName    []string        // key number -> key (first-appearance order)
	keys       []int32         // key numbers, sorted by key
	byKey      [][]int32       // key number -> op positions, in call order
	byClient   map[int][]int32 // op positions, in call order
	clients    []int           // sorted
	writes     []*keyWrites    // key number -> its writes (after full; nil when none)
	order      []int32         // op positions in call order (until full)
	src        []int32         // op position -> what the ok read saw (see source), srcUnknown otherwise (after full)
	caughtUp   []uint64        // bit per op position: see noteCaughtUp (after full)
	built      bool            // full() ran
	byID       bool            // ops of equal call time are ordered by ID, not position
	// conflictFlags is how failed cas ops are read (see conflicted).
	conflictFlags casReading
}

// source of a read: a write position, srcAbsent, or srcUnknown.
const (
	srcAbsent  int32 = -1
	srcUnknown int32 = -2
)

func newIndex(h history.History) *index {
	ix := &index{}
	b := newTableBuilder(ix, len(h.Ops))
	for i := range h.Ops {
		b.add(&h.Ops[i])
	}
	return ix.finish()
}

// finish orders and groups the ops once the table is built.
func (ix *index) finish() *index {
	ix.strs.done()
	order := make([]int32, int(ix.len()))
	for i := range order {
		order[i] = int32(i)
	}
	byCall := func(a, b int32) int {
		x, y := ix.at(a), ix.at(b)
		if c := cmp.Compare(x.call, y.call); c != 0 || !ix.byID {
			return c
		}
		return cmp.Compare(ix.opID(x), ix.opID(y))
	}
	sorted := true
	for i := int32(1); i < ix.len() && sorted; i++ {
		sorted = byCall(i-1, i) <= 0
	}
	if !sorted {
		slices.SortStableFunc(order, byCall)
	}
	ix.order = order
	ix.groupByKey()
	return ix
}

// groupByKey fills byKey and keys: each key's positions are a slice of
// one shared array.
func (ix *index) groupByKey() {
	count := make([]int32, len(ix.keyName))
	for i := range ix.len() {
		if n := ix.at(i).key; n >= 0 {
			count[n]++
		}
	}
	next := make([]int32, len(count)) // where key n's next position goes
	end := int32(0)
	for n, c := range count {
		next[n] = end
		end += c
	}
	all := make([]int32, end)
	for _, i := range ix.order {
		if n := ix.at(i).key; n >= 0 {
			all[next[n]] = i
			next[n]++
		}
	}
	ix.byKey = make([][]int32, len(count))
	ix.keys = make([]int32, len(count))
	for n := range count {
		to := next[n] // key n's positions end where its cursor stopped
		ix.byKey[n] = all[to-count[n] : to : to]
		ix.keys[n] = int32(n)
	}
	sort.Slice(ix.keys, func(a, b int) bool { return ix.keyName[ix.keys[a]] < ix.keyName[ix.keys[b]] })
}

// full adds what every check but linearizability needs: ops per client and
// the attribution of values to writes. It is idempotent.
func (ix *index) full() *index {
	if ix.built {
		return ix
	}
	ix.built = true
	ix.byClient = map[int][]int32{}
	ix.writes = make([]*keyWrites, len(ix.keyName))
	perClient := map[int]int32{}
	for i := range ix.len() {
		perClient[ix.opClient(ix.at(i))]++
	}
	for c, n := range perClient {
		ix.byClient[c] = make([]int32, 0, n)
		ix.clients = append(ix.clients, c)
	}
	sort.Ints(ix.clients)
	for _, i := range ix.order {
		c := ix.opClient(ix.at(i))
		ix.byClient[c] = append(ix.byClient[c], i)
	}
	ix.order = nil // byKey and byClient hold it from here on
	ix.attribute()
	return ix
}

// noteWrites fills ix.writes[n] from key n's ops, in call order, with its
// maps sized for the key's writes: one key's maps are built at a time, so
// they stay in cache while they grow.
func (ix *index) noteWrites(n int32) *keyWrites {
	writes := 0
	for _, i := range ix.byKey[n] {
		if ix.at(i).writes() {
			writes++
		}
	}
	kw := &keyWrites{key: n, writer: make(map[uint32]int32, writes), lastDelete: math.MinInt64, sizeHint: writes}
	for _, i := range ix.byKey[n] {
		kw.note(i, ix.at(i))
	}
	ix.writes[n] = kw
	return kw
}

// before reports whether position a comes before position b among ops of
// equal call time.
func (ix *index) before(a, b int32) bool {
	if ix.byID && a >= 0 && b >= 0 {
		return ix.opID(ix.at(a)) < ix.opID(ix.at(b))
	}
	return a < b
}

// olderThan reports whether the state src (a write position or srcAbsent)
// certainly precedes write w of the same key in every linearization: src
// completed before w began. Absent precedes a non-delete w when every
// delete completed before w began and the key cannot expire.
func (ix *index) olderThan(src int32, w int32) bool {
	wop := ix.at(w)
	var srcRet int64
	if src >= 0 {
		srcRet = ix.at(src).effRet()
	}
	return olderState(src, srcRet, ix.writes[wop.key].lastDelete, wop.call, wop.f == fDelete)
}

// olderState is olderThan on values a caller may have at hand: src's
// effective return (when src is a write), the key's last delete return,
// and w's call and whether w is a delete (read only when src is absent).
func olderState(src int32, srcRet, lastDelete, wcall int64, wDelete bool) bool {
	switch {
	case src == srcAbsent:
		return !wDelete && lastDelete < wcall
	case src < 0:
		return false
	}
	return srcRet < wcall
}

// attribute notes each key's writes (see noteWrites), resolves read
// versions and fills src, one key at a time on GOMAXPROCS workers (keys
// share nothing).
func (ix *index) attribute() {
	ix.src = make([]int32, int(ix.len()))
	ix.caughtUp = make([]uint64, (int(ix.len())+63)/64)
	for i := range ix.src {
		ix.src[i] = srcUnknown
	}
	eachParallel(len(ix.writes), func() func(int) {
		return func(n int) {
			kw := ix.noteWrites(int32(n))
			if kw.byValue != nil && !kw.appends {
				ix.resolveReadVersions(kw)
			}
			for _, i := range ix.byKey[n] {
				if r := ix.at(i); r.reads() {
					ix.src[i] = ix.source(r)
				}
			}
			ix.noteCaughtUp(int32(n))
		}
	})
}
