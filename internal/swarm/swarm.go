package swarm

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Options configure a swarm.
type Options struct {
	// Runs is the number of runs: run k of Runs uses seed k (1 ≤ k ≤
	// Runs). 0 = as many as Duration allows.
	Runs int
	// Duration bounds the swarm by the wall clock: no run starts after it
	// (the runs under way finish). 0 = until Runs.
	Duration time.Duration
	// Shard restricts the swarm to the seeds k with k mod Count = Index−1;
	// the zero value is every seed.
	Shard Shard
	// Workers is the number of runs at once; 0 = GOMAXPROCS.
	Workers int
	// Out is the directory written: summary.json, report.html and one
	// directory per failed or unknown run. "" writes nothing.
	Out string
	// Version is the kvchaos version recorded in replay tokens.
	Version string
	// Check tunes each run's checks.
	Check CheckOptions
	// CheckDeterminism runs every tenth run of the swarm (the first
	// included) twice and fails it, as kind nondeterministic, on any
	// byte difference between the two histories.
	CheckDeterminism bool
	// Space narrows the presets and workloads seeds draw (zero = all).
	Space Space
	// Draw draws a seed's configuration; nil = Space.Draw.
	Draw func(seed uint64) Config
	// Exec runs one configuration; nil = Execute with Check. kvtest.Swarm
	// sets it to run a user's property on the configuration's cluster.
	Exec func(ctx context.Context, c Config) (Result, error)
	// Property, when set, is recorded in every run's configuration (and
	// so its replay token): the Go test whose property Exec checks.
	Property *PropertyRef
}

// Validate reports the first bad option by its flag name.
func (o Options) Validate() error {
	switch {
	case o.Runs < 0:
		return fmt.Errorf("--runs: must not be negative, got %d", o.Runs)
	case o.Duration < 0:
		return fmt.Errorf("--duration: must not be negative, got %s", o.Duration)
	case o.Runs == 0 && o.Duration == 0:
		return errors.New("--runs or --duration: one of them must be set")
	case o.Workers < 0:
		return fmt.Errorf("--workers: must not be negative, got %d", o.Workers)
	case o.Check.Timeout < 0:
		return fmt.Errorf("--timeout: must not be negative, got %s", o.Check.Timeout)
	}
	if err := o.Space.Validate(); err != nil {
		return err
	}
	return o.Shard.validate()
}

// Progress is a swarm's running count, for a live display.
type Progress struct {
	Runs, Failures, Unknown int
	Ops                     int64
	// ByKind counts failed runs by kind.
	ByKind map[string]int
}

// Swarm runs many seeds. Create it with New; Run runs it once.
type Swarm struct {
	o    Options
	next atomic.Int64 // index of the next run within the shard

	// exec runs one configuration: Options.Exec or Execute.
	exec func(context.Context, Config) (Result, error)

	mu      sync.Mutex
	live    Summary // the counts so far, for Progress
	records map[int64]record
	err     error // errors writing runs' files
}

// New validates o and returns a Swarm.
func New(o Options) (*Swarm, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if o.Workers == 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.Draw == nil {
		o.Draw = o.Space.Draw
	}
	if o.Shard.Count == 0 {
		o.Shard = Shard{Index: 1, Count: 1}
	}
	exec := o.Exec
	if exec == nil {
		exec = func(ctx context.Context, c Config) (Result, error) { return Execute(ctx, c, o.Check) }
	}
	return &Swarm{o: o, exec: exec, live: newSummary(o.Version), records: map[int64]record{}}, nil
}

// Progress returns the counts so far; safe to call during Run.
func (s *Swarm) Progress() Progress {
	s.mu.Lock()
	defer s.mu.Unlock()
	return Progress{Runs: s.live.Runs, Failures: s.live.Failures, Unknown: s.live.Unknown, Ops: s.live.Ops, ByKind: maps.Clone(s.live.ByKind)}
}

// Run runs the swarm's seeds on Workers goroutines until Runs or Duration
// is reached, writes Out and returns the summary. A cancelled ctx stops
// it: the runs under way are dropped (a run is never half counted) and the
// summary covers the seeds that finished — Seeds says which. Errors are
// for the swarm itself (writing Out); what the runs found is in the
// summary.
func (s *Swarm) Run(ctx context.Context) (Summary, error) {
	start := time.Now()
	var deadline time.Time
	if s.o.Duration > 0 {
		deadline = start.Add(s.o.Duration)
	}
	var (
		wg     sync.WaitGroup
		doneMu sync.Mutex
		done   []bool // by index within the shard: the run finished
	)
	for range s.o.Workers {
		wg.Go(func() {
			for ctx.Err() == nil && (deadline.IsZero() || time.Now().Before(deadline)) {
				j := s.next.Add(1) - 1
				seed := s.o.Shard.seed(j)
				if s.o.Runs > 0 && seed > uint64(s.o.Runs) {
					return
				}
				ok := s.one(ctx, j, seed, s.o.CheckDeterminism && j%10 == 0)
				doneMu.Lock()
				for int64(len(done)) <= j {
					done = append(done, false)
				}
				done[j] = ok
				doneMu.Unlock()
			}
		})
	}
	wg.Wait()
	sum := s.finish(done, time.Since(start))
	if s.o.Out != "" {
		if err := errors.Join(s.err, writeSummary(s.o.Out, &sum)); err != nil {
			return sum, err
		}
	}
	return sum, s.err
}

// record is one finished run, kept for the summary.
type record struct {
	cfg     Config
	ops     int
	outcome Outcome
	cas     *Case // failed or unknown runs
}

// finish builds the summary from the shard's first runs up to the first
// one that did not finish: an interrupted swarm may have finished some
// after it, which are dropped so that Seeds stays one range.
func (s *Swarm) finish(done []bool, wall time.Duration) Summary {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for n < len(done) && done[n] {
		n++
	}
	sum := newSummary(s.o.Version)
	sum.Space = s.o.Space
	sum.Seeds = []SeedRange{}
	sum.Cases = []Case{}
	for j := range int64(n) {
		r := s.records[j]
		sum.add(r.cfg, r.ops, r.outcome)
		if r.cas != nil {
			sum.Cases = append(sum.Cases, *r.cas)
		}
	}
	if n > 0 {
		sum.Seeds = append(sum.Seeds, SeedRange{First: s.o.Shard.seed(0), Last: s.o.Shard.seed(int64(n - 1)), Shard: s.o.Shard})
	}
	sum.sortCases()
	sum.Timing = Timing{Wall: wall, Workers: s.o.Workers}
	return sum
}

// one runs the j-th seed of the shard and counts it; false when it did
// not finish (the swarm was cancelled).
func (s *Swarm) one(ctx context.Context, j int64, seed uint64, twice bool) bool {
	cfg := s.o.Draw(seed)
	cfg.Property = s.o.Property
	res, err := s.exec(ctx, cfg)
	if ctx.Err() != nil {
		return false
	}
	if err != nil {
		res.Config = cfg
		res.Outcome = Outcome{Status: Unknown, Reason: "the run could not be made: " + err.Error()}
	}
	var rerun []byte
	if twice && err == nil {
		again, err2 := s.exec(ctx, cfg)
		if ctx.Err() != nil {
			return false
		}
		if err2 != nil || !bytes.Equal(again.History, res.History) {
			rerun = again.History
			res.Outcome = nondeterministic(res.Outcome)
		}
	}
	r := record{cfg: cfg, ops: res.Ops, outcome: res.Outcome}
	if res.Outcome.Status != Pass {
		c, err := s.saveCase(&res, rerun)
		r.cas = &c
		if err != nil {
			s.mu.Lock()
			s.err = errors.Join(s.err, err)
			s.mu.Unlock()
		}
	}
	s.mu.Lock()
	s.records[j] = r
	s.live.add(cfg, res.Ops, res.Outcome)
	s.mu.Unlock()
	return true
}

// nondeterministic marks an outcome whose run gave different bytes when
// run again.
func nondeterministic(o Outcome) Outcome {
	o.Status, o.Reason = Fail, ""
	o.Kinds = append(slices.Clone(o.Kinds), KindNondeterministic)
	slices.Sort(o.Kinds)
	return o
}

// saveCase writes a failed or unknown run's directory when the swarm has
// an Out and returns its Case.
func (s *Swarm) saveCase(res *Result, rerun []byte) (Case, error) {
	c := Case{Seed: res.Config.Seed, Outcome: res.Outcome, Config: res.Config,
		Replay: Token{Version: s.o.Version, Config: res.Config}.Encode(), Dir: caseDir(res.Config.Seed, res.Outcome.Status)}
	if s.o.Out == "" {
		return c, nil
	}
	return c, writeCase(filepath.Join(s.o.Out, c.Dir), res, c.Replay, s.o.Version, rerun)
}
