package kv

import (
	"fmt"
	"time"
)

// Limits are the validation rules a Store applies before a backend sees a
// call. The defaults follow Cloudflare Workers KV.
type Limits struct {
	// MaxKeyBytes is the longest key allowed, in bytes (default 512).
	MaxKeyBytes int
	// MaxValueBytes is the largest value allowed (default 25 MiB).
	MaxValueBytes int
	// MinTTL and MaxTTL bound a non-zero TTL (defaults 60 s and 365 days).
	MinTTL, MaxTTL time.Duration
	// MaxPageSize is the largest listing page (default 1000).
	MaxPageSize int
	// MaxPrefixBytes is the longest listing prefix (default 512).
	MaxPrefixBytes int
}

// DefaultLimits returns the Cloudflare-like defaults.
func DefaultLimits() Limits {
	return Limits{
		MaxKeyBytes:    512,
		MaxValueBytes:  25 << 20,
		MinTTL:         60 * time.Second,
		MaxTTL:         365 * 24 * time.Hour,
		MaxPageSize:    1000,
		MaxPrefixBytes: 512,
	}
}

// LimitedBackend is the optional interface a backend implements to declare
// its own limits (Fastly allows 1024-byte keys, for example). A Store uses
// them unless WithLimits overrides them.
type LimitedBackend interface {
	Limits() Limits
}

// Validate reports whether l is usable: every bound positive (MinTTL may be
// zero) and MinTTL <= MaxTTL. The error wraps ErrInvalidArgument and names
// the offending field.
func (l Limits) Validate() error {
	switch {
	case l.MaxKeyBytes < 1:
		return fmt.Errorf("%w: Limits.MaxKeyBytes is %d, must be at least 1", ErrInvalidArgument, l.MaxKeyBytes)
	case l.MaxValueBytes < 0:
		return fmt.Errorf("%w: Limits.MaxValueBytes is %d, must not be negative", ErrInvalidArgument, l.MaxValueBytes)
	case l.MinTTL < 0:
		return fmt.Errorf("%w: Limits.MinTTL is %v, must not be negative", ErrInvalidArgument, l.MinTTL)
	case l.MaxTTL < l.MinTTL || l.MaxTTL <= 0:
		return fmt.Errorf("%w: Limits.MaxTTL is %v, must be positive and at least MinTTL (%v)", ErrInvalidArgument, l.MaxTTL, l.MinTTL)
	case l.MaxPageSize < 1:
		return fmt.Errorf("%w: Limits.MaxPageSize is %d, must be at least 1", ErrInvalidArgument, l.MaxPageSize)
	case l.MaxPrefixBytes < 0:
		return fmt.Errorf("%w: Limits.MaxPrefixBytes is %d, must not be negative", ErrInvalidArgument, l.MaxPrefixBytes)
	}
	return nil
}
