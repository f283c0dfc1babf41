package kvtest

import (
	"sync"
	"time"
)

// Clock is a manual clock for backends whose clock is injectable, such as
// kv.NewMemory with kv.MemoryClock(c.Now). It starts at a fixed instant and
// moves only through Advance. It is safe for concurrent use.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// clockEpoch is where every Clock starts, so runs are reproducible.
var clockEpoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// NewClock returns a Clock reading 2025-01-01T00:00:00Z.
func NewClock() *Clock { return &Clock{now: clockEpoch} }

// Now returns the clock's current time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d (a negative d is ignored).
func (c *Clock) Advance(d time.Duration) {
	if d <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
