package checker

import "github.com/kvchaos/kvchaos/history"

// rop is the compact form of one op the checks work on, 48 bytes
// instead of the ~300 of a history.Op: strings (keys, values, versions)
// are interned as ids into index.strs, the func and status are small
// codes, the region is a number into index.regions. An op that does not
// fit (a func or status outside the vocabulary, a list, a TTL, a cas with
// both an expected version and an expected value) keeps its whole
// history.Op in index.rare as well. Fields most ops leave empty live
// beside the table, keyed by the record's address (the table's chunks
// never move): the error text in index.errs, and an ID or client past
// 32 bits (flWide) in index.wide. Read them with index.errText, opID and
// opClient.
type rop struct {
	call, ret         int64
	id, client        int32  // ID and client, when they fit (see flWide)
	key               int32  // key number, -1 for a list
	in, aux, out, ver uint32 // Input.Value, Expected or ExpectedValue, Output.Value, Output.Version
	f, st, fl         uint8
	region            uint8 // number into index.regions; regionWide: index.wideRegion
}

// regionWide marks a region past the first regionWide ones, found in
// index.wideRegion.
const regionWide = 255

// Func codes (0: outside the vocabulary, see index.rare).
const (
	fGet uint8 = 1 + iota
	fPut
	fDelete
	fList
	fAppend
	fCAS
	fUpdate
)

// Status codes (0: outside the vocabulary).
const (
	stOK uint8 = 1 + iota
	stFail
	stUnknown
)

// rop flags.
const (
	flFound uint8 = 1 << iota
	flConflict
	flNoConflict
	flExpectedValue // aux is Input.ExpectedValue (HasExpectedValue)
	flTTL           // Input.TTLMillis > 0
	flRare          // index.rare holds the whole op
	flWide          // index.wide holds the ID and client, past 32 bits
)

var (
	funcNames   = [...]history.Func{"", history.FuncGet, history.FuncPut, history.FuncDelete, history.FuncList, history.FuncAppend, history.FuncCAS, history.FuncUpdate}
	statusNames = [...]history.Outcome{"", history.OutcomeOK, history.OutcomeFail, history.OutcomeUnknown}
)

func funcCode(f history.Func) uint8 {
	for i := 1; i < len(funcNames); i++ {
		if funcNames[i] == f {
			return uint8(i)
		}
	}
	return 0
}

func statusCode(s history.Outcome) uint8 {
	for i := 1; i < len(statusNames); i++ {
		if statusNames[i] == s {
			return uint8(i)
		}
	}
	return 0
}

func (r *rop) found() bool { return r.fl&flFound != 0 }

// writes reports whether r is a write: put, delete, append, cas or update.
func (r *rop) writes() bool {
	switch r.f {
	case fPut, fDelete, fAppend, fCAS, fUpdate:
		return true
	}
	return false
}

// reads reports whether r is an ok read of a key: a get, or the read
// half of an update.
func (r *rop) reads() bool { return r.st == stOK && (r.f == fGet || r.f == fUpdate) }

// okWrite reports whether r is an acknowledged write that sets a value
// (not an append).
func (r *rop) okWrite() bool { return r.st == stOK && r.writes() && r.f != fAppend }

// effRet is when r certainly completed: its return when ok or fail, never
// when unknown (it may take effect at any time after its call).
func (r *rop) effRet() int64 {
	if r.st == stUnknown || r.ret < 0 || r.ret == never {
		return never
	}
	return r.ret
}

// tableBuilder turns history.Ops into rops, interning their strings.
type tableBuilder struct {
	ix   *index
	keys map[string]int32
	// few interns the fields with few distinct strings (regions, error
	// texts) in a small map of their own: looking them up in strTable's
	// map, which holds every value of the history, costs a cache miss or
	// two per op on a large history.
	few map[string]uint32
	// recent holds, per key number, the hashes and ids of the last
	// strings interned for its values and versions (hash | id<<32, newest
	// first): a read mostly returns a value and version written shortly
	// before, found here without a probe of strTable's table.
	recent [][recentPerKey]uint64
	// regionNo numbers the regions (see rop.region).
	regionNo map[string]uint8
}

// recentPerKey is how many strings tableBuilder.recent keeps per key.
const recentPerKey = 4

// internAt interns s, a value or version of an op of key number k (-1: no
// key).
func (b *tableBuilder) internAt(k int32, s string) uint32 {
	if s == "" {
		return 0
	}
	t := b.ix.strs
	if k < 0 {
		return t.intern(s)
	}
	h := t.hash(s)
	ring := &b.recent[k]
	for _, e := range ring {
		if e != 0 && uint32(e) == h {
			if id := uint32(e >> 32); t.is(id, s) {
				return id
			}
		}
	}
	id := t.internHashed(s, h)
	copy(ring[1:], ring[:recentPerKey-1])
	ring[0] = uint64(id)<<32 | uint64(h)
	return id
}

// maxFew bounds tableBuilder.few; further strings go to strTable alone.
const maxFew = 1024

// newTableBuilder starts ix's table. sizeHint is how many ops are coming
// when the caller knows (0 when not): a small history then gets a first
// chunk of its own size instead of a whole ropChunk, which a check of
// porcupine's 1000-op etcd logs spent more time zeroing than searching.
func newTableBuilder(ix *index, sizeHint int) *tableBuilder {
	ix.firstChunk = ropChunk
	if sizeHint > 0 && sizeHint < ropChunk {
		ix.firstChunk = max(sizeHint, 64)
	}
	ix.strs = newStrTable()
	return &tableBuilder{ix: ix, keys: map[string]int32{}, few: map[string]uint32{}}
}

func (b *tableBuilder) intern(s string) uint32 { return b.ix.strs.intern(s) }

// internFew interns s, a string of a field with few distinct values.
func (b *tableBuilder) internFew(s string) uint32 {
	if s == "" {
		return 0
	}
	if id, ok := b.few[s]; ok {
		return id
	}
	id := b.intern(s)
	if len(b.few) < maxFew {
		b.few[b.ix.strs.get(id)] = id // the table's copy: s may share a reader's buffer
	}
	return id
}

// add appends op.
func (b *tableBuilder) add(op *history.Op) {
	ix := b.ix
	r := rop{call: op.Call, ret: op.Return, id: int32(op.ID), client: int32(op.Client), key: -1,
		f: funcCode(op.Func), st: statusCode(op.Outcome), region: b.region(op.Region)}
	wide := int(r.id) != op.ID || int(r.client) != op.Client
	if wide {
		r.fl |= flWide
	}
	if op.Func != history.FuncList {
		n, seen := b.keys[op.Key]
		if !seen {
			n = int32(len(ix.keyName))
			b.keys[op.Key] = n
			ix.keyName = append(ix.keyName, op.Key)
			b.recent = append(b.recent, [recentPerKey]uint64{})
		}
		r.key = n
	}
	r.in, r.out, r.ver = b.internAt(r.key, op.Input.Value), b.internAt(r.key, op.Output.Value), b.internAt(r.key, op.Output.Version)
	in, out := &op.Input, &op.Output
	if in.HasExpectedValue {
		r.fl |= flExpectedValue
		r.aux = b.internAt(r.key, in.ExpectedValue)
	} else {
		r.aux = b.internAt(r.key, in.Expected)
	}
	for _, f := range [...]struct {
		on bool
		fl uint8
	}{{out.Found, flFound}, {out.Conflict, flConflict}, {out.NoConflict, flNoConflict}, {in.TTLMillis > 0, flTTL}} {
		if f.on {
			r.fl |= f.fl
		}
	}
	ix.conflictFlags.flagged = ix.conflictFlags.flagged || out.Conflict
	if r.f == 0 || r.f == fList || r.st == 0 || in.TTLMillis != 0 || in.Prefix != "" || in.Cursor != "" || in.Limit != 0 ||
		(in.HasExpectedValue && in.Expected != "") || (!in.HasExpectedValue && in.ExpectedValue != "") ||
		len(out.Keys) > 0 || out.Cursor != "" {
		if ix.rare == nil {
			ix.rare = map[int32]*history.Op{}
		}
		cp := *op
		ix.rare[ix.n] = &cp
		r.fl |= flRare
	}
	ix.makeRoom()
	at := ix.at(ix.n)
	*at = r
	ix.n++
	if wide {
		if ix.wide == nil {
			ix.wide = map[*rop][2]int{}
		}
		ix.wide[at] = [2]int{op.ID, op.Client}
	}
	if r.region == regionWide {
		if ix.wideRegion == nil {
			ix.wideRegion = map[*rop]uint32{}
		}
		ix.wideRegion[at] = b.internFew(op.Region)
	}
	if op.Error != "" {
		if ix.errs == nil {
			ix.errs = map[*rop]uint32{}
		}
		ix.errs[at] = b.internFew(op.Error)
	}
}

// region numbers a region among index.regions (0 is ""), regionWide past
// the first regionWide-1.
func (b *tableBuilder) region(s string) uint8 {
	if s == "" {
		return 0
	}
	ix := b.ix
	if len(ix.regions) == 0 {
		ix.regions = []uint32{0}
	}
	if n, ok := b.regionNo[s]; ok {
		return n
	}
	if len(ix.regions) >= regionWide {
		return regionWide
	}
	id := b.internFew(s)
	n := uint8(len(ix.regions))
	ix.regions = append(ix.regions, id)
	if b.regionNo == nil {
		b.regionNo = map[string]uint8{}
	}
	b.regionNo[ix.str(id)] = n // the table's copy: s may share a reader's buffer
	return n
}

// ropChunk is how many ops a chunk of the table holds: chunks are never
// copied as the table grows.
const (
	ropChunkBits = 14
	ropChunk     = 1 << ropChunkBits
)

// at is the op at position i.
func (ix *index) at(i int32) *rop { return &ix.chunks[i>>ropChunkBits][i&(ropChunk-1)] }

// len is the number of ops.
func (ix *index) len() int32 { return ix.n }

// str is the interned string id.
func (ix *index) str(id uint32) string { return ix.strs.get(id) }

// fn is the Func of the op at position i.
func (ix *index) fn(i int32) history.Func {
	if r := ix.at(i); r.f != 0 {
		return funcNames[r.f]
	}
	return ix.rare[i].Func
}

// op materializes the op at position i.
func (ix *index) op(i int32) history.Op {
	r := ix.at(i)
	if r.fl&flRare != 0 {
		return *ix.rare[i]
	}
	op := history.Op{ID: ix.opID(r), Client: ix.opClient(r), Region: ix.regionOf(r), Func: funcNames[r.f],
		Outcome: statusNames[r.st], Call: r.call, Return: r.ret, Error: ix.errText(r),
		Input: history.Input{Value: ix.str(r.in)},
		Output: history.Output{Value: ix.str(r.out), Version: ix.str(r.ver), Found: r.found(),
			Conflict: r.fl&flConflict != 0, NoConflict: r.fl&flNoConflict != 0}}
	if r.key >= 0 {
		op.Key = ix.keyName[r.key]
	}
	if r.fl&flExpectedValue != 0 {
		op.Input.ExpectedValue, op.Input.HasExpectedValue = ix.str(r.aux), true
	} else {
		op.Input.Expected = ix.str(r.aux)
	}
	return op
}

// opID is the ID of op r, a record of the table.
func (ix *index) opID(r *rop) int {
	if r.fl&flWide != 0 {
		return ix.wide[r][0]
	}
	return int(r.id)
}

// opClient is the client of op r, a record of the table.
func (ix *index) opClient(r *rop) int {
	if r.fl&flWide != 0 {
		return ix.wide[r][1]
	}
	return int(r.client)
}

// regionOf is the region of op r, a record of the table.
func (ix *index) regionOf(r *rop) string {
	switch r.region {
	case 0:
		return ""
	case regionWide:
		return ix.str(ix.wideRegion[r])
	}
	return ix.str(ix.regions[r.region])
}

// errText is the error text of op r, a record of the table.
func (ix *index) errText(r *rop) string {
	if len(ix.errs) == 0 {
		return ""
	}
	return ix.str(ix.errs[r])
}
