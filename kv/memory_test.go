package kv_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/kv"
)

func TestMemoryBasics(t *testing.T) {
	ctx := context.Background()
	m := kv.NewTestMemory()
	_, err := m.Get(ctx, "k")
	require.ErrorIs(t, err, kv.ErrNotFound)

	in := []byte("v1")
	require.NoError(t, m.Put(ctx, "k", in, kv.PutOptions{}))
	in[0] = 'X'
	item, err := m.Get(ctx, "k")
	require.NoError(t, err)
	assert.Equal(t, "v1", string(item.Value), "Put copies its input")
	item.Value[0] = 'Y'
	again, err := m.Get(ctx, "k")
	require.NoError(t, err)
	assert.Equal(t, "v1", string(again.Value), "Get returns a copy")
	assert.Equal(t, item.Version, again.Version)

	require.NoError(t, m.Put(ctx, "k", []byte("v2"), kv.PutOptions{}))
	v2, err := m.Get(ctx, "k")
	require.NoError(t, err)
	assert.NotEqual(t, item.Version, v2.Version, "every write changes the version")

	require.NoError(t, m.Put(ctx, "empty", nil, kv.PutOptions{}))
	e, err := m.Get(ctx, "empty")
	require.NoError(t, err)
	assert.NotNil(t, e.Value)
	assert.Empty(t, e.Value)

	assert.Equal(t, 2, m.Len())
	require.NoError(t, m.Delete(ctx, "k"))
	require.NoError(t, m.Delete(ctx, "k"))
	assert.Equal(t, 1, m.Len())
	_, err = m.Get(ctx, "k")
	assert.ErrorIs(t, err, kv.ErrNotFound)

	assert.ErrorIs(t, m.Put(ctx, "k", nil, kv.PutOptions{TTL: -1}), kv.ErrInvalidTTL)
}

func TestMemoryVersionsAreNeverReused(t *testing.T) {
	ctx := context.Background()
	m := kv.NewTestMemory()
	v1, err := m.PutIf(ctx, "k", []byte("a"), "", kv.PutOptions{})
	require.NoError(t, err)
	require.NoError(t, m.Delete(ctx, "k"))
	v2, err := m.PutIf(ctx, "k", []byte("a"), "", kv.PutOptions{})
	require.NoError(t, err)
	assert.NotEqual(t, v1, v2, "delete and re-create is a new version (no ABA)")
	_, err = m.PutIf(ctx, "k", []byte("b"), v1, kv.PutOptions{})
	require.ErrorIs(t, err, kv.ErrConflict)
	assert.Contains(t, err.Error(), `"k"`)
	_, err = m.PutIf(ctx, "absent", []byte("b"), v2, kv.PutOptions{})
	require.ErrorIs(t, err, kv.ErrConflict, "a version for an absent key conflicts")
}

func TestMemoryTTL(t *testing.T) {
	ctx := context.Background()
	clk := newFakeClock()
	m := kv.NewTestMemory(kv.MemoryClock(clk.Now))
	require.NoError(t, m.Put(ctx, "t/short", []byte("1"), kv.PutOptions{TTL: time.Minute}))
	require.NoError(t, m.Put(ctx, "t/long", []byte("2"), kv.PutOptions{TTL: time.Hour}))
	require.NoError(t, m.Put(ctx, "t/forever", []byte("3"), kv.PutOptions{}))

	p, err := m.List(ctx, "t/", "", 10)
	require.NoError(t, err)
	assert.Equal(t, []string{"t/forever", "t/long", "t/short"}, p.Keys)

	clk.Advance(time.Minute)
	_, err = m.Get(ctx, "t/short")
	assert.ErrorIs(t, err, kv.ErrNotFound, "expired keys vanish from Get")
	p, err = m.List(ctx, "t/", "", 10)
	require.NoError(t, err)
	assert.Equal(t, []string{"t/forever", "t/long"}, p.Keys, "and from List")
	assert.Equal(t, 2, m.Len())

	// An expired key counts as absent for PutIf.
	_, err = m.PutIf(ctx, "t/short", []byte("new"), "", kv.PutOptions{})
	require.NoError(t, err)

	// Overwriting without TTL makes a key permanent.
	require.NoError(t, m.Put(ctx, "t/long", []byte("2"), kv.PutOptions{}))
	clk.Advance(2 * time.Hour)
	_, err = m.Get(ctx, "t/long")
	assert.NoError(t, err)
}

func TestMemorySweepsExpiredKeys(t *testing.T) {
	ctx := context.Background()
	clk := newFakeClock()
	m := kv.NewTestMemory(kv.MemoryClock(clk.Now))
	for i := range 100 {
		require.NoError(t, m.Put(ctx, string(rune('a'+i%26))+string(rune('0'+i/26)), nil, kv.PutOptions{TTL: time.Minute}))
	}
	clk.Advance(time.Hour)
	for i := range 200 {
		require.NoError(t, m.Put(ctx, "live", []byte{byte(i)}, kv.PutOptions{}))
	}
	p, err := m.List(ctx, "", "", 1000)
	require.NoError(t, err)
	assert.Equal(t, []string{"live"}, p.Keys)
	assert.Equal(t, 1, m.Len())
}

func TestMemoryListCursors(t *testing.T) {
	ctx := context.Background()
	m := kv.NewTestMemory()
	for _, k := range []string{"a", "b/1", "b/2", "b/3", "c"} {
		require.NoError(t, m.Put(ctx, k, nil, kv.PutOptions{}))
	}
	p, err := m.List(ctx, "b/", "", 2)
	require.NoError(t, err)
	assert.Equal(t, []string{"b/1", "b/2"}, p.Keys)
	require.NotEmpty(t, p.Cursor)

	// Deleting the cursor's key does not disturb the listing.
	require.NoError(t, m.Delete(ctx, "b/2"))
	p2, err := m.List(ctx, "b/", p.Cursor, 2)
	require.NoError(t, err)
	assert.Equal(t, []string{"b/3"}, p2.Keys)
	assert.Empty(t, p2.Cursor, "no cursor when nothing follows")

	_, err = m.List(ctx, "a", p.Cursor, 2)
	require.ErrorIs(t, err, kv.ErrInvalidArgument)
	assert.Contains(t, err.Error(), "does not belong to prefix")
	for _, bad := range []string{"%%%", "Yg", "bWF"} {
		_, err = m.List(ctx, "", bad, 2)
		require.ErrorIs(t, err, kv.ErrInvalidArgument, bad)
	}
	_, err = m.List(ctx, "", "", 0)
	assert.ErrorIs(t, err, kv.ErrInvalidArgument)
}

func TestMemoryHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	m := kv.NewTestMemory()
	_, err := m.Get(ctx, "k")
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, m.Put(ctx, "k", nil, kv.PutOptions{}), context.Canceled)
	_, err = m.PutIf(ctx, "k", nil, "", kv.PutOptions{})
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, m.Delete(ctx, "k"), context.Canceled)
	_, err = m.List(ctx, "", "", 1)
	assert.ErrorIs(t, err, context.Canceled)
}
