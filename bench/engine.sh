#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# bench/engine.sh - the engine figures of issue 8 for one or two handoff
# binaries (a new build and a baseline, e.g. a Release build of an older
# main), side by side in one run, with the peers of bench/run.sh (sqlite3,
# DuckDB) where the same job exists as SQL.  Measures and prints; it never
# fails because something is slow.
#
#   data     bench/run.sh's data set (bench/out/events-LEADS-sSEED.jsonl and
#            .csv; 400,000 leads ~ 10M events, --small 40,000 ~ 1M), made
#            with `handoff demo-data` when missing; from it
#            bench/engine_batches.py makes three files of 10,000 NEW events
#            (after the data's latest; existing leads and 10% new leads) and
#            three of 10,000 LATE events (inside existing leads' histories);
#   figures  for each binary, on its own database: import JSONL and CSV
#            (events/s, --durability full), rebuild (events/s), every
#            report (`report NAME --json`, the names `report --help` lists,
#            and funnel --flow) in ms, importing a file of 10,000 new events
#            into the imported database and one of 10,000 late events (ms,
#            process start included), a sales action (`accept` of an MQL lead,
#            ms), peak RSS of every command (/usr/bin/time -v) and resident
#            bytes per lead (peak RSS of rebuild / leads in the data);
#   runs     best of --runs (3) whole-command runs, binaries alternating;
#            a command whose run takes longer than --long seconds (10) is not
#            repeated; each import run starts from a fresh database, the
#            incremental and sales runs each use another file / lead;
#   peers    bench/run.sh --no-handoff on the same data (--no-peers skips,
#            --no-duckdb skips DuckDB only; --peers-from FILE takes the
#            figures of an earlier run, its peers-values.txt, instead);
#   output   the tables on stdout, also in bench/out/engine-LEADS-sSEED/
#            results.txt; every command's output and /usr/bin/time report
#            there too.
#
# usage: bench/engine.sh [--small] [--leads N] [--seed N] [--handoff PATH]
#                        [--baseline PATH] [--baseline-only] [--no-peers]
#                        [--no-duckdb] [--peers-from FILE] [--runs N]
#                        [--long SECS]
#   --handoff PATH   the new binary (default build-release/handoff, built in
#                    Release when missing)
#   --baseline PATH  the binary to compare with (e.g. today's main)
#   --baseline-only  measure the baseline alone (today's figures)
# Run it niced on a shared machine: nice -n 5 bench/engine.sh --small ...
# The cmd_* and prep_* functions are called through measure().
# shellcheck disable=SC2317
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
OUT=$BENCH/out
DEFS=$ROOT/examples/definitions.yaml

LEADS=400000
SEED=42
NEW=$ROOT/build-release/handoff
NEW_GIVEN=0
BASE=
BASE_ONLY=0
PEERS=1
PEERS_FROM=
DUCK=1
RUNS=3
LONG=10

usage() {
    sed -n '3,43p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit "${1:-0}"
}

while [ $# -gt 0 ]; do
    case "$1" in
    --small) LEADS=40000 ;;
    --leads) LEADS=${2:?--leads needs a number}; shift ;;
    --seed) SEED=${2:?--seed needs a number}; shift ;;
    --handoff) NEW=${2:?--handoff needs a path}; NEW_GIVEN=1; shift ;;
    --baseline) BASE=${2:?--baseline needs a path}; shift ;;
    --baseline-only) BASE_ONLY=1 ;;
    --no-peers) PEERS=0 ;;
    --peers-from) PEERS_FROM=${2:?--peers-from needs a file}; shift ;;
    --no-duckdb) DUCK=0 ;;
    --runs) RUNS=${2:?--runs needs a number}; shift ;;
    --long) LONG=${2:?--long needs seconds}; shift ;;
    -h | --help) usage 0 ;;
    *) echo "bench/engine.sh: unknown option '$1'" >&2; usage 2 ;;
    esac
    shift
done

log() { printf 'engine: %s\n' "$*" >&2; }

[ -x /usr/bin/time ] || { log "needs /usr/bin/time (Debian package 'time')"; exit 1; }
if [ "$BASE_ONLY" -eq 1 ] && [ -z "$BASE" ]; then
    log "--baseline-only needs --baseline PATH"
    exit 2
fi

declare -A BIN DB DBC DUR VAL CPU KB RUNS_DONE NOTE PEER
TAGS=()
if [ "$BASE_ONLY" -eq 0 ]; then
    if [ ! -x "$NEW" ] && [ "$NEW_GIVEN" -eq 0 ]; then
        log "building handoff (Release) in build-release/"
        mkdir -p "$OUT"
        { cmake -S "$ROOT" -B "$ROOT/build-release" -DCMAKE_BUILD_TYPE=Release &&
            cmake --build "$ROOT/build-release" -j2 --target handoff; } >"$OUT/engine-build.log" 2>&1 ||
            { log "the Release build failed (bench/out/engine-build.log)"; exit 1; }
    fi
    [ -x "$NEW" ] || { log "not an executable: $NEW"; exit 2; }
    TAGS+=(new)
    BIN[new]=$(cd "$(dirname "$NEW")" && pwd)/$(basename "$NEW")
fi
if [ -n "$BASE" ]; then
    [ -x "$BASE" ] || { log "not an executable: $BASE"; exit 2; }
    TAGS+=(base)
    BIN[base]=$(cd "$(dirname "$BASE")" && pwd)/$(basename "$BASE")
fi
MAIN=${TAGS[0]}   # the binary compared with the peers
declare -A LABEL=([new]=new [base]=baseline)

JSONL=$OUT/events-$LEADS-s$SEED.jsonl
CSV=$OUT/events-$LEADS-s$SEED.csv
W=$OUT/engine-$LEADS-s$SEED
BATCH=$W/batches
mkdir -p "$W"

# ---- the data ------------------------------------------------------------------

if [ ! -s "$JSONL" ] || [ ! -s "$CSV" ]; then
    gen=${BIN[base]:-${BIN[new]}}
    log "generating $LEADS leads with $gen demo-data"
    if ! "$gen" demo-data --leads "$LEADS" --seed "$SEED" --out "$JSONL" --csv "$CSV" 2>"$JSONL.stats"; then
        cat "$JSONL.stats" >&2
        rm -f "$JSONL" "$CSV"
        log "demo-data failed"
        exit 1
    fi
fi
if [ ! -s "$BATCH/info.txt" ] || [ "$BATCH/info.txt" -ot "$JSONL" ]; then
    log "making the new / late batches (bench/engine_batches.py)"
    python3 "$BENCH/engine_batches.py" "$JSONL" "$BATCH" --files "$RUNS" ||
        { log "engine_batches.py failed"; exit 1; }
fi
info() { awk -v k="$1" '$1 == k { print $2 }' "$BATCH/info.txt"; }
EVENTS=$(info events)
NLEADS=$(info leads)
LATEST=$(info latest)
for r in $(seq "$RUNS"); do
    [ -s "$BATCH/new-$r.jsonl" ] && [ -s "$BATCH/late-$r.jsonl" ] && continue
    python3 "$BENCH/engine_batches.py" "$JSONL" "$BATCH" --files "$RUNS" || exit 1
    break
done

# ---- measuring -------------------------------------------------------------------

rm_db() { rm -f "$1" "$1-wal" "$1-shm" "$1.wal"; }

for t in "${TAGS[@]}"; do
    DB[$t]=$W/$t.db
    DBC[$t]=$W/$t-csv.db
    DUR[$t]=
    # (the help into a variable first: grep -q may close the pipe early)
    help=$("${BIN[$t]}" import --help 2>&1)
    grep -q -- '--durability' <<<"$help" && DUR[$t]=full
done

# run1 NAME CMD...: one run; stdout/stderr/time report in $W/NAME.*; sets
# MS (wall ms from date, process start included), CPUS (user + system
# seconds), RSSKB and RC.
run1() {
    local name=$1 t0 t1
    shift
    t0=$(date +%s%N)
    /usr/bin/time -v -o "$W/$name.time" "$@" >"$W/$name.out" 2>"$W/$name.log"
    RC=$?
    t1=$(date +%s%N)
    MS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e6 }')
    RSSKB=$(awk -F': *' '/Maximum resident set size/ { print $2 }' "$W/$name.time")
    CPUS=$(awk -F': *' '/(User|System) time/ { s += $2 } END { printf "%.2f", s }' "$W/$name.time")
}

# measure FIG PREP CMDFN: best of RUNS for every binary, alternating.  PREP
# TAG R runs before each run (untimed); CMDFN TAG R sets the array CMD.  A
# binary drops out of the repeats after a failed run or one over LONG s.
# Exit 3 (some records rejected) counts as a run, with a note.
measure() {
    local fig=$1 prep=$2 cmdfn=$3 r t
    declare -A fin=()
    for r in $(seq "$RUNS"); do
        for t in "${TAGS[@]}"; do
            [ -n "${fin[$t]:-}" ] && continue
            "$prep" "$t" "$r"
            CMD=()
            "$cmdfn" "$t" "$r" || { NOTE[$t.$fig]=${NOTE[$t.$fig]:-"not run"}; fin[$t]=1; continue; }
            run1 "$t-$fig-$r" "${CMD[@]}"
            if [ "$RC" -ne 0 ] && [ "$RC" -ne 3 ]; then
                NOTE[$t.$fig]="exit $RC ($W/$t-$fig-$r.log)"
                fin[$t]=1
                continue
            fi
            [ "$RC" -eq 3 ] && NOTE[$t.$fig]="exit 3: some records rejected ($W/$t-$fig-$r.log)"
            if [ -z "${VAL[$t.$fig]:-}" ] || awk -v a="$MS" -v b="${VAL[$t.$fig]}" 'BEGIN { exit !(a < b) }'; then
                VAL[$t.$fig]=$MS
                CPU[$t.$fig]=$CPUS
            fi
            if [ -z "${KB[$t.$fig]:-}" ] || [ "${RSSKB:-0}" -gt "${KB[$t.$fig]}" ]; then
                KB[$t.$fig]=${RSSKB:-0}
            fi
            RUNS_DONE[$t.$fig]=$r
            awk -v a="$MS" -v l="$LONG" 'BEGIN { exit !(a > l * 1000) }' && fin[$t]=1
        done
    done
    for t in "${TAGS[@]}"; do
        log "$(printf '%-22s %-8s %10s ms  %8s KB' "$fig" "${LABEL[$t]}" "${VAL[$t.$fig]:-n/a}" "${KB[$t.$fig]:-n/a}")"
    done
}

none() { :; }
durability() { [ -n "${DUR[$1]}" ] && printf '%s\n' --durability "${DUR[$1]}"; }

prep_import() { rm_db "${DB[$1]}"; }
cmd_import() { mapfile -t CMD < <(printf '%s\n' "${BIN[$1]}" import --db "${DB[$1]}" --defs "$DEFS"; durability "$1"; echo "$JSONL"); }
prep_csv() { rm_db "${DBC[$1]}"; }
cmd_csv() { mapfile -t CMD < <(printf '%s\n' "${BIN[$1]}" import --db "${DBC[$1]}" --defs "$DEFS"; durability "$1"; echo "$CSV"); }
have_db() { [ -n "${VAL[$1.import_jsonl]:-}" ]; }
cmd_rebuild() { have_db "$1" || return 1; mapfile -t CMD < <(printf '%s\n' "${BIN[$1]}" rebuild --db "${DB[$1]}"; durability "$1"); }
REPORT_ARGS=()
cmd_report() { have_db "$1" || return 1; CMD=("${BIN[$1]}" report "${REPORT_ARGS[@]}" --json --db "${DB[$1]}"); }
cmd_new() { have_db "$1" || return 1; mapfile -t CMD < <(printf '%s\n' "${BIN[$1]}" import --db "${DB[$1]}"; durability "$1"; echo "$BATCH/new-$2.jsonl"); }
cmd_late() { have_db "$1" || return 1; mapfile -t CMD < <(printf '%s\n' "${BIN[$1]}" import --db "${DB[$1]}"; durability "$1"; echo "$BATCH/late-$2.jsonl"); }

# The sales action: `accept` of one MQL lead per run (another each run), at
# a time after every batch; `contact --via call` when no MQL lead is listed.
declare -A MQLS ACTION
iso_after() { date -u -d "@$(($(date -u -d "$LATEST" +%s) + $1))" +%Y-%m-%dT%H:%M:%SZ; }
cmd_sales() {
    local t=$1 r=$2 lead at
    have_db "$t" || return 1
    if [ -z "${MQLS[$t]:-}" ]; then
        MQLS[$t]=$("${BIN[$t]}" leads --db "${DB[$t]}" --stage mql --csv 2>/dev/null |
            grep -o '^lead-[0-9]*' | head -n "$RUNS" | tr '\n' ' ')
        [ -n "${MQLS[$t]}" ] || MQLS[$t]=none
    fi
    at=$(iso_after $((RUNS * 3600 + 3600 + r * 60)))
    lead=$(echo "${MQLS[$t]}" | awk -v r="$r" '{ print $r }')
    if [ -n "$lead" ] && [ "$lead" != none ]; then
        ACTION[$t]="accept (an MQL lead)"
        mapfile -t CMD < <(printf '%s\n' "${BIN[$t]}" accept "$lead" --at "$at" --db "${DB[$t]}"; durability "$t")
    else
        lead=$(grep -m "$r" -o '"lead":"lead-[0-9]*"' "$JSONL" | tail -n 1 | cut -d'"' -f4)
        ACTION[$t]="contact --via call (no MQL lead listed)"
        mapfile -t CMD < <(printf '%s\n' "${BIN[$t]}" contact "$lead" --via call --at "$at" --db "${DB[$t]}"; durability "$t")
    fi
}

db_bytes() { du -cb "$1" "$1-wal" "$1.wal" 2>/dev/null | tail -n 1 | cut -f1; }

# ---- the run ----------------------------------------------------------------------

{
    echo "engine.sh $(date -u +%Y-%m-%dT%H:%M:%SZ): $EVENTS events, $NLEADS leads (seed $SEED), $(nproc) CPUs, runs $RUNS, long ${LONG}s"
    for t in "${TAGS[@]}"; do
        echo "  ${LABEL[$t]}: ${BIN[$t]} ($(sha256sum "${BIN[$t]}" | cut -c1-12)), durability ${DUR[$t]:-default}"
    done
} >"$W/header.txt"
cat "$W/header.txt" >&2

log "import JSONL"
measure import_jsonl prep_import cmd_import
for t in "${TAGS[@]}"; do VAL[$t.db_bytes]=$(db_bytes "${DB[$t]}"); done
log "import CSV"
measure import_csv prep_csv cmd_csv
for t in "${TAGS[@]}"; do rm_db "${DBC[$t]}"; done
log "rebuild"
measure rebuild none cmd_rebuild

# Report names: the `usage: handoff report A|B ...` lines of the first
# binary's `report --help`, in order; funnel --flow as one more.
REPORTS=()
help=$("${BIN[$MAIN]}" report --help 2>&1)
while read -r name; do REPORTS+=("$name"); done < <(
    awk '/^usage: handoff report / { n = split($4, a, "|"); for (i = 1; i <= n; i++) if (!seen[a[i]]++) print a[i] }' <<<"$help")
if [ "${#REPORTS[@]}" -eq 0 ]; then
    log "no report names in '${BIN[$MAIN]} report --help'"
fi
grep -q -- '--flow' <<<"$help" && REPORTS+=("funnel --flow")
REPORT_FIGS=()
for rep in "${REPORTS[@]}"; do
    read -r -a REPORT_ARGS <<<"$rep"
    fig=report_$(echo "$rep" | tr -cs 'a-z0-9\n' '_')
    REPORT_FIGS+=("$fig:$rep")
    log "report $rep"
    measure "$fig" none cmd_report
done
log "import 10,000 new events"
measure new10k none cmd_new
log "import 10,000 late events"
measure late10k none cmd_late
log "sales action"
measure sales none cmd_sales
for t in "${TAGS[@]}"; do VAL[$t.db_bytes_after]=$(db_bytes "${DB[$t]}"); done

PEERS_TXT=$W/peers.txt
if [ "$PEERS" -eq 1 ] && [ -n "$PEERS_FROM" ]; then
    if [ -s "$PEERS_FROM" ]; then
        log "peers: the figures of $PEERS_FROM"
        while read -r k v; do PEER[$k]=$v; done <"$PEERS_FROM"
        PEERS_TXT=$(dirname "$PEERS_FROM")/peers.txt
        NOTE[peers]="figures of an earlier run: $PEERS_FROM"
    else
        NOTE[peers]="no figures in $PEERS_FROM"
    fi
elif [ "$PEERS" -eq 1 ]; then
    log "peers: bench/run.sh --no-handoff (sqlite3$([ "$DUCK" -eq 1 ] && echo ", DuckDB"))"
    peer_opts=(--no-handoff --no-build --leads "$LEADS" --seed "$SEED")
    [ "$DUCK" -eq 1 ] || peer_opts+=(--no-duckdb)
    rm -f "$OUT/values.txt"
    bash "$BENCH/run.sh" "${peer_opts[@]}" >"$W/peers.txt" 2>"$W/peers.log"
    if [ -s "$OUT/values.txt" ]; then
        while read -r k v; do PEER[$k]=$v; done <"$OUT/values.txt"
        cp "$OUT/values.txt" "$W/peers-values.txt"
    else
        NOTE[peers]="bench/run.sh gave no figures ($W/peers.log)"
    fi
fi
if [ "$PEERS" -eq 1 ]; then
    for k in sqlite3 duckdb; do
        for f in import_jsonl import_csv score funnel; do
            [ -n "${PEER[note.$k.$f]:-}" ] && NOTE[$k.$f]=${PEER[note.$k.$f]}
        done
        [ -n "${PEER[note.$k]:-}" ] && NOTE[$k]=${PEER[note.$k]}
    done
fi

# ---- the tables ---------------------------------------------------------------------

# peer_secs PEER FIG: the peer's seconds for an engine figure (import JSONL:
# load + score, as handoff's import scores too; CSV: load; rebuild: score).
peer_secs() {
    local p=$1 a b
    case $2 in
    import_jsonl) a=${PEER[$p.import_jsonl]:-}; b=${PEER[$p.score]:-}
        [ -n "$a" ] && [ -n "$b" ] && awk -v a="$a" -v b="$b" 'BEGIN { print a + b }' ;;
    import_csv) echo "${PEER[$p.import_csv]:-}" ;;
    rebuild) echo "${PEER[$p.score]:-}" ;;
    report_funnel) echo "${PEER[$p.funnel]:-}" ;;
    esac
}

# show MS KIND: events/s (KIND rate) or ms.
show() {
    [ -n "$1" ] || { echo n/a; return; }
    if [ "$2" = rate ]; then
        awk -v n="$EVENTS" -v ms="$1" 'BEGIN { if (ms > 0) printf "%.0f", n * 1000 / ms; else print "n/a" }'
    else
        awk -v ms="$1" 'BEGIN { printf (ms < 100 ? "%.1f" : "%.0f"), ms }'
    fi
}
# speedup OTHER_MS THIS_MS: how many times less time this takes than the other.
speedup() {
    if [ -z "$1" ] || [ -z "$2" ]; then echo n/a; return; fi
    awk -v o="$1" -v t="$2" 'BEGIN { if (t > 0) printf "%.2fx", o / t; else print "n/a" }'
}

table() {
    local fmt='%-30s %-22s' t row fig label kind target
    for t in "${TAGS[@]}"; do fmt+=' %12s'; done
    [ "${#TAGS[@]}" -eq 2 ] && fmt+=' %12s'
    fmt+=' %12s %12s %11s %11s\n'
    local head=(figure target)
    for t in "${TAGS[@]}"; do head+=("${LABEL[$t]}"); done
    [ "${#TAGS[@]}" -eq 2 ] && head+=("new vs base")
    head+=(sqlite3 duckdb "vs sqlite3" "vs duckdb")
    cat "$W/header.txt"
    echo
    # shellcheck disable=SC2059
    printf "$fmt" "${head[@]}"
    local rows=("import JSONL (events/s)|>= 1.5M/s, >= 2.5x duckdb|import_jsonl|rate"
        "import CSV (events/s)|>= 2M/s|import_csv|rate"
        "rebuild (events/s)|>= 3M/s|rebuild|rate"
        "import 10k new events (ms)|<= 150 ms|new10k|ms"
        "import 10k late events (ms)|-|late10k|ms"
        "sales action (ms)|<= 30 ms|sales|ms")
    for row in "${REPORT_FIGS[@]}"; do
        fig=${row%%:*}
        target="<= 100 ms"
        [ "$fig" = report_funnel ] && target="<= 30 ms"
        rows+=("report ${row#*:} (ms)|$target|$fig|ms")
    done
    for row in "${rows[@]}"; do
        IFS='|' read -r label target fig kind <<<"$row"
        local cells=("$label" "$target") p ps pm
        for t in "${TAGS[@]}"; do cells+=("$(show "${VAL[$t.$fig]:-}" "$kind")"); done
        [ "${#TAGS[@]}" -eq 2 ] && cells+=("$(speedup "${VAL[base.$fig]:-}" "${VAL[new.$fig]:-}")")
        for p in sqlite3 duckdb; do
            ps=$(peer_secs "$p" "$fig")
            pm=
            [ -n "$ps" ] && pm=$(awk -v s="$ps" 'BEGIN { print s * 1000 }')
            PM[$p]=$pm
            cells+=("$(show "$pm" "$kind")")
        done
        for p in sqlite3 duckdb; do cells+=("$(speedup "${PM[$p]}" "${VAL[$MAIN.$fig]:-}")"); done
        # shellcheck disable=SC2059
        printf "$fmt" "${cells[@]}"
    done
    echo
    echo "ratios (\"vs\"): the other's time / this one's (2.00x = half the time; < 1 = slower);"
    echo "  vs the peers: the ${LABEL[$MAIN]} binary.  Peers: import JSONL = load + score (handoff's import"
    echo "  scores too), import CSV = load, rebuild = bench/sql/score.sql, report funnel = bench/sql/funnel.sql."
    echo "  handoff and sqlite3: whole commands; DuckDB: phases timed inside the process (bench/run.sh)."
    echo "sales action: ${ACTION[$MAIN]:-n/a}; new / late: bench/engine_batches.py (10,000 events each)."

    echo
    fmt='%-30s'
    for t in "${TAGS[@]}"; do fmt+=' %14s'; done
    [ "${#TAGS[@]}" -eq 2 ] && fmt+=' %12s'
    fmt+='\n'
    head=("peak RSS (MiB), target <= 400")
    for t in "${TAGS[@]}"; do head+=("${LABEL[$t]}"); done
    [ "${#TAGS[@]}" -eq 2 ] && head+=("base / new")
    # shellcheck disable=SC2059
    printf "$fmt" "${head[@]}"
    local figs=(import_jsonl import_csv rebuild new10k late10k sales) mib
    for row in "${REPORT_FIGS[@]}"; do figs+=("${row%%:*}"); done
    declare -A MAX=()
    for fig in "${figs[@]}"; do
        cells=("$fig")
        for t in "${TAGS[@]}"; do
            mib=n/a
            if [ -n "${KB[$t.$fig]:-}" ] && [ -n "${VAL[$t.$fig]:-}" ]; then
                mib=$(awk -v k="${KB[$t.$fig]}" 'BEGIN { printf "%.1f", k / 1024 }')
                [ "${KB[$t.$fig]}" -gt "${MAX[$t]:-0}" ] && MAX[$t]=${KB[$t.$fig]} && MAX[$t.fig]=$fig
            fi
            cells+=("$mib")
        done
        [ "${#TAGS[@]}" -eq 2 ] && cells+=("$(speedup "${KB[base.$fig]:-}" "${KB[new.$fig]:-}")")
        # shellcheck disable=SC2059
        printf "$fmt" "${cells[@]}"
    done
    cells=("max of any command")
    for t in "${TAGS[@]}"; do
        cells+=("$(awk -v k="${MAX[$t]:-0}" 'BEGIN { printf "%.1f", k / 1024 }') ${MAX[$t.fig]:-}")
    done
    [ "${#TAGS[@]}" -eq 2 ] && cells+=("$(speedup "${MAX[base]:-}" "${MAX[new]:-}")")
    # shellcheck disable=SC2059
    printf "$fmt" "${cells[@]}"
    cells=("bytes/lead (rebuild), <= 256")
    for t in "${TAGS[@]}"; do
        cells+=("$(awk -v k="${KB[$t.rebuild]:-}" -v n="$NLEADS" 'BEGIN { if (k == "" || n == 0) print "n/a"; else printf "%.0f", k * 1024 / n }')")
    done
    [ "${#TAGS[@]}" -eq 2 ] && cells+=("$(speedup "${KB[base.rebuild]:-}" "${KB[new.rebuild]:-}")")
    # shellcheck disable=SC2059
    printf "$fmt" "${cells[@]}"
    cells=("database after import (MB)")
    for t in "${TAGS[@]}"; do
        cells+=("$(awk -v b="${VAL[$t.db_bytes]:-}" 'BEGIN { if (b == "") print "n/a"; else printf "%.0f", b / 1e6 }')")
    done
    [ "${#TAGS[@]}" -eq 2 ] && cells+=("$(speedup "${VAL[base.db_bytes]:-}" "${VAL[new.db_bytes]:-}")")
    # shellcheck disable=SC2059
    printf "$fmt" "${cells[@]}"
    echo "bytes/lead = peak RSS of rebuild / $NLEADS leads; base / new: how many times less the new one takes."
    echo
    echo "each command: best_ms = the figure above, cpu_s = user + system seconds of that run"
    echo "(cpu_s well under best_ms / 1000 = the run waited: a busy machine or I/O), peak_KB over the runs."

    echo
    printf '%-24s %-9s %10s %9s %5s %10s\n' command binary best_ms cpu_s runs peak_KB
    for fig in "${figs[@]}"; do
        for t in "${TAGS[@]}"; do
            printf '%-24s %-9s %10s %9s %5s %10s\n' "$fig" "${LABEL[$t]}" "${VAL[$t.$fig]:-n/a}" \
                "${CPU[$t.$fig]:-n/a}" "${RUNS_DONE[$t.$fig]:-0}" "${KB[$t.$fig]:-n/a}"
        done
    done
    if [ "$PEERS" -eq 1 ] && [ -s "$PEERS_TXT" ]; then
        echo
        echo "peers (bench/run.sh --no-handoff, the same data; $PEERS_TXT):"
        sed -n '/^step /,$p' "$PEERS_TXT" | grep -v '^n/a  handoff'
    fi
    local k
    for k in $(printf '%s\n' "${!NOTE[@]}" | sort); do
        echo "n/a  $k: ${NOTE[$k]}"
    done
}

declare -A PM=()
table | tee "$W/results.txt"
exit 0
