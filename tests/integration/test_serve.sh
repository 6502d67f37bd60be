#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `handoff serve` driven by real clients (curl, Python's http.client) on
# 127.0.0.1 and a random free port: every route, per-event results, the
# located reason of malformed JSON, 413 past the body limits, duplicates,
# Segment messages and batches (the state equals `import --from segment` of
# the same messages), concurrent clients (the state equals an import of the
# same file), SIGTERM in the middle of a load and kill -9 right after a 2xx
# (every acknowledged event is in the store: tests/integration/log_ids.py
# reads it independently).
# Usage: test_serve.sh HANDOFF_BINARY SOURCE_DIR
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
ids() { python3 "$SRC/tests/integration/log_ids.py" "$1"; }
SEGFIX="$SRC/tests/fixtures/segment"
# The deadline timer's clock held before the fixtures' times, so the data's
# as-of time stays their latest event (test_serve_timer.sh tests the timer).
export HO_TEST_CLOCK_FILE="$T/clock"
echo 2026-01-01T00:00:00Z > "$T/clock"

# start DB: serve DB on a free port ($PORT), wait until /livez answers.
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
# stop: SIGTERM, and the server's exit status.
stop() {
  kill -TERM "$PID"
  wait "$PID"
  local rc=$?
  PID=""
  return $rc
}
url() { echo "http://127.0.0.1:$PORT$1"; }
# req NAME METHOD PATH [curl args...]: body in $T/NAME.json, status in $T/NAME.code,
# headers in $T/NAME.h; with the token $TOKEN when set (AS=TOKEN req ... for another)
req() {
  local name=$1 method=$2 path=$3 tok=${AS-$TOKEN}
  shift 3
  local auth=()
  [ -n "$tok" ] && auth=(-H "Authorization: Bearer $tok")
  curl -s -o "$T/$name.json" -D "$T/$name.h" -w '%{http_code}' -X "$method" "${auth[@]}" "$@" \
    "$(url "$path")" > "$T/$name.code"
}
# token DB SCOPE: create one, print it
token() { "$H" token create --db "$1" --scope "$2" 2> /dev/null; }
TOKEN=""
code_is() { [ "$(cat "$T/$1.code")" = "$2" ]; }
# js NAME PYTHON-EXPR: the expression over d (the JSON body of NAME) is true
js() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$T/$1.json"; }
header_has() { grep -qi "^$2" "$T/$1.h"; }
stored() { ids "$1" | grep -qx -- "$2"; }

"$H" init --db "$T/a.db" > /dev/null 2>&1
TOK_INGEST=$(token "$T/a.db" ingest)
TOK_READ=$(token "$T/a.db" read)
TOK_WRITE=$(token "$T/a.db" write)
TOK_ADMIN=$(token "$T/a.db" admin)
TOKEN=$TOK_WRITE
check "token create prints a token once" test "${#TOK_INGEST}" = 46
check "token list shows the four, by scope, without the token texts" bash -c \
  "'$H' token list --db '$T/a.db' | awk 'NR>1{print \$2}' | tr '\n' ' ' | grep -qx 'ingest read write admin ' &&
   ! '$H' token list --db '$T/a.db' | grep -q '$TOK_INGEST'"
check "tokens are stored as SHA-256 only" python3 - "$T/a.db" "$TOK_INGEST" << 'PY'
import hashlib, sqlite3, sys
rows = [bytes(r[0]) for r in sqlite3.connect(sys.argv[1]).execute("SELECT hash FROM tokens")]
sys.exit(0 if hashlib.sha256(sys.argv[2].encode()).digest() in rows and
         not any(sys.argv[2].encode() in r for r in rows) else 1)
PY

# --- usage
"$H" serve --listen nonsense > /dev/null 2>&1
check "serve: a --listen without a port is a usage error" test $? -eq 2
"$H" serve --listen 10.0.0.1:x > /dev/null 2>&1
check "serve: a bad port is a usage error" test $? -eq 2
"$H" serve --threads 0 > /dev/null 2>&1
check "serve: --threads 0 is a usage error" test $? -eq 2

check "serve starts and answers /livez" start "$T/a.db"

# --- health, request ids, the request log
req live GET /livez -H 'X-Request-Id: abc-123'
check "livez: 200" code_is live 200
check "livez: status pass" js live 'd == {"status": "pass"}'
check "livez: the given X-Request-Id is echoed" header_has live 'X-Request-Id: abc-123'
req ready GET /readyz
check "readyz: 200 once the engine is loaded" code_is ready 200
check "readyz: a generated X-Request-Id" header_has ready 'X-Request-Id: [0-9a-f]'
sleep 0.1
check "request log: one logfmt line with the request id" \
  grep -q 'msg=request request_id=abc-123 method=GET path=/livez status=200' "$T/serve.log"

# --- POST /v1/events
E1='{"id":"e1","ts":"2026-03-01T10:00:00Z","type":"page_view","lead":"a@x.com","channel":"organic_search"}'
req one POST /v1/events --data-binary "$E1"
check "events: one object accepted" code_is one 200
check "events: its result" \
  js one 'd == {"accepted":1,"duplicate":0,"rejected":0,"results":[{"index":0,"id":"e1","status":"accepted"}]}'
E2='{"id":"e2","ts":"2026-03-01T11:00:00Z","type":"form_submit","lead":"a@x.com","props":{"form":"demo"}}'
E3='{"id":"e3","type":"page_view","lead":"b@x.com"}'
req arr POST /v1/events --data-binary "[$E1, $E2, $E3, 42]"
check "events: an array gets 200 with per-event results" code_is arr 200
check "events: counts 1 accepted, 1 duplicate, 2 rejected" \
  js arr 'd["accepted"]==1 and d["duplicate"]==1 and d["rejected"]==2'
check "events: the duplicate by its index" \
  js arr 'd["results"][0]=={"index":0,"id":"e1","status":"duplicate"}'
check "events: the accepted one" js arr 'd["results"][1]=={"index":1,"id":"e2","status":"accepted"}'
check "events: the rejected one with its reason and index" \
  js arr 'd["results"][2]=={"index":2,"id":"e3","status":"rejected","reason":"missing field '"'"'ts'"'"'"}'
check "events: a non-object element is rejected by index" \
  js arr 'd["results"][3]["index"]==3 and d["results"][3]["status"]=="rejected" and "id" not in d["results"][3]'
req conflict POST /v1/events \
  --data-binary '{"id":"e1","ts":"2026-03-01T10:00:00Z","type":"page_view","lead":"other@x.com"}'
check "events: a known id with other content is a duplicate, flagged conflict" \
  js conflict 'd["results"]==[{"index":0,"id":"e1","status":"duplicate","conflict":True}]'
req allbad POST /v1/events --data-binary "$E3"
check "events: nothing accepted is 422" code_is allbad 422
check "events: as application/problem+json" header_has allbad 'Content-Type: application/problem+json'
check "events: the problem carries the reason and the results" \
  js allbad 'd["status"]==422 and d["detail"]=="missing field '"'"'ts'"'"'" and d["results"][0]["index"]==0'
printf '[{"id":"bad1",\n  "ts": x}]' > "$T/malformed.body"
req malformed POST /v1/events --data-binary @"$T/malformed.body"
check "malformed JSON: 400" code_is malformed 400
check "malformed JSON: problem+json of type invalid-json" \
  js malformed 'd["type"]=="/problems/invalid-json" and d["status"]==400 and d["title"]'
# the x is the 9th character of line 2
check "malformed JSON: located at line 2, column 9" \
  js malformed 'd["line"]==2 and d["column"]==9 and d["detail"].startswith("invalid JSON at line 2, column 9:")'
req empty POST /v1/events --data-binary '[]'
check "events: an empty array is 200 with nothing" \
  js empty 'd=={"accepted":0,"duplicate":0,"rejected":0,"results":[]}'

# 4 MiB is the limit: 30000 valid events of ~150 bytes are past it.
python3 - "$T/big.body" << 'PY'
import json, sys
ev = [json.dumps({"id": f"big-{i}", "ts": "2026-03-01T10:00:00Z", "type": "page_view",
                  "lead": f"big{i}@x.com", "props": {"pad": "p" * 60}}) for i in range(30000)]
open(sys.argv[1], "w").write("[" + ",".join(ev) + "]")
PY
req big POST /v1/events --data-binary @"$T/big.body"
check "oversize body (Content-Length): 413" code_is big 413
check "oversize body: problem+json with the limit" js big 'd["status"]==413 and d["limit"]==4194304'
req bigchunked POST /v1/events -H 'Transfer-Encoding: chunked' --data-binary @"$T/big.body"
check "oversize body (chunked, no length): 413 while reading" code_is bigchunked 413
req notfound GET /v1/nothing
check "unknown route: 404 problem" js notfound 'd["status"]==404 and d["type"]=="/problems/not-found"'
req method GET /v1/events
check "wrong method: 405" code_is method 405

# --- Segment routes
req track POST /v1/track \
  --data-binary '{"messageId":"seg-t1","userId":"u1@x.com","event":"Demo Requested","timestamp":"2026-03-03T10:00:00Z"}'
check "segment track (type implied by the route): 200" code_is track 200
check "segment track: Segment's success body" js track 'd=={"success":True}'
req tagain POST /v1/t \
  --data-binary '{"messageId":"seg-t1","userId":"u1@x.com","event":"Demo Requested","timestamp":"2026-03-03T10:00:00Z"}'
check "segment /v1/t again: 200 (a duplicate messageId)" code_is tagain 200
req ident POST /v1/i \
  --data-binary '{"messageId":"seg-i1","userId":"u1@x.com","traits":{"title":"VP Sales"},"timestamp":"2026-03-03T09:00:00Z"}'
check "segment /v1/i: 200" code_is ident 200
req mismatch POST /v1/track \
  --data-binary '{"type":"page","messageId":"seg-x","userId":"u1@x.com","timestamp":"2026-03-03T10:00:00Z"}'
check "segment: a type other than the route's is 400" code_is mismatch 400
check "segment: the error has Segment's success/message and the problem members" \
  js mismatch 'd["success"] is False and "does not match" in d["message"] and d["status"]==400 and d["code"]=="invalid_event"'
req segbad POST /v1/track --data-binary '{"messageId": }'
check "segment malformed JSON: 400 with success false, located" \
  js segbad 'd["success"] is False and d["code"]=="invalid_json" and d["column"]==15'
python3 -c "import json; print(json.dumps({'messageId':'seg-big','userId':'u','event':'x','timestamp':'2026-03-03T10:00:00Z','properties':{'pad':'p'*33000}}))" > "$T/segbig.body"
req segbig POST /v1/track --data-binary @"$T/segbig.body"
check "segment: a message over 32 KB is 413" code_is segbig 413
python3 - "$T/batch_bad.body" << 'PY'
import json, sys
b = {"writeKey": "WK", "sentAt": "2026-03-03T10:00:01Z", "batch": [
    {"type": "track", "messageId": "seg-b1", "userId": "u2@x.com", "event": "Signed Up",
     "timestamp": "2026-03-03T10:00:00Z"},
    {"type": "track", "userId": "u2@x.com", "event": "Signed Up", "timestamp": "2026-03-03T10:00:00Z"},
    {"type": "page", "messageId": "seg-b3", "anonymousId": "anon-9", "timestamp": "2026-03-03T10:00:00Z"}]}
open(sys.argv[1], "w").write(json.dumps(b))
PY
req batchbad POST /v1/batch --data-binary @"$T/batch_bad.body"
check "segment batch: 200 with the rejected message by index" \
  js batchbad 'd["success"] is True and d["accepted"]==2 and d["rejected"]==1 and d["results"]==[{"index":1,"status":"rejected","reason":"missing field '"'"'messageId'"'"'"}]'

# --- reads
req lead GET /v1/leads/a@x.com
check "GET /v1/leads/ID: the explain JSON" js lead 'd["lead"]=="a@x.com"'
req lead_esc GET /v1/leads/a%40x.com
check "GET /v1/leads/ID: a percent-encoded id" js lead_esc 'd["lead"]=="a@x.com"'
req lead_seg GET /v1/leads/u1@x.com
check "GET /v1/leads/ID: a lead that came by Segment" js lead_seg 'd["lead"]=="u1@x.com"'
req nolead GET /v1/leads/nobody
check "GET /v1/leads/ID: unknown is 404" js nolead 'd["status"]==404 and "nobody" in d["detail"]'
req badat GET '/v1/leads/a@x.com?at=yesterday'
check "GET /v1/leads/ID?at=bad: 400 naming the parameter" js badat 'd["status"]==400 and "at" in d["detail"]'
req leads GET '/v1/leads?channel=organic_search&sort=lead'
check "GET /v1/leads?channel=: the leads of that channel (by sqlite3)" python3 - "$T/leads.json" "$T/a.db" << 'PY'
import json, sqlite3, sys
got = [l["lead"] for l in json.load(open(sys.argv[1]))["leads"]]
want = [r[0] for r in sqlite3.connect(sys.argv[2]).execute(
    "SELECT lead FROM leads WHERE channel = 'organic_search' ORDER BY lead")]
sys.exit(0 if got == want and want else 1)
PY
req leadsbad GET '/v1/leads?stage=bogus'
check "GET /v1/leads?stage=bogus: 400 naming it" js leadsbad 'd["status"]==400 and "bogus" in d["detail"]'
req leadsunk GET '/v1/leads?nosuch=1'
check "GET /v1/leads: an unknown parameter is 400" js leadsunk 'd["status"]==400 and "nosuch" in d["detail"]'
req funnel GET '/v1/reports/funnel?by=channel'
check "GET /v1/reports/funnel?by=channel: 200" code_is funnel 200
check "GET /v1/reports/funnel?by=channel: the option applied" js funnel 'd["by"]=="channel"'
req badopt GET '/v1/reports/funnel?by=nonsense'
check "reports: a bad option value is 400" js badopt 'd["status"]==400 and "nonsense" in d["detail"]'
req noopt GET '/v1/reports/funnel?nosuch=1'
check "reports: an unknown option is 400" js noopt 'd["status"]==400 and "nosuch" in d["detail"]'
req norep GET /v1/reports/nope
check "reports: an unknown report is 404" js norep 'd["status"]==404'

# --- metrics: by hand, events so far: accepted e1, e2, seg-t1, seg-i1, seg-b1,
# seg-b3 = 6; duplicates e1 (array), e1 (conflict), seg-t1 = 3; rejected e3, 42,
# e3, the batch's second and the track whose type did not match = 5.
curl -s -H "Authorization: Bearer $TOKEN" "$(url /metrics)" > "$T/metrics.txt"
metric() { grep -qx "$1" "$T/metrics.txt"; }
check "metrics: accepted" metric 'handoff_events_total{result="accepted"} 6'
check "metrics: duplicate" metric 'handoff_events_total{result="duplicate"} 3'
check "metrics: rejected" metric 'handoff_events_total{result="rejected"} 5'
check "metrics: a commit latency histogram ending in +Inf" \
  grep -qE '^handoff_commit_duration_seconds_bucket\{le="\+Inf"\} [1-9]' "$T/metrics.txt"
# requests by hand: /v1/events answered 2xx for one, arr, conflict and
# empty, 4xx for allbad, malformed, big and bigchunked; no route: notfound, method
check "metrics: requests by route and class" metric 'handoff_http_requests_total{route="POST /v1/events",code="2xx"} 4'
check "metrics: 4xx of the route" metric 'handoff_http_requests_total{route="POST /v1/events",code="4xx"} 4'
check "metrics: requests without a route" metric 'handoff_http_requests_total{route="none",code="4xx"} 2'
check "metrics: one /readyz" metric 'handoff_http_requests_total{route="GET /readyz",code="2xx"} 1'
check "metrics: the route's latency histogram counts its 8 requests" \
  metric 'handoff_http_request_duration_seconds_count{route="POST /v1/events"} 8'
check "metrics: histogram count equals commits" python3 - "$T/metrics.txt" << 'PY'
import sys
m = dict(l.rsplit(" ", 1) for l in open(sys.argv[1]) if not l.startswith("#"))
sys.exit(0 if m["handoff_commits_total"] == m["handoff_commit_duration_seconds_count"] else 1)
PY

# --- compressed bodies (analytics-python sends gzip)
python3 - "$T" << 'PY'
import gzip, json, sys, zlib
t = sys.argv[1]
b = {"batch": [{"type": "identify", "messageId": "seg-gz1", "userId": "gz@x.com",
                "traits": {"title": "CTO"}, "timestamp": "2026-03-04T10:00:00Z"},
               {"type": "track", "messageId": "seg-gz2", "userId": "gz@x.com",
                "event": "Demo Requested", "timestamp": "2026-03-04T10:01:00Z"}]}
open(t + "/gz.body", "wb").write(gzip.compress(json.dumps(b).encode()))
# 6 MiB of events inflated from a few KB: past the 4 MiB limit once inflated
ev = ",".join([json.dumps({"id": "bomb", "ts": "2026-03-01T10:00:00Z", "type": "x",
                           "lead": "b", "props": {"pad": "0" * 1000}})] * 6000)
open(t + "/bomb.body", "wb").write(gzip.compress(("[" + ev + "]").encode()))
open(t + "/zlib.body", "wb").write(zlib.compress(json.dumps(
    {"id": "zl1", "ts": "2026-03-04T11:00:00Z", "type": "page_view", "lead": "gz@x.com"}).encode()))
open(t + "/badgz.body", "wb").write(gzip.compress(b"[]")[:-6])
PY
req gz POST /v1/batch -H 'Content-Encoding: gzip' --data-binary @"$T/gz.body"
check "gzip: a compressed Segment batch is taken" js gz 'd["success"] is True and d["accepted"]==2'
req zl POST /v1/events -H 'Content-Encoding: deflate' --data-binary @"$T/zlib.body"
check "deflate (zlib): a compressed event is taken" js zl 'd["accepted"]==1'
check "gzip: the bomb is small compressed" test "$(wc -c < "$T/bomb.body")" -lt 100000
req bomb POST /v1/events -H 'Content-Encoding: gzip' --data-binary @"$T/bomb.body"
check "gzip: past the limit once inflated is 413" code_is bomb 413
req badgz POST /v1/events -H 'Content-Encoding: gzip' --data-binary @"$T/badgz.body"
check "gzip: a truncated stream is 400 invalid-encoding" \
  js badgz 'd["status"]==400 and d["type"]=="/problems/invalid-encoding"'
req br POST /v1/events -H 'Content-Encoding: br' --data-binary '[]'
check "an unknown Content-Encoding is 415" code_is br 415

# --- docs/openapi.json and the routing table list the same routes, both ways
openapi_routes() {
  python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
for p, ops in d["paths"].items():
    for m in ops:
        print(m.upper(), p)' "$SRC/docs/openapi.json" | sort
}
check "openapi.json describes exactly the server's routes" \
  cmp -s <(openapi_routes) <("$H" serve --routes | sort)
# every route of the OpenAPI file, with its parameters filled in
ROUTES=$(openapi_routes | grep -v -e ' /livez$' -e ' /readyz$' -e ' /$' -e ' /assets/{name}$' |
  sed -e 's|{id}|a@x.com|' -e 's|{name}|funnel|' -e 's| |:|')
# metrics, events, 14 Segment routes, the lead list, a lead, a lead's
# actions, reports, definitions, the queue, the alerts and an alert's retry
check "openapi.json: 24 routes need a token" test "$(echo "$ROUTES" | wc -l)" = 24

# --- auth: every route but /livez, /readyz and the dashboard's files needs a token of its scope
unauth_ok=1
for r in $ROUTES; do
  AS="" req noauth "${r%%:*}" "${r#*:}" --data-binary '{}'
  code_is noauth 401 && js noauth 'd["status"]==401 and d["type"]=="/problems/unauthorized"' &&
    header_has noauth 'WWW-Authenticate: ' || { unauth_ok=0; echo "no 401: $r" >&2; }
done
check "auth: every route answers 401 without a token, with WWW-Authenticate" test $unauth_ok = 1
AS="" req h1 GET /livez
AS="" req h2 GET /readyz
check "auth: /livez and /readyz need none" test "$(cat "$T/h1.code")$(cat "$T/h2.code")" = 200200
AS="" req dash GET /
AS="" req dashjs GET /assets/app.js
check "auth: the dashboard (/ and /assets/...) needs none, and is HTML" \
  test "$(cat "$T/dash.code")$(cat "$T/dashjs.code")" = 200200 -o "$(cat "$T/dash.code")$(cat "$T/dashjs.code")" = 200404
check "dashboard: / is text/html with an ETag" header_has dash 'Content-Type: text/html; charset=utf-8'
check "dashboard: / carries an ETag" header_has dash 'ETag: "'
ETAG=$(tr -d "\r" < "$T/dash.h" | sed -n "s/^[Ee][Tt][Aa][Gg]: //p")
AS="" req dash304 GET / -H "If-None-Match: $ETAG"
check "dashboard: If-None-Match with its ETag is 304" code_is dash304 304
AS="" req dashnone GET /assets/nope.js
check "dashboard: an unknown asset is 404" code_is dashnone 404
if [ "$(cat "$T/dashjs.code")" = 200 ]; then # built with the bundle (node)
  curl -s -H 'Accept-Encoding: gzip' -D "$T/gz.h" -o "$T/gz.body" "$(url /assets/app.js)"
  check "dashboard: app.js to a gzip client is gzip, the same file unzipped" \
    sh -c "grep -qi '^Content-Encoding: gzip' '$T/gz.h' && gunzip -c '$T/gz.body' | cmp -s - '$T/dashjs.json'"
  check "dashboard: app.js is text/javascript" header_has dashjs 'Content-Type: text/javascript'
fi
AS="" req dashroot GET /nope
check "dashboard: / is exact (no route /nope)" code_is dashroot 404
AS="ho_not_a_token" req badtok GET /v1/leads/a@x.com
check "auth: an unknown token is 401" code_is badtok 401
# the wrong scope of each route: ingest on the reads, read on the ingestion
scope_ok=1
for r in $ROUTES; do
  if [ "${r%%:*}" = GET ]; then wrong=$TOK_INGEST need=read; else wrong=$TOK_READ need=ingest; fi
  case "$r" in *:*/actions | *:*/retry) wrong=$TOK_READ need=write ;; esac # write: read and ingest are wrong
  AS=$wrong req wrong "${r%%:*}" "${r#*:}" --data-binary '{}'
  code_is wrong 403 && js wrong 'd["status"]==403 and "'$need'" in d["detail"]' ||
    { scope_ok=0; echo "no 403: $r" >&2; }
done
check "auth: every route answers 403 to a token of the wrong scope" test $scope_ok = 1
AS=$TOK_ADMIN req adm GET /v1/reports/funnel
AS=$TOK_READ req rd GET /metrics
check "auth: admin and read tokens may read" test "$(cat "$T/adm.code")$(cat "$T/rd.code")" = 200200
AS="" req nobig POST /v1/events --data-binary @"$T/big.body"
check "auth: 401 before the body is read (not 413)" code_is nobig 401
MSG='{"messageId":"seg-wk1","userId":"u3@x.com","event":"Signed Up","timestamp":"2026-03-03T10:00:00Z"}'
AS="" req basic POST /v1/track -u "$TOK_INGEST:" --data-binary "$MSG"
check "auth: a Segment write key as the Basic auth user (an ingest token)" js basic 'd=={"success":True}'
AS="" req wkbody POST /v1/track \
  --data-binary '{"writeKey":"'"$TOK_INGEST"'","messageId":"seg-wk2","userId":"u3@x.com","event":"Signed Up","timestamp":"2026-03-03T10:00:00Z"}'
check "auth: writeKey in the body" js wkbody 'd=={"success":True}'
AS="" req wkbad POST /v1/track \
  --data-binary '{"writeKey":"nope","messageId":"seg-wk3","userId":"u3@x.com","event":"Signed Up","timestamp":"2026-03-03T10:00:00Z"}'
check "auth: a wrong writeKey is 401 with Segment's fields" \
  js wkbad 'd["status"]==401 and d["success"] is False and d["code"]=="unauthorized"'
"$H" token revoke --db "$T/a.db" "$("$H" token list --db "$T/a.db" | awk '$2=="read"{print $1}')" 2> /dev/null
sleep 1.1
AS=$TOK_READ req revoked GET /metrics
check "auth: a revoked token is refused within a second, without a restart" code_is revoked 401

check "SIGTERM: exit 0" stop
ids "$T/a.db" > "$T/a_ids.txt"
all_stored() {
  for i in "$@"; do grep -qx -- "$i" "$T/a_ids.txt" || return 1; done
}
check "after restart: every acknowledged event is stored" all_stored e1 e2 seg-t1 seg-i1 seg-b1 seg-b3 seg-wk1 seg-wk2 seg-gz1 seg-gz2 zl1
check "nothing of a rejected or refused request is stored" \
  test -z "$(grep -E '^(e3|bad1|big-|seg-x|seg-big|seg-wk3|bomb)' "$T/a_ids.txt")"
check "a duplicate messageId is stored once" test "$(grep -cx seg-t1 "$T/a_ids.txt")" = 1

# --- Segment: the recorded analytics.js and RudderStack messages through
# the single routes and /v1/batch equal `import --from segment` of them.
"$H" init --db "$T/seg.db" > /dev/null 2>&1
WK=$(token "$T/seg.db" ingest)
"$H" init --db "$T/segref.db" > /dev/null 2>&1
# a batch whose context (UTM campaign) goes to the message without one, by
# hand: ctx.jsonl is what the messages mean, envelope.json how they are sent
python3 - "$T" << 'PY'
import json, sys
t = sys.argv[1]
ctx = {"campaign": {"source": "google", "medium": "cpc", "name": "spring-launch"}}
own = {"campaign": {"source": "linkedin", "medium": "paid_social", "name": "abm"}}
m1 = {"type": "identify", "messageId": "ctx-1", "userId": "ctx1@x.com", "timestamp": "2026-03-05T10:00:00Z"}
m2 = {"type": "identify", "messageId": "ctx-2", "userId": "ctx2@x.com", "timestamp": "2026-03-05T10:00:00Z",
      "context": own}
open(t + "/envelope.json", "w").write(json.dumps({"context": ctx, "batch": [m1, m2]}))
with open(t + "/ctx.jsonl", "w") as f:
    f.write(json.dumps(dict(m1, context=ctx)) + "\n" + json.dumps(m2) + "\n")
PY
"$H" import --db "$T/segref.db" --from segment "$SEGFIX/analytics_js.jsonl" "$SEGFIX/rudderstack_js.jsonl" "$T/ctx.jsonl" > /dev/null 2>&1
start "$T/seg.db"
python3 - "$PORT" "$SEGFIX/analytics_js.jsonl" "$SEGFIX/rudderstack_js.jsonl" "$WK" "$T/envelope.json" > "$T/seg_post.txt" << 'PY'
import base64, http.client, json, sys
port = int(sys.argv[1])
basic = "Basic " + base64.b64encode((sys.argv[4] + ":").encode()).decode()
def post(path, body):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request("POST", path, body.encode(), {"Content-Type": "text/plain", "Authorization": basic})
    r = c.getresponse()
    return r.status, json.loads(r.read())
# analytics.js: each message to its own route (one-letter aliases)
for line in open(sys.argv[2]):
    if line.strip():
        m = json.loads(line)
        print(*post("/v1/" + m["type"][0], line))
# RudderStack: one batch
msgs = [json.loads(l) for l in open(sys.argv[3]) if l.strip()]
print(*post("/v1/batch", json.dumps({"batch": msgs})))
# the batch with an envelope context
print(*post("/v1/b", open(sys.argv[5]).read()))
PY
check "segment fixtures: every request answered 200 success, nothing rejected" \
  test "$(grep -c "^200 .*'success': True" "$T/seg_post.txt")" = 8 -a \
  -z "$(grep "'rejected': [1-9]" "$T/seg_post.txt")"
check "segment fixtures: SIGTERM exit 0" stop
check "segment fixtures: the state equals import --from segment" \
  cmp -s <(dump "$T/segref.db") <(dump "$T/seg.db")
check "segment batch context: the message without one took the envelope's campaign" \
  test "$(sqlite3 "$T/seg.db" "SELECT channel FROM leads WHERE lead = 'ctx1@x.com'")" = \
  "$(sqlite3 "$T/segref.db" "SELECT channel FROM leads WHERE lead = 'ctx1@x.com'")" -a \
  "$(sqlite3 "$T/seg.db" "SELECT channel FROM leads WHERE lead = 'ctx1@x.com'")" != \
  "$(sqlite3 "$T/seg.db" "SELECT channel FROM leads WHERE lead = 'ctx2@x.com'")"

# --- concurrent clients: 4 threads, disjoint shares, 50 events a request
"$H" demo-data --leads 60 --out "$T/ev.jsonl" > /dev/null 2>&1
"$H" init --db "$T/conc.db" > /dev/null 2>&1
export HO_TOKEN=$(token "$T/conc.db" ingest)
"$H" init --db "$T/ref.db" > /dev/null 2>&1
"$H" import --db "$T/ref.db" "$T/ev.jsonl" > /dev/null 2>&1
start "$T/conc.db"
check "concurrent clients: every request 200, every event accepted" \
  client post "$PORT" "$T/ev.jsonl" 4 50
check "concurrent clients: SIGTERM exit 0" stop
# Routing is decided when a commit finds a lead at mql (README: "Routing is a
# decision made when it is made"), so commits of other sizes may route other
# journeys (tests/integration/test_split_import.sh): the state equals the
# import's apart from the routing columns and the assign events routing wrote,
# and rebuild reproduces the served state exactly.
no_routing() { dump "$1" | sed -E 's/\|(rep|pool|assigned_at)=[^|]*//g'; }
check "concurrent clients: the state equals an import of the same file (but routing)" \
  cmp -s <(no_routing "$T/ref.db") <(no_routing "$T/conc.db")
check "concurrent clients: every event stored once" \
  cmp -s <(ids "$T/ref.db" | grep -v '^route:' | sort) <(ids "$T/conc.db" | grep -v '^route:' | sort)
dump "$T/conc.db" > "$T/conc_state.txt"
"$H" rebuild --db "$T/conc.db" > /dev/null 2>&1
check "concurrent clients: rebuild reproduces the served state" \
  cmp -s "$T/conc_state.txt" <(dump "$T/conc.db")

# --- SIGTERM in the middle of a load: every 2xx'd event is there after
"$H" init --db "$T/load.db" > /dev/null 2>&1
export HO_TOKEN=$(token "$T/load.db" ingest)
start "$T/load.db"
client load "$PORT" "$T/ev.jsonl" "$T/acked.txt" &
LOADER=$!
sleep 0.7
check "SIGTERM mid-load: exit 0" stop
wait "$LOADER"
check "SIGTERM mid-load: some events were acknowledged" test -s "$T/acked.txt"
check "SIGTERM mid-load: every acknowledged event is stored" \
  test -z "$(comm -23 <(sort "$T/acked.txt") <(ids "$T/load.db" | sort))"
dump "$T/load.db" > "$T/load_before.txt"
"$H" rebuild --db "$T/load.db" > /dev/null 2>&1
check "SIGTERM mid-load: the state equals a rebuild of the log" \
  cmp -s "$T/load_before.txt" <(dump "$T/load.db")

# --- kill -9 right after a 2xx
"$H" init --db "$T/kill.db" > /dev/null 2>&1
TOKEN=$(token "$T/kill.db" write)
start "$T/kill.db"
req k1 POST /v1/events \
  --data-binary '{"id":"k1","ts":"2026-03-01T10:00:00Z","type":"form_submit","lead":"k@x.com","props":{"form":"demo"}}'
kill -9 "$PID"
wait "$PID" 2> /dev/null
PID=""
check "kill -9: the request had been answered 200" code_is k1 200
check "kill -9 right after a 2xx: the event is stored" stored "$T/kill.db" k1
start "$T/kill.db"
req k1lead GET /v1/leads/k@x.com
check "kill -9: after restart the lead is served" js k1lead 'd["lead"]=="k@x.com"'
# the CLI on the database the server holds: its import is seen by the
# server (the same id is a duplicate) and by its reads
echo '{"id":"cli1","ts":"2026-03-01T11:00:00Z","type":"page_view","lead":"k@x.com"}' > "$T/cli.jsonl"
"$H" import --db "$T/kill.db" "$T/cli.jsonl" > /dev/null 2>&1
check "CLI import while serving: exit 0" test $? -eq 0
req cli1 POST /v1/events --data-binary "$(cat "$T/cli.jsonl")"
check "CLI import while serving: the server takes its id for a duplicate" \
  js cli1 'd["results"]==[{"index":0,"id":"cli1","status":"duplicate"}]'
req clilead GET /v1/leads/k@x.com
check "CLI import while serving: the server's reads see it" js clilead 'd["as_of"]=="2026-03-01T11:00:00Z"'
stop
check "CLI import while serving: every id stored once" test -z "$(ids "$T/kill.db" | sort | uniq -d)"
dump "$T/kill.db" > "$T/kill_state.txt"
"$H" rebuild --db "$T/kill.db" > /dev/null 2>&1
check "CLI import while serving: the state equals a rebuild" cmp -s "$T/kill_state.txt" <(dump "$T/kill.db")

# --- definitions: --defs at start, SIGHUP with a broken file (the old ones
# keep serving), SIGHUP with a new version, another process activating some
"$H" init --db "$T/d.db" > /dev/null 2>&1
TOKEN=$(token "$T/d.db" write)
# each version differs in content too (a version number is bound to its
# content's hash: the same content under another number is refused)
cp "$SRC/examples/definitions.yaml" "$T/defs.yaml"
sed -i -e 's/^version: 1$/version: 2/' -e 's/utm_medium: \[partner\]/utm_medium: [partner, p2]/' "$T/defs.yaml"
PORT=$(client port)
"$H" serve --db "$T/d.db" --defs "$T/defs.yaml" --listen "127.0.0.1:$PORT" 2> "$T/d.log" &
PID=$!
for _ in $(seq 200); do curl -sf "$(url /livez)" > /dev/null && break; sleep 0.05; done
req d1 POST /v1/events --data-binary '{"id":"d1","ts":"2026-03-01T10:00:00Z","type":"page_view","lead":"d@x.com"}'
req dv GET /v1/leads/d@x.com
check "--defs: the file is active from the start" js dv 'd["definitions_version"]==2'
req defs GET /v1/definitions
check "GET /v1/definitions: the active version, sign-offs and text" python3 - "$T/defs.json" "$T/defs.yaml" << 'PY'
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if d["version"] == 2 and d["text"] == open(sys.argv[2]).read()
         and d["marketing"]["signed"] == "2026-01-05" and d["sales"]["signed"] == "2026-01-06" else 1)
PY
printf 'rules:\n  - [broken\n' >> "$T/defs.yaml"
kill -HUP "$PID"
sleep 0.5
check "SIGHUP with a broken file: its located error in the log" grep -q "defs.yaml:[0-9]*:[0-9]*: YAML syntax error" "$T/d.log"
check "SIGHUP with a broken file: rejected, said so" grep -q 'definitions rejected; the old ones keep serving' "$T/d.log"
req d2 POST /v1/events --data-binary '{"id":"d2","ts":"2026-03-01T11:00:00Z","type":"page_view","lead":"d@x.com"}'
req dv2 GET /v1/leads/d@x.com
check "SIGHUP with a broken file: the old definitions keep serving" \
  test "$(cat "$T/d2.code")" = 200 -a "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["definitions_version"])' "$T/dv2.json")" = 2
cp "$SRC/examples/definitions.yaml" "$T/defs.yaml"
sed -i -e 's/^version: 1$/version: 3/' -e 's/utm_medium: \[partner\]/utm_medium: [partner, p3]/' "$T/defs.yaml"
kill -HUP "$PID"
sleep 0.5
check "SIGHUP with a good file: reloaded" grep -q 'definitions reloaded" version=3 changed=true' "$T/d.log"
req dv3 GET /v1/leads/d@x.com
check "SIGHUP with a good file: the new version serves" js dv3 'd["definitions_version"]==3'
# another process activates version 4: the server's next commit finds it,
# stores nothing, reopens its engine on it and stores the group again
sed -i -e 's/^version: 3$/version: 4/' -e 's/partner, p3\]/partner, p4]/' "$T/defs.yaml"
echo '{"id":"cli-d","ts":"2026-03-01T12:00:00Z","type":"page_view","lead":"d@x.com"}' > "$T/d_cli.jsonl"
"$H" import --db "$T/d.db" --defs "$T/defs.yaml" "$T/d_cli.jsonl" > /dev/null 2>&1
E3='{"id":"d3","ts":"2026-03-01T13:00:00Z","type":"page_view","lead":"d@x.com"}'
req d3 POST /v1/events --data-binary "$E3"
check "definitions activated by another process: the next request is stored all the same" \
  js d3 'd["accepted"]==1'
check "definitions activated by another process: the reload is logged" \
  grep -q 'level=info msg="reloaded the active definitions: another process activated them" version=4' "$T/d.log"
req dv4 GET /v1/leads/d@x.com
check "definitions activated by another process: the server serves them" js dv4 'd["definitions_version"]==4'
stop
check "definitions: every acknowledged event is stored once" \
  test "$(ids "$T/d.db" | grep -E '^(d1|d2|d3|cli-d)$' | sort | uniq | wc -l)" = 4
dump "$T/d.db" > "$T/d_state.txt"
"$H" rebuild --db "$T/d.db" > /dev/null 2>&1
check "definitions: the state equals a rebuild" cmp -s "$T/d_state.txt" <(dump "$T/d.db")

# --- GET /v1/queue on the sales fixture (values worked out by hand in
# tests/fixtures/sales/README.md, as tests/integration/test_sales_side.sh)
SFX=$SRC/tests/fixtures/sales
"$H" import --db "$T/s.db" --defs "$SFX/definitions.yaml" "$SFX/events.jsonl" > /dev/null 2>&1
TOKEN=$(token "$T/s.db" read)
start "$T/s.db"
AT=2026-03-11T14:20:00Z
req queue GET "/v1/queue?at=$AT"
check "GET /v1/queue?at=: the 7 running clocks, oldest first (d@big.io)" \
  js queue 'len(d)==7 and d[0]["lead"]=="d@big.io" and [x["started"] for x in d]==sorted(x["started"] for x in d)'
req qb GET "/v1/queue?at=$AT&breached"
check "GET /v1/queue?breached: d's two clocks and e's 5-minute one" \
  js qb 'sorted((x["lead"],x["sla"]) for x in d)==[("d@big.io","accept"),("d@big.io","first_touch"),("e@acme.io","first_touch")]'
req qk GET "/v1/queue?at=$AT&rep=kim"
check "GET /v1/queue?rep=kim: d's two clocks and b's accept clock" \
  js qk 'sorted((x["lead"],x["sla"]) for x in d)==[("b@beta.io","accept"),("d@big.io","accept"),("d@big.io","first_touch")]'
req qbad GET "/v1/queue?at=yesterday"
check "GET /v1/queue?at=bad: 400" js qbad 'd["status"]==400 and "yesterday" in d["detail"]'
stop

echo "test_serve: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
