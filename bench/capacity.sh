#!/usr/bin/env bash
# What capacity enforcement costs: server CPU per operation of `ddb serve --in-memory` with
# `--capacity report` (the default) and `--capacity enforce`, on get, put and query, in the order
# report, enforce, enforce, report per workload (so drift on this shared VM cancels out). The
# table is provisioned at 40,000 read and write units, so enforcement meters every request but
# never throttles one. Prints the results; docs/benchmarks.md records them with the machine.
#
#   bench/capacity.sh [--no-build] [--duration 10s] [--workloads "get put query"]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

duration=10s
workloads="get put query"
build=1
while [ $# -gt 0 ]; do
  case $1 in
    --no-build) build=0 ;;
    --duration) duration=$2; shift ;;
    --workloads) workloads=$2; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "capacity.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

if [ "$build" = 1 ]; then
  cargo build --release -p ddb-cli -p ddb-bench
fi
DDB=${DDB_BIN:-$ROOT/target/release/ddb}
BENCH=${BENCH_BIN:-$ROOT/target/release/ddb-bench}
WORK=$(mktemp -d)
trap 'kill $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
PID=
port=18400

run() { # run WORKLOAD MODE
  port=$((port + 1))
  "$DDB" serve --port $port --in-memory --capacity "$2" >"$WORK/log" 2>&1 &
  PID=$!
  "$BENCH" wait-ready --endpoint http://127.0.0.1:$port
  "$BENCH" --endpoint http://127.0.0.1:$port --workload "$1" --duration "$duration" --warmup 2s \
    --provisioned 40000 --label "$2" --server-pid $PID --json "$WORK/$1-$2.json" >/dev/null
  jq -r --arg w "$1" --arg m "$2" \
    '"\($w) \($m): \(.ops_per_sec | floor) ops/s, server \(.server_cpu_us_per_op * 10 | round / 10) us/op, p99 \(.latency_ms.p99) ms"' \
    "$WORK/$1-$2.json"
  kill $PID; wait $PID 2>/dev/null || true; PID=
}

for w in $workloads; do
  for mode in report enforce enforce report; do
    run "$w" "$mode"
  done
done
