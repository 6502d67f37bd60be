#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue 12 section 1, the sharp edges a new user meets: import exit codes and
# capped errors, explain of an MQL, sales actions on unknown leads and reps,
# conflicting output flags, tables that fit the terminal, the demo's hints.
# Usage: test_sharp_edges.sh HANDOFF_BINARY SOURCE_DIR
set -uo pipefail
H=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# run CMD...: runs handoff, stdout in $T/out, stderr in $T/err, status in $rc.
run() { "$H" "$@" > "$T/out" 2> "$T/err"; rc=$?; }

# ---- 1. import: every record rejected exits 1; errors capped per reason ----
# bad.jsonl: 25 records without 'ts' (reason "missing field 'ts'") and 3 lines
# of broken JSON at different columns (one reason "invalid JSON at column #").
: > "$T/bad.jsonl"
for i in $(seq 1 25); do
  echo "{\"id\":\"b-$i\",\"type\":\"page_view\",\"lead\":\"x$i@a.io\"}" >> "$T/bad.jsonl"
done
printf '{"id":\n{"id":"c","ts":\n{"id":"d","ts":"2026-03-01T00:00:00Z",\n' >> "$T/bad.jsonl"
"$H" init --db "$T/i.db" 2> /dev/null
run import --db "$T/i.db" "$T/bad.jsonl"
check "an import where every record is rejected exits 1" test $rc -eq 1
check "only the first 20 'missing field' errors are printed" \
  test "$(grep -c "bad.jsonl:[0-9]*: missing field 'ts'" "$T/err")" -eq 20
check "the 3 broken JSON lines are all printed (under the cap)" \
  test "$(grep -c "bad.jsonl:2[6-8]: invalid JSON" "$T/err")" -eq 3
check "the summary counts 25 of the missing-field reason" \
  grep -Eq "^ +25  missing field 'ts' \(first 20 shown\)$" "$T/err"
check "the summary counts 3 broken JSON lines as one reason" \
  grep -Eq "^ +3  invalid JSON at column #$" "$T/err"
check "the summary points at --errors-file" grep -q -- "--errors-file" "$T/err"

run import --db "$T/i.db" --errors-file "$T/all.txt" "$T/bad.jsonl"
check "with --errors-file the exit is still 1" test $rc -eq 1
check "--errors-file lists all 28 rejected records" test "$(wc -l < "$T/all.txt")" -eq 28
check "--errors-file lines carry file:line" \
  grep -q "^$T/bad.jsonl:25: missing field 'ts'$" "$T/all.txt"

echo '{"id":"g-1","ts":"2026-03-01T10:00:00Z","type":"identify","lead":"ana@acme.io"}' \
  > "$T/some.jsonl"
head -3 "$T/bad.jsonl" >> "$T/some.jsonl"
run import --db "$T/i.db" "$T/some.jsonl"
check "an import where some records are rejected exits 3" test $rc -eq 3

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
