package checker

import "hash/maphash"

// strTable interns the strings of a history (keys, values, versions,
// regions, error texts) with no pointer per string: their bytes are
// copied back to back into chunks that become one Go string each once
// full, so a string is a substring of its chunk, and the garbage collector
// sees a handful of chunks instead of millions of strings. While the
// table is built, ids are found by hash (ids); strings whose hash another
// string already has go to a small map (collided).
type strTable struct {
	refs     []strRef // id -> where; 0 is ""
	chunks   []string // sealed chunks
	cur      []byte   // the chunk being filled
	big      []string // strings longer than bigString, kept whole
	seed     maphash.Seed
	ids      map[uint64]uint32
	collided map[string]uint32
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
)

func newStrTable() *strTable {
	return &strTable{refs: []strRef{{}}, seed: maphash.MakeSeed(), ids: map[uint64]uint32{}}
}

// intern returns the id of s, adding it when new.
func (t *strTable) intern(s string) uint32 {
	if s == "" {
		return 0
	}
	h := maphash.String(t.seed, s)
	if id, ok := t.ids[h]; ok {
		if t.get(id) == s {
			return id
		}
		if id, ok := t.collided[s]; ok {
			return id
		}
		if t.collided == nil {
			t.collided = map[string]uint32{}
		}
		id = t.add(s)
		t.collided[s] = id
		return id
	}
	id := t.add(s)
	t.ids[h] = id
	return id
}

func (t *strTable) add(s string) uint32 {
	id := uint32(len(t.refs))
	if len(s) > bigString {
		t.big = append(t.big, s)
		t.refs = append(t.refs, strRef{chunk: uint32(len(t.big) - 1), n: bigRef})
		return id
	}
	if cap(t.cur)-len(t.cur) < len(s) {
		t.seal()
	}
	if t.cur == nil {
		t.cur = make([]byte, 0, strChunk)
	}
	t.refs = append(t.refs, strRef{chunk: uint32(len(t.chunks)), off: uint32(len(t.cur)), n: uint32(len(s))})
	t.cur = append(t.cur, s...)
	return id
}

// seal turns the current chunk into a string; its buffer is reused.
func (t *strTable) seal() {
	if len(t.cur) > 0 {
		t.chunks = append(t.chunks, string(t.cur))
		t.cur = t.cur[:0]
	}
}

// done seals the table: no more interning; every string is then a
// substring of a chunk.
func (t *strTable) done() {
	t.seal()
	t.cur, t.ids, t.collided = nil, nil, nil
}

// get returns string id. Before done, a string of the chunk being filled
// is a copy.
func (t *strTable) get(id uint32) string {
	r := t.refs[id]
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
