package addrtable

import "unsafe"

// Table maps strings, by the address and length of their bytes, to V's,
// with open addressing. An entry holds the string it was filled with, so
// that string's memory (immutable, as every Go string's) cannot be reused
// for another string while the entry points at it. It stays at most half
// full; past MaxSlots slots it starts over, so strings that are not reused
// (built per call) keep no more than that alive. The zero value is ready.
// It is not safe for concurrent use.
type Table[V any] struct {
	slots []entry[V]
	n     int
	empty V // the value handed out for "", never kept
}

type entry[V any] struct {
	key string
	val V
}

const minSlots = 1 << 8

// MaxSlots bounds a Table: past it the table starts over.
const MaxSlots = 1 << 16

// Lookup returns the value of s (the very same string) and true, or a
// zero value now held for s, to fill before the next Lookup, and false.
// The empty string has no address to find it by: it is never found.
func (t *Table[V]) Lookup(s string) (*V, bool) {
	if s == "" {
		var zero V
		t.empty = zero
		return &t.empty, false
	}
	if 2*t.n >= len(t.slots) {
		t.grow()
	}
	e, found := t.find(s)
	if !found {
		e.key = s
		t.n++
	}
	return &e.val, found
}

// find returns s's entry, or the empty slot s would take.
func (t *Table[V]) find(s string) (*entry[V], bool) {
	p := unsafe.StringData(s)
	mask := uint64(len(t.slots) - 1)
	// Fibonacci hashing of the address, in 64 bits on every platform.
	for i := uint64(uintptr(unsafe.Pointer(p))) * 0x9E3779B97F4A7C15 >> 32 & mask; ; i = (i + 1) & mask {
		e := &t.slots[i]
		switch q := unsafe.StringData(e.key); {
		case q == p && len(e.key) == len(s):
			return e, true
		case q == nil:
			return e, false
		}
	}
}

// grow makes the first slots, doubles them, or empties them once there
// are MaxSlots.
func (t *Table[V]) grow() {
	old := t.slots
	switch {
	case len(old) == 0:
		t.slots = make([]entry[V], minSlots)
		return
	case len(old) >= MaxSlots:
		clear(t.slots)
		t.n = 0
		return
	}
	t.slots = make([]entry[V], 2*len(old))
	for _, e := range old {
		if e.key != "" {
			ne, _ := t.find(e.key)
			*ne = e
		}
	}
}

// Cap is the number of slots, at most MaxSlots.
func (t *Table[V]) Cap() int { return len(t.slots) }

// Len is the number of strings held.
func (t *Table[V]) Len() int { return t.n }
