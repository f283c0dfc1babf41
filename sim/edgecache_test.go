package sim_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/sim"
)

func TestEdgeCacheServesStaleReadsUntilTTL(t *testing.T) {
	c := newCluster(t, sim.Config{Preset: sim.EdgeCache()})
	a := kv.NewStore[string](c.Region("us-east"))
	b := kv.NewStore[string](c.Region("eu-west"))
	require.NoError(t, a.Put(bg, "greeting", "old"))
	v, _, err := b.Get(bg, "greeting") // B caches "old"
	require.NoError(t, err)
	require.Equal(t, "old", v)

	require.NoError(t, c.Advance(10*time.Second))
	require.NoError(t, a.Put(bg, "greeting", "new"))
	v, _, _ = a.Get(bg, "greeting")
	assert.Equal(t, "new", v, "visible at once where it was written")
	v, _, _ = b.Get(bg, "greeting")
	assert.Equal(t, "old", v, "region B serves its cached copy within the TTL")

	require.NoError(t, c.Advance(49*time.Second))
	v, _, _ = b.Get(bg, "greeting")
	assert.Equal(t, "old", v, "59 s after B cached it")
	require.NoError(t, c.Advance(time.Second))
	v, _, _ = b.Get(bg, "greeting")
	assert.Equal(t, "new", v, "the cache expired after 60 s")
}

func TestEdgeCacheCachesNotFound(t *testing.T) {
	c := newCluster(t, sim.Config{Preset: sim.EdgeCache()})
	a, b := c.Region("us-east"), c.Region("ap-south")
	_, err := b.Get(bg, "new-key")
	require.ErrorIs(t, err, kv.ErrNotFound)
	require.NoError(t, a.Put(bg, "new-key", []byte("here"), kv.PutOptions{}))

	require.NoError(t, c.Advance(30*time.Second))
	_, err = b.Get(bg, "new-key")
	assert.ErrorIs(t, err, kv.ErrNotFound, "the cached not-found hides the new key")
	require.NoError(t, c.Advance(30*time.Second))
	it, err := b.Get(bg, "new-key")
	require.NoError(t, err)
	assert.Equal(t, "here", string(it.Value))
}

func TestEdgeCacheWriteRateLimit(t *testing.T) {
	p := sim.EdgeCache()
	p.WriteInterval = time.Second
	c := newCluster(t, sim.Config{Preset: p})
	b := c.Region("us-east")
	require.NoError(t, b.Put(bg, "k", []byte("1"), kv.PutOptions{}))
	err := b.Put(bg, "k", []byte("2"), kv.PutOptions{})
	require.True(t, errors.Is(err, kv.ErrRateLimited), "got %v", err)
	require.NoError(t, b.Put(bg, "other", []byte("1"), kv.PutOptions{}), "the limit is per key")
	require.NoError(t, c.Advance(time.Second))
	require.NoError(t, b.Put(bg, "k", []byte("2"), kv.PutOptions{}))
	_, isCAS := b.(kv.CAS)
	assert.False(t, isCAS, "edgecache offers no CAS")
}

func TestEdgeCacheListingIsCached(t *testing.T) {
	c := newCluster(t, sim.Config{Preset: sim.EdgeCache()})
	a, b := c.Region("us-east"), c.Region("eu-west")
	require.NoError(t, a.Put(bg, "p/1", []byte("x"), kv.PutOptions{}))
	page, err := b.List(bg, "p/", "", 10)
	require.NoError(t, err)
	assert.Equal(t, []string{"p/1"}, page.Keys)
	require.NoError(t, a.Put(bg, "p/2", []byte("x"), kv.PutOptions{}))
	page, _ = b.List(bg, "p/", "", 10)
	assert.Equal(t, []string{"p/1"}, page.Keys, "cached listing")
	require.NoError(t, c.Advance(time.Minute))
	page, _ = b.List(bg, "p/", "", 10)
	assert.Equal(t, []string{"p/1", "p/2"}, page.Keys)
}
