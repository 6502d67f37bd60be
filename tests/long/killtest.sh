#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# tests/long/killtest.sh - the long kill -9 test (not run by CI; the suite
# runs a short version in tests/integration/test_concurrency.sh).
#
# KILLS times (default 120): start an import of the demo data (or, every
# fifth time, a rebuild), kill -9 it after a random delay (0-0.8 s by
# default: before, during and inside the commit), and check after every kill
# that the database opens, holds no event id twice and its state equals a
# rebuild of its log.  An import the kill came too late for must equal one
# clean import; the database then starts over empty, so that the next kills
# hit a real import again.  At the end a re-import: the log and the state
# must equal one clean import.
#
# usage: tests/long/killtest.sh HANDOFF_BINARY [KILLS] [LEADS] [MAX_DELAY_MS]
set -uo pipefail
H=${1:?usage: killtest.sh HANDOFF_BINARY [KILLS] [LEADS] [MAX_DELAY_MS]}
KILLS=${2:-120}
LEADS=${3:-8000}
MAX_MS=${4:-800}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
dump() { python3 "$ROOT/tests/integration/dump_state.py" "$1"; }
ids() { python3 "$ROOT/tests/integration/log_ids.py" "$1"; }
bad=0
completed=0
fail() { echo "FAIL: $*"; bad=$((bad + 1)); }

"$H" demo-data --leads "$LEADS" --out "$T/ev.jsonl" > /dev/null 2>&1
"$H" init --db "$T/ref.db" > /dev/null 2>&1
"$H" import --db "$T/ref.db" "$T/ev.jsonl" 2> /dev/null
"$H" init --db "$T/k.db" > /dev/null 2>&1
echo "$(wc -l < "$T/ev.jsonl") events; $KILLS kills, delays 0-$MAX_MS ms"

for k in $(seq "$KILLS"); do
  if [ $((k % 5)) -eq 0 ]; then
    "$H" rebuild --db "$T/k.db" > /dev/null 2>&1 &
  else
    "$H" import --db "$T/k.db" "$T/ev.jsonl" > /dev/null 2>&1 &
  fi
  pid=$!
  delay=$((RANDOM % (MAX_MS + 1)))
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  kill -9 "$pid" 2> /dev/null
  wait "$pid" 2> /dev/null
  status=$?
  if [ "$status" -eq 0 ] && [ $((k % 5)) -ne 0 ]; then
    completed=$((completed + 1))
    cmp -s <(dump "$T/ref.db") <(dump "$T/k.db") || fail "kill $k: a finished import differs"
    rm -f "$T/k.db" "$T/k.db-wal" "$T/k.db-shm"
    "$H" init --db "$T/k.db" > /dev/null 2>&1
    continue
  fi
  if [ -n "$(ids "$T/k.db" | sort | uniq -d)" ]; then fail "kill $k: an id is stored twice"; fi
  dump "$T/k.db" > "$T/now.txt"
  "$H" rebuild --db "$T/k.db" 2> /dev/null || fail "kill $k: rebuild failed"
  cmp -s "$T/now.txt" <(dump "$T/k.db") || fail "kill $k: state differs from rebuild"
  [ $((k % 20)) -eq 0 ] && echo "  $k kills ($completed imports finished first), $bad failures"
done

"$H" import --db "$T/k.db" "$T/ev.jsonl" 2> /dev/null
cmp -s <(ids "$T/ref.db" | sort) <(ids "$T/k.db" | sort) || fail "final: the log differs from a clean import"
cmp -s <(dump "$T/ref.db") <(dump "$T/k.db") || fail "final: the state differs from a clean import"
echo "killtest: $KILLS kills ($completed imports finished before their kill), $bad failures"
test "$bad" -eq 0
