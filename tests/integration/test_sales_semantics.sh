#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Sales-side semantics (issue 12 §2): routing ties, business-day units,
# event-started SLAs, re-routing, the route decision in explain, `reps`.
# Every expected value is worked out by hand in
# tests/fixtures/sales_semantics/README.md.
# Usage: test_sales_semantics.sh HANDOFF_BINARY SOURCE_DIR
set -uo pipefail
H=$1
SRC=$2
FX=$SRC/tests/fixtures/sales_semantics
DEFS=$SRC/tests/fixtures/sales/definitions.yaml
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
py() { python3 - "$@"; }

"$H" import --db "$T/ties.db" --defs "$DEFS" "$FX/ties.jsonl" 2>/dev/null
check "same-second MQLs are routed in event-id order: zed (m1) -> sam, abe (m2) -> kim" \
  py "$T/ties.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
got = dict(db.execute("SELECT lead, rep FROM journeys"))
want = {"zed@one.io": "sam", "abe@two.io": "kim"}
print(got, file=sys.stderr) if got != want else None
sys.exit(0 if got == want else 1)
PY

"$H" defs check "$FX/definitions.yaml" > "$T/check.txt"
check "defs check states each SLA's window in business hours and working days" \
  sh -c "grep -qx '  SLA disposition from sal: within 50 business hours = 5 working days' '$T/check.txt' &&
         grep -qx '  SLA accept from mql: within 24 business hours = 2.4 working days' '$T/check.txt' &&
         grep -qx '  SLA first_touch from mql (when rule demo_request): within 5m 0s wall time' '$T/check.txt'"

"$H" import --db "$T/s.db" --defs "$FX/definitions.yaml" "$SRC/tests/fixtures/sales/events.jsonl" 2>/dev/null
"$H" explain a@acme.io --db "$T/s.db" --json > "$T/a.json"
check "within: 5d on a business clock is 5 working days: a's disposition runs out Wed 03-18 09:00 EDT" \
  py "$T/a.json" <<'PY'
import json, sys
s = {c["sla"]: c for c in json.load(open(sys.argv[1]))["sla"]}
d = s.get("disposition", {})
ok = d.get("within_minutes") == 3000.0 and d.get("deadline") == "2026-03-18T13:00:00Z"
print(d, file=sys.stderr) if not ok else None
sys.exit(0 if ok else 1)
PY
"$H" explain a@acme.io --db "$T/s.db" > "$T/a.txt"
check "explain shows business windows in business hours and working days" \
  grep -q 'within 50 business hours = 5 working days' "$T/a.txt"

"$H" import --db "$T/ev.db" --defs "$FX/definitions.yaml" "$FX/events.jsonl" 2>/dev/null
"$H" explain c@gamma.io --db "$T/ev.db" --at 2026-03-12T13:00:00Z --json > "$T/c.json"
check "a demo request from an MQL starts one 2-business-hour demo_response clock, breached by Thu 09:00" \
  py "$T/c.json" <<'PY'
import json, sys
dr = [c for c in json.load(open(sys.argv[1]))["sla"] if c["sla"] == "demo_response"]
ok = (len(dr) == 1 and dr[0]["started"] == "2026-03-11T20:00:00Z" and
      dr[0]["deadline"] == "2026-03-11T22:00:00Z" and dr[0]["status"] == "breached" and
      dr[0]["business_minutes"] == 180.0)
print(dr, file=sys.stderr) if not ok else None
sys.exit(0 if ok else 1)
PY
"$H" report sla --db "$T/ev.db" --at 2026-03-12T13:00:00Z --json > "$T/sla.json"
check "the demo request that made a lead an MQL starts no demo_response clock" py "$T/sla.json" <<'PY'
import json, sys
r = {s["sla"]: s for s in json.load(open(sys.argv[1]))["slas"]}
d = r.get("demo_response", {})
ok = (d.get("met"), d.get("breached"), d.get("open"), d.get("cancelled")) == (0, 1, 0, 0)
print(d, file=sys.stderr) if not ok else None
sys.exit(0 if ok else 1)
PY

"$H" import --db "$T/cap.db" --defs "$FX/capacity.yaml" "$FX/capacity.jsonl" 2>/dev/null
check "a lead left unassigned at capacity is re-routed, oldest first, when its rep frees up" \
  py "$T/cap.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
got = {l: (rep, at) for l, rep, at in db.execute("SELECT lead, rep, assigned_at FROM journeys")}
want = {"p@one.io": ("sam", 1773151200001), "q@two.io": ("sam", 1773234000000),  # 03-11T13:00Z
        "r@three.io": (None, 1773158400001)}
print(got, file=sys.stderr) if got != want else None
sys.exit(0 if got == want else 1)
PY
"$H" explain q@two.io --db "$T/cap.db" --json > "$T/q.json"
check "explain shows the route decisions: unassigned with sam at capacity, then re-routed to sam" \
  py "$T/q.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["routing"]
ok = (len(r) == 2 and r[0]["rep"] is None and r[0]["pool"] == "smb" and r[0]["rule"] == "2" and
      r[0]["skipped"] == "sam: at capacity (1 of 1)" and
      r[1]["at"] == "2026-03-11T13:00:00Z" and r[1]["rep"] == "sam" and
      r[1]["how"] == "weighted round robin" and
      r[1]["waited_since"] == "2026-03-10T15:00:00.001Z")
print(r, file=sys.stderr) if not ok else None
sys.exit(0 if ok else 1)
PY
"$H" explain q@two.io --db "$T/cap.db" > "$T/q.txt"
check "explain's Routing block names the rep passed over and why" \
  grep -q 'passed over: sam: at capacity (1 of 1)' "$T/q.txt"
"$H" import --db "$T/cap.db" "$FX/capacity2.jsonl" 2>/dev/null
check "a waiting lead of an earlier import is re-routed when the rep frees up in a later one" \
  py "$T/cap.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
got = db.execute("SELECT rep, assigned_at FROM journeys WHERE lead = 'r@three.io'").fetchone()
sys.exit(0 if got == ("sam", 1773324000000) else 1)  # 03-12T14:00Z
PY
python3 "$SRC/tests/integration/dump_state.py" "$T/cap.db" > "$T/cap1.txt"
"$H" rebuild --db "$T/cap.db" 2>/dev/null
python3 "$SRC/tests/integration/dump_state.py" "$T/cap.db" > "$T/cap2.txt"
check "rebuild replays the re-routes" cmp -s "$T/cap1.txt" "$T/cap2.txt"

"$H" import --db "$T/r.db" --defs "$SRC/tests/fixtures/sales/definitions.yaml" \
  "$SRC/tests/fixtures/sales/events.jsonl" 2>/dev/null
check "a lead unassigned because its only rep was away is re-routed at the start of her first day back" \
  py "$T/r.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
got = db.execute("SELECT rep, pool, assigned_at FROM journeys WHERE lead = 'd@big.io'").fetchone()
sys.exit(0 if got == ("kim", "enterprise", 1772859600000) else 1)  # 2026-03-07T05:00Z = 00:00 EST
PY
"$H" reps --db "$T/r.db" --at 2026-03-11T14:20:00Z --json > "$T/reps.json"
check "reps: open journeys vs capacity, SLA clocks open and breached, MQLs this ISO week" \
  py "$T/reps.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
got = {x["rep"]: (x["open_journeys"], x["capacity"], x["away_now"], x["sla_open"],
                  x["sla_breached"], x["mqls_this_week"]) for x in r["reps"]}
want = {"sam": (3, 40, False, 3, 1, 3), "kim": (2, 25, False, 1, 3, 1)}
kim = [x for x in r["reps"] if x["rep"] == "kim"][0]
ok = (got == want and r["week"] == "2026-W11" and r["week_start"] == "2026-03-09T04:00:00Z" and
      kim["away"] == [{"from": "2026-03-02", "to": "2026-03-06"}])
print(r, file=sys.stderr) if not ok else None
sys.exit(0 if ok else 1)
PY
"$H" reps --db "$T/r.db" --at 2026-03-04T16:00:00Z --csv > "$T/reps1.csv"
"$H" reps --db "$T/r.db" --at 2026-03-08T12:00:00Z --csv > "$T/reps2.csv"
check "reps: kim away on 03-04 with nothing open; on Sunday 03-08 she holds d, received that week" \
  py "$T/reps1.csv" "$T/reps2.csv" <<'PY'
import csv, sys
a = {r["rep"]: r for r in csv.DictReader(open(sys.argv[1]))}
b = {r["rep"]: r for r in csv.DictReader(open(sys.argv[2]))}
ok = ((a["kim"]["away_now"], a["kim"]["open_journeys"], a["kim"]["mqls_this_week"]) == ("true", "0", "0") and
      (b["kim"]["away_now"], b["kim"]["open_journeys"], b["kim"]["mqls_this_week"]) == ("false", "1", "1") and
      b["kim"]["away"] == "2026-03-02..2026-03-06" and b["sam"]["open_journeys"] == "0")
print(a, b, file=sys.stderr) if not ok else None
sys.exit(0 if ok else 1)
PY
"$H" reps --db "$T/r.db" --json --csv > /dev/null 2>&1
check "reps --json --csv is a usage error" test $? -eq 2
check "reps --help describes every column" sh -c "'$H' reps --help | grep -q 'MQLs week'"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
