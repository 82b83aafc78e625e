#!/usr/bin/env bash
# Every page an administrator opens, and then every page a centre manager of C17 opens, on a
# national database (issue 24's floors: p99 under 100 ms at 32 connections with no errors,
# centre pages under 50 ms, and no page over 1 MB): each page's size, then wrk.
# Usage: scripts/benchmark-admin-pages.sh BIN DATABASE [seconds, default 10]
# (scripts/benchmark-database.sh runs it on the datasets it generates.) On a database made by
# `attune generate`, whose mothers have no names, the search finds nobody.
set -euo pipefail
BIN=$1 DATABASE=$2 SECONDS_OF_LOAD=${3:-10}
export NO_PROXY="127.0.0.1,localhost" no_proxy="127.0.0.1,localhost"
WORK=$(mktemp -d /tmp/attune-admin-pages.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$BIN" serve --database "$DATABASE" --port "$port" --reminders-every 0 >"$WORK/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done

source "$(dirname "$0")/benchmark-sign-in.sh"

# Loads each page given after COOKIE for SECONDS_OF_LOAD seconds.
measure() {
  local cookie=$1; shift
  for path in "$@"; do
    size=$(curl -s -o "$WORK/page" -w '%{http_code} %{size_download} bytes %{time_total} s' -b "attune_session=$cookie" "http://127.0.0.1:$port$path")
    echo "-- GET $path: $size"
    wrk -t4 -c32 -d"${SECONDS_OF_LOAD}s" --latency -H "Cookie: attune_session=$cookie" "http://127.0.0.1:$port$path" \
      | grep -E "Requests/sec|  99%|Non-2xx|Socket errors" | tr -s ' ' | paste -sd' '
  done
}

echo "== a national administrator"
measure "$(sign_in "$DATABASE" "$port" admin)" / /programmes "/programmes?mechanism=M13&rating=no&need=50" /evaluation "/evaluation?centre=C17" \
  /evaluation/cycles /evaluation/actions "/evaluation/actions?centre=C17" /programmes/C17-P2 /programmes/C17-P2/reminders \
  /dyads/C17-P2-D0 "/dyads?name=ash" /admin/users /admin/centres /admin/facilitators /admin/activity \
  "/admin/retention?years=7" /account/password
echo "== a centre manager of C17"
measure "$(sign_in "$DATABASE" "$port" manager C17)" / /programmes /programmes/C17-P2 /programmes/C17-P2/reminders /dyads/C17-P2-D0 "/dyads?name=ash" \
  /evaluation /evaluation/actions /evaluation/cycles /account/password
