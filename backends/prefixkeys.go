package backends

import "unsafe"

// prefixedKeys remembers prefix+key for the keys one client passes again
// and again (a workload's table of key names), found by the address of
// the key's bytes rather than by hashing them, so a call on such a key
// neither concatenates nor allocates. An entry holds the key it was filled
// with, so that key's memory (immutable, as every Go string's) cannot be
// reused for another string while the entry points at it. It is not safe
// for concurrent use: the clients of a scheduler that runs one client at a
// time (the simulator's) share one. It stays at most half full; past maxPrefixedKeys
// entries it starts over, so keys built per call keep no more than that
// alive.
type prefixedKeys struct {
	slots []prefixedKey
	n     int
}

type prefixedKey struct{ key, full string }

const (
	minPrefixedKeys = 1 << 8
	maxPrefixedKeys = 1 << 16
)

// get returns prefix+key, from the table when key (the very same string)
// was seen before.
func (t *prefixedKeys) get(prefix, key string) string {
	if key == "" {
		return prefix // the empty string has no address to find it by
	}
	if t.slots == nil {
		t.slots = make([]prefixedKey, minPrefixedKeys)
	}
	p := unsafe.StringData(key)
	mask := uintptr(len(t.slots) - 1)
	i := (uintptr(unsafe.Pointer(p)) * 0x9E3779B97F4A7C15 >> 32) & mask
	for {
		e := &t.slots[i]
		q := unsafe.StringData(e.key)
		if q == p && len(e.key) == len(key) {
			return e.full
		}
		if q == nil {
			break
		}
		i = (i + 1) & mask
	}
	full := prefix + key
	t.slots[i] = prefixedKey{key, full}
	t.n++
	if 2*t.n >= len(t.slots) {
		t.grow()
	}
	return full
}

// grow doubles the table, or empties it once it has maxPrefixedKeys slots.
func (t *prefixedKeys) grow() {
	old := t.slots
	if len(old) >= maxPrefixedKeys {
		clear(t.slots)
		t.n = 0
		return
	}
	t.slots = make([]prefixedKey, 2*len(old))
	mask := uintptr(len(t.slots) - 1)
	for _, e := range old {
		if e.key == "" {
			continue
		}
		i := (uintptr(unsafe.Pointer(unsafe.StringData(e.key))) * 0x9E3779B97F4A7C15 >> 32) & mask
		for t.slots[i].key != "" {
			i = (i + 1) & mask
		}
		t.slots[i] = e
	}
}
