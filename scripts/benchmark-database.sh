#!/usr/bin/env bash
# Issue 8's and issue 24's benchmarks on a release build, on SQLite and on PostgreSQL:
#  1. `attune generate` of a national synthetic dataset (rows per second);
#  2. `attune audit` of every programme, with and without need against provision
#     (`--need-versus-provision`), and `attune report` (every analysis), read from the
#     database: time and peak memory;
#  3. the programme page and the dashboard under 32 concurrent connections for 30 seconds (wrk),
#     signed in as a centre manager: latency percentiles and errors. Three times: as served (page
#     data kept while nothing is committed), with another connection committing a change ten
#     times a second (so kept data is read again that often), and with the page cache off
#     (`serve --page-cache 0`: every view reads the database);
#  4. every page an administrator, then a centre manager, opens (scripts/benchmark-admin-pages.sh): size and latency.
# Usage: scripts/benchmark-database.sh [centres] [seconds]   (default 3000 centres, 30 s)
# Needs wrk (Debian's wrk), curl, and initdb/pg_ctl for the PostgreSQL half.
set -euo pipefail
cd "$(dirname "$0")/.."
CENTRES=${1:-3000}
SECONDS_OF_LOAD=${2:-30}
export NO_PROXY="127.0.0.1,localhost" no_proxy="127.0.0.1,localhost"
unset ATTUNE_DATABASE_URL
# PostgreSQL has no file beside it for the pseudonyms' site secret: give one (serve --help).
export ATTUNE_SITE_SECRET="${ATTUNE_SITE_SECRET:-benchmark-site-secret-00000000000000000000000000000000}"

swift build -c release --product attune >/dev/null
BIN="$(swift build -c release --show-bin-path)/attune"
WORK=$(mktemp -d /tmp/attune-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr); $(date -u +%Y-%m-%dT%H:%MZ)"

timed() { # label, command...: prints seconds, peak memory, and the machine's load just before
  # (the 1-minute load average: on a shared machine, other tenants' work moves the figures).
  local label=$1 load; shift
  load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f "$label: %e s, peak memory %M KiB, load average before $load" "$@" >/dev/null 2>"$WORK/time.txt" \
    || { cat "$WORK/time.txt"; return 1; }
  tail -1 "$WORK/time.txt"
}

audits() { # database
  local database=$1
  # Issue 24: from the stored profiles (text and CSV read no evidence lists), deriving them all
  # again, and comparing them all with a fresh derivation.
  for format in text csv json; do
    timed "audit from the stored profiles, $format" "$BIN" audit --database "$database" --format "$format"
  done
  timed "audit --recompute (every profile derived and stored again)" "$BIN" audit --recompute --database "$database"
  timed "audit --verify (every profile derived and compared)" "$BIN" audit --verify --database "$database"
  # Three runs of the floor's command: the shared machine moves one run by up to a quarter.
  for run in 1 2 3; do
    timed "audit plus need against provision, text (run $run)" "$BIN" audit --need-versus-provision --database "$database"
  done
  timed "audit plus need against provision, JSON" "$BIN" audit --need-versus-provision --database "$database" --format json
  timed "audit (every programme's profile), CSV" "$BIN" audit --database "$database" --format csv
  timed "report (every analysis), JSON" "$BIN" report --database "$database" --format json
}

# Commits a change (centre C1's name, a dot added or taken off) every tenth of a second until
# killed: pages' kept data goes stale as often, as it would beside busy users.
writer() { # database
  local database=$1
  local change="UPDATE centres SET name = CASE WHEN name LIKE '%.' THEN rtrim(name, '.') ELSE name || '.' END WHERE code = 'C1'"
  if [[ "$database" == postgres* ]]; then
    while true; do psql "${database%%&pool_size*}" -qc "$change" >/dev/null; sleep 0.1; done
  else
    exec python3 -c 'import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=5)
while True:
    db.execute(sys.argv[2])
    time.sleep(0.1)' "$database" "$change"
  fi
}

source "$(dirname "$0")/benchmark-sign-in.sh"

load_test() { # database, label, [with-writes], [serve options...]
  local database=$1 label=$2 writes=${3:-} port password csrf cookie writer_pid=""
  shift 3 || shift $#
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  password=$("$BIN" users create --role manager --username "bench-$port" --name "Benchmark manager" --centres C0 \
               --generate-password --database "$database" | sed -n 's/^Password .*: //p')
  "$BIN" serve --database "$database" --port "$port" "$@" >"$WORK/serve.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
  csrf=$(curl -s -c "$WORK/jar" -b "$WORK/jar" "http://127.0.0.1:$port/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
  curl -s -c "$WORK/jar" -b "$WORK/jar" -o /dev/null --data-urlencode "username=bench-$port" --data-urlencode "password=$password" \
       --data-urlencode "_csrf=$csrf" "http://127.0.0.1:$port/login"
  cookie=$(awk '$6 == "attune_session" { print $7 }' "$WORK/jar")
  if [ -n "$writes" ]; then writer "$database" & writer_pid=$!; fi
  for path in /programmes/C0-P0 / /programmes /evaluation; do
    echo "-- GET $path, 32 connections, ${SECONDS_OF_LOAD} s, $label"
    wrk -t4 -c32 -d"${SECONDS_OF_LOAD}s" --latency -H "Cookie: attune_session=$cookie" "http://127.0.0.1:$port$path" \
      | grep -E "Requests/sec|  50%|  90%|  99%|Non-2xx|Socket errors|requests in"
  done
  # The administrator's national pages (issue 24), as served only: summaries with drill-down.
  if [ -z "$writes" ] && [ "$#" -eq 0 ]; then
    local admin
    admin=$(sign_in "$database" "$port" admin "")
    for path in /programmes "/programmes?mechanism=M13&rating=no&need=50" /evaluation "/evaluation?centre=C17" /programmes/C17-P2 /; do
      echo "-- GET $path as the administrator, 32 connections, ${SECONDS_OF_LOAD} s"
      wrk -t4 -c32 -d"${SECONDS_OF_LOAD}s" --latency -H "Cookie: attune_session=$admin" "http://127.0.0.1:$port$path" \
        | grep -E "Requests/sec|  50%|  90%|  99%|Non-2xx|Socket errors|requests in"
    done
    local facilitator csrf
    facilitator=$(sign_in "$database" "$port" facilitator C0)
    python3 scripts/load_test_session_logs.py --base "http://127.0.0.1:$port" --seconds 10 --cookie "$facilitator" || true
    # The same saves from wrk's lighter client, 16 and 32 at once.
    csrf=$(curl -s -b "attune_session=$facilitator" "http://127.0.0.1:$port/programmes/C0-P0/sessions/1" \
             | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
    for writers in 16 32; do
      echo -n "-- session logs saved by wrk, $writers at once, 10 s: "
      COOKIE=$facilitator CSRF=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$csrf") \
        DAY=$(date -u +%F) wrk -t2 -c"$writers" -d10s -s scripts/save-session-logs.lua "http://127.0.0.1:$port" | tail -1
    done
  fi
  if [ -n "$writer_pid" ]; then kill "$writer_pid"; wait "$writer_pid" 2>/dev/null || true; fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

load_tests() { # database
  load_test "$1" "as served"
  load_test "$1" "another connection committing 10 times a second" with-writes
  load_test "$1" "page cache off" "" --page-cache 0
}

echo "== SQLite, $CENTRES centres"
echo "load average before generate: $(cut -d' ' -f1 /proc/loadavg)"
"$BIN" generate --centres "$CENTRES" --seed 20261126 --names --database "$WORK/national.sqlite" 2>/dev/null
audits "$WORK/national.sqlite"
load_tests "$WORK/national.sqlite"
echo "-- every administrator page"
bash scripts/benchmark-admin-pages.sh "$BIN" "$WORK/national.sqlite" "$SECONDS_OF_LOAD"

if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  source scripts/test-postgres.sh
  start_test_postgres
  psql "$ATTUNE_TEST_POSTGRES_URL" -qc "CREATE DATABASE national" >/dev/null
  PG="${ATTUNE_TEST_POSTGRES_URL%/postgres*}/national?sslmode=disable&pool_size=8"
  echo "== PostgreSQL 15, $CENTRES centres"
  echo "load average before generate: $(cut -d' ' -f1 /proc/loadavg)"
  "$BIN" generate --centres "$CENTRES" --seed 20261126 --names --database "$PG" 2>/dev/null
  audits "$PG"
  load_tests "$PG"
  echo "-- every administrator page"
  bash scripts/benchmark-admin-pages.sh "$BIN" "$PG" "$SECONDS_OF_LOAD"
fi
