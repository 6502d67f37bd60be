#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# bench/calibrate.sh - `handoff calibrate` (issue 14 item 5) on bench/run.sh's
# data set, with its references side by side in one run.  Measures and
# prints; never fails because something is slow.
#
#   data       bench/run.sh's data set (bench/out/events-LEADS-s42.jsonl),
#              made with `handoff demo-data` when missing, imported under
#              examples/definitions.yaml (not timed);
#   handoff    best of --runs of
#                calibrate  samples (two replays of each lead sales touched:
#                           the whole history for its outcome, then traced to
#                           1 ms before the first touch), the liblinear fit,
#                           the holdout, the candidate (--json)
#                rebuild    one replay of every lead, written back
#                backtest   two replays of every lead (the candidate
#                           calibrate wrote)
#
# usage: bench/calibrate.sh [--small] [--leads N] [--handoff PATH] [--runs N]
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$ROOT/bench/out
DEFS=$ROOT/examples/definitions.yaml
LEADS=400000
HO=$ROOT/build-release/handoff
RUNS=3

while [ $# -gt 0 ]; do
    case $1 in
    --small) LEADS=40000 ;;
    --leads) LEADS=$2; shift ;;
    --handoff) HO=$2; shift ;;
    --runs) RUNS=$2; shift ;;
    *) echo "usage: bench/calibrate.sh [--small] [--leads N] [--handoff PATH] [--runs N]" >&2; exit 2 ;;
    esac
    shift
done

mkdir -p "$OUT"
if [ ! -x "$HO" ]; then
    cmake -S "$ROOT" -B "$ROOT/build-release" -DCMAKE_BUILD_TYPE=Release >/dev/null &&
        cmake --build "$ROOT/build-release" -j2 --target handoff >/dev/null ||
        { echo "build failed" >&2; exit 1; }
fi

JSONL=$OUT/events-$LEADS-s42.jsonl
CSV=$OUT/events-$LEADS-s42.csv
[ -s "$JSONL" ] && [ -s "$CSV" ] ||
    "$HO" demo-data --leads "$LEADS" --seed 42 --out "$JSONL" --csv "$CSV" >/dev/null 2>&1
EVENTS=$(wc -l <"$JSONL")
W=$OUT/calibrate-$LEADS
rm -rf "$W" && mkdir -p "$W"
DB=$W/cal.db
"$HO" import --db "$DB" --defs "$DEFS" "$JSONL" >/dev/null 2>&1 || { echo "import failed" >&2; exit 1; }

# best NAME CMD...: "WALL CPU" of the run with the best wall time of --runs
# runs, in seconds (CPU = user + sys: on a shared machine the steadier one).
best() {
    local name=$1 b="" cpu="" w u s
    shift
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f '%e %U %S' -o "$W/$name.time" "$@" >"$W/$name.out" 2>"$W/$name.err" ||
            { echo "$name failed: $(head -3 "$W/$name.err")" >&2; echo "n/a n/a"; return; }
        read -r w u s <"$W/$name.time"
        if [ -z "$b" ] || [ "$(echo "$w < $b" | bc -l)" = 1 ]; then
            b=$w
            cpu=$(echo "$u + $s" | bc -l)
        fi
    done
    printf '%.2f %.2f' "$b" "$cpu"
}

read -r cal cal_cpu <<<"$(best calibrate "$HO" calibrate --db "$DB" --json --out "$W/candidate.yaml")"
read -r reb reb_cpu <<<"$(best rebuild "$HO" rebuild --db "$DB")"
read -r bt bt_cpu <<<"$(best backtest "$HO" backtest --db "$DB" --json "$W/candidate.yaml")"
samples=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["need"]["samples"], d["split"]["holdout"], d["model"]["auc"], d["active_score"]["auc"])' "$W/calibrate.out" 2>/dev/null)
read -r n hold auc_m auc_a <<<"${samples:-n/a n/a n/a n/a}"

ratio() { [ "$1" = n/a ] || [ "$2" = n/a ] && { echo n/a; return; }; printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }
echo "calibrate on $LEADS leads, $EVENTS events: $n outcomes ($hold held out); holdout AUC model $auc_m, active $auc_a"
echo "(best of $RUNS by wall time; cpu = user + sys of that run; load: $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-10s %8s %10s %8s %10s\n' step wall "x rebuild" cpu "x rebuild"
printf '%-10s %8s %10s %8s %10s\n' calibrate "$cal" "$(ratio "$cal" "$reb")" "$cal_cpu" "$(ratio "$cal_cpu" "$reb_cpu")"
printf '%-10s %8s %10s %8s %10s\n' rebuild "$reb" 1.00 "$reb_cpu" 1.00
printf '%-10s %8s %10s %8s %10s\n' backtest "$bt" "$(ratio "$bt" "$reb")" "$bt_cpu" "$(ratio "$bt_cpu" "$reb_cpu")"
