#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One database, many writers and readers (DESIGN.md section 6, Concurrency):
# imports of the same and of disjoint files at once, sales actions, reports
# and explain running meanwhile, kill -9 in the middle of imports.  After
# every round: each event id is stored exactly once (tests/integration/
# log_ids.py decodes the log independently), the state equals `rebuild` of
# the final log (dump_state.py), and no reader failed.
# Usage: test_concurrency.sh HANDOFF_BINARY SOURCE_DIR
set -uo pipefail
H=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dump() { python3 "$SRC/tests/integration/dump_state.py" "$1"; }
ids() { python3 "$SRC/tests/integration/log_ids.py" "$1"; }
no_repeated_ids() { test -z "$(ids "$1" | sort | uniq -d)"; }
same_as_rebuild() {
  dump "$1" > "$T/before.txt"
  "$H" rebuild --db "$1" 2>/dev/null || return 1
  dump "$1" > "$T/after.txt"
  cmp -s "$T/before.txt" "$T/after.txt"
}
pause() { sleep "0.0$((RANDOM % 10))"; }

"$H" demo-data --leads 300 --out "$T/ev.jsonl" > /dev/null 2>&1
N=$(wc -l < "$T/ev.jsonl")
head -n $((N / 2)) "$T/ev.jsonl" > "$T/first.jsonl"
tail -n +$((N / 2 + 1)) "$T/ev.jsonl" > "$T/second.jsonl"
# an overlapping middle third: every id in it is also in first or second
sed -n "$((N / 3)),$((2 * N / 3))p" "$T/ev.jsonl" > "$T/middle.jsonl"

# The reference: one clean import of the whole file.
"$H" init --db "$T/ref.db" > /dev/null
"$H" import --db "$T/ref.db" "$T/ev.jsonl" 2> /dev/null
ids "$T/ref.db" | sort > "$T/ref_ids.txt"
dump "$T/ref.db" > "$T/ref_state.txt"

# 1. Two imports of the same file at once store every event once (before the
# fix: both exited 0 and the log held every event twice).
"$H" init --db "$T/same.db" > /dev/null
"$H" import --db "$T/same.db" "$T/ev.jsonl" 2> "$T/same1.txt" &
"$H" import --db "$T/same.db" "$T/ev.jsonl" 2> "$T/same2.txt" &
wait
check "same file twice at once: no id stored twice" no_repeated_ids "$T/same.db"
check "same file twice at once: the ids of one clean import" \
  cmp -s "$T/ref_ids.txt" <(ids "$T/same.db" | sort)
check "same file twice at once: the state of one clean import" \
  cmp -s "$T/ref_state.txt" <(dump "$T/same.db")
# between them the two imports stored N events: one found them all stored
check "same file twice at once: the summaries add up to one import" python3 - \
  "$T/same1.txt" "$T/same2.txt" "$N" <<'PY'
import re, sys
new = [int(re.search(r"imported (\d+) new", open(p).read()).group(1)) for p in sys.argv[1:3]]
sys.exit(0 if sum(new) == int(sys.argv[3]) else 1)
PY

# 2. Disjoint halves at once: the state equals rebuild of the final log.
"$H" init --db "$T/halves.db" > /dev/null
"$H" import --db "$T/halves.db" "$T/first.jsonl" 2> /dev/null &
"$H" import --db "$T/halves.db" "$T/second.jsonl" 2> /dev/null &
wait
check "disjoint halves at once: no id stored twice" no_repeated_ids "$T/halves.db"
check "disjoint halves at once: every input event stored" \
  test "$(ids "$T/halves.db" | grep -vc '^route:')" -eq "$N"
check "disjoint halves at once: state equals rebuild" same_as_rebuild "$T/halves.db"

# 3. N writers and M readers at once, with random delays, three rounds.
LEAD=$(python3 -c 'import json,sys
for l in open(sys.argv[1]):
    e = json.loads(l)
    if e.get("lead"): print(e["lead"]); break' "$T/ev.jsonl")
readers_ok=0
readers_failed=0
writers_failed=0
for round in 1 2 3; do
  db="$T/mixed$round.db"
  "$H" init --db "$db" > /dev/null
  "$H" import --db "$db" "$T/first.jsonl" 2> /dev/null # the lead exists for explain
  pids=()
  writers=()
  for f in second middle ev; do
    (pause; "$H" import --db "$db" "$T/$f.jsonl" > /dev/null 2>&1) &
    writers+=($!)
  done
  (pause; "$H" accept "$LEAD" --db "$db" --rep sam --at 2026-06-01T00:00:00Z > /dev/null 2>&1) &
  writers+=($!)
  (pause; "$H" contact "$LEAD" --db "$db" --rep sam --via call --at 2026-06-02T00:00:00Z \
     > /dev/null 2>&1) &
  writers+=($!)
  for r in 1 2 3 4; do
    (
      for k in 1 2 3; do
        pause
        case $(((r + k) % 4)) in
          0) "$H" report funnel --db "$db" ;;
          1) "$H" explain "$LEAD" --db "$db" ;;
          2) "$H" queue --db "$db" ;;
          3) "$H" report speed --db "$db" ;;
        esac > /dev/null 2> "$T/reader$round-$r-$k.err" || exit 1
      done
    ) &
    pids+=($!)
  done
  for p in "${pids[@]}"; do
    if wait "$p"; then readers_ok=$((readers_ok + 1)); else readers_failed=$((readers_failed + 1)); fi
  done
  for p in "${writers[@]}"; do
    if ! wait "$p"; then writers_failed=$((writers_failed + 1)); fi
  done
  check "round $round: no id stored twice" no_repeated_ids "$db"
  check "round $round: every input event stored" \
    test "$(ids "$db" | grep -c '^e')" -eq "$N"
  check "round $round: both sales actions stored once" \
    test "$(ids "$db" | grep -c '^cli-')" -eq 2
  check "round $round: state equals rebuild" same_as_rebuild "$db"
done
check "no reader failed (12 reader loops, 36 commands)" test "$readers_failed" -eq 0 -a "$readers_ok" -eq 12
check "no writer failed (5 a round: 3 imports, 2 sales actions)" test "$writers_failed" -eq 0
check "no reader saw 'database is locked'" bash -c "! cat $T/reader*.err | grep -q locked"

# 4. kill -9 at random points of an import, then the re-import: the final
# state equals a clean import.
"$H" demo-data --leads 800 --out "$T/big.jsonl" > /dev/null 2>&1
"$H" init --db "$T/bigref.db" > /dev/null
"$H" import --db "$T/bigref.db" "$T/big.jsonl" 2> /dev/null
"$H" init --db "$T/killed.db" > /dev/null
for k in 1 2 3 4; do
  "$H" import --db "$T/killed.db" "$T/big.jsonl" > /dev/null 2>&1 &
  pid=$!
  sleep "0.$((RANDOM % 3))$((RANDOM % 10))"
  kill -9 "$pid" 2> /dev/null
  wait "$pid" 2> /dev/null
done
"$H" import --db "$T/killed.db" "$T/big.jsonl" 2> /dev/null
check "after kill -9s and a re-import: no id stored twice" no_repeated_ids "$T/killed.db"
check "after kill -9s and a re-import: the ids of a clean import" \
  cmp -s <(ids "$T/bigref.db" | sort) <(ids "$T/killed.db" | sort)
check "after kill -9s and a re-import: the state of a clean import" \
  cmp -s <(dump "$T/bigref.db") <(dump "$T/killed.db")

echo "test_concurrency: $pass passed, $fail failed"
test "$fail" -eq 0
