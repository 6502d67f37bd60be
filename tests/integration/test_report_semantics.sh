#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Report semantics (issue 12): one as-of time across the reports and
# explain, incomplete months, the minimum count, the marketing efficiency
# ratio's precision, account scores at the as-of time, cost per MQL/SQL by
# cohort and every MQL criterion that held.  Every expected value is worked
# out by hand in tests/fixtures/reports/<fixture>/README.md.
# Usage: test_report_semantics.sh HANDOFF_BINARY SOURCE_DIR
set -uo pipefail
H=$1
SRC=$2
FX=$SRC/tests/fixtures/reports
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
py() { python3 - "$@"; }

# ---- as of (fixture as_of) ----
DB=$T/a.db
"$H" import --db "$DB" --defs "$FX/as_of/definitions.yaml" "$FX/as_of/events.jsonl" 2> /dev/null
check "as_of: the fixture imports" test $? -eq 0
"$H" report pipeline --db "$DB" --json > "$T/pipe.json"
check "as_of: pipeline measures to the latest event; LVR of September 50%" py "$T/pipe.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["as_of"] == "2026-10-20T12:00:00Z", r["as_of"]
lv = r["groups"][0]["lead_velocity"]
assert lv == {"month": "2026-09", "mqls": 3, "previous_month": "2026-08", "previous_mqls": 2,
              "pct": 50.0}, lv
assert r["sqls_by_month"] == [{"month": "2026-10", "sqls": 1, "incomplete": True}], r["sqls_by_month"]
PY
"$H" report pipeline --db "$DB" > "$T/pipe.txt"
check "as_of: pipeline table marks October incomplete and names the last complete month" \
  sh -c "grep -q 'SQLs by month: 2026-10 1 (incomplete)' '$T/pipe.txt' &&
         grep -q 'lead velocity rate *50.00% (last complete month, MQLs 2026-09: 3, 2026-08: 2)' '$T/pipe.txt'"
"$H" report funnel --db "$DB" --json > "$T/funnel.json"
"$H" report funnel --db "$DB" --csv > "$T/funnel.csv"
"$H" report funnel --db "$DB" > "$T/funnel.txt"
check "as_of: funnel marks only the October cohort incomplete (JSON, CSV, table)" \
  py "$T/funnel.json" "$T/funnel.csv" "$T/funnel.txt" <<'PY'
import csv, json, sys
r = json.load(open(sys.argv[1]))
assert r["as_of"] == "2026-10-20T12:00:00Z"
got = [(c["cohort"], c["counts"]["mql"], c["incomplete"]) for c in r["cohorts"]]
assert got == [("2026-08", 2, False), ("2026-09", 3, False), ("2026-10", 1, True)], got
assert "incomplete" in r["cohorts"][2]["diagnosis"]
rows = list(csv.DictReader(open(sys.argv[2])))
assert [(x["cohort"], x["incomplete"]) for x in rows] == \
    [("2026-08", "false"), ("2026-09", "false"), ("2026-10", "true")], rows
lines = [l for l in open(sys.argv[3]) if l.startswith("2026-")]
assert [("(incomplete)" in l) for l in lines] == [False, False, True], lines
PY
"$H" report top --db "$DB" --json > "$T/top.json"
check "as_of: top marks October incomplete" py "$T/top.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))["months"]
assert [(x["month"], x["leads"], x["incomplete"]) for x in m] == \
    [("2026-08", 2, False), ("2026-09", 3, False), ("2026-10", 1, True)], m
PY
"$H" report sla --db "$DB" --json > "$T/sla.json"
"$H" report stages --db "$DB" --json > "$T/stages.json"
"$H" report accounts --db "$DB" --json > "$T/acc.json"
check "as_of: sla, stages and accounts are measured to the same time" \
  py "$T/sla.json" "$T/stages.json" "$T/acc.json" <<'PY'
import json, sys
a, b, c = (json.load(open(f)) for f in sys.argv[1:4])
assert (a["as_of"], b["at"], c["as_of"]) == ("2026-10-20T12:00:00Z",) * 3, (a["as_of"], b["at"], c["as_of"])
PY
"$H" explain a1@acme.io --db "$DB" --json > "$T/a1.json"
check "as_of: explain without --at decays a1's demo to the data's as-of time (5.17)" py "$T/a1.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["as_of"] == "2026-10-20T12:00:00Z", r["as_of"]
s = r["score"]
assert abs(s["behavior"] - 5.17) < 0.005 and abs(s["total"] - 40.17) < 0.005, s
assert r["stage"] == "mql"
PY
"$H" report pipeline --db "$DB" --at 2026-09-30T00:00:00Z --json > "$T/pipe_at.json"
"$H" report funnel --db "$DB" --at 2026-09-30T00:00:00Z --json > "$T/funnel_at.json"
check "as_of: --at moves the as-of time (LVR of August n/a; September incomplete)" \
  py "$T/pipe_at.json" "$T/funnel_at.json" <<'PY'
import json, sys
p, f = (json.load(open(x)) for x in sys.argv[1:3])
lv = p["groups"][0]["lead_velocity"]
assert (lv["month"], lv["mqls"], lv["previous_mqls"], lv["pct"]) == ("2026-08", 2, 0, None), lv
assert [(c["cohort"], c["incomplete"]) for c in f["cohorts"]] == \
    [("2026-08", False), ("2026-09", True), ("2026-10", True)], f["cohorts"]
PY

# ---- minimum count (fixture min_journeys) ----
check "min_journeys: default 30, no tier or verdict from 1-3 journeys" py "$T/funnel.json" <<'PY'
import json, sys
c = {x["cohort"]: x for x in json.load(open(sys.argv[1]))["cohorts"]}
assert [c[k]["tier"] for k in ("2026-08", "2026-09", "2026-10")] == \
    ["too few journeys (2)", "too few journeys (3)", "too few journeys (1)"], c
assert c["2026-08"]["diagnosis"] == "MQL->SQL too few journeys to judge (2)", c["2026-08"]["diagnosis"]
assert c["2026-09"]["diagnosis"].startswith(
    "MQL->SQL too few journeys to judge (3); SQL->Opportunity too few journeys to judge (1)"), c["2026-09"]
PY
check "min_journeys: the CSV and table say too few journeys too" \
  sh -c "grep -q '^2026-09,.*,too few journeys (3),MQL->SQL too few journeys to judge (3);' '$T/funnel.csv' &&
         grep -q '^2026-09 .* too few journeys (3)' '$T/funnel.txt'"
MJ=$FX/min_journeys
"$H" import --db "$T/m3.db" --defs "$MJ/definitions_min3.yaml" "$FX/as_of/events.jsonl" 2> /dev/null
"$H" report funnel --db "$T/m3.db" --json > "$T/m3.json"
check "min_journeys: 3 judges September's 1/3 (good), not August's 2 journeys" py "$T/m3.json" <<'PY'
import json, sys
c = {x["cohort"]: x for x in json.load(open(sys.argv[1]))["cohorts"]}
assert c["2026-09"]["tier"] == "good" and c["2026-08"]["tier"] == "too few journeys (2)", c
assert c["2026-09"]["diagnosis"].startswith("SQL->Opportunity too few journeys to judge (1)"), c["2026-09"]
PY
"$H" defs check "$MJ/definitions_bad.yaml" > "$T/bad.txt" 2>&1
check "min_journeys: a negative count is a definitions error with its position" \
  sh -c "test $? -eq 1 && grep -q 'definitions_bad.yaml:59:17: .min_journeys. must be a whole number from 0' '$T/bad.txt'"

# ---- marketing efficiency ratio (fixture cost) ----
CDB=$T/c.db
"$H" import --db "$CDB" --defs "$FX/as_of/definitions.yaml" "$FX/cost/events.jsonl" 2> /dev/null
"$H" import-spend --db "$CDB" "$FX/cost/spend.csv" 2> /dev/null
check "cost: the fixture and its spend import" test $? -eq 0
SEPT="--from 2026-09-01 --to 2026-10-01"
"$H" report pipeline --db "$CDB" $SEPT --json > "$T/c_sep.json"
"$H" report pipeline --db "$CDB" $SEPT --csv > "$T/c_sep.csv"
"$H" report pipeline --db "$CDB" $SEPT > "$T/c_sep.txt"
check "mer: 400/15000 keeps 15 significant digits in JSON and CSV, 3 in the table" \
  py "$T/c_sep.json" "$T/c_sep.csv" "$T/c_sep.txt" <<'PY'
import csv, json, sys
s = json.load(open(sys.argv[1]))["spend"]
want = float("%.15g" % (400 / 15000))
assert s["channels"][0]["efficiency_ratio"] == want and s["total"]["efficiency_ratio"] == want, s
assert '"efficiency_ratio": 0.0266666666666667' in open(sys.argv[1]).read()
rows = [r for r in csv.DictReader(open(sys.argv[2])) if r["metric"] == "efficiency_ratio"]
assert [(r["section"], r["value"]) for r in rows] == \
    [("channel", "0.0266666666666667"), ("total", "0.0266666666666667")], rows
table = [l.split() for l in open(sys.argv[3]) if l.startswith(("paid_search", "total"))]
table = [l for l in table if len(l) >= 10]   # the channel rows, not the cohort months
assert len(table) == 2 and all("0.0267" in l for l in table), table
PY
check "cost: September's cost per MQL 200 and per SQL 400 (its cohort: p3, p4; SQL p4)" \
  py "$T/c_sep.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["spend"]
c, t = s["channels"][0], s["total"]
for x in (c, t):
    assert (x["spend"], x["mqls"], x["sqls"], x["cost_per_mql"], x["cost_per_sql"]) == \
        (400.0, 2, 1, 200.0, 400.0), x
assert s["cost_basis"].startswith("cohort: each month's spend over the marketing-sourced MQLs")
PY
"$H" report pipeline --db "$CDB" --json > "$T/c_all.json"
"$H" report pipeline --db "$CDB" > "$T/c_all.txt"
check "cost: per cohort month (08: 500/500, 09: 200/400), blended 1400/4 = 350, 1400/3 = 466.67" \
  py "$T/c_all.json" "$T/c_all.txt" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["spend"]
c, t = s["channels"][0], s["total"]
months = [(m["month"], m["spend"], m["mqls"], m["sqls"], m["cost_per_mql"], m["cost_per_sql"])
          for m in c["months"]]
assert months == [("2026-08", 1000.0, 2, 2, 500.0, 500.0),
                  ("2026-09", 400.0, 2, 1, 200.0, 400.0)], months
for x in (c, t):
    assert (x["spend"], x["mqls"], x["sqls"], x["cost_per_mql"], x["cost_per_sql"]) == \
        (1400.0, 4, 3, 350.0, 466.67), x
text = open(sys.argv[2]).read()
assert "Cost per MQL/SQL by cohort" in text and "sales-sourced journeys" in text, text
PY
check "as_of: an opportunity created at the data's latest event is open as of it" py "$T/c_all.json" <<'PY'
import json, sys
g = json.load(open(sys.argv[1]))["groups"][0]
assert (g["open_opportunities"], g["open_amount"]) == (1, 15000.0), g
PY

# ---- account scores at the as-of time (fixture accounts_as_of) ----
QDB=$T/q.db
"$H" import --db "$QDB" --defs "$FX/as_of/definitions.yaml" "$FX/accounts_as_of/events.jsonl" 2> /dev/null
"$H" report accounts --db "$QDB" --json > "$T/q.json"
"$H" report accounts --db "$QDB" --at 2026-03-04T10:00:00Z --json > "$T/q_mar.json"
check "accounts: quiet since March, as of May its score is decayed (49.85) and it is not qualified" \
  py "$T/q.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["as_of"] == "2026-05-20T10:00:00Z" and r["qualified"] == 0, r
a = {x["account"]: x for x in r["rows"]}
q = a["quiet.io"]
assert (q["behavior"], q["best_fit"], q["score"], q["engaged"], q["qualified"]) == \
    (14.85, 35.0, 49.85, 0, False), q
b = a["busy.io"]
assert (b["behavior"], b["score"], b["engaged"], b["qualified"]) == (30.0, 65.0, 1, False), b
PY
check "accounts: --at 2026-03-04 scores quiet.io then (122.96, qualified by both)" py "$T/q_mar.json" <<'PY'
import json, sys
a = {x["account"]: x for x in json.load(open(sys.argv[1]))["rows"]}
q = a["quiet.io"]
assert (q["behavior"], q["score"], q["engaged"], q["qualified"]) == (87.96, 122.96, 3, True), q
PY

# ---- every MQL criterion that held (fixture criteria) ----
RDB=$T/r.db
"$H" import --db "$RDB" --defs "$FX/as_of/definitions.yaml" "$FX/criteria/events.jsonl" 2> /dev/null
SET=all:demo_request+senior_title+size_50_500
"$H" report rules --db "$RDB" --json > "$T/r_rules.json"
"$H" report rules --db "$RDB" --csv > "$T/r_rules.csv"
"$H" report rules --db "$RDB" > "$T/r_rules.txt"
check "criteria: report rules counts each criterion credited and held (the set 1/1 and 2/3)" \
  py "$T/r_rules.json" "$T/r_rules.csv" "$T/r_rules.txt" "$SET" <<'PY'
import csv, json, sys
c = {x["criterion"]: x for x in json.load(open(sys.argv[1]))["criteria"]}
S = sys.argv[4]
R = lambda x: (x["num"], x["den"])
assert list(c) == ["min_score", S], list(c)
assert (R(c["min_score"]["credited"]), R(c["min_score"]["held"])) == ((2, 3), (2, 3)), c
assert (R(c[S]["credited"]), R(c[S]["held"])) == ((1, 1), (2, 3)), c
rows = {r["rule"]: r for r in csv.DictReader(open(sys.argv[2])) if r["kind"] == "criterion"}
assert (rows[S]["sql_num"], rows[S]["sql_den"], rows[S]["credited_num"], rows[S]["credited_den"]) == \
    ("2", "3", "1", "1"), rows[S]
line = next(l for l in open(sys.argv[3]) if l.startswith(S))
assert "1/1" in line and "2/3" in line, line
PY
"$H" report closed-won --db "$RDB" --json > "$T/r_cw.json"
check "criteria: closed-won shows the credited rule and every criterion that held" \
  py "$T/r_cw.json" "$SET" <<'PY'
import json, sys
g = json.load(open(sys.argv[1]))["groups"][0]
S = sys.argv[2]
assert (g["won"], g["mqls"]) == (2, 4), g
a = {x["attribute"]: {v["value"]: v for v in x["values"]} for x in g["attributes"]}
def chk(attr, value, won, all_, lift):
    v = a[attr][value]
    got = (v["won"]["num"], v["won"]["den"], v["all"]["num"], v["all"]["den"], v["lift"])
    assert got == (won, 2, all_, 4, lift), (attr, value, got)
chk("mql_rule", "min_score", 1, 3, 0.67)
chk("mql_rule", S, 1, 1, 2.0)
chk("criterion:min_score", "held", 1, 3, 0.67)
chk("criterion:" + S, "held", 2, 3, 1.33)
chk("criterion:" + S, "not held", 0, 1, 0.0)
PY

# ---- dispositions: the closed list (fixture dispositions) ----
DDB=$T/d.db
"$H" import --db "$DDB" --defs "$FX/as_of/definitions.yaml" "$FX/dispositions/events.jsonl" \
  2> "$T/d_import.txt"
check "dispositions: a nurture with a code off the closed list is rejected on import (exit 3)" \
  sh -c "test $? -eq 3 && grep -q \"dispositions/events.jsonl:9: nurture: unknown reason 'Not Interested'\" '$T/d_import.txt'"
"$H" report dispositions --db "$DDB" --json > "$T/d.json"
check "dispositions: only listed codes and journeys without a reason appear (no_budget, none)" \
  py "$T/d.json" <<'PY'
import json, sys
g = json.load(open(sys.argv[1]))["groups"][0]
got = [(x["reason"], x["category"], x["count"]) for x in g["reasons"]]
assert got == [("no_budget", "bad_timing", 1), (None, "uncategorized", 1)], got
imp = {c["category"]: c["implication"] for c in g["categories"]}
assert imp["uncategorized"].startswith("no sales reason"), imp
PY
"$H" report dispositions --help > "$T/d_help.txt"
check "dispositions --help: the closed list is enforced on import; CRM history maps through mapping:" \
  py "$T/d_help.txt" <<'PY'
import sys
text = " ".join(open(sys.argv[1]).read().split())
assert "Codes the definitions do not list are uncategorized" not in text, text
assert "import and the sales commands reject a sales_reject, nurture or disqualify" in text, text
assert "through the definitions' mapping: section" in text, text
PY

# ---- stages: nearest-rank percentiles (fixture stages) ----
SDB=$T/s.db
"$H" import --db "$SDB" --defs "$FX/as_of/definitions.yaml" "$FX/stages/events.jsonl" 2> /dev/null
"$H" report stages --db "$SDB" --json > "$T/s.json"
check "stages: MQL stays 1, 2, 3, 10 h: nearest-rank median 2 h, p90 10 h" py "$T/s.json" <<'PY'
import json, sys
st = {s["stage"]: s for s in json.load(open(sys.argv[1]))["groups"][0]["stages"]}
m = st["mql"]
assert (m["left"], m["median_hours"], m["p90_hours"]) == (4, 2.0, 10.0), m
PY
"$H" report stages --help > "$T/s_help.txt"
check "stages: --help and the README say the percentiles are nearest rank" \
  py "$T/s_help.txt" "$SRC/README.md" <<'PY'
import sys
help_text = " ".join(open(sys.argv[1]).read().split())
readme = " ".join(open(sys.argv[2]).read().split())
assert "Percentiles are nearest rank" in help_text, help_text
assert "nearest rank" in readme and "no interpolation" in readme
PY

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
