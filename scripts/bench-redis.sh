#!/usr/bin/env bash
# kvchaos run against a local Redis vs redis-benchmark, same server, same
# concurrency. Starts its own redis-server on a free loopback port; for each
# client count runs `redis-benchmark -t set,get` and `kvchaos run --workload
# register` (half gets, half puts, recorded to history.jsonl) in turn,
# `reps` times, and prints each pair and the median ratio.
# redis-benchmark's SET and GET rates are combined as a 50/50 mix
# (harmonic mean), the mix register issues; kvchaos's rate is its ops over
# run_wall_ns (the client phase, recording included).
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

go build -o "$tmp/kvchaos" ./cmd/kvchaos

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for clients in ${clients_list//,/ }; do
  ratios=()
  for rep in $(seq "$reps"); do
    bench=$(redis-benchmark -h 127.0.0.1 -p "$port" -t set,get -c "$clients" -n "$ops" -q 2>/dev/null | tr '\r' '\n')
    set_rps=$(echo "$bench" | awk '/^SET: .*requests per second/ {print $2}' | tail -1)
    get_rps=$(echo "$bench" | awk '/^GET: .*requests per second/ {print $2}' | tail -1)
    redis-cli -p "$port" flushall >/dev/null

    rm -rf "$tmp/run"
    "$tmp/kvchaos" run --store "redis://127.0.0.1:$port/0" --workload register --clients "$clients" \
      --ops "$ops" --keys 1000 --out "$tmp/run" >"$tmp/run.txt" 2>"$tmp/run.err"
    steps=$(sed -n 's/^ *"steps": \([0-9]*\),*$/\1/p' "$tmp/run/run.json")
    wall=$(sed -n 's/^ *"run_wall_ns": \([0-9]*\),*$/\1/p' "$tmp/run/run.json")
    redis-cli -p "$port" flushall >/dev/null

    ratio=$(awk -v set="$set_rps" -v get="$get_rps" -v steps="$steps" -v ns="$wall" -v c="$clients" -v r="$rep" 'BEGIN {
      mix = 2 / (1 / set + 1 / get)
      kvc = steps / (ns / 1e9)
      printf "clients %d run %d: redis-benchmark SET %.0f/s GET %.0f/s mix %.0f ops/s; kvchaos %.0f ops/s; ratio %.2f\n", c, r, set, get, mix, kvc, kvc / mix > "/dev/stderr"
      printf "%.3f\n", kvc / mix
    }')
    ratios+=("$ratio")
  done
  median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
  echo "clients $clients: median ratio kvchaos/redis-benchmark over $reps runs: $median"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
