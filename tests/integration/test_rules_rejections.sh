#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Dispositions feed the loop (issue 14 item 6): `report rules` counts, per
# rule, the MQLs sales rejected with a reason of category bad_fit or
# bad_scoring, and flags a rule whose MQLs were mostly (more than half, from
# 5 journeys on) rejected so.
# Usage: test_rules_rejections.sh HANDOFF_BINARY SOURCE_DIR
set -uo pipefail
H=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Nine VP leads of one SaaS account of 100 in the US (fit 35) request a demo
# (+30: MQL at 65, or 50 with the careers page's -15).  Leads 1-5 viewed the
# careers page first.  Outcomes: 1, 2, 7 not_icp (bad_fit), 3 over_scored
# (bad_scoring), 4 bad_timing, 5, 6, 8, 9 sales_qualify.
#   careers_page: 5 MQLs (1-5), bad_fit 2 + bad_scoring 1 = 3 > 5/2: flagged.
#   senior_title: 9 MQLs, bad_fit 3 + bad_scoring 1 = 4, not > 9/2: not flagged.
python3 - "$T/events.jsonl" <<'PY'
import json, sys
out = [{"id": "g", "ts": "2026-03-01T09:00:00Z", "type": "group", "account": "acme.io",
        "traits": {"employees": 100, "industry": "saas", "country": "US"}}]
outcome = {1: "not_icp", 2: "not_icp", 3: "over_scored", 4: "bad_timing", 7: "not_icp"}
for i in range(1, 10):
    lead = f"r{i}@acme.io"
    day = f"2026-03-{i + 1:02d}"
    out.append({"id": f"{i}-id", "ts": f"{day}T09:00:00Z", "type": "identify", "lead": lead,
                "account": "acme.io", "traits": {"title": "VP Sales"}})
    if i <= 5:
        out.append({"id": f"{i}-c", "ts": f"{day}T09:30:00Z", "type": "page_view", "lead": lead,
                    "props": {"path": "/careers/jobs"}})
    out.append({"id": f"{i}-d", "ts": f"{day}T10:00:00Z", "type": "form_submit", "lead": lead,
                "props": {"form": "demo"}})
    if i in outcome:
        out.append({"id": f"{i}-o", "ts": f"{day}T12:00:00Z", "type": "sales_reject", "lead": lead,
                    "props": {"reason": outcome[i]}})
    else:
        out.append({"id": f"{i}-o", "ts": f"{day}T12:00:00Z", "type": "sales_qualify", "lead": lead})
with open(sys.argv[1], "w") as f:
    for e in out:
        f.write(json.dumps(e) + "\n")
PY
DB=$T/r.db
"$H" import --db "$DB" --defs "$SRC/tests/fixtures/reports/as_of/definitions.yaml" "$T/events.jsonl" \
  2> "$T/import.err"
check "the fixture imports" test $? -eq 0
"$H" report rules --db "$DB" --json > "$T/rules.json"
check "JSON: careers_page 5 MQLs, 2 bad_fit + 1 bad_scoring, flagged; senior_title 9, 3 + 1, not" \
  python3 - "$T/rules.json" <<'PY'
import json, sys
r = {x["rule"]: x for x in json.load(open(sys.argv[1]))["rules"]}
c, s, d = r["careers_page"], r["senior_title"], r["demo_request"]
assert c["sql"]["den"] == 5 and c["sql"]["num"] == 1, c
assert (c["rejected_bad_fit"], c["rejected_bad_scoring"], c["mostly_rejected"]) == (2, 1, True), c
assert s["sql"]["den"] == 9, s
assert (s["rejected_bad_fit"], s["rejected_bad_scoring"], s["mostly_rejected"]) == (3, 1, False), s
assert (d["rejected_bad_fit"], d["rejected_bad_scoring"]) == (3, 1), d
assert d["mostly_rejected"] is False, d
PY
"$H" report rules --db "$DB" > "$T/rules.txt"
check "table: the flagged rule is named with its counts" \
  grep -q "flagged: careers_page: 3 of its 5 MQLs rejected as bad_fit (2) or bad_scoring (1): .*despite the penalty" "$T/rules.txt"
check "table: no other rule is flagged" test "$(grep -c '^flagged:' "$T/rules.txt")" -eq 1

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
