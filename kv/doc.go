// Package kv is kvchaos's typed key-value API: Store[T] over pluggable byte
// Backends, with codecs, validation, prefix-bound listing cursors and an
// atomic UpdateAtomic for backends that offer compare-and-set. Memory is the
// embedded, strongly consistent default backend.
//
// # Backends and capabilities
//
// A Backend stores bytes: Get, Put, Delete, List. Optional capabilities are
// found by type assertion: CAS (PutIf with an expected Version),
// LimitedBackend (the backend's own Limits) and Pacer (a backend on virtual
// time, such as the simulator, paces UpdateAtomic's retries). Backends wrap
// their native errors so that errors.Is(err, kv.ErrX) and errors.As both
// work.
//
// # Store
//
//	visits := kv.NewStore[int](kv.NewMemory())
//	n, err := visits.UpdateAtomic(ctx, "visits", 0, func(n int) int { return n + 1 })
//
// Get returns (value, found, error): absence is not an error. Put takes
// kv.TTL(d). Keys iterates over a prefix following every page;
// ListKeysPage returns one page at a time. GetVersioned and PutIf expose the
// versions UpdateAtomic builds on.
//
// # Update is not atomic; UpdateAtomic is
//
// Update is a plain read-modify-write, as typed KV handles over edge stores
// offer it: two concurrent callers can both read 5 and both write 6, losing
// an update even on a strongly consistent store. UpdateAtomic reads the
// version, applies fn and writes with PutIf, retrying on ErrConflict with
// capped exponential backoff and jitter (WithBackoff) for a bounded number
// of attempts (WithMaxAttempts), after which it returns an error wrapping
// ErrConflict. It never loses an update; without CAS it returns
// ErrUnsupported instead of silently degrading to Update.
//
// # Codecs
//
// Values are JSON by default. Store[[]byte] and Store[string] store raw
// bytes (exactly those types; named types such as json.RawMessage keep
// JSON). WithCodec(c) installs another Codec[T]. Options are deliberately
// not generic, so that kv.WithLimits(l) needs no type argument; WithCodec
// is the one generic option, inferring T from its codec. A codec for the
// wrong type cannot be caught by the compiler, so NewStore records it and
// every call on that Store returns an error wrapping ErrInvalidArgument that
// names both types; NewStore itself never panics. The same holds for a nil
// backend and invalid options.
//
// # Validation
//
// Every Store call is validated before the backend sees it, against the
// Store's Limits (WithLimits, else the backend's LimitedBackend, else
// DefaultLimits, which follow Cloudflare Workers KV): keys of 1..512 bytes,
// valid UTF-8, not "." or "..", no control characters (ErrInvalidKey, with
// the key quoted and truncated in the message); values up to 25 MiB
// (ErrValueTooLarge); TTL 0 or 60 s..1 year (ErrInvalidTTL); page size
// 1..1000 and prefixes up to 512 bytes (ErrInvalidArgument). A stored
// value the codec cannot decode is an error wrapping ErrCodec that names
// the key.
//
// # Cursors
//
// ListKeysPage wraps whatever cursor the backend returns in a token bound
// to the prefix (base64url of a tag, a hash of the prefix and the backend's
// cursor), so for every backend a cursor reused with another prefix, or a
// malformed one, fails with ErrInvalidArgument instead of returning a wrong
// page. Memory's own cursors are key cursors (the last key returned),
// checked against the prefix too; the adapters whose listings are ordered
// by key use the same codec.
package kv
