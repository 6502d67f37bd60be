#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One database, two front doors: while `handoff serve` runs on a database,
# CLI `import` and `accept` on it work, and within a second the server's
# reads show what they stored; then more events over HTTP (some repeating
# what the CLI stored: duplicates, never stored twice).  The final state
# equals `rebuild` of a copy of the final log (dump_state.py --full), every
# event id is stored exactly once (log_ids.py), and /metrics counts exactly
# the accepted, duplicate and rejected-by-reason events of the HTTP side
# (prom_parse.py checks the format).
# Usage: test_serve_front_doors.sh HANDOFF_BINARY SOURCE_DIR
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
# The timer's clock held at the data's time (the wall clock would only move
# the as-of time; the state compared would be the same).
export HO_TEST_CLOCK_FILE="$T/clock"
echo 2026-03-01T00:00:00Z > "$T/clock"

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
lead_has() {
  get "/v1/leads/$1" > "$T/lead.json"
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" \
    "$T/lead.json" 2> /dev/null
}
# seen_within_1s LEAD PYTHON: GET /v1/leads/LEAD satisfies PYTHON within 1 s
seen_within_1s() {
  local end=$(($(date +%s%N) + 1000000000))
  while [ "$(date +%s%N)" -lt "$end" ]; do
    lead_has "$1" "$2" && return 0
    sleep 0.02
  done
  return 1
}
metric_is() { [ "$(prom "$T/metrics.txt" "$1" 2> /dev/null)" = "$2" ]; }
as_array() { python3 -c "import sys,json; print(json.dumps([json.loads(l) for l in sys.stdin if l.strip()]))"; }

"$H" init --db "$T/s.db" --defs "$FX/definitions.yaml" > /dev/null 2>&1
TOKEN=$("$H" token create --db "$T/s.db" --scope write 2> /dev/null)
head -n 13 "$FX/events.jsonl" > "$T/cli.jsonl"   # groups, d, a, b
tail -n +14 "$FX/events.jsonl" > "$T/http.jsonl" # c, e, ...
N_HTTP=$(grep -c . "$T/http.jsonl")

check "serve starts" start "$T/s.db"
"$H" import --db "$T/s.db" "$T/cli.jsonl" > "$T/import.out" 2>&1
check "CLI import while serve runs: exit 0" test $? -eq 0
check "within 1 s the server shows the imported lead b (an MQL of kim's)" \
  seen_within_1s b@beta.io 'd["stage"] == "mql" and d["routing"][0]["rep"] == "kim"'
"$H" accept b@beta.io --db "$T/s.db" --at 2026-03-11T12:00:00Z --id cli-accept-b > /dev/null 2>&1
check "CLI accept while serve runs: exit 0" test $? -eq 0
check "within 1 s the server shows b accepted (sal)" seen_within_1s b@beta.io 'd["stage"] == "sal"'

# HTTP: the rest of the file, three events the CLI stored (duplicates),
# a repeat of the CLI's accept, and four rejects of known reasons.
{
  cat "$T/http.jsonl"
  grep -E '"(a1|b2|d2)"' "$T/cli.jsonl"
  echo '{"id":"cli-accept-b","ts":"2026-03-11T12:00:00Z","type":"sales_accept","lead":"b@beta.io"}'
} | as_array > "$T/post.json"
python3 - "$T/post.json" << 'PY'
import json, sys
a = json.load(open(sys.argv[1]))
a += [5, {"id": "r1", "type": "page_view", "lead": "r@x.io"},
      {"id": "r2", "ts": "2026-03-12T00:00:00Z", "type": "sales_reject", "lead": "c@gamma.io",
       "props": {"reason": "nope"}}, "text"]
json.dump(a, open(sys.argv[1], "w"))
PY
curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  --data-binary "@$T/post.json" "$(url /v1/events)" > "$T/post.out"
check "HTTP: the new events accepted, the CLI's duplicates found, the bad ones rejected" \
  python3 - "$T/post.out" "$N_HTTP" << 'PY'
import json, sys
d, n = json.load(open(sys.argv[1])), int(sys.argv[2])
ok = d["accepted"] == n and d["duplicate"] == 4 and d["rejected"] == 4
sys.exit(0 if ok else (print(d, file=sys.stderr) or 1))
PY
check "the server shows c (HTTP) and keeps b accepted (CLI)" \
  bash -c "$(declare -f lead_has get url); T='$T' TOKEN='$TOKEN' PORT='$PORT'; lead_has c@gamma.io 'd[\"stage\"] == \"mql\"' && lead_has b@beta.io 'd[\"stage\"] == \"sal\"'"
get /metrics > "$T/metrics.txt"
check "/metrics parses" bash -c "python3 '$SRC/tests/integration/prom_parse.py' '$T/metrics.txt' > /dev/null"
printf '# HELP h x\n# TYPE h histogram\nh_bucket{le="1"} 2\nh_sum 1\nh_count 2\n' > "$T/bad1.txt"
printf 'c_total 1\n' > "$T/bad2.txt"
check "prom_parse.py refuses a histogram without +Inf and a sample without TYPE" \
  bash -c "! python3 '$SRC/tests/integration/prom_parse.py' '$T/bad1.txt' 2> /dev/null && ! python3 '$SRC/tests/integration/prom_parse.py' '$T/bad2.txt' 2> /dev/null"
check "metrics: accepted = the $N_HTTP new HTTP events" \
  metric_is 'handoff_events_total{result="accepted"}' "$N_HTTP"
check "metrics: duplicate = 4" metric_is 'handoff_events_total{result="duplicate"}' 4
check "metrics: rejected = 4" metric_is 'handoff_events_total{result="rejected"}' 4
check "metrics: 2 malformed (5, \"text\")" metric_is 'handoff_events_rejected_total{reason="malformed"}' 2
check "metrics: 1 missing_field (r1: ts)" \
  metric_is 'handoff_events_rejected_total{reason="missing_field"}' 1
check "metrics: 1 invalid (r2: unknown reason)" \
  metric_is 'handoff_events_rejected_total{reason="invalid"}' 1
check "metrics: one POST /v1/events in the route's latency histogram" \
  metric_is 'handoff_http_request_duration_seconds_count{route="POST /v1/events"}' 1
check "metrics: the active definitions' version" metric_is handoff_definitions_version 1
python3 - "$T/s.db" > "$T/mql_want" << 'PY'
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM leads WHERE stage='mql'").fetchone()[0])
PY
check "metrics: MQLs as the database counts them (sqlite3)" metric_is handoff_mqls "$(cat "$T/mql_want")"
check "SIGTERM: exit 0" stop

cp "$T/s.db" "$T/copy.db"
dump "$T/s.db" > "$T/final.txt"
"$H" rebuild --db "$T/copy.db" > /dev/null 2>&1
dump "$T/copy.db" > "$T/rebuilt.txt"
check "final state equals rebuild of the final log (dump_state --full)" \
  diff "$T/final.txt" "$T/rebuilt.txt"
ids "$T/s.db" | sort > "$T/ids.txt"
check "every event id stored exactly once" test -z "$(uniq -d "$T/ids.txt")"
check "every input event stored, and the CLI's accept" python3 - "$T/ids.txt" "$FX/events.jsonl" << 'PY'
import json, sys
ids = set(open(sys.argv[1]).read().split())
want = {json.loads(l)["id"] for l in open(sys.argv[2]) if l.strip()} | {"cli-accept-b"}
sys.exit(0 if want <= ids and not ({"r1", "r2"} & ids) else 1)
PY

# A server that has committed nothing since it started on an empty
# database (no tick: --tick 60000) still finds what a CLI import stored
# meanwhile: the same events over HTTP are duplicates, not accepted again.
"$H" init --db "$T/e.db" --defs "$FX/definitions.yaml" > /dev/null 2>&1
TOKEN=$("$H" token create --db "$T/e.db" --scope write 2> /dev/null)
PORT=$(client port)
"$H" serve --db "$T/e.db" --listen "127.0.0.1:$PORT" --tick 60000 2>> "$T/serve.log" &
PID=$!
up() { curl -sf "$(url /livez)" > /dev/null; }
for _ in $(seq 200); do up && break; sleep 0.05; done
head -n 3 "$FX/events.jsonl" > "$T/three.jsonl"
"$H" import --db "$T/e.db" "$T/three.jsonl" > /dev/null 2>&1
check "empty-database server: CLI import beside it, exit 0" test $? -eq 0
as_array < "$T/three.jsonl" > "$T/three.json"
curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  --data-binary "@$T/three.json" "$(url /v1/events)" > "$T/three.out"
check "empty-database server: the CLI's 3 events over HTTP are 3 duplicates" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if (d["accepted"], d["duplicate"]) == (0, 3) else 1)' "$T/three.out"
check "SIGTERM: exit 0" stop

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
