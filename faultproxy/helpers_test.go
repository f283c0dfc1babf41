package faultproxy

import (
	"bufio"
	"errors"
	"net"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// patience bounds every wait for something that must happen; the tests
// never assert that something happens quickly, only that it happens.
const patience = 10 * time.Second

// echoServer answers every line with the same line and reports each line
// it received on got.
type echoServer struct {
	ln  net.Listener
	got chan string
	wg  sync.WaitGroup
}

func startEcho(t *testing.T) *echoServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	e := &echoServer{ln: ln, got: make(chan string, 100)}
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			e.wg.Add(1)
			go func() {
				defer e.wg.Done()
				defer c.Close()
				r := bufio.NewReader(c)
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					select {
					case e.got <- line:
					default:
					}
					if _, err := c.Write([]byte(line)); err != nil {
						return
					}
				}
			}()
		}
	}()
	t.Cleanup(func() { _ = ln.Close(); e.wg.Wait() })
	return e
}

func (e *echoServer) addr() string { return e.ln.Addr().String() }

// newProxy starts a proxy to target, closed at the end of the test.
func newProxy(t *testing.T, target string, opts ...Options) *Proxy {
	t.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	p, err := New(target, o)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, p.Close()) })
	return p
}

// client is one connection through the proxy.
type client struct {
	c net.Conn
	r *bufio.Reader
}

func dial(t *testing.T, addr string) *client {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return &client{c: c, r: bufio.NewReader(c)}
}

// reply is the outcome of a request.
type reply struct {
	line string
	err  error
}

// request sends line and returns a channel that gets the reply (or the
// error that ended the wait) whenever it comes.
func (c *client) request(line string) <-chan reply {
	ch := make(chan reply, 1)
	go func() {
		if _, err := c.c.Write([]byte(line + "\n")); err != nil {
			ch <- reply{err: err}
			return
		}
		got, err := c.r.ReadString('\n')
		ch <- reply{line: got, err: err}
	}()
	return ch
}

// roundTrip sends line and waits for the echo.
func (c *client) roundTrip(t *testing.T, line string) {
	t.Helper()
	r := await(t, c.request(line))
	require.NoError(t, r.err)
	require.Equal(t, line+"\n", r.line)
}

// await waits, with patience, for ch.
func await[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(patience):
		t.Fatal("nothing arrived")
		panic("unreachable")
	}
}

// pending asserts that nothing arrives on ch for a while.
func pending[T any](t *testing.T, ch <-chan T, what string) {
	t.Helper()
	select {
	case v := <-ch:
		t.Fatalf("%s: got %v before the heal", what, v)
	case <-time.After(150 * time.Millisecond):
	}
}

// eventually waits, with patience, until cond holds.
func eventually(t *testing.T, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(patience)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal(what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// settledGoroutines waits until the number of goroutines is at most n.
func settledGoroutines(t *testing.T, n int) {
	t.Helper()
	eventually(t, func() bool { return runtime.NumGoroutine() <= n }, "goroutines leaked")
}

// closedConn reports whether err says the connection was ended.
func closedConn(err error) bool {
	var ne net.Error
	return err != nil && !(errors.As(err, &ne) && ne.Timeout())
}

// numGoroutines is the current count, once the runtime has settled from
// earlier tests' goroutines.
func numGoroutines() int {
	n := runtime.NumGoroutine()
	for range 50 {
		time.Sleep(2 * time.Millisecond)
		m := runtime.NumGoroutine()
		if m == n {
			return n
		}
		n = m
	}
	return n
}

// assertRefused asserts that a new connection to addr is ended: at once
// (the reset can beat the handshake on loopback) or at its first request.
func assertRefused(t *testing.T, addr string) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		assert.True(t, closedConn(err), "%v", err)
		return
	}
	t.Cleanup(func() { _ = c.Close() })
	cl := &client{c: c, r: bufio.NewReader(c)}
	r := await(t, cl.request("refused?"))
	assert.True(t, closedConn(r.err), "a new connection is ended: %v", r.err)
}

// connections returns the number of connections being forwarded.
func (p *Proxy) connections() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.links)
}

// appliedCount returns the number of faults applied so far.
func (s *Schedule) appliedCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.applied
}
