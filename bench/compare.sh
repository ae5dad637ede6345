#!/usr/bin/env bash
# ddb side by side with the other local DynamoDB servers, measured in one run with one generator;
# writes docs/benchmarks.md.
#
#   bench/compare.sh                # every server, every workload: 32 connections, 10 s, 10k items
#   bench/compare.sh --quick        # 2 s runs after 1 s warm-up
#   bench/compare.sh --big          # also RSS / disk after 1M items and p99 at 1M items (long)
#
# Options: --servers "LIST" --workloads "LIST" --connections N --duration 10s --warmup 2s
#          --items N --big-items N --big-servers "LIST" --no-build --no-wait-quiet --out FILE
#          --carry DIR (take the results of servers not run now, and the --big results when
#          --big is not given, from an earlier results directory; the report says which)
# Workloads: put get query batch-write update scan mixed partiql-get partiql-query (all by
#          default); the last two are get's and query's reads as PartiQL ExecuteStatement, and a
#          server without ExecuteStatement is reported as unsupported for them, e.g.
#          bench/compare.sh --workloads "get partiql-get query partiql-query"
# Before each run it waits (up to 5 minutes) for the machine to be idle (other processes using
# under 0.25 cores), since the generator and server share 2 cores with whatever else runs here;
# each result also records how much CPU everything else used during its measured window.
# Servers: ddb (on disk, default settings), ddb-mem (--in-memory), ddb-auth (--in-memory with
#          credentials: every signature verified; not run by default), ddb-sync (--sync always,
#          fsync per write like Dynoxide --db-path; write workloads only), dynoxide (in memory),
#          dynoxide-disk (--db-path), dynalite (in memory), dynalite-disk (--path), moto, bare
#          (ddb-bench's own minimal HTTP server: the ceiling).
#
# What is missing is installed under bench/.tools (git-ignored): Dynoxide with cargo install,
# dynalite with npm, moto in a Python venv. Raw results go to bench/results/<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
COMMAND="bench/compare.sh${*:+ $*}"

servers="bare dynoxide dynoxide-disk dynalite moto ddb-mem ddb ddb-sync"
workloads="put get query batch-write update scan mixed partiql-get partiql-query"
connections=32
duration=10s
warmup=2s
items=10000
big=0
big_items=1000000
big_servers="dynoxide dynoxide-disk ddb-mem ddb"
build=1
out=docs/benchmarks.md
cold_runs=5
quiet=1
carry=

while [ $# -gt 0 ]; do
  case $1 in
    --quick) duration=2s; warmup=1s; cold_runs=3 ;;
    --big) big=1 ;;
    --servers) servers=$2; shift ;;
    --workloads) workloads=$2; shift ;;
    --connections) connections=$2; shift ;;
    --duration) duration=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    --items) items=$2; shift ;;
    --big-items) big_items=$2; shift ;;
    --big-servers) big_servers=$2; shift ;;
    --no-build) build=0 ;;
    --no-wait-quiet) quiet=0 ;;
    --carry) carry=$2; shift ;;
    --out) out=$2; shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

has() { case " $1 " in *" $2 "*) return 0 ;; *) return 1 ;; esac; }
log() { echo "== $*" >&2; }

TOOLS=$ROOT/bench/.tools
RUN=$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$RUN/data"

# ---------------------------------------------------------------------------------------------
# Install what is missing.
DYNOXIDE=$(command -v dynoxide || echo "$TOOLS/bin/dynoxide")
DYNALITE=$TOOLS/node/node_modules/dynalite/cli.js
MOTO=$(command -v moto_server || echo "$TOOLS/venv/bin/moto_server")
if [[ " $servers $big_servers " == *" dynoxide"* ]] && [ ! -x "$DYNOXIDE" ]; then
  log "installing Dynoxide (cargo install dynoxide-rs) into bench/.tools"
  cargo install --locked dynoxide-rs --root "$TOOLS"
  DYNOXIDE=$TOOLS/bin/dynoxide
fi
if [[ " $servers " == *" dynalite"* ]] && [ ! -f "$DYNALITE" ]; then
  log "installing dynalite (npm) into bench/.tools/node"
  mkdir -p "$TOOLS/node"
  npm install --prefix "$TOOLS/node" --no-audit --no-fund dynalite >&2
fi
if has "$servers" moto && [ ! -x "$MOTO" ]; then
  log "installing moto[server] (pip) into bench/.tools/venv"
  python3 -m venv "$TOOLS/venv"
  "$TOOLS/venv/bin/pip" install --quiet 'moto[server]'
  MOTO=$TOOLS/venv/bin/moto_server
fi
if [ "$build" = 1 ]; then
  log "building ddb and ddb-bench (release)"
  cargo build --release -p ddb-cli -p ddb-bench
fi
DDB=${DDB_BIN:-$ROOT/target/release/ddb}
BENCH=${BENCH_BIN:-$ROOT/target/release/ddb-bench}

# ---------------------------------------------------------------------------------------------
# Servers.
port=18100
# Sets cmd=(...) for server $1 listening on $2 with its data under directory $3.
server_cmd() {
  case $1 in
    ddb) cmd=("$DDB" serve --port "$2" --data-dir "$3/ddb-data") ;;
    ddb-mem) cmd=("$DDB" serve --port "$2" --in-memory) ;;
    # In memory, verifying every signature against the generator's key (AKIDBENCH / secret).
    ddb-auth) cmd=(env DDB_ACCESS_KEY_ID=AKIDBENCH DDB_SECRET_ACCESS_KEY=secret "$DDB" serve --port "$2" --in-memory) ;;
    ddb-sync) cmd=("$DDB" serve --port "$2" --data-dir "$3/ddb-data" --sync always) ;;
    dynoxide) cmd=("$DYNOXIDE" serve --port "$2") ;;
    dynoxide-disk) cmd=("$DYNOXIDE" serve --port "$2" --db-path "$3/dynoxide.db") ;;
    dynalite) cmd=(node "$DYNALITE" --port "$2") ;;
    dynalite-disk) cmd=(node "$DYNALITE" --port "$2" --path "$3/leveldb") ;;
    moto) cmd=("$MOTO" -H 127.0.0.1 -p "$2") ;;
    bare) cmd=("$BENCH" serve-bare --port "$2") ;;
    *) echo "compare.sh: unknown server $1" >&2; exit 2 ;;
  esac
}

SERVER_PID=
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
}
trap stop_server EXIT

# start_server NAME DIR: starts it on a new port; sets $url.
start_server() {
  port=$((port + 1))
  mkdir -p "$2"
  server_cmd "$1" "$port" "$2"
  "${cmd[@]}" >>"$RUN/$1.log" 2>&1 &
  SERVER_PID=$!
  url=http://127.0.0.1:$port
  "$BENCH" wait-ready --endpoint "$url" --timeout 120s
}

# Busy (non-idle) CPU ticks of the machine so far.
busy_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat; }
# Waits until the machine is nearly idle over a 2 s window (at most 5 minutes).
wait_quiet() {
  [ "$quiet" = 1 ] || return 0
  local waited=0 a b
  while [ "$waited" -lt 300 ]; do
    a=$(busy_ticks); sleep 2; b=$(busy_ticks)
    # USER_HZ 100: under 0.25 cores means fewer than 50 ticks in 2 s.
    [ $((b - a)) -lt 50 ] && return 0
    waited=$((waited + 2))
    [ $((waited % 30)) -eq 0 ] && log "waiting for the machine to be idle ($(( (b - a) / 2 ))% busy)"
  done
  log "the machine did not become idle; measuring anyway"
}

# bench NAME OUTFILE ARGS...: one generator run; a failure is recorded, not fatal. A server that
# does not implement the workload's operation (ddb-bench exits with 3: UnknownOperationException
# and the like, e.g. ExecuteStatement on dynalite) is recorded as unsupported, not as failed. A
# run during which other processes kept more than 0.25 cores busy is repeated (twice at most)
# after waiting for quiet, keeping the least disturbed one.
bench() {
  local name=$1 json=$2; shift 2
  local try ok=0 best= other rc
  for try in 1 2 3; do
    wait_quiet
    rc=0
    "$BENCH" --endpoint "$url" --label "$name" --connections "$connections" \
      --duration "$duration" --warmup "$warmup" --json "$json.try$try" --server-pid "$SERVER_PID" \
      "$@" >"$json.out" 2>&1 || rc=$?
    if [ "$rc" = 3 ]; then
      ok=unsupported
      break
    elif [ "$rc" = 0 ]; then
      ok=1
      other=$(jq -r '.other_cpu_cores // 0' "$json.try$try")
      if [ -z "$best" ] || [ "$(jq -n --argjson a "$other" --argjson b "$(jq -r '.other_cpu_cores // 0' "$best")" '$a < $b')" = true ]; then
        best=$json.try$try
      fi
      if [ "$(jq -n --argjson a "$other" '$a <= 0.25')" = true ]; then break; fi
      log "$name $*: other processes used $other cores during the run; repeating"
    else
      ok=0
      break
    fi
  done
  if [ "$ok" = 1 ]; then
    mv "$best" "$json"
    rm -f "$json".try*
    sed 's/^/   /' "$json.out" >&2
  elif [ "$ok" = unsupported ]; then
    log "unsupported: $name does not implement what $* needs (skipped)"
    sed 's/^/   /' "$json.out" >&2
    cp "$json.out" "${json%.json}.unsupported"
    rm -f "$json" "$json".try*
  else
    log "FAILED: $name $*"
    sed 's/^/   /' "$json.out" >&2
    cp "$json.out" "${json%.json}.failed"
    rm -f "$json" "$json".try*
  fi
}

rate_of() { # ops/s of a finished run, or nothing
  [ -f "$1" ] && jq -r '.ops_per_sec' "$1" || true
}

# ---------------------------------------------------------------------------------------------
# Machine and versions.
ddb_rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
versions=$(jq -n \
  --arg ddb "$ddb_rev" \
  --arg dynoxide "$( [ -x "$DYNOXIDE" ] && "$DYNOXIDE" --version 2>/dev/null | head -n1 | awk '{print $NF}' || true)$(cargo install --list --root "$TOOLS" 2>/dev/null | awk '/^dynoxide-rs /{sub(":","",$2); print " (crate dynoxide-rs " $2 ")"}')" \
  --arg dynalite "$( [ -f "$DYNALITE" ] && jq -r .version "$(dirname "$DYNALITE")/package.json" || true)" \
  --arg moto "$( [ -x "$MOTO" ] && "$(dirname "$MOTO")/python" -c 'import moto; print(moto.__version__)' 2>/dev/null || true)" \
  --arg node "$(node --version 2>/dev/null || true)" \
  '{ddb: $ddb, dynoxide: $dynoxide, dynalite: $dynalite, moto: $moto, node: $node}')
jq -n \
  --arg command "$COMMAND" \
  --arg date "$(date -u '+%Y-%m-%d %H:%M UTC')" \
  --arg nproc "$(nproc)" \
  --arg cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" \
  --arg mem_kib "$(grep MemTotal /proc/meminfo | awk '{print $2}')" \
  --arg kernel "$(uname -r)" \
  --arg connections "$connections" --arg duration "$duration" --arg warmup "$warmup" \
  --arg items "$items" --arg big "$big" --arg big_items "$big_items" \
  --arg servers "$servers" --arg workloads "$workloads" --arg cold_runs "$cold_runs" \
  --argjson versions "$versions" \
  '{command: $command, date: $date, nproc: $nproc, cpu: $cpu, mem_kib: $mem_kib,
    kernel: $kernel, connections: $connections, duration: $duration, warmup: $warmup,
    items: $items, big: $big, big_items: $big_items, servers: $servers,
    workloads: $workloads, cold_runs: $cold_runs, versions: $versions}' >"$RUN/meta.json"

# ---------------------------------------------------------------------------------------------
# The runs. Peers go first so that ddb can then also be measured at Dynoxide's top rates.
for s in $servers; do
  dir=$RUN/data/$s
  if [ "$s" != ddb-sync ]; then
    log "$s: cold start and idle RSS"
    wait_quiet
    port=$((port + 1))
    mkdir -p "$dir/cold"
    server_cmd "$s" "$port" "$dir/cold"
    "$BENCH" cold-start --endpoint "http://127.0.0.1:$port" --runs "$cold_runs" --idle-wait 1s \
      --label "$s" --json "$RUN/cold-$s.json" --log "$RUN/$s.cold.log" -- "${cmd[@]}" >&2 \
      || log "FAILED: cold start of $s"
  fi

  log "$s: workloads"
  start_server "$s" "$dir/run"
  if [ "$s" = bare ]; then
    bench "$s" "$RUN/run-$s-bare.json" --workload bare --items "$items"
  else
    for w in $workloads; do
      # ddb --sync always differs from ddb only where it writes.
      if [ "$s" = ddb-sync ] && ! has "put batch-write update mixed" "$w"; then continue; fi
      bench "$s" "$RUN/run-$s-$w.json" --workload "$w" --items "$items"
    done
    # Latency at Dynoxide's own top throughput.
    peer=
    case $s in ddb) peer=dynoxide-disk ;; ddb-mem) peer=dynoxide ;; esac
    if [ -n "$peer" ]; then
      for w in put get query; do
        r=$(rate_of "$RUN/run-$peer-$w.json")
        if [ -n "$r" ] && has "$workloads" "$w"; then
          bench "$s" "$RUN/paced-$s-$w.json" --workload "$w" --items "$items" --rate "$r"
        fi
      done
    fi
  fi
  if [ -d /proc/"$SERVER_PID" ]; then
    grep VmRSS /proc/"$SERVER_PID"/status | awk '{print $2}' >"$RUN/rss-after-$s.txt" || true
  fi
  stop_server
  rm -rf "$dir"
done

# RSS and on-disk size after loading many items, and p99 at that size.
if [ "$big" = 1 ]; then
  for s in $big_servers; do
    dir=$RUN/data/big-$s
    log "$s: $big_items items"
    start_server "$s" "$dir"
    bench "$s" "$RUN/big-$s-get.json" --workload get --items "$big_items" --keep-table --check
    rss=$(grep VmRSS /proc/"$SERVER_PID"/status | awk '{print $2}')
    disk=$(du -sb "$dir" | awk '{print $1}')
    jq -n --arg rss "$rss" --arg disk "$disk" --arg items "$big_items" \
      '{rss_kib: ($rss|tonumber), disk_bytes: ($disk|tonumber), items: ($items|tonumber)}' \
      >"$RUN/big-$s-size.json"
    "$BENCH" drop --endpoint "$url" --table bench-get || true
    bench "$s" "$RUN/big-$s-query.json" --workload query --items "$big_items"
    stop_server
    rm -rf "$dir"
  done
fi

# Results carried over from an earlier run.
if [ -n "$carry" ]; then
  carried=()
  for f in "$carry"/run-*.json "$carry"/paced-*.json "$carry"/cold-*.json; do
    [ -f "$f" ] || continue
    label=$(jq -r .label "$f")
    if ! has "$servers" "$label"; then cp "$f" "$RUN/"; carried+=("$label"); fi
  done
  if [ "$big" = 0 ]; then
    for f in "$carry"/big-*.json; do [ -f "$f" ] && cp "$f" "$RUN/" && carried+=("big"); done
    jq --arg b "$(jq -r .big_items "$carry/meta.json")" '.big = "1" | .big_items = $b' \
      "$RUN/meta.json" >"$RUN/meta.tmp" && mv "$RUN/meta.tmp" "$RUN/meta.json"
  fi
  all_servers=$(jq -r .servers "$carry/meta.json")
  for s in $all_servers; do has "$servers" "$s" || servers="$servers $s"; done
  jq --arg from "$(jq -r .date "$carry/meta.json")" \
    --arg what "$(printf '%s\n' "${carried[@]}" | sort -u | tr '\n' ' ')" --arg servers "$servers" \
    '.carried_from = $from | .carried = $what | .servers = $servers' \
    "$RUN/meta.json" >"$RUN/meta.tmp" && mv "$RUN/meta.tmp" "$RUN/meta.json"
fi

log "writing $out"
python3 bench/report.py "$RUN" >"$out"
cp "$out" "$RUN/"
log "done: $out (raw results in ${RUN#"$ROOT"/})"
