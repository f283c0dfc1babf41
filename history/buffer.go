package history

import (
	"io"
	"sync"
	"time"
)

// WithBuffer buffers a stream (WithStream): lines collect in memory and are
// written when size bytes are waiting, every interval, on Flush and on
// Close. One write per flush instead of one per line: an unbuffered stream
// to a file costs a system call per Begin and End, which dominates a fast
// store's operation. The writes are made by a background goroutine, so
// recording goes on while a full buffer is being written; Flush, Err and
// Close wait for them.
//
// Crash safety is kept in a weaker form: every write holds whole lines, in
// order, so the file is always a prefix of the stream. A process killed
// with SIGKILL loses at most the lines of the last interval (or the last
// three buffers of size bytes: one being written, one waiting, one
// filling); an op whose
// "complete" line was lost reads back as in flight, an unknown op, never as
// a false violation. Call Flush when the process is told to stop (Ctrl-C,
// SIGTERM) so nothing is lost then. A size or interval ≤ 0 leaves the
// stream unbuffered. Close stops the background goroutines.
func WithBuffer(size int, interval time.Duration) RecorderOption {
	return func(r *Recorder) {
		if size > 0 && interval > 0 {
			r.buf.size, r.buf.interval = size, interval
		}
	}
}

// streamBuffer is the state of a buffered stream. b is guarded by the
// Recorder's mu; the writer goroutine owns the buffers handed to it.
type streamBuffer struct {
	size     int
	interval time.Duration
	b        []byte // whole lines not handed to the writer yet
	made     int    // buffers allocated, at most streamBuffers

	pending  chan []byte    // full buffers for the writer, in stream order
	spare    chan []byte    // written buffers, for reuse
	inflight sync.WaitGroup // buffers handed over and not yet written
	werrMu   sync.Mutex
	werr     error // the writer's first error

	stopOnce sync.Once
	stop     chan struct{} // closed to stop the flusher
	done     chan struct{} // closed when the flusher has returned
	wdone    chan struct{} // closed when the writer has returned
}

// streamBuffers is the number of buffers a buffered stream cycles
// through: one filling, one waiting for the writer, one being written.
// They are reused, never dropped: a fresh buffer is fresh memory, which
// the kernel must fault in page by page as the recorder fills it.
const streamBuffers = 3

// start starts the writer and the flusher of a buffered stream.
func (sb *streamBuffer) start(r *Recorder) {
	if sb.size == 0 {
		return
	}
	sb.b = sb.alloc()
	sb.pending, sb.spare = make(chan []byte, 1), make(chan []byte, streamBuffers)
	sb.stop, sb.done, sb.wdone = make(chan struct{}), make(chan struct{}), make(chan struct{})
	go sb.writer(r.stream)
	go func() {
		defer close(sb.done)
		t := time.NewTicker(sb.interval)
		defer t.Stop()
		for {
			select {
			case <-sb.stop:
				return
			case <-t.C:
				r.mu.Lock()
				r.handOff()
				r.mu.Unlock()
			}
		}
	}()
}

// writer writes the buffers handed to it, in order, until pending is
// closed; after the first error it drops them.
func (sb *streamBuffer) writer(w io.Writer) {
	defer close(sb.wdone)
	for b := range sb.pending {
		if sb.err() == nil {
			n, err := w.Write(b)
			if err == nil && n < len(b) {
				err = io.ErrShortWrite
			}
			if err != nil {
				sb.werrMu.Lock()
				sb.werr = err
				sb.werrMu.Unlock()
			}
		}
		sb.spare <- b[:0] // never blocks: spare holds every buffer but this one
		sb.inflight.Done()
	}
}

func (sb *streamBuffer) err() error {
	sb.werrMu.Lock()
	defer sb.werrMu.Unlock()
	return sb.werr
}

// stopFlusher stops the flusher, if any, and waits for it to return.
func (sb *streamBuffer) stopFlusher() {
	if sb.stop == nil {
		return
	}
	sb.stopOnce.Do(func() { close(sb.stop) })
	<-sb.done
}

// stopWriter stops the writer once everything handed to it is written;
// callers hold r.mu and have stopped the flusher.
func (sb *streamBuffer) stopWriter() {
	if sb.pending == nil {
		return
	}
	close(sb.pending)
	<-sb.wdone
	sb.pending = nil
}

// Flush writes the lines a buffered stream (WithBuffer) holds, waits until
// they are written and returns the first stream error. It does nothing
// for an unbuffered stream, whose lines are written as they are recorded.
func (r *Recorder) Flush() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.flushLocked()
	return r.err
}

// flushLocked writes the buffered lines and waits for the writer; callers
// hold r.mu.
func (r *Recorder) flushLocked() {
	if r.buf.pending == nil {
		// Not started (the header) or stopped: write in place.
		if len(r.buf.b) > 0 && r.err == nil && !r.closed {
			r.writeOut(r.buf.b)
		}
		r.buf.b = r.buf.b[:0]
		return
	}
	r.handOff()
	r.buf.inflight.Wait()
	if r.err == nil {
		r.err = r.buf.err()
	}
}

// handOff gives the buffered lines to the writer and starts a new buffer;
// callers hold r.mu. It blocks only while the writer is still busy with
// the buffer before.
func (r *Recorder) handOff() {
	sb := &r.buf
	if len(sb.b) == 0 || sb.pending == nil {
		return
	}
	if r.err != nil || r.closed {
		sb.b = sb.b[:0]
		return
	}
	sb.inflight.Add(1)
	sb.pending <- sb.b
	select {
	case sb.b = <-sb.spare:
	default:
		if sb.made < streamBuffers {
			sb.b = sb.alloc()
		} else {
			// Every buffer is with the writer, which hands each back
			// when it is written.
			sb.b = <-sb.spare
		}
	}
}

// alloc makes one of the streamBuffers buffers.
func (sb *streamBuffer) alloc() []byte {
	sb.made++
	return make([]byte, 0, sb.size+4096)
}
