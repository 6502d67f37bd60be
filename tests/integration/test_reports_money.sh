#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The money side end to end: report dispositions, stages, pipeline (with
# imported spend) and closed-won on a hand-worked fixture, JSON against CSV,
# and import-spend's handling of bad rows.  Every expected value is worked
# out by hand in tests/fixtures/reports/money_README.md.
# Usage: test_reports_money.sh HANDOFF_BINARY SOURCE_DIR
set -uo pipefail
H=$1
SRC=$2
FX=$SRC/tests/fixtures/reports
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
py() { python3 - "$@"; }
AT=2026-04-10T00:00:00Z
DB=$T/m.db

"$H" import --db "$DB" --defs "$FX/money_definitions.yaml" "$FX/money_events.jsonl" 2> "$T/import.txt"
check "the fixture imports" test $? -eq 0

# ---- dispositions ----
"$H" report dispositions --db "$DB" --json > "$T/disp.json"
"$H" report dispositions --db "$DB" --csv > "$T/disp.csv"
check "dispositions: 8 journeys, not_icp 2/8 first, categories with what they tell marketing" \
  py "$T/disp.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
g = r["groups"]
assert r["by"] == "all" and len(g) == 1 and g[0]["group"] == "all", r
g = g[0]
assert g["total"] == 8, g["total"]
top = g["reasons"][0]
assert (top["reason"], top["category"], top["count"], top["disqualified"]) == ("not_icp", "bad_fit", 2, 2)
assert top["share"] == {"num": 2, "den": 8, "pct": 25.0}, top["share"]
reasons = {x["reason"]: x for x in g["reasons"]}
assert set(reasons) == {"not_icp", "bad_data", "bad_timing", "competitor", "no_response",
                        "over_scored", None}, reasons.keys()
assert g["reasons"][-1]["reason"] is None                      # no code given: last
assert reasons["competitor"]["category"] == "uncategorized"    # a disqualify rule's reason
assert reasons[None]["category"] == "uncategorized" and reasons[None]["disqualified"] == 1
assert reasons["over_scored"]["category"] == "bad_scoring"
assert all(x["share"]["num"] == 1 and x["share"]["pct"] == 12.5
           for k, x in reasons.items() if k != "not_icp")
cats = [(c["category"], c["count"]) for c in g["categories"]]
assert cats == [("bad_fit", 2), ("uncategorized", 2), ("bad_data", 1), ("bad_scoring", 1),
                ("bad_timing", 1), ("no_response", 1)], cats
imp = {c["category"]: c["implication"] for c in g["categories"]}
assert imp["bad_fit"].startswith("targeting") and imp["bad_timing"].startswith("nurture")
assert imp["bad_data"].startswith("forms/enrichment")
assert imp["bad_scoring"].startswith("scoring rules")
assert imp["no_response"].startswith("speed or channel")
PY
check "dispositions: CSV agrees with JSON" py "$T/disp.json" "$T/disp.csv" <<'PY'
import csv, json, sys
g = json.load(open(sys.argv[1]))["groups"][0]
rows = list(csv.DictReader(open(sys.argv[2])))
want = set()
for x in g["reasons"]:
    want.add(("reason", x["reason"] or "", x["category"], x["count"], x["share"]["den"], x["share"]["pct"],
              x["implication"]))
for x in g["categories"]:
    want.add(("category", "", x["category"], x["count"], x["share"]["den"], x["share"]["pct"],
              x["implication"]))
got = {(r["section"], r["reason"], r["category"], int(r["count"]), int(r["share_den"]),
        float(r["share_pct"]), r["implication"]) for r in rows}
assert got == want and len(rows) == len(want), (got ^ want)
PY
"$H" report dispositions --db "$DB" --by rep --json > "$T/disp_rep.json"
check "dispositions by rep: sam 4 (not_icp 2/4), kim 3, none 1" py "$T/disp_rep.json" <<'PY'
import json, sys
g = {x["group"]: x for x in json.load(open(sys.argv[1]))["groups"]}
got = {k: v["total"] for k, v in g.items()}
assert got == {"sam": 4, "kim": 3, "(none)": 1}, got
s = g["sam"]["reasons"][0]
assert (s["reason"], s["count"], s["share"]["num"], s["share"]["den"]) == ("not_icp", 2, 2, 4)
assert {x["reason"] for x in g["kim"]["reasons"]} == {"bad_data", "over_scored", None}
assert g["(none)"]["reasons"][0]["reason"] == "competitor"
PY
"$H" report dispositions --db "$DB" --by channel --from 2026-03-01 --to 2026-04-01 --json > "$T/disp_ch.json"
check "dispositions by channel in March: paid_search O, M, K and (none) G" py "$T/disp_ch.json" <<'PY'
import json, sys
g = {x["group"]: x for x in json.load(open(sys.argv[1]))["groups"]}
assert {k: v["total"] for k, v in g.items()} == {"paid_search": 3, "(none)": 1}, g
assert {x["reason"] for x in g["paid_search"]["reasons"]} == {"not_icp", "competitor", "over_scored"}
assert g["(none)"]["reasons"][0]["reason"] == "no_response"
PY

# ---- time in stage ----
"$H" report stages --db "$DB" --at $AT --json > "$T/stages.json"
"$H" report stages --db "$DB" --at $AT --csv > "$T/stages.csv"
check "stages: median and p90 per stage, contact rate 4/15, MQL aging 6/15" py "$T/stages.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
g = r["groups"][0]
H = 3600 * 1000
st = {s["stage"]: s for s in g["stages"]}
want = {"mql": (15, 13, 24, 240), "sal": (3, 3, 48, 72), "sql": (6, 6, 168, 384),
        "opportunity": (6, 4, 792, 960)}
for name, (entered, left, med, p90) in want.items():
    s = st[name]
    got = (s["entered"], s["left"], s["median_ms"], s["p90_ms"], s["median_hours"], s["p90_hours"])
    assert got == (entered, left, med * H, p90 * H, med, p90), (name, got)
assert g["mqls"] == 15
assert g["contact_rate"] == {"num": 4, "den": 15, "pct": 26.67}, g["contact_rate"]
a = g["mql_aging"]
assert (a["late"], a["untouched"], a["waiting"]) == (2, 4, 0), a
assert (a["aged"]["num"], a["aged"]["den"]) == (6, 15), a
assert r["at"] == "2026-04-10T00:00:00Z" and r["aging_hours"] == 24.0
PY
check "stages: CSV agrees with JSON" py "$T/stages.json" "$T/stages.csv" <<'PY'
import csv, json, sys
g = json.load(open(sys.argv[1]))["groups"][0]
rows = list(csv.DictReader(open(sys.argv[2])))
assert len(rows) == 6, len(rows)
for s in g["stages"]:
    r = next(x for x in rows if x["metric"] == "time_in_stage" and x["stage"] == s["stage"])
    assert (int(r["entered"]), int(r["left"]), int(r["median_ms"]), int(r["p90_ms"]),
            float(r["median_hours"]), float(r["p90_hours"])) == \
        (s["entered"], s["left"], s["median_ms"], s["p90_ms"], s["median_hours"], s["p90_hours"]), r
c = next(x for x in rows if x["metric"] == "contact_rate")
assert (int(c["num"]), int(c["den"]), float(c["pct"])) == \
    (g["contact_rate"]["num"], g["contact_rate"]["den"], g["contact_rate"]["pct"])
a = next(x for x in rows if x["metric"] == "mql_aging")
m = g["mql_aging"]
assert (int(a["num"]), int(a["den"]), int(a["late"]), int(a["untouched"]), int(a["waiting"])) == \
    (m["aged"]["num"], m["aged"]["den"], m["late"], m["untouched"], m["waiting"])
PY
"$H" report stages --db "$DB" --at 2026-03-28T12:00:00Z --json > "$T/stages_early.json"
check "stages: an MQL 2 h old at --at is waiting, not aged" py "$T/stages_early.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))["groups"][0]["mql_aging"]
assert (a["late"], a["untouched"], a["waiting"], a["aged"]["num"]) == (2, 3, 1, 5), a
PY

# ---- spend ----
"$H" import-spend --db "$DB" "$FX/money_spend.csv" 2> "$T/spend1.txt"
check "import-spend of a clean file exits 0" test $? -eq 0
"$H" import-spend --db "$DB" "$FX/money_spend_update.csv" 2> "$T/spend2.txt"
check "re-importing a channel and month (CRLF file) exits 0" test $? -eq 0
check "re-importing a channel and month replaces its amount" py "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
got = db.execute("SELECT amount FROM spend WHERE channel = 'paid_search' AND month = '2026-03'").fetchall()
assert got == [(6000.0,)], got
assert db.execute("SELECT count(*) FROM spend").fetchone() == (6,)
PY

# ---- pipeline ----
"$H" report pipeline --db "$DB" --at $AT --gross-margin 75 --json > "$T/pipe.json"
"$H" report pipeline --db "$DB" --at $AT --gross-margin 75 --csv > "$T/pipe.csv"
check "pipeline: qualified 132000 of 172000 (stretch), win 3/4, velocity, SQLs, LVR" py "$T/pipe.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
g = r["groups"][0]
want = {"opportunities": 6, "opportunities_without_amount": 1, "qualified_opportunities": 5,
        "qualified_pipeline": 132000.0, "all_pipeline": 172000.0, "share_tier": "stretch",
        "won": 3, "lost": 1, "won_with_amount": 3, "won_amount": 100000.0,
        "average_deal": 33333.33, "sales_cycles": 3, "average_cycle_days": 31.33,
        "open_opportunities": 2, "open_amount": 60000.0, "velocity_per_day": 1595.74,
        "sqls": 6, "sqls_per_month": 1.5}
bad = {k: (g[k], v) for k, v in want.items() if g[k] != v}
assert not bad, bad
assert g["marketing_share"] == {"num": 132000.0, "den": 172000.0, "pct": 76.74}, g["marketing_share"]
assert g["win_rate"] == {"num": 3, "den": 4, "pct": 75.0}
assert g["lead_velocity"] == {"month": "2026-03", "mqls": 9, "previous_month": "2026-02",
                              "previous_mqls": 3, "pct": 200.0}, g["lead_velocity"]
# April had not ended at --at 2026-04-10: marked incomplete
assert r["sqls_by_month"] == [{"month": "2026-01", "sqls": 2, "incomplete": False},
                              {"month": "2026-02", "sqls": 1, "incomplete": False},
                              {"month": "2026-03", "sqls": 3, "incomplete": False},
                              {"month": "2026-04", "sqls": 0, "incomplete": True}], r["sqls_by_month"]
assert r["as_of"] == "2026-04-10T00:00:00Z"
PY
check "pipeline: cost per MQL and SQL, MER, CAC and payback per channel; n/a for zero SQLs" \
  py "$T/pipe.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["spend"]
assert s["gross_margin_pct"] == 75.0
c = {x["channel"]: x for x in s["channels"]}
assert [x["channel"] for x in s["channels"]] == ["event", "paid_search", "paid_social", "webinar"]
def row(x):
    return tuple(x[k] for k in ("spend", "mqls", "sqls", "customers", "cost_per_mql", "cost_per_sql",
                                "efficiency_ratio", "cac", "payback_months"))
want = {
    "event": (2000.0, 0, 0, 0, None, None, None, None, None),
    "paid_search": (12000.0, 8, 2, 1, 1500.0, 6000.0, 0.142857142857143, 12000.0, 8.0),
    "paid_social": (500.0, 1, 0, 0, 500.0, None, None, None, None),
    "webinar": (1800.0, 2, 1, 0, 900.0, 1800.0, 0.15, None, None),   # B's January: no spend
}
for k, v in want.items():
    assert row(c[k]) == v, (k, row(c[k]), v)
assert c["paid_search"]["qualified_pipeline"] == 84000.0 and c["paid_search"]["monthly_revenue"] == 2000.0
t = s["total"]
assert row(t) == (16300.0, 11, 3, 3, 1481.82, 5433.33, 0.123484848484848, 5433.33, 2.77), row(t)
m = {(k, x["month"]): (x["spend"], x["mqls"], x["sqls"], x["cost_per_mql"], x["cost_per_sql"])
     for k, ch in c.items() for x in ch["months"]}
assert m == {("event", "2026-03"): (2000.0, 0, 0, None, None),
             ("paid_search", "2026-01"): (3000.0, 1, 1, 3000.0, 3000.0),
             ("paid_search", "2026-02"): (3000.0, 2, 0, 1500.0, None),
             ("paid_search", "2026-03"): (6000.0, 5, 1, 1200.0, 6000.0),
             ("paid_social", "2026-01"): (500.0, 1, 0, 500.0, None),
             ("webinar", "2026-03"): (1800.0, 2, 1, 900.0, 1800.0)}, m
assert s["cost_basis"].startswith("cohort: each month's spend over the marketing-sourced MQLs")
assert "months" not in t
assert t["monthly_revenue"] == 2611.11 and t["qualified_pipeline"] == 132000.0
PY
check "pipeline: CSV is the JSON, figure by figure" py "$T/pipe.json" "$T/pipe.csv" <<'PY'
import csv, json, sys
r = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2])))
def flat(obj, prefix=""):
    for k, v in obj.items():
        p = prefix + "." + k if prefix else k
        if isinstance(v, dict):
            yield from flat(v, p)
        else:
            yield p, v
def norm(v):
    if v is None:
        return None
    if isinstance(v, (int, float)):
        return float(v)
    return v
want = set()
for g in r["groups"]:
    key = g["group"]
    want |= {("group", key, m, norm(v)) for m, v in flat(g) if m != "group"}
for m in r["sqls_by_month"]:
    want.add(("month", m["month"], "sqls", float(m["sqls"])))
    want.add(("month", m["month"], "incomplete", "true" if m["incomplete"] else "false"))
want.add(("spend", "all", "gross_margin_pct", norm(r["spend"]["gross_margin_pct"])))
want.add(("spend", "all", "cost_basis", r["spend"]["cost_basis"]))
for c in r["spend"]["channels"]:
    want |= {("channel", c["channel"], m, norm(v)) for m, v in flat(c) if m not in ("channel", "months")}
    for x in c["months"]:
        key = c["channel"] + "/" + x["month"]
        want |= {("channel_month", key, m, norm(v)) for m, v in flat(x) if m != "month"}
want |= {("total", "all", m, norm(v)) for m, v in flat(r["spend"]["total"]) if m != "channel"}
def val(s):
    if s == "":
        return None
    try:
        return float(s)
    except ValueError:
        return s
got = {(x["section"], x["key"], x["metric"], val(x["value"])) for x in rows}
assert got == want and len(rows) == len(want), sorted(got ^ want, key=str)
PY
"$H" report pipeline --db "$DB" --at $AT --from 2026-03-01 --to 2026-04-01 --gross-margin 75 --json > "$T/pipe_mar.json"
check "pipeline for March: 3 opportunities, open at 04-01, 3 SQLs in one month, paid_search costs" \
  py "$T/pipe_mar.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
g = r["groups"][0]
got = (g["opportunities"], g["qualified_pipeline"], g["all_pipeline"], g["share_tier"], g["won"],
       g["lost"], g["open_opportunities"], g["velocity_per_day"], g["sqls"], g["sqls_per_month"])
assert got == (3, 96000.0, 96000.0, "stretch", 3, 1, 2, 1595.74, 3, 3.0), got
assert r["as_of"] == "2026-04-01T00:00:00Z"
assert r["sqls_by_month"] == [{"month": "2026-03", "sqls": 3, "incomplete": False}]
c = {x["channel"]: x for x in r["spend"]["channels"]}
assert set(c) == {"event", "paid_search", "webinar"}, c.keys()   # paid_social spent in January
p = c["paid_search"]
got = (p["spend"], p["mqls"], p["cost_per_mql"], p["sqls"], p["cost_per_sql"], p["efficiency_ratio"],
       p["customers"], p["cac"], p["payback_months"])
assert got == (6000.0, 5, 1200.0, 1, 6000.0, 0.1, 1, 6000.0, 4.0), got
PY
"$H" report pipeline --db "$DB" --at $AT > "$T/pipe.txt"
check "pipeline table: n/a for what cannot be computed, rates as num/den" \
  sh -c "grep -q '^event .* n/a' '$T/pipe.txt' && grep -q 'win rate *3/4 (75.0%)' '$T/pipe.txt'"
"$H" report pipeline --db "$DB" --at $AT --from 2027-01-01 --to 2027-02-01 --json > "$T/pipe_empty.json"
check "pipeline for an empty period: nulls, not zeros or errors" py "$T/pipe_empty.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
g = r["groups"][0]
assert g["opportunities"] == 0 and g["marketing_share"]["pct"] is None and g["share_tier"] == "n/a"
assert g["win_rate"] == {"num": 0, "den": 0, "pct": None}
assert g["average_deal"] is None and g["velocity_per_day"] is None
assert r["spend"] is None
PY
"$H" report pipeline --db "$DB" --gross-margin 0 > /dev/null 2>&1
check "--gross-margin 0 is a usage error" test $? -eq 2

"$H" rebuild --db "$DB" 2> /dev/null
"$H" report pipeline --db "$DB" --at $AT --gross-margin 75 --json > "$T/pipe_rebuilt.json"
check "rebuild keeps the imported spend and the same pipeline" cmp -s "$T/pipe.json" "$T/pipe_rebuilt.json"

# ---- closed-won ----
"$H" report closed-won --db "$DB" --json > "$T/cw.json"
"$H" report closed-won --db "$DB" --csv > "$T/cw.csv"
check "closed-won: 2 won of 15 MQLs, shares and lifts per attribute" py "$T/cw.json" <<'PY'
import json, sys
g = json.load(open(sys.argv[1]))["groups"][0]
assert (g["won"], g["mqls"]) == (2, 15), g
a = {x["attribute"]: {v["value"]: v for v in x["values"]} for x in g["attributes"]}
SET = "all:demo_request+senior_title+size_50_500"
assert list(a) == ["channel", "mql_rule", "first_contact", "fit:senior_title", "fit:size_50_500",
                   "fit:saas", "fit:north_america", "criterion:min_score", "criterion:" + SET,
                   "segment"], list(a)
def chk(attr, value, won, all_, lift):
    v = a[attr][value]
    got = (v["won"]["num"], v["won"]["den"], v["all"]["num"], v["all"]["den"], v["lift"])
    assert got == (won, 2, all_, 15, lift), (attr, value, got)
chk("channel", "organic_search", 1, 1, 7.5)
chk("channel", "paid_search", 1, 8, 0.94)
chk("channel", "(none)", 0, 1, 0.0)
chk("mql_rule", "min_score", 2, 14, 1.07)
chk("mql_rule", "all:demo_request+senior_title+size_50_500", 0, 1, 0.0)
chk("first_contact", "<=5m", 2, 5, 3.0)
chk("first_contact", "never", 0, 4, 0.0)
chk("fit:senior_title", "held", 2, 15, 1.0)
chk("fit:size_50_500", "held", 2, 9, 1.67)
chk("fit:size_50_500", "not held", 0, 6, 0.0)
chk("fit:saas", "held", 2, 14, 1.07)
chk("fit:north_america", "held", 2, 10, 1.5)
chk("criterion:min_score", "held", 2, 14, 1.07)
chk("criterion:" + SET, "held", 2, 9, 1.67)      # every MQL of a 50-500 account: H credited, 8 more
chk("segment", "50-199", 2, 6, 2.5)
chk("segment", "500-999", 0, 4, 0.0)
assert next(iter(a["channel"])) == "organic_search"     # highest lift first
PY
check "closed-won: CSV agrees with JSON" py "$T/cw.json" "$T/cw.csv" <<'PY'
import csv, json, sys
g = json.load(open(sys.argv[1]))["groups"][0]
want = []
for x in g["attributes"]:
    for v in x["values"]:
        want.append((g["group"], x["attribute"], v["value"], v["won"]["num"], v["won"]["den"],
                     v["won"]["pct"], v["all"]["num"], v["all"]["den"], v["all"]["pct"], v["lift"]))
got = [(r["group"], r["attribute"], r["value"], int(r["won_num"]), int(r["won_den"]),
        float(r["won_pct"]), int(r["all_num"]), int(r["all_den"]), float(r["all_pct"]),
        float(r["lift"])) for r in csv.DictReader(open(sys.argv[2]))]
assert got == want, [w for w in zip(got, want) if w[0] != w[1]]
PY

# ---- import-spend: bad rows ----
"$H" import --db "$T/b.db" --defs "$FX/money_definitions.yaml" "$FX/money_events.jsonl" 2> /dev/null
"$H" import-spend --db "$T/b.db" "$FX/money_spend_bad.csv" 2> "$T/bad.txt"
check "import-spend with bad rows exits 3" test $? -eq 3
check "each bad row is reported as file:line: reason" py "$T/bad.txt" "$FX/money_spend_bad.csv" <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines()
f = sys.argv[2]
want = [f + ":3: unknown channel 'tiktok'", f + ":4: month '2026-13'", f + ":5: amount '-5'",
        f + ":6: expected 3 fields"]
for w in want:
    assert any(l.startswith(w) for l in lines), (w, lines)
assert sum(1 for l in lines if l.startswith(f + ":")) == 4, lines
assert "imported 2 spend rows (4 rejected)" in lines[-1], lines
PY
check "the good rows of a file with bad rows are kept (quoted fields too)" py "$T/b.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
got = db.execute("SELECT channel, month, amount FROM spend ORDER BY channel").fetchall()
assert got == [("email", "2026-04", 250.5), ("paid_search", "2026-04", 1000.0)], got
PY
"$H" import-spend --db "$T/b.db" "$FX/money_spend_bad_header.csv" 2> "$T/badh.txt"
check "a wrong header exits 3" test $? -eq 3
check "a wrong header is reported at line 1 and nothing is imported" py "$T/badh.txt" "$T/b.db" <<'PY'
import sqlite3, sys
text = open(sys.argv[1]).read()
assert "money_spend_bad_header.csv:1: the header must name the columns channel,month,amount" in text, text
assert sqlite3.connect(sys.argv[2]).execute("SELECT count(*) FROM spend").fetchone() == (2,)
PY

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
