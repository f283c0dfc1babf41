package adapterkit

import (
	"context"
	"sync/atomic"
	"time"
)

// LargestValue remembers the largest value a backend handle has written,
// so that its reads get time to bring such a value back. A read cannot know
// the size of what it will receive, and a fixed timeout would abandon a
// 25 MiB value on a loaded machine as if the store were down; a handle
// that only ever wrote small values keeps the base timeout, so a hung
// store is still noticed as fast as before. The zero value is ready.
type LargestValue struct{ n atomic.Int64 }

// Wrote notes a write of n bytes.
func (l *LargestValue) Wrote(n int) {
	for {
		cur := l.n.Load()
		if int64(n) <= cur || l.n.CompareAndSwap(cur, int64(n)) {
			return
		}
	}
}

// BoundRead is Bound with d scaled (ScaleTimeout) for the largest value
// written so far.
func (l *LargestValue) BoundRead(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return Bound(ctx, ScaleTimeout(d, int(l.n.Load())))
}
