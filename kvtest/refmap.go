package kvtest

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

// refMap is the sequential reference store: plain map semantics with versions,
// optional TTLs and prefix listing. Property tests (kvtest) drive a refMap next
// to a real backend and compare. Values are copied in and out. Versions are
// "1", "2", ... in write order; a backend's own versions differ, so tests
// compare whether a version changed, not its text. A refMap is not safe for
// concurrent use.
type refMap struct {
	entries map[string]mapEntry
	now     time.Time
	next    uint64
}

type mapEntry struct {
	value   []byte
	version string
	expires time.Time // zero = never
}

// newRefMap returns an empty refMap whose clock starts at the zero time.
func newRefMap() *refMap { return &refMap{entries: map[string]mapEntry{}} }

// Advance moves the map's clock forward by d; keys whose TTL has passed
// disappear.
func (m *refMap) Advance(d time.Duration) { m.now = m.now.Add(d) }

func (m *refMap) live(key string) (mapEntry, bool) {
	e, ok := m.entries[key]
	if !ok {
		return e, false
	}
	if !e.expires.IsZero() && !m.now.Before(e.expires) {
		delete(m.entries, key)
		return e, false
	}
	return e, true
}

// Get returns a copy of the value stored at key and whether it exists.
func (m *refMap) Get(key string) ([]byte, bool) {
	e, ok := m.live(key)
	if !ok {
		return nil, false
	}
	return append([]byte{}, e.value...), true
}

// Version returns the version of key, "" when absent.
func (m *refMap) Version(key string) string {
	e, _ := m.live(key)
	return e.version
}

// Put stores value at key and returns the new version.
func (m *refMap) Put(key string, value []byte) string { return m.PutTTL(key, value, 0) }

// PutTTL stores value at key for ttl (0 = forever) and returns the version.
func (m *refMap) PutTTL(key string, value []byte, ttl time.Duration) string {
	m.next++
	e := mapEntry{value: append([]byte{}, value...), version: strconv.FormatUint(m.next, 10)}
	if ttl > 0 {
		e.expires = m.now.Add(ttl)
	}
	m.entries[key] = e
	return e.version
}

// PutIf stores value only if key's version is expected ("" = key must be
// absent). It returns the new version and true, or "" and false on a
// conflict.
func (m *refMap) PutIf(key string, value []byte, expected string, ttl time.Duration) (string, bool) {
	e, ok := m.live(key)
	if (expected == "" && ok) || (expected != "" && (!ok || e.version != expected)) {
		return "", false
	}
	return m.PutTTL(key, value, ttl), true
}

// Delete removes key and reports whether it existed.
func (m *refMap) Delete(key string) bool {
	_, ok := m.live(key)
	delete(m.entries, key)
	return ok
}

// List returns the live keys starting with prefix, sorted.
func (m *refMap) List(prefix string) []string {
	keys := []string{}
	for k := range m.entries {
		if strings.HasPrefix(k, prefix) {
			if _, ok := m.live(k); ok {
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}
