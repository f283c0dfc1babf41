package history

import (
	"unsafe"

	"github.com/kvchaos/kvchaos/internal/addrtable"
)

// seenName is what interner.name keeps for a string it has seen.
type seenName struct {
	id   uint32
	json string // the JSON form, with interner.withJSON
}

// interner numbers distinct strings; 0 is "". With withJSON set (a
// recorder with a stream) it also keeps the JSON form of each region and
// key, for the stream's lines.
type interner struct {
	ids      map[string]uint32
	strs     []string
	quoted   []string // JSON strings of strs, quotes included; filled by json
	slab     []byte   // the bytes of quoted
	seen     addrtable.Table[seenName]
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
	e, ok := in.seen.Lookup(s)
	if ok {
		return e.id, e.json
	}
	id := in.id(s)
	var js string
	if in.withJSON {
		js = in.json(id)
	}
	e.id, e.json = id, js
	return id, js
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
