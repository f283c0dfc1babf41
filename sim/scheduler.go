package sim

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/kvchaos/kvchaos/kv"
)

// scheduler runs deterministic clients one at a time, each as a coroutine
// (iter.Pull) that Run's loop resumes. Control passes like a baton: the
// client holding it picks the next client itself at each scheduling point
// and switches back to Run's loop only when that is another client, so a
// client that keeps being picked never switches; a switch is a coroutine
// switch, not a goroutine handoff through channels and the Go scheduler.
// c.mu is the baton's lock: it stays held across every switch, and is
// released only while a client runs outside the simulator.
type scheduler struct {
	runnable []*client
	live     int
	running  bool
	handoff  *client // the client Run's loop resumes next; nil = the run is over
	err      error   // first error of the run (bad Go call, client panic)
}

// client is one logical client of a deterministic run.
type client struct {
	id, region int
	idx        int  // position in runnable; -1 while blocked
	inSim      bool // holds c.mu inside a Backend call
	fn         func(context.Context, kv.Backend)
	b          kv.Backend
	resume     func() (struct{}, bool) // iter.Pull's next: run it until it yields
	yield      func(struct{}) bool     // switch back to Run's loop
}

// Go starts a logical client located in region. fn receives the client's
// Backend (a kv.Backend that also implements kv.Pacer, and kv.CAS when the
// preset offers it) and runs when Run runs; Go may also be called by a
// running client. An unknown region is reported by Run. Go returns the
// client's id, the Client of its ops in the history (-1 when the call was
// refused); ids are given in the order of the Go calls.
func (c *Cluster) Go(region string, fn func(ctx context.Context, b kv.Backend)) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.regionIdx[region]
	if !ok {
		c.fail(fmt.Errorf("sim: Go: unknown region %q (regions: %v)", region, c.regions))
		return -1
	}
	if fn == nil {
		c.fail(errors.New("sim: Go: nil client function"))
		return -1
	}
	cl := &client{id: c.newClientID(), region: r, fn: fn, idx: -1}
	cl.b = c.clientBackend(cl)
	cl.resume, _ = iter.Pull(func(yield func(struct{}) bool) {
		cl.yield = yield
		c.clientMain(cl)
	})
	c.sched.live++
	c.addRunnable(cl)
	return cl.id
}

// Run runs every client started with Go until all have returned, and
// returns the first error: an unknown region passed to Go, or a client's
// panic. Run must not be called concurrently with itself, nor when
// Config.Speed > 0. A client that calls runtime.Goexit (t.FailNow, a
// failing require) ends the goroutine that called Run, which then never
// returns; the cluster is left usable, so test cleanups can still read it.
func (c *Cluster) Run() error {
	c.mu.Lock()
	if c.sched.running {
		c.mu.Unlock()
		return errors.New("sim: Run: already running")
	}
	if c.cfg.Speed > 0 {
		c.mu.Unlock()
		return errors.New("sim: Run: needs a virtual clock, but Config.Speed > 0")
	}
	c.sched.running = true
	done := false
	defer func() {
		if !done {
			// A client called runtime.Goexit (t.FailNow in a test), which
			// iter.Pull passes on to this goroutine: leave the cluster
			// usable for cleanups.
			c.sched.running = false
			c.mu.Unlock()
		}
	}()
	for next := c.pick(); next != nil; next = c.sched.handoff {
		c.sched.handoff = nil
		next.resume()
	}
	done = true
	c.sched.running = false
	err := c.sched.err
	c.sched.err = nil
	if err == nil && c.sched.live > 0 {
		err = fmt.Errorf("sim: Run: %d clients blocked outside the simulator", c.sched.live)
	}
	c.mu.Unlock()
	return err
}

// fail keeps the first error of a run.
func (c *Cluster) fail(err error) {
	if c.sched.err == nil {
		c.sched.err = err
	}
}

// clientMain is the body of cl's coroutine. Run's loop resumes it for
// the first time with c.mu held, as the baton, and the client's own code
// runs outside the simulator, so it releases it.
func (c *Cluster) clientMain(cl *client) {
	c.mu.Unlock()
	defer c.clientExit(cl)
	cl.fn(context.Background(), cl.b)
}

// clientExit retires a client (after it returned, panicked or called
// runtime.Goexit) and hands the baton on: it returns with c.mu held, and
// the coroutine ends, back in Run's loop.
func (c *Cluster) clientExit(cl *client) {
	r := recover()
	if !cl.inSim {
		c.mu.Lock()
	}
	if r != nil {
		c.fail(fmt.Errorf("sim: client %d (region %q) panicked: %v", cl.id, c.regions[cl.region], r))
	}
	c.removeRunnable(cl)
	c.sched.live--
	c.sched.handoff = c.pick()
}

// pick fires events until a client is runnable and returns the one the
// Source chooses, or nil when the run is over.
func (c *Cluster) pick() *client {
	for len(c.sched.runnable) == 0 {
		if c.sched.live == 0 || c.events.len() == 0 {
			return nil
		}
		c.fireNext()
	}
	i := 0
	if n := len(c.sched.runnable); n > 1 {
		i = c.src.Intn(n)
	}
	return c.sched.runnable[i]
}

// transfer is a scheduling point of client from, which holds c.mu. It
// returns, with c.mu still held, when the scheduler picks from again.
func (c *Cluster) transfer(from *client) {
	next := c.pick()
	if next == from {
		return
	}
	c.sched.handoff = next
	from.yield(struct{}{})
}

// sleep blocks cl for d of virtual time; other clients run meanwhile.
//
// When cl is the only runnable client, what the scheduler would do while
// it sleeps is fire the events due before its wake-up and pick it again
// (the only runnable client needs no draw), so cl fires them itself and
// goes on, with no queued wake-up and no switch. It stops at an event that
// wakes another client (or one that leaves a different set of runnable
// clients): then cl queues its wake-up, under the sequence number it took
// first, so every event fires in the same order either way.
func (c *Cluster) sleep(cl *client, d time.Duration) {
	t := c.now.Load() + int64(d)
	c.seq++
	if len(c.sched.runnable) == 1 && c.sched.runnable[0] == cl && c.fireUntil(t, c.seq, cl) {
		c.now.Store(t)
		return
	}
	c.events.pushWake(t, c.seq, cl)
	c.removeRunnable(cl)
	c.transfer(cl)
}

// fireUntil fires the events queued before cl's wake-up at (at, seq), in
// order, while cl stays the only runnable client; it reports whether it
// got to the wake-up, or stopped first at an event that wakes a client or
// after one that changed the runnable clients.
func (c *Cluster) fireUntil(at int64, seq uint64, cl *client) bool {
	q := &c.events
	for q.len() > 0 {
		top := q.heap[0]
		if !top.less(qitem{at: at, seq: seq}) {
			return true
		}
		if q.slots[top.slot].kind == evWake {
			return false
		}
		c.fireNext()
		if len(c.sched.runnable) != 1 || c.sched.runnable[0] != cl {
			return false
		}
	}
	return true
}

func (c *Cluster) addRunnable(cl *client) {
	cl.idx = len(c.sched.runnable)
	c.sched.runnable = append(c.sched.runnable, cl)
}

func (c *Cluster) removeRunnable(cl *client) {
	i := cl.idx
	if i < 0 {
		return
	}
	rs := c.sched.runnable
	last := len(rs) - 1
	rs[i] = rs[last]
	rs[i].idx = i
	rs[last] = nil
	c.sched.runnable = rs[:last]
	cl.idx = -1
}
