package history

import "unsafe"

// interner numbers distinct strings; 0 is "". With withJSON set (a
// recorder with a stream) it also keeps the JSON form of each region and
// key, for the stream's lines.
type interner struct {
	ids      map[string]uint32
	strs     []string
	quoted   []string // JSON strings of strs, quotes included; filled by json
	slab     []byte   // the bytes of quoted
	seen     seenTable
	withJSON bool
}

func (in *interner) id(s string) uint32 {
	if s == "" {
		return 0
	}
	id, ok := in.ids[s]
	if !ok {
		if in.ids == nil {
			in.ids = map[string]uint32{}
			in.strs = []string{""}
		}
		id = uint32(len(in.strs))
		in.strs = append(in.strs, s)
		in.ids[s] = id
	}
	return id
}

// name is id for a region or a key, which a recorder sees over and over,
// mostly as the very same string (a workload's table of key names, a
// client's region): it looks the string up by its address first. It also
// returns the string's JSON form when withJSON is set ("" for "").
func (in *interner) name(s string) (uint32, string) {
	if s == "" {
		return 0, ""
	}
	e, ok := in.seen.find(s)
	if ok {
		return e.id, e.json
	}
	id := in.id(s)
	var js string
	if in.withJSON {
		js = in.json(id)
	}
	e.s, e.id, e.json = s, id, js
	in.seen.added()
	return id, js
}

// seenTable maps the address and length of a string to its interned id,
// with open addressing. An entry holds the string it was filled with, so
// that string's memory (immutable, as every Go string's) cannot be reused
// for another string while the entry points at it. It stays at most half
// full; past maxSeen entries it starts over, so strings that are not
// reused (built per op) keep no more than that alive.
type seenTable struct {
	slots []seenEntry
	n     int
}

type seenEntry struct {
	s    string
	id   uint32
	json string // the JSON form of s, with interner.withJSON
}

const (
	minSeen = 1 << 8
	maxSeen = 1 << 16
)

// find returns s's entry, or the empty one to fill (then calling added).
func (t *seenTable) find(s string) (*seenEntry, bool) {
	if t.slots == nil {
		t.slots = make([]seenEntry, minSeen)
	}
	p := unsafe.StringData(s)
	mask := uintptr(len(t.slots) - 1)
	for i := (uintptr(unsafe.Pointer(p)) * 0x9E3779B97F4A7C15 >> 32) & mask; ; i = (i + 1) & mask {
		e := &t.slots[i]
		switch q := unsafe.StringData(e.s); {
		case q == p && len(e.s) == len(s):
			return e, true
		case q == nil:
			return e, false
		}
	}
}

// added counts an entry filled after find and grows the table (or starts
// it over) when it is half full.
func (t *seenTable) added() {
	t.n++
	if 2*t.n < len(t.slots) {
		return
	}
	old := t.slots
	if len(old) >= maxSeen {
		clear(t.slots)
		t.n = 0
		return
	}
	t.slots, t.n = make([]seenEntry, 2*len(old)), 0
	for _, e := range old {
		if e.s != "" {
			ne, _ := t.find(e.s)
			*ne = e
			t.n++
		}
	}
}

// json returns the JSON string of id, quotes included, encoding it the
// first time; "" for id 0 (the empty string, a field left out).
func (in *interner) json(id uint32) string {
	if id == 0 {
		return ""
	}
	if int(id) >= len(in.quoted) {
		in.quoted = append(in.quoted, make([]string, len(in.strs)-len(in.quoted))...)
	}
	q := in.quoted[id]
	if q == "" {
		// Back to back in a slab, so that the names a recorder writes
		// over and over share a few cache lines.
		s := in.strs[id]
		if cap(in.slab)-len(in.slab) < 6*len(s)+2 {
			in.slab = make([]byte, 0, max(4096, 6*len(s)+2))
		}
		n := len(in.slab)
		in.slab = appendJSONString(in.slab, s)
		q = unsafe.String(&in.slab[n], len(in.slab)-n) // never written again
		in.quoted[id] = q
	}
	return q
}

func (in *interner) get(id uint32) string { return in.strs[id] }
