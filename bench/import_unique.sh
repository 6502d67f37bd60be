#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# bench/import_unique.sh - import throughput with event-id uniqueness
# enforced by the store (the new binary) against a baseline binary, side by
# side on the same data in one run, and a report's latency while a big
# import runs (issue 9).  It measures and prints; it never fails because
# something was slow.
#
#   1. generates `handoff demo-data` of about EVENTS events (about 25 events
#      a lead) into WORKDIR (default bench/out/unique-EVENTS), reused by later
#      runs;
#   2. RUNS times, alternating: a fresh database (`init`), then the time of
#      `import` of the whole file, by the baseline, by the new binary with
#      --durability normal (the baseline's synchronous=NORMAL: this ratio is
#      the cost of uniqueness) and with --durability full (its default: the
#      cost of a power-safe commit on top); prints the best time and
#      throughput (events/s) of each, and the ratios to the baseline;
#   3. for each binary: imports the first 10% of the file, then starts the
#      import of the rest and, while it runs, times `report funnel` every
#      0.2 s; prints how many reports ran, how many failed, and their
#      min / median / max latency.
#
# usage: bench/import_unique.sh BASELINE_HANDOFF NEW_HANDOFF EVENTS
#                               [--runs N] [--workdir DIR]
set -uo pipefail

usage() {
  sed -n '/^# usage:/,/^[^#]/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
}
[ $# -ge 3 ] || usage
BASE=$1
NEW=$2
EVENTS=$3
shift 3
RUNS=3
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$ROOT/bench/out/unique-$EVENTS
while [ $# -gt 0 ]; do
  case $1 in
    --runs) RUNS=$2; shift 2 ;;
    --workdir) WORK=$2; shift 2 ;;
    *) usage ;;
  esac
done
for b in "$BASE" "$NEW"; do
  [ -x "$b" ] || { echo "not an executable: $b" >&2; exit 2; }
done
mkdir -p "$WORK"
DATA=$WORK/events.jsonl
now_ms() { echo $(($(date +%s%N) / 1000000)); }

if [ ! -s "$DATA" ]; then
  leads=$((EVENTS / 25))
  [ "$leads" -ge 10 ] || leads=10
  echo "generating about $EVENTS events ($leads leads) into $DATA ..."
  "$NEW" demo-data --leads "$leads" --out "$DATA" > /dev/null 2>&1 || {
    echo "demo-data failed" >&2; exit 1; }
fi
N=$(wc -l < "$DATA")
echo "data: $N events ($DATA)"

# time_import DB BINARY [IMPORT OPTION...]: the import's wall time in ms
# ("fail" on error).
time_import() {
  local db=$1 bin=$2
  shift 2
  rm -f "$db" "$db-wal" "$db-shm"
  "$bin" init --db "$db" > /dev/null 2>&1 || { echo fail; return; }
  local t0 t1
  t0=$(now_ms)
  if "$bin" import --db "$db" "$@" "$DATA" > /dev/null 2>&1; then
    t1=$(now_ms)
    echo $((t1 - t0))
  else
    echo fail
  fi
}

declare -A best
names=(baseline new-normal new-full)
for r in $(seq "$RUNS"); do
  for which in "${names[@]}"; do
    case $which in
      baseline) ms=$(time_import "$WORK/base.db" "$BASE") ;;
      new-normal) ms=$(time_import "$WORK/new.db" "$NEW" --durability normal) ;;
      new-full) ms=$(time_import "$WORK/new.db" "$NEW" --durability full) ;;
    esac
    echo "run $r $which: ${ms} ms"
    [ "$ms" = fail ] && continue
    if [ -z "${best[$which]:-}" ] || [ "$ms" -lt "${best[$which]}" ]; then best[$which]=$ms; fi
  done
done

echo
echo "import of $N events (best of $RUNS)"
for which in "${names[@]}"; do
  ms=${best[$which]:-}
  if [ -z "$ms" ]; then
    printf '  %-11s failed\n' "$which"
    continue
  fi
  awk -v name="$which" -v n="$N" -v ms="$ms" -v b="${best[baseline]:-0}" 'BEGIN {
    printf "  %-11s %9d ms %12.0f events/s", name, ms, (ms > 0 ? n * 1000 / ms : 0)
    if (b > 0 && name != "baseline")
      printf "   time/baseline %.3f (%+.1f%%), throughput ratio %.3f", ms / b, (ms / b - 1) * 100, b / ms
    printf "\n" }'
done

# report_latency BINARY NAME: reports while an import of 90% of the file runs.
report_latency() {
  local bin=$1 db=$WORK/$2-latency.db
  rm -f "$db" "$db-wal" "$db-shm"
  head -n $((N / 10)) "$DATA" > "$WORK/head.jsonl"
  tail -n +$((N / 10 + 1)) "$DATA" > "$WORK/tail.jsonl"
  "$bin" init --db "$db" > /dev/null 2>&1
  "$bin" import --db "$db" "$WORK/head.jsonl" > /dev/null 2>&1
  "$bin" import --db "$db" "$WORK/tail.jsonl" > /dev/null 2>&1 &
  local pid=$! ok=0 failed=0 lat=()
  while kill -0 "$pid" 2> /dev/null; do
    local t0 t1
    t0=$(now_ms)
    if "$bin" report funnel --db "$db" > /dev/null 2>&1; then ok=$((ok + 1)); else failed=$((failed + 1)); fi
    t1=$(now_ms)
    lat+=($((t1 - t0)))
    sleep 0.2
  done
  wait "$pid"
  local import_rc=$?
  if [ ${#lat[@]} -eq 0 ]; then
    printf '  %-9s the import finished before a report could run (import exit %d)\n' "$2" "$import_rc"
    return
  fi
  printf '%s\n' "${lat[@]}" | sort -n | awk -v name="$2" -v ok="$ok" -v failed="$failed" \
    -v rc="$import_rc" '{ v[NR] = $1 } END {
      printf "  %-9s %d reports ok, %d failed; latency min %d ms, median %d ms, max %d ms (import exit %d)\n",
        name, ok, failed, v[1], v[int((NR + 1) / 2)], v[NR], rc }'
}

echo
echo "report funnel while importing $((N - N / 10)) events (after $((N / 10)))"
report_latency "$BASE" baseline
report_latency "$NEW" new
