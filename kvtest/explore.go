package kvtest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"pgregory.net/rapid"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/sim"
)

// Outcome is what Explore found.
type Outcome struct {
	// Failed reports whether rapid found a case where the property fails.
	Failed bool
	// Message is the property's failure message (without rapid's report
	// around it).
	Message string
	// History and Interleaving are those of the minimal (shrunk) failing
	// case; empty when the property held. Names are its clients' names by
	// client id, as the interleaving prints them.
	History      history.History
	Interleaving string
	Names        map[int]string
	// Log is everything rapid logged for the minimal case: the property's
	// draws and messages (not the simulator's scheduling draws).
	Log string
}

// Explore is Simulate without a test: it searches for a case falsifying
// prop, shrinks it and returns it, or returns an Outcome with Failed false
// when every case held. Demos use it to show a counterexample, and tests use
// it to assert that one exists. rapid's flags (-rapid.checks, -rapid.seed)
// apply. Explore changes no flag: the fail file rapid writes for a failure
// (testdata/rapid/..., unless -rapid.nofailfile) is removed again, with
// the directories it created, since Explore's failures are expected.
func Explore(cfg sim.Config, prop func(s *Sim)) Outcome {
	tb := &captureTB{name: fmt.Sprintf("kvtest.Explore-%d-%d", os.Getpid(), exploreSeq.Add(1))}
	made := missingDirs(filepath.Join("testdata", "rapid"))
	var minimal *Sim
	rapid.Check(tb, simProperty(cfg, prop, func(s *Sim) { minimal = s }))
	removeFailFile(strings.Join(tb.errors, "\n"), made)
	o := Outcome{Failed: tb.failed, Message: propertyMessage(strings.Join(tb.errors, "\n")), Log: strings.Join(tb.logs, "\n")}
	if o.Failed && minimal != nil {
		o.History = minimal.Cluster.History()
		o.Names = minimal.ClientNames()
		o.Interleaving = interleaving(o.History, o.Names)
	}
	return o
}

// exploreSeq numbers Explore calls, so each has its own fail-file name
// (rapid replays the fail files of a test name before searching).
var exploreSeq atomic.Int64

// missingDirs returns dir and those of its parents that do not exist yet,
// deepest first.
func missingDirs(dir string) []string {
	var out []string
	for d := dir; d != "." && d != string(filepath.Separator); d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil {
			break
		}
		out = append(out, d)
	}
	return out
}

// removeFailFile deletes the fail file rapid's message names and its
// directory, then the directories of made that are empty.
func removeFailFile(msg string, made []string) {
	if m := failfileRE.FindStringSubmatch(msg); m != nil {
		_ = os.Remove(m[1])
		_ = os.Remove(filepath.Dir(m[1])) // only succeeds when empty
	}
	for _, d := range made {
		_ = os.Remove(d) // only succeeds when empty
	}
}

// captureTB is the rapid.TB Explore runs rapid with: it records instead of
// failing a test.
type captureTB struct {
	name   string
	mu     sync.Mutex
	failed bool
	errors []string
	logs   []string
}

func (c *captureTB) Helper()      {}
func (c *captureTB) Name() string { return c.name }
func (c *captureTB) Logf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if isSchedulerDraw(msg) {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.logs = append(c.logs, msg)
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
