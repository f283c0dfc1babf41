package faultproxy

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"sync"
	"time"
)

// defaultDialTimeout bounds the connection to the target made for each
// accepted client.
const defaultDialTimeout = 2 * time.Second

// Proxy forwards TCP connections from a loopback port to a target,
// applying the faults it is given. It is safe for concurrent use.
type Proxy struct {
	ln     net.Listener
	target string
	dial   time.Duration
	ctx    context.Context // cancelled by Close: aborts dials in progress
	cancel context.CancelFunc

	mu     sync.Mutex
	rng    *rand.Rand
	lat    [3]latency       // by Direction: Upstream and Downstream used
	hole   [3]chan struct{} // by Direction: non-nil while blackholed, closed on heal
	refuse bool
	links  map[*link]struct{}
	closed bool
	wg     sync.WaitGroup
}

type latency struct{ delay, jitter time.Duration }

// Options configure a Proxy; the zero value is a proxy with the defaults.
type Options struct {
	// Seed seeds the source of the latency jitter; 0 is a seed like any
	// other, so the zero Options give the same jitter every time.
	Seed int64
	// DialTimeout bounds each connection to the target (0 = 2 s).
	DialTimeout time.Duration
}

// New starts a proxy listening on a free port of 127.0.0.1 that forwards
// every connection to target (host:port). Close stops it.
func New(target string, o Options) (*Proxy, error) {
	if _, _, err := net.SplitHostPort(target); err != nil {
		return nil, fmt.Errorf("faultproxy: target %q: want host:port: %w", target, err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("faultproxy: listening on 127.0.0.1: %w", err)
	}
	p := &Proxy{ln: ln, target: target, dial: o.DialTimeout, links: map[*link]struct{}{},
		rng: rand.New(rand.NewPCG(uint64(o.Seed), 0x6b7663686f73))}
	if p.dial == 0 {
		p.dial = defaultDialTimeout
	}
	p.ctx, p.cancel = context.WithCancel(context.Background())
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// Addr is the proxy's address, 127.0.0.1:port: point clients at it.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Apply injects f, on top of the faults already applied; Heal removes
// them all. Reset (and the reset of Down) acts at once.
func (p *Proxy) Apply(f Fault) error {
	if err := f.validate(); err != nil {
		return err
	}
	p.mu.Lock()
	var reset []*link
	switch f.Kind {
	case Latency:
		for _, d := range []Direction{Upstream, Downstream} {
			if f.Direction.has(d) {
				p.lat[d] = latency{f.Delay, f.Jitter}
			}
		}
	case Blackhole:
		for _, d := range []Direction{Upstream, Downstream} {
			if f.Direction.has(d) && p.hole[d] == nil {
				p.hole[d] = make(chan struct{})
			}
		}
	case Refuse:
		p.refuse = true
	case Down:
		p.refuse = true
		reset = p.snapshot()
	case Reset:
		reset = p.snapshot()
	}
	p.mu.Unlock()
	for _, l := range reset {
		l.close(true)
	}
	return nil
}

// Heal removes every fault: latency ends, held bytes flow again (in
// order) and new connections are accepted.
func (p *Proxy) Heal() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.heal()
}

// heal is Heal with p.mu held.
func (p *Proxy) heal() {
	p.lat = [3]latency{}
	for d, ch := range p.hole {
		if ch != nil {
			close(ch)
			p.hole[d] = nil
		}
	}
	p.refuse = false
}

// Close stops accepting, closes every forwarded connection and waits for
// the proxy's goroutines to finish.
func (p *Proxy) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	links := p.snapshot()
	p.mu.Unlock()
	p.cancel()
	err := p.ln.Close()
	for _, l := range links {
		l.close(false)
	}
	p.wg.Wait()
	if errors.Is(err, net.ErrClosed) {
		err = nil
	}
	return err
}

// snapshot lists the open links; callers hold p.mu.
func (p *Proxy) snapshot() []*link {
	out := make([]*link, 0, len(p.links))
	for l := range p.links {
		out = append(out, l)
	}
	return out
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		refuse := p.refuse || p.closed
		if !refuse {
			p.wg.Add(1)
		}
		p.mu.Unlock()
		if refuse {
			abort(c)
			continue
		}
		go p.serve(c)
	}
}

// serve connects client to the target and starts forwarding.
func (p *Proxy) serve(client net.Conn) {
	defer p.wg.Done()
	d := net.Dialer{Timeout: p.dial}
	server, err := d.DialContext(p.ctx, "tcp", p.target)
	if err != nil {
		abort(client)
		return
	}
	l := &link{p: p, client: client, server: server, done: make(chan struct{})}
	p.mu.Lock()
	if p.closed || p.refuse {
		p.mu.Unlock()
		abort(client)
		_ = server.Close()
		return
	}
	p.links[l] = struct{}{}
	p.wg.Add(4)
	p.mu.Unlock()
	l.start(Upstream, client, server)
	l.start(Downstream, server, client)
}

// held returns the channel to wait on before forwarding in direction d:
// nil when bytes may flow, closed by the heal of a blackhole.
func (p *Proxy) held(d Direction) <-chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.hole[d]
}

// delay is the latency of a chunk read now in direction d, jitter drawn
// from the proxy's seeded source.
func (p *Proxy) delay(d Direction) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	lat := p.lat[d]
	delay := lat.delay
	if lat.jitter > 0 {
		delay += time.Duration(p.rng.Int64N(int64(2*lat.jitter)+1)) - lat.jitter
	}
	return max(delay, 0)
}

// forget removes a closed link.
func (p *Proxy) forget(l *link) {
	p.mu.Lock()
	delete(p.links, l)
	p.mu.Unlock()
}

// abort closes c with a TCP reset when it can.
func abort(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = c.Close()
}
