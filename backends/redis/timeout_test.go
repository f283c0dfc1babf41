package redis

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/faultproxy"
	"github.com/kvchaos/kvchaos/internal/adapterkit"
	"github.com/kvchaos/kvchaos/kv"
)

// A backend that wrote a large value gives its reads the time to bring it
// back, while a backend that wrote nothing keeps the short base timeout.
// The reads go through a proxy that holds each request for delay, longer
// than base: no reply can come back within base, however fast the machine,
// so the fixed bound the adapter had before (the client's read_timeout)
// fails the read for certain. The large value's bound is base plus 1 s per
// MiB (adapterkit.ScaleTimeout), so the read must move size bytes within
// that bound less delay: the same throughput every adapter assumes of a
// store, not a figure tuned to this machine.
func TestLargeValueReadGetsTimeToComeBack(t *testing.T) {
	t.Parallel()
	const (
		base  = 100 * time.Millisecond
		delay = 3 * base
		size  = 4 << 20
	)
	srv := shared.Get(t)
	proxy, err := faultproxy.New(srv.Addr, faultproxy.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = proxy.Close() })
	require.NoError(t, proxy.Apply(faultproxy.Fault{Kind: faultproxy.Latency, Direction: faultproxy.Upstream, Delay: delay}))

	// Writes go straight to the server, reads through the proxy.
	ns := fmt.Sprintf("t%d:", shared.Next())
	o := Options{Client: newClient(t, srv.Addr), Reader: newClient(t, proxy.Addr()), Namespace: ns, Timeout: base}
	writer, fresh := newBackend(o), newBackend(o)
	ctx := context.Background()
	big := bytes.Repeat([]byte("0123456789abcdef"), size/16)
	require.NoError(t, writer.Put(ctx, "big", big, kv.PutOptions{}))

	it, err := writer.Get(ctx, "big")
	require.NoError(t, err, "the backend that wrote %d MiB waits %v for it", size>>20, adapterkit.ScaleTimeout(base, size))
	assert.True(t, bytes.Equal(big, it.Value), "read back %d bytes, not the %d written", len(it.Value), len(big))

	_, err = fresh.Get(ctx, "big")
	require.ErrorIs(t, err, kv.ErrUnavailable, "a backend that wrote nothing gives up after %v", base)
	var ne net.Error
	require.ErrorAs(t, err, &ne)
	assert.True(t, ne.Timeout(), "the read timed out: %v", err)
}

// The URL's read_timeout and write_timeout become the backend's bound of a
// call, and the client keeps no deadlines of its own; the wait for a free
// connection stays bounded (the bound plus a second, or the URL's
// pool_timeout).
func TestURLTimeoutsBoundTheCalls(t *testing.T) {
	t.Parallel()
	for query, want := range map[string]time.Duration{
		"":                                    defaultTimeout,
		"read_timeout=200ms":                  200 * time.Millisecond,
		"read_timeout=200ms&write_timeout=2s": 2 * time.Second,
		"write_timeout=200ms":                 defaultTimeout,
		"read_timeout=-1":                     0,
		"read_timeout=1s&write_timeout=0":     0,
	} {
		opt, err := goredis.ParseURL("redis://127.0.0.1:6379/0?" + query)
		require.NoError(t, err, query)
		assert.Equal(t, want, takeTimeouts(opt), query)
		assert.Equal(t, []time.Duration{-1, -1}, []time.Duration{opt.ReadTimeout, opt.WriteTimeout}, query)
		assert.True(t, opt.ContextTimeoutEnabled, query)
		if want > 0 {
			assert.Equal(t, want+time.Second, opt.PoolTimeout, query)
		}
	}
	opt, err := goredis.ParseURL("redis://127.0.0.1:6379/0?read_timeout=200ms&pool_timeout=3s")
	require.NoError(t, err)
	takeTimeouts(opt)
	assert.Equal(t, 3*time.Second, opt.PoolTimeout, "the URL's pool_timeout is kept")
}
