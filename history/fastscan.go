package history

import "hash/maphash"

// nameTable interns strings: one copy of each, up to maxNames of them
// (later ones are copied each time), and optionally one boxed value per
// string (box). It is an open-addressing table keyed by a seeded hash, so
// a hostile file cannot make its lookups slow.
type nameTable struct {
	seed  maphash.Seed
	slots []nameSlot
	n     int
}

type nameSlot struct {
	h uint64 // 0: empty
	s string
	v any // the boxed value made by box, nil until then
}

const maxNames = 1 << 18

// slot returns the slot of b, adding it if it is new, or nil when the
// table is full and b is not in it. The pointer is valid until the next
// call.
func (t *nameTable) slot(b []byte) *nameSlot {
	if t.slots == nil {
		t.seed = maphash.MakeSeed()
		t.slots = make([]nameSlot, 64)
	}
	if 2*(t.n+1) > len(t.slots) {
		t.grow()
	}
	h := maphash.Bytes(t.seed, b) | 1
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &t.slots[i]
		if sl.h == 0 {
			if t.n >= maxNames {
				return nil
			}
			sl.h, sl.s = h, string(b)
			t.n++
			return sl
		}
		if sl.h == h && sl.s == string(b) {
			return sl
		}
	}
}

// intern returns b as a string, the same one every time.
func (t *nameTable) intern(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if sl := t.slot(b); sl != nil {
		return sl.s
	}
	return string(b)
}

// box returns make(s) for the string s of b, made once per string.
func (t *nameTable) box(b []byte, make func(string) any) any {
	sl := t.slot(b)
	if sl == nil {
		return make(string(b))
	}
	if sl.v == nil {
		sl.v = make(sl.s)
	}
	return sl.v
}

func (t *nameTable) grow() {
	old := t.slots
	t.slots = make([]nameSlot, 2*len(old))
	mask := uint64(len(t.slots) - 1)
	for _, sl := range old {
		if sl.h == 0 {
			continue
		}
		i := sl.h & mask
		for t.slots[i].h != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = sl
	}
}

// decimal reads the integer at b[p:]: an optional '-', then 1 to 18
// digits without a leading zero (so it cannot overflow). It returns the
// value and where it ends; ok is false for anything else, which the
// callers hand to a full decoder. What follows the digits is the caller's
// to check.
func decimal(b []byte, p int) (v int64, end int, ok bool) {
	neg := p < len(b) && b[p] == '-'
	if neg {
		p++
	}
	start := p
	for p < len(b) && b[p] >= '0' && b[p] <= '9' {
		v = v*10 + int64(b[p]-'0')
		p++
	}
	n := p - start
	if n == 0 || n > 18 || (n > 1 && b[start] == '0') {
		return 0, p, false
	}
	if neg {
		v = -v
	}
	return v, p, true
}
