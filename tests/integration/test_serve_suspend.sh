#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `handoff serve`: a request waiting for its commit holds no thread.  With
# --threads 1, another process holds the database's write lock (a Python
# sqlite3 BEGIN IMMEDIATE), so the writer's commit waits for it; meanwhile
# N clients POST one event each.  Held requests suspended, not blocking:
#  - the one request thread still answers GET /livez while all N wait;
#  - none of the N is answered before the lock is released (a 2xx means
#    committed);
#  - after the release every one is 200 with "accepted": 1, every lead is
#    there, and the N events took at most 2 commits (the first group may
#    hold one request, the rest arrive while its commit waits: one more),
#    where a thread-per-waiting-request server with 1 thread needs N.
# Usage: test_serve_suspend.sh HANDOFF_BINARY SOURCE_DIR
set -uo pipefail
H=$1
SRC=$2
T=$(mktemp -d)
PID=""
LOCKER=""
cleanup() {
  [ -n "$PID" ] && kill -9 "$PID" 2> /dev/null
  [ -n "$LOCKER" ] && kill "$LOCKER" 2> /dev/null
  [ -n "${KEEP:-}" ] && echo "kept $T" >&2 || rm -rf "$T"
}
trap cleanup EXIT

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
client() { python3 "$SRC/tests/integration/serve_client.py" "$@"; }
prom() { python3 "$SRC/tests/integration/prom_parse.py" "$@"; }
url() { echo "http://127.0.0.1:$PORT$1"; }
get() { curl -s -H "Authorization: Bearer $TOKEN" "$(url "$1")"; }
# within SECONDS COMMAND...: COMMAND succeeds within SECONDS (polled every 50 ms)
within() {
  local end=$(($(date +%s%N) + $1 * 1000000000))
  shift
  while [ "$(date +%s%N)" -lt "$end" ]; do
    "$@" && return 0
    sleep 0.05
  done
  "$@"
}
N=8

"$H" init --db "$T/s.db" --defs "$SRC/examples/definitions.yaml" > /dev/null 2>&1
TOKEN=$("$H" token create --db "$T/s.db" --scope write 2> /dev/null)
PORT=$(client port)
"$H" serve --db "$T/s.db" --listen "127.0.0.1:$PORT" --threads 1 --tick 60000 \
  2> "$T/serve.log" &
PID=$!
up() { curl -sf --max-time 2 "$(url /livez)" > /dev/null; }
check "serve starts with one request thread" within 10 up
commits() {
  get /metrics > "$T/metrics.txt"
  prom "$T/metrics.txt" handoff_commits_total
}
BEFORE=$(commits)

# The write lock, held until a line arrives on the locker's stdin.
mkfifo "$T/release" "$T/locked"
python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
db.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").write("locked\n")
open(sys.argv[3]).read()
db.execute("ROLLBACK")
' "$T/s.db" "$T/locked" "$T/release" &
LOCKER=$!
check "another process holds the write lock" test "$(head -1 "$T/locked")" = locked

for i in $(seq "$N"); do
  printf '{"id":"sus-%d","ts":"2026-03-02T14:05:0%dZ","type":"page_view","lead":"s%d@sus.io"}' \
    "$i" "$i" "$i" > "$T/e$i.json"
  curl -s -o "$T/r$i.json" -w '%{http_code}' --max-time 60 -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' --data-binary "@$T/e$i.json" "$(url /v1/events)" \
    > "$T/code$i" &
done
# Every client connected (the bodies are a few bytes: read at once).
connected() { [ "$(ss -Htn state established "( dport = :$PORT )" | wc -l)" -ge "$N" ]; }
check "the $N clients are connected" within 10 connected
sleep 0.3

check "GET /livez is answered while $N requests wait for their commit (1 thread)" \
  test "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$(url /livez)")" = 200
answered() { cat "$T"/code* 2> /dev/null | tr -d '\n'; }
check "no request is answered before its commit" test -z "$(answered)"

echo release > "$T/release"
wait "$LOCKER"
LOCKER=""
all_answered() { [ "$(answered | wc -c)" -eq $((3 * N)) ]; }
check "after the release every request is answered" within 30 all_answered
check "every request is 200" test "$(answered)" = "$(printf '200%.0s' $(seq "$N"))"
accepted() {
  for i in $(seq "$N"); do
    python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["accepted"] == 1 else 1)' \
      "$T/r$i.json" || return 1
  done
}
check "every event is accepted" accepted
leads_there() {
  for i in $(seq "$N"); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
      "$(url "/v1/leads/s$i@sus.io")")" = 200 ] || return 1
  done
}
check "every lead is stored" leads_there
AFTER=$(commits)
DELTA=$((AFTER - BEFORE))
echo "test_serve_suspend: $N requests, $DELTA commits" >&2
check "the $N requests took at most 2 commits (took $DELTA)" test "$DELTA" -ge 1 -a "$DELTA" -le 2

kill -TERM "$PID"
wait "$PID"
check "SIGTERM: exit 0" test $? -eq 0
PID=""

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
