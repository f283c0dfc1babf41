package workload

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/kv"
)

// Options configure a run.
type Options struct {
	// Workload names the workload (see Names).
	Workload string
	// Clients is the number of concurrent clients (≥1).
	Clients int
	// Keys is the size of the key space (≥1).
	Keys int
	// Ops is the total number of steps over all clients; 0 = until Duration.
	Ops int
	// Duration bounds the run (wall clock, or the simulator's virtual
	// clock); 0 = until Ops.
	Duration time.Duration
	// Rate is the target total steps per second; 0 = as fast as possible.
	Rate float64
	// Seed seeds every client's random source.
	Seed int64
	// Force lifts the upper bounds on Clients (1000), Keys (100,000) and
	// Ops (50,000,000), for a machine and a store known to cope.
	Force bool
}

// Upper bounds Validate holds a run to unless Options.Force is set (keep
// Options.Force's doc in step): past
// them a run is almost certainly a typo (every client reads every key at
// the end; every op is kept in memory to be checked).
const (
	maxClients = 1000
	maxKeys    = 100_000
	maxOps     = 50_000_000
)

// Rate bounds: a rate below minRate (one op per 1000 s) is a typo, not a
// throttle, and above maxRate no pacing is possible anyway.
const (
	minRate = 0.001
	maxRate = 1e7
)

// validate reports the first bad field by its flag name.
func (o Options) validate() error {
	if _, err := Lookup(o.Workload); err != nil {
		return fmt.Errorf("--workload: %w", err)
	}
	switch {
	case o.Clients < 1:
		return fmt.Errorf("--clients: must be at least 1, got %d", o.Clients)
	case o.Keys < 1:
		return fmt.Errorf("--keys: must be at least 1, got %d", o.Keys)
	case o.Ops < 0:
		return fmt.Errorf("--ops: must not be negative, got %d", o.Ops)
	case o.Duration < 0:
		return fmt.Errorf("--duration: must not be negative, got %s", o.Duration)
	case o.Ops == 0 && o.Duration == 0:
		return errors.New("--ops or --duration: one of them must be set")
	case math.IsNaN(o.Rate) || math.IsInf(o.Rate, 0):
		return fmt.Errorf("--rate: must be a number of operations per second, got %g", o.Rate)
	case o.Rate < 0:
		return fmt.Errorf("--rate: must not be negative, got %g", o.Rate)
	case o.Rate != 0 && (o.Rate < minRate || o.Rate > maxRate):
		return fmt.Errorf("--rate: %g is outside %g..%g operations per second (0 = as fast as possible)", o.Rate, minRate, maxRate)
	}
	if o.Force {
		return nil
	}
	switch {
	case o.Clients > maxClients:
		return fmt.Errorf("--clients: %d is more than %d (pass --force if you mean it)", o.Clients, maxClients)
	case o.Keys > maxKeys:
		return fmt.Errorf("--keys: %d is more than %d; every client reads every key at the end (pass --force if you mean it)", o.Keys, maxKeys)
	case o.Ops > maxOps:
		return fmt.Errorf("--ops: %d is more than %d; every op is kept in memory to be checked (pass --force if you mean it)", o.Ops, maxOps)
	}
	return nil
}

// Stats are a run's counters so far.
type Stats struct {
	// Steps counts completed workload steps; Errors those that failed.
	Steps, Errors int64
	// Elapsed is the time since the run started (virtual on the simulator).
	Elapsed time.Duration
	// Interrupted reports that the context was cancelled before the end.
	Interrupted bool
	// Note says how the workload adapted to the store (Workload.Note);
	// "" when it did not.
	Note string
}

// Runner runs one workload against one store.
type Runner struct {
	o     Options
	w     Workload
	steps atomic.Int64
	errs  atomic.Int64
	start time.Time
	now   func() time.Duration
	intr  atomic.Bool
	note  atomic.Pointer[string]
	names []string // the key names the clients share; see sharedKeyNames
}

// NewRunner validates o and returns a Runner.
func NewRunner(o Options) (*Runner, error) {
	if err := o.validate(); err != nil {
		return nil, err
	}
	w, _ := Lookup(o.Workload)
	return &Runner{o: o, w: w, names: sharedKeyNames(o.Keys)}, nil
}

// clockRecorder returns a recorder on the store's clock: the simulator's
// virtual clock when it has one, else the wall clock.
func clockRecorder(s *backends.Store, opts ...history.RecorderOption) *history.Recorder {
	if s.Scheduler != nil {
		opts = append([]history.RecorderOption{history.WithClock(s.Scheduler.Now)}, opts...)
	}
	return history.NewRecorder(opts...)
}

// Stats returns the counters so far; safe to call during Run.
func (r *Runner) Stats() Stats {
	st := Stats{Steps: r.steps.Load(), Errors: r.errs.Load(), Interrupted: r.intr.Load()}
	if n := r.note.Load(); n != nil {
		st.Note = *n
	}
	if r.now != nil {
		st.Elapsed = r.now()
	}
	return st
}

// Run runs the clients to completion, recording into rec, and returns the
// final Stats. A cancelled ctx stops the clients after their current
// operation (skipping final reads); what was recorded stays checkable.
// When the store can be brought to rest (a Scheduler implementing
// backends.Quiescer, or Store.Quiescer), Run quiesces it after the clients
// finish and has one reader per region run the workload's final reads.
// Errors of individual operations are recorded, counted and not returned.
// A nil rec runs the workload without recording (to measure the
// recorder's cost).
func (r *Runner) Run(ctx context.Context, s *backends.Store, rec *history.Recorder) (Stats, error) {
	if s.Scheduler != nil {
		sch := s.Scheduler
		t0 := sch.Now()
		r.now = func() time.Duration { return time.Duration(sch.Now() - t0) }
		regions := s.Regions
		if len(regions) == 0 {
			regions = []string{""}
		}
		for id := range r.o.Clients {
			region := regions[id%len(regions)]
			sch.Go(region, func(sctx context.Context, b kv.Backend) {
				r.client(mergeCancel(sctx, ctx), newClient(id, region, r.o.Seed, r.o.Keys, r.names, rec, b))
			})
		}
		if err := sch.Run(); err != nil {
			return r.Stats(), err
		}
		return r.Stats(), r.settle(ctx, sch, regions, rec)
	}
	start := time.Now()
	r.now = func() time.Duration { return time.Since(start) }
	var wg sync.WaitGroup
	for id := range r.o.Clients {
		region, b := "", s.Backend
		if len(s.Regions) > 0 && s.Region != nil {
			region = s.Regions[id%len(s.Regions)]
			b = s.Region(region)
		}
		c := newClient(id, region, r.o.Seed, r.o.Keys, r.names, rec, b)
		wg.Go(func() { r.client(ctx, c) })
	}
	wg.Wait()
	return r.Stats(), r.settleLive(ctx, s, rec)
}

// settleLive is settle for a store whose clients are goroutines: when the
// store can be brought to rest (Store.Quiescer, set for a kvchaos
// emulator), it quiesces it once every client has finished, marks the
// point in the history on the recorder's clock and runs the workload's
// final reads once per region, so the convergence check and the final
// value of a counter see the settled store rather than a replica the last
// writes have not reached yet.
func (r *Runner) settleLive(ctx context.Context, s *backends.Store, rec *history.Recorder) error {
	if s.Quiescer == nil || r.w.final == nil || ctx.Err() != nil || rec == nil {
		return nil
	}
	if err := s.Quiescer.Quiesce(); err != nil {
		if errors.Is(err, kv.ErrUnsupported) {
			return nil
		}
		return fmt.Errorf("quiescing the store before the final reads: %w", err)
	}
	now := rec.Now()
	rec.Annotate(history.Annotation{Kind: history.AnnotationQuiescent, Text: "quiescent: the store was brought to rest", Start: now, End: now})
	regions := s.Regions
	if len(regions) == 0 || s.Region == nil {
		regions = []string{""}
	}
	for i, region := range regions {
		b := s.Backend
		if region != "" {
			b = s.Region(region)
		}
		_ = r.w.final(ctx, newClient(r.o.Clients+i, region, r.o.Seed, r.o.Keys, r.names, rec, b))
	}
	return nil
}

// settle brings a scheduled store to rest when it can (backends.Quiescer),
// marks the quiescence point in the history and has one reader per region
// run the workload's final reads, for the convergence check.
func (r *Runner) settle(ctx context.Context, sch backends.Scheduler, regions []string, rec *history.Recorder) error {
	q, ok := sch.(backends.Quiescer)
	if !ok || r.w.final == nil || ctx.Err() != nil || rec == nil {
		return nil
	}
	if err := q.Quiesce(); err != nil {
		if errors.Is(err, kv.ErrUnsupported) {
			return nil
		}
		return err
	}
	now := sch.Now()
	rec.Annotate(history.Annotation{Kind: history.AnnotationQuiescent, Text: "quiescent: faults healed, replication settled", Start: now, End: now})
	for i, region := range regions {
		sch.Go(region, func(_ context.Context, b kv.Backend) {
			c := newClient(r.o.Clients+i, region, r.o.Seed, r.o.Keys, r.names, rec, b)
			_ = r.w.final(ctx, c)
		})
	}
	return sch.Run()
}

// client runs one client's steps and final reads.
func (r *Runner) client(ctx context.Context, c *client) {
	if r.w.Note != nil && r.note.Load() == nil {
		n := r.w.Note(c.raw)
		r.note.CompareAndSwap(nil, &n)
	}
	n := -1 // unbounded: until Duration
	if r.o.Ops > 0 {
		n = r.o.Ops / r.o.Clients
		if c.ID < r.o.Ops%r.o.Clients {
			n++
		}
	}
	var interval time.Duration
	if r.o.Rate > 0 {
		interval = time.Duration(float64(time.Second) * float64(r.o.Clients) / r.o.Rate)
	}
	for i := 0; n < 0 || i < n; i++ {
		if ctx.Err() != nil {
			r.intr.Store(true)
			return
		}
		if r.o.Duration > 0 && r.now() >= r.o.Duration {
			break
		}
		if interval > 0 && i > 0 {
			if c.tap.Sleep(ctx, interval) != nil {
				r.intr.Store(true)
				return
			}
		}
		if err := r.w.step(ctx, c); err != nil {
			r.errs.Add(1)
		}
		r.steps.Add(1)
	}
	if r.w.final != nil && ctx.Err() == nil {
		if err := r.w.final(ctx, c); err != nil {
			r.errs.Add(1)
		}
	}
}

// mergeCancel returns a context that is done when either a or b is.
func mergeCancel(a, b context.Context) context.Context {
	ctx, cancel := context.WithCancel(a)
	context.AfterFunc(b, cancel)
	return ctx
}
