#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The definitions' `segment:` section over the real server on 127.0.0.1 and
# a random free port (README "Segment event names"):
#   - without the section, a track "Demo Requested" via /v1/track is stored
#     as form_submit with props.form = demo, so the lead scores the 30
#     points the example's demo_request rule gives (worked by hand: points
#     30, max 30, read at the event's own time so no decay; fit 0 without
#     traits: total 30); an unmapped name is kept as its type; page() is
#     page_view;
#   - a custom section maps its own names (props set replace the message's),
#     turns the built-in table off and rejects unmapped names with the
#     reason (a single call: 400; in a batch: that index, the rest kept);
#   - SIGHUP with `default: TYPE` makes an unmapped name TYPE with the name
#     in props.event;
#   - `import --from segment` of the same messages with the same file stores
#     the same events (type and props, read by tests/integration/log_ids.py
#     with Python's sqlite3) and the same lead state (dump_state.py).
# Usage: test_segment_mapping.sh HANDOFF_BINARY SOURCE_DIR
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
dump() { python3 "$SRC/tests/integration/dump_state.py" "$1"; }
events() { python3 "$SRC/tests/integration/log_ids.py" "$1" --events | sort; }

# start DB DEFS: serve DB with the definitions file DEFS on a free port.
start() {
  PORT=$(client port)
  "$H" serve --db "$1" --defs "$2" --listen "127.0.0.1:$PORT" 2>> "$T/serve.log" &
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
# seg NAME PATH BODY: POST a Segment call with the write key; the body in
# $T/NAME.json, the status in $T/NAME.code; the body is also appended to
# $T/sent.jsonl (batches: each message), for the import of the same.
seg() {
  curl -s -o "$T/$1.json" -w '%{http_code}' -u "$KEY:" -H 'Content-Type: application/json' \
    --data-binary "$3" "http://127.0.0.1:$PORT$2" > "$T/$1.code"
  python3 -c '
import json, sys
m = json.loads(sys.argv[1])
for x in m.get("batch", [m]):
    x.setdefault("type", sys.argv[2].rsplit("/", 1)[1])
    print(json.dumps(x))' "$3" "$2" >> "$T/sent.jsonl"
}
code_is() { [ "$(cat "$T/$1.code")" = "$2" ]; }
js() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$T/$1.json"; }
# lead NAME ID AT: GET /v1/leads/ID?at=AT into $T/NAME.json
lead() {
  curl -s -o "$T/$1.json" -H "Authorization: Bearer $READ" \
    "http://127.0.0.1:$PORT/v1/leads/$2?at=$3"
}
has_event() { events "$1" | grep -qxF -- "$2"; }
# same_as_import DB DEFS: a fresh database importing $T/sent.jsonl with DEFS
# holds the same events and the same lead state as DB.
same_as_import() {
  rm -f "$T/imp.db"
  "$H" init --db "$T/imp.db" > /dev/null 2>&1
  "$H" import --db "$T/imp.db" --defs "$2" --from segment "$T/sent.jsonl" > "$T/imp.out" 2> "$T/imp.err"
  [ "$(events "$1")" = "$(events "$T/imp.db")" ] && [ "$(dump "$1")" = "$(dump "$T/imp.db")" ]
}

# The example definitions without their segment: section (the defaults),
# as version 2 (each database has the example as version 1); a custom
# section as version 2 (reject) and 3 (default: custom_activity).
python3 - "$SRC/examples/definitions.yaml" "$T" << 'PY'
import sys
text = open(sys.argv[1]).read()
base = text[:text.index("\n# Segment: which event type")] + "\n"
assert "\nsegment:" not in base
def version(n):
    return base.replace("version: 1\n", "version: %d\n" % n, 1)
custom = """segment:
  events:
    "Demo Booked": { type: form_submit, props: { form: demo } }
    "Tour Viewed": product_tour
  builtin: false
  default: """
open(sys.argv[2] + "/plain.yaml", "w").write(version(2))
open(sys.argv[2] + "/custom.yaml", "w").write(version(2) + custom + "reject\n")
open(sys.argv[2] + "/custom3.yaml", "w").write(version(3) + custom + "custom_activity\n")
PY
"$H" defs check "$T/plain.yaml" > "$T/check_plain.out" 2>&1
check "defs check: the file without a section is valid and prints no segment: line" \
  bash -c "grep -q ': ok (version 2' '$T/check_plain.out' && ! grep -q '^  segment:' '$T/check_plain.out'"
"$H" defs check "$T/custom.yaml" > "$T/check_custom.out" 2>&1
check "defs check: the custom section is summarised" grep -qxF \
  "  segment: 2 track event names; others rejected; page -> page_view, screen -> page_view" \
  "$T/check_custom.out"

# --- the default mapping
"$H" init --db "$T/a.db" > /dev/null 2>&1
KEY=$("$H" token create --db "$T/a.db" --scope ingest 2> /dev/null)
READ=$("$H" token create --db "$T/a.db" --scope read 2> /dev/null)
check "serve starts with the definitions without a segment: section" start "$T/a.db" "$T/plain.yaml"
: > "$T/sent.jsonl"
seg t1 /v1/track '{"messageId":"a1","userId":"ana@acme.io","event":"Demo Requested","timestamp":"2026-03-03T10:00:00Z","properties":{"form":"contact","plan":"team"}}'
check "default: /v1/track Demo Requested is accepted" code_is t1 200
check "default: Demo Requested is stored as form_submit, props.form demo replacing the message's" \
  has_event "$T/a.db" "a1|form_submit|form=demo,plan=team"
lead l1 ana@acme.io 2026-03-03T10:00:00Z
check "default: the lead scores demo_request's 30 points (behavior 30, fit 0, total 30)" js l1 \
  'd["score"] == {"fit": 0.0, "behavior": 30.0, "total": 30.0} and [r["points"] for r in d["rules"] if r["name"] == "demo_request"] == [30.0]'
seg t2 /v1/track '{"messageId":"a2","userId":"ana@acme.io","event":"Tour Viewed","timestamp":"2026-03-03T10:01:00Z","properties":{"step":2}}'
check "default: an unmapped name is accepted" code_is t2 200
check "default: an unmapped name is kept as its type, as written" \
  has_event "$T/a.db" "a2|Tour Viewed|step=2"
seg t3 /v1/page '{"messageId":"a3","userId":"ana@acme.io","name":"Pricing","timestamp":"2026-03-03T10:02:00Z","properties":{"path":"/pricing"}}'
check "default: page() is page_view" has_event "$T/a.db" "a3|page_view|path=/pricing"
lead l2 ana@acme.io 2026-03-03T10:02:00Z
# two minutes later the demo request has decayed by 2^(-2 min / 30 days)
check "default: the unmapped track and one pricing view add no points (30, decayed 2 minutes)" js l2 \
  'abs(d["score"]["total"] - 30 * 2 ** (-2 / (30 * 24 * 60))) < 1e-6'
check "serve stops cleanly" stop
check "default: import --from segment of the same messages stores the same events and state" \
  same_as_import "$T/a.db" "$T/plain.yaml"

# --- a custom section: its own names, the built-in table off, reject
"$H" init --db "$T/c.db" > /dev/null 2>&1
KEY=$("$H" token create --db "$T/c.db" --scope ingest 2> /dev/null)
READ=$("$H" token create --db "$T/c.db" --scope read 2> /dev/null)
check "serve starts with a custom segment: section" start "$T/c.db" "$T/custom.yaml"
: > "$T/sent.jsonl"
seg c1 /v1/track '{"messageId":"c1","userId":"bo@beta.io","event":"Demo Booked","timestamp":"2026-03-04T09:00:00Z","properties":{"form":"x"}}'
check "custom: a name of the section is accepted" code_is c1 200
check "custom: it becomes the section's type and props" has_event "$T/c.db" "c1|form_submit|form=demo"
lead l3 bo@beta.io 2026-03-04T09:00:00Z
check "custom: so the lead scores demo_request's 30 points" js l3 'd["score"]["behavior"] == 30.0'
seg c2 /v1/track '{"messageId":"c2","userId":"bo@beta.io","event":"Tour Viewed","timestamp":"2026-03-04T09:01:00Z"}'
check "custom: a name mapped to a type of the team's own" has_event "$T/c.db" "c2|product_tour|"
seg c3 /v1/track '{"messageId":"c3","userId":"bo@beta.io","event":"Demo Requested","timestamp":"2026-03-04T09:02:00Z"}'
check "custom: a built-in name with builtin: false and default: reject is a 400 with the reason" js c3 \
  '"track event '"'"'Demo Requested'"'"' is not mapped" in d["message"] and d["success"] is False'
check "custom: the rejected call's status is 400" code_is c3 400
seg c4 /v1/batch '{"batch":[{"type":"track","messageId":"c4","userId":"cy@gamma.io","event":"Signed Up","timestamp":"2026-03-04T09:03:00Z"},{"type":"track","messageId":"c5","userId":"cy@gamma.io","event":"Demo Booked","timestamp":"2026-03-04T09:04:00Z"}]}'
check "custom: a batch rejects the unmapped message by index and keeps the other" js c4 \
  'd["accepted"] == 1 and d["rejected"] == 1 and d["results"][0]["index"] == 0 and "Signed Up" in d["results"][0]["reason"]'
check "custom: only the mapped messages are stored" \
  test "$(events "$T/c.db" | cut -d'|' -f1 | tr '\n' ' ')" = "c1 c2 c5 "

# --- SIGHUP: default: TYPE
cp "$T/custom.yaml" "$T/custom2.yaml"
cp "$T/custom3.yaml" "$T/custom.yaml"
kill -HUP "$PID"
for _ in $(seq 100); do grep -q 'definitions reloaded" version=3' "$T/serve.log" && break; sleep 0.05; done
seg c6 /v1/track '{"messageId":"c6","userId":"bo@beta.io","event":"Webinar Watched","timestamp":"2026-03-04T09:05:00Z","properties":{"event":"x","minutes":40}}'
check "SIGHUP: the reloaded section applies (default: custom_activity, the name in props.event)" \
  has_event "$T/c.db" "c6|custom_activity|event=Webinar Watched,minutes=40"
check "serve stops cleanly" stop

# The import of the same messages: those sent under version 2, then the
# one sent under version 3, each with its file.
grep -v '"c6"' "$T/sent.jsonl" > "$T/sentA.jsonl"
grep '"c6"' "$T/sent.jsonl" > "$T/sentB.jsonl"
rm -f "$T/imp.db"
"$H" init --db "$T/imp.db" > /dev/null 2>&1
"$H" import --db "$T/imp.db" --defs "$T/custom2.yaml" --from segment "$T/sentA.jsonl" \
  > /dev/null 2> "$T/imp3.err"
check "import: some records rejected is exit 3" test $? -eq 3
check "import: the unmapped name is rejected at its line with the reason" grep -qF \
  "sentA.jsonl:3: track event 'Demo Requested' is not mapped (the definitions' segment: default: reject)" \
  "$T/imp3.err"
check "import: so is the batch's unmapped message" grep -qF "sentA.jsonl:4: track event 'Signed Up'" \
  "$T/imp3.err"
"$H" import --db "$T/imp.db" --defs "$T/custom3.yaml" --from segment "$T/sentB.jsonl" > /dev/null 2>&1
check "import with the same files stores the same events as serve" \
  test "$(events "$T/c.db")" = "$(events "$T/imp.db")"
check "import with the same files gives the same lead state as serve" \
  test "$(dump "$T/c.db")" = "$(dump "$T/imp.db")"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
