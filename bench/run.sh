#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# bench/run.sh - handoff against the same job written as SQL for sqlite3 and
# DuckDB, on the same generated data (DESIGN.md §8).  It measures and prints;
# it never fails because something was slow.
#
#   1. builds handoff in Release (build-release/),
#   2. generates the demo data set with `handoff demo-data` as JSON Lines and
#      CSV into bench/out/ (default 400,000 leads ~ 10M events; --small:
#      40,000 leads ~ 1M events); kept and reused by later runs,
#   3. times whole commands:
#        handoff import --db X.db --defs examples/definitions.yaml FILE  (JSONL, CSV)
#        handoff rebuild --db X.db
#        handoff report funnel --db X.db --json
#   4. times the peers on the same files: sqlite3 (the Debian CLI: .import,
#      then bench/sql/score.sql and funnel.sql) and DuckDB (npm
#      @duckdb/node-api, installed into bench/.deps, run by
#      bench/duckdb_peer.mjs with the same score.sql and funnel.sql),
#   5. prints a table: figure, handoff, sqlite3, duckdb, ratios; also written
#      to bench/out/results.txt (raw seconds in bench/out/values.txt).  A
#      figure that cannot be measured (a command not implemented yet, a
#      missing tool) is "n/a" with the reason.
#
# usage: bench/run.sh [--small] [--leads N] [--seed N] [--no-build]
#                     [--no-handoff] [--no-sqlite] [--no-duckdb] [--regen]
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
OUT=$BENCH/out
DEPS=$BENCH/.deps
SQL=$BENCH/sql
BUILD=$ROOT/build-release
HO=$BUILD/handoff
DEFS=$ROOT/examples/definitions.yaml

LEADS=400000
SEED=42
BUILD_IT=1
RUN_HANDOFF=1
RUN_SQLITE=1
RUN_DUCKDB=1
REGEN=0

usage() {
    sed -n '3,26p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit "${1:-0}"
}

while [ $# -gt 0 ]; do
    case "$1" in
    --small) LEADS=40000 ;;
    --leads) LEADS=${2:?--leads needs a number}; shift ;;
    --seed) SEED=${2:?--seed needs a number}; shift ;;
    --no-build) BUILD_IT=0 ;;
    --no-handoff) RUN_HANDOFF=0 ;;
    --no-sqlite) RUN_SQLITE=0 ;;
    --no-duckdb) RUN_DUCKDB=0 ;;
    --regen) REGEN=1 ;;
    -h | --help) usage 0 ;;
    *) echo "bench/run.sh: unknown option '$1'" >&2; usage 2 ;;
    esac
    shift
done

mkdir -p "$OUT"
rm -f "$OUT"/*.time "$OUT"/*.out
declare -A VAL NOTE   # VAL[engine.figure] = number; NOTE[engine] = why n/a

log() { printf 'bench: %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}

# ---- tools -------------------------------------------------------------------

ensure_sqlite3() {
    if ! command -v sqlite3 >/dev/null; then
        log "installing sqlite3 (apt-get)"
        as_root apt-get install -y sqlite3 >"$OUT/apt-sqlite3.log" 2>&1 ||
            { NOTE[sqlite3]="sqlite3 CLI missing and apt-get install failed"; return 1; }
    fi
    # The scoring SQL needs pow() (SQLite >= 3.35 built with math functions,
    # as Debian's is) and the shell's REGEXP.
    if ! sqlite3 :memory: "SELECT pow(0.5, 2), 'vp sales' REGEXP '\\bvp\\b';" >/dev/null 2>&1; then
        NOTE[sqlite3]="this sqlite3 lacks pow() or REGEXP"
        return 1
    fi
}

ensure_duckdb() {
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        log "installing nodejs and npm (apt-get)"
        as_root apt-get install -y nodejs npm >"$OUT/apt-node.log" 2>&1 ||
            { NOTE[duckdb]="node/npm missing and apt-get install failed"; return 1; }
    fi
    if [ ! -d "$DEPS/node_modules/@duckdb/node-api" ]; then
        log "installing @duckdb/node-api into bench/.deps"
        npm install --prefix "$DEPS" --no-audit --no-fund @duckdb/node-api >"$OUT/npm.log" 2>&1 ||
            { NOTE[duckdb]="npm install @duckdb/node-api failed (see bench/out/npm.log)"; return 1; }
    fi
}

build_handoff() {
    [ "$BUILD_IT" -eq 1 ] || return 0
    log "building handoff (Release) in build-release/"
    if ! { cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release &&
        cmake --build "$BUILD" -j"$(nproc)" --target handoff; } >"$OUT/build.log" 2>&1; then
        tail -n 15 "$OUT/build.log" >&2
        log "the Release build failed (bench/out/build.log)"
        return 1
    fi
}

# ---- measuring -----------------------------------------------------------------

now() { date +%s.%N; }

# measure NAME CMD...: run CMD with stdout in out/NAME.out and stderr in
# out/NAME.log.  Sets SECS (wall clock, from date) and RC; out/NAME.time
# holds /usr/bin/time's "wall user sys maxrss_kb" when it is installed.
measure() {
    local name=$1 t0 t1
    shift
    t0=$(now)
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%e %U %S %M' -o "$OUT/$name.time" "$@" >"$OUT/$name.out" 2>"$OUT/$name.log"
    else
        "$@" >"$OUT/$name.out" 2>"$OUT/$name.log"
    fi
    RC=$?
    t1=$(now)
    SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
}

rate() { awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "n/a" }'; }
ms() { awk -v s="$1" 'BEGIN { printf "%.0f", s * 1000 }'; }

# Does this handoff build implement the command?  (`--help` exits 0.)
has_command() { [ -x "$HO" ] && "$HO" "$@" --help >/dev/null 2>&1; }

rm_db() { rm -f "$1" "$1-wal" "$1-shm" "$1.wal"; }

# ---- the data ----------------------------------------------------------------

JSONL=$OUT/events-$LEADS-s$SEED.jsonl
CSV=$OUT/events-$LEADS-s$SEED.csv

generate_data() {
    if [ "$REGEN" -eq 0 ] && [ -s "$JSONL" ] && [ -s "$CSV" ]; then
        log "reusing $(basename "$JSONL") and $(basename "$CSV")"
        return 0
    fi
    if ! has_command demo-data; then
        log "cannot generate data: no handoff binary with demo-data (and no earlier data set)"
        return 1
    fi
    log "generating $LEADS leads with handoff demo-data"
    measure gen "$HO" demo-data --leads "$LEADS" --seed "$SEED" --out "$JSONL" --csv "$CSV"
    if [ "$RC" -ne 0 ]; then
        cat "$OUT/gen.log" >&2
        rm -f "$JSONL" "$CSV"
        return 1
    fi
    VAL[handoff.gen]=$SECS
    cp "$OUT/gen.log" "$JSONL.stats"
    cat "$OUT/gen.log" >&2
}

# ---- handoff -------------------------------------------------------------------

# handoff_step FIGURE NAME CMD...: a handoff figure; exit 3 (some records
# rejected) still counts as a run, anything else leaves the figure n/a.
handoff_step() {
    local fig=$1 name=$2
    shift 2
    measure "$name" "$@"
    if [ "$RC" -eq 0 ] || [ "$RC" -eq 3 ]; then
        VAL[handoff.$fig]=$SECS
        [ "$RC" -eq 3 ] && NOTE[handoff.$fig]="exit 3: some records rejected (bench/out/$name.log)"
    else
        NOTE[handoff.$fig]="exit $RC (bench/out/$name.log)"
    fi
}

run_handoff() {
    local db=$OUT/handoff-jsonl.db dbc=$OUT/handoff-csv.db fig
    if [ ! -x "$HO" ]; then
        for fig in import_jsonl import_csv score funnel; do
            NOTE[handoff.$fig]="no handoff binary at build-release/handoff"
        done
        return
    fi
    if has_command import; then
        log "handoff import (JSON Lines)"
        rm_db "$db"
        handoff_step import_jsonl h-import-jsonl "$HO" import --db "$db" --defs "$DEFS" "$JSONL"
        log "handoff import (CSV)"
        rm_db "$dbc"
        handoff_step import_csv h-import-csv "$HO" import --db "$dbc" --defs "$DEFS" "$CSV"
    else
        NOTE[handoff.import_jsonl]="'handoff import' not implemented in this build"
        NOTE[handoff.import_csv]=${NOTE[handoff.import_jsonl]}
    fi
    if [ -z "${VAL[handoff.import_jsonl]:-}" ]; then
        NOTE[handoff.score]=${NOTE[handoff.score]:-"no imported database"}
        NOTE[handoff.funnel]=${NOTE[handoff.funnel]:-"no imported database"}
        return
    fi
    if has_command rebuild; then
        log "handoff rebuild"
        handoff_step score h-rebuild "$HO" rebuild --db "$db"
    else
        NOTE[handoff.score]="'handoff rebuild' not implemented in this build"
    fi
    if has_command report; then
        log "handoff report funnel"
        handoff_step funnel h-report-funnel "$HO" report funnel --db "$db" --json
    else
        NOTE[handoff.funnel]="'handoff report' not implemented in this build"
    fi
}

# ---- sqlite3 -------------------------------------------------------------------

SQLITE_OPTS=(-bail -cmd 'PRAGMA cache_size=-262144' -cmd 'PRAGMA temp_store=MEMORY')

# sqlite_step FIGURE NAME DB SCRIPT [OPTION...]: run one script (already
# substituted) with the shell options and any extra ones.
sqlite_step() {
    local fig=$1 name=$2 db=$3 script=$4
    shift 4
    measure "$name" sqlite3 "${SQLITE_OPTS[@]}" "$@" "$db" ".read $script"
    if [ "$RC" -eq 0 ]; then
        VAL[sqlite3.$fig]=$SECS
    else
        NOTE[sqlite3.$fig]="exit $RC (bench/out/$name.log)"
    fi
}

run_sqlite() {
    local db=$OUT/sqlite-jsonl.db dbc=$OUT/sqlite-csv.db
    sed "s|@JSONL@|$JSONL|" "$SQL/sqlite_load_jsonl.sql" >"$OUT/sqlite_load_jsonl.sql"
    sed "s|@CSV@|$CSV|" "$SQL/sqlite_load_csv.sql" >"$OUT/sqlite_load_csv.sql"
    log "sqlite3 load (JSON Lines)"
    rm_db "$db"
    sqlite_step import_jsonl s-load-jsonl "$db" "$OUT/sqlite_load_jsonl.sql"
    log "sqlite3 load (CSV)"
    rm_db "$dbc"
    sqlite_step import_csv s-load-csv "$dbc" "$OUT/sqlite_load_csv.sql"
    [ -n "${VAL[sqlite3.import_jsonl]:-}" ] || return
    log "sqlite3 score"
    sqlite_step score s-score "$db" "$SQL/score.sql"
    log "sqlite3 funnel"
    sqlite_step funnel s-funnel "$db" "$SQL/funnel.sql" -header -csv
    VAL[sqlite3.mql_leads]=$(sqlite3 "$db" 'SELECT count(*) FROM lead_mql;' 2>/dev/null)
}

# ---- DuckDB --------------------------------------------------------------------

# json_field FILE KEY: a top-level number from the peer's one-line JSON.
json_field() {
    node -e 'const o = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
             const v = o[process.argv[2]]; process.stdout.write(v === undefined ? "" : String(v));' \
        "$1" "$2" 2>/dev/null
}

run_duckdb() {
    local peer=(node "$BENCH/duckdb_peer.mjs" --deps "$DEPS" --sql "$SQL")
    log "duckdb load (CSV)"
    measure d-csv "${peer[@]}" --db "$OUT/duckdb-csv.duckdb" --csv "$CSV" --load-only
    if [ "$RC" -eq 0 ]; then
        VAL[duckdb.import_csv]=$(awk -v m="$(json_field "$OUT/d-csv.out" load_ms)" 'BEGIN { print m / 1000 }')
    else
        NOTE[duckdb.import_csv]="exit $RC (bench/out/d-csv.log)"
    fi
    log "duckdb load, score, funnel (JSON Lines)"
    measure d-jsonl "${peer[@]}" --db "$OUT/duckdb-jsonl.duckdb" --jsonl "$JSONL"
    if [ "$RC" -ne 0 ]; then
        NOTE[duckdb.import_jsonl]="exit $RC (bench/out/d-jsonl.log)"
        return
    fi
    local f
    for f in import_jsonl:load_ms score:score_ms funnel:funnel_ms; do
        VAL[duckdb.${f%%:*}]=$(awk -v m="$(json_field "$OUT/d-jsonl.out" "${f#*:}")" 'BEGIN { print m / 1000 }')
    done
    VAL[duckdb.mql_leads]=$(json_field "$OUT/d-jsonl.out" mql_leads)
    VAL[duckdb.threads]=$(json_field "$OUT/d-jsonl.out" threads)
}

# ---- the table ---------------------------------------------------------------------

# cell ENGINE FIGURE KIND: the figure as events/s (KIND=rate) or ms.
cell() {
    local v=${VAL[$1.$2]:-}
    if [ -z "$v" ]; then
        echo "n/a"
    elif [ "$3" = rate ]; then
        rate "$EVENTS" "$v"
    else
        ms "$v"
    fi
}

# ratio FIGURE PEER: how many times faster handoff is than the peer.
ratio() {
    local h=${VAL[handoff.$1]:-} p=${VAL[$2.$1]:-}
    if [ -z "$h" ] || [ -z "$p" ]; then
        echo "n/a"
    else
        awk -v h="$h" -v p="$p" 'BEGIN { if (h > 0) printf "%.2fx", p / h; else print "n/a" }'
    fi
}

# stat_field PATTERN: the number before PATTERN in the generator's stats.
stat_field() {
    grep -o "[0-9]* $1" "$JSONL.stats" 2>/dev/null | head -n 1 | cut -d' ' -f1 | grep . || echo n/a
}

# Total MQL journeys in handoff's funnel report (sum of counts.mql over cohorts).
handoff_mqls() {
    [ -s "$OUT/h-report-funnel.out" ] && [ -n "${VAL[handoff.funnel]:-}" ] || { echo n/a; return; }
    node -e 'const o = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
             let n = 0; for (const c of o.cohorts || []) n += (c.counts && c.counts.mql) || 0;
             process.stdout.write(String(n));' "$OUT/h-report-funnel.out" 2>/dev/null || echo n/a
}

# Every measured command: wall, user and system seconds, peak memory.
print_details() {
    local name f
    [ -x /usr/bin/time ] || return 0
    echo
    printf '%-16s %9s %9s %9s %12s\n' step wall_s user_s sys_s peak_MiB
    for name in gen h-import-jsonl h-import-csv h-rebuild h-report-funnel s-load-jsonl s-load-csv \
        s-score s-funnel d-csv d-jsonl; do
        f=$OUT/$name.time
        [ -s "$f" ] || continue
        awk -v n="$name" 'NF == 4 { printf "%-16s %9.2f %9.2f %9.2f %12.0f\n", n, $1, $2, $3, $4 / 1024 }' "$f"
    done
    echo "(d-csv: DuckDB CSV load; d-jsonl: DuckDB JSONL load + score + funnel, one process each)"
}

print_table() {
    local fmt='%-28s %14s %14s %14s %12s %12s\n'
    local rows=("import JSONL (events/s):import_jsonl:rate" "import CSV (events/s):import_csv:rate"
        "rebuild / score (events/s):score:rate" "report funnel (ms):funnel:ms")
    echo
    echo "handoff benchmarks: $EVENTS events ($LEADS leads, seed $SEED), $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "sqlite3 $(sqlite3 --version 2>/dev/null | cut -d' ' -f1); duckdb ${VAL[duckdb.threads]:-?} threads; wall-clock time of whole commands (peers: per phase)"
    echo
    printf "$fmt" figure handoff sqlite3 duckdb "vs sqlite3" "vs duckdb"
    printf "$fmt" "----------------------------" "-------" "-------" "------" "----------" "---------"
    local r label fig kind
    for r in "${rows[@]}"; do
        IFS=: read -r label fig kind <<<"$r"
        printf "$fmt" "$label" "$(cell handoff "$fig" "$kind")" "$(cell sqlite3 "$fig" "$kind")" \
            "$(cell duckdb "$fig" "$kind")" "$(ratio "$fig" sqlite3)" "$(ratio "$fig" duckdb)"
    done
    echo
    echo "ratios: handoff's speed-up over the peer (2.00x = handoff takes half the time; < 1 = slower)."
    echo "rebuild / score: handoff rebuild vs bench/sql/score.sql (fit, behaviour, first MQL, channel per lead)."
    echo "report funnel: handoff report funnel --json vs bench/sql/funnel.sql (by cohort and channel)."
    [ -n "${VAL[handoff.gen]:-}" ] &&
        echo "data generation (handoff demo-data, JSONL + CSV): $(rate "$EVENTS" "${VAL[handoff.gen]}") events/s"
    echo "MQL journeys: generator $(stat_field 'MQL journeys'), handoff $(handoff_mqls)"
    echo "MQL leads (first journeys): generator $(stat_field 'leads, [0-9.]*% of leads')," \
        "sqlite3 ${VAL[sqlite3.mql_leads]:-n/a}, duckdb ${VAL[duckdb.mql_leads]:-n/a}"
    print_details
    local k
    for k in $(printf '%s\n' "${!NOTE[@]}" | sort); do
        echo "n/a  $k: ${NOTE[$k]}"
    done
}

# ---- main ------------------------------------------------------------------------

HAVE_BUILD=1
build_handoff || HAVE_BUILD=0
if ! generate_data; then
    log "no data set: giving up"
    exit 1
fi
EVENTS=$(wc -l <"$JSONL")

if [ "$RUN_HANDOFF" -eq 1 ] && [ "$HAVE_BUILD" -eq 1 ]; then
    run_handoff
else
    NOTE[handoff]="not run (build failed or --no-handoff)"
fi
if [ "$RUN_SQLITE" -eq 1 ] && ensure_sqlite3; then run_sqlite; fi
if [ "$RUN_DUCKDB" -eq 1 ] && ensure_duckdb; then run_duckdb; fi

print_table | tee "$OUT/results.txt"
# The raw figures (seconds) for other scripts (bench/engine.sh): "ENGINE.FIGURE VALUE".
{
    for k in "${!VAL[@]}"; do printf '%s %s\n' "$k" "${VAL[$k]}"; done
    for k in "${!NOTE[@]}"; do printf 'note.%s %s\n' "$k" "${NOTE[$k]}"; done
} | sort >"$OUT/values.txt"
exit 0
