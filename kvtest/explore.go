package kvtest

import (
	"flag"
	"fmt"
	"strings"
	"sync"

	"pgregory.net/rapid"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/sim"
)

// Outcome is what Explore found.
type Outcome struct {
	// Failed reports whether rapid found a case where the property fails.
	Failed bool
	// Message is rapid's report of the failure (the property's message).
	Message string
	// History and Interleaving are those of the minimal (shrunk) failing
	// case; empty when the property held.
	History      history.History
	Interleaving string
	// Log is everything rapid logged for the minimal case: its draws, the
	// property's messages and the interleaving.
	Log string
}

// Explore is Simulate without a test: it searches for a case falsifying
// prop, shrinks it and returns it, or returns an Outcome with Failed false
// when every case held. Demos use it to show a counterexample, and tests use
// it to assert that one exists. rapid's flags (-rapid.checks, -rapid.seed)
// apply; rapid's fail files are turned off unless -rapid.nofailfile was set
// explicitly, since Explore's failures are expected.
func Explore(cfg sim.Config, prop func(s *Sim)) Outcome {
	noFailFiles()
	tb := &captureTB{}
	var minimal *Sim
	rapid.Check(tb, simProperty(cfg, prop, func(s *Sim) { minimal = s }))
	o := Outcome{Failed: tb.failed, Message: strings.Join(tb.errors, "\n"), Log: strings.Join(tb.logs, "\n")}
	if o.Failed && minimal != nil {
		o.History = minimal.History()
		o.Interleaving = Interleaving(o.History)
	}
	return o
}

var noFailFilesOnce sync.Once

// noFailFiles sets -rapid.nofailfile once, unless it was already true, so
// Explore never writes rapid fail files into the working directory.
func noFailFiles() {
	noFailFilesOnce.Do(func() {
		if f := flag.Lookup("rapid.nofailfile"); f != nil && f.Value.String() != "true" {
			_ = f.Value.Set("true")
		}
	})
}

// captureTB is the rapid.TB Explore runs rapid with: it records instead of
// failing a test.
type captureTB struct {
	mu     sync.Mutex
	failed bool
	errors []string
	logs   []string
}

func (c *captureTB) Helper()      {}
func (c *captureTB) Name() string { return "kvtest.Explore" }
func (c *captureTB) Logf(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.logs = append(c.logs, fmt.Sprintf(format, args...))
}
func (c *captureTB) Log(args ...any) { c.Logf("%s", fmt.Sprint(args...)) }
func (c *captureTB) Errorf(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.failed = true
	c.errors = append(c.errors, fmt.Sprintf(format, args...))
}
func (c *captureTB) Error(args ...any)                 { c.Errorf("%s", fmt.Sprint(args...)) }
func (c *captureTB) Fatalf(format string, args ...any) { c.Errorf(format, args...) }
func (c *captureTB) Fatal(args ...any)                 { c.Error(args...) }
func (c *captureTB) Fail()                             { c.mu.Lock(); c.failed = true; c.mu.Unlock() }
func (c *captureTB) FailNow()                          { c.Fail() }
func (c *captureTB) Skipf(format string, args ...any)  { c.Logf(format, args...) }
func (c *captureTB) Skip(args ...any)                  { c.Log(args...) }
func (c *captureTB) SkipNow()                          {}
func (c *captureTB) Failed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.failed
}
