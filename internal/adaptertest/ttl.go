package adaptertest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/kv"
)

// testExpiry: keys written with a short TTL by Put and PutIf disappear on
// the server's own clock, from reads, listings and PutIf(absent) alike; a
// rewrite without TTL makes a key permanent. An adapter without TTL must
// refuse TTL writes with kv.ErrUnsupported.
func testExpiry(t *testing.T, h Harness) {
	ctx := context.Background()
	b := h.New(t)
	c := b.(kv.CAS)
	if h.TTL == 0 {
		err := b.Put(ctx, "t", []byte("x"), kv.PutOptions{TTL: time.Hour})
		RequireKind(t, err, kv.ErrUnsupported)
		_, err = c.PutIf(ctx, "t", []byte("x"), "", kv.PutOptions{TTL: time.Hour})
		RequireKind(t, err, kv.ErrUnsupported)
		return
	}
	RequireKind(t, b.Put(ctx, "t/neg", []byte("x"), kv.PutOptions{TTL: -time.Second}), kv.ErrInvalidTTL)
	require.NoError(t, b.Put(ctx, "t/put", []byte("x"), kv.PutOptions{TTL: h.TTL}))
	_, err := c.PutIf(ctx, "t/cas", []byte("x"), "", kv.PutOptions{TTL: h.TTL})
	require.NoError(t, err)
	require.NoError(t, b.Put(ctx, "t/cleared", []byte("x"), kv.PutOptions{TTL: h.TTL}))
	require.NoError(t, b.Put(ctx, "t/cleared", []byte("y"), kv.PutOptions{}), "a write without TTL makes the key permanent")
	it, err := b.Get(ctx, "t/put")
	require.NoError(t, err)
	assert.Equal(t, "x", string(it.Value))

	require.Eventually(t, func() bool {
		_, e1 := b.Get(ctx, "t/put")
		_, e2 := b.Get(ctx, "t/cas")
		return errors.Is(e1, kv.ErrNotFound) && errors.Is(e2, kv.ErrNotFound)
	}, h.TTL+h.Expiry, 50*time.Millisecond, "keys outlive their TTL")
	assert.Equal(t, []string{"t/cleared"}, ListAll(t, b, "t/", 1), "expired keys must not be listed")
	v, err := c.PutIf(ctx, "t/cas", []byte("new"), "", kv.PutOptions{})
	require.NoError(t, err, "an expired key counts as absent for PutIf")
	assert.NotEmpty(t, v)
}
