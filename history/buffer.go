package history

import (
	"sync"
	"time"
)

// WithBuffer buffers a stream (WithStream): lines collect in memory and are
// written when size bytes are waiting, every interval (by a background
// goroutine), on Flush and on Close. One write per flush instead of one per
// line: an unbuffered stream to a file costs a system call per Begin and
// End, which dominates a fast store's operation.
//
// Crash safety is kept in a weaker form: every write holds whole lines, in
// order, so the file is always a prefix of the stream. A process killed
// with SIGKILL loses at most the lines of the last interval (or the last
// size bytes); an op whose "complete" line was lost reads back as in
// flight, an unknown op, never as a false violation. Call Flush when the
// process is told to stop (Ctrl-C, SIGTERM) so nothing is lost then. A
// size or interval ≤ 0 leaves the stream unbuffered. Close stops the
// background goroutine.
func WithBuffer(size int, interval time.Duration) RecorderOption {
	return func(r *Recorder) {
		if size > 0 && interval > 0 {
			r.buf.size, r.buf.interval = size, interval
		}
	}
}

// streamBuffer is the state of a buffered stream.
type streamBuffer struct {
	size     int
	interval time.Duration
	b        []byte // whole lines not written yet

	stopOnce sync.Once
	stop     chan struct{} // closed to stop the flusher
	done     chan struct{} // closed when the flusher has returned
}

// start starts the flusher of a buffered stream.
func (sb *streamBuffer) start(r *Recorder) {
	if sb.size == 0 {
		return
	}
	sb.b = make([]byte, 0, sb.size+4096)
	sb.stop, sb.done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(sb.done)
		t := time.NewTicker(sb.interval)
		defer t.Stop()
		for {
			select {
			case <-sb.stop:
				return
			case <-t.C:
				_ = r.Flush()
			}
		}
	}()
}

// stopFlusher stops the flusher, if any, and waits for it to return.
func (sb *streamBuffer) stopFlusher() {
	if sb.stop == nil {
		return
	}
	sb.stopOnce.Do(func() { close(sb.stop) })
	<-sb.done
}

// Flush writes the lines a buffered stream (WithBuffer) holds and returns
// the first stream error. It does nothing for an unbuffered stream, whose
// lines are written as they are recorded.
func (r *Recorder) Flush() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.flushLocked()
	return r.err
}

// flushLocked writes the buffered lines; callers hold r.mu.
func (r *Recorder) flushLocked() {
	if len(r.buf.b) == 0 {
		return
	}
	if r.err == nil && !r.closed {
		r.writeOut(r.buf.b)
	}
	r.buf.b = r.buf.b[:0]
}
