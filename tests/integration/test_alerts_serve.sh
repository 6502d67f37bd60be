#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Alerts through `handoff serve --alerts` (issue 11): an SLA that comes due
# (sla.due_soon, before: 2m) and then breaches
# with no further event (the server's timer on the test clock of
# HO_TEST_CLOCK_FILE, --tick 100) sends sla.breached to a webhook and to
# Slack with the deadline in the rep's time zone (worked out here with
# Python's zoneinfo); GET /v1/alerts with its filters, POST
# /v1/alerts/{id}/retry, and the delivery counters, the outbox depth and the
# latency histogram of /metrics (parsed by prom_parse.py); kill -9 of serve
# --alerts while a delivery waits: the restarted server sends it.
# Usage: test_alerts_serve.sh HANDOFF_BINARY SOURCE_DIR
set -uo pipefail
H=$1
SRC=$2
T=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -9 "$p" 2> /dev/null; done
  wait 2> /dev/null
  [ -n "${KEEP:-}" ] && echo "kept $T" >&2 || rm -rf "$T"
}
trap cleanup EXIT

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$(dirname "${BASH_SOURCE[0]}")/alerts_lib.sh"
prom() { python3 "$SRC/tests/integration/prom_parse.py" "$@"; }
export HO_TEST_CLOCK_FILE="$T/clock"
set_clock() { echo "$1" > "$T/clock.new" && mv "$T/clock.new" "$T/clock"; }
iso() { python3 -c "import datetime,sys
t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=float(sys.argv[1]))
print(t.strftime('%Y-%m-%dT%H:%M:%S.000Z'))" "$1"; }
start() {
  PORT=$(python3 "$SRC/tests/integration/serve_client.py" port)
  "$H" serve --alerts --db "$1" --listen "127.0.0.1:$PORT" --tick 100 2>> "$T/serve.log" &
  SPID=$!
  PIDS+=($SPID)
  for _ in $(seq 200); do curl -sf "http://127.0.0.1:$PORT/livez" > /dev/null && return 0; sleep 0.05; done
  return 1
}
get() { curl -s -H "Authorization: Bearer $2" -o "$T/$3.body" -w '%{http_code}' "http://127.0.0.1:$PORT$1"; }
post() { curl -s -X POST -H "Authorization: Bearer $2" -o "$T/$3.body" -w '%{http_code}' "http://127.0.0.1:$PORT$1"; }
# js NAME PYTHON-EXPR: the expression over d (the JSON of $T/NAME.body) holds
js() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$T/$1.body"; }
# wait_for 'SHELL CONDITION': up to 10 s for it to hold (the timer ticks every 100 ms)
wait_for() { for _ in $(seq 200); do eval "$1" && return 0; sleep 0.05; done; return 1; }

receiver rep 200
receiver team 200
receiver slack 200

# --- 1. sla.breached with no further event: the timer finds it
# the demo form 1 minute ago makes the MQL (first_touch: 5 minutes, raw
# clock); sam, its rep, is in Europe/Berlin
set_clock "$(iso 0)"
defs "$T/defs.yaml" "http://127.0.0.1:$PORT_rep/hook" 24h "    - { event: sla.breached, to: [team, sales] }
    - { event: sla.due_soon, before: 2m, to: [team] }
"
sed -i 's/slack: U0123ABCD,/slack: U0123ABCD, timezone: Europe\/Berlin,/' "$T/defs.yaml"
: > "$T/empty.jsonl"
"$H" import --db "$T/a.db" --defs "$T/defs.yaml" --force "$T/empty.jsonl" > /dev/null 2>&1
check "definitions with sla.breached to a webhook and Slack, a rep in Europe/Berlin: exit 0" test $? -eq 0
TOK_INGEST=$(token "$T/a.db" ingest)
TOK_READ=$(token "$T/a.db" read)
TOK_WRITE=$(token "$T/a.db" write)
start "$T/a.db"
check "serve --alerts --tick 100 starts" test $? -eq 0
events "$T/ev.jsonl" tia@tau.io 0
code=$(python3 -c "import json,sys; print(json.dumps([json.loads(l) for l in open(sys.argv[1])]))" "$T/ev.jsonl" |
  curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOK_INGEST" --data-binary @- \
    "http://127.0.0.1:$PORT/v1/events")
check "the events are accepted (200)" test "$code" = 200
wait_for '[ "$(count rep)" -ge 1 ]'
check "the MQL reaches the rep's webhook" test "$(types rep)" = lead.mql
check "no sla.breached before the deadline" test "$(sql "$T/a.db" "SELECT count(*) FROM outbox WHERE kind = 'sla.breached'")" = 0
set_clock "$(iso 3)" # no event: 1 to 2 minutes before the deadline
wait_for '[ "$(count team)" -ge 2 ]'
sleep 0.5 # five more ticks at the same time: nothing more
check "2 minutes before the deadline, sla.due_soon (before: 2m) arrives, no breach yet" \
  test "$(types team | tr '\n' ' ')" = "lead.assigned sla.due_soon "
set_clock "$(iso 10)" # no event: the clock passes the deadline
wait_for '[ "$(count team)" -ge 3 ]'
check "after the clock passes the deadline, sla.breached arrives at the team webhook" \
  test "$(types team | tr '\n' ' ')" = "lead.assigned sla.due_soon sla.breached "
check "its signature verifies" verify team "$SECRET2"
# the deadline: 5 minutes after the MQL (the form's time)
MQL_AT=$(python3 -c "import json,sys; print([json.loads(l) for l in open(sys.argv[1])][2]['ts'])" "$T/ev.jsonl")
check "sla.breached body: first_touch, the deadline 5 min after the MQL" \
  req team 2 "b['type']=='sla.breached' and b['data']['sla']=='first_touch' and
  b['data']['lead_id']=='tia@tau.io' and b['data']['rep']=='sam' and
  b['data']['deadline'].replace('.000Z','Z')=='$(python3 -c "import datetime,sys
t = datetime.datetime.strptime(sys.argv[1], '%Y-%m-%dT%H:%M:%S.000Z') + datetime.timedelta(minutes=5)
print(t.strftime('%Y-%m-%dT%H:%M:%SZ'))" "$MQL_AT")'"
wait_for '[ "$(count slack)" -ge 2 ]'
# Slack (ecosystem.md §4.1): {"text", "blocks"} only, mrkdwn sections, the
# rep as <@U...>, the deadline in sam's zone, the lead link as <url|text>
BERLIN=$(python3 -c "import datetime, sys, zoneinfo
t = datetime.datetime.strptime(sys.argv[1], '%Y-%m-%dT%H:%M:%S.000Z').replace(tzinfo=datetime.timezone.utc)
t = (t + datetime.timedelta(minutes=5)).astimezone(zoneinfo.ZoneInfo('Europe/Berlin'))
o = int(t.utcoffset().total_seconds()) // 60
print(t.strftime('%Y-%m-%d %H:%M') + ' (UTC+%02d:%02d)' % (o // 60, o % 60))" "$MQL_AT")
check "Slack sla.breached: exactly text and blocks, Content-Type JSON, no signature" \
  req slack 1 "sorted(b)==['blocks','text'] and r['headers']['content-type']=='application/json' and
  'webhook-signature' not in r['headers']"
check "Slack sla.breached: text names the lead and mentions the rep" \
  req slack 1 "b['text']=='SLA breached: tia@tau.io for <@U0123ABCD>'"
check "Slack sla.breached: the deadline in the rep's time zone ($BERLIN), the lead link" \
  req slack 1 "[x['type'] for x in b['blocks']]==['section','section'] and
  all(x['text']['type']=='mrkdwn' for x in b['blocks']) and
  b['blocks'][0]['text']['text']==b['text'] and
  b['blocks'][1]['text']['text']=='*SLA* first_touch — *deadline* $BERLIN\n<https://handoff.example/v1/leads/tia%40tau.io|Open the lead>'"

# every webhook body received is an instance of its type's schema in
# docs/openapi.json (webhooks -> components.schemas.Alert_TYPE): required
# members, the type's const, the id's pattern, no data member the schema
# does not name
check "each webhook body matches its documented schema (lead.mql, lead.assigned, sla.due_soon, sla.breached)" \
  python3 - "$SRC/docs/openapi.json" "$T/rep.log" "$T/team.log" << 'PY'
import json, re, sys
spec = json.load(open(sys.argv[1]))
seen, ok = set(), True
for log in sys.argv[2:]:
    for line in open(log):
        b = json.loads(json.loads(line)["body"])
        ref = spec["webhooks"][b["type"]]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        s = spec["components"]["schemas"][ref.split("/")[-1]]
        d = s["properties"]["data"]
        ok = ok and all(k in b for k in s["required"]) and set(b) <= set(s["properties"])
        ok = ok and b["type"] == s["properties"]["type"]["const"]
        ok = ok and re.fullmatch(s["properties"]["id"]["pattern"].strip("^$"), b["id"]) is not None
        ok = ok and all(k in b["data"] for k in d["required"]) and set(b["data"]) <= set(d["properties"])
        seen.add(b["type"])
sys.exit(0 if ok and seen == {"lead.mql", "lead.assigned", "sla.due_soon", "sla.breached"} else 1)
PY

# --- 2. GET /v1/alerts
wait_for '[ "$(sql "$T/a.db" "SELECT count(*) FROM outbox WHERE status = '"'sent'"'")" = 6 ]'
check "GET /v1/alerts: 200, the six rows oldest first, all sent" \
  bash -c "[ $(get /v1/alerts "$TOK_READ" all) = 200 ] && python3 -c \"import json,sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if [(x['type'], x['target'], x['status']) for x in d] == [('lead.mql', 'rep', 'sent'),
  ('lead.mql', 'sales', 'sent'), ('lead.assigned', 'team', 'sent'), ('sla.due_soon', 'team', 'sent'), ('sla.breached', 'team', 'sent'),
  ('sla.breached', 'sales', 'sent')] and all(x['attempts'] == 1 and x['http_status'] == 200 for x in d) else 1)\" '$T/all.body'"
check "GET /v1/alerts?status=sent&limit=2: the first two" \
  bash -c "[ $(get '/v1/alerts?status=sent&limit=2' "$TOK_READ" lim) = 200 ]" &&
  js lim "[x['type'] for x in d]==['lead.mql','lead.mql']"
check "GET /v1/alerts?failed: none dead" \
  bash -c "[ $(get '/v1/alerts?failed' "$TOK_READ" failed) = 200 ]" && js failed "d==[]"
check "GET /v1/alerts?since=the deadline: only the breaches (their at is the deadline)" \
  bash -c "[ $(get "/v1/alerts?since=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[4]['at'])" "$T/all.body")" "$TOK_READ" since) = 200 ]" &&
  js since "[x['type'] for x in d]==['sla.breached','sla.breached']"
check "GET /v1/alerts?status=nonsense: 400 naming it" \
  bash -c "[ $(get '/v1/alerts?status=nonsense' "$TOK_READ" bad1) = 400 ]" &&
  js bad1 "d['type']=='/problems/invalid-parameter' and 'nonsense' in d['detail']"
check "GET /v1/alerts?since=yesterday-ish: 400" \
  bash -c "[ $(get '/v1/alerts?since=2026-13-45' "$TOK_READ" bad2) = 400 ]" && js bad2 "'since' in d['detail']"
check "GET /v1/alerts?limit=0 and ?colour=red: 400" \
  bash -c "[ $(get '/v1/alerts?limit=0' "$TOK_READ" bad3) = 400 ] && [ $(get '/v1/alerts?colour=red' "$TOK_READ" bad4) = 400 ]"
check "GET /v1/alerts with an ingest token: 403" test "$(get /v1/alerts "$TOK_INGEST" forb)" = 403

# --- 3. POST /v1/alerts/{id}/retry: pending again, sent again with the same id
ID=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[4]['id'])" "$T/all.body")
check "POST /v1/alerts/{id}/retry with a read token: 403" test "$(post "/v1/alerts/$ID/retry" "$TOK_READ" r0)" = 403
before=$(count team)
check "POST /v1/alerts/{id}/retry: 200, both targets pending" \
  bash -c "[ $(post "/v1/alerts/$ID/retry" "$TOK_WRITE" r1) = 200 ]" && js r1 "d=={'id':'$ID','status':'pending','rows':2}"
wait_for '[ "$(count team)" -gt "$before" ]'
check "the retried alert reaches the team webhook again, the same webhook-id" \
  req team "$before" "r['headers']['webhook-id']=='$ID' and b['type']=='sla.breached'"
check "POST /v1/alerts/{unknown}/retry: 404 naming it" \
  bash -c "[ $(post /v1/alerts/alrt_0000000000000000/retry "$TOK_WRITE" r2) = 404 ]" &&
  js r2 "'alrt_0000000000000000' in d['detail']"

# --- 4. /metrics: what this server's worker did, the outbox, the latency
wait_for '[ "$(sql "$T/a.db" "SELECT count(*) FROM outbox WHERE status = '"'sent'"'")" = 6 ]'
get /metrics "$TOK_READ" metrics > /dev/null
check "/metrics parses (prom_parse.py)" bash -c "python3 '$SRC/tests/integration/prom_parse.py' '$T/metrics.body' > /dev/null"
m() { prom "$T/metrics.body" "$1"; }
check "metrics: 8 deliveries (6 alerts, 2 retried by POST), no failure, 2 retries, none dead" \
  test "$(m handoff_alert_deliveries_total) $(m handoff_alert_delivery_failures_total) $(m handoff_alert_delivery_retries_total) $(m handoff_alert_dead_total)" = "8 0 2 0"
check "metrics: the outbox depth is 0, 6 rows sent" \
  test "$(m handoff_alerts_outbox_depth) $(m 'handoff_alerts_outbox{status="sent"}')" = "0 6"
check "metrics: the latency histogram counts the 8 deliveries" \
  test "$(m handoff_alert_delivery_latency_seconds_count) $(m 'handoff_alert_delivery_latency_seconds_bucket{le="+Inf"}')" = "8 8"
# --- 4b. a clock started after the timer's first look at the stored clocks
# (its moments come from the commit that starts it): uma's MQL at the clock's
# time, then the clock jumps past her deadline with no further event (past
# the due-soon window too: a breach, no late warning)
events "$T/ev_u.jsonl" uma@ups.io -11
python3 -c "import json,sys; print(json.dumps([json.loads(l) for l in open(sys.argv[1])]))" "$T/ev_u.jsonl" |
  curl -s -o /dev/null -H "Authorization: Bearer $TOK_INGEST" --data-binary @- "http://127.0.0.1:$PORT/v1/events"
wait_for '[ "$(sql "$T/a.db" "SELECT count(*) FROM outbox WHERE lead = '"'uma@ups.io'"' AND status = '"'sent'"'")" = 3 ]'
set_clock "$(iso 20)"
wait_for '[ "$(sql "$T/a.db" "SELECT count(*) FROM outbox WHERE lead = '"'uma@ups.io'"' AND status = '"'sent'"'")" = 5 ]'
check "uma: sla.breached reaches the team webhook after her assignment" \
  test "$(python3 -c "import json,sys
for l in open(sys.argv[1]):
    b = json.loads(json.loads(l)['body'])
    if b['data']['lead_id'] == 'uma@ups.io': print(b['type'])" "$T/team.log" | tr '\n' ' ')" = "lead.assigned sla.breached "

kill -TERM "$SPID"
wait "$SPID"
check "serve --alerts: SIGTERM exits 0" test $? -eq 0

# --- 5. kill -9 of serve --alerts between the commit and the delivery's
# outcome (the receiver holds the request 3 s): the restarted server sends it
receiver slow s200,200
defs "$T/defs2.yaml" "http://127.0.0.1:$PORT_slow/hook" 24h
"$H" import --db "$T/b.db" --defs "$T/defs2.yaml" --force "$T/empty.jsonl" > /dev/null 2>&1
TOK_INGEST=$(token "$T/b.db" ingest)
start "$T/b.db"
events "$T/ev_b.jsonl" kit@kap.io 0
python3 -c "import json,sys; print(json.dumps([json.loads(l) for l in open(sys.argv[1])]))" "$T/ev_b.jsonl" |
  curl -s -o /dev/null -H "Authorization: Bearer $TOK_INGEST" --data-binary @- "http://127.0.0.1:$PORT/v1/events"
wait_for '[ "$(count slow)" -ge 1 ]'
kill -9 "$SPID"
wait "$SPID" 2> /dev/null
check "killed while the MQL's request waits: the row is pending, no attempt recorded" \
  test "$(sql "$T/b.db" "SELECT status, attempts FROM outbox WHERE target = 'rep'")" = "pending|0"
start "$T/b.db"
wait_for '[ "$(sql "$T/b.db" "SELECT status FROM outbox WHERE target = '"'rep'"'")" = sent ]'
check "after the restart the MQL is sent again, marked sent after one recorded attempt" \
  test "$(count slow) $(sql "$T/b.db" "SELECT status, attempts FROM outbox WHERE target = 'rep'")" = "2 sent|1"
check "with the same webhook-id" same_ids slow
kill -TERM "$SPID"
wait "$SPID"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
