package kv_test

import (
	"context"
	"flag"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/kvchaos/kvchaos/kv"
)

// fixRapidSeed pins rapid's seed unless -rapid.seed or RAPID_SEED chose one,
// so the suite explores the same cases on every run.
func fixRapidSeed(t *testing.T) {
	t.Helper()
	if f := flag.Lookup("rapid.seed"); f != nil && f.Value.String() == "0" {
		require.NoError(t, f.Value.Set("20250101"))
	}
}

type modelEntry struct {
	value   []byte
	expires time.Time // zero = never
}

// memoryMachine checks Memory against a plain map.
type memoryMachine struct {
	ctx   context.Context
	clk   *fakeClock
	m     *kv.Memory
	model map[string]modelEntry
	seen  map[kv.Version]bool // every version Memory has handed out
}

var (
	rapidKeys     = []string{"a", "a/1", "a/2", "a/10", "b", "b/1", "b/x/1", "c"}
	rapidPrefixes = []string{"", "a", "a/", "b/", "b/x", "z"}
	rapidTTLs     = []time.Duration{0, time.Minute, 5 * time.Minute}
)

func (s *memoryMachine) live(key string) (modelEntry, bool) {
	e, ok := s.model[key]
	if !ok || (!e.expires.IsZero() && !s.clk.Now().Before(e.expires)) {
		return modelEntry{}, false
	}
	return e, true
}

func (s *memoryMachine) store(key string, value []byte, ttl time.Duration) {
	e := modelEntry{value: slices.Clone(value)}
	if ttl > 0 {
		e.expires = s.clk.Now().Add(ttl)
	}
	s.model[key] = e
}

func (s *memoryMachine) newVersion(t *rapid.T, v kv.Version) {
	if v == "" || s.seen[v] {
		t.Fatalf("version %q is empty or was handed out before", v)
	}
	s.seen[v] = true
}

func (s *memoryMachine) put(t *rapid.T) {
	key := rapid.SampledFrom(rapidKeys).Draw(t, "key")
	val := rapid.SliceOfN(rapid.Byte(), 0, 4).Draw(t, "value")
	ttl := rapid.SampledFrom(rapidTTLs).Draw(t, "ttl")
	require.NoError(t, s.m.Put(s.ctx, key, val, kv.PutOptions{TTL: ttl}))
	s.store(key, val, ttl)
	item, err := s.m.Get(s.ctx, key)
	require.NoError(t, err)
	s.newVersion(t, item.Version)
}

func (s *memoryMachine) get(t *rapid.T) {
	key := rapid.SampledFrom(rapidKeys).Draw(t, "key")
	item, err := s.m.Get(s.ctx, key)
	e, ok := s.live(key)
	if !ok {
		require.ErrorIs(t, err, kv.ErrNotFound)
		return
	}
	require.NoError(t, err)
	require.Equal(t, string(e.value), string(item.Value))
	require.True(t, s.seen[item.Version], "version %q was never handed out", item.Version)
}

func (s *memoryMachine) del(t *rapid.T) {
	key := rapid.SampledFrom(rapidKeys).Draw(t, "key")
	require.NoError(t, s.m.Delete(s.ctx, key))
	delete(s.model, key)
}

func (s *memoryMachine) putIfCurrent(t *rapid.T) {
	key := rapid.SampledFrom(rapidKeys).Draw(t, "key")
	val := rapid.SliceOfN(rapid.Byte(), 0, 4).Draw(t, "value")
	var cur kv.Version
	if item, err := s.m.Get(s.ctx, key); err == nil {
		cur = item.Version
	}
	v, err := s.m.PutIf(s.ctx, key, val, cur, kv.PutOptions{})
	require.NoError(t, err, "PutIf with the current version %q", cur)
	s.newVersion(t, v)
	s.store(key, val, 0)
}

func (s *memoryMachine) putIfStale(t *rapid.T) {
	key := rapid.SampledFrom(rapidKeys).Draw(t, "key")
	var cur kv.Version
	if item, err := s.m.Get(s.ctx, key); err == nil {
		cur = item.Version
	}
	candidates := []kv.Version{"", "bogus"}
	for v := range s.seen {
		candidates = append(candidates, v)
	}
	slices.Sort(candidates)
	candidates = slices.DeleteFunc(candidates, func(v kv.Version) bool { return v == cur })
	stale := rapid.SampledFrom(candidates).Draw(t, "stale")
	_, err := s.m.PutIf(s.ctx, key, []byte("never"), stale, kv.PutOptions{})
	require.ErrorIs(t, err, kv.ErrConflict)
}

func (s *memoryMachine) list(t *rapid.T) {
	prefix := rapid.SampledFrom(rapidPrefixes).Draw(t, "prefix")
	size := rapid.IntRange(1, 3).Draw(t, "pageSize")
	var got []string
	cursor := ""
	for range 100 {
		p, err := s.m.List(s.ctx, prefix, cursor, size)
		require.NoError(t, err)
		require.LessOrEqual(t, len(p.Keys), size)
		got = append(got, p.Keys...)
		if p.Cursor == "" {
			break
		}
		cursor = p.Cursor
	}
	var want []string
	for k := range s.model {
		if _, ok := s.live(k); ok && strings.HasPrefix(k, prefix) {
			want = append(want, k)
		}
	}
	slices.Sort(want)
	require.Equal(t, want, got, "prefix %q page size %d", prefix, size)
}

func (s *memoryMachine) advance(t *rapid.T) {
	s.clk.Advance(time.Duration(rapid.IntRange(0, 6).Draw(t, "halfMinutes")) * 30 * time.Second)
}

func (s *memoryMachine) check(t *rapid.T) {
	n := 0
	for k := range s.model {
		if _, ok := s.live(k); ok {
			n++
		}
	}
	require.Equal(t, n, s.m.Len())
}

func TestMemoryStateMachine(t *testing.T) {
	fixRapidSeed(t)
	rapid.Check(t, func(t *rapid.T) {
		clk := newFakeClock()
		s := &memoryMachine{
			ctx: context.Background(), clk: clk, m: kv.NewTestMemory(kv.MemoryClock(clk.Now)),
			model: map[string]modelEntry{}, seen: map[kv.Version]bool{},
		}
		t.Repeat(map[string]func(*rapid.T){
			"put":          s.put,
			"get":          s.get,
			"delete":       s.del,
			"putIfCurrent": s.putIfCurrent,
			"putIfStale":   s.putIfStale,
			"list":         s.list,
			"advance":      s.advance,
			"":             s.check,
		})
	})
}
