#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 on 127.0.0.1 and a free port, and prints its URL on stdout.
# Usage: eval "$(bash scripts/pg-throwaway.sh)"   → exports TEST_DATABASE_URL and PG_THROWAWAY_DIR
# Stop it with: bash scripts/pg-throwaway.sh stop "$PG_THROWAWAY_DIR"
set -euo pipefail
BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [ "${1:-}" = "stop" ]; then
  dir=${2:?data dir}
  runuser -u postgres -- "$BIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  exit 0
fi
[ -x "$BIN/initdb" ] || { echo "PostgreSQL 15 server binaries not found in $BIN (apt-get install postgresql-15)" >&2; exit 1; }
dir=$(mktemp -d /tmp/baton-pg.XXXXXX)
chown postgres "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
runuser -u postgres -- "$BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=300 -c shared_buffers=256MB" start >/dev/null
echo "export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$port/postgres"
echo "export PG_THROWAWAY_DIR=$dir"
