package history

import (
	"sync"
	"time"
)

// Recorder records the operations of concurrent clients. It is safe for
// concurrent use. The call time is taken in Begin, before the caller issues
// the operation, and the return time in End, after it completed, so the
// recorded interval always contains the operation's real effect.
type Recorder struct {
	mu    sync.Mutex
	clock func() int64
	ops   []Op
	ann   []Annotation
}

// RecorderOption configures a Recorder.
type RecorderOption func(*Recorder)

// WithClock sets the clock (monotonic nanoseconds) used for call and return
// times. The default is the wall clock's monotonic reading since the
// Recorder was created. The simulator passes its virtual clock.
func WithClock(now func() int64) RecorderOption {
	return func(r *Recorder) { r.clock = now }
}

// NewRecorder returns an empty Recorder.
func NewRecorder(opts ...RecorderOption) *Recorder {
	start := time.Now()
	r := &Recorder{clock: func() int64 { return int64(time.Since(start)) }}
	for _, o := range opts {
		o(r)
	}
	return r
}

// Call is an operation that has begun; End completes it.
type Call struct {
	r  *Recorder
	id int
}

// Begin records the invocation of an operation and returns the Call to End.
func (r *Recorder) Begin(client int, region string, f Func, key string, in Input) Call {
	r.mu.Lock()
	defer r.mu.Unlock()
	id := len(r.ops)
	r.ops = append(r.ops, Op{ID: id, Client: client, Region: region, Func: f, Key: key,
		Input: in, Status: StatusUnknown, Call: r.clock(), Return: -1})
	return Call{r: r, id: id}
}

// End records the completion of the call. err's text is kept for fail and
// unknown ops.
func (c Call) End(out Output, status Status, err error) {
	r := c.r
	r.mu.Lock()
	defer r.mu.Unlock()
	op := &r.ops[c.id]
	op.Return = r.clock()
	op.Output = out
	op.Status = status
	if err != nil {
		op.Error = err.Error()
	}
}

// Annotate records an annotation (a fault, a note, the quiescence marker).
func (r *Recorder) Annotate(a Annotation) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ann = append(r.ann, a)
}

// Now returns the recorder's clock reading.
func (r *Recorder) Now() int64 { return r.clock() }

// History returns a copy of everything recorded so far. Ops still in flight
// are returned as unknown with Return == -1 (never returned).
func (r *Recorder) History() History {
	r.mu.Lock()
	defer r.mu.Unlock()
	h := History{Ops: make([]Op, len(r.ops)), Annotations: make([]Annotation, len(r.ann))}
	copy(h.Ops, r.ops)
	copy(h.Annotations, r.ann)
	return h
}
