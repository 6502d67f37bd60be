#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# bench/backtest.sh - `handoff backtest` (issue 14 item 4: 1M leads / 10M
# events in <= 5 s on this machine) against its references, side by side in
# one run.  Measures and prints; never fails because something is slow.
#
#   data       bench/run.sh's data set (bench/out/events-LEADS-s42.csv/.jsonl),
#              made with `handoff demo-data` when missing;
#   candidate  examples/definitions.yaml with mql.min_score 50 -> 60;
#   handoff    import (not timed here), then best of --runs of
#                backtest   the candidate against the active version (--json)
#                rebuild    one replay of every lead, written back (reference:
#                           a backtest is two replays and writes nothing)
#   sqlite3    the same data loaded (.import, not timed), then
#                score x2   bench/sql/score.sql under each threshold
#                compare    bench/sql/backtest_compare.sql (months, flips,
#                           precision)
#              score.sql's simplifications (first MQL only, latest traits, no
#              expiry) are at its top: the peer does less than the backtest.
#
# usage: bench/backtest.sh [--small] [--leads N] [--handoff PATH] [--runs N]
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$ROOT/bench/out
SQL=$ROOT/bench/sql
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
    *) echo "usage: bench/backtest.sh [--small] [--leads N] [--handoff PATH] [--runs N]" >&2; exit 2 ;;
    esac
    shift
done

mkdir -p "$OUT"
if [ ! -x "$HO" ]; then
    cmake -S "$ROOT" -B "$ROOT/build-release" -DCMAKE_BUILD_TYPE=Release >/dev/null &&
        cmake --build "$ROOT/build-release" -j2 >/dev/null || { echo "build failed" >&2; exit 1; }
fi
command -v sqlite3 >/dev/null || { echo "sqlite3 CLI missing: apt-get install sqlite3" >&2; exit 1; }

JSONL=$OUT/events-$LEADS-s42.jsonl
CSV=$OUT/events-$LEADS-s42.csv
[ -s "$JSONL" ] && [ -s "$CSV" ] ||
    "$HO" demo-data --leads "$LEADS" --seed 42 --out "$JSONL" --csv "$CSV" >/dev/null
EVENTS=$(wc -l <"$JSONL")
W=$OUT/backtest-$LEADS
rm -rf "$W" && mkdir -p "$W"
sed 's/min_score: 50  /min_score: 60  /' "$DEFS" >"$W/candidate.yaml"
grep -q 'min_score: 60' "$W/candidate.yaml" || { echo "candidate: no threshold to raise" >&2; exit 1; }

# best SECONDS of RUNS runs of a command (wall clock, process included)
best() {
    local b= s e t
    for _ in $(seq "$RUNS"); do
        s=$(date +%s.%N)
        "$@" >"$W/last.out" 2>"$W/last.err" || { echo "failed: $* (see $W/last.err)" >&2; return 1; }
        e=$(date +%s.%N)
        t=$(echo "$e - $s" | bc)
        if [ -z "$b" ] || [ "$(echo "$t < $b" | bc)" = 1 ]; then b=$t; fi
    done
    echo "$b"
}
peak_mib() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.0f", $1 / 1024}'; }

echo "data: $EVENTS events, $LEADS leads; candidate: mql.min_score 50 -> 60"
"$HO" import --db "$W/h.db" --defs "$DEFS" "$JSONL" >/dev/null 2>&1 || { echo "import failed" >&2; exit 1; }
bt=$(best "$HO" backtest --db "$W/h.db" "$W/candidate.yaml" --json)
cp "$W/last.out" "$W/backtest.json"
rb=$(best "$HO" rebuild --db "$W/h.db")
# Cross-check: a real import under the candidate makes as many MQL leads.
"$HO" import --db "$W/c.db" --defs "$W/candidate.yaml" "$JSONL" >/dev/null 2>&1
cand_import=$(sqlite3 "$W/c.db" "SELECT COUNT(DISTINCT lead) FROM journeys WHERE at_mql IS NOT NULL")
bt_rss=$(peak_mib "$HO" backtest --db "$W/h.db" "$W/candidate.yaml" --json)

S=$W/s.db
sed "s|@CSV@|$CSV|" "$SQL/sqlite_load_csv.sql" >"$W/load.sql"
sqlite3 -bail "$S" ".read $W/load.sql" >/dev/null
sed 's/+ pricing >= 50)/+ pricing >= 60)/' "$SQL/score.sql" >"$W/score_cand.sql"
cat >"$W/peer.sql" <<SQLEOF
.read $SQL/score.sql
DROP TABLE IF EXISTS mql_active; ALTER TABLE lead_mql RENAME TO mql_active;
.read $W/score_cand.sql
DROP TABLE IF EXISTS mql_cand; ALTER TABLE lead_mql RENAME TO mql_cand;
.read $SQL/backtest_compare.sql
SQLEOF
peer=$(best sqlite3 -bail -cmd 'PRAGMA cache_size=-262144' -cmd 'PRAGMA temp_store=MEMORY' "$S" ".read $W/peer.sql")
cp "$W/last.out" "$W/peer.out"

python3 - "$W/backtest.json" "$W/peer.out" "$cand_import" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
flips = sum(1 for _ in d["flips"])
print(f"  handoff: MQL leads active {d['active']['mqls']} candidate {d['candidate']['mqls']}, "
      f"flips {flips}; an import under the candidate makes {sys.argv[3]} MQL leads")
peer = [l.split("|") for l in open(sys.argv[2]) if l.startswith("flips")]
if peer:
    prec = {l.split("|")[1]: l.strip().split("|")[3] for l in open(sys.argv[2])
            if l.startswith("precision")}
    print(f"  sqlite3 peer (simplified scoring): MQL leads active {prec.get('a')} "
          f"candidate {prec.get('c')}, flips {peer[0][1]}")
PY
printf '%-34s %10s %14s\n' figure seconds "events/s"
printf '%-34s %10.2f %14.0f\n' "handoff backtest" "$bt" "$(echo "$EVENTS / $bt" | bc -l)"
printf '%-34s %10.2f %14.0f\n' "handoff rebuild (one replay)" "$rb" "$(echo "$EVENTS / $rb" | bc -l)"
printf '%-34s %10.2f %14.0f\n' "sqlite3 score x2 + compare" "$peer" "$(echo "$EVENTS / $peer" | bc -l)"
printf 'backtest / rebuild %.2fx; sqlite3 peer / backtest %.2fx; backtest peak RSS %s MiB\n' \
    "$(echo "$bt / $rb" | bc -l)" "$(echo "$peer / $bt" | bc -l)" "$bt_rss"
