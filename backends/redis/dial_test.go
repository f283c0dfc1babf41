package redis

import (
	"context"
	"net"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/kv"
)

// closedAddr is a loopback address nothing listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}

// A write refused at dial time never reached the store: it is recorded as
// fail, not unknown, which would only enlarge the checker's search.
func TestDialFailureIsADefiniteFailure(t *testing.T) {
	t.Parallel()
	c := goredis.NewClient(&goredis.Options{Addr: closedAddr(t), MaxRetries: -1, DialTimeout: time.Second})
	t.Cleanup(func() { _ = c.Close() })
	b := newBackend(Options{Client: c})
	ctx := context.Background()
	writes := map[history.Func]error{
		history.FuncPut:    b.Put(ctx, "k", []byte("v"), kv.PutOptions{}),
		history.FuncDelete: b.Delete(ctx, "k"),
	}
	_, writes[history.FuncCAS] = b.PutIf(ctx, "k", []byte("v"), "", kv.PutOptions{})
	for f, err := range writes {
		require.Error(t, err, f)
		assert.ErrorIs(t, err, kv.ErrUnavailable, f)
		assert.ErrorIs(t, err, kv.ErrNotSent, f)
		assert.Equal(t, history.OutcomeFail, history.OutcomeOf(f, err), f)
	}
}

// A client that retries may have sent an earlier attempt: its dial
// failure stays unknown.
func TestDialFailureAfterRetriesStaysUnknown(t *testing.T) {
	t.Parallel()
	c := goredis.NewClient(&goredis.Options{Addr: closedAddr(t), MaxRetries: 1, DialTimeout: time.Second,
		MinRetryBackoff: time.Millisecond, MaxRetryBackoff: time.Millisecond})
	t.Cleanup(func() { _ = c.Close() })
	err := newBackend(Options{Client: c}).Put(context.Background(), "k", []byte("v"), kv.PutOptions{})
	require.Error(t, err)
	assert.NotErrorIs(t, err, kv.ErrNotSent)
	assert.Equal(t, history.OutcomeUnknown, history.OutcomeOf(history.FuncPut, err))
}
