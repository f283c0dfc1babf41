package kvtest

import (
	"sync"

	"pgregory.net/rapid"

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
	// names are the clients' names by client id: Go's clients A, B, C...
	// in the order of the Go calls (or their Named name), then the readers.
	names   map[int]string
	started int
	ran     bool

	mu   sync.Mutex
	errs []error
}

// Simulate checks prop on the deterministic simulator: for each rapid test
// case it builds a Cluster from cfg whose every scheduling choice, latency
// and message loss is drawn from rapid (cfg.Source is replaced), and calls
// prop. prop draws the clients' programs from s.T, starts them with s.Go,
// runs them with s.Run (exactly once) and states the property with
// s.T.Fatalf or s.AssertNo.
//
// When it fails, rapid shrinks the programs and the schedule together, and
// the test fails with one message: the property's failure, the values
// drawn by prop, the minimal case's interleaving (clients named as in Go,
// values as JSON), the order of its operations in one line, what the
// checker finds in it, and a replay line — the go test command that
// reproduces exactly this case. rapid's own draws for the schedule are not
// printed.
//
// t is a *testing.T (or any rapid.TB). An invalid cfg fails the test with
// sim's error naming the field.
func Simulate(t rapid.TB, cfg sim.Config, prop func(s *Sim)) {
	t.Helper()
	q := &quietTB{TB: t}
	var minimal *Sim
	rapid.Check(q, simProperty(cfg, prop, func(s *Sim) { minimal = s }))
	q.finish(minimal)
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
		s := &Sim{T: rt, Cluster: c, src: src, regions: c.Regions(), names: map[int]string{}}
		rt.Cleanup(func() {
			if rt.Failed() && src.abortValue() == nil && last != nil {
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
		if s.started > 0 && !s.ran {
			rt.Fatalf("kvtest: %d client(s) were started with Go but Run was never called: nothing they do happens before Run", s.started)
		}
	}
}

// Run runs every started client to completion under the drawn schedule.
// A client's error or panic fails the test case, and so does a second
// call: start every client before the one Run.
func (s *Sim) Run() {
	s.T.Helper()
	if s.ran {
		s.T.Fatalf("kvtest: Run called twice: start every client with Go before the one call of Run")
	}
	s.ran = true
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
// for reading results after Run; its operations are recorded too, by a
// client the interleaving calls "reader" (then "reader2"...). Calling it
// while started clients have not run fails the case: they have done
// nothing yet.
func (s *Sim) Region(region string) kv.Backend {
	s.T.Helper()
	if s.started > 0 && !s.ran {
		s.T.Fatalf("kvtest: Region called before Run: the %d started client(s) have not run yet", s.started)
	}
	if region == "" {
		region = s.regions[0]
	}
	return s.Cluster.Region(region)
}

// Interleaving renders this test case's history as a numbered list of
// operations in the order they were issued, clients named as Go named
// them (A, B, C... in the order of the Go calls, or their Named name).
func (s *Sim) Interleaving() string { return interleaving(s.Cluster.History(), s.ClientNames()) }

// ClientNames returns the name of each client id of this case's history:
// the names the interleaving, AssertNo and the failure message use. The
// clients started with Go are named A, B, C... in the order of the Go
// calls (or as Named says); other clients (Region, ReadAll) "reader",
// "reader2"... in the order of their first operation.
func (s *Sim) ClientNames() map[int]string {
	s.mu.Lock()
	names := make(map[int]string, len(s.names))
	for id, n := range s.names {
		names[id] = n
	}
	s.mu.Unlock()
	return nameReaders(s.Cluster.History(), names)
}
