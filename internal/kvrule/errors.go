package kvrule

import "errors"

// The sentinels the rules wrap; kv re-exports them under the same names,
// so kv.ErrInvalidKey == ErrInvalidKey.
var (
	// ErrInvalidKey: the key breaks the backend's key rules.
	ErrInvalidKey = errors.New("kv: invalid key")
	// ErrValueTooLarge: the value exceeds the backend's size limit.
	ErrValueTooLarge = errors.New("kv: value too large")
	// ErrInvalidTTL: the TTL is outside the allowed range.
	ErrInvalidTTL = errors.New("kv: invalid ttl")
	// ErrInvalidArgument: another argument (page size, prefix, cursor) is invalid.
	ErrInvalidArgument = errors.New("kv: invalid argument")
)
