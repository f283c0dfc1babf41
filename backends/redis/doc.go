// Package redis is the kvchaos adapter for Redis, using go-redis v9. It
// registers the redis:// URL scheme:
//
//	redis://[user:password@]host:port[/db][?read_from=host:port&prefix=app/]
//
// Each key is a hash {v: value, r: version} at <ns>k:<key>, where the
// namespace <ns> is "kvchaos:" (Options.Namespace). Versions never repeat,
// so a deleted and re-created key never reuses one: compare-and-set takes
// them from INCR of one counter (<ns>ver), unconditional writes make them
// on the client (a random per-backend base and a counter). Put and PutIf
// run as Lua scripts (EVALSHA: one command and one reply per write; a Put
// of a value over 64 KiB, which Lua would copy, runs as MULTI/EXEC) and
// Delete as a MULTI/EXEC of DEL and ZREM, each atomically, and they maintain a sorted-set index (<ns>idx,
// all scores 0) of the keys, which gives listing in byte order with a stable
// cursor (ZRANGEBYLEX after the last key) — SCAN gives neither order nor
// uniqueness. A key whose hash expired (TTL) is skipped by listings and
// dropped from the index lazily.
//
// read_from=host:port sends Get and List to that server (a replica) while
// writes and PutIf go to the primary: replication is asynchronous, so reads
// can be stale — an eventually consistent store on one machine. The
// prefix= parameter (handled by backends.Open) places every key under a
// prefix; without it each run gets a fresh one. Client retries are disabled: a write
// retried after a lost reply could apply twice, and a failure must be
// reported as an unknown outcome instead. read_timeout= and write_timeout=
// bound each call, not each socket read: the larger of the two (default
// 5 s), plus 1 s per MiB of the value written, or for a read of the
// largest value the handle has written; the wait for a free connection is
// bounded by that plus 1 s (pool_timeout= overrides it). The pool holds at
// least 32 connections (pool_size= overrides it), one per client of a run.
package redis
