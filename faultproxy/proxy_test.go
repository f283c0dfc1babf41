package faultproxy

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProxyForwardsOnLoopback(t *testing.T) {
	e := startEcho(t)
	p := newProxy(t, e.addr())
	host, _, err := net.SplitHostPort(p.Addr())
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1", host)
	assert.Equal(t, e.addr(), p.target)
	c := dial(t, p.Addr())
	for _, line := range []string{"a", "bb", strings.Repeat("x", 100<<10)} {
		c.roundTrip(t, line)
	}
	assert.Equal(t, 1, p.connections())
}

func TestBlackholeHoldsRequestsUntilTheHeal(t *testing.T) {
	for _, tc := range []struct {
		dir          Direction
		serverSeesIt bool // the request arrives during the blackhole
	}{{Both, false}, {Upstream, false}, {Downstream, true}} {
		t.Run(tc.dir.String(), func(t *testing.T) {
			e := startEcho(t)
			p := newProxy(t, e.addr())
			c := dial(t, p.Addr())
			c.roundTrip(t, "before")
			<-e.got
			require.NoError(t, p.Apply(Fault{Kind: Blackhole, Direction: tc.dir}))
			ch := c.request("held")
			if tc.serverSeesIt {
				assert.Equal(t, "held\n", await(t, e.got), "requests pass a server→client blackhole")
			} else {
				pending(t, e.got, "the server got the request")
			}
			pending(t, ch, "the reply")
			assert.Equal(t, 1, p.connections(), "the connection stays open")
			p.Heal()
			r := await(t, ch)
			require.NoError(t, r.err)
			assert.Equal(t, "held\n", r.line, "held bytes are delivered after the heal")
			c.roundTrip(t, "after")
		})
	}
}

func TestBlackholeHoldsNewConnectionsToo(t *testing.T) {
	e := startEcho(t)
	p := newProxy(t, e.addr())
	require.NoError(t, p.Apply(Fault{Kind: Blackhole}))
	c := dial(t, p.Addr())
	ch := c.request("new")
	pending(t, ch, "the reply on a new connection")
	p.Heal()
	r := await(t, ch)
	require.NoError(t, r.err)
	assert.Equal(t, "new\n", r.line)
}

func TestLatencyDelaysEachDirection(t *testing.T) {
	const delay = 80 * time.Millisecond
	e := startEcho(t)
	for _, dir := range []Direction{Both, Upstream, Downstream} {
		t.Run(dir.String(), func(t *testing.T) {
			p := newProxy(t, e.addr())
			c := dial(t, p.Addr())
			require.NoError(t, p.Apply(Fault{Kind: Latency, Direction: dir, Delay: delay}))
			start := time.Now()
			c.roundTrip(t, "slow")
			want := delay
			if dir == Both {
				want = 2 * delay
			}
			// A lower bound only: the proxy cannot deliver early, however
			// loaded the machine is.
			assert.GreaterOrEqual(t, time.Since(start), want)
			p.Heal()
			c.roundTrip(t, "healed")
		})
	}
}

func TestJitterComesFromTheSeed(t *testing.T) {
	draw := func(seed int64) []time.Duration {
		p := newProxy(t, "127.0.0.1:1", Options{Seed: seed})
		require.NoError(t, p.Apply(Fault{Kind: Latency, Direction: Upstream, Delay: 50 * time.Millisecond, Jitter: 20 * time.Millisecond}))
		var out []time.Duration
		for range 20 {
			d := p.delay(Upstream)
			assert.GreaterOrEqual(t, d, 30*time.Millisecond)
			assert.LessOrEqual(t, d, 70*time.Millisecond)
			out = append(out, d)
		}
		assert.Zero(t, p.delay(Downstream), "the other direction is not delayed")
		return out
	}
	a, b, other := draw(3), draw(3), draw(4)
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, other)
}

func TestResetClosesEveryConnection(t *testing.T) {
	e := startEcho(t)
	p := newProxy(t, e.addr())
	c1, c2 := dial(t, p.Addr()), dial(t, p.Addr())
	c1.roundTrip(t, "one")
	c2.roundTrip(t, "two")
	require.NoError(t, p.Apply(Fault{Kind: Blackhole}))
	ch := c1.request("lost")
	require.NoError(t, p.Apply(Fault{Kind: Reset}))
	r := await(t, ch)
	assert.True(t, closedConn(r.err), "a held request ends with the connection: %v", r.err)
	_, err := c2.r.ReadString('\n')
	assert.True(t, closedConn(err), "an idle connection is closed too: %v", err)
	assert.Equal(t, 0, p.connections())
	p.Heal()
	dial(t, p.Addr()).roundTrip(t, "new connections work")
}

// TestRefuseAndDown: both close new connections until the heal; Down
// also resets the open ones, Refuse leaves them working.
func TestRefuseAndDown(t *testing.T) {
	for _, kind := range []Kind{Refuse, Down} {
		t.Run(string(kind), func(t *testing.T) {
			e := startEcho(t)
			p := newProxy(t, e.addr())
			old := dial(t, p.Addr())
			old.roundTrip(t, "old")
			require.NoError(t, p.Apply(Fault{Kind: kind}))
			assertRefused(t, p.Addr())
			if kind == Down {
				r := await(t, old.request("x"))
				assert.True(t, closedConn(r.err), "open connections are reset: %v", r.err)
			} else {
				old.roundTrip(t, "open connections keep working")
			}
			p.Heal()
			dial(t, p.Addr()).roundTrip(t, "healed")
		})
	}
}

func TestUnreachableTargetClosesTheClient(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	target := ln.Addr().String()
	require.NoError(t, ln.Close())
	p := newProxy(t, target, Options{DialTimeout: time.Second})
	assertRefused(t, p.Addr())
}

func TestCloseLeavesNoGoroutines(t *testing.T) {
	e := startEcho(t)
	before := numGoroutines()
	p, err := New(e.addr(), Options{})
	require.NoError(t, err)
	var conns []*client
	for range 2 {
		c := dial(t, p.Addr())
		c.roundTrip(t, "hi")
		conns = append(conns, c)
	}
	require.NoError(t, p.Apply(Fault{Kind: Blackhole}))
	conns = append(conns, dial(t, p.Addr()), dial(t, p.Addr()))
	eventually(t, func() bool { return p.connections() == 4 }, "four connections forwarded")
	var held []<-chan reply
	for _, c := range conns {
		held = append(held, c.request("held"))
	}
	require.NoError(t, p.Apply(Fault{Kind: Latency, Delay: time.Hour}))
	require.NoError(t, p.Close())
	require.NoError(t, p.Close(), "Close twice is fine")
	for _, ch := range held {
		r := await(t, ch)
		assert.True(t, closedConn(r.err), "%v", r.err)
	}
	settledGoroutines(t, before)
	_, err = net.DialTimeout("tcp", p.Addr(), time.Second)
	assert.Error(t, err, "a closed proxy no longer listens")
}

func TestBadInputIsAnError(t *testing.T) {
	_, err := New("no-port", Options{})
	assert.ErrorContains(t, err, `target "no-port"`)
	p := newProxy(t, "127.0.0.1:1")
	assert.ErrorContains(t, p.Apply(Fault{Kind: "flood"}), `Kind "flood"`)
	assert.ErrorContains(t, p.Apply(Fault{Kind: Latency, Delay: -time.Second}), "Delay")
	assert.ErrorContains(t, p.Apply(Fault{Kind: Blackhole, Direction: 7}), "Direction 7")
}

func TestFaultText(t *testing.T) {
	for f, want := range map[Fault]string{
		{Kind: Latency, Direction: Upstream, Delay: time.Second, Jitter: time.Millisecond}: "latency +1s ±1ms client→server",
		{Kind: Latency, Delay: 5 * time.Millisecond}:                                       "latency +5ms both ways",
		{Kind: Blackhole}:                        "blackhole both ways",
		{Kind: Blackhole, Direction: Downstream}: "blackhole server→client (replies held)",
		{Kind: Reset}:                            "reset every connection",
		{Kind: Refuse}:                           "refuse new connections",
		{Kind: Down}:                             "down (connections reset, new ones refused)",
	} {
		assert.Equal(t, want, f.String())
	}
}
