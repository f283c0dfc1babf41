package kv_test

import (
	"context"
	"sync"
	"time"

	"github.com/kvchaos/kvchaos/kv"
)

// fakeClock is a settable clock for Memory.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// noCAS hides Memory's CAS capability: only Backend's methods are promoted.
type noCAS struct{ kv.Backend }

// countingBackend counts backend calls, to prove validation happens first.
type countingBackend struct {
	*kv.Memory
	mu    sync.Mutex
	calls int
}

func (b *countingBackend) count() {
	b.mu.Lock()
	b.calls++
	b.mu.Unlock()
}

func (b *countingBackend) Calls() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.calls
}

func (b *countingBackend) Get(ctx context.Context, key string) (kv.Item, error) {
	b.count()
	return b.Memory.Get(ctx, key)
}

func (b *countingBackend) Put(ctx context.Context, key string, v []byte, o kv.PutOptions) error {
	b.count()
	return b.Memory.Put(ctx, key, v, o)
}

func (b *countingBackend) Delete(ctx context.Context, key string) error {
	b.count()
	return b.Memory.Delete(ctx, key)
}

func (b *countingBackend) List(ctx context.Context, prefix, cursor string, limit int) (kv.Page, error) {
	b.count()
	return b.Memory.List(ctx, prefix, cursor, limit)
}

func (b *countingBackend) PutIf(ctx context.Context, key string, v []byte, exp kv.Version, o kv.PutOptions) (kv.Version, error) {
	b.count()
	return b.Memory.PutIf(ctx, key, v, exp, o)
}
