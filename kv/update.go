package kv

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
)

// Update is the classic read-modify-write: it reads key (def when absent),
// applies fn and writes the result, returning it. It is NOT atomic, on any
// backend, and this is the bug kvchaos exists to show. Two visitors of a
// page whose counter is 5:
//
//	A: Get "visits" → 5
//	B: Get "visits" → 5
//	A: Put "visits" 6
//	B: Put "visits" 6   // A's visit is lost: 7 visits were expected
//
// Use UpdateAtomic when every update must count. The written value has no
// TTL, whatever the old one had.
func (s *Store[T]) Update(ctx context.Context, key string, def T, fn func(T) T) (T, error) {
	var zero T
	if fn == nil {
		return zero, fmt.Errorf("%w: Update of key %s: fn is nil", ErrInvalidArgument, quoteKey(key))
	}
	cur, err := s.GetOr(ctx, key, def)
	if err != nil {
		return zero, err
	}
	next := fn(cur)
	if err := s.Put(ctx, key, next); err != nil {
		return zero, err
	}
	return next, nil
}

// UpdateAtomic is Update made safe with compare-and-set: it reads key with
// its version (def when absent), applies fn and writes with PutIf; when
// another writer got there first (ErrConflict) it waits and starts over
// with the fresh value, so no update is ever lost. fn may run several times
// and must not have side effects; it gets a fresh copy of the value (or of
// def) on every attempt.
//
// Waits between attempts grow exponentially from the backoff base, capped
// at the backoff max (WithBackoff), with jitter so that colliding writers
// spread out. If the backend implements Pacer, waits use its clock and its
// jitter source, keeping simulations deterministic. After the maximum
// number of attempts (WithMaxAttempts) it returns an error wrapping
// ErrConflict. A backend without CAS gives ErrUnsupported. As with Update,
// the written value has no TTL.
func (s *Store[T]) UpdateAtomic(ctx context.Context, key string, def T, fn func(T) T) (T, error) {
	var zero T
	if err := s.check(key); err != nil {
		return zero, err
	}
	if fn == nil {
		return zero, fmt.Errorf("%w: UpdateAtomic of key %s: fn is nil", ErrInvalidArgument, quoteKey(key))
	}
	if s.cas == nil {
		return zero, fmt.Errorf("%w: UpdateAtomic of key %s: backend %T has no CAS", ErrUnsupported, quoteKey(key), s.b)
	}
	// def is kept encoded (once it is needed) so that an fn mutating it (a
	// map, a slice) cannot leak one attempt's changes into the next.
	var defData []byte
	var lastErr error
	for attempt := 1; attempt <= s.maxAttempts; attempt++ {
		if attempt > 1 {
			if err := s.wait(ctx, attempt-1); err != nil {
				return zero, fmt.Errorf("kv: update %s: %w", quoteKey(key), err)
			}
		}
		data, ver, ok, err := s.readForUpdate(ctx, key)
		if err != nil {
			return zero, err
		}
		if !ok {
			if defData == nil {
				if defData, err = s.encode(key, def); err != nil {
					return zero, err
				}
			}
			data = bytes.Clone(defData)
		}
		cur, err := s.decode(key, data)
		if err != nil {
			return zero, err
		}
		next := fn(cur)
		out, err := s.encode(key, next)
		if err != nil {
			return zero, err
		}
		if err := validateValue(s.limits, key, len(out)); err != nil {
			return zero, err
		}
		_, err = s.cas.PutIf(ctx, key, out, ver, PutOptions{})
		if err == nil {
			return next, nil
		}
		if !errors.Is(err, ErrConflict) {
			return zero, fmt.Errorf("kv: update %s: %w", quoteKey(key), err)
		}
		lastErr = err
	}
	return zero, fmt.Errorf("kv: update %s: gave up after %d attempts: %w", quoteKey(key), s.maxAttempts, lastErr)
}

// readForUpdate returns the stored bytes and version of key, or ok=false
// when it is absent. A present key without a version would make PutIf
// demand absence forever, so it is reported as unsupported.
func (s *Store[T]) readForUpdate(ctx context.Context, key string) ([]byte, Version, bool, error) {
	item, ok, err := s.getItem(ctx, key)
	if err != nil || !ok {
		return nil, "", false, err
	}
	if item.Version == "" {
		return nil, "", false, fmt.Errorf("%w: UpdateAtomic of key %s: backend %T returned no version for an existing key", ErrUnsupported, quoteKey(key), s.b)
	}
	return item.Value, item.Version, true, nil
}

// wait sleeps the backoff after the n-th conflict (n >= 1).
func (s *Store[T]) wait(ctx context.Context, n int) error {
	var j float64
	if s.pacer != nil {
		j = s.pacer.Jitter()
	} else {
		j = rand.Float64()
	}
	d := backoff(s.backoffBase, s.backoffMax, n, j)
	if s.pacer != nil {
		return s.pacer.Sleep(ctx, d)
	}
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// backoff returns the wait after the n-th consecutive conflict (n >= 1):
// base·2^(n-1) capped at max, of which the upper half is scaled by jitter
// in [0, 1) ("equal jitter": never less than half the step, so waits still
// grow, yet colliding writers spread out).
func backoff(base, max time.Duration, n int, jitter float64) time.Duration {
	d := base
	for i := 1; i < n && d < max; i++ {
		d *= 2
	}
	if d > max || d < 0 {
		d = max
	}
	if jitter < 0 || jitter >= 1 {
		jitter = 0
	}
	half := d / 2
	return half + time.Duration(float64(d-half)*jitter)
}
