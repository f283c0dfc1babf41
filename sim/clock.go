package sim

import (
	"errors"
	"fmt"
	"time"
)

// followWall moves free-running virtual time with the wall clock when
// Config.Speed > 0, firing the events that fell due. c.mu is held.
func (c *Cluster) followWall() {
	if c.cfg.Speed <= 0 {
		return
	}
	t := c.virtStart + int64(float64(time.Since(c.wallStart))*c.cfg.Speed)
	if t > c.now.Load() {
		c.advanceTo(t)
	}
}

// Advance moves virtual time forward by d, firing every replication,
// expiry and scheduled fault that falls due. It is how free-running tests
// with Config.Speed == 0 let time pass. It fails during Run (clients pass
// time with kv.Pacer's Sleep instead) and for negative d.
func (c *Cluster) Advance(d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("sim: Advance: negative duration %v", d)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sched.running {
		return errors.New("sim: Advance: called during Run; clients sleep with kv.Pacer instead")
	}
	c.followWall()
	c.advanceTo(c.now.Load() + int64(d))
	if c.cfg.Speed > 0 {
		// Keep following the wall clock from the new virtual time.
		c.wallStart, c.virtStart = time.Now(), c.now.Load()
	}
	return nil
}
