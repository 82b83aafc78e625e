# Sourced by scripts/test: starts a throwaway PostgreSQL cluster on a free loopback port in a
# temporary folder, exports ATTUNE_TEST_POSTGRES_URL for the tests, and stops and removes the
# cluster when the test run ends. Without initdb on the machine it does nothing, and the
# PostgreSQL tests report themselves as skipped.

find_pg_bin() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v pg_ctl)"
    return
  fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

start_test_postgres() {
  local bin port folder as_owner
  bin=$(find_pg_bin)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "scripts/test: no initdb on this machine; PostgreSQL tests will be skipped" >&2
    return 0
  fi
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  folder=$(mktemp -d /tmp/attune-pg.XXXXXX)
  as_owner=()
  if [ "$(id -u)" = 0 ]; then
    # initdb refuses to run as root: the cluster belongs to the postgres user.
    chown postgres "$folder"
    as_owner=(runuser -u postgres --)
  fi
  "${as_owner[@]}" "$bin/initdb" -D "$folder/data" -U attune --auth=trust -E UTF8 >"$folder/initdb.log" 2>&1 \
    || { echo "scripts/test: initdb failed, see $folder/initdb.log" >&2; return 1; }
  "${as_owner[@]}" "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w \
    -o "-p $port -h 127.0.0.1 -k $folder -c fsync=off -c max_connections=200" start >/dev/null \
    || { echo "scripts/test: PostgreSQL did not start, see $folder/server.log" >&2; return 1; }
  # Each test creates and drops a database of its own on this server.
  export ATTUNE_TEST_POSTGRES_URL="postgres://attune@127.0.0.1:$port/postgres?sslmode=disable"
  ATTUNE_TEST_POSTGRES_STOP=("${as_owner[@]}" "$bin/pg_ctl" -D "$folder/data" -m immediate stop)
  ATTUNE_TEST_POSTGRES_FOLDER=$folder
  trap stop_test_postgres EXIT
  echo "scripts/test: $("$bin/pg_ctl" --version) on 127.0.0.1:$port for this run" >&2
}

stop_test_postgres() {
  "${ATTUNE_TEST_POSTGRES_STOP[@]}" >/dev/null 2>&1 || true
  rm -rf "$ATTUNE_TEST_POSTGRES_FOLDER"
}
