// Package nats is the kvchaos adapter for NATS JetStream key-value
// buckets, using the official nats.go jetstream package. It registers the
// nats:// URL scheme:
//
//	nats://[user:password@]host:port[,host:port...][?bucket=NAME&op_timeout=5s&prefix=app/]
//
// The bucket (default "kvchaos", history 1) is created when missing. A
// key's version is its revision (the stream sequence, unique across keys,
// so a re-created key never reuses one); PutIf is Create for "must be
// absent" and Update with the expected revision otherwise, both checked by
// the server.
//
// NATS keys allow only [-/_=.A-Za-z0-9] and '.' separates subject tokens,
// so keys are escaped: bytes outside [-/_A-Za-z0-9] become "=XX" (two
// upper-case hex digits). Any kv key is stored; the bucket shows readable
// names ("a=20b" for "a b").
//
// Listing reads the bucket's key list (a JetStream watcher), decodes,
// filters, sorts and pages it on the client: NATS has no ordered or
// prefix-bounded key listing (subject filters match whole tokens), so
// every page costs a scan of all keys.
//
// TTL: a bucket's TTL is per bucket. Per-key TTL needs per-message TTLs
// (nats-server 2.11+, buckets created with LimitMarkerTTL); the adapter
// creates buckets that way when the server supports it and then writes TTL
// keys with a Nats-TTL header. On older servers, and on buckets created
// without it, a write with a TTL fails with kv.ErrUnsupported.
package nats
