package checker

import "hash/maphash"

// strTable interns the strings of a history (keys, values, versions,
// regions, error texts) with no pointer per string: their bytes are
// copied back to back into chunks that become one Go string each once
// full, so a string is a substring of its chunk, and the garbage collector
// sees a handful of chunks instead of millions of strings. While the
// table is built, ids are found through an open-addressing hash table of
// 8-byte slots (see strSlots), and where a string is stored is kept in
// fixed chunks of refs, never copied as the table grows.
type strTable struct {
	refs   [][]strRef // id -> where, refChunk ids a chunk; 0 is ""
	n      uint32     // ids handed out, "" included
	chunks []string   // sealed chunks
	cur    []byte     // the chunk being filled
	big    []string   // strings longer than bigString, kept whole
	seed   maphash.Seed
	slots  strSlots
}

// strRef locates a string: chunk (or index into big when n == bigRef) and
// offset, and length.
type strRef struct {
	chunk, off, n uint32
}

const (
	strChunk  = 1 << 16
	bigString = strChunk / 16
	bigRef    = ^uint32(0)
	// refChunkBits sizes the chunks of strTable.refs.
	refChunkBits = 16
	refChunk     = 1 << refChunkBits
)

func newStrTable() *strTable {
	t := &strTable{seed: maphash.MakeSeed()}
	t.refs = [][]strRef{make([]strRef, 1, 256)} // grows by append up to refChunk
	t.n = 1
	t.slots.init(1 << 10)
	return t
}

// intern returns the id of s, adding it when new.
func (t *strTable) intern(s string) uint32 {
	if s == "" {
		return 0
	}
	return t.internHashed(s, t.hash(s))
}

// hash is the hash intern files s under.
func (t *strTable) hash(s string) uint32 { return uint32(maphash.String(t.seed, s)) }

// internHashed is intern of a non-empty s whose hash is h.
func (t *strTable) internHashed(s string, h uint32) uint32 {
	for p := t.slots.first(h); ; p = t.slots.next(p) {
		e := t.slots.s[p]
		if e == 0 {
			id := t.add(s)
			t.slots.put(p, h, id)
			return id
		}
		if uint32(e) == h {
			if id := uint32(e >> 32); t.is(id, s) {
				return id
			}
		}
	}
}

// is reports whether string id is s, without copying it.
func (t *strTable) is(id uint32, s string) bool {
	r := t.refs[id>>refChunkBits][id&(refChunk-1)]
	switch {
	case r.n == 0:
		return s == ""
	case r.n == bigRef:
		return t.big[r.chunk] == s
	case int(r.chunk) == len(t.chunks):
		return string(t.cur[r.off:r.off+r.n]) == s
	}
	return t.chunks[r.chunk][r.off:r.off+r.n] == s
}

func (t *strTable) add(s string) uint32 {
	id := t.n
	t.n++
	if int(id)&(refChunk-1) == 0 {
		t.refs = append(t.refs, make([]strRef, 0, refChunk))
	}
	last := &t.refs[len(t.refs)-1]
	if len(s) > bigString {
		t.big = append(t.big, s)
		*last = append(*last, strRef{chunk: uint32(len(t.big) - 1), n: bigRef})
		return id
	}
	if cap(t.cur)-len(t.cur) < len(s) {
		t.seal()
	}
	if t.cur == nil {
		t.cur = make([]byte, 0, bigString) // a small history's strings fit
	}
	*last = append(*last, strRef{chunk: uint32(len(t.chunks)), off: uint32(len(t.cur)), n: uint32(len(s))})
	t.cur = append(t.cur, s...)
	return id
}

// seal turns the current chunk into a string; its buffer is reused.
func (t *strTable) seal() {
	if len(t.cur) > 0 {
		t.chunks = append(t.chunks, string(t.cur))
		t.cur = t.cur[:0]
		if cap(t.cur) < strChunk { // the first buffer is small; grow to strChunk
			t.cur = make([]byte, 0, min(strChunk, 4*cap(t.cur)))
		}
	}
}

// done seals the table: no more interning; every string is then a
// substring of a chunk.
func (t *strTable) done() {
	t.seal()
	t.cur, t.slots = nil, strSlots{}
}

// get returns string id. Before done, a string of the chunk being filled
// is a copy.
func (t *strTable) get(id uint32) string {
	r := t.refs[id>>refChunkBits][id&(refChunk-1)]
	switch {
	case r.n == 0:
		return ""
	case r.n == bigRef:
		return t.big[r.chunk]
	case int(r.chunk) == len(t.chunks):
		return string(t.cur[r.off : r.off+r.n])
	}
	return t.chunks[r.chunk][r.off : r.off+r.n]
}

// strSlots is an open-addressing hash table (linear probing) from a
// string's 32-bit hash to its id: a slot holds id<<32 | hash, 0 when
// empty (id 0, "", is never stored). A slot's position is the hash's low
// bits, so the table can grow without hashing the strings again; equal
// hashes of different strings are told apart by comparing the strings.
type strSlots struct {
	s    []uint64
	used int
}

func (ss *strSlots) init(n int) { ss.s, ss.used = make([]uint64, n), 0 }

func (ss *strSlots) first(h uint32) int { return int(h) & (len(ss.s) - 1) }

func (ss *strSlots) next(p int) int { return (p + 1) & (len(ss.s) - 1) }

// put fills the empty slot p, growing the table past three quarters
// full (up to 2^32 slots, as many as 32-bit hashes address).
func (ss *strSlots) put(p int, h, id uint32) {
	ss.s[p] = uint64(id)<<32 | uint64(h)
	if ss.used++; ss.used*4 <= len(ss.s)*3 || uint64(len(ss.s)) >= 1<<32 {
		return
	}
	old := ss.s
	ss.init(2 * len(old))
	for _, e := range old {
		if e != 0 {
			q := ss.first(uint32(e))
			for ss.s[q] != 0 {
				q = ss.next(q)
			}
			ss.s[q] = e
			ss.used++
		}
	}
}
