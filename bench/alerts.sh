#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# bench/alerts.sh - issue 11's benchmark: event -> webhook received on
# loopback while `handoff serve` ingests at full speed, and the ingest
# throughput with alerts on against off, side by side in one run.  It
# measures and prints, it never fails because something was slow.
#
#   1. builds handoff in Release (build-release/) unless --no-build,
#   2. for each mode, a fresh database, `serve --threads THREADS`, and for
#      --duration seconds (default 10) wrk (-t2, --conns connections,
#      batches of --batch page_view events timestamped now,
#      bench/alerts_events.lua) with bench/alerts_probe.py beside it: RATE
#      leads a second (default 10) made MQLs by one POST each, timed from
#      before the POST to their lead.mql webhook arriving at the probe's
#      receiver;
#        off: the example definitions, no notify section, no --alerts;
#        on:  the same plus notify (lead.mql and lead.assigned to a signed
#             webhook, the probe) and serve --alerts (the delivery thread),
#   3. runs --rounds (default 2) of off then on, alternating, and prints
#      each run's events/s, the probe's p50/p99, the mean group commit and
#      the outbox's commit -> 2xx time, then on/off of the summed events/s.
# Targets (issue 11): p99 <= 1 s, p50 <= 50 ms, on/off >= 0.95.
#
# usage: bench/alerts.sh [--duration S] [--conns N] [--batch N] [--rate N]
#                        [--rounds N] [--threads N] [--no-build]
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
BUILD=$ROOT/build-release
HO=$BUILD/handoff
DUR=10
CONNS=16
BATCH=50
RATE=10
ROUNDS=2
THREADS=64
BUILD_IT=1
usage="usage: bench/alerts.sh [--duration S] [--conns N] [--batch N] [--rate N] [--rounds N] [--threads N] [--no-build]"
while [ $# -gt 0 ]; do
  case $1 in
    --duration) DUR=$2; shift 2 ;;
    --conns) CONNS=$2; shift 2 ;;
    --batch) BATCH=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --no-build) BUILD_IT=0; shift ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
command -v wrk > /dev/null || { echo "alerts.sh: wrk is missing: sudo apt-get install wrk" >&2; exit 1; }
if [ $BUILD_IT = 1 ]; then
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release > /dev/null &&
    cmake --build "$BUILD" -j2 --target handoff > /dev/null || { echo "alerts.sh: build failed" >&2; exit 1; }
fi

T=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2> /dev/null; done
  wait 2> /dev/null
  rm -rf "$T"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() {
  for _ in $(seq 200); do curl -s -o /dev/null "http://127.0.0.1:$1/livez" && return 0; sleep 0.05; done
  echo "alerts.sh: nothing answers on port $1" >&2
  exit 1
}

RECV_PORT=$(free_port)
cp "$ROOT/examples/definitions.yaml" "$T/off.yaml"
cat "$ROOT/examples/definitions.yaml" - > "$T/on.yaml" << YAML

notify:
  destinations:
    probe: { webhook: "http://127.0.0.1:$RECV_PORT/hook", secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw }
  fallback: probe
  subscriptions:
    - { event: lead.mql, to: [probe] }
    - { event: lead.assigned, to: [probe] }
YAML
: > "$T/empty.jsonl"

# facts MODE ROUND: the mean group commit (/metrics) and, with alerts, the
# outbox's commit -> 2xx time of the lead.mql rows (how much of the latency is
# the commit's)
facts() {
  python3 "$ROOT/tests/integration/prom_parse.py" "$T/$1$2.metrics" > "$T/$1$2.mjson" 2> /dev/null
  python3 - "$T/$1$2.mjson" "$T/$1$2.db" << 'PY'
import json, sqlite3, sys
try:
    d = json.load(open(sys.argv[1]))
    s, n = d["handoff_commit_duration_seconds_sum"], d["handoff_commit_duration_seconds_count"]
    text = "%.1f ms" % (1000 * s / n) if n else "n/a"
except (ValueError, KeyError):
    text = "n/a"
rows = []
try:
    rows = [r[0] for r in sqlite3.connect(sys.argv[2]).execute(
        "SELECT sent_at - created FROM outbox WHERE status = 'sent' AND kind = 'lead.mql' ORDER BY 1")]
except sqlite3.Error:
    pass
pct = lambda p: rows[min(len(rows) - 1, int(p / 100 * len(rows)))]
print(text + ("; %d/%d" % (pct(50), pct(99)) if rows else ""))
PY
}

# mode off|on ROUND: "events_per_s p50_us p99_us non2xx errors"; the probe's
# line in $T/MODEROUND.probe, /metrics in $T/MODEROUND.metrics
mode() {
  local db=$T/$1$2.db port flags=""
  [ "$1" = on ] && flags=--alerts
  "$HO" import --db "$db" --defs "$T/$1.yaml" --force "$T/empty.jsonl" > /dev/null 2>&1 ||
    { echo "alerts.sh: cannot create $db" >&2; exit 1; }
  local token rtoken
  token=$("$HO" token create --db "$db" --scope ingest 2> /dev/null)
  rtoken=$("$HO" token create --db "$db" --scope read 2> /dev/null)
  port=$(free_port)
  "$HO" serve $flags --db "$db" --listen "127.0.0.1:$port" --threads "$THREADS" 2> "$T/$1$2.log" &
  local spid=$!
  PIDS+=($spid)
  wait_up "$port"
  wrk -t 2 -c "$CONNS" -d "${DUR}s" --latency -s "$BENCH/alerts_events.lua" \
    "http://127.0.0.1:$port/v1/events" -- "$BATCH" "$token" > "$T/$1$2.wrk" 2>&1 &
  local wpid=$!
  sleep 0.5
  python3 "$BENCH/alerts_probe.py" "$port" "$token" "$RECV_PORT" "$((DUR - 1))" "$RATE" > "$T/$1$2.probe"
  wait $wpid
  curl -s -H "Authorization: Bearer $rtoken" "http://127.0.0.1:$port/metrics" > "$T/$1$2.metrics"
  kill -TERM $spid
  wait $spid 2> /dev/null
  set -- $(grep '^RESULT' "$T/$1$2.wrk")
  # RESULT p50 p99 requests seconds non2xx errors
  awk -v p50="$2" -v p99="$3" -v req="$4" -v s="$5" -v bad="$6" -v err="$7" -v b="$BATCH" \
    'BEGIN { printf "%.0f %d %d %d %d\n", req * b / s, p50, p99, bad, err }'
}

echo "alerts.sh: wrk -t2 -c$CONNS, batches of $BATCH page_views, ${DUR}s per run, serve --threads $THREADS;"
echo "probe: $RATE MQL leads/s, each one POST (3 events), timed to its lead.mql webhook; $(nproc) cores"
echo "$ROUNDS rounds of off then on (alternating, so that a drift of the machine's load hits both)"
printf '%-9s | %11s %12s %12s | %s\n' run "events/s" "wrk_p50_us" "wrk_p99_us" "(non-2xx, socket errors) | probe: sent received p50_ms p99_ms max_ms | group commit mean; commit -> 2xx p50/p99 ms"
sum_off=0 sum_on=0
for r in $(seq "$ROUNDS"); do
  for m in off on; do
    read -r ev p50 p99 bad err <<< "$(mode "$m" "$r")"
    [ "$m" = off ] && sum_off=$((sum_off + ev)) || sum_on=$((sum_on + ev))
    printf '%-9s | %11s %12s %12s | (%s, %s) | %s | %s\n' "$m#$r" "$ev" "$p50" "$p99" "$bad" "$err" \
      "$(cut -d' ' -f2- "$T/$m$r.probe")" "$(facts "$m" "$r")"
  done
done
awk -v a="$sum_on" -v b="$sum_off" 'BEGIN { printf "ingest on/off = %s (events/s summed over the rounds; target >= 0.95)\n", (b > 0 ? sprintf("%.3f", a / b) : "n/a") }'
echo "probe columns: event -> lead.mql webhook received (targets: p50 <= 50 ms, p99 <= 1000 ms); off runs receive nothing (no notify)"
