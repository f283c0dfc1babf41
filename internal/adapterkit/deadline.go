package adapterkit

import (
	"context"
	"time"
)

// SocketDeadline returns ctx with a deadline d from now (ctx itself when d
// is 0 or ctx already ends sooner), without the timer, channel and cancel
// function context.WithTimeout sets up for every call: the returned
// context's Done and Err are ctx's own. It bounds a call only through a
// client that turns a context's deadline into its connection's read and
// write deadline (go-redis with ContextTimeoutEnabled), where the socket
// deadline is what ends a stuck call; with any other client use Bound. A
// wait that watches Done (for a free pooled connection, say) is not
// bounded by it: give such a wait its own limit.
func SocketDeadline(ctx context.Context, d time.Duration) context.Context {
	if d <= 0 {
		return ctx
	}
	at := time.Now().Add(d)
	if cur, ok := ctx.Deadline(); ok && !cur.After(at) {
		return ctx
	}
	return deadlineContext{ctx, at}
}

// deadlineContext is its parent with an earlier deadline and no timer.
type deadlineContext struct {
	context.Context
	at time.Time
}

func (c deadlineContext) Deadline() (time.Time, bool) { return c.at, true }

// SocketDeadlineRead is SocketDeadline with d scaled (ScaleTimeout) for the
// largest value written so far.
func (l *LargestValue) SocketDeadlineRead(ctx context.Context, d time.Duration) context.Context {
	return SocketDeadline(ctx, ScaleTimeout(d, int(l.n.Load())))
}
