#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# bench/reports.sh - every report over the demo data and over 1,000,000
# synthetic journeys, beside the same figure written as SQL for sqlite3 where
# one can be (bench/sql/journeys_*.sql).  Target: every report over 1M
# journeys in < 1 s.  Prints medians of 3 whole-command runs; never fails on
# time.  Reports that need the event log (attribution, accounts) run on the
# demo data only: the synthetic set has journeys but no events.
#
# usage: bench/reports.sh [--journeys N]
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$ROOT/bench/out
N=1000000
[ "${1:-}" = "--journeys" ] && N=$2
mkdir -p "$OUT"
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }
cmake -S "$ROOT" -B "$ROOT/build-release" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$ROOT/build-release" -j"$(nproc)" >/dev/null
HO=$ROOT/build-release/handoff

DEMO=$OUT/reports-demo
[ -s "$DEMO/handoff.db" ] || "$HO" demo --dir "$DEMO" >/dev/null 2>&1
SYN=$OUT/reports-synthetic.db
if [ ! -s "$SYN" ]; then
  "$HO" init --db "$SYN" 2>/dev/null
  python3 "$ROOT/bench/gen_journeys.py" "$SYN" "$N"
fi

median() { # command... -> median wall seconds of 3 runs, or n/a
  local t=()
  for _ in 1 2 3; do
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || { echo "n/a"; return; }
    t1=$(date +%s.%N)
    t+=("$(python3 -c "print(f'{$t1 - $t0:.3f}')")")
  done
  printf '%s\n' "${t[@]}" | sort -n | sed -n 2p
}

reports=("funnel --by channel" "funnel --flow" "speed" "sla" "top" "dispositions" "stages"
         "pipeline" "closed-won" "rules" "whatif --stage mql_sql --delta 5"
         "attribution --model w" "accounts")
printf '%-34s %12s %14s\n' "report (--json)" "demo (s)" "${N} jrn (s)"
for r in "${reports[@]}"; do
  # shellcheck disable=SC2086
  d=$(median "$HO" report $r --json --db "$DEMO/handoff.db")
  case $r in
    attribution*|accounts*) s="(needs events)" ;;
    # shellcheck disable=SC2086
    *) s=$(median "$HO" report $r --json --db "$SYN") ;;
  esac
  printf '%-34s %12s %14s\n' "$r" "$d" "$s"
done
echo
printf '%-34s %14s\n' "sqlite3 peer on the same journeys" "${N} jrn (s)"
for q in funnel pipeline dispositions; do
  printf '%-34s %14s\n' "$q (bench/sql/journeys_$q.sql)" \
    "$(median sh -c "sqlite3 '$SYN' < '$ROOT/bench/sql/journeys_$q.sql'")"
done
