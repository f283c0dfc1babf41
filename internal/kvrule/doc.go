// Package kvrule holds the rules every layer checks keys, values, TTLs,
// listing prefixes, page sizes and key cursors by, and the sentinel errors
// they wrap. It is the one implementation behind kv's validation, the edge
// dialects' key rules (internal/edgewire), the emulator and the adapters; it
// sits below kv so that kv can use it, and kv re-exports the sentinels
// (kv.ErrInvalidKey is ErrInvalidKey), so errors.Is works with either name.
//
// Users of kv never need this package: a Store validates every call
// against its kv.Limits before the backend sees it.
package kvrule
