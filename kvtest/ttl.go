package kvtest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/kv"
)

// runTTL checks expiry: a key written with a TTL is readable until it
// passes and gone after, from Get, Exists, listings and PutIf alike; a
// rewrite without TTL makes the key permanent. Without Harness.Advance it
// only checks that TTL writes are accepted and readable.
func runTTL(t *testing.T, h Harness) {
	if h.NoTTL {
		t.Log("kvtest: backend declares no TTL support (Harness.NoTTL): expiry not tested")
		return
	}
	b := h.backend(t)
	s := h.store(b)
	ctx := t.Context()
	ttl := max(time.Hour, s.Limits().MinTTL)
	ttl = min(ttl, s.Limits().MaxTTL)
	require.NoError(t, s.Put(ctx, "t/expiring", "x", kv.TTL(ttl)), "Put with TTL %v", ttl)
	require.NoError(t, s.Put(ctx, "t/rewritten", "x", kv.TTL(ttl)))
	require.NoError(t, s.Put(ctx, "t/rewritten", "y"), "a rewrite without TTL")
	require.NoError(t, s.Put(ctx, "t/forever", "z"))
	h.settle(b)
	for _, k := range []string{"t/expiring", "t/rewritten", "t/forever"} {
		ok, err := s.Exists(ctx, k)
		require.NoError(t, err)
		require.True(t, ok, "%q must be readable right after its write", k)
	}
	if h.Advance == nil {
		t.Log("kvtest: Harness.Advance is nil: TTL writes accepted and readable; expiry not tested")
		return
	}
	h.Advance(b, ttl/2)
	h.settle(b)
	ok, err := s.Exists(ctx, "t/expiring")
	require.NoError(t, err)
	require.True(t, ok, "a key expired at half its TTL (%v of %v)", ttl/2, ttl)

	h.Advance(b, ttl)
	h.settle(b)
	ok, err = s.Exists(ctx, "t/expiring")
	require.NoError(t, err)
	require.False(t, ok, "a key is still readable after its TTL %v passed", ttl)
	_, err = b.Get(ctx, "t/expiring")
	require.ErrorIs(t, err, kv.ErrNotFound, "Backend.Get of an expired key must wrap kv.ErrNotFound")
	h.assertKeys(t, []string{"t/forever", "t/rewritten"}, listAll(t, s, "t/"),
		`List("t/") after expiry (a rewrite without TTL must make the key permanent)`)
	if _, isCAS := b.(kv.CAS); isCAS {
		_, err := s.PutIf(ctx, "t/expiring", "again", "")
		require.NoError(t, err, "PutIf(absent) on an expired key must succeed")
	}
}
