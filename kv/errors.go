package kv

import (
	"errors"

	"github.com/kvchaos/kvchaos/internal/kvrule"
)

// Sentinel errors. Backends wrap their native errors so that both
// errors.Is(err, kv.ErrX) and errors.As(err, &nativeErr) work.
var (
	// ErrNotFound: the key does not exist (or has expired).
	ErrNotFound = errors.New("kv: key not found")
	// ErrConflict: a conditional write found a different version than expected.
	ErrConflict = errors.New("kv: version conflict")
	// ErrUnsupported: the backend lacks the capability the call needs (e.g. CAS).
	ErrUnsupported = errors.New("kv: operation not supported by backend")
	// ErrInvalidKey: the key breaks the backend's key rules.
	ErrInvalidKey = kvrule.ErrInvalidKey
	// ErrValueTooLarge: the value exceeds the backend's size limit.
	ErrValueTooLarge = kvrule.ErrValueTooLarge
	// ErrInvalidTTL: the TTL is outside the allowed range.
	ErrInvalidTTL = kvrule.ErrInvalidTTL
	// ErrInvalidArgument: another argument (page size, prefix, cursor) is invalid.
	ErrInvalidArgument = kvrule.ErrInvalidArgument
	// ErrRateLimited: the store refused the call because of a rate limit.
	ErrRateLimited = errors.New("kv: rate limited")
	// ErrUnavailable: the store could not be reached; the outcome of a write
	// that returns it is unknown.
	ErrUnavailable = errors.New("kv: store unavailable")
	// ErrNotSent: the call never reached the store (no connection could be
	// made to send it on), so it certainly had no effect. Adapters return
	// it together with ErrUnavailable, for a write whose outcome is known.
	ErrNotSent = errors.New("kv: request not sent")
)

// ErrCodec: a value could not be encoded, or a stored value could not be
// decoded, by the Store's Codec. The error names the key.
var ErrCodec = errors.New("kv: codec failed")
