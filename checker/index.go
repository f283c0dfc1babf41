package checker

import (
	"math"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/kvchaos/kvchaos/history"
)

// never is the effective return time of an op that never completed.
const never int64 = math.MaxInt64

// effReturn is when op certainly completed: its Return when ok or fail,
// never when unknown (it may take effect at any time after its call).
func effReturn(op *history.Op) int64 {
	if op.Status == history.StatusUnknown || op.Return < 0 || op.Return == never {
		return never
	}
	return op.Return
}

func isWrite(f history.Func) bool {
	switch f {
	case history.FuncPut, history.FuncDelete, history.FuncAppend, history.FuncCAS, history.FuncUpdate:
		return true
	}
	return false
}

// isRead reports whether op is an ok read of a key: a get, or the read half
// of an update.
func isRead(op *history.Op) bool {
	return op.Status == history.StatusOK && (op.Func == history.FuncGet || op.Func == history.FuncUpdate)
}

// index is the per-key and per-client view of a history the checks share.
type index struct {
	ops      []history.Op
	keys     []string           // sorted
	byKey    map[string][]int32 // op positions, in call order
	byClient map[int][]int32    // op positions, in call order
	clients  []int              // sorted
	writes   map[string]*keyWrites
	order    []int32      // op positions in call order
	keyOf    []int32      // op position -> key number (first-appearance order), -1 for a list
	byNum    []*keyWrites // key number -> its writes (after full)
	src      []int32      // op position -> what the ok read saw (see source), srcUnknown otherwise (after full)
	built    bool         // full() ran
	// conflictFlags is how failed cas ops are read (see conflicted).
	conflictFlags casReading
}

// source of a read: a write position, srcAbsent, or srcUnknown.
const (
	srcAbsent  int32 = -1
	srcUnknown int32 = -2
)

func newIndex(h history.History) *index {
	ix := &index{ops: h.Ops, byKey: map[string][]int32{}, byClient: map[int][]int32{}, writes: map[string]*keyWrites{}}
	order := make([]int32, len(h.Ops))
	for i := range order {
		order[i] = int32(i)
	}
	sorted := true
	for i := 1; i < len(h.Ops) && sorted; i++ {
		sorted = h.Ops[i-1].Call <= h.Ops[i].Call
	}
	if !sorted {
		sort.SliceStable(order, func(a, b int) bool { return h.Ops[order[a]].Call < h.Ops[order[b]].Call })
	}
	ix.order = order
	ix.groupByKey()
	return ix
}

// groupByKey fills byKey and keys, and notes conflictFlags, in one pass
// over the ops: each key's positions are a slice of one shared array.
func (ix *index) groupByKey() {
	num := map[string]int32{}
	var count []int32
	keyOf := make([]int32, len(ix.ops)) // key number, or -1 for a list
	ix.keyOf = keyOf
	for i := range ix.ops {
		op := &ix.ops[i]
		ix.conflictFlags.flagged = ix.conflictFlags.flagged || op.Output.Conflict
		if op.Func == history.FuncList {
			keyOf[i] = -1
			continue
		}
		n, seen := num[op.Key]
		if !seen {
			n = int32(len(count))
			num[op.Key] = n
			ix.keys = append(ix.keys, op.Key)
			count = append(count, 0)
		}
		keyOf[i] = n
		count[n]++
	}
	next := make([]int32, len(count)) // where key n's next position goes
	end := int32(0)
	for n, c := range count {
		next[n] = end
		end += c
	}
	all := make([]int32, end)
	for _, i := range ix.order {
		if n := keyOf[i]; n >= 0 {
			all[next[n]] = i
			next[n]++
		}
	}
	for n, k := range ix.keys {
		to := next[n] // key n's positions end where its cursor stopped
		ix.byKey[k] = all[to-count[n] : to : to]
	}
	sort.Strings(ix.keys)
}

// full adds what every check but linearizability needs: ops per client and
// the attribution of values to writes. It is idempotent.
func (ix *index) full() *index {
	if ix.built {
		return ix
	}
	ix.built = true
	ix.byNum = make([]*keyWrites, len(ix.keys))
	for _, i := range ix.order {
		op := &ix.ops[i]
		ix.byClient[op.Client] = append(ix.byClient[op.Client], i)
		n := ix.keyOf[i]
		if n < 0 {
			continue
		}
		kw := ix.byNum[n]
		if kw == nil {
			kw = &keyWrites{key: op.Key, writer: map[string]int32{}, lastDelete: math.MinInt64}
			ix.byNum[n] = kw
			ix.writes[op.Key] = kw
		}
		kw.note(i, op)
	}
	ix.attribute()
	for c := range ix.byClient {
		ix.clients = append(ix.clients, c)
	}
	sort.Ints(ix.clients)
	return ix
}

// olderThan reports whether the state src (a write position or srcAbsent)
// certainly precedes write w of the same key in every linearization: src
// completed before w began. Absent precedes a non-delete w when every
// delete completed before w began and the key cannot expire.
func (ix *index) olderThan(src int32, w int32) bool {
	wop := &ix.ops[w]
	if src == srcAbsent {
		return wop.Func != history.FuncDelete && ix.byNum[ix.keyOf[w]].lastDelete < wop.Call
	}
	if src < 0 {
		return false
	}
	return effReturn(&ix.ops[src]) < wop.Call
}

// attribute resolves read versions and fills src, one key at a time on
// GOMAXPROCS workers (keys share nothing).
func (ix *index) attribute() {
	ix.src = make([]int32, len(ix.ops))
	for i := range ix.src {
		ix.src[i] = srcUnknown
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range max(min(runtime.GOMAXPROCS(0), len(ix.keys)), 1) {
		wg.Go(func() {
			for {
				n := int(next.Add(1) - 1)
				if n >= len(ix.keys) {
					return
				}
				k := ix.keys[n]
				kw := ix.writes[k]
				if kw == nil {
					continue
				}
				if kw.byValue != nil && !kw.appends {
					ix.resolveReadVersions(kw)
				}
				for _, i := range ix.byKey[k] {
					if op := &ix.ops[i]; isRead(op) {
						ix.src[i] = ix.source(op)
					}
				}
			}
		})
	}
	wg.Wait()
}
