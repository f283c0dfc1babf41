package sim

import (
	"context"
	"errors"
	"time"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/kv"
)

// Quiesce brings the cluster to rest: it stops open-ended nemeses, fires
// every pending event (scheduled faults included), heals every fault (partition, loss, delay,
// crashes, clock skew), lets all replication arrive, runs anti-entropy so
// every replica holds the same data, lets caches expire, and records a
// history.AnnotationQuiescent marker. Reads after it (ReadAll, or clients
// started afterwards) must agree in every region; the checker's
// convergence check reads them. It fails during Run.
func (c *Cluster) Quiesce() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sched.running {
		return errors.New("sim: Quiesce: called during Run")
	}
	c.followWall()
	c.nemesisGen++ // open-ended nemeses stop here
	for range 100 {
		c.drain()
		if len(c.faults.list) == 0 && len(c.net.parked) == 0 {
			break
		}
		c.healAll()
	}
	c.advanceTo(c.now.Load() + int64(c.eng.settle()))
	now := c.now.Load()
	if c.records(RecordQuiescence) {
		c.rec.Annotate(history.Annotation{Kind: history.AnnotationQuiescent,
			Text: "quiescent: faults healed, replication settled", Start: now, End: now})
	}
	if c.cfg.Speed > 0 {
		c.wallStart, c.virtStart = time.Now(), now
	}
	return nil
}

// drain fires every pending event.
func (c *Cluster) drain() {
	for c.events.len() > 0 {
		c.fireNext()
	}
}

// healAll ends every fault in force.
func (c *Cluster) healAll() {
	c.apply(Heal())
	for i, r := range c.regions {
		if c.net.crashed[i] {
			c.apply(Restart(r))
		}
		if c.net.skew[i] != 0 {
			c.apply(Skew(r, 0))
		}
	}
}

// Read is one region's answer to ReadAll.
type Read struct {
	Region  string
	Found   bool
	Value   []byte
	Version kv.Version
	// Err is the error of the read, if it failed for another reason than
	// the key being absent.
	Err error
}

// ReadAll reads key in every region, in region order, as free-running
// reads recorded in the history (one reader client per region). After
// Quiesce every region must return the same answer.
func (c *Cluster) ReadAll(key string) []Read {
	c.mu.Lock()
	if c.readers == nil {
		for range c.regions {
			c.readers = append(c.readers, c.newClientID())
		}
	}
	readers := c.readers
	c.mu.Unlock()
	out := make([]Read, len(c.regions))
	for i, r := range c.regions {
		b := &backend{c: c, region: i, client: readers[i], p: proc{c: c, region: i}}
		it, err := b.Get(context.Background(), key)
		out[i] = Read{Region: r, Found: err == nil, Value: it.Value, Version: it.Version}
		if err != nil && !errors.Is(err, kv.ErrNotFound) {
			out[i].Err = err
		}
	}
	return out
}

// Keys returns every key that is live in any region's store, sorted.
func (c *Cluster) Keys() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.eng.keys()
}
