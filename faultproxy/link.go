package faultproxy

import (
	"io"
	"net"
	"sync"
	"time"
)

// link is one forwarded connection: the client's and the proxy's own to
// the target. Each direction runs a reader, which stamps every chunk with
// the time it is due, and a writer, which waits out blackholes and
// latency and writes the chunks in order.
type link struct {
	p              *Proxy
	client, server net.Conn
	once           sync.Once
	done           chan struct{}
}

// chunk is bytes read from one side, due to be written to the other.
type chunk struct {
	data []byte
	due  time.Time
}

// queueLen bounds the chunks held per direction: beyond it the reader
// stops reading and TCP's flow control pushes back on the sender.
const queueLen = 64

// start forwards src to dst in direction d with two goroutines, counted
// in the proxy's WaitGroup by the caller.
func (l *link) start(d Direction, src io.Reader, dst io.Writer) {
	q := make(chan chunk, queueLen)
	go l.read(d, src, q)
	go l.write(d, dst, q)
}

// read reads src into q until src fails or ends, then closes q so the
// writer delivers what is held and closes the link.
func (l *link) read(d Direction, src io.Reader, q chan<- chunk) {
	defer l.p.wg.Done()
	defer close(q)
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			c := chunk{data: append([]byte(nil), buf[:n]...), due: time.Now().Add(l.p.delay(d))}
			select {
			case q <- c:
			case <-l.done:
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// write writes each chunk of q to dst once no blackhole holds direction d
// and the chunk is due.
func (l *link) write(d Direction, dst io.Writer, q <-chan chunk) {
	defer l.p.wg.Done()
	defer l.close(false)
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for c := range q {
		for {
			hole := l.p.held(d)
			if hole == nil {
				break
			}
			select {
			case <-hole:
			case <-l.done:
				return
			}
		}
		if wait := time.Until(c.due); wait > 0 {
			if timer == nil {
				timer = time.NewTimer(wait)
			} else {
				timer.Reset(wait)
			}
			select {
			case <-timer.C:
			case <-l.done:
				return
			}
		}
		if _, err := dst.Write(c.data); err != nil {
			return
		}
	}
}

// close ends the link once: both connections are closed (with a TCP reset
// to the client when reset is set) and the link is forgotten.
func (l *link) close(reset bool) {
	l.once.Do(func() {
		close(l.done)
		if reset {
			if c, ok := l.client.(*net.TCPConn); ok {
				_ = c.SetLinger(0)
			}
		}
		_ = l.client.Close()
		_ = l.server.Close()
		l.p.forget(l)
	})
}
