#!/usr/bin/env bash
# kvchaos run against a local Redis vs redis-benchmark, same server, same
# concurrency. Starts its own redis-server on a free loopback port; for each
# client count runs, `reps` times in turn:
#
#   1. redis-benchmark sending the adapter's own commands (the baseline the
#      ratio is taken against): `HMGET <data key> v r` (the adapter's Get)
#      and `EVALSHA <put script> 2 <data key> <index> <value> <version> 0
#      <key>` (its Put: one script doing HSET, PERSIST and ZADD, loaded from
#      backends/redis/scripts.go), on 1000 keys, values and versions of the
#      sizes kvchaos writes. Same commands, same round trips per op: what is
#      left between the two rates is the client (go-redis, the adapter, the
#      workload, recording).
#   2. redis-benchmark -t set,get, printed for reference: plain SET/GET do
#      less work on the server (no version, no key index for prefix
#      listings), so kvchaos is not expected to reach that rate.
#   3. kvchaos run --workload register (half gets, half puts, recorded to
#      history.jsonl).
#
# kvchaos's rate is every op in its history (the steps and the final read
# of every key by every client) over run_wall_ns (the client phase,
# recording and flushing included). Each pair of redis-benchmark rates is
# combined into the rate of the mix of gets and puts that history holds
# (the time for its gets at the get rate plus its puts at the put rate):
# about half and half, plus the final reads. redis-benchmark runs with
# --threads min(clients, CPUs), as kvchaos's clients run on every CPU.
#
# KVCHAOS=path uses a kvchaos binary already built (to compare two builds).
# Usage: scripts/bench-redis.sh [clients, comma-separated (default 4,8,16)] [ops (default 100000)] [reps (default 3)]
set -euo pipefail
cd "$(dirname "$0")/.."
clients_list=${1:-4,8,16}
ops=${2:-100000}
reps=${3:-3}

for bin in redis-server redis-benchmark redis-cli; do
  command -v "$bin" >/dev/null || { echo "$bin not found (apt-get install redis-server redis-tools)" >&2; exit 2; }
done

tmp=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

port=""
for p in $(seq 17000 17999); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
[ -n "$port" ] || { echo "no free port in 17000-17999" >&2; exit 2; }

redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$tmp" >"$tmp/redis.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
  redis-cli -p "$port" ping >/dev/null 2>&1 && break
  sleep 0.05
done
redis-cli -p "$port" ping >/dev/null || { echo "redis-server did not start:" >&2; cat "$tmp/redis.log" >&2; exit 2; }
rcli() { redis-cli -h 127.0.0.1 -p "$port" "$@"; }

kvchaos=${KVCHAOS:-}
if [ -z "$kvchaos" ]; then
  go build -o "$tmp/kvchaos" ./cmd/kvchaos
  kvchaos=$tmp/kvchaos
fi

# The adapter's put script, as the Go source has it.
put_src=$(sed -n '/^var putScript = goredis.NewScript(`$/,/^`)$/p' backends/redis/scripts.go | sed '1d;$d')
[ -n "$put_src" ] || { echo "putScript not found in backends/redis/scripts.go" >&2; exit 2; }

# rps ARGS...: requests per second of one redis-benchmark test.
rps() {
  redis-benchmark -h 127.0.0.1 -p "$port" -c "$clients" -n "$ops" --threads "$threads" -q "$@" 2>/dev/null | tr '\r' '\n' |
    awk '/requests per second/ {for (i = 1; i < NF; i++) if ($(i + 1) == "requests") r = $i} END {print r}'
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for clients in ${clients_list//,/ }; do
  threads=$(( clients < $(nproc) ? clients : $(nproc) ))
  ratios=() plain=()
  for rep in $(seq "$reps"); do
    sha=$(rcli script load "$put_src")
    # kvchaos's keys are k0..k999 under kvchaos:k:, the index kvchaos:idx;
    # a value "c<client>-<n>", a version "w<base36 64-bit>.<base36 n>". The
    # puts run first, so the gets find the keys.
    put_rps=$(rps -r 1000 evalsha "$sha" 2 kvchaos:k:k__rand_int__ kvchaos:idx c3-12345 w1x2y3z4a5b6c7.2s1 0 k__rand_int__)
    get_rps=$(rps -r 1000 hmget kvchaos:k:k__rand_int__ v r)
    set_rps=$(rps -t set)
    getp_rps=$(rps -t get)
    rcli flushall >/dev/null

    rm -rf "$tmp/run"
    "$kvchaos" run --store "redis://127.0.0.1:$port/0" --workload register --clients "$clients" \
      --ops "$ops" --keys 1000 --out "$tmp/run" >"$tmp/run.txt" 2>"$tmp/run.err" ||
      { echo "kvchaos run failed:" >&2; cat "$tmp/run.err" "$tmp/run.txt" >&2; exit 1; }
    gets=$(grep -c '"type":"invoke".*"f":"get"' "$tmp/run/history.jsonl")
    puts=$(grep -c '"type":"invoke".*"f":"put"' "$tmp/run/history.jsonl")
    wall=$(sed -n 's/^ *"run_wall_ns": \([0-9]*\),*$/\1/p' "$tmp/run/run.json")
    rcli flushall >/dev/null

    line=$(awk -v put="$put_rps" -v get="$get_rps" -v set="$set_rps" -v getp="$getp_rps" -v gets="$gets" -v puts="$puts" -v ns="$wall" -v c="$clients" -v r="$rep" 'BEGIN {
      n = gets + puts
      same = n / (gets / get + puts / put)
      plain = n / (gets / getp + puts / set)
      kvc = n / (ns / 1e9)
      printf "clients %d run %d: redis-benchmark same commands: EVALSHA put %.0f/s HMGET %.0f/s mix %.0f ops/s; plain SET %.0f/s GET %.0f/s mix %.0f ops/s; kvchaos %d gets %d puts %.0f ops/s; ratio %.2f (plain %.2f)\n", c, r, put, get, same, set, getp, plain, gets, puts, kvc, kvc / same, kvc / plain > "/dev/stderr"
      printf "%.3f %.3f\n", kvc / same, kvc / plain
    }')
    ratios+=("${line% *}")
    plain+=("${line#* }")
  done
  median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
  echo "clients $clients: median ratio kvchaos/redis-benchmark (same commands) over $reps runs: $(median "${ratios[@]}") (plain SET/GET: $(median "${plain[@]}"))"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
