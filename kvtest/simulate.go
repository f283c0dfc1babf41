package kvtest

import (
	"context"
	"fmt"
	"sync"

	"pgregory.net/rapid"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/sim"
)

// Sim is one test case of a Simulate property: a fresh simulated cluster
// whose scheduler draws from T, plus helpers to start clients, run them and
// read the result.
type Sim struct {
	// T is the rapid test case: draw the program from it and fail it when
	// the property does not hold.
	T *rapid.T
	// Cluster is the simulated store (faults, ReadAll, Keys, History...).
	Cluster *sim.Cluster

	src     *rapidSource
	regions []string
	started int

	mu   sync.Mutex
	errs []error
}

// Simulate checks prop on the deterministic simulator: for each rapid test
// case it builds a Cluster from cfg whose every scheduling choice, latency
// and message loss is drawn from rapid (cfg.Source is replaced), and calls
// prop. prop draws the clients' programs from s.T, starts them with s.Go,
// runs them with s.Run and states the property with s.T.Fatalf. When it
// fails, rapid shrinks the programs and the schedule together, and the
// minimal case's interleaving is printed as a numbered list of operations
// (who read and wrote what, when, in virtual time).
//
// t is a *testing.T (or any rapid.TB). An invalid cfg fails the test with
// sim's error naming the field.
func Simulate(t rapid.TB, cfg sim.Config, prop func(s *Sim)) {
	t.Helper()
	rapid.Check(t, simProperty(cfg, prop, nil))
}

// simProperty wraps prop into a rapid property. last, when set, receives
// the Sim of every failing case (the last one is the minimal one).
func simProperty(cfg sim.Config, prop func(*Sim), last func(*Sim)) func(*rapid.T) {
	return func(rt *rapid.T) {
		src := &rapidSource{t: rt}
		cfg.Source = src
		c, err := sim.New(cfg)
		if err != nil {
			rt.Fatalf("kvtest.Simulate: %v", err)
		}
		s := &Sim{T: rt, Cluster: c, src: src, regions: c.Regions()}
		rt.Cleanup(func() {
			if !rt.Failed() || src.abortValue() != nil {
				return
			}
			rt.Logf("interleaving of this case (preset %s):\n%s", c.Preset(), s.Interleaving())
			if last != nil {
				last(s)
			}
		})
		defer func() {
			// A draw failed inside the simulation: whatever prop concluded
			// from the truncated run, the case is rapid's to discard.
			if r := src.abortValue(); r != nil {
				recover()
				panic(r)
			}
		}()
		prop(s)
	}
}

// Go starts a client in the cluster's first region that runs fn when Run
// is called; GoIn places a client elsewhere. Co-located clients keep
// counterexamples about interleavings free of network delays, which shrink
// less well; spread clients over regions with GoIn to test replication. An
// error fn returns fails the test case. Draw the client's program from s.T
// before Go, not inside fn.
func (s *Sim) Go(fn func(ctx context.Context, b kv.Backend) error) {
	s.GoIn(s.regions[0], fn)
}

// GoIn starts a client located in region.
func (s *Sim) GoIn(region string, fn func(ctx context.Context, b kv.Backend) error) {
	s.started++
	n := s.started
	s.Cluster.Go(region, func(ctx context.Context, b kv.Backend) {
		if err := fn(ctx, b); err != nil {
			s.mu.Lock()
			s.errs = append(s.errs, fmt.Errorf("client %d (region %s): %w", n, region, err))
			s.mu.Unlock()
		}
	})
}

// Run runs every started client to completion under the drawn schedule.
// A client's error or panic fails the test case.
func (s *Sim) Run() {
	s.T.Helper()
	err := s.Cluster.Run()
	s.src.rethrow()
	if err != nil {
		s.T.Fatalf("kvtest: simulation: %v", err)
	}
	s.mu.Lock()
	errs := s.errs
	s.errs = nil
	s.mu.Unlock()
	if len(errs) > 0 {
		s.T.Fatalf("kvtest: %v", errs[0])
	}
}

// Quiesce heals faults and lets replication and caches settle (see
// sim.Cluster.Quiesce), so the reads that follow see the converged store.
func (s *Sim) Quiesce() {
	s.T.Helper()
	err := s.Cluster.Quiesce()
	s.src.rethrow()
	if err != nil {
		s.T.Fatalf("kvtest: %v", err)
	}
}

// Region returns a free-running backend in region ("" = the first region)
// for reading results after Run. Its operations are recorded too.
func (s *Sim) Region(region string) kv.Backend {
	if region == "" {
		region = s.regions[0]
	}
	return s.Cluster.Region(region)
}

// History returns everything recorded in this test case so far.
func (s *Sim) History() history.History { return s.Cluster.History() }

// Interleaving renders this test case's history as a numbered list of
// operations in the order they were issued, clients named A, B, C... by
// first appearance.
func (s *Sim) Interleaving() string { return Interleaving(s.History()) }
