#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# bench/sales_overhead.sh - what routing and SLA clocks cost at import.
#
# Imports the same demo data twice with a Release build: with the example
# definitions as they are (calendar, SLAs, routing, reps) and with those four
# sections removed, several runs each, and prints the medians and the ratio.
# The target (issue: sales side) is a cost of at most 10%.  Measures; never
# fails on time.
#
# usage: bench/sales_overhead.sh [--leads N] [--runs N]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$ROOT/bench/out
LEADS=40000
RUNS=5
while [ $# -gt 0 ]; do
  case $1 in
    --leads) LEADS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    *) echo "usage: $0 [--leads N] [--runs N]" >&2; exit 2 ;;
  esac
done
mkdir -p "$OUT"
cmake -S "$ROOT" -B "$ROOT/build-release" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$ROOT/build-release" -j"$(nproc)" >/dev/null
HO=$ROOT/build-release/handoff
DATA=$OUT/events-$LEADS-s42.jsonl
[ -s "$DATA" ] || "$HO" demo-data --leads "$LEADS" --out "$DATA" 2>/dev/null
python3 - "$ROOT/examples/definitions.yaml" "$OUT/defs-core.yaml" <<'PY'
import sys
src = open(sys.argv[1]).read()
cut = min([i for i in (src.find("\n" + k + ":") for k in ("calendar", "sla", "routing", "reps"))
           if i != -1] or [len(src)])
open(sys.argv[2], "w").write(src[:cut] + "\n")
PY
events=$(wc -l < "$DATA")

median_wall() { # defs -> median wall seconds over RUNS imports into a fresh db
  local defs=$1 times=()
  for _ in $(seq "$RUNS"); do
    rm -f "$OUT/overhead.db" "$OUT/overhead.db-wal" "$OUT/overhead.db-shm"
    local t0 t1
    t0=$(date +%s.%N)
    "$HO" import --db "$OUT/overhead.db" --defs "$defs" "$DATA" 2>/dev/null
    t1=$(date +%s.%N)
    times+=("$(python3 -c "print($t1 - $t0)")")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

without=$(median_wall "$OUT/defs-core.yaml")
with=$(median_wall "$ROOT/examples/definitions.yaml")
rm -f "$OUT/overhead.db" "$OUT/overhead.db-wal" "$OUT/overhead.db-shm"
printf 'events                      %d\n' "$events"
python3 - "$events" "$without" "$with" <<'PY'
import sys
n, a, b = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
print(f"events                      {n}")
print(f"import without sales side   {a:.3f} s  ({n / a:,.0f} events/s)")
print(f"import with routing + SLAs  {b:.3f} s  ({n / b:,.0f} events/s)")
print(f"cost of routing + SLAs      {(b / a - 1) * 100:+.1f}%")
PY
