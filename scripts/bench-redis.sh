#!/usr/bin/env bash
# kvchaos run against a local Redis vs redis-benchmark, same server, same
# concurrency, one run each. Starts its own redis-server on a free loopback
# port, runs `redis-benchmark -t set,get` and `kvchaos run --workload
# register` (half gets, half puts), prints both figures and their ratio.
# redis-benchmark's SET and GET rates are combined as a 50/50 mix
# (harmonic mean), the mix register issues.
# Usage: scripts/bench-redis.sh [clients (default 4)] [ops (default 100000)]
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${1:-4}
ops=${2:-100000}

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

go build -o "$tmp/kvchaos" ./cmd/kvchaos

bench=$(redis-benchmark -h 127.0.0.1 -p "$port" -t set,get -c "$clients" -n "$ops" -q 2>/dev/null | tr '\r' '\n')
set_rps=$(echo "$bench" | awk '/^SET: .*requests per second/ {print $2}' | tail -1)
get_rps=$(echo "$bench" | awk '/^GET: .*requests per second/ {print $2}' | tail -1)

"$tmp/kvchaos" run --store "redis://127.0.0.1:$port/0" --workload register --clients "$clients" \
  --ops "$ops" --keys 1000 --out "$tmp/run" >"$tmp/run.txt"
steps=$(sed -n 's/^ *"steps": \([0-9]*\),*$/\1/p' "$tmp/run/run.json")
elapsed=$(sed -n 's/^ *"elapsed_ns": \([0-9]*\),*$/\1/p' "$tmp/run/run.json")

awk -v set="$set_rps" -v get="$get_rps" -v steps="$steps" -v ns="$elapsed" -v c="$clients" -v n="$ops" 'BEGIN {
  mix = 2 / (1 / set + 1 / get)
  kvc = steps / (ns / 1e9)
  printf "concurrency %d, %d ops each\n", c, n
  printf "redis-benchmark: SET %.0f/s, GET %.0f/s, 50/50 mix %.0f ops/s\n", set, get, mix
  printf "kvchaos run (register, recorded to history.jsonl): %.0f ops/s (%d ops in %.3f s)\n", kvc, steps, ns / 1e9
  printf "ratio kvchaos/redis-benchmark: %.2f\n", kvc / mix
}'
