#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Segment / RudderStack exports: import --from segment and detection, the
# recorded analytics.js and RudderStack JS payloads, and rejected records
# located by file:line with the good ones kept.  Working in
# tests/fixtures/segment/README.md.
# Usage: test_segment_import.sh HANDOFF_BINARY SOURCE_DIR
set -uo pipefail
H=$1
SRC=$2
FX=$SRC/tests/fixtures/segment
DEFS=$SRC/examples/definitions.yaml
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# field NAME of the explain JSON of lead $2 in db $1
field() {
  "$H" explain "$2" --db "$1" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$3"
}
top() {
  "$H" report top --db "$1" --json | python3 -c '
import json, sys
m = json.load(sys.stdin)["months"]
print(json.dumps([[x["month"], x["visitors"], x["visitor_lead"]["num"], x["leads"], x["lead_mql"]["num"]] for x in m]))'
}

"$H" import --db "$T/a.db" --defs "$DEFS" --from segment "$FX/analytics_js.jsonl" 2> "$T/a.err"
check "analytics.js export imports cleanly" test $? -eq 0
check "--from segment does not announce a detection" test "$(grep -c detected "$T/a.err")" -eq 0
check "ana is an MQL" test "$(field "$T/a.db" ana@acme.example stage)" = mql
check "ana's first touch is the cpc ad" test "$(field "$T/a.db" ana@acme.example channel)" = paid_search
check "the demo request's time is skew-corrected" \
  test "$(field "$T/a.db" ana@acme.example as_of)" = 2026-03-02T14:09:30Z
"$H" explain ana@acme.example --db "$T/a.db" --json > "$T/ana.json"
check "Demo Requested scores as a demo form; the visitor's pricing views are stitched" \
  python3 -c 'import json,sys
e = json.load(open(sys.argv[1]))
ev = {r["name"]: [x["id"] for x in r["events"]] for r in e["rules"]}
sys.exit(0 if ev["demo_request"] == ["ajs-next-0006"] and ev["pricing_repeat"] == ["ajs-next-0002", "ajs-next-0003"] else 1)' "$T/ana.json"

# No --from: detected from the first record, and said so.
"$H" import --db "$T/r.db" --defs "$DEFS" "$FX/rudderstack_js.jsonl" 2> "$T/r.err"
check "RudderStack export imports cleanly" test $? -eq 0
check "detection is announced" grep -q "rudderstack_js.jsonl: detected a Segment / RudderStack export" "$T/r.err"
check "bo stays a lead" test "$(field "$T/r.db" bo@beta.example stage)" = lead
check "bo's first touch is the newsletter" test "$(field "$T/r.db" bo@beta.example channel)" = email

"$H" import --db "$T/both.db" --defs "$DEFS" "$FX/analytics_js.jsonl" "$FX/rudderstack_js.jsonl" 2>/dev/null
check "both: 3 visitors all linked (alias too), 2 leads, 1 MQL" \
  test "$(top "$T/both.db")" = '[["2026-03", 3, 3, 2, 1]]'
"$H" import --db "$T/both.db" --from segment "$FX/rudderstack_js.jsonl" 2> "$T/again.err"
check "re-importing changes nothing (messageId is the id)" grep -q "imported 0 new events (6 duplicates skipped" "$T/again.err"

"$H" import --db "$T/bad.db" --defs "$DEFS" --from segment "$FX/bad.jsonl" 2> "$T/bad.err"
check "some rejected: exit status 3" test $? -eq 3
check "no messageId located" grep -q "bad.jsonl:2: missing field 'messageId'" "$T/bad.err"
check "bad timestamp located" grep -q "bad.jsonl:3: field 'timestamp': " "$T/bad.err"
check "track without event located" grep -q "bad.jsonl:4: track without 'event'" "$T/bad.err"
check "the good records are kept" grep -q "imported 2 new events (0 duplicates skipped, 3 rejected)" "$T/bad.err"

"$H" import --db "$T/x.db" --from hubspot-ish "$FX/bad.jsonl" 2> "$T/x.err"
check "an unknown --from is a usage error" test $? -eq 2

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
