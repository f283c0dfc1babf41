// Package recipes holds patterns that stay correct on a key-value store
// without compare-and-set, such as Cloudflare Workers KV: nothing here
// needs kv.CAS, and nothing ever lets two writers read-modify-write the
// same key.
//
//   - ShardedCounter: a key per writer, summed by a prefix listing.
//   - Tally: a key per increment (idempotent: an increment retried with
//     the same id counts once), summed by a listing, with compaction.
//   - Log: an append-only log, an entry per key, read back by a listing.
//
// Each is proven by a kvtest.Simulate property on the edgecache preset
// that fails for the naive version (recipes_test.go). docs/recipes.md is the
// guide, including what cannot be made safe inside a KV store alone
// (uniqueness, transfers between keys) and the platforms' answer.
//
// Totals and listings are exact once the store has settled (on the
// edgecache preset: once the 60 s read caches have expired); before that
// they may lag, never double count.
package recipes
