package adaptertest

import (
	"os"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/internal/testserver"
)

// Live is the server a live-store adapter package's tests share, started
// on first use (Get) and stopped by Main, with a counter that gives every
// backend opened on it a key space of its own (a namespace, bucket or
// table), so that the tests can run in parallel on one server.
type Live[S interface{ Close() error }] struct {
	*testserver.Shared[S]
	n atomic.Int64

	mu     sync.Mutex
	closes []func()
}

// NewLive returns a Live whose server start starts, logging into a
// temporary directory.
func NewLive[S interface{ Close() error }](start func(dir string) (S, error)) *Live[S] {
	return &Live[S]{Shared: testserver.NewShared(func() (S, error) { return start("") })}
}

// Next returns a number no earlier call on l returned: the suffix of a
// fresh key space's name.
func (l *Live[S]) Next() int64 { return l.n.Add(1) }

// Main is the package's TestMain body: it runs the tests, closes the
// shared clients, stops the server and exits with the tests' code.
func (l *Live[S]) Main(m *testing.M) {
	code := m.Run()
	l.mu.Lock()
	for _, c := range l.closes {
		c()
	}
	l.mu.Unlock()
	_ = l.Shared.Close()
	os.Exit(code)
}

// Client is one client of a Live server that all the package's backends
// share, each on its own key space: dialled on first use, closed by
// Live.Main. kvtest opens a backend per check of its state machine; a
// client each would dial the server (for PostgreSQL, start a server
// process) a hundred times.
type Client[S interface{ Close() error }, C any] struct {
	live  *Live[S]
	dial  func(S) (C, error)
	close func(C)
	once  sync.Once
	c     C
	err   error
}

// NewClient returns the shared client of live that dial makes and close
// closes.
func NewClient[S interface{ Close() error }, C any](live *Live[S], dial func(S) (C, error), close func(C)) *Client[S, C] {
	return &Client[S, C]{live: live, dial: dial, close: close}
}

// Get returns the client, dialling it on first use.
func (c *Client[S, C]) Get(t testing.TB) C {
	t.Helper()
	srv := c.live.Get(t)
	c.once.Do(func() {
		c.c, c.err = c.dial(srv)
		if c.err == nil {
			c.live.mu.Lock()
			c.live.closes = append(c.live.closes, func() { c.close(c.c) })
			c.live.mu.Unlock()
		}
	})
	require.NoError(t, c.err, "dialling the shared server")
	return c.c
}
