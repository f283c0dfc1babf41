package kv

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"
)

// memory is the Backend NewMemory returns.
type memory struct {
	now func() time.Time

	mu    sync.RWMutex
	items map[string]memEntry
	keys  []string // every key in items, sorted
	seq   uint64
	// hasTTL is set once an expiring entry is stored; sweeps reset it.
	hasTTL     bool
	sinceSweep int
}

type memEntry struct {
	value   []byte // never mutated after the write
	version Version
	expires int64 // unix nanoseconds; 0 = never
}

// MemoryOption configures a Memory.
type MemoryOption func(*memory)

// MemoryClock makes Memory read the time from now instead of time.Now, so
// tests can expire keys without waiting. now must not call into the Memory.
func MemoryClock(now func() time.Time) MemoryOption {
	return func(m *memory) {
		if now != nil {
			m.now = now
		}
	}
}

// NewMemory returns an empty Memory: the embedded default Backend, an
// in-process, strongly consistent (linearizable) map. It keeps keys sorted
// for listing, expires keys by an injectable clock (MemoryClock), gives
// every write a new version (a process wide counter, so versions are never
// reused, even across delete and re-create) and implements CAS and
// VersionedPut, found by type assertion as on any backend. It is safe for
// concurrent use. Memory accepts any key; validation is the Store's job.
func NewMemory(opts ...MemoryOption) Backend { return newMemory(opts...) }

func newMemory(opts ...MemoryOption) *memory {
	m := &memory{now: time.Now, items: make(map[string]memEntry)}
	for _, o := range opts {
		if o != nil {
			o(m)
		}
	}
	return m
}

// live reports whether e has not expired; it reads the clock only for
// entries that can expire.
func (m *memory) live(e memEntry) bool {
	return e.expires == 0 || m.now().UnixNano() < e.expires
}

// Get returns a copy of the value at key and its version, or ErrNotFound.
func (m *memory) Get(ctx context.Context, key string) (Item, error) {
	if err := ctx.Err(); err != nil {
		return Item{}, err
	}
	m.mu.RLock()
	e, ok := m.items[key]
	ok = ok && m.live(e)
	m.mu.RUnlock()
	if !ok {
		return Item{}, fmt.Errorf("%w: %s", ErrNotFound, quoteKey(key))
	}
	return Item{Value: slices.Clone(e.value), Version: e.version}, nil
}

// Put stores a copy of value at key.
func (m *memory) Put(ctx context.Context, key string, value []byte, o PutOptions) error {
	_, err := m.write(ctx, key, value, o, nil)
	return err
}

// PutVersion is Put, returning the new version (kv.VersionedPut).
func (m *memory) PutVersion(ctx context.Context, key string, value []byte, o PutOptions) (Version, error) {
	return m.write(ctx, key, value, o, nil)
}

// PutIf stores value only if key's current version is expected ("" = only
// if absent or expired), returning the new version or an error wrapping
// ErrConflict.
func (m *memory) PutIf(ctx context.Context, key string, value []byte, expected Version, o PutOptions) (Version, error) {
	return m.write(ctx, key, value, o, &expected)
}

// write is Put (expected == nil) and PutIf.
func (m *memory) write(ctx context.Context, key string, value []byte, o PutOptions, expected *Version) (Version, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if o.TTL < 0 {
		return "", fmt.Errorf("%w: key %s: negative TTL %v", ErrInvalidTTL, quoteKey(key), o.TTL)
	}
	e := memEntry{value: slices.Clone(value)}
	if e.value == nil {
		e.value = []byte{}
	}
	if o.TTL > 0 {
		e.expires = m.now().Add(o.TTL).UnixNano()
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	old, exists := m.items[key]
	if expected != nil {
		var cur Version
		if exists && m.live(old) {
			cur = old.version
		}
		if cur != *expected {
			return "", fmt.Errorf("%w: key %s: expected version %q, current %q", ErrConflict, quoteKey(key), *expected, cur)
		}
	}
	m.seq++
	e.version = Version(strconv.FormatUint(m.seq, 10))
	m.items[key] = e
	if !exists {
		i, _ := slices.BinarySearch(m.keys, key)
		m.keys = slices.Insert(m.keys, i, key)
	}
	if e.expires != 0 {
		m.hasTTL = true
	}
	m.maybeSweep()
	return e.version, nil
}

// maybeSweep drops expired entries once enough writes have happened since
// the last sweep that its O(n) cost is amortised. Callers hold mu.
func (m *memory) maybeSweep() {
	if !m.hasTTL {
		return
	}
	m.sinceSweep++
	if m.sinceSweep < len(m.items)/2+64 {
		return
	}
	m.sinceSweep, m.hasTTL = 0, false
	now := m.now().UnixNano()
	m.keys = slices.DeleteFunc(m.keys, func(k string) bool {
		e := m.items[k]
		if e.expires == 0 {
			return false
		}
		if now < e.expires {
			m.hasTTL = true
			return false
		}
		delete(m.items, k)
		return true
	})
}

// Delete removes key; an absent key is not an error.
func (m *memory) Delete(ctx context.Context, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.items[key]; !ok {
		return nil
	}
	delete(m.items, key)
	if i, found := slices.BinarySearch(m.keys, key); found {
		m.keys = slices.Delete(m.keys, i, i+1)
	}
	return nil
}

var (
	_ Backend      = (*memory)(nil)
	_ CAS          = (*memory)(nil)
	_ VersionedPut = (*memory)(nil)
)
