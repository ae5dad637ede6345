#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the Cruddur toolkit's user-lookup tests and prints
# its connection URL (the only line on stdout), e.g.
#
#   export DDB_TEST_PG_URL="$(tests/pg/start-postgres.sh)"
#
# It installs Debian's `postgresql` package when no server binary is present, then runs a
# private cluster (its own data directory, a free port on 127.0.0.1, trust authentication) so it
# never touches a system cluster. Running it again reuses the cluster if it is still up.
# Stop it with: tests/pg/start-postgres.sh --stop
#
# Settings: DDB_PG_DIR (default /tmp/ddb-test-pg), DDB_PG_PORT (default: first free from 54329),
# DDB_PG_DB (default cruddur_test).
set -euo pipefail

dir="${DDB_PG_DIR:-/tmp/ddb-test-pg}"
db="${DDB_PG_DB:-cruddur_test}"
data="$dir/data"
log() { echo "start-postgres: $*" >&2; }

find_bindir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

bindir="$(find_bindir)"
if [ -z "$bindir" ] || [ ! -x "$bindir/postgres" ]; then
  if [ "$(id -u)" != 0 ]; then
    log "PostgreSQL is not installed and installing it needs root (apt-get install postgresql)"
    exit 1
  fi
  log "installing postgresql from Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  bindir="$(find_bindir)"
fi

# PostgreSQL refuses to run as root; as root, run the server as the `postgres` user.
if [ "$(id -u)" = 0 ]; then
  owner=postgres
  as_owner() { runuser -u postgres -- "$@"; }
else
  owner="$(id -un)"
  as_owner() { "$@"; }
fi

if [ "${1:-}" = "--stop" ]; then
  if [ -f "$data/PG_VERSION" ]; then
    as_owner "$bindir/pg_ctl" -D "$data" -m fast stop >&2 || true
  fi
  exit 0
fi

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

running() { [ -f "$data/PG_VERSION" ] && as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; }

if running && [ -f "$dir/port" ]; then
  port="$(cat "$dir/port")"
  log "reusing the running cluster in $data on port $port"
else
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$dir"
    rm -rf "$data"
    mkdir -p "$data"
    chown -R "$owner" "$dir"
    log "initializing a cluster in $data"
    as_owner "$bindir/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 >/dev/null
  fi
  port="${DDB_PG_PORT:-}"
  if [ -z "$port" ]; then
    port=54329
    while port_in_use "$port"; do port=$((port + 1)); done
  fi
  echo "$port" >"$dir/port"
  chown "$owner" "$dir/port"
  log "starting PostgreSQL ($bindir) on 127.0.0.1:$port"
  # The socket goes in our own directory: /var/run/postgresql may not exist or be writable.
  as_owner "$bindir/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $dir" start >&2
fi

if ! as_owner "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
  "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
  as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db"
fi

echo "postgresql://postgres@127.0.0.1:$port/$db"
