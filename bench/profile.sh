#!/usr/bin/env bash
# Profiles a release ddb under one workload with perf: where does the server spend its CPU?
#
#   bench/profile.sh get                  # on-disk ddb, 32 connections, 8 s sampled
#   bench/profile.sh --in-memory query 5
#   DDB_ARGS="--sync always" bench/profile.sh put
#
# The table is created and preloaded first (not sampled); then perf samples the server process
# (with call graphs) while the generator runs. Writes bench/results/profile-<workload>.{perf,txt}
# and prints the top of the flat profile. Needs `perf` and a release build
# (cargo build --release -p ddb-cli -p ddb-bench).
set -euo pipefail
cd "$(dirname "$0")/.."

mem=()
if [ "${1:-}" = --in-memory ]; then mem=(--in-memory); shift; fi
workload=${1:?usage: bench/profile.sh [--in-memory] WORKLOAD [SECONDS]}
secs=${2:-8}
connections=${CONNECTIONS:-32}
items=${ITEMS:-10000}
DDB=${DDB_BIN:-target/release/ddb}
BENCH=${BENCH_BIN:-target/release/ddb-bench}
out=bench/results/profile-$workload${mem:+-mem}
mkdir -p bench/results

data=$(mktemp -d)
port=$((18900 + RANDOM % 90))
read -r -a extra <<<"${DDB_ARGS:-}"
if [ ${#mem[@]} -gt 0 ]; then
  "$DDB" serve --port "$port" --in-memory "${extra[@]}" >"$out.log" 2>&1 &
else
  "$DDB" serve --port "$port" --data-dir "$data/ddb-data" "${extra[@]}" >"$out.log" 2>&1 &
fi
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$data"' EXIT
url=http://127.0.0.1:$port
"$BENCH" wait-ready --endpoint "$url"

# Create and preload, unsampled.
"$BENCH" --endpoint "$url" --workload "$workload" --items "$items" --connections "$connections" \
  --duration 1s --warmup 0s --keep-table >/dev/null

perf record -F 1999 -g -p "$pid" -o "$out.perf" -- sleep "$secs" 2>/dev/null &
perf_pid=$!
"$BENCH" --endpoint "$url" --workload "$workload" --items "$items" --connections "$connections" \
  --duration "${secs}s" --warmup 0s --preloaded --server-pid "$pid"
wait "$perf_pid" || true

perf report -i "$out.perf" --no-children --percent-limit 0.5 --stdio 2>/dev/null >"$out.txt" || true
perf report -i "$out.perf" --no-children --sort symbol --stdio -g none 2>/dev/null \
  | grep -E '^ +[0-9]' | head -40
echo "full report: $out.txt (perf data: $out.perf)"
