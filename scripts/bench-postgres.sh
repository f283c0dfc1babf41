#!/usr/bin/env bash
# kvchaos run against PostgreSQL vs pgbench running the adapter's own SQL,
# same server, same concurrency. For each client count runs, `reps` times
# in turn:
#
#   1. kvchaos run --workload register (half gets, half puts, recorded to
#      history.jsonl), then every key read once by every client.
#   2. pgbench -M prepared with two scripts picked at random, as often as
#      the gets and puts of kvchaos's history (in percent): the adapter's Get (SELECT value, version ... WHERE key = $1
#      AND not expired) and its Put (INSERT ... ON CONFLICT DO UPDATE ...
#      RETURNING version, the version from nextval), each statement in its
#      own transaction, on 1000 keys. Same statements, prepared as pgx
#      prepares them, one round trip per op: what is left between the two
#      rates is the client (pgx, the adapter, the workload, recording).
#      TestBenchScriptRunsTheAdapterSQL (backends/postgres) checks that the
#      SQL below is the adapter's. pgbench runs -j min(clients, CPUs)
#      threads, as kvchaos's clients run on every CPU.
#
# kvchaos's rate is every op in its history (the steps and the final
# reads) over run_wall_ns (the client phase, recording and flushing
# included); pgbench's is its tps (each transaction one op).
# The table is kvchaos_bench in database $PGDATABASE (default postgres),
# emptied before each phase and dropped at the end.
#
# PGHOST, PGPORT, PGUSER, PGDATABASE (default 127.0.0.1, 5432, postgres,
# postgres) pick the server; it must accept the user without a password
# (trust) or through ~/.pgpass. KVCHAOS=path uses a kvchaos binary already
# built.
# Usage: scripts/bench-postgres.sh [clients, comma-separated (default 4,8,16)] [ops (default 20000)] [reps (default 3)]
set -euo pipefail
cd "$(dirname "$0")/.."
clients_list=${1:-4,8,16}
ops=${2:-20000}
reps=${3:-3}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} PGDATABASE=${PGDATABASE:-postgres}
table=kvchaos_bench

pgbench=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -1 || true)
[ -n "$pgbench" ] || { echo "pgbench not found (apt-get install postgresql-client)" >&2; exit 2; }
command -v psql >/dev/null || { echo "psql not found (apt-get install postgresql-client)" >&2; exit 2; }
psql -qAtc 'SELECT 1' >/dev/null || { echo "cannot connect to PostgreSQL at $PGHOST:$PGPORT as $PGUSER" >&2; exit 2; }

tmp=$(mktemp -d)
cleanup() {
  psql -qc "DROP TABLE IF EXISTS $table; DROP SEQUENCE IF EXISTS ${table}_version_seq" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

kvchaos=${KVCHAOS:-}
if [ -z "$kvchaos" ]; then
  go build -o "$tmp/kvchaos" ./cmd/kvchaos
  kvchaos=$tmp/kvchaos
fi
store="postgres://$PGUSER@$PGHOST:$PGPORT/$PGDATABASE?sslmode=disable&table=$table"

# The adapter's schema, Get and Put (backends/postgres/sql.go) for the
# table, with $1 = :key, $2 = :value and $3 = :ttl (0: no TTL).
cat >"$tmp/schema.sql" <<'SQL'
CREATE TABLE IF NOT EXISTS "kvchaos_bench" (
	key text COLLATE "C" PRIMARY KEY,
	value bytea NOT NULL,
	version bigint NOT NULL,
	expires_at timestamptz);
CREATE SEQUENCE IF NOT EXISTS "kvchaos_bench_version_seq"
SQL
cat >"$tmp/get.sql" <<'SQL'
\set key random(0, 999)
SELECT value, version FROM "kvchaos_bench" WHERE key = :key AND (expires_at IS NULL OR expires_at > now());
SQL
cat >"$tmp/put.sql" <<'SQL'
\set key random(0, 999)
INSERT INTO "kvchaos_bench" AS t (key, value, version, expires_at)
VALUES (:key, :value, nextval('"kvchaos_bench_version_seq"'), CASE WHEN :ttl::bigint > 0 THEN now() + :ttl::bigint * interval '1 millisecond' END)
ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = excluded.version, expires_at = excluded.expires_at
RETURNING version;
SQL
psql -q -v ON_ERROR_STOP=1 -f "$tmp/schema.sql" >/dev/null
empty() { psql -qc "TRUNCATE $table" >/dev/null; }

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for clients in ${clients_list//,/ }; do
  threads=$((clients < $(nproc) ? clients : $(nproc)))
  ratios=()
  for rep in $(seq "$reps"); do
    empty
    rm -rf "$tmp/run"
    "$kvchaos" run --store "$store" --workload register --clients "$clients" \
      --ops "$ops" --keys 1000 --out "$tmp/run" >"$tmp/run.txt" 2>"$tmp/run.err" ||
      { echo "kvchaos run failed:" >&2; cat "$tmp/run.err" "$tmp/run.txt" >&2; exit 1; }
    gets=$(grep -c '"type":"invoke".*"f":"get"' "$tmp/run/history.jsonl")
    puts=$(grep -c '"type":"invoke".*"f":"put"' "$tmp/run/history.jsonl")
    done_ops=$((gets + puts))
    wall=$(sed -n 's/^ *"run_wall_ns": \([0-9]*\),*$/\1/p' "$tmp/run/run.json")
    get_pct=$(((100 * gets + done_ops / 2) / done_ops))
    empty

    # kvchaos writes values "c<client>-<n>"; keys here are "0".."999"
    # (kvchaos's are "k0".."k999" under a per-run prefix).
    tps=$("$pgbench" -n -M prepared -c "$clients" -j "$threads" -t $(((done_ops + clients - 1) / clients)) \
      -D value=c3-12345 -D ttl=0 -f "$tmp/get.sql@$get_pct" -f "$tmp/put.sql@$((100 - get_pct))" 2>"$tmp/pgbench.err" |
      awk '/^tps = / {print $3}') || true
    [ -n "$tps" ] || { echo "pgbench failed:" >&2; cat "$tmp/pgbench.err" >&2; exit 1; }

    ratio=$(awk -v tps="$tps" -v n="$done_ops" -v ns="$wall" -v c="$clients" -v r="$rep" -v p="$get_pct" 'BEGIN {
      kvc = n / (ns / 1e9)
      printf "clients %d run %d: kvchaos %d ops (%d%% gets) %.0f ops/s; pgbench (adapter SQL, prepared, same mix) %.0f ops/s; ratio %.2f\n", c, r, n, p, kvc, tps, kvc / tps > "/dev/stderr"
      printf "%.3f\n", kvc / tps
    }')
    ratios+=("$ratio")
  done
  median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
  echo "clients $clients: median ratio kvchaos/pgbench over $reps runs: $median"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
