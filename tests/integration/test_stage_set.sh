#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The stage set is the team's (issue 14 item 8): definitions without sal and
# with a meeting stage, on the hand-worked 10-lead fixture of
# tests/fixtures/stage_set (README.md there has the working): the funnel's
# stages, transitions, tier and diagnosis; flow, time in stage, SLA,
# explain, defs check / diff and backtest follow the set; the same events
# under the default set; and every bad stage set is a located error.
# Usage: test_stage_set.sh HANDOFF_BINARY SOURCE_DIR
set -uo pipefail
H=$(realpath "$1")
SRC=$2
FIX=$SRC/tests/fixtures/stage_set
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
DB=$T/s.db
rep() { "$H" report "$@" --db "$DB"; }
py() { python3 - "$@"; }

# ---- defs check ------------------------------------------------------------
"$H" defs check "$FIX/definitions.yaml" > "$T/check.txt" 2>&1
check "the fixture's definitions check (exit 0)" test $? -eq 0
check "defs check names the stage set" grep -qF \
  "  stages: mql, sql, meeting, opportunity, customer (no sal: sales_accept moves no stage) (meeting entered by meeting_booked)" \
  "$T/check.txt"

"$H" import --db "$DB" --defs "$FIX/definitions.yaml" "$FIX/events.jsonl" 2> "$T/import.txt"
check "the fixture imports without rejections" test $? -eq 0
check "42 events, 10 leads, 10 journeys" grep -q \
  "imported 42 new events (0 duplicates skipped, 0 rejected); 10 leads updated, 10 journeys" "$T/import.txt"

# ---- the funnel (README: stage counts, transition rates, tier) -------------
rep funnel --period all --json > "$T/f.json"
check "funnel JSON: the counts of mql, sql, meeting, opportunity, customer (no sal)" py "$T/f.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["cohorts"]
assert len(c) == 1, c
assert list(c[0]["counts"].items()) == [("mql", 9), ("sql", 7), ("meeting", 6),
                                        ("opportunity", 4), ("customer", 1)], c[0]["counts"]
PY
check "funnel JSON: the transitions of the set, each num/den" py "$T/f.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["cohorts"][0]["rates"]
got = [(k, v["num"], v["den"], v["pct"]) for k, v in r.items()]
assert got == [("mql_sql", 7, 9, 77.78), ("sql_meeting", 5, 7, 71.43),
               ("meeting_opportunity", 4, 6, 66.67), ("sql_opportunity", 3, 7, 42.86),
               ("opportunity_customer", 1, 4, 25.0)], got
PY
check "funnel JSON: tier best-in-class, the diagnosis, median 1.08 days" py "$T/f.json" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))
c = f["cohorts"][0]
assert c["tier"] == "best-in-class", c["tier"]
assert c["diagnosis"] == ("MQL->SQL 77.8% > 40%: MQL bar may be too strict — good leads may be "
                          "held back in marketing; SQL->Opportunity 42.9% < 50%: SQL criteria too "
                          "loose, or discovery calls not converting"), c["diagnosis"]
assert f["median_mql_sql_days"] == 1.08, f["median_mql_sql_days"]
assert c["mature"] is True
PY
rep funnel --period all --csv > "$T/f.csv"
check "funnel CSV: the set's columns" test "$(head -1 "$T/f.csv")" = \
  "cohort,channel,mature,incomplete,mql,sql,meeting,opportunity,customer,mql_sql_num,mql_sql_den,mql_sql_pct,sql_meeting_num,sql_meeting_den,sql_meeting_pct,meeting_opportunity_num,meeting_opportunity_den,meeting_opportunity_pct,sql_opportunity_num,sql_opportunity_den,sql_opportunity_pct,opportunity_customer_num,opportunity_customer_den,opportunity_customer_pct,tier,diagnosis"
check "funnel CSV: the row" grep -q "^all,all,true,false,9,7,6,4,1,7,9,77.78,5,7,71.43,4,6,66.67,3,7,42.86,1,4,25.00,best-in-class," "$T/f.csv"
rep funnel --period all > "$T/f.txt"
check "funnel table: the set's columns" grep -q \
  "^cohort   channel             mql     sql meeting     opp     won  mql>sql  sql>mtg  mtg>opp  sql>opp  opp>won  tier$" "$T/f.txt"
check "funnel table: the row" grep -q \
  "^all      all                   9       7       6       4       1    77.8%    71.4%    66.7%    42.9%    25.0%  best-in-class$" "$T/f.txt"
check "funnel table: no sal anywhere" bash -c "! grep -q 'sal' '$T/f.txt'"
rep funnel --json > "$T/month.json"
check "by month: one cohort 2026-01 with the same counts" py "$T/month.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["cohorts"]
assert [x["cohort"] for x in c] == ["2026-01"], c
assert c[0]["counts"] == {"mql": 9, "sql": 7, "meeting": 6, "opportunity": 4, "customer": 1}
PY

# ---- flow, time in stage, SLA, explain ------------------------------------
rep funnel --flow --window 90d --json > "$T/flow.json"
check "flow: entries of the set's stages (sql 6: l9 skipped it)" py "$T/flow.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))["total"]
assert t["entries"] == {"mql": 9, "sql": 6, "meeting": 6, "opportunity": 4, "customer": 1}, t
assert list(t["rates"]) == ["mql_sql", "sql_meeting", "meeting_opportunity", "sql_opportunity",
                            "opportunity_customer"], list(t["rates"])
assert (t["rates"]["sql_meeting"]["num"], t["rates"]["sql_meeting"]["den"]) == (6, 6)
PY
rep stages --json > "$T/stages.json"
check "time in stage: mql, sql, meeting, opportunity; meeting median 7 d, p90 11 d 19 h" py "$T/stages.json" <<'PY'
import json, sys
st = json.load(open(sys.argv[1]))["groups"][0]["stages"]
assert [s["stage"] for s in st] == ["mql", "sql", "meeting", "opportunity"], st
m = st[2]
day = 86400000
assert (m["entered"], m["left"]) == (6, 4), m
assert m["median_ms"] == 7 * day and m["p90_ms"] == 11 * day + 19 * 3600000, m
PY
rep sla --json > "$T/sla.json"
check "SLA: book_meeting met 3, breached 2, cancelled 1; accept met 8, breached 1" py "$T/sla.json" <<'PY'
import json, sys
s = {x["sla"]: (x["met"], x["breached"], x["open"], x["cancelled"])
     for x in json.load(open(sys.argv[1]))["slas"]}
assert s == {"accept": (8, 1, 0, 0), "book_meeting": (3, 2, 0, 1)}, s
PY
"$H" explain l7@a.io --db "$DB" --json > "$T/l7.json"
check "explain: an accept with sal off enters no stage, and stops the accept clock" py "$T/l7.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
j = d["journeys"][0]
assert list(j["stages"]) == ["mql", "disqualified"], j["stages"]
c = [x for x in d["sla"] if x["sla"] == "accept"][0]
assert (c["stopped"], c["status"]) == ("2026-01-12T12:00:00Z", "met"), c  # the sales_accept
PY
"$H" explain l9@a.io --db "$DB" --json > "$T/l9.json"
check "explain: a meeting booked from mql skips sql" py "$T/l9.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))["journeys"][0]
assert list(j["stages"]) == ["mql", "meeting"], j["stages"]
PY
"$H" rebuild --db "$DB" 2> /dev/null
rep funnel --period all --json > "$T/f2.json"
check "a rebuild gives the same funnel (the store keeps meeting entries)" cmp -s "$T/f.json" "$T/f2.json"

# ---- the CLI's sales actions under the set --------------------------------
cp "$DB" "$T/act.db"
out=$("$H" meeting l6@a.io --db "$T/act.db" --at 2026-03-02T13:00:00Z 2>&1)
check "handoff meeting: an SQL enters meeting ($out)" test "$out" = "l6@a.io: meeting (journey 1)"
out=$("$H" accept l8@a.io --db "$T/act.db" --at 2026-03-02T14:00:00Z 2>&1)
check "handoff accept with sal off: the MQL stays an MQL ($out)" test "$out" = "l8@a.io: mql (journey 1)"
"$H" report funnel --period all --json --db "$T/act.db" > "$T/act.json"
check "after the actions: meeting 7, still no sal" py "$T/act.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["cohorts"][0]["counts"]
assert c == {"mql": 9, "sql": 7, "meeting": 7, "opportunity": 4, "customer": 1}, c
PY

# ---- the default stage set on the same events ------------------------------
sed -e '/^  sal: false/d' -e '/^  meeting: { requires/d' -e '/sql_meeting:\|meeting_opportunity:/d' \
  "$FIX/definitions.yaml" > "$T/default.yaml"
"$H" import --db "$T/d.db" --defs "$T/default.yaml" "$FIX/events.jsonl" 2> /dev/null
"$H" report funnel --period all --json --db "$T/d.db" > "$T/d.json"
check "default set: sal counted, meeting_booked a touch, no meeting key" py "$T/d.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["cohorts"][0]
assert c["counts"] == {"mql": 9, "sal": 7, "sql": 6, "opportunity": 4, "customer": 1}, c["counts"]
assert list(c["rates"]) == ["mql_sal", "sal_sql", "mql_sql", "sql_opportunity",
                            "opportunity_customer"], list(c["rates"])
r = c["rates"]
assert (r["mql_sal"]["num"], r["mql_sal"]["den"]) == (7, 9)
assert (r["mql_sql"]["num"], r["mql_sql"]["den"]) == (6, 9)
assert (r["sql_opportunity"]["num"], r["sql_opportunity"]["den"]) == (3, 6)
PY
out=$("$H" meeting l8@a.io --db "$T/d.db" --at 2026-03-02T13:00:00Z 2>&1)
check "default set: handoff meeting is a touch ($out)" test "$out" = "l8@a.io: mql (journey 1)"
"$H" defs check "$T/default.yaml" > "$T/dcheck.txt" 2>&1
check "default set: defs check prints no stages line" bash -c "! grep -q '^  stages:' '$T/dcheck.txt'"

# ---- defs diff and backtest -----------------------------------------------
"$H" defs diff "$T/default.yaml" "$FIX/definitions.yaml" > "$T/diff.txt"
check "defs diff: the stage-set change first, in words" test "$(head -1 "$T/diff.txt")" = \
  "stage set: mql, sal, sql, opportunity, customer → mql, sql, meeting, opportunity, customer"
check "defs diff: then the stages fields" grep -qx "stages.meeting added: { requires: meeting_booked }" "$T/diff.txt"
"$H" defs diff --json "$T/default.yaml" "$T/default.yaml" > "$T/diff0.json"
check "defs diff: no stage-set line when the set is the same" bash -c "! grep -q 'stage set' '$T/diff0.json'"
"$H" backtest "$FIX/definitions.yaml" --db "$T/d.db" > "$T/bt.txt"
check "backtest names both stage sets" grep -qx \
  "  stage set: active mql, sal, sql, opportunity, customer; candidate mql, sql, meeting, opportunity, customer" "$T/bt.txt"
"$H" backtest "$FIX/definitions.yaml" --db "$T/d.db" --json > "$T/bt.json"
check "backtest JSON: stage_sets" py "$T/bt.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["stage_sets"]
assert s == {"active": ["mql", "sal", "sql", "opportunity", "customer"],
             "candidate": ["mql", "sql", "meeting", "opportunity", "customer"]}, s
PY
"$H" backtest "$T/default.yaml" --db "$T/d.db" --json > "$T/bt0.json"
check "backtest JSON: no stage_sets when the set is the same" bash -c "! grep -q stage_sets '$T/bt0.json'"

# ---- bad stage sets: located errors, nothing imported ----------------------
bad() { # NAME SED-EXPRESSION EXPECTED-TEXT
  sed -e "$2" "$FIX/definitions.yaml" > "$T/$1.yaml"
  "$H" defs check "$T/$1.yaml" > "$T/$1.txt" 2>&1
  local rc=$?
  check "$1: refused (exit 1)" test $rc -eq 1
  check "$1: $3" grep -qF "$3" "$T/$1.txt"
}
bad sla_from_sal 's/from: sql, until: meeting_booked/from: sal, until: meeting_booked/' \
  "$T/sla_from_sal.yaml:29:33: 'from: sal' names a stage these definitions turn off (stages: sal: false) — start it from mql or sql, or remove sal: false"
bad meeting_off '/^  meeting: { requires/d; s/from: sql, until: meeting_booked/from: meeting, until: opportunity_created/' \
  "$T/meeting_off.yaml:28:33: 'from: meeting' names a stage these definitions do not use — add stages: meeting: { requires: meeting_booked }, or start it from sql"
bad meeting_by_sql 's/meeting: { requires: meeting_booked }/meeting: { requires: sales_qualify }/' \
  "$T/meeting_by_sql.yaml:17:24: meeting is entered by its own event, not 'sales_qualify' (which already enters sql) — write requires: meeting_booked"
bad meeting_by_opp 's/meeting: { requires: meeting_booked }/meeting: { requires: opportunity_created }/' \
  "$T/meeting_by_opp.yaml:17:24: meeting is entered by its own event, not 'opportunity_created' (which already moves the lifecycle)"
bad meeting_no_event 's/meeting: { requires: meeting_booked }/meeting: {}/' \
  "$T/meeting_no_event.yaml:17:12: meeting is missing 'requires' — add requires: meeting_booked"
bad meeting_true 's/meeting: { requires: meeting_booked }/meeting: true/' \
  "$T/meeting_true.yaml:17:12: meeting must be a mapping, not 'true' — write meeting: { requires: meeting_booked }"
bad sal_off_word 's/sal: false /sal: off   /' \
  "$T/sal_off_word.yaml:15:8: 'sal' must be true or false"
bad stage_typo 's/^  meeting: { requires/  meetng: { requires/' \
  "$T/stage_typo.yaml:17:3: unknown key 'meetng' in stages — did you mean 'meeting'?"
bad sla_stage_typo 's/from: sql, until: meeting_booked/from: meetin, until: meeting_booked/' \
  "'from' must be a stage a journey enters — mql, sql, meeting, opportunity or customer, not 'meetin'; did you mean 'meeting'?"
"$H" import --db "$T/bad.db" --defs "$T/sla_from_sal.yaml" "$FIX/events.jsonl" > /dev/null 2>&1
check "a bad stage set is not imported under (exit 1)" test $? -ne 0

echo "test_stage_set: $pass passed, $fail failed"
test "$fail" -eq 0
