#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Alerts end to end (issue 11): events that make an MQL record its alerts in
# the outbox of the same commit; `alerts deliver` posts them to webhook
# receivers (tests/integration/webhook_receiver.py, Python http.server on
# 127.0.0.1, random ports) that only log; this script verifies every
# Standard Webhooks signature with Python's own hmac, the body fields worked
# out by hand from the definitions, a retry after a 500 (same webhook-id, 2
# attempts), a dead row after retry_for against a receiver that always
# fails, re-imports and rebuilds that add no row and send nothing again,
# backfill (old events: rows skipped_backfill, nothing sent), the Slack
# body's fields, stage changes, a rejection and an SLA breach, and kill -9
# of serve after its commit and of the worker in
# the middle of a request: the alert still arrives after restart; a receiver
# down for its first seconds (all arrive, in order per lead), 410 Gone (dead
# at once), 429 with Retry-After (waited), when: segment, and `alerts test`.
# Usage: test_alerts.sh HANDOFF_BINARY SOURCE_DIR
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

receiver rep 500,200
receiver team 200
receiver slack 200

# --- 1. an MQL: its alerts are in the outbox of the import's commit
defs "$T/defs.yaml" "http://127.0.0.1:$PORT_rep/hook" 24h
events "$T/ev.jsonl" ann@acme.io 0
"$H" import --db "$T/a.db" --defs "$T/defs.yaml" --force "$T/ev.jsonl" > /dev/null 2>&1
check "import with notify definitions: exit 0" test $? -eq 0
sql "$T/a.db" "SELECT kind, target, rep, status, attempts FROM outbox ORDER BY seq" > "$T/rows1.txt"
check "the import recorded lead.mql to rep and sales and lead.assigned to team, pending" \
  test "$(cat "$T/rows1.txt")" = "lead.mql|rep|sam|pending|0
lead.mql|sales|sam|pending|0
lead.assigned|team|sam|pending|0"
sql "$T/a.db" "SELECT id, target FROM outbox ORDER BY seq" > "$T/ids1.txt"
check "the rows of one alert share its id (mql twice, assigned once)" \
  test "$(cut -d'|' -f1 "$T/ids1.txt" | uniq | wc -l)" = 2
check "nothing is sent before the worker runs" test "$(count rep)$(count team)$(count slack)" = 000

# --- 2. re-import and rebuild: no second row, no change
"$H" import --db "$T/a.db" "$T/ev.jsonl" > /dev/null 2>&1
"$H" rebuild --db "$T/a.db" > /dev/null 2>&1
check "re-import and rebuild add no row and change none" \
  test "$(sql "$T/a.db" "SELECT kind, target, rep, status, attempts FROM outbox ORDER BY seq")" = \
  "$(cat "$T/rows1.txt")"

# --- 3. delivery: the rep's receiver answers 500 then 200
"$H" alerts deliver --drain --db "$T/a.db" 2> "$T/deliver1.txt"
check "deliver --drain: exit 0" test $? -eq 0
check "the rep's receiver got the MQL twice (500, then 200)" test "$(count rep)" = 2
check "both with the same webhook-id, the alert's id" \
  python3 -c "import json,sys; r=[json.loads(l) for l in open(sys.argv[1])]
sys.exit(0 if r[0]['headers']['webhook-id']==r[1]['headers']['webhook-id']==sys.argv[2] and
  [x['status'] for x in r]==[500,200] else 1)" "$T/rep.log" "$(head -1 "$T/ids1.txt" | cut -d'|' -f1)"
check "every rep signature verifies with Python's hmac" verify rep "$SECRET"
check "every team signature verifies with its own secret" verify team "$SECRET2"
check "the team receiver got lead.assigned once" test "$(count team)" = 1
check "lead.mql body: type, id, lead, rep, from/to, scores worked out by hand" \
  req rep 1 "b['type']=='lead.mql' and b['id'].startswith('alrt_') and
  b['data']['lead_id']=='ann@acme.io' and b['data']['rep']=='sam' and
  (b['data']['from'],b['data']['to'])==('lead','mql') and b['data']['fit']==35 and
  b['data']['behavior']==30 and b['data']['score']==65 and b['data']['criterion']=='min_score'"
check "lead.mql top rules: demo_request (30), then the first 10-point rules" \
  req rep 1 "b['data']['top_rules']==['demo_request','senior_title','size_50_500']"
check "lead.assigned body names the rep" \
  req team 0 "b['type']=='lead.assigned' and b['data']['rep']=='sam'"
check "the outbox shows the MQL sent after 2 attempts with HTTP 200" \
  test "$(sql "$T/a.db" "SELECT status, attempts, http_status FROM outbox WHERE target = 'rep'")" = "sent|2|200"
check "alerts list --status sent --json shows the three rows" \
  python3 -c "import json,sys; d=json.loads(sys.argv[1]); sys.exit(0 if len(d)==3 and
  all(x['status']=='sent' and x['sent_at'] for x in d) else 1)" \
  "$("$H" alerts list --status sent --json --db "$T/a.db")"

# --- 4. the Slack body, field by field (ecosystem.md §4.1)
check "Slack: one message, no signature headers" \
  req slack 0 "'webhook-signature' not in r['headers'] and r['headers']['content-type']=='application/json'"
check "Slack: text names the lead and mentions the rep <@U...>" \
  req slack 0 "b['text']=='New MQL: ann@acme.io for <@U0123ABCD>'"
check "Slack: section blocks in mrkdwn with the score, why and the lead link" \
  req slack 0 "[x['type'] for x in b['blocks']]==['section','section'] and
  all(x['text']['type']=='mrkdwn' for x in b['blocks']) and
  b['blocks'][1]['text']['text'].startswith('*Score* 65 (fit 35, behavior 30)') and
  'demo_request' in b['blocks'][1]['text']['text'] and
  b['blocks'][1]['text']['text'].endswith('<https://handoff.example/v1/leads/ann%40acme.io|Open the lead>')"

# --- 5. nothing is sent twice
"$H" import --db "$T/a.db" "$T/ev.jsonl" > /dev/null 2>&1
"$H" rebuild --db "$T/a.db" > /dev/null 2>&1
"$H" alerts deliver --once --db "$T/a.db" 2> /dev/null
check "after a re-import, a rebuild and another deliver: no request more" \
  test "$(count rep) $(count team) $(count slack)" = "2 1 1"
sql "$T/a.db" "SELECT * FROM outbox ORDER BY seq" > "$T/outbox_before_bt.txt"
"$H" backtest "$T/defs.yaml" --db "$T/a.db" > /dev/null 2>&1
check "backtest: exit 0" test $? -eq 0
"$H" alerts deliver --once --db "$T/a.db" 2> /dev/null
check "backtest records no alert and nothing is sent after it" \
  bash -c "[ '$(count rep) $(count team) $(count slack)' = '2 1 1' ] &&
    [ \"\$(python3 -c 'import sqlite3, sys
for r in sqlite3.connect(sys.argv[1]).execute(\"SELECT * FROM outbox ORDER BY seq\"): print(\"|\".join(map(str, r)))' '$T/a.db')\" = \"\$(cat '$T/outbox_before_bt.txt')\" ]"

# --- 6. a receiver that always fails: dead after retry_for
receiver down 500
defs "$T/defs_down.yaml" "http://127.0.0.1:$PORT_down/hook" 2s
events "$T/ev_b.jsonl" bob@beta.io 0
"$H" import --db "$T/b.db" --defs "$T/defs_down.yaml" --force "$T/ev_b.jsonl" > /dev/null 2>&1
start=$(date +%s%N)
"$H" alerts deliver --drain --db "$T/b.db" 2> /dev/null
took=$((($(date +%s%N) - start) / 1000000))
row=$(sql "$T/b.db" "SELECT status, attempts, http_status FROM outbox WHERE target = 'rep'")
check "always 500: the row is dead with HTTP 500 ($row)" bash -c "[[ '$row' == dead\|*\|500 ]]"
attempts=$(echo "$row" | cut -d'|' -f2)
check "one request per attempt ($attempts), at least 2, within retry_for plus one delay" \
  bash -c "[ '$(count down)' = '$attempts' ] && [ '$attempts' -ge 2 ] && [ '$took' -lt 6000 ]"
check "alerts list --failed shows it" bash -c "'$H' alerts list --failed --db '$T/b.db' | grep -q 'lead.mql .* rep .* dead'"
"$H" alerts retry --failed --db "$T/b.db" 2> /dev/null
check "alerts retry --failed makes it pending again" \
  test "$(sql "$T/b.db" "SELECT status FROM outbox WHERE target = 'rep'")" = pending
"$H" alerts retry alrt_0000000000000000 --db "$T/b.db" 2> "$T/retry_err.txt"
check "alerts retry of an unknown id: exit 1, named" \
  bash -c "[ $? -eq 1 ] && grep -q \"no alert 'alrt_0000000000000000'\" '$T/retry_err.txt'"
"$H" alerts list --status nonsense --db "$T/b.db" > /dev/null 2>&1
check "alerts list --status nonsense: usage error" test $? -eq 2

# --- 7. backfill: history older than backfill_age is recorded, skipped
events "$T/ev_old.jsonl" old@gamma.io 180
"$H" import --db "$T/c.db" --defs "$T/defs.yaml" --force "$T/ev_old.jsonl" > /dev/null 2>&1
check "an import of 3-hour-old events records its alerts as skipped_backfill" \
  test "$(sql "$T/c.db" "SELECT DISTINCT status FROM outbox")" = skipped_backfill
before="$(count rep) $(count team) $(count slack)"
"$H" alerts deliver --once --db "$T/c.db" 2> /dev/null
check "deliver sends nothing of a backfill" test "$(count rep) $(count team) $(count slack)" = "$before"

# --- 8. serve commits record alerts; kill -9 right after the 2xx loses nothing
receiver rep2 200
defs "$T/defs2.yaml" "http://127.0.0.1:$PORT_rep2/hook" 24h
: > "$T/empty.jsonl"
"$H" import --db "$T/d.db" --defs "$T/defs2.yaml" --force "$T/empty.jsonl" > /dev/null 2>&1
check "a database with the notify definitions and no events: exit 0" test $? -eq 0
TOKEN=$(token "$T/d.db" ingest)
PORT=$(python3 "$SRC/tests/integration/serve_client.py" port)
"$H" serve --db "$T/d.db" --listen "127.0.0.1:$PORT" 2> "$T/serve.log" &
SPID=$!
PIDS+=($SPID)
for _ in $(seq 200); do curl -sf "http://127.0.0.1:$PORT/livez" > /dev/null && break; sleep 0.05; done
events "$T/ev_d.jsonl" dee@delta.io 0
code=$(python3 -c "import json,sys; print(json.dumps([json.loads(l) for l in open(sys.argv[1])]))" "$T/ev_d.jsonl" |
  curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" --data-binary @- \
    "http://127.0.0.1:$PORT/v1/events")
kill -9 $SPID
wait $SPID 2> /dev/null
check "serve accepted the events (200)" test "$code" = 200
check "serve's commit recorded the MQL alert, pending" \
  test "$(sql "$T/d.db" "SELECT status FROM outbox WHERE kind = 'lead.mql' AND target = 'rep'")" = pending
"$H" alerts deliver --drain --db "$T/d.db" 2> /dev/null
check "after kill -9 of serve the MQL arrives once" test "$(types rep2 | grep -c '^lead.mql$')" = 1
check "and the outbox says sent" \
  test "$(sql "$T/d.db" "SELECT status FROM outbox WHERE kind = 'lead.mql' AND target = 'rep'")" = sent

# --- 9. kill -9 of the worker while a request waits: sent again after restart
receiver slow s200,200
defs "$T/defs3.yaml" "http://127.0.0.1:$PORT_slow/hook" 24h
events "$T/ev_e.jsonl" eve@eps.io 0
"$H" import --db "$T/e.db" --defs "$T/defs3.yaml" --force "$T/ev_e.jsonl" > /dev/null 2>&1
"$H" alerts deliver --db "$T/e.db" 2> /dev/null &
WPID=$!
PIDS+=($WPID)
for _ in $(seq 100); do [ "$(count slow)" -ge 1 ] && break; sleep 0.05; done
kill -9 $WPID
wait $WPID 2> /dev/null
check "the worker was killed in the middle of the request: the row is still pending" \
  test "$(sql "$T/e.db" "SELECT status, attempts FROM outbox WHERE target = 'rep'")" = "pending|0"
"$H" alerts deliver --drain --db "$T/e.db" 2> /dev/null
check "after restart the alert is sent again: 2 requests" test "$(count slow)" = 2
check "with the same webhook-id" same_ids slow
check "and marked sent after one recorded attempt" \
  test "$(sql "$T/e.db" "SELECT status, attempts FROM outbox WHERE target = 'rep'")" = "sent|1"

# --- 10. stage changes and a sales rejection (reason and category of the definitions)
defs "$T/defs4.yaml" "http://127.0.0.1:$PORT_rep2/hook" 24h "    - { event: lead.stage_changed, to: [team] }
    - { event: lead.rejected, to: [team] }
"
events "$T/ev_f.jsonl" fay@phi.io 0
"$H" import --db "$T/f.db" --defs "$T/defs4.yaml" --force "$T/ev_f.jsonl" > /dev/null 2>&1
"$H" reject fay@phi.io --reason not_icp --db "$T/f.db" > /dev/null 2>&1
check "the reject command's commit records the stage change and the rejection" \
  test "$(sql "$T/f.db" "SELECT kind, stage_from, stage_to, reason, category FROM outbox
    WHERE kind IN ('lead.stage_changed', 'lead.rejected') ORDER BY seq")" = "lead.stage_changed|lead|mql|None|None
lead.stage_changed|mql|disqualified|None|None
lead.rejected|None|disqualified|not_icp|bad_fit"

# --- 11. sla.breached: the 5-minute raw first_touch of a demo request, judged
# at the data's as-of time (another lead's event 38 minutes after the MQL)
defs "$T/defs5.yaml" "http://127.0.0.1:$PORT_rep2/hook" 24h "    - { event: sla.breached, to: [team] }
"
events "$T/ev_g.jsonl" gil@gam.io 38
python3 -c "import datetime, json
print(json.dumps({'id': 'z1', 'type': 'page_view', 'lead': 'zed@other.io',
  'ts': datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.000Z')}))" >> "$T/ev_g.jsonl"
"$H" import --db "$T/g.db" --defs "$T/defs5.yaml" --force "$T/ev_g.jsonl" > /dev/null 2>&1
check "one sla.breached for first_touch, its deadline 5 min after the MQL, pending" \
  test "$(sql "$T/g.db" "SELECT o.sla, o.deadline - m.at, o.status FROM outbox o
    JOIN outbox m ON m.kind = 'lead.mql' AND m.target = 'rep' WHERE o.kind = 'sla.breached'")" = "first_touch|300000|pending"

# --- 12. serve --alerts delivers from its own thread; SIGTERM stops it cleanly
receiver rep3 200
defs "$T/defs6.yaml" "http://127.0.0.1:$PORT_rep3/hook" 24h
"$H" import --db "$T/h.db" --defs "$T/defs6.yaml" --force "$T/empty.jsonl" > /dev/null 2>&1
TOKEN=$(token "$T/h.db" ingest)
PORT=$(python3 "$SRC/tests/integration/serve_client.py" port)
"$H" serve --alerts --db "$T/h.db" --listen "127.0.0.1:$PORT" 2> "$T/serve_h.log" &
SPID=$!
PIDS+=($SPID)
for _ in $(seq 200); do curl -sf "http://127.0.0.1:$PORT/livez" > /dev/null && break; sleep 0.05; done
events "$T/ev_h.jsonl" hal@eta.io 0
code=$(python3 -c "import json,sys; print(json.dumps([json.loads(l) for l in open(sys.argv[1])]))" "$T/ev_h.jsonl" |
  curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" --data-binary @- \
    "http://127.0.0.1:$PORT/v1/events")
for _ in $(seq 100); do [ "$(count rep3)" -ge 1 ] && break; sleep 0.05; done
check "serve --alerts: the MQL arrives without a separate worker" \
  test "$code $(types rep3 | grep -c '^lead.mql$')" = "200 1"
check "serve --alerts: its signature verifies" verify rep3 "$SECRET"
kill -TERM $SPID
wait $SPID
check "serve --alerts: SIGTERM exits 0" test $? -eq 0
check "serve --alerts: the row is marked sent" \
  test "$(sql "$T/h.db" "SELECT status FROM outbox WHERE kind = 'lead.mql' AND target = 'rep'")" = sent

# --- 13. a receiver down until the worker has failed on it (it listens once
# $T/late.up exists): everything arrives once it is up, each alert once, in
# the order of the outbox per lead
receiver late 200 "$T/late.up"
PORT_team_saved=$PORT_team PORT_slack_saved=$PORT_slack
PORT_team=$PORT_late PORT_slack=$PORT_late
defs "$T/defs7.yaml" "http://127.0.0.1:$PORT_late/hook" 24h
PORT_team=$PORT_team_saved PORT_slack=$PORT_slack_saved
: > "$T/ev_i.jsonl"
for l in ada@one.io bea@two.io cy@three.io; do events "$T/ev_l.jsonl" "$l" 0 && cat "$T/ev_l.jsonl" >> "$T/ev_i.jsonl"; done
"$H" import --db "$T/i.db" --defs "$T/defs7.yaml" --force "$T/ev_i.jsonl" > /dev/null 2>&1
"$H" alerts deliver --drain --db "$T/i.db" 2> /dev/null &
DPID=$!
PIDS+=($DPID)
for _ in $(seq 200); do
  [ "$(sql "$T/i.db" "SELECT count(*) FROM outbox WHERE attempts > 0")" = 3 ] && break
  sleep 0.05
done
check "while the receiver is down, the first alert of each lead fails (refused), the rest wait" \
  test "$(sql "$T/i.db" "SELECT group_concat(attempts > 0, '') || max(status = 'pending') FROM (SELECT attempts, status FROM outbox ORDER BY seq)")" = 1010100001
touch "$T/late.up"
wait $DPID
check "receiver up: all 9 alerts (3 leads x mql to rep and Slack, assigned) arrive once, all sent" \
  test "$(count late) $(sql "$T/i.db" "SELECT count(*) FROM outbox WHERE status = 'sent'")" = "9 9"
check "each lead's first alert took more than one attempt; its later ones waited for it (one attempt)" \
  test "$(sql "$T/i.db" "SELECT group_concat(attempts > 1, '') FROM (SELECT attempts FROM outbox ORDER BY seq)")" = 101010000
check "per lead, in the order they were recorded" python3 - "$T/late.log" "$T/i.db" << 'PY'
import json, re, sqlite3, sys
got = {}
for l in open(sys.argv[1]):
    r = json.loads(l)
    b = json.loads(r["body"])
    lead = b["data"]["lead_id"] if "data" in b else re.match(r"New MQL: (\S+) ", b["text"]).group(1)
    got.setdefault(lead, []).append(r["path"])
path = {"rep": "/hook", "sales": "/slack", "team": "/team"}
want = {}
for lead, target in sqlite3.connect(sys.argv[2]).execute("SELECT lead, target FROM outbox ORDER BY seq"):
    want.setdefault(lead, []).append(path[target])
sys.exit(0 if got == want and len(got) == 3 else 1)
PY

# --- 14. 410 Gone: dead at once; 429 with Retry-After: 3 waits 3 s, not the 1 s backoff
receiver gone 410
receiver slow429 429@3,200
defs "$T/defs8.yaml" "http://127.0.0.1:$PORT_gone/hook" 24h
events "$T/ev_j.jsonl" jo@jay.io 0
"$H" import --db "$T/j.db" --defs "$T/defs8.yaml" --force "$T/ev_j.jsonl" > /dev/null 2>&1
"$H" alerts deliver --drain --db "$T/j.db" 2> /dev/null
check "410: one request, the row dead with HTTP 410 (retry_for is 24h)" \
  test "$(count gone) $(sql "$T/j.db" "SELECT status, attempts, http_status FROM outbox WHERE target = 'rep'")" = "1 dead|1|410"
defs "$T/defs9.yaml" "http://127.0.0.1:$PORT_slow429/hook" 24h
"$H" import --db "$T/k.db" --defs "$T/defs9.yaml" --force "$T/ev_j.jsonl" > /dev/null 2>&1
"$H" alerts deliver --drain --db "$T/k.db" 2> /dev/null
check "429 with Retry-After: 3: sent on the second attempt" \
  test "$(count slow429) $(sql "$T/k.db" "SELECT status, attempts, http_status FROM outbox WHERE target = 'rep'")" = "2 sent|2|200"
check "and the second came at least 3 s after the first (the backoff alone would wait under 1 s)" \
  python3 -c "import json,sys; t=[json.loads(l)['t'] for l in open(sys.argv[1])]; sys.exit(0 if t[1]-t[0] >= 2.95 else 1)" "$T/slow429.log"

# --- 15. when: { segment: BAND }: the account's size band, as report --by segment
defs "$T/defs10.yaml" "http://127.0.0.1:$PORT_rep2/hook" 24h "    - { event: lead.mql, to: [team], when: { segment: 50-199 } }
    - { event: lead.assigned, to: [sales], when: { segment: 1000+ } }
"
events "$T/ev_m.jsonl" mo@mu.io 0 # employees 120: band 50-199
"$H" import --db "$T/m.db" --defs "$T/defs10.yaml" --force "$T/ev_m.jsonl" > /dev/null 2>&1
check "segment 50-199 fires for 120 employees, 1000+ does not" \
  test "$(sql "$T/m.db" "SELECT kind, target FROM outbox WHERE target IN ('team', 'sales') ORDER BY seq")" = "lead.mql|sales
lead.mql|team
lead.assigned|team"
defs "$T/defs11.yaml" "http://127.0.0.1:$PORT_rep2/hook" 24h "    - { event: lead.mql, to: [team], when: { segment: enterprise } }
"
"$H" defs check "$T/defs11.yaml" > /dev/null 2> "$T/seg_err.txt"
check "an unknown segment: defs check fails at its line, naming the bands" \
  bash -c "[ $? -ne 0 ] && grep -q \"defs11.yaml:[0-9]*:[0-9]*: unknown segment 'enterprise' .*1-49, 50-199, 200-499, 500-999, 1000+\" '$T/seg_err.txt'"

# --- 16. alerts test DESTINATION: one signed sample, nothing recorded
receiver sample 200
defs "$T/defs12.yaml" "http://127.0.0.1:$PORT_sample/hook" 24h
"$H" import --db "$T/n.db" --defs "$T/defs12.yaml" --force "$T/empty.jsonl" > /dev/null 2>&1
"$H" alerts test sam --db "$T/n.db" 2> "$T/test_out.txt"
check "alerts test REP: exit 0, says HTTP 200" \
  bash -c "[ $? -eq 0 ] && grep -q \"'sam' answered HTTP 200\" '$T/test_out.txt'"
check "the sample's signature verifies with sam's secret" verify sample "$SECRET"
check "the sample is a lead.mql of the sample lead for sam, at sam's webhook" \
  req sample 0 "r['path']=='/hook' and b['type']=='lead.mql' and
  b['data']['lead_id']=='sample@handoff.invalid' and b['data']['rep']=='sam' and b['id'].startswith('alrt_')"
"$H" alerts test sam --db "$T/n.db" 2> /dev/null
check "a second test: a fresh webhook-id (receivers dedupe on it)" \
  req sample 1 "r['headers']['webhook-id']!=json.loads(open(sys.argv[1]).readline())['headers']['webhook-id']"
before=$(count team)
"$H" alerts test team --db "$T/n.db" 2> /dev/null
check "alerts test DESTINATION: one request to the team destination" \
  test "$(count team) $(tail -1 "$T/team.log" | python3 -c "import json,sys; print(json.load(sys.stdin)['path'])")" = "$((before + 1)) /team"
check "nothing is recorded in the outbox" test "$(sql "$T/n.db" "SELECT count(*) FROM outbox")" = 0
"$H" alerts test nobody --db "$T/n.db" 2> "$T/test_err.txt"
check "alerts test of an unknown name: exit 1, named" \
  bash -c "[ $? -eq 1 ] && grep -q \"no destination or rep 'nobody'\" '$T/test_err.txt'"
receiver refuse 500
defs "$T/defs13.yaml" "http://127.0.0.1:$PORT_refuse/hook" 24h
"$H" import --db "$T/o.db" --defs "$T/defs13.yaml" --force "$T/empty.jsonl" > /dev/null 2>&1
"$H" alerts test sam --db "$T/o.db" 2> "$T/test_err2.txt"
check "alerts test to a receiver answering 500: exit non-zero, says HTTP 500" \
  bash -c "[ $? -ne 0 ] && grep -q 'HTTP 500' '$T/test_err2.txt'"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
