package kv

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"time"
)

// Store is a typed handle over a Backend. It validates every call against
// its Limits before the backend sees it and converts values with its Codec.
// A Store is safe for concurrent use if its backend is.
type Store[T any] struct {
	b      Backend
	cas    CAS   // nil when the backend cannot compare-and-set
	pacer  Pacer // nil when the backend runs on the wall clock
	codec  Codec[T]
	limits Limits

	maxAttempts             int
	backoffBase, backoffMax time.Duration

	err error // a configuration error every call returns
}

// NewStore returns a Store of T over b. The codec is JSON, except that
// Store[[]byte] and Store[string] keep raw bytes; WithCodec replaces it.
// Limits come from WithLimits, else from b if it implements LimitedBackend,
// else DefaultLimits.
//
// NewStore never panics: a nil backend or a bad option yields a Store whose
// every call returns the configuration error (wrapping ErrInvalidArgument).
func NewStore[T any](b Backend, opts ...Option) *Store[T] {
	o := options{maxAttempts: defaultMaxAttempts, backoffBase: defaultBackoffBase, backoffMax: defaultBackoffMax}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	s := &Store[T]{b: b, codec: defaultCodec[T](), limits: DefaultLimits(),
		maxAttempts: o.maxAttempts, backoffBase: o.backoffBase, backoffMax: o.backoffMax, err: o.err}
	if b == nil {
		s.fail(fmt.Errorf("%w: NewStore: backend is nil", ErrInvalidArgument))
	}
	if o.codec != nil {
		c, ok := o.codec.(Codec[T])
		if !ok {
			s.fail(fmt.Errorf("%w: WithCodec: %T does not implement Codec[%v] for this Store", ErrInvalidArgument, o.codec, reflect.TypeFor[T]()))
		} else {
			s.codec = c
		}
	}
	switch {
	case o.limits != nil:
		s.limits = *o.limits
	case b != nil:
		if lb, ok := b.(LimitedBackend); ok {
			s.limits = lb.Limits()
			if err := s.limits.Validate(); err != nil {
				s.fail(fmt.Errorf("backend %T declares bad limits: %w", b, err))
			}
		}
	}
	s.cas, _ = b.(CAS)
	s.pacer, _ = b.(Pacer)
	return s
}

func (s *Store[T]) fail(err error) {
	if s.err == nil {
		s.err = err
	}
}

// Limits returns the limits the Store validates against.
func (s *Store[T]) Limits() Limits { return s.limits }

// Get returns the value at key and true, or the zero T and false when the
// key is absent (or expired). A stored value the codec cannot decode is an
// error wrapping ErrCodec that names the key.
func (s *Store[T]) Get(ctx context.Context, key string) (T, bool, error) {
	v, _, ok, err := s.GetVersioned(ctx, key)
	return v, ok, err
}

// GetVersioned is Get that also returns the value's version, for a later
// PutIf. The version is "" when the key is absent or the backend is
// unversioned.
func (s *Store[T]) GetVersioned(ctx context.Context, key string) (T, Version, bool, error) {
	var zero T
	item, ok, err := s.getItem(ctx, key)
	if err != nil || !ok {
		return zero, "", false, err
	}
	v, err := s.decode(key, item.Value)
	if err != nil {
		return zero, "", false, err
	}
	return v, item.Version, true, nil
}

// GetOr returns the value at key, or def when the key is absent.
func (s *Store[T]) GetOr(ctx context.Context, key string, def T) (T, error) {
	v, ok, err := s.Get(ctx, key)
	if err != nil {
		var zero T
		return zero, err
	}
	if !ok {
		return def, nil
	}
	return v, nil
}

// Exists reports whether key holds a (non-expired) value.
func (s *Store[T]) Exists(ctx context.Context, key string) (bool, error) {
	_, ok, err := s.getItem(ctx, key)
	return ok, err
}

// Put stores v at key, replacing any value. kv.TTL(d) (or
// kv.PutOptions{TTL: d}) makes it expire.
func (s *Store[T]) Put(ctx context.Context, key string, v T, opts ...PutOptions) error {
	if err := s.check(key); err != nil {
		return err
	}
	data, err := s.encode(key, v)
	if err != nil {
		return err
	}
	return s.put(ctx, key, data, opts)
}

// put writes data whose key has already been checked.
func (s *Store[T]) put(ctx context.Context, key string, value []byte, opts []PutOptions) error {
	po, err := s.checkWrite(key, len(value), opts)
	if err != nil {
		return err
	}
	if err := s.b.Put(ctx, key, value, po); err != nil {
		return fmt.Errorf("kv: put %s: %w", quoteKey(key), err)
	}
	return nil
}

// PutIf stores v at key only if the key's current version is expected (""
// = only if absent) and returns the new version. A mismatch is an error
// wrapping ErrConflict; a backend without CAS gives ErrUnsupported.
func (s *Store[T]) PutIf(ctx context.Context, key string, v T, expected Version, opts ...PutOptions) (Version, error) {
	if err := s.check(key); err != nil {
		return "", err
	}
	data, err := s.encode(key, v)
	if err != nil {
		return "", err
	}
	po, err := s.checkWrite(key, len(data), opts)
	if err != nil {
		return "", err
	}
	if s.cas == nil {
		return "", fmt.Errorf("%w: PutIf on key %s: backend %T has no CAS", ErrUnsupported, quoteKey(key), s.b)
	}
	ver, err := s.cas.PutIf(ctx, key, data, expected, po)
	if err != nil {
		return "", fmt.Errorf("kv: put-if %s: %w", quoteKey(key), err)
	}
	return ver, nil
}

// Delete removes key. Deleting an absent key is not an error.
func (s *Store[T]) Delete(ctx context.Context, key string) error {
	if err := s.check(key); err != nil {
		return err
	}
	if err := s.b.Delete(ctx, key); err != nil {
		return fmt.Errorf("kv: delete %s: %w", quoteKey(key), err)
	}
	return nil
}

// check returns the configuration error or validates key.
func (s *Store[T]) check(key string) error {
	if s.err != nil {
		return s.err
	}
	return validateKey(s.limits, key)
}

// checkWrite validates the TTL and size of a write to an already checked
// key and builds its PutOptions.
func (s *Store[T]) checkWrite(key string, size int, opts []PutOptions) (PutOptions, error) {
	var po PutOptions
	for _, o := range opts {
		if o.TTL != 0 {
			po.TTL = o.TTL
		}
	}
	if err := validateTTL(s.limits, po.TTL); err != nil {
		return po, fmt.Errorf("key %s: %w", quoteKey(key), err)
	}
	return po, validateValue(s.limits, key, size)
}

// getItem validates key and fetches it; absence is (Item{}, false, nil).
func (s *Store[T]) getItem(ctx context.Context, key string) (Item, bool, error) {
	if err := s.check(key); err != nil {
		return Item{}, false, err
	}
	item, err := s.b.Get(ctx, key)
	if errors.Is(err, ErrNotFound) {
		return Item{}, false, nil
	}
	if err != nil {
		return Item{}, false, fmt.Errorf("kv: get %s: %w", quoteKey(key), err)
	}
	return item, true, nil
}

func (s *Store[T]) encode(key string, v T) ([]byte, error) {
	data, err := s.codec.Encode(v)
	if err != nil {
		return nil, fmt.Errorf("%w: encode value for key %s: %w", ErrCodec, quoteKey(key), err)
	}
	return data, nil
}

func (s *Store[T]) decode(key string, data []byte) (T, error) {
	v, err := s.codec.Decode(data)
	if err != nil {
		var zero T
		return zero, fmt.Errorf("%w: decode stored value of key %s: %w", ErrCodec, quoteKey(key), err)
	}
	return v, nil
}
