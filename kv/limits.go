package kv

import "time"

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
