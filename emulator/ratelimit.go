package emulator

import (
	"fmt"
	"sync"
	"time"

	"github.com/kvchaos/kvchaos/internal/kvrule"
	"github.com/kvchaos/kvchaos/kv"
)

// writeLimiter admits at most one write per key per interval, the way
// Cloudflare limits writes to one key to one per second.
type writeLimiter struct {
	interval time.Duration
	now      func() time.Time

	mu   sync.Mutex
	last map[string]time.Time
}

func newWriteLimiter(interval time.Duration, now func() time.Time) *writeLimiter {
	return &writeLimiter{interval: interval, now: now, last: make(map[string]time.Time)}
}

// admit records a write to key, or returns an error wrapping
// kv.ErrRateLimited when the previous admitted write was too recent. A nil
// limiter admits everything.
func (l *writeLimiter) admit(key string) error {
	if l == nil {
		return nil
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if prev, ok := l.last[key]; ok && now.Sub(prev) < l.interval {
		return fmt.Errorf("%w: key %s written again after %v (limit: one write per %v)",
			kv.ErrRateLimited, kvrule.QuoteKey(key), now.Sub(prev), l.interval)
	}
	if len(l.last) > 1<<16 {
		for k, t := range l.last {
			if now.Sub(t) >= l.interval {
				delete(l.last, k)
			}
		}
	}
	l.last[key] = now
	return nil
}
