package adaptertest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/internal/adapterkit"
	"github.com/kvchaos/kvchaos/kv"
)

// Harness describes the adapter under test.
type Harness struct {
	// New returns a backend over an empty key space (a fresh prefix, table
	// or bucket), closed by the harness through t.Cleanup if needed.
	New func(t *testing.T) kv.Backend
	// TTL is the shortest TTL the store honours promptly; 0 means the
	// adapter does not support per-key TTL and must say so.
	TTL time.Duration
	// Expiry bounds how long after TTL a key may still be visible.
	Expiry time.Duration
}

// Run runs every test of the suite as a subtest.
func Run(t *testing.T, h Harness) {
	t.Run("CRUD", func(t *testing.T) { testCRUD(t, h.New(t)) })
	t.Run("CAS", func(t *testing.T) { testCAS(t, h.New(t)) })
	t.Run("ValuesAndKeys", func(t *testing.T) { testValuesAndKeys(t, h.New(t)) })
	t.Run("List", func(t *testing.T) { testList(t, h.New(t)) })
	t.Run("TTL", func(t *testing.T) { testTTL(t, h) })
	t.Run("Canceled", func(t *testing.T) { testCanceled(t, h.New(t)) })
	t.Run("UpdateAtomic", func(t *testing.T) { testUpdateAtomic(t, h.New(t)) })
}

// RequireKind asserts err wraps kind and is an adapter *adapterkit.Error.
func RequireKind(t *testing.T, err error, kind error) {
	t.Helper()
	require.ErrorIs(t, err, kind)
	var ae *adapterkit.Error
	require.True(t, errors.As(err, &ae), "error %v is not an adapter error", err)
}

func testCRUD(t *testing.T, b kv.Backend) {
	ctx := context.Background()
	_, err := b.Get(ctx, "k")
	RequireKind(t, err, kv.ErrNotFound)

	require.NoError(t, b.Put(ctx, "k", []byte("v1"), kv.PutOptions{}))
	it, err := b.Get(ctx, "k")
	require.NoError(t, err)
	assert.Equal(t, "v1", string(it.Value))
	require.NotEmpty(t, it.Version)

	require.NoError(t, b.Put(ctx, "k", []byte("v2"), kv.PutOptions{}))
	it2, err := b.Get(ctx, "k")
	require.NoError(t, err)
	assert.Equal(t, "v2", string(it2.Value))
	assert.NotEqual(t, it.Version, it2.Version, "a write must change the version")

	require.NoError(t, b.Delete(ctx, "k"))
	_, err = b.Get(ctx, "k")
	RequireKind(t, err, kv.ErrNotFound)
	require.NoError(t, b.Delete(ctx, "k"), "deleting an absent key is not an error")

	RequireKind(t, b.Put(ctx, "", []byte("x"), kv.PutOptions{}), kv.ErrInvalidKey)
	RequireKind(t, b.Put(ctx, "k", []byte("x"), kv.PutOptions{TTL: -time.Second}), kv.ErrInvalidTTL)
}

func testCAS(t *testing.T, b kv.Backend) {
	ctx := context.Background()
	c, ok := b.(kv.CAS)
	require.True(t, ok, "adapter must implement kv.CAS")

	v1, err := c.PutIf(ctx, "c", []byte("one"), "", kv.PutOptions{})
	require.NoError(t, err, "expected \"\" on an absent key creates it")
	require.NotEmpty(t, v1)
	_, err = c.PutIf(ctx, "c", []byte("again"), "", kv.PutOptions{})
	RequireKind(t, err, kv.ErrConflict)

	v2, err := c.PutIf(ctx, "c", []byte("two"), v1, kv.PutOptions{})
	require.NoError(t, err)
	assert.NotEqual(t, v1, v2)
	_, err = c.PutIf(ctx, "c", []byte("stale"), v1, kv.PutOptions{})
	RequireKind(t, err, kv.ErrConflict)

	it, err := b.Get(ctx, "c")
	require.NoError(t, err)
	assert.Equal(t, "two", string(it.Value))
	assert.Equal(t, v2, it.Version, "PutIf returns the version Get then reports")

	require.NoError(t, b.Delete(ctx, "c"))
	_, err = c.PutIf(ctx, "c", []byte("gone"), v2, kv.PutOptions{})
	RequireKind(t, err, kv.ErrConflict)
	v3, err := c.PutIf(ctx, "c", []byte("three"), "", kv.PutOptions{})
	require.NoError(t, err)
	assert.NotEqual(t, v1, v3, "a re-created key must not reuse an old version")
	assert.NotEqual(t, v2, v3, "a re-created key must not reuse an old version")

	_, err = c.PutIf(ctx, "absent", []byte("x"), v3, kv.PutOptions{})
	RequireKind(t, err, kv.ErrConflict)
}

func testValuesAndKeys(t *testing.T, b kv.Backend) {
	ctx := context.Background()
	bin := make([]byte, 256)
	for i := range bin {
		bin[i] = byte(i)
	}
	keys := []string{"a b", "ü/x.y", "dots.and..more", "=*>?#%", "trailing/", "UPPER", "日本語"}
	for _, k := range keys {
		require.NoError(t, b.Put(ctx, k, bin, kv.PutOptions{}), "put %q", k)
	}
	for _, k := range keys {
		it, err := b.Get(ctx, k)
		require.NoError(t, err, "get %q", k)
		assert.Equal(t, bin, it.Value, "value of %q", k)
	}
	require.NoError(t, b.Put(ctx, "empty", []byte{}, kv.PutOptions{}))
	it, err := b.Get(ctx, "empty")
	require.NoError(t, err)
	assert.Empty(t, it.Value)

	got := listAll(t, b, "", 3)
	assert.ElementsMatch(t, append(keys, "empty"), got)
}
