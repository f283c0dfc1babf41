package adaptertest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/kv"
)

func testTTL(t *testing.T, h Harness) {
	ctx := context.Background()
	b := h.New(t)
	if h.TTL == 0 {
		err := b.Put(ctx, "t", []byte("x"), kv.PutOptions{TTL: time.Hour})
		RequireKind(t, err, kv.ErrUnsupported)
		_, err = b.(kv.CAS).PutIf(ctx, "t", []byte("x"), "", kv.PutOptions{TTL: time.Hour})
		RequireKind(t, err, kv.ErrUnsupported)
		return
	}
	c := b.(kv.CAS)
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
	assert.Equal(t, []string{"t/cleared"}, listAll(t, b, "t/", 1), "expired keys must not be listed")
	v, err := c.PutIf(ctx, "t/cas", []byte("new"), "", kv.PutOptions{})
	require.NoError(t, err, "an expired key counts as absent for PutIf")
	assert.NotEmpty(t, v)
}

func testCanceled(t *testing.T, b kv.Backend) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := b.Get(ctx, "k")
	RequireKind(t, err, kv.ErrUnavailable)
	RequireKind(t, b.Put(ctx, "k", []byte("x"), kv.PutOptions{}), kv.ErrUnavailable)
	_, err = b.List(ctx, "", "", 10)
	RequireKind(t, err, kv.ErrUnavailable)
}

func testUpdateAtomic(t *testing.T, b kv.Backend) {
	const clients, each = 4, 10
	s := kv.NewStore[int](b, kv.WithMaxAttempts(1000), kv.WithBackoff(time.Millisecond, 20*time.Millisecond))
	var wg sync.WaitGroup
	errs := make(chan error, clients*each)
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				if _, err := s.UpdateAtomic(context.Background(), "counter", 0, func(n int) int { return n + 1 }); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	n, found, err := s.Get(context.Background(), "counter")
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, clients*each, n, "UpdateAtomic lost an update")
}
