// Package postgres is the kvchaos adapter for PostgreSQL, using pgx v5. It
// registers the postgres:// and postgresql:// URL schemes:
//
//	postgres://user[:password]@host:port/db[?table=kvchaos&op_timeout=5s&sslmode=disable&prefix=app/]
//
// Keys live in one table (created when missing):
//
//	key text COLLATE "C" PRIMARY KEY, value bytea, version bigint, expires_at timestamptz
//
// Versions come from one sequence (<table>_version_seq), so a re-created
// key never reuses a version. Put is INSERT … ON CONFLICT DO UPDATE;
// PutIf is a conditional UPDATE … WHERE version = $expected for an
// expected version, and for "must be absent" an INSERT … ON CONFLICT that
// only replaces an expired row, so an expired key counts as absent. TTL
// is expires_at: reads and listings ignore expired rows, and writes
// replace them. Listing is ORDER BY key (byte order, from COLLATE "C")
// with key > the cursor's key, bounded above by the prefix's successor so
// the primary-key index serves it. Each statement runs in its own
// transaction (READ COMMITTED), which makes every single-key operation
// linearizable.
//
// PostgreSQL text cannot hold NUL bytes or invalid UTF-8: such keys fail
// with kv.ErrInvalidKey.
package postgres
