package kvtest

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/kvchaos/kvchaos/kv"
)

// seqKeys is the key pool of the sequential state machine: few enough that
// operations collide, with keys that are prefixes of other keys ("a",
// "a/1", "a/10") and more keys than the largest page size drawn.
var seqKeys = []string{"a", "a/1", "a/10", "a/2", "ab", "b", "b/ü", "é"}

// seqPrefixes are the listing prefixes drawn: empty, exact keys, proper
// prefixes of several keys, and one that matches nothing.
var seqPrefixes = []string{"", "a", "a/", "a/1", "b", "é", "z"}

// seqMachine drives one backend and a refMap (the sequential reference store) with the same operations
// and compares every result.
type seqMachine struct {
	h     Harness
	ctx   context.Context
	b     kv.Backend
	s     *kv.Store[string]
	cas   bool
	ttl   bool // TTL writes and clock moves are drawn
	model *refMap
	// versions maps, per key, each model version to the backend version
	// observed for the same write ("" until observed).
	versions map[string]map[string]kv.Version
}

func runSequential(t *testing.T, h Harness) {
	probe := h.backend(t)
	_, cas := probe.(kv.CAS)
	ttl := h.Advance != nil && h.Settle == nil && !h.NoTTL
	switch {
	case h.NoTTL:
		t.Log("kvtest: backend declares no TTL: the state machine writes no TTLs")
	case h.Advance == nil:
		t.Log("kvtest: Harness.Advance is nil: the state machine does not expire keys (see the ttl part)")
	case h.Settle != nil:
		t.Log("kvtest: Harness.Settle moves the store's clock: the state machine does not expire keys (see the ttl part)")
	}
	if !cas {
		t.Logf("kvtest: backend %T has no CAS (kv.CAS): PutIf is not exercised", probe)
	}
	rapid.Check(t, func(rt *rapid.T) {
		b := h.backend(t)
		m := &seqMachine{h: h, ctx: t.Context(), b: b, s: h.store(b), cas: cas, ttl: ttl,
			model: newRefMap(), versions: map[string]map[string]kv.Version{}}
		actions := map[string]func(*rapid.T){
			"Put":    m.put,
			"Get":    m.get,
			"Delete": m.delete,
			"List":   m.list,
		}
		if cas {
			actions["PutIfCurrent"] = m.putIfCurrent
			actions["PutIfStale"] = m.putIfStale
			actions["PutIfAbsent"] = m.putIfAbsent
		}
		if ttl {
			actions["Advance"] = m.advance
		}
		rt.Repeat(actions)
	})
}

func (m *seqMachine) drawKey(t *rapid.T) string {
	return rapid.SampledFrom(seqKeys).Draw(t, "key")
}

func drawValue(t *rapid.T) string {
	return fmt.Sprintf("v%d", rapid.IntRange(0, 9).Draw(t, "value"))
}

func (m *seqMachine) put(t *rapid.T) {
	k, v := m.drawKey(t), drawValue(t)
	var ttl time.Duration
	if m.ttl {
		min := m.s.Limits().MinTTL
		ttl = rapid.SampledFrom([]time.Duration{0, min, 2 * min}).Draw(t, "ttl")
	}
	require.NoError(t, m.s.Put(m.ctx, k, v, kv.TTL(ttl)), "Put(%q, %q, ttl %v)", k, v, ttl)
	m.model.PutTTL(k, []byte(v), ttl)
	m.h.settle(m.b)
}

func (m *seqMachine) delete(t *rapid.T) {
	k := m.drawKey(t)
	require.NoError(t, m.s.Delete(m.ctx, k), "Delete(%q)", k)
	m.model.Delete(k)
	m.h.settle(m.b)
}

// get reads k from both and compares value, presence and version.
func (m *seqMachine) get(t *rapid.T) {
	m.read(t, m.drawKey(t))
}

// read compares key in the backend with the model and returns the backend
// version.
func (m *seqMachine) read(t *rapid.T, k string) kv.Version {
	got, ver, ok, err := m.s.GetVersioned(m.ctx, k)
	require.NoError(t, err, "Get(%q)", k)
	want, wantOK := m.model.Get(k)
	if !wantOK {
		require.False(t, ok, "Get(%q) = %q, want absent (deleted, expired or never written)", k, got)
		return ""
	}
	require.True(t, ok, "Get(%q) = absent, want %q", k, want)
	require.Equal(t, string(want), got, "Get(%q): wrong value", k)
	m.checkVersion(t, k, ver)
	return ver
}

// checkVersion requires ver to be the same for the same write and
// different for different writes of k (else a stale PutIf would succeed).
func (m *seqMachine) checkVersion(t *rapid.T, k string, ver kv.Version) {
	if ver == "" {
		require.False(t, m.cas, "Get(%q): a backend with CAS returned no version", k)
		return
	}
	mv := m.model.Version(k)
	if prev, ok := m.versions[k][mv]; ok {
		require.Equal(t, prev, ver, "Get(%q): the version changed without a write", k)
		return
	}
	m.learn(t, k, mv, ver, "Get")
}

// learn records that the write with model version mv of k has backend
// version ver, which no other write of k (even before a delete) may share.
func (m *seqMachine) learn(t *rapid.T, k, mv string, ver kv.Version, op string) {
	seen := m.versions[k]
	if seen == nil {
		seen = map[string]kv.Version{}
		m.versions[k] = seen
	}
	for other, v := range seen {
		require.NotEqual(t, v, ver, "%s(%q): version %q is already the version of an earlier write of the key (model version %s): a PutIf with the old version would succeed", op, k, ver, other)
	}
	seen[mv] = ver
}

// list lists a prefix in pages of a drawn size and compares with the model.
func (m *seqMachine) list(t *rapid.T) {
	prefix := rapid.SampledFrom(seqPrefixes).Draw(t, "prefix")
	size := rapid.IntRange(1, 3).Draw(t, "page")
	var got []string
	cursor := ""
	for pages := 0; ; pages++ {
		require.Less(t, pages, 2*len(seqKeys)+2, "List(%q, page %d) never ended", prefix, size)
		p, err := m.s.ListKeysPage(m.ctx, prefix, cursor, size)
		require.NoError(t, err, "List(%q, page %d)", prefix, size)
		require.LessOrEqual(t, len(p.Keys), size, "List(%q): page larger than the limit %d", prefix, size)
		got = append(got, p.Keys...)
		if cursor = p.Cursor; cursor == "" {
			break
		}
	}
	want := m.model.List(prefix)
	seen := map[string]bool{}
	for _, k := range got {
		require.False(t, seen[k], "List(%q, page %d) returned %q twice: %q", prefix, size, k, got)
		seen[k] = true
	}
	m.h.assertKeys(t, want, got, fmt.Sprintf("List(%q) in pages of %d", prefix, size))
}

// putIfCurrent writes with the key's current version (or "" when absent):
// it must succeed, and its returned version must be what a Get sees.
func (m *seqMachine) putIfCurrent(t *rapid.T) {
	k, v := m.drawKey(t), drawValue(t)
	cur := m.read(t, k)
	ver, err := m.s.PutIf(m.ctx, k, v, cur)
	require.NoError(t, err, "PutIf(%q, %q, current version %q)", k, v, cur)
	mv, ok := m.model.PutIf(k, []byte(v), m.model.Version(k), 0)
	require.True(t, ok)
	require.NotEmpty(t, ver, "PutIf(%q) returned no version", k)
	m.h.settle(m.b)
	m.learn(t, k, mv, ver, "PutIf")
}

// putIfStale writes with a version of an earlier write of the key, or ""
// while it exists: it must fail with ErrConflict and change nothing.
func (m *seqMachine) putIfStale(t *rapid.T) {
	k, v := m.drawKey(t), drawValue(t)
	m.read(t, k)
	cur := m.model.Version(k)
	var stale []kv.Version
	for mv, bv := range m.versions[k] {
		if mv != cur {
			stale = append(stale, bv)
		}
	}
	if cur != "" {
		stale = append(stale, "")
	}
	if len(stale) == 0 {
		t.Skip("no stale version of this key yet")
	}
	slices.Sort(stale)
	exp := rapid.SampledFrom(stale).Draw(t, "stale version")
	_, err := m.s.PutIf(m.ctx, k, v, exp)
	require.ErrorIs(t, err, kv.ErrConflict, "PutIf(%q, %q) with stale version %q must conflict", k, v, exp)
	m.h.settle(m.b)
}

// putIfAbsent writes with expected "": it succeeds exactly when the key is
// absent.
func (m *seqMachine) putIfAbsent(t *rapid.T) {
	k, v := m.drawKey(t), drawValue(t)
	_, exists := m.model.Get(k)
	ver, err := m.s.PutIf(m.ctx, k, v, "")
	if exists {
		require.ErrorIs(t, err, kv.ErrConflict, "PutIf(%q, absent) on an existing key must conflict", k)
		m.h.settle(m.b)
		return
	}
	require.NoError(t, err, "PutIf(%q, absent) on an absent key", k)
	require.NotEmpty(t, ver, "PutIf(%q) returned no version", k)
	mv, _ := m.model.PutIf(k, []byte(v), "", 0)
	m.h.settle(m.b)
	m.learn(t, k, mv, ver, "PutIf(absent)")
}

// advance moves the backend's and the model's clocks.
func (m *seqMachine) advance(t *rapid.T) {
	min := m.s.Limits().MinTTL
	d := rapid.SampledFrom([]time.Duration{min / 2, min, 2 * min}).Draw(t, "advance")
	m.h.Advance(m.b, d)
	m.model.Advance(d)
}
