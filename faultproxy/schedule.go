package faultproxy

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/kvchaos/kvchaos/history"
)

// DefaultInterval is a Schedule's interval when its config sets none.
const DefaultInterval = time.Second

// ScheduleConfig configures a Schedule.
type ScheduleConfig struct {
	// Seed draws the faults, their targets, gaps and lengths, and seeds
	// nothing else (each Proxy has its own jitter seed).
	Seed int64
	// Interval d scales the schedule: the quiet time before each fault is
	// uniform in [d/5, d] and each fault lasts uniform in [d/5, 2d], as
	// with the simulator's nemesis. 0 means DefaultInterval.
	Interval time.Duration
	// Delay and Jitter are the Latency faults'; 0 means Interval/5 and
	// half the delay.
	Delay, Jitter time.Duration
	// Kinds are the faults drawn from, uniformly; nil means all five.
	Kinds []Kind
	// OnEvent, when set, is called from the schedule's goroutine when each
	// fault is applied and again when it is healed.
	OnEvent func(Event)
	// Recorder, when set, gets each fault as a history.Annotation of kind
	// fault, from the recorder's clock reading when the fault was applied
	// to the one when it was healed, so the report shades the span next to
	// the operations (before OnEvent sees the heal).
	Recorder *history.Recorder
}

// Event reports a fault a Schedule applied or healed.
type Event struct {
	// ID numbers the faults from 1; a fault's applied and healed events
	// share it.
	ID    int
	Fault Fault
	// Targets are the targets of the proxies the fault was applied to.
	Targets []string
	// Healed is false when the fault is applied, true when it is healed.
	// A Reset is healed as soon as it is applied.
	Healed bool
	// Time is the wall-clock time of the event.
	Time time.Time
}

// Text describes the fault and where it acts, for annotations.
func (e Event) Text() string {
	return e.Fault.String() + " at " + strings.Join(e.Targets, ", ")
}

// Schedule applies a random sequence of faults, one at a time, to a set
// of proxies, from StartSchedule until Stop or its context ends.
type Schedule struct {
	cfg     ScheduleConfig
	proxies []*Proxy
	rng     *rand.Rand
	note    func(Event) // records on cfg.Recorder; nil without one

	mu      sync.Mutex
	started bool
	stop    chan struct{}
	done    chan struct{}
	stopped sync.Once
	applied int
}

// StartSchedule starts applying faults drawn from cfg to proxies, in a
// goroutine, until Stop is called or ctx ends; either way every proxy is
// healed. A bad cfg is an error naming the field, and nothing starts.
func StartSchedule(ctx context.Context, cfg ScheduleConfig, proxies ...*Proxy) (*Schedule, error) {
	s, err := newSchedule(cfg, proxies...)
	if err != nil {
		return nil, err
	}
	s.start(ctx)
	return s, nil
}

// newSchedule returns a schedule over proxies; nothing happens before
// start.
func newSchedule(cfg ScheduleConfig, proxies ...*Proxy) (*Schedule, error) {
	if len(proxies) == 0 {
		return nil, errors.New("faultproxy: a schedule needs at least one proxy")
	}
	if cfg.Interval < 0 || cfg.Delay < 0 || cfg.Jitter < 0 {
		return nil, fmt.Errorf("faultproxy: Interval (%v), Delay (%v) and Jitter (%v) must not be negative", cfg.Interval, cfg.Delay, cfg.Jitter)
	}
	if cfg.Interval == 0 {
		cfg.Interval = DefaultInterval
	}
	if cfg.Delay == 0 {
		cfg.Delay = cfg.Interval / 5
	}
	if cfg.Jitter == 0 {
		cfg.Jitter = cfg.Delay / 2
	}
	if cfg.Kinds == nil {
		cfg.Kinds = kinds()
	}
	for _, k := range cfg.Kinds {
		if err := (Fault{Kind: k}).validate(); err != nil {
			return nil, fmt.Errorf("Kinds: %w", err)
		}
	}
	if len(cfg.Kinds) == 0 {
		return nil, errors.New("faultproxy: Kinds is empty")
	}
	s := &Schedule{cfg: cfg, proxies: proxies, rng: rand.New(rand.NewPCG(uint64(cfg.Seed), 0x6e656d65)),
		stop: make(chan struct{}), done: make(chan struct{})}
	if cfg.Recorder != nil {
		s.note = annotator(cfg.Recorder)
	}
	return s, nil
}

// start runs the schedule in a goroutine until Stop is called or ctx
// ends; either way every proxy is healed. start runs a schedule once:
// later calls do nothing.
func (s *Schedule) start(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started {
		return
	}
	s.started = true
	go s.run(ctx)
}

// Stop ends the schedule, heals every proxy and returns once the last
// event has been reported. It may be called more than once.
func (s *Schedule) Stop() {
	s.mu.Lock()
	if !s.started {
		s.started = true
		close(s.done)
	}
	s.mu.Unlock()
	s.stopped.Do(func() { close(s.stop) })
	<-s.done
	s.healAll()
}

func (s *Schedule) run(ctx context.Context) {
	defer close(s.done)
	defer s.healAll()
	timer := time.NewTimer(0)
	defer timer.Stop()
	<-timer.C
	wait := func(d time.Duration) bool {
		timer.Reset(d)
		select {
		case <-timer.C:
			return true
		case <-s.stop:
		case <-ctx.Done():
		}
		return false
	}
	d := s.cfg.Interval
	for id := 1; ; id++ {
		if !wait(s.uniform(d/5, d)) {
			return
		}
		f, targets := s.next()
		length := s.uniform(d/5, 2*d)
		for _, p := range targets {
			_ = p.Apply(f) // f is valid: newSchedule checked its kinds
		}
		s.mu.Lock()
		s.applied++
		s.mu.Unlock()
		ev := Event{ID: id, Fault: f, Targets: targetsOf(targets), Time: time.Now()}
		s.emit(ev)
		ok := f.Kind == Reset || wait(length)
		for _, p := range targets {
			p.Heal()
		}
		ev.Healed, ev.Time = true, time.Now()
		s.emit(ev)
		if !ok {
			return
		}
	}
}

// next draws a fault and the proxies it applies to: one of them or, half
// of the time when there are several, all.
func (s *Schedule) next() (Fault, []*Proxy) {
	f := Fault{Kind: s.cfg.Kinds[s.rng.IntN(len(s.cfg.Kinds))]}
	switch f.Kind {
	case Latency:
		f.Direction = Direction(s.rng.IntN(3))
		f.Delay, f.Jitter = s.cfg.Delay, s.cfg.Jitter
	case Blackhole:
		f.Direction = Direction(s.rng.IntN(3))
	}
	if len(s.proxies) > 1 && s.rng.IntN(2) == 0 {
		return f, s.proxies
	}
	return f, []*Proxy{s.proxies[s.rng.IntN(len(s.proxies))]}
}

func (s *Schedule) uniform(lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	return lo + time.Duration(s.rng.Int64N(int64(hi-lo)+1))
}

func (s *Schedule) emit(ev Event) {
	if s.note != nil {
		s.note(ev)
	}
	if s.cfg.OnEvent != nil {
		s.cfg.OnEvent(ev)
	}
}

func (s *Schedule) healAll() {
	for _, p := range s.proxies {
		p.Heal()
	}
}

func targetsOf(ps []*Proxy) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.target
	}
	return out
}
