package workload

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/kvchaos/kvchaos/kv"
)

// tap passes calls through to b and remembers the last value read and the
// last value written, so that an Update can be recorded as one op. It
// always offers CAS and Pacer to the Store above it, falling back to
// ErrUnsupported and the wall clock when b lacks them. One client uses a
// tap at a time.
type tap struct {
	b kv.Backend

	read    string
	found   bool
	written string
	wrote   bool
	version kv.Version
}

func (t *tap) reset() { *t = tap{b: t.b} }

func (t *tap) Get(ctx context.Context, key string) (kv.Item, error) {
	it, err := t.b.Get(ctx, key)
	if err == nil || errors.Is(err, kv.ErrNotFound) {
		t.read, t.found = string(it.Value), err == nil
	}
	return it, err
}

func (t *tap) Put(ctx context.Context, key string, value []byte, o kv.PutOptions) error {
	t.written, t.wrote, t.version = string(value), true, ""
	return t.b.Put(ctx, key, value, o)
}

func (t *tap) Delete(ctx context.Context, key string) error { return t.b.Delete(ctx, key) }

func (t *tap) List(ctx context.Context, prefix, cursor string, limit int) (kv.Page, error) {
	return t.b.List(ctx, prefix, cursor, limit)
}

func (t *tap) PutIf(ctx context.Context, key string, value []byte, expected kv.Version, o kv.PutOptions) (kv.Version, error) {
	c, ok := t.b.(kv.CAS)
	if !ok {
		return "", kv.ErrUnsupported
	}
	t.written, t.wrote = string(value), true
	v, err := c.PutIf(ctx, key, value, expected, o)
	t.version = v
	return v, err
}

func (t *tap) Limits() kv.Limits {
	if l, ok := t.b.(kv.LimitedBackend); ok {
		return l.Limits()
	}
	return kv.DefaultLimits()
}

func (t *tap) Sleep(ctx context.Context, d time.Duration) error {
	if p, ok := t.b.(kv.Pacer); ok {
		return p.Sleep(ctx, d)
	}
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-tm.C:
		return nil
	}
}

func (t *tap) Jitter() float64 {
	if p, ok := t.b.(kv.Pacer); ok {
		return p.Jitter()
	}
	return rand.Float64()
}
