package redis

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/internal/adaptertest"
	"github.com/kvchaos/kvchaos/internal/testserver"
	"github.com/kvchaos/kvchaos/kv"
)

var shared = adaptertest.NewLive(testserver.StartRedis)

func TestMain(m *testing.M) { shared.Main(m) }

// open returns a Backend on the shared server under a fresh namespace.
func open(t testing.TB) *backend {
	t.Helper()
	// The suite reads and writes a 25 MiB value: the backend bounds its
	// calls by 5 s plus 1 s per MiB, as Open does by default.
	return newBackend(Options{Client: newClient(t, shared.Get(t).Addr),
		Namespace: fmt.Sprintf("t%d:", shared.Next()), Timeout: 5 * time.Second})
}

// newClient returns a client of addr configured as Open configures one:
// no retries, and no deadlines of its own, so that the backend's Timeout
// bounds each call through its context.
func newClient(t testing.TB, addr string) *goredis.Client {
	t.Helper()
	c := goredis.NewClient(&goredis.Options{Addr: addr, MaxRetries: -1,
		ReadTimeout: -1, WriteTimeout: -1, ContextTimeoutEnabled: true})
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// TestAdapter runs kvtest's conformance suite and the adapter extras on a
// real redis-server, each backend in a fresh namespace. Keys expire on the
// server's clock: kvtest checks TTL writes are readable, the extras that
// they expire within 300 ms + 3 s.
func TestAdapter(t *testing.T) {
	t.Parallel()
	adaptertest.Run(t, adaptertest.Harness{
		New:    func(t *testing.T) kv.Backend { return open(t) },
		TTL:    300 * time.Millisecond,
		Expiry: 3 * time.Second,
	})
}

func TestRegisteredWithPrefix(t *testing.T) {
	t.Parallel()
	srv := shared.Get(t)
	ctx := context.Background()
	st, err := backends.Open(ctx, srv.URL()+"/0?prefix=app/")
	require.NoError(t, err)
	defer func() { _ = st.Close() }()
	for _, k := range []string{"a", "b", "c"} {
		require.NoError(t, st.Backend.Put(ctx, k, []byte(k), kv.PutOptions{}))
	}
	p1, err := st.Backend.List(ctx, "", "", 2)
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, p1.Keys)
	p2, err := st.Backend.List(ctx, "", p1.Cursor, 2)
	require.NoError(t, err)
	assert.Equal(t, []string{"c"}, p2.Keys)
	assert.Empty(t, p2.Cursor)

	raw := goredis.NewClient(&goredis.Options{Addr: srv.Addr})
	defer func() { _ = raw.Close() }()
	v, err := raw.HGet(ctx, defaultNamespace+"k:app/a", "v").Result()
	require.NoError(t, err, "keys live under the URL prefix")
	assert.Equal(t, "a", v)
}

func TestNativeErrorsWrapped(t *testing.T) {
	t.Parallel()
	srv := shared.Get(t)
	b := open(t)
	raw := goredis.NewClient(&goredis.Options{Addr: srv.Addr})
	defer func() { _ = raw.Close() }()
	// A string where the adapter expects a hash: the server answers WRONGTYPE.
	prefix := b.dataPrefix
	require.NoError(t, raw.Set(context.Background(), prefix+"bad", "x", 0).Err())
	_, err := b.Get(context.Background(), "bad")
	require.Error(t, err)
	var reply goredis.Error
	require.ErrorAs(t, err, &reply)
	assert.Contains(t, reply.Error(), "WRONGTYPE")
	assert.NotErrorIs(t, err, kv.ErrUnavailable, "a refused call is not an unknown outcome")
}

func TestUnavailableWhenServerDies(t *testing.T) {
	t.Parallel()
	srv := testserver.RedisT(t)
	err := adaptertest.RequireUnavailableAfter(t, srv.URL()+"?dial_timeout=200ms", srv.Kill)
	var opErr *net.OpError
	assert.ErrorAs(t, err, &opErr)
}

func TestReplicaReads(t *testing.T) {
	t.Parallel()
	primary, replica := testserver.RedisPairT(t)
	ctx := context.Background()
	onPrimary, err := backends.Open(ctx, primary.URL()+"?prefix=")
	require.NoError(t, err)
	defer func() { _ = onPrimary.Close() }()
	onReplica, err := backends.Open(ctx, primary.URL()+"?prefix=&read_from="+replica.Addr)
	require.NoError(t, err)
	defer func() { _ = onReplica.Close() }()

	require.NoError(t, onReplica.Backend.Put(ctx, "k", []byte("v1"), kv.PutOptions{}))
	require.Eventually(t, func() bool {
		it, err := onReplica.Backend.Get(ctx, "k")
		return err == nil && string(it.Value) == "v1"
	}, 5*time.Second, 10*time.Millisecond, "the write reaches the replica")

	// Make the replica diverge: reads through read_from must see it, reads
	// on the primary must not.
	raw := goredis.NewClient(&goredis.Options{Addr: replica.Addr})
	defer func() { _ = raw.Close() }()
	require.NoError(t, raw.ConfigSet(ctx, "replica-read-only", "no").Err())
	require.NoError(t, raw.HSet(ctx, defaultNamespace+"k:k", "v", "replica-only").Err())
	it, err := onReplica.Backend.Get(ctx, "k")
	require.NoError(t, err)
	assert.Equal(t, "replica-only", string(it.Value))
	it, err = onPrimary.Backend.Get(ctx, "k")
	require.NoError(t, err)
	assert.Equal(t, "v1", string(it.Value))

	page, err := onReplica.Backend.List(ctx, "", "", 10)
	require.NoError(t, err, "listing runs read-only on the replica")
	assert.Equal(t, []string{"k"}, page.Keys)
}

func TestOpenURLs(t *testing.T) {
	t.Parallel()
	adaptertest.RequireOpenFails(t, "hunter2",
		adaptertest.BadURL{URL: "redis://user:hunter2@127.0.0.1:1/0?dial_timeout=100ms", Is: []error{kv.ErrUnavailable}},
		adaptertest.BadURL{URL: "redis://127.0.0.1:6379/0?read_from=nocolon", Want: "read_from"},
		adaptertest.BadURL{URL: "redis://127.0.0.1:6379/0?bogus_option=1"})

	ctx := context.Background()
	u, _ := url.Parse("redis://127.0.0.1:1/notanumber")
	_, err := openURL(ctx, u)
	require.Error(t, err)
}

func TestExpiredKeysLeaveTheIndex(t *testing.T) {
	t.Parallel()
	b := open(t)
	ctx := context.Background()
	require.NoError(t, b.Put(ctx, "short", []byte("x"), kv.PutOptions{TTL: 50 * time.Millisecond}))
	require.NoError(t, b.Put(ctx, "long", []byte("x"), kv.PutOptions{}))
	require.Eventually(t, func() bool {
		_, err := b.Get(ctx, "short")
		return err != nil
	}, 3*time.Second, 20*time.Millisecond)
	n, err := b.client.ZCard(ctx, b.index).Result()
	require.NoError(t, err)
	require.EqualValues(t, 2, n, "the index still names the expired key before a listing")
	page, err := b.List(ctx, "", "", 10)
	require.NoError(t, err)
	assert.Equal(t, []string{"long"}, page.Keys)
	n, err = b.client.ZCard(ctx, b.index).Result()
	require.NoError(t, err)
	assert.EqualValues(t, 1, n, "listing on the primary drops expired keys from the index")
}
