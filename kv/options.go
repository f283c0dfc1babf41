package kv

import (
	"fmt"
	"time"
)

// Defaults for UpdateAtomic's retry loop.
const (
	// defaultMaxAttempts is how many read-modify-PutIf rounds UpdateAtomic
	// tries before giving up with ErrConflict.
	defaultMaxAttempts = 100
	// defaultBackoffBase is the wait after the first conflict; it doubles
	// with every further conflict.
	defaultBackoffBase = time.Millisecond
	// defaultBackoffMax caps the wait between two attempts.
	defaultBackoffMax = 100 * time.Millisecond
)

// Option configures a Store. Options are not generic so that NewStore[T]
// reads naturally; WithCodec is the one generic constructor and infers its
// type from the codec (see WithCodec for what happens on a type mismatch).
type Option func(*options)

type options struct {
	codec       any
	limits      *Limits
	maxAttempts int
	backoffBase time.Duration
	backoffMax  time.Duration
	err         error
}

func (o *options) fail(err error) {
	if o.err == nil {
		o.err = err
	}
}

// WithCodec makes the Store encode values with c instead of the default
// (JSON; raw bytes for Store[[]byte] and Store[string]). T is inferred from
// c. A codec for another type than the Store's, or a nil codec, does not
// panic: NewStore still returns a Store, and every call on it returns an
// error wrapping ErrInvalidArgument that names both types.
func WithCodec[T any](c Codec[T]) Option {
	return func(o *options) {
		if c == nil {
			o.fail(fmt.Errorf("%w: WithCodec: codec is nil", ErrInvalidArgument))
			return
		}
		o.codec = c
	}
}

// WithLimits overrides the validation limits, which otherwise come from the
// backend (if it implements LimitedBackend) or DefaultLimits. Limits that
// fail Limits.Validate make every call return that error.
func WithLimits(l Limits) Option {
	return func(o *options) {
		if err := l.Validate(); err != nil {
			o.fail(fmt.Errorf("WithLimits: %w", err))
			return
		}
		o.limits = &l
	}
}

// WithMaxAttempts bounds UpdateAtomic's read-modify-PutIf rounds (default
// 100). n must be at least 1.
func WithMaxAttempts(n int) Option {
	return func(o *options) {
		if n < 1 {
			o.fail(fmt.Errorf("%w: WithMaxAttempts: %d, must be at least 1", ErrInvalidArgument, n))
			return
		}
		o.maxAttempts = n
	}
}

// WithBackoff sets UpdateAtomic's wait after a conflict: base after the
// first, doubling per conflict, capped at max, with jitter (defaults 1 ms
// and 100 ms). base 0 retries at once.
func WithBackoff(base, max time.Duration) Option {
	return func(o *options) {
		if base < 0 || max < base {
			o.fail(fmt.Errorf("%w: WithBackoff: base %v and max %v need 0 <= base <= max", ErrInvalidArgument, base, max))
			return
		}
		o.backoffBase, o.backoffMax = base, max
	}
}

// TTL returns the PutOptions of a write whose key expires after d: 0 means
// never; otherwise d must lie within the Store's Limits (MinTTL..MaxTTL) or
// the write fails with ErrInvalidTTL.
func TTL(d time.Duration) PutOptions { return PutOptions{TTL: d} }
