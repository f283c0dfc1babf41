package postgres

import (
	"strings"

	"github.com/jackc/pgx/v5"
)

// statements are the adapter's SQL for one table.
type statements struct {
	schema, get, put, createIf, updateIf, del, list string
}

// expiry turns the TTL in milliseconds ($3) into expires_at (NULL for 0).
const expiry = "CASE WHEN $3::bigint > 0 THEN now() + $3::bigint * interval '1 millisecond' END"

const live = "(expires_at IS NULL OR expires_at > now())"

func newStatements(table string) statements {
	t := pgx.Identifier{table}.Sanitize()
	seq := pgx.Identifier{table + "_version_seq"}.Sanitize()
	r := strings.NewReplacer("{t}", t, "{seq}", seq, "{expiry}", expiry, "{live}", live)
	return statements{
		schema: r.Replace(`CREATE TABLE IF NOT EXISTS {t} (
	key text COLLATE "C" PRIMARY KEY,
	value bytea NOT NULL,
	version bigint NOT NULL,
	expires_at timestamptz);
CREATE SEQUENCE IF NOT EXISTS {seq}`),
		get: r.Replace(`SELECT value, version FROM {t} WHERE key = $1 AND {live}`),
		put: r.Replace(`INSERT INTO {t} AS t (key, value, version, expires_at)
VALUES ($1, $2, nextval('{seq}'), {expiry})
ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = excluded.version, expires_at = excluded.expires_at
RETURNING version`),
		createIf: r.Replace(`INSERT INTO {t} AS t (key, value, version, expires_at)
VALUES ($1, $2, nextval('{seq}'), {expiry})
ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = excluded.version, expires_at = excluded.expires_at
WHERE t.expires_at IS NOT NULL AND t.expires_at <= now()
RETURNING version`),
		updateIf: r.Replace(`UPDATE {t} SET value = $2, version = nextval('{seq}'), expires_at = {expiry}
WHERE key = $1 AND version = $4 AND {live}
RETURNING version`),
		del: r.Replace(`DELETE FROM {t} WHERE key = $1`),
		list: r.Replace(`SELECT key FROM {t}
WHERE key >= $1 AND key > $2 AND ($3::text IS NULL OR key < $3) AND {live}
ORDER BY key LIMIT $4`),
	}
}
