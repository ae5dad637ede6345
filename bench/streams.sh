#!/usr/bin/env bash
# DynamoDB Streams measurements, ddb beside Dynoxide in one run with one generator:
#   1. PutItem without a stream and with a NEW_AND_OLD_IMAGES stream, in the order
#      without, with, with, without (so drift on this shared VM cancels out);
#   2. GetRecords draining a stream of --records records (written by the put workload);
#   3. (ddb only) stream trigger delivery lag, put to handler, idle and under the put workload.
# Prints the results; docs/benchmarks.md records them with the machine and this command.
#
#   bench/streams.sh [--no-build] [--servers "ddb ddb-mem dynoxide"] [--duration 10s]
#                    [--records 1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

servers="ddb ddb-mem dynoxide"
duration=10s
records=1000000
build=1
while [ $# -gt 0 ]; do
  case $1 in
    --no-build) build=0 ;;
    --servers) servers=$2; shift ;;
    --duration) duration=$2; shift ;;
    --records) records=$2; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "streams.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

TOOLS=$ROOT/bench/.tools
DYNOXIDE=$(command -v dynoxide || echo "$TOOLS/bin/dynoxide")
if [[ " $servers " == *" dynoxide "* ]] && [ ! -x "$DYNOXIDE" ]; then
  cargo install --locked dynoxide-rs --root "$TOOLS"
  DYNOXIDE=$TOOLS/bin/dynoxide
fi
if [ "$build" = 1 ]; then
  cargo build --release -p ddb-cli -p ddb-bench
fi
DDB=${DDB_BIN:-$ROOT/target/release/ddb}
BENCH=${BENCH_BIN:-$ROOT/target/release/ddb-bench}
WORK=$(mktemp -d)
trap 'kill $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
PID=
port=18300

start() { # start SERVER [extra args...]
  local s=$1; shift
  port=$((port + 1))
  rm -rf "$WORK/data"
  case $s in
    ddb) "$DDB" serve --port $port --data-dir "$WORK/data" "$@" >"$WORK/log" 2>&1 & ;;
    ddb-mem) "$DDB" serve --port $port --in-memory "$@" >"$WORK/log" 2>&1 & ;;
    dynoxide) "$DYNOXIDE" serve --port $port >"$WORK/log" 2>&1 & ;;
  esac
  PID=$!
  "$BENCH" wait-ready --endpoint http://127.0.0.1:$port
}
stop() { kill $PID; wait $PID 2>/dev/null || true; PID=; }
put() { # put LABEL [--stream VIEW]
  local label=$1; shift
  "$BENCH" --endpoint http://127.0.0.1:$port --workload put --duration "$duration" --warmup 2s \
    --label "$label" --server-pid $PID "$@" | grep -E "ops/s|p50|p99" | sed "s/^/  $label: /"
}

echo "== PutItem, without and with a NEW_AND_OLD_IMAGES stream (A B B A, 32 connections, $duration)"
for s in $servers; do
  start "$s"
  put "$s no-stream"
  put "$s stream" --stream NEW_AND_OLD_IMAGES
  put "$s stream" --stream NEW_AND_OLD_IMAGES
  put "$s no-stream"
  stop
done

echo "== GetRecords draining a stream of about $records records (1 KB items)"
for s in $servers; do
  start "$s"
  # Write until the stream holds the records asked for: the put workload at full speed, kept.
  "$BENCH" --endpoint http://127.0.0.1:$port --workload put --stream NEW_AND_OLD_IMAGES \
    --table drain --keep-table --duration 600s --warmup 0s --max-ops "$records" >/dev/null
  echo -n "  $s: "
  "$BENCH" stream-drain --endpoint http://127.0.0.1:$port --table drain
  stop
done

if [[ " $servers " == *" ddb "* ]]; then
  echo "== Trigger delivery lag (ddb, on disk, URL target; 500 puts 10 ms apart)"
  start ddb --trigger "bench-lag=http://127.0.0.1:9009/2015-03-31/functions/function/invocations"
  echo -n "  idle: "
  "$BENCH" trigger-lag --endpoint http://127.0.0.1:$port --table bench-lag --listen 127.0.0.1:9009
  "$BENCH" --endpoint http://127.0.0.1:$port --workload put --duration 20s --warmup 0s >/dev/null &
  LOAD=$!
  sleep 2
  echo -n "  under the put workload: "
  "$BENCH" trigger-lag --endpoint http://127.0.0.1:$port --table bench-lag --listen 127.0.0.1:9009 \
    || true
  wait $LOAD || true
  stop
fi
