package history

import (
	"errors"
	"io"
	"sync"
	"time"

	"github.com/kvchaos/kvchaos/kv"
)

// Recorder records the operations of concurrent clients. It is safe for
// concurrent use. The call time is taken in Begin, before the caller issues
// the operation, and the return time in End, after it completed, so the
// recorded interval always contains the operation's real effect.
//
// Ops are kept in a compact form (48 bytes per op plus the bytes of
// their values); History materializes them. With WithStream, every Begin,
// End and Annotate is also appended to a writer as one JSONL line.
type Recorder struct {
	mu     sync.Mutex
	clock  func() int64
	ops    opStore
	ann    []Annotation
	stream io.Writer
	line   []byte // reused line buffer
	err    error  // first stream error
	closed bool
	buf    streamBuffer
	lines  lineCache
}

// RecorderOption configures a Recorder.
type RecorderOption func(*Recorder)

// WithClock sets the clock (monotonic nanoseconds) used for call and return
// times. The default is the wall clock's monotonic reading since the
// Recorder was created. The simulator passes its virtual clock.
func WithClock(now func() int64) RecorderOption {
	return func(r *Recorder) { r.clock = now }
}

// WithStream appends the recording to w as JSONL while it happens: a
// header line first, an "invoke" line at each Begin, a "complete" line at
// each End and an "annotation" line at each Annotate (see
// docs/history-format.md). Each line is written with one w.Write call, so
// with an unbuffered w (an *os.File) every line is in the file as soon as
// the call returns: a process killed mid-run leaves a file ReadJSONL reads,
// with the calls it was in the middle of as unknown ops. WithBuffer trades
// that for speed. The first write error stops the stream and is kept for
// Err.
func WithStream(w io.Writer) RecorderOption {
	return func(r *Recorder) { r.stream = w }
}

// NewRecorder returns an empty Recorder.
func NewRecorder(opts ...RecorderOption) *Recorder {
	start := time.Now()
	r := &Recorder{clock: func() int64 { return int64(time.Since(start)) }}
	for _, o := range opts {
		o(r)
	}
	r.ops.names.withJSON = r.stream != nil
	if b, ok := r.lineBuf(); ok {
		r.lineDone(appendHeader(b))
		r.flushLocked() // the header is on disk before the first op
		r.buf.start(r)
	}
	return r
}

// Call is an operation that has begun; End completes it.
type Call struct {
	r  *Recorder
	id int
}

// Begin records the invocation of an operation and returns the Call to End.
// The values of in (and of End's output) are copied before the call
// returns, so they may be views of bytes the caller reuses.
func (r *Recorder) Begin(client int, region string, f Func, key string, in Input) Call {
	return Call{r: r, id: r.begin(client, region, f, code(funcCodes, f), key, &in)}
}

// begin is Begin with f's code (0 for a Func outside funcCodes).
func (r *Recorder) begin(client int, region string, f Func, fc uint8, key string, in *Input) int {
	r.mu.Lock()
	defer r.mu.Unlock() // the clock may be the caller's (WithClock)
	call := r.clock()
	e := r.caller(client, region)
	keyID, keyJSON := r.ops.names.name(key)
	id := r.ops.begin(e.id, keyID, fc, f, in, call)
	if b, ok := r.lineBuf(); ok {
		r.lineDone(appendInvokeLine(b, id, e, fc, f, key, keyJSON, in, call))
	}
	return id
}

// End records the completion of the call. err's text is kept for fail and
// unknown ops; a fail whose err wraps kv.ErrConflict gets Output.Conflict.
func (c Call) End(out Output, status Outcome, err error) {
	c.end(nil, out, status, err)
}

// EndWithInput completes the call like End and also replaces the input it
// was begun with, for operations whose input is known only when they end:
// the value an update writes depends on the value it read. A stream's
// "complete" line then carries the new input.
func (c Call) EndWithInput(in Input, out Output, status Outcome, err error) {
	c.end(&in, out, status, err)
}

func (c Call) end(in *Input, out Output, status Outcome, err error) {
	if status == OutcomeFail && errors.Is(err, kv.ErrConflict) {
		out.Conflict = true
	}
	var text string
	if err != nil {
		text = err.Error()
	}
	c.r.end(c.id, in, &out, status, code(statusCodes, status), text)
}

// end records the completion of op id with status's code sc (0 for an
// Outcome outside statusCodes).
func (r *Recorder) end(id int, in *Input, out *Output, status Outcome, sc uint8, errText string) {
	r.mu.Lock()
	defer r.mu.Unlock() // the clock may be the caller's (WithClock)
	ret := r.clock()
	if in != nil {
		r.ops.setInput(id, r.ops.at(id), in)
	}
	r.ops.end(id, out, sc, status, errText, ret)
	if b, ok := r.lineBuf(); ok {
		r.lineDone(appendCompleteLine(b, id, in, out, sc, status, ret, errText))
	}
}

// Annotate records an annotation (a fault, a note, the quiescence marker).
func (r *Recorder) Annotate(a Annotation) {
	r.mu.Lock()
	defer r.mu.Unlock()
	a.Regions = append([]string(nil), a.Regions...)
	r.ann = append(r.ann, a)
	if b, ok := r.lineBuf(); ok {
		r.lineDone(appendAnnotation(b, a))
	}
}

// Now returns the recorder's clock reading.
func (r *Recorder) Now() int64 { return r.clock() }

// opCount returns the number of ops recorded so far.
func (r *Recorder) opCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.ops.n
}

// History returns a copy of everything recorded so far. Ops still in flight
// are returned as unknown with Return == ReturnNever.
func (r *Recorder) History() History {
	r.mu.Lock()
	defer r.mu.Unlock()
	var h History
	if r.ops.n > 0 {
		h.Ops = make([]Op, r.ops.n)
	}
	for i := range h.Ops {
		h.Ops[i] = r.ops.op(i)
	}
	h.Annotations = r.annotationsLocked()
	return h
}

// annotationsLocked returns a copy of the annotations (nil if none);
// callers hold r.mu.
func (r *Recorder) annotationsLocked() []Annotation {
	var anns []Annotation
	for _, a := range r.ann {
		a.Regions = append([]string(nil), a.Regions...)
		anns = append(anns, a)
	}
	return anns
}

// Err returns the first error writing the stream, if any. For a buffered
// stream it waits for the writes in progress.
func (r *Recorder) Err() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err == nil && r.buf.pending != nil {
		r.buf.inflight.Wait()
		r.err = r.buf.err()
	}
	return r.err
}

// Close ends the stream: later calls are still recorded in memory but no
// longer written. If the stream writer has a Sync method (an *os.File),
// Close calls it, so the file also survives a machine crash. Close returns
// the first stream error. It does not close the writer.
func (r *Recorder) Close() error {
	r.buf.stopFlusher()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed || r.stream == nil {
		r.closed = true
		return r.err
	}
	r.flushLocked()
	r.buf.stopWriter()
	r.closed = true
	if s, ok := r.stream.(interface{ Sync() error }); ok && r.err == nil {
		r.err = s.Sync()
	}
	return r.err
}

// lineBuf returns the bytes to append the next line of the stream to: a
// buffered stream's buffer (so a line is encoded in place, not copied),
// else the reused line buffer. It reports false when nothing is to be
// written: no stream, a stream closed or failed. Callers hold r.mu and
// pass the bytes with the line appended to lineDone.
func (r *Recorder) lineBuf() ([]byte, bool) {
	if r.stream == nil || r.err != nil || r.closed {
		return nil, false
	}
	if r.buf.size > 0 {
		return r.buf.b, true
	}
	return r.line[:0], true
}

// lineDone writes the line lineBuf's bytes were extended with: it stays
// in a buffered stream's buffer (handed to the writer once size bytes are
// waiting) or is written at once; callers hold r.mu.
func (r *Recorder) lineDone(b []byte) {
	if r.buf.size > 0 {
		r.buf.b = b
		if len(b) >= r.buf.size {
			r.handOff()
		}
		return
	}
	r.line = b[:0]
	r.writeOut(b)
}

// writeOut writes bytes of whole lines to the stream in one call; callers
// hold r.mu.
func (r *Recorder) writeOut(b []byte) {
	n, err := r.stream.Write(b)
	if err == nil && n < len(b) {
		err = io.ErrShortWrite
	}
	if err != nil {
		r.err = err
	}
}
