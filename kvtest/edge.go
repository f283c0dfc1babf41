package kvtest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/kv"
)

// unicodeKeys are distinct keys whose bytes differ in ways a careless
// adapter normalises or mangles: NFC vs NFD, emoji, CJK, right-to-left
// text, URL- and shell-significant characters.
var unicodeKeys = []string{
	"café",       // NFC é
	"cafe\u0301", // NFD e + combining acute: a different key
	"日本語/キー",
	"emoji-😀-🚀",
	"שלום/مرحبا",
	"a b%20c?d=e#f", // must not be URL-decoded
	"/leading/slash",
	"trailing/",
	"x\\y'z\"",
}

// runEdge runs the fixed edge cases, each in its own subtest with its own
// backend.
func runEdge(t *testing.T, h Harness) {
	cases := []struct {
		name string
		fn   func(t *testing.T, h Harness)
	}{
		{"absent", edgeAbsent},
		{"empty-value", edgeEmptyValue},
		{"binary-value", edgeBinaryValue},
		{"overwrite", edgeOverwrite},
		{"unicode-keys", edgeUnicodeKeys},
		{"max-length-keys", edgeMaxKeys},
		{"invalid-keys-rejected", edgeInvalidKeys},
		{"max-size-value", edgeMaxValue},
		{"invalid-ttl-rejected", edgeInvalidTTL},
		{"list-pages-of-one", edgeListPagesOfOne},
		{"list-bad-arguments", edgeListBadArguments},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.fn(t, h) })
	}
}

func edgeAbsent(t *testing.T, h Harness) {
	b := h.backend(t)
	s := h.store(b)
	ctx := t.Context()
	_, err := b.Get(ctx, "never-written")
	require.ErrorIs(t, err, kv.ErrNotFound, "Backend.Get of an absent key must wrap kv.ErrNotFound")
	require.NoError(t, s.Delete(ctx, "never-written"), "deleting an absent key is not an error")
	h.settle(b)
	ok, err := s.Exists(ctx, "never-written")
	require.NoError(t, err)
	assert.False(t, ok, "the delete of an absent key created it")
	assert.Empty(t, listAll(t, s, ""), "a fresh backend must be empty")
}

func edgeEmptyValue(t *testing.T, h Harness) {
	b := h.backend(t)
	s := h.store(b)
	ctx := t.Context()
	require.NoError(t, s.Put(ctx, "empty", ""))
	h.settle(b)
	v, ok, err := s.Get(ctx, "empty")
	require.NoError(t, err)
	require.True(t, ok, "a key holding an empty value must exist, not read as absent")
	assert.Equal(t, "", v)
}

func edgeBinaryValue(t *testing.T, h Harness) {
	b := h.backend(t)
	s := kv.NewStore[[]byte](b, kv.WithLimits(h.limitsFor(b)))
	ctx := t.Context()
	val := make([]byte, 512)
	for i := range val {
		val[i] = byte(i)
	}
	require.NoError(t, s.Put(ctx, "bin", val))
	h.settle(b)
	got, ok, err := s.Get(ctx, "bin")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, val, got, "every byte value 0..255 must round-trip")
}

func edgeOverwrite(t *testing.T, h Harness) {
	b := h.backend(t)
	s := h.store(b)
	ctx := t.Context()
	require.NoError(t, s.Put(ctx, "k", "one"))
	h.settle(b)
	_, v1, ok, err := s.GetVersioned(ctx, "k")
	require.NoError(t, err)
	require.True(t, ok)
	require.NoError(t, s.Put(ctx, "k", "two"))
	h.settle(b)
	got, v2, ok, err := s.GetVersioned(ctx, "k")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "two", got)
	if v1 != "" || v2 != "" {
		assert.NotEqual(t, v1, v2, "an overwrite must produce a new version, or CAS with the old one would succeed")
	}
	assert.Equal(t, []string{"k"}, listAll(t, s, ""), "an overwrite must not duplicate the key in listings")
}

func edgeUnicodeKeys(t *testing.T, h Harness) {
	b := h.backend(t)
	s := h.store(b)
	ctx := t.Context()
	for i, k := range unicodeKeys {
		require.NoError(t, s.Put(ctx, k, strings.Repeat("v", i+1)), "key %q", k)
	}
	h.settle(b)
	for i, k := range unicodeKeys {
		v, ok, err := s.Get(ctx, k)
		require.NoError(t, err, "key %q", k)
		require.True(t, ok, "key %q was written but reads as absent", k)
		assert.Equal(t, strings.Repeat("v", i+1), v, "key %q read another key's value: keys were normalised or mangled", k)
	}
	h.compareListing(t, s, "", unicodeKeys)
	h.compareListing(t, s, "caf", unicodeKeys[:2])
}

func edgeMaxKeys(t *testing.T, h Harness) {
	b := h.backend(t)
	s := h.store(b)
	lim := s.Limits()
	ctx := t.Context()
	ascii := strings.Repeat("k", lim.MaxKeyBytes)
	multi := strings.Repeat("é", lim.MaxKeyBytes/2) + strings.Repeat("k", lim.MaxKeyBytes%2)
	for _, k := range []string{ascii, multi} {
		require.Len(t, k, lim.MaxKeyBytes)
		require.NoError(t, s.Put(ctx, k, "long"), "a key of exactly MaxKeyBytes (%d) must be accepted", lim.MaxKeyBytes)
	}
	h.settle(b)
	for _, k := range []string{ascii, multi} {
		v, ok, err := s.Get(ctx, k)
		require.NoError(t, err)
		require.True(t, ok, "a %d-byte key was written but reads as absent (truncated?)", len(k))
		assert.Equal(t, "long", v)
	}
	h.compareListing(t, s, "", []string{ascii, multi})
	for _, k := range []string{ascii, multi} {
		require.NoError(t, s.Delete(ctx, k))
	}
	h.settle(b)
	assert.Empty(t, listAll(t, s, ""))
	err := s.Put(ctx, ascii+"k", "too long")
	require.ErrorIs(t, err, kv.ErrInvalidKey, "a key one byte over the limit must be rejected")
}

func edgeInvalidKeys(t *testing.T, h Harness) {
	b := h.backend(t)
	s := h.store(b)
	ctx := t.Context()
	for _, k := range []string{"", ".", "..", "a\x00b", "line\nbreak", "tab\tkey", "del\x7f", "bad-utf8-\xff", "c1-\u0085"} {
		require.ErrorIs(t, s.Put(ctx, k, "v"), kv.ErrInvalidKey, "Put of invalid key %q", k)
		_, _, err := s.Get(ctx, k)
		require.ErrorIs(t, err, kv.ErrInvalidKey, "Get of invalid key %q", k)
		require.ErrorIs(t, s.Delete(ctx, k), kv.ErrInvalidKey, "Delete of invalid key %q", k)
	}
	h.settle(b)
	assert.Empty(t, listAll(t, s, ""), "a rejected key reached the backend")
}

func edgeMaxValue(t *testing.T, h Harness) {
	b := h.backend(t)
	s := kv.NewStore[[]byte](b, kv.WithLimits(h.limitsFor(b)))
	ctx := t.Context()
	n := s.Limits().MaxValueBytes
	val := make([]byte, n)
	for i := range val {
		val[i] = byte(i * 7)
	}
	require.NoError(t, s.Put(ctx, "big", val), "a value of exactly MaxValueBytes (%d) must be accepted", n)
	h.settle(b)
	got, ok, err := s.Get(ctx, "big")
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, len(val), len(got), "a %d-byte value came back with another length", n)
	require.True(t, slices.Equal(val, got), "a %d-byte value came back altered", n)
	err = s.Put(ctx, "too-big", append(val, 0))
	require.ErrorIs(t, err, kv.ErrValueTooLarge)
}

func edgeInvalidTTL(t *testing.T, h Harness) {
	b := h.backend(t)
	s := h.store(b)
	lim := s.Limits()
	ctx := t.Context()
	for _, d := range []time.Duration{-time.Second, lim.MinTTL - time.Nanosecond, lim.MaxTTL + time.Second} {
		require.ErrorIs(t, s.Put(ctx, "k", "v", kv.TTL(d)), kv.ErrInvalidTTL, "TTL %v", d)
	}
	h.settle(b)
	ok, err := s.Exists(ctx, "k")
	require.NoError(t, err)
	assert.False(t, ok, "a write with a rejected TTL reached the backend")
}

func edgeListPagesOfOne(t *testing.T, h Harness) {
	b := h.backend(t)
	s := h.store(b)
	ctx := t.Context()
	keys := []string{"p/1", "p/10", "p/2", "p", "q/1"}
	for _, k := range keys {
		require.NoError(t, s.Put(ctx, k, k))
	}
	h.settle(b)
	var got []string
	cursor := ""
	for range 100 {
		p, err := s.ListKeysPage(ctx, "p", cursor, 1)
		require.NoError(t, err)
		require.LessOrEqual(t, len(p.Keys), 1, "a page of size 1 returned %d keys", len(p.Keys))
		got = append(got, p.Keys...)
		if cursor = p.Cursor; cursor == "" {
			break
		}
	}
	require.Empty(t, cursor, "listing in pages of one never ended")
	h.assertKeys(t, []string{"p", "p/1", "p/10", "p/2"}, got, `List("p") in pages of one`)
}

func edgeListBadArguments(t *testing.T, h Harness) {
	b := h.backend(t)
	s := h.store(b)
	ctx := t.Context()
	for _, n := range []int{0, -1, s.Limits().MaxPageSize + 1} {
		_, err := s.ListKeysPage(ctx, "", "", n)
		require.ErrorIs(t, err, kv.ErrInvalidArgument, "page size %d", n)
	}
	require.NoError(t, s.Put(ctx, "a/1", "x"))
	require.NoError(t, s.Put(ctx, "a/2", "x"))
	h.settle(b)
	p, err := s.ListKeysPage(ctx, "a/", "", 1)
	require.NoError(t, err)
	if p.Cursor != "" {
		_, err = s.ListKeysPage(ctx, "b/", p.Cursor, 1)
		require.ErrorIs(t, err, kv.ErrInvalidArgument, "a cursor reused with another prefix must be rejected")
	}
	_, err = s.ListKeysPage(ctx, "a/", "not-a-cursor", 1)
	require.ErrorIs(t, err, kv.ErrInvalidArgument, "a malformed cursor must be rejected")
}

// listAll follows every page of prefix and returns the keys in listing
// order.
func listAll(t *testing.T, s *kv.Store[string], prefix string) []string {
	t.Helper()
	var keys []string
	for k, err := range s.Keys(t.Context(), prefix) {
		require.NoError(t, err, "listing prefix %q", prefix)
		keys = append(keys, k)
	}
	return keys
}

// compareListing lists prefix and compares it with want (any order).
func (h Harness) compareListing(t *testing.T, s *kv.Store[string], prefix string, want []string) {
	t.Helper()
	h.assertKeys(t, want, listAll(t, s, prefix), "List("+prefix+")")
}

// assertKeys compares a listing with the expected keys: as sorted lists
// when the backend lists in byte order, as sets otherwise.
func (h Harness) assertKeys(t testingT, want, got []string, what string) {
	t.Helper()
	want = slices.Sorted(slices.Values(want))
	if h.UnorderedList {
		got = slices.Sorted(slices.Values(got))
	}
	if len(want) == 0 && len(got) == 0 {
		return
	}
	require.Equal(t, want, got, "%s: wrong keys", what)
}

// testingT is what *testing.T and *rapid.T share that require needs.
type testingT interface {
	require.TestingT
	Helper()
}
