package main

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/kvchaos/kvchaos/kv"
)

// slowBackend adds a simulated network round trip to every call of a Memory
// (half on the way in, half on the way out) and counts conditional writes.
type slowBackend struct {
	mem     casBackend
	latency time.Duration
	putIfs  atomic.Int64
}

// casBackend is a Backend with compare-and-set, as kv.NewMemory's is:
// capabilities are found by type assertion.
type casBackend interface {
	kv.Backend
	kv.CAS
}

// trip is half a round trip; the demo never cancels mid-call.
func (b *slowBackend) trip(ctx context.Context) error {
	if b.latency > 0 {
		time.Sleep(b.latency / 2)
	}
	return ctx.Err()
}

// call runs op between the two halves of a round trip.
func call[R any](ctx context.Context, b *slowBackend, op func() (R, error)) (R, error) {
	var zero R
	if err := b.trip(ctx); err != nil {
		return zero, err
	}
	r, err := op()
	if terr := b.trip(ctx); terr != nil && err == nil {
		return zero, terr
	}
	return r, err
}

func (b *slowBackend) Get(ctx context.Context, key string) (kv.Item, error) {
	return call(ctx, b, func() (kv.Item, error) { return b.mem.Get(ctx, key) })
}

func (b *slowBackend) Put(ctx context.Context, key string, v []byte, o kv.PutOptions) error {
	_, err := call(ctx, b, func() (struct{}, error) { return struct{}{}, b.mem.Put(ctx, key, v, o) })
	return err
}

func (b *slowBackend) Delete(ctx context.Context, key string) error {
	_, err := call(ctx, b, func() (struct{}, error) { return struct{}{}, b.mem.Delete(ctx, key) })
	return err
}

func (b *slowBackend) List(ctx context.Context, prefix, cursor string, limit int) (kv.Page, error) {
	return call(ctx, b, func() (kv.Page, error) { return b.mem.List(ctx, prefix, cursor, limit) })
}

func (b *slowBackend) PutIf(ctx context.Context, key string, v []byte, exp kv.Version, o kv.PutOptions) (kv.Version, error) {
	b.putIfs.Add(1)
	return call(ctx, b, func() (kv.Version, error) { return b.mem.PutIf(ctx, key, v, exp, o) })
}
