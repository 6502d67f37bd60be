#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# handoff backtest (issue 14 item 4) on the 20-lead fixture of
# tests/fixtures/backtest, whose README works out every expected value by
# hand: raising the MQL threshold by 10 flips exactly six leads (all "no
# longer MQL"), with their outcomes, precision, recall, the SLA load per week
# and rep, and the months; a points change makes one new MQL; --from keeps
# April's leads; a broken candidate is refused with its location; and the
# backtest writes nothing (state dump and log unchanged).
# Usage: test_backtest.sh HANDOFF_BINARY SOURCE_DIR
set -uo pipefail
H=$1
SRC=$2
T=$(mktemp -d "${TMPDIR:-/tmp}/handoff-backtest.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

python3 - "$H" "$SRC" "$T" <<'PY'
import csv
import io
import json
import subprocess
import sys

H, SRC, T = sys.argv[1:4]
FX = f"{SRC}/tests/fixtures/backtest"
DB = f"{T}/bt.db"
sys.path.insert(0, f"{SRC}/tests/integration")
from checks import Checks  # noqa: E402

t = Checks(H)
check, run = t.check, t.run


def backtest(cand, *extra):
    r = run("backtest", "--db", DB, f"{FX}/{cand}", *extra)
    return r


def dump():
    return subprocess.run(["python3", f"{SRC}/tests/integration/dump_state.py", DB, "--full"],
                          capture_output=True, text=True).stdout


r = run("init", "--db", DB, "--defs", f"{FX}/active.yaml")
check("init", r.returncode == 0, r.stderr)
r = run("import", "--db", DB, f"{FX}/events.jsonl")
check("import", r.returncode == 0, r.stderr)
before = dump()

# --- threshold 40 -> 50 ------------------------------------------------------
r = backtest("candidate.yaml", "--json")
check("backtest --json exit", r.returncode == 0, r.stderr)
d = json.loads(r.stdout)
check("leads in range", d["leads"] == 16, d["leads"])
check("sql leads", d["sql_leads"] == 9, d["sql_leads"])
check("won leads", d["won_leads"] == 3, d["won_leads"])
a, c = d["active"], d["candidate"]
check("MQLs", (a["mqls"], c["mqls"]) == (15, 9), (a["mqls"], c["mqls"]))
frac = lambda x: (x["num"], x["den"])
check("MQL->SQL", (frac(a["mql_sql"]), frac(c["mql_sql"])) == ((8, 15), (5, 9)))
check("SQL recall", (frac(a["sql_recall"]), frac(c["sql_recall"])) == ((8, 9), (5, 9)))
check("won recall", (frac(a["won_recall"]), frac(c["won_recall"])) == ((3, 3), (2, 3)))
check("precision", (frac(a["precision"]), frac(c["precision"])) == ((8, 12), (5, 8)))
check("precision pct", abs(a["precision"]["pct"] - 800 / 12) < 1e-3
      and abs(c["precision"]["pct"] - 62.5) < 1e-9)
check("unknown outcomes", (a["unknown_outcome"], c["unknown_outcome"]) == (3, 1))
check("median days", d["median_days_earlier"] == -1.0 and d["median_n"] == 5,
      (d["median_days_earlier"], d["median_n"]))
flips = {f["lead"]: (f["change"], f["rule"], f["outcome"]) for f in d["flips"]}
want = {
    "l03@saas.io": "not_sql", "l04@saas.io": "sql", "l05@saas.io": "unknown",
    "l12@saas.io": "sql", "l13@saas.io": "unknown", "l16@saas.io": "customer",
}
check("exactly the hand-listed flips", flips ==
      {k: ("no_longer_mql", "mql.min_score", v) for k, v in want.items()}, flips)
check("flip counts", (d["new_mqls"], d["no_longer_mqls"], d["flips_unknown_outcome"]) == (0, 6, 2))
months = {m["key"]: (m["active"], m["candidate"]) for m in d["months"]}
check("months", months == {"2026-03": (8, 5), "2026-04": (7, 4)}, months)
weeks = {w["key"]: (w["active"], w["candidate"]) for w in d["sla_weeks"]}
check("SLA load per week", weeks == {
    "2026-03-02": (5, 2), "2026-03-09": (2, 2), "2026-03-16": (1, 1), "2026-03-30": (3, 1),
    "2026-04-06": (2, 1), "2026-04-13": (1, 1), "2026-04-20": (1, 1)}, weeks)
reps = {x["key"]: (x["active"], x["candidate"]) for x in d["sla_reps"]}
check("SLA load per rep", reps == {"sam": (12, 6), "kim": (3, 3)}, reps)

# The same figures in the table and the CSV.
r = backtest("candidate.yaml")
check("table exit", r.returncode == 0, r.stderr)
for line in ["MQLs                   active 15   candidate 9   delta -6",
             "precision              active 8/12 (66.7%)   candidate 5/8 (62.5%)",
             "a median 1.0 days later (over 5 leads both make MQLs)",
             "flips: 0 new MQLs, 6 no longer MQLs (2 with unknowable outcome",
             "l16@saas.io                    no longer MQL  mql.min_score            customer"]:
    check(f"table has {line!r}", line in r.stdout, r.stdout)
r = backtest("candidate.yaml", "--csv")
rows = list(csv.reader(io.StringIO(r.stdout)))
check("csv months row", ["months", "2026-03", "8", "5", "-3"] in rows, rows[:4])
check("csv flip row", ["l05@saas.io", "no_longer_mql", "mql.min_score", "unknown"] in rows)
r = backtest("candidate.yaml", "--csv", "--json")
check("--csv with --json is exit 2", r.returncode == 2, r.returncode)

# --by rule groups the flips by the rule responsible.
r = backtest("candidate.yaml", "--json", "--by", "rule")
g = {x["key"]: (x["active"], x["candidate"]) for x in json.loads(r.stdout)["groups"]}
check("--by rule", g.get("mql.min_score") == (6, 0), g)
r = backtest("candidate.yaml", "--by", "colour")
check("unknown --by is exit 2", r.returncode == 2 and "colour" in r.stderr, r.stderr)

# --from 2026-04: April's leads only (l11 l12 l13 l15 l16 l18 l19 l20).
r = backtest("candidate.yaml", "--json", "--from", "2026-04")
d = json.loads(r.stdout)
check("--from leads", d["leads"] == 8, d["leads"])
check("--from MQLs", (d["active"]["mqls"], d["candidate"]["mqls"]) == (7, 4))
check("--from flips", sorted(f["lead"] for f in d["flips"]) ==
      ["l12@saas.io", "l13@saas.io", "l16@saas.io"], d["flips"])
check("--from won recall", frac(d["candidate"]["won_recall"]) == (1, 2))

# --- pricing_view +5 -> +10: one new MQL ------------------------------------
r = backtest("candidate_points.yaml", "--json")
d = json.loads(r.stdout)
check("points: MQLs", (d["active"]["mqls"], d["candidate"]["mqls"]) == (15, 16))
check("points: the one flip", [(f["lead"], f["change"], f["rule"], f["outcome"])
                               for f in d["flips"]] ==
      [("l14@saas.io", "new_mql", "pricing_view", "unknown")], d["flips"])

# --- bad candidates: located, refused, nothing written ----------------------
r = backtest("broken.yaml")
check("broken: exit 1", r.returncode == 1, r.returncode)
check("broken: located", "broken.yaml:6:16" in r.stderr and "min_score" in r.stderr, r.stderr)
r = backtest("broken_field.yaml")
check("typo'd field: exit 1", r.returncode == 1, r.returncode)
check("typo'd field: located, did-you-mean",
      "broken_field.yaml:3:" in r.stderr and "lead.titel" in r.stderr
      and "title" in r.stderr, r.stderr)
r = backtest("missing.yaml")
check("missing candidate: exit 1 and named", r.returncode == 1 and "missing.yaml" in r.stderr,
      r.stderr)
check("backtest wrote nothing", dump() == before)
r = run("rebuild", "--db", DB)
check("state equals rebuild (nothing half-written)", dump() == before)

t.finish()
PY
