# SPDX-License-Identifier: MIT
# tests/integration/alerts_lib.sh - sourced by test_alerts.sh and
# test_alerts_serve.sh (after lib.sh, with H, SRC, T and PIDS set): webhook
# receivers, definitions with a notify section, events that make an MQL,
# and checks of what the receivers logged.
SECRET=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
SECRET2=whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=

# receiver NAME PLAN [DOWN_SECONDS]: start one (webhook_receiver.py), its
# port in $PORT_NAME, its log $T/NAME.log
receiver() {
  python3 "$SRC/tests/integration/webhook_receiver.py" "$T/$1.port" "$T/$1.log" "$2" ${3:-} &
  PIDS+=($!)
  for _ in $(seq 100); do [ -f "$T/$1.port" ] && break; sleep 0.05; done
  printf -v "PORT_$1" '%s' "$(cat "$T/$1.port")"
  touch "$T/$1.log"
}
token() { "$H" token create --db "$1" --scope "$2" 2> /dev/null; }
count() { wc -l < "$T/$1.log" | tr -d ' '; }
sql() { python3 -c 'import sqlite3, sys
for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print("|".join(map(str, r)))' "$@"; }
# defs FILE REP_URL RETRY_FOR: the example definitions with sam's webhook at
# REP_URL, a team webhook and a Slack destination on the receivers
defs() {
  python3 - "$SRC/examples/definitions.yaml" "$1" "$2" "$3" "$SECRET" "$SECRET2" \
    "http://127.0.0.1:${PORT_team:-9}/team" "http://127.0.0.1:${PORT_slack:-9}/slack" "${4:-}" << 'PY'
import sys
src, out, rep_url, retry_for, secret, secret2, team, slack, extra = sys.argv[1:]
s = open(src).read()
s = s.replace("  - { id: sam, pools: [smb],             weight: 2, capacity: 40 }",
              '  - { id: sam, pools: [smb], weight: 2, capacity: 40, slack: U0123ABCD,'
              ' webhook: "%s", secret: %s }' % (rep_url, secret))
s = s.replace("  - { id: kim, pools: [smb, enterprise], weight: 1, capacity: 25,"
              " away: [2026-03-02, 2026-03-06] }",
              "  - { id: kim, pools: [enterprise], weight: 1, capacity: 25 }")
s += """
notify:
  destinations:
    team:  { webhook: "%s", secret: %s }
    sales: { slack: "%s" }
  fallback: team
  link: "https://handoff.example"
  backfill_age: 1h
  retry_for: %s
  subscriptions:
    - { event: lead.mql, to: [rep, sales] }
    - { event: lead.assigned, to: [team] }
""" % (team, secret2, slack, retry_for) + extra
open(out, "w").write(s)
PY
}
# events FILE LEAD MINUTES_AGO: identify + group + demo form that make LEAD an
# MQL (fit 10 + 10 + 10 + 5 = 35, behaviour demo_request 30: score 65)
events() {
  python3 - "$@" << 'PY'
import datetime, json, sys
out, lead, ago = sys.argv[1], sys.argv[2], float(sys.argv[3])
now = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=ago)
t = lambda m: (now - datetime.timedelta(minutes=m)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
acct = lead.split("@")[1]
ev = [{"id": lead + "-t", "ts": t(3), "type": "identify", "lead": lead, "traits": {"title": "VP Sales"}},
      {"id": lead + "-g", "ts": t(3), "type": "group", "lead": lead, "account": acct,
       "traits": {"employees": 120, "industry": "saas", "country": "US"}},
      {"id": lead + "-f", "ts": t(1), "type": "form_submit", "lead": lead, "props": {"form": "demo"}}]
open(out, "w").write("".join(json.dumps(e) + "\n" for e in ev))
PY
}
# verify LOG SECRET: every request of LOG carries a Standard Webhooks
# signature that Python's hmac computes the same, and webhook-id == body id
verify() {
  python3 - "$T/$1.log" "$2" << 'PY'
import base64, hashlib, hmac, json, sys
secret = base64.b64decode(sys.argv[2][len("whsec_"):])
reqs = [json.loads(l) for l in open(sys.argv[1])]
ok = bool(reqs)
for r in reqs:
    h = r["headers"]
    signed = "%s.%s.%s" % (h["webhook-id"], h["webhook-timestamp"], r["body"])
    want = "v1," + base64.b64encode(hmac.new(secret, signed.encode(), hashlib.sha256).digest()).decode()
    ok = ok and hmac.compare_digest(want, h["webhook-signature"])
    ok = ok and json.loads(r["body"])["id"] == h["webhook-id"]
sys.exit(0 if ok else 1)
PY
}
# types LOG: the body type of each request, one a line
types() { python3 -c "import json,sys
for l in open(sys.argv[1]): print(json.loads(json.loads(l)['body']).get('type', 'slack'))" "$T/$1.log"; }
# same_ids LOG: every request of LOG has the same webhook-id
same_ids() { test "$(python3 -c "import json,sys
print(len({json.loads(l)['headers']['webhook-id'] for l in open(sys.argv[1])}))" "$T/$1.log")" = 1; }
# req LOG N PYTHON-EXPR: the expression over r (request N of LOG, body in b) holds
req() {
  python3 -c "import json,sys; r=[json.loads(l) for l in open(sys.argv[1])][int(sys.argv[2])]
b=json.loads(r['body']); sys.exit(0 if ($3) else 1)" "$T/$1.log" "$2"
}

