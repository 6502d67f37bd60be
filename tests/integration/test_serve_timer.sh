#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `handoff serve`: time moves without events.  The server's deadline timer
# reads the clock (here the test clock of HO_TEST_CLOCK_FILE, every 100 ms)
# and records what is due: a waiting journey re-routed when its rep comes
# back from leave, SLA clocks breached, an untouched MQL aged into nurture,
# all without a further event.  What it records equals what the batch path
# records (an import whose latest event is at that time: the explain JSON
# of each lead is the same), `rebuild` of a copy gives the same state
# (dump_state.py --full), /metrics follows (parsed by prom_parse.py) and
# every event id is stored once (log_ids.py).
# Expected values from tests/fixtures/sales/README.md (worked by hand):
#  d@big.io: MQL 2026-03-04 15:00Z, enterprise, kim away 03-02..06: waits;
#    kim is back 2026-03-07T05:00Z (00:00 EST): re-routed to kim then.
#  c@gamma.io: MQL 2026-03-10 14:20Z (no demo): first_touch and accept,
#    24 business hours each, run out Thu 2026-03-12 14:20 EDT = 18:20Z;
#    with expire_after 3d it ages into nurture at 2026-03-13T14:20:00Z.
# Usage: test_serve_timer.sh HANDOFF_BINARY SOURCE_DIR
set -uo pipefail
H=$1
SRC=$2
T=$(mktemp -d)
PID=""
cleanup() {
  [ -n "$PID" ] && kill -9 "$PID" 2> /dev/null
  [ -n "${KEEP:-}" ] && echo "kept $T" >&2 || rm -rf "$T"
}
trap cleanup EXIT

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
client() { python3 "$SRC/tests/integration/serve_client.py" "$@"; }
dump() { python3 "$SRC/tests/integration/dump_state.py" "$1" --full; }
ids() { python3 "$SRC/tests/integration/log_ids.py" "$1"; }
prom() { python3 "$SRC/tests/integration/prom_parse.py" "$@"; }
FX="$SRC/tests/fixtures/sales"

export HO_TEST_CLOCK_FILE="$T/clock"
set_clock() { echo "$1" > "$T/clock.new" && mv "$T/clock.new" "$T/clock"; }
set_clock 2026-03-04T16:00:00Z

start() {
  PORT=$(client port)
  "$H" serve --db "$1" --listen "127.0.0.1:$PORT" --tick 100 2>> "$T/serve.log" &
  PID=$!
  for _ in $(seq 200); do
    curl -sf "http://127.0.0.1:$PORT/livez" > /dev/null && return 0
    sleep 0.05
  done
  return 1
}
stop() {
  kill -TERM "$PID"
  wait "$PID"
  local rc=$?
  PID=""
  return $rc
}
url() { echo "http://127.0.0.1:$PORT$1"; }
get() { curl -s -H "Authorization: Bearer $TOKEN" "$(url "$1")"; }
post() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' --data-binary "@$1" "$(url /v1/events)"; }
# py FILE: the Python on stdin, with d = the JSON of FILE, exits 0 when it holds
py() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); $(cat)" "$1"; }
# within SECONDS COMMAND...: COMMAND succeeds within SECONDS (polled every 50 ms)
within() {
  local end=$(($(date +%s%N) + $1 * 1000000000))
  shift
  while [ "$(date +%s%N)" -lt "$end" ]; do
    "$@" && return 0
    sleep 0.05
  done
  "$@"
}
# lead_has LEAD PYTHON: GET /v1/leads/LEAD and test it (as d)
lead_has() {
  get "/v1/leads/$1" > "$T/lead.json"
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" \
    "$T/lead.json" 2> /dev/null
}
metric_is() {
  get /metrics > "$T/metrics.txt"
  [ "$(prom "$T/metrics.txt" "$1" 2> /dev/null)" = "$2" ]
}

sed 's/^    min_score: 50.*/    min_score: 50\n    expire_after: 3d/' "$FX/definitions.yaml" > "$T/defs.yaml"
"$H" init --db "$T/s.db" --defs "$T/defs.yaml" > /dev/null 2>&1
TOKEN=$("$H" token create --db "$T/s.db" --scope write 2> /dev/null)
grep -E '"(g4|d1|d2)"' "$FX/events.jsonl" | python3 -c \
  "import sys,json; print(json.dumps([json.loads(l) for l in sys.stdin]))" > "$T/d.json"
grep -E '"(g3|c1|c2|c3)"' "$FX/events.jsonl" | python3 -c \
  "import sys,json; print(json.dumps([json.loads(l) for l in sys.stdin]))" > "$T/c.json"

check "serve starts with the test clock" start "$T/s.db"
check "d's events are accepted" test "$(post "$T/d.json")" = 200
check "d is an MQL, unassigned (kim is away), waiting" \
  lead_has d@big.io 'd["stage"] == "mql" and [r["rep"] for r in d["routing"]] == [None]'

# The clock passes kim's return: the timer re-routes d to her, with no event.
set_clock 2026-03-07T06:00:00Z
T0=$(date +%s%N)
check "within 2 s (ticks of 100 ms) of the clock passing her return, d is assigned to kim" \
  within 2 lead_has d@big.io '[r["rep"] for r in d["routing"]] == [None, "kim"]'
echo "re-route seen after $((($(date +%s%N) - T0) / 1000000)) ms" >&2
check "the assignment is at kim's return, 2026-03-07T05:00:00Z" \
  lead_has d@big.io 'd["routing"][1]["at"] == "2026-03-07T05:00:00Z" and d["routing"][1]["waited_since"] == "2026-03-04T15:00:00.001Z"'
check "metrics: the timer re-routed one journey" metric_is handoff_clock_assigned_total 1
check "metrics: the data's as-of time is the clock's" \
  metric_is handoff_data_as_of_seconds "$(date -d 2026-03-07T06:00:00Z +%s)"

# c becomes an MQL (its events move the as-of time to 03-10 14:20: d, never
# contacted, ages on that commit, as an import would age it).
check "c's events are accepted" test "$(post "$T/c.json")" = 200
check "c is an MQL with its two clocks open" \
  lead_has c@gamma.io 'd["stage"] == "mql" and sorted(c["status"] for c in d["sla"]) == ["open", "open"]'
get /metrics > "$T/m1.txt"
check "/metrics parses (HELP/TYPE, histograms)" bash -c "python3 '$SRC/tests/integration/prom_parse.py' '$T/m1.txt' > /dev/null"
B1=$(prom "$T/m1.txt" 'handoff_sla_clocks{status="breached"}')

# No event: the clock passes c's SLA deadline (18:20Z).
set_clock 2026-03-12T18:30:00Z
check "within 2 s, c's clocks are breached in GET /v1/leads/c" \
  within 2 lead_has c@gamma.io 'sorted(c["status"] for c in d["sla"]) == ["breached", "breached"]'
check "c is still an MQL (it expires on 03-13)" lead_has c@gamma.io 'd["stage"] == "mql"'
check "metrics: the breach gauge grew by c's two clocks" \
  metric_is 'handoff_sla_clocks{status="breached"}' "$((B1 + 2))"
get /v1/reports/sla > "$T/sla.json"
check "the SLA report (as of the data) counts c's breaches" grep -q 'c@gamma.io' "$T/sla.json"
get "/v1/queue?breached=true" > "$T/queue.json"
check "the queue lists c as overdue" py "$T/queue.json" << 'PY'
rows = d if isinstance(d, list) else d.get("queue", d.get("rows", []))
sys.exit(0 if any(r.get("lead") == "c@gamma.io" for r in rows) else 1)
PY

# No event: the clock passes c's expiry.
set_clock 2026-03-13T15:00:00Z
check "within 2 s, c is aged into nurture, reason expired, at MQL + 3d" \
  within 2 lead_has c@gamma.io \
  'd["stage"] == "nurture" and d["journeys"][0]["reason"] == "expired" and d["journeys"][0]["stages"]["nurture"] == "2026-03-13T14:20:00Z"'
check "metrics: the timer aged one MQL" metric_is handoff_clock_aged_total 1
check "metrics: no MQL left" metric_is handoff_mqls 0
check "the log shows the tick" grep -q 'msg="clock tick"' "$T/serve.log"
for l in c@gamma.io d@big.io; do get "/v1/leads/$l" > "$T/serve-$l.json"; done
check "SIGTERM: exit 0" stop

# The batch path: the same events imported at once, then one event of
# another lead at the clock's last time: every lead shows the same.
"$H" init --db "$T/b.db" --defs "$T/defs.yaml" > /dev/null 2>&1
grep -E '"(g4|d1|d2|g3|c1|c2|c3)"' "$FX/events.jsonl" > "$T/all.jsonl"
echo '{"id":"z1","ts":"2026-03-13T15:00:00Z","type":"page_view","lead":"z@zeta.io","props":{"path":"/"}}' >> "$T/all.jsonl"
"$H" import --db "$T/b.db" "$T/all.jsonl" > /dev/null 2>&1
for l in c@gamma.io d@big.io; do
  "$H" explain "$l" --db "$T/b.db" --json > "$T/batch-$l.json"
  check "$l: serve's timer recorded what the batch path records" python3 - \
    "$T/serve-$l.json" "$T/batch-$l.json" << 'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for k in ("stage", "journeys", "sla"):
    if a.get(k) != b.get(k):
        print(f"{k}: serve {a.get(k)}\nbatch {b.get(k)}", file=sys.stderr)
        sys.exit(1)
PY
done

cp "$T/s.db" "$T/copy.db"
dump "$T/s.db" > "$T/serve.txt"
"$H" rebuild --db "$T/copy.db" > /dev/null 2>&1
dump "$T/copy.db" > "$T/rebuilt.txt"
check "rebuild of a copy gives the same state (dump_state --full)" \
  diff "$T/serve.txt" "$T/rebuilt.txt"
ids "$T/s.db" | sort > "$T/ids.txt"
check "every event id is stored once" test -z "$(uniq -d "$T/ids.txt")"
check "the derived events are in the log (d's re-route, d's and c's expiry)" python3 - "$T/ids.txt" << 'PY'
import sys
ids = open(sys.argv[1]).read().split()
want = {"g3", "g4", "c1", "c2", "c3", "d1", "d2", "route:d@big.io:1", "reroute:d@big.io:1",
        "route:c@gamma.io:1", "expire:d@big.io:1", "expire:c@gamma.io:1"}
ok = set(ids) == want
sys.exit(0 if ok else 1)
PY

# Restarted, with the clock back at the start: the as-of time never moves back.
set_clock 2026-03-01T00:00:00Z
start "$T/s.db"
sleep 0.3
check "a clock behind the data moves nothing" metric_is handoff_data_as_of_seconds \
  "$(date -d 2026-03-13T15:00:00Z +%s)"
stop

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
