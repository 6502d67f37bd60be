#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# POST /v1/leads/{id}/actions, Idempotency-Key and the cursor pages of
# GET /v1/leads, driven by real clients (curl, Python's http.client) against
# `handoff serve` on 127.0.0.1 and a random free port.  Each action kind
# over HTTP leaves the same stored state (dump_state.py, an independent
# reader) as the same CLI command on a copy of the database; refusals store
# nothing; a retry with the same key is applied once; a walk of the pages
# with any limit equals the unpaged list read by sqlite3.
# Usage: test_serve_actions.sh HANDOFF_BINARY SOURCE_DIR
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
sql() { python3 -c 'import sqlite3,sys; print(*sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone(), sep="|")' "$1" "$2"; }
events() { sql "$1" "SELECT COALESCE(SUM(n_events), 0) FROM event_owners"; }

start() {
  PORT=$(client port)
  "$H" serve --db "$1" --listen "127.0.0.1:$PORT" --threads 4 2>> "$T/serve.log" &
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
# act NAME LEAD BODY [curl args...]: POST the action; body in $T/NAME.json, status in $T/NAME.code
act() {
  local name=$1 lead=$2 body=$3
  shift 3
  curl -s -o "$T/$name.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' "$@" --data-binary "$body" \
    "http://127.0.0.1:$PORT/v1/leads/$lead/actions" > "$T/$name.code"
}
code_is() { [ "$(cat "$T/$1.code")" = "$2" ] || { echo "  $1: $(cat "$T/$1.code") $(cat "$T/$1.json")" >&2; false; }; }
js() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$T/$1.json"; }

# The fixture of test_sales_cli.sh: ana and bob of acme.io become MQLs.
cat > "$T/fixture.jsonl" << 'JSONL'
{"id":"f-1","ts":"2026-03-01T10:00:00Z","type":"group","account":"acme.io","traits":{"employees":120,"industry":"saas","country":"US"}}
{"id":"f-2","ts":"2026-03-02T14:05:09Z","type":"identify","lead":"ana@acme.io","account":"acme.io","traits":{"title":"VP Sales"}}
{"id":"f-3","ts":"2026-03-02T14:09:40Z","type":"form_submit","lead":"ana@acme.io","props":{"form":"demo"}}
{"id":"f-4","ts":"2026-03-02T15:00:00Z","type":"identify","lead":"bob@acme.io","account":"acme.io","traits":{"title":"Director of Operations"}}
{"id":"f-5","ts":"2026-03-02T15:30:00Z","type":"form_submit","lead":"bob@acme.io","props":{"form":"demo"}}
{"id":"f-6","ts":"2026-03-02T16:00:00Z","type":"identify","lead":"cy@acme.io","account":"acme.io","traits":{"title":"VP Marketing"}}
{"id":"f-7","ts":"2026-03-02T16:10:00Z","type":"form_submit","lead":"cy@acme.io","props":{"form":"demo"}}
JSONL
"$H" init --db "$T/a.db" > /dev/null 2>&1
"$H" import --db "$T/a.db" "$T/fixture.jsonl" > /dev/null 2>&1
check "fixture imports" test "$(sql "$T/a.db" "SELECT count(*) FROM leads")" = 3
TOKEN=$("$H" token create --db "$T/a.db" --scope write 2> /dev/null)
TOK_INGEST=$("$H" token create --db "$T/a.db" --scope ingest 2> /dev/null)
TOK_READ=$("$H" token create --db "$T/a.db" --scope read 2> /dev/null)
cp "$T/a.db" "$T/cli.db"

# 1. Each action kind: HTTP on a.db, the same CLI command on cli.db; the
# stored state is compared after every step.
# step NAME LEAD JSON -- CLI ARGS...
same_ok=1
step() {
  local name=$1 lead=$2 body=$3
  shift 4
  act "$name" "$lead" "$body"
  code_is "$name" 200 || same_ok=0
  "$H" "$@" --db "$T/cli.db" > /dev/null 2>&1 || { same_ok=0; echo "  cli failed: $*" >&2; }
  cmp -s <(dump "$T/a.db") <(dump "$T/cli.db") || { same_ok=0; echo "  state differs after $name" >&2; }
}
start "$T/a.db"
step accept ana@acme.io '{"action":"accept","rep":"sam","at":"2026-03-03T09:00:00Z"}' -- \
  accept ana@acme.io --rep sam --at 2026-03-03T09:00:00Z
check "accept over HTTP: 200 with the new stage" js accept 'd["stage"]=="sal" and d["journey"]==1 and d["duplicate"] is False'
step contact ana@acme.io '{"action":"contact","via":"call","made":true,"ts":"2026-03-03T10:00:00Z"}' -- \
  contact ana@acme.io --via call --made --at 2026-03-03T10:00:00Z
check "contact --made over HTTP writes contact_made" js contact 'd["event_type"]=="contact_made"'
step qualify ana@acme.io '{"action":"qualify","need":true,"authority":true,"budget":false,"timeline":"Q2","at":"2026-03-04T10:30:00Z"}' -- \
  qualify ana@acme.io --need --authority --timeline Q2 --at 2026-03-04T10:30:00Z
check "qualify over HTTP: sql" js qualify 'd["stage"]=="sql"'
step opportunity ana@acme.io '{"action":"opportunity","amount":48000,"opportunity":"opp-17","at":"2026-03-09T09:00:00Z"}' -- \
  opportunity ana@acme.io --amount 48000 --opportunity opp-17 --at 2026-03-09T09:00:00Z
step won ana@acme.io '{"action":"won","at":"2026-04-01T12:00:00Z"}' -- won ana@acme.io --at 2026-04-01T12:00:00Z
check "won over HTTP: customer" js won 'd["stage"]=="customer"'
step reject bob@acme.io '{"action":"reject","reason":"not_icp","note":"tiny","at":"2026-03-03T11:00:00Z"}' -- \
  reject bob@acme.io --reason not_icp --note tiny --at 2026-03-03T11:00:00Z
step nurture cy@acme.io '{"action":"nurture","reason":"bad_timing","revisit":"2026-06-01","at":"2026-03-03T12:00:00Z"}' -- \
  nurture cy@acme.io --reason bad_timing --revisit 2026-06-01 --at 2026-03-03T12:00:00Z
check "nurture over HTTP: nurture" js nurture 'd["stage"]=="nurture"'
step assign cy@acme.io '{"action":"assign","rep":"sam","at":"2026-03-03T12:30:00Z"}' -- \
  assign cy@acme.io sam --at 2026-03-03T12:30:00Z
step create dan@new.io '{"action":"accept","create":true,"at":"2026-03-05T09:00:00Z"}' -- \
  accept dan@new.io --create --at 2026-03-05T09:00:00Z
check "accept with create starts a new lead" js create 'd["new_lead"] is True and d["stage"]=="sal"'
step opp2 dan@new.io '{"action":"opportunity","amount":"1250.50","at":"2026-03-06T09:00:00Z"}' -- \
  opportunity dan@new.io --amount 1250.50 --at 2026-03-06T09:00:00Z
step lost dan@new.io '{"action":"lost","reason":"went with a spreadsheet","at":"2026-03-07T09:00:00Z"}' -- \
  lost dan@new.io --reason "went with a spreadsheet" --at 2026-03-07T09:00:00Z
check "every action kind over HTTP stores what the same CLI command stores" test $same_ok = 1
check "the stored stages by sqlite3" test \
  "$(python3 -c 'import sqlite3,sys; print(" ".join(r[0]+"="+r[1] for r in sqlite3.connect(sys.argv[1]).execute("SELECT lead, stage FROM leads ORDER BY lead")))' "$T/a.db")" = \
  "ana@acme.io=customer bob@acme.io=disqualified cy@acme.io=nurture dan@new.io=closed_lost"
act again ana@acme.io '{"action":"won","at":"2026-04-01T12:00:00Z"}'
check "the same action at the same time is a duplicate (200, nothing changed)" js again 'd["duplicate"] is True'

# 2. Refusals: 4xx, located, nothing stored.
before=$(events "$T/a.db")
act badreason bob@acme.io '{"action":"reject","reason":"too_busy"}'
check "a reason off the closed list is 422" code_is badreason 422
check "it names the field and the valid codes, as the CLI does" \
  js badreason 'd["type"]=="/problems/invalid-action" and d["field"]=="reason" and d["pointer"]=="/reason" and "unknown reason '"'"'too_busy'"'"' (valid: not_icp, wrong_size" in d["detail"]'
act noreason bob@acme.io '{"action":"nurture"}'
check "a missing required field is 400 naming it" bash -c "[ \"\$(cat $T/noreason.code)\" = 400 ]" 
check "  ... field reason" js noreason 'd["field"]=="reason"'
act fax ana@acme.io '{"action":"contact","via":"fax"}'
check "contact via fax is 400 with the CLI's words" js fax 'd["status"]==400 and d["field"]=="via" and "expected call, email or linkedin" in d["detail"]'
act amt ana@acme.io '{"action":"opportunity","amount":"lots"}'
check "a bad amount is 400 naming amount" js amt 'd["status"]==400 and d["field"]=="amount"'
act extra ana@acme.io '{"action":"won","amount":5}'
check "a field the action does not take is 400" js extra 'd["status"]==400 and d["field"]=="amount" and "won takes no field" in d["detail"]'
act unk ana@acme.io '{"action":"accept","colour":"red"}'
check "an unknown field is 400 naming it" js unk 'd["status"]==400 and d["field"]=="colour"'
act badact ana@acme.io '{"action":"promote"}'
check "an unknown action is 400 naming action" js badact 'd["status"]==400 and d["field"]=="action"'
act badat ana@acme.io '{"action":"won","at":"yesterday"}'
check "a bad at is 400 naming at" js badat 'd["status"]==400 and d["field"]=="at"'
act badjson ana@acme.io '{"action":"won",'
check "malformed JSON is 400 with line and column" js badjson 'd["status"]==400 and d["type"]=="/problems/invalid-json" and d["line"]==1'
act nolead zed@nowhere.io '{"action":"accept"}'
check "an unknown lead without create is 404" code_is nolead 404
check "  ... naming the lead and create" js nolead '"zed@nowhere.io" in d["detail"] and "create" in d["detail"]'
act nolead2 zed@nowhere.io '{"action":"won"}'
check "won on an unknown lead is 404 (won cannot create)" code_is nolead2 404
check "refusals stored nothing" test "$(events "$T/a.db")" = "$before"
check "no lead zed was made" test "$(sql "$T/a.db" "SELECT count(*) FROM leads WHERE lead = 'zed@nowhere.io'")" = 0
TOKEN=$TOK_READ act rd ana@acme.io '{"action":"won"}'
check "a read token is 403" code_is rd 403
TOKEN=$TOK_INGEST act ing ana@acme.io '{"action":"won"}'
check "an ingest token is 403" code_is ing 403

# 3. Idempotency-Key: a retry gets the stored response, applied once.
before=$(events "$T/a.db")
act k1 eve@new.io '{"action":"accept","create":true}' -H 'Idempotency-Key: key-1'
check "with a key: 200" code_is k1 200
act k1b eve@new.io '{"action":"accept","create":true}' -H 'Idempotency-Key: key-1'
check "the retry: the same status" code_is k1b 200
check "the retry: the same body, byte for byte (new_lead still true)" cmp -s "$T/k1.json" "$T/k1b.json"
check "  ... which says a new lead" js k1b 'd["new_lead"] is True'
check "applied once: one event more" test "$(events "$T/a.db")" = $((before + 1))
check "the key is stored in idempotency_keys" \
  test "$(sql "$T/a.db" "SELECT status FROM idempotency_keys WHERE key = 'key-1'")" = 200
act k1c eve@new.io '{"action":"accept","create":true,"rep":"sam"}' -H 'Idempotency-Key: key-1'
check "the key with another body is 422" code_is k1c 422
check "  ... problem naming the header" js k1c 'd["type"]=="/problems/idempotency-key-reused" and d["header"]=="Idempotency-Key"'
act k1d bob@acme.io '{"action":"accept","create":true}' -H 'Idempotency-Key: key-1'
check "the key on another lead is 422" code_is k1d 422
check "the reuse stored nothing" test "$(events "$T/a.db")" = $((before + 1))
# two clients sending one key at once: one apply
python3 - "$PORT" "$TOKEN" > "$T/conc.txt" << 'PY'
import http.client, sys, threading
port, tok = int(sys.argv[1]), sys.argv[2]
out = []
def go():
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request("POST", "/v1/leads/fay@new.io/actions", b'{"action":"accept","create":true}',
              {"Authorization": "Bearer " + tok, "Idempotency-Key": "key-conc"})
    r = c.getresponse()
    out.append((r.status, r.read()))
ts = [threading.Thread(target=go) for _ in range(8)]
[t.start() for t in ts]
[t.join() for t in ts]
print(len(set(out)), out[0][0])
PY
check "8 concurrent requests with one key: one response, 200" test "$(cat "$T/conc.txt")" = "1 200"
check "  ... applied once" test "$(events "$T/a.db")" = $((before + 2))
act badkey eve@new.io '{"action":"won"}' -H 'Idempotency-Key: "a\"b"'
check "a malformed key is 400 naming the header" js badkey 'd["status"]==400 and d["header"]=="Idempotency-Key"'

# 4. Pages of GET /v1/leads: every limit walks to exactly the unpaged list.
"$H" demo-data --leads 40 --out "$T/ev.jsonl" > /dev/null 2>&1
curl -s -X POST -H "Authorization: Bearer $TOKEN" --data-binary @<(python3 -c '
import json,sys; print(json.dumps([json.loads(l) for l in open(sys.argv[1]) if l.strip()]))' "$T/ev.jsonl") \
  "http://127.0.0.1:$PORT/v1/events" > /dev/null
python3 - "$PORT" "$TOK_READ" "$T/a.db" "$TOKEN" << 'PY' > "$T/walk.txt"
import http.client, json, sqlite3, sys, urllib.parse
port, tok, db = int(sys.argv[1]), sys.argv[2], sys.argv[3]
def get(q):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request("GET", "/v1/leads?" + q, headers={"Authorization": "Bearer " + tok})
    r = c.getresponse()
    return r.status, json.loads(r.read())
def walk(limit, extra="", between=None):
    seen, cursor, pages = [], None, 0
    while True:
        q = "limit=%d%s" % (limit, extra) + ("&cursor=" + urllib.parse.quote(cursor) if cursor else "")
        st, d = get(q)
        assert st == 200, (st, d)
        assert len(d["leads"]) <= limit
        seen += [l["lead"] for l in d["leads"]]
        pages += 1
        if between:
            between(pages)
        cursor = d["next_cursor"]
        if cursor is None:
            return seen, pages
want = [r[0] for r in sqlite3.connect(db).execute("SELECT lead FROM leads ORDER BY lead")]
print("leads", len(want))
for lim in (1, 3, 1000):
    seen, pages = walk(lim)
    print("limit", lim, seen == want, pages)
st, d = get("limit=1000")
print("unpaged", [l["lead"] for l in d["leads"]] == want, d["next_cursor"] is None, d["total"] == len(want))
st, d = get("")
print("default", len(d["leads"]) == min(100, len(want)))
# score order: the walk equals the one page of the same sort
seen, _ = walk(3, "&sort=score")
st, d = get("limit=1000&sort=score")
print("score", seen == [l["lead"] for l in d["leads"]])
# new leads between pages: the ones there at the start each once, no gap
added = []
def add(page):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    lead = "zz-new-%d@x.io" % page if page % 2 else "aa-new-%d@x.io" % page
    ev = {"id": "new-%d" % page, "ts": "2026-03-02T10:00:00Z", "type": "page_view", "lead": lead, "props": {"path": "/"}}
    c.request("POST", "/v1/events", json.dumps(ev).encode(), {"Authorization": "Bearer " + sys.argv[4]})
    assert c.getresponse().status == 200
    added.append(lead)
seen, _ = walk(5, "", add)
print("growing", len(seen) == len(set(seen)), set(want) <= set(seen),
      set(seen) - set(want) <= set(added), seen == sorted(seen))
PY
PY_WALK=$?
check "the page walk ran" test $PY_WALK -eq 0
check "the walks with limit 1, 3 and 1000 equal the unpaged list" \
  test "$(grep -c '^limit [0-9]* True' "$T/walk.txt")" = 3
check "one page of 1000 is the whole list, next_cursor null" grep -qx "unpaged True True True" "$T/walk.txt"
check "no limit: a page of 100 at most" grep -qx "default True" "$T/walk.txt"
check "a walk sorted by score equals that sort's one page" grep -qx "score True" "$T/walk.txt"
check "leads added between pages: no duplicate, no gap, order kept" grep -qx "growing True True True True" "$T/walk.txt"
check "the walk covered more than 40 leads" test "$(awk '$1=="leads"{print $2}' "$T/walk.txt")" -gt 40
get() {
  curl -s -o "$T/$1.json" -w '%{http_code}' -H "Authorization: Bearer $TOK_READ" \
    "http://127.0.0.1:$PORT$2" > "$T/$1.code"
}
get badcur '/v1/leads?cursor=zz'
check "a bad cursor is 400 naming cursor" js badcur 'd["status"]==400 and d["detail"].startswith("cursor")'
get badcur2 '/v1/leads?cursor=6331'
check "a hex text that is no cursor is 400" js badcur2 'd["status"]==400 and "cursor" in d["detail"]'
get lim0 '/v1/leads?limit=0'
check "limit 0 is 400 naming limit" js lim0 'd["status"]==400 and d["detail"].startswith("limit")'
get lim1001 '/v1/leads?limit=1001'
check "limit 1001 is 400 naming limit" js lim1001 'd["status"]==400 and "1000" in d["detail"]'
get limx '/v1/leads?limit=ten'
check "limit ten is 400" code_is limx 400
get p1 '/v1/leads?limit=2'
CUR=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["next_cursor"])' "$T/p1.json")
get mix "/v1/leads?limit=2&sort=score&cursor=$CUR"
check "a cursor with another sort is 400 naming cursor" js mix 'd["status"]==400 and d["detail"].startswith("cursor")'

check "serve exits 0 on SIGTERM" stop

echo "test_serve_actions: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
