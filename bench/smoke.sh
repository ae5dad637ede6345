#!/usr/bin/env bash
# Smoke run of the load generator: every workload for 1 s on 4 connections with 200 items,
# against an in-memory ddb this script starts, with --check (answers' content verified).
# No timing assertions (timing belongs to the benchmark, bench/compare.sh); any request
# error, wrong answer or crash fails the run.
#
#   bench/smoke.sh                      # builds ddb and ddb-bench (debug) if needed
#   DDB_BIN=... BENCH_BIN=... bench/smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DDB_BIN=${DDB_BIN:-target/debug/ddb}
BENCH_BIN=${BENCH_BIN:-target/debug/ddb-bench}
if [ "${SMOKE_NO_BUILD:-}" != 1 ]; then
  cargo build -q -p ddb-cli -p ddb-bench
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Starts "$@" with output to $work/$name.log and waits for the http://127.0.0.1:PORT line it
# prints when ready; sets $url.
start() {
  local name=$1; shift
  : >"$work/$name.log"
  "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
  local pid=$!
  url=
  for _ in $(seq 1 300); do
    url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/$name.log" | head -n1 || true)
    [ -n "$url" ] && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "smoke: $name exited before it was ready:" >&2
      cat "$work/$name.log" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "smoke: $name printed no http://127.0.0.1:PORT line within 30 s:" >&2
  cat "$work/$name.log" >&2
  return 1
}

start ddb "$DDB_BIN" serve --in-memory --port 0
ddb_url=$url
echo "smoke: ddb at $ddb_url"

passed=0
failed=0
failures=()
run() {
  local name=$1; shift
  if "$BENCH_BIN" "$@" >"$work/run.out" 2>&1; then
    passed=$((passed + 1))
    sed 's/^/  /' "$work/run.out"
  else
    failed=$((failed + 1))
    failures+=("$name")
    echo "smoke: FAILED: $name" >&2
    sed 's/^/  /' "$work/run.out" >&2
  fi
}

common=(--connections 4 --duration 1s --warmup 0s --items 200 --check)
for w in put get query batch-write update scan mixed partiql-get partiql-query; do
  run "$w" --endpoint "$ddb_url" --workload "$w" "${common[@]}"
done

# The ceiling server and the generator against it.
start bare "$BENCH_BIN" serve-bare --port 0 --threads 1
run bare --endpoint "$url" --workload bare "${common[@]}"

if [ "$failed" -gt 0 ]; then
  echo "smoke: failed workloads: ${failures[*]}" >&2
  if ! kill -0 "${pids[0]}" 2>/dev/null; then
    echo "smoke: ddb is no longer running; its log:" >&2
    cat "$work/ddb.log" >&2
  fi
fi
echo "smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
