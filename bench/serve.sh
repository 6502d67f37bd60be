#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# bench/serve.sh - wrk on loopback against `handoff serve` and, side by side
# in the same run, against bench/mhd_ceiling.c (libmicrohttpd answering 200
# with the same threading: the server's own ceiling).  Issue 10's benchmark;
# it measures and prints, it never fails because something was slow.
#
#   1. builds handoff in Release (build-release/) and mhd_ceiling with cc,
#   2. checks for wrk (Debian package `wrk`; installed here when run as
#      root, else it says how to install it),
#   3. for 1 and 64 connections, single events and batches of 100
#      (bench/serve_events.lua: POST /v1/events, unique ids per request),
#      runs wrk for --duration seconds (default 10) against each server and
#      prints p50/p99 latency, events/s and handoff / ceiling,
#   4. times request -> MQL visible in GET /v1/leads/{id}
#      (bench/mql_latency.py).
# Each server runs with --threads THREADS (default: one per core, as serve) on
# a fresh database of the example definitions; the events go to LEADS leads
# (default 1000), each event stamped with the current time.
#
# usage: bench/serve.sh [--duration S] [--threads N] [--conns "1 64"] [--leads N] [--no-build]
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
BUILD=$ROOT/build-release
HO=$BUILD/handoff
CEIL=$BUILD/bench/mhd_ceiling
DUR=10
THREADS=$(nproc)
CONNS="1 64"
LEADS=1000
BUILD_IT=1
while [ $# -gt 0 ]; do
  case $1 in
    --duration) DUR=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --conns) CONNS=$2; shift 2 ;;
    --leads) LEADS=$2; shift 2 ;;
    --no-build) BUILD_IT=0; shift ;;
    *) echo "usage: bench/serve.sh [--duration S] [--threads N] [--conns \"1 64\"] [--leads N] [--no-build]" >&2; exit 2 ;;
  esac
done

if ! command -v wrk > /dev/null; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get > /dev/null; then
    echo "serve.sh: installing wrk (Debian package)" >&2
    apt-get install -y -qq wrk > /dev/null || { apt-get update -qq && apt-get install -y -qq wrk > /dev/null; }
  fi
  command -v wrk > /dev/null || { echo "serve.sh: wrk is missing: sudo apt-get install wrk" >&2; exit 1; }
fi

if [ $BUILD_IT = 1 ]; then
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release > /dev/null &&
    cmake --build "$BUILD" -j2 --target handoff > /dev/null || { echo "serve.sh: build failed" >&2; exit 1; }
  mkdir -p "$BUILD/bench"
  cc -O2 -Wall -Wextra -o "$CEIL" "$BENCH/mhd_ceiling.c" -lmicrohttpd -lpthread ||
    { echo "serve.sh: cannot build mhd_ceiling" >&2; exit 1; }
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
  for _ in $(seq 200); do
    curl -s -o /dev/null "http://127.0.0.1:$1/livez" && return 0
    sleep 0.05
  done
  echo "serve.sh: nothing answers on port $1" >&2
  exit 1
}

"$HO" init --db "$T/bench.db" > /dev/null 2>&1
TOKEN=$("$HO" token create --db "$T/bench.db" --scope write 2> /dev/null)
HO_PORT=$(free_port)
"$HO" serve --db "$T/bench.db" --listen "127.0.0.1:$HO_PORT" --threads "$THREADS" 2> "$T/serve.log" &
PIDS+=($!)
CEIL_PORT=$(free_port)
"$CEIL" "$CEIL_PORT" "$THREADS" &
PIDS+=($!)
wait_up "$HO_PORT"
wait_up "$CEIL_PORT"

# run PORT CONNS BATCH: "p50_us p99_us events_per_s non2xx errors"
run() {
  local threads=$(($2 < 2 ? 1 : 2))
  local line
  line=$(wrk -t "$threads" -c "$2" -d "${DUR}s" --latency -s "$BENCH/serve_events.lua" \
    "http://127.0.0.1:$1/v1/events" -- "$3" "$TOKEN" "$LEADS" 2> /dev/null | grep '^RESULT')
  set -- $line "$3"
  # RESULT p50 p99 requests seconds non2xx errors batch
  awk -v p50="$2" -v p99="$3" -v req="$4" -v s="$5" -v bad="$6" -v err="$7" -v b="$8" \
    'BEGIN { printf "%d %d %.0f %d %d\n", p50, p99, req * b / s, bad, err }'
}

echo "wrk on 127.0.0.1, ${DUR}s per run, --threads $THREADS, $LEADS leads; handoff serve vs mhd_ceiling (libmicrohttpd, 200)"
echo "$(nproc) cores; $(wrk --version 2>&1 | head -1)"
printf '%-12s %5s | %9s %9s %11s | %9s %9s %11s | %6s %s\n' case conns \
  "p50_us" "p99_us" "events/s" "ceil_p50" "ceil_p99" "ceil_ev/s" "ratio" "(non-2xx, socket errors)"
for c in $CONNS; do
  for b in 1 100; do
    read -r hp50 hp99 hev hbad herr <<< "$(run "$HO_PORT" "$c" "$b")"
    read -r cp50 cp99 cev cbad cerr <<< "$(run "$CEIL_PORT" "$c" "$b")"
    ratio=$(awk -v a="$hev" -v b="$cev" 'BEGIN { printf (b > 0 ? "%.2f" : "n/a"), a / b }')
    name=$([ "$b" = 1 ] && echo "single" || echo "batch_$b")
    printf '%-12s %5s | %9s %9s %11s | %9s %9s %11s | %6s (%s/%s, %s/%s)\n' "$name" "$c" \
      "$hp50" "$hp99" "$hev" "$cp50" "$cp99" "$cev" "$ratio" "$hbad" "$herr" "$cbad" "$cerr"
  done
done
echo "ratio = handoff events/s / ceiling events/s (the ceiling reads and drops the body)"
python3 "$BENCH/mql_latency.py" "$HO_PORT" "$TOKEN" 50
