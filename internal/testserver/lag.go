package testserver

import (
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// lagProxy forwards TCP connections on a loopback port to target, holding
// back every byte that flows from target to the client for lag. Between a
// Redis replica and its primary it makes replication lag by a known
// amount: the replication stream is delayed, the replica's acks are not.
type lagProxy struct {
	ln     net.Listener
	target string
	lag    time.Duration

	mu     sync.Mutex
	conns  []net.Conn
	closed bool
	wg     sync.WaitGroup
}

// chunk is bytes read from the target, due to be written at due.
type chunk struct {
	data []byte
	due  time.Time
}

// startLagProxy listens on a free 127.0.0.1 port.
func startLagProxy(target string, lag time.Duration) (*lagProxy, error) {
	if lag <= 0 {
		return nil, fmt.Errorf("replication lag %v: must be positive", lag)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("lag proxy: %w", err)
	}
	p := &lagProxy{ln: ln, target: target, lag: lag}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// Addr is the proxy's host:port.
func (p *lagProxy) Addr() string { return p.ln.Addr().String() }

func (p *lagProxy) accept() {
	defer p.wg.Done()
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return
		}
		server, err := net.DialTimeout("tcp", p.target, 2*time.Second)
		if err != nil {
			_ = client.Close()
			continue
		}
		if !p.track(client, server) {
			return
		}
		p.wg.Add(3)
		go func() { defer p.wg.Done(); p.pipe(server, client) }()
		go p.delayed(client, server)
	}
}

// track remembers the connections so Close can end them; false when the
// proxy is already closed.
func (p *lagProxy) track(cs ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		for _, c := range cs {
			_ = c.Close()
		}
		return false
	}
	p.conns = append(p.conns, cs...)
	return true
}

// pipe copies src to dst without delay, closing both when either ends.
func (p *lagProxy) pipe(dst, src net.Conn) {
	_, _ = io.Copy(dst, src)
	_ = dst.Close()
	_ = src.Close()
}

// delayed copies server to client, each chunk written lag after it was
// read. It runs two goroutines (reader and writer) accounted in p.wg.
func (p *lagProxy) delayed(client, server net.Conn) {
	queue := make(chan chunk, 4096)
	go func() {
		defer p.wg.Done()
		defer close(queue)
		buf := make([]byte, 32<<10)
		for {
			n, err := server.Read(buf)
			if n > 0 {
				queue <- chunk{data: append([]byte(nil), buf[:n]...), due: time.Now().Add(p.lag)}
			}
			if err != nil {
				return
			}
		}
	}()
	defer p.wg.Done()
	for c := range queue {
		time.Sleep(time.Until(c.due))
		if _, err := client.Write(c.data); err != nil {
			break
		}
	}
	_ = client.Close()
	_ = server.Close()
	for range queue { // drain so the reader can finish
	}
}

// Close stops accepting, ends every forwarded connection and waits for the
// copying goroutines.
func (p *lagProxy) Close() error {
	p.mu.Lock()
	p.closed = true
	conns := p.conns
	p.conns = nil
	p.mu.Unlock()
	err := p.ln.Close()
	for _, c := range conns {
		_ = c.Close()
	}
	p.wg.Wait()
	if errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}
