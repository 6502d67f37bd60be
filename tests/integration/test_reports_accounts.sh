#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Reports 8 and 9 (DESIGN.md §5) on tests/fixtures/reports/accounts_*:
# attribution under every model with one, two and many touches and
# coinciding milestones (credited + unattributed = the opportunity amounts),
# accounts qualification, PQL->SQL, and JSON against CSV.
# Usage: test_reports_accounts.sh HANDOFF_BINARY SOURCE_DIR
set -uo pipefail
H=$1
SRC=$2
FX=$SRC/tests/fixtures/reports
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
DB=$T/h.db
"$H" import --db "$DB" --defs "$FX/accounts_defs.yaml" "$FX/accounts_events.jsonl" >/dev/null 2>&1
check "the fixture imports" test -s "$DB"

# The fixture, worked out by hand (touches in time order; M = MQL touch,
# O = opportunity-creation touch, W = closed-won touch):
#   one.io    a1: email@03-01 (M, O); opportunity 1000 at 03-06.      1 touch
#   two.io    b1: paid_search@02-22 (campaign brand); b2: webinar@03-01 (M, O);
#             b1's MQL 03-04, opportunity 2000 at 03-08 10:00.        2 touches
#   three.io  c1 organic@03-01, c2 email@03-02 (nurture), c3 paid@03-03 (brand),
#             c1 email@03-04 (spring; the MQL event itself: M), c2 organic@03-05,
#             c3 webinar@03-07 09:00 (O); opportunity 4000 at 03-07 10:00;
#             c2 email@03-10 (W: full path only), won 03-12.          6 (7) touches
#   four.io   d1: sales-sourced, opportunity 500 at 03-11, no touch before it:
#             unattributed (its email touch is on 03-31).
#   e1 (no account, its own pool): paid_search@03-01 (brand); opportunity 300.
# Total 7800 = 1000 + 2000 + 4000 + 500 + 300; 500 unattributed.
#
# Per model, by channel (organic_search, paid_search, email, webinar):
#   first:  C organic 4000; B paid 2000 + E 300; A email 1000
#   last:   B, C webinar 2000 + 4000; A email 1000; E paid 300
#   linear: C 4000/6 each: organic 2x, email 2x, paid, webinar; B 1000 + 1000
#           -> organic 1333.33, paid 1000 + 666.67 + 300 = 1966.67,
#              email 1000 + 1333.33 = 2333.33, webinar 1000 + 666.67 = 1666.67
#   u:      B: 40 paid, 40 webinar, nothing between -> 50/50: 1000 + 1000;
#           C: 40 t0 organic, 40 t3 email, 20 over t1 email, t2 paid (10 each),
#              t4, t5 after the MQL touch: 0 -> organic 1600, email 2000, paid 400
#           -> organic 1600, paid 1000 + 400 + 300 = 1700, email 3000, webinar 1000
#   w:      B: 30 paid, 30 + 30 webinar, no rest: 10 pro rata -> 1/3, 2/3;
#           C: 30 t0, 30 t3, 30 t5, 10 over t1, t2, t4 (3.33 each)
#              -> organic 33.33%, email 33.33%, paid 3.33%, webinar 30%
#           -> organic 1333.33, paid 666.67 + 133.33 + 300 = 1100,
#              email 1000 + 1333.33 = 2333.33, webinar 1333.33 + 1200 = 2533.33
#   full:   B not won: as w.  C won, path to the close (7 touches): 22.5 each to
#           t0, t3, t5, t6, 10 over t1, t2, t4 -> organic 25.83%, email 3.33 +
#           22.5 + 22.5 = 48.33%, paid 3.33%, webinar 22.5%
#           -> organic 1033.33, paid 1100, email 1000 + 1933.33 = 2933.33,
#              webinar 1333.33 + 900 = 2233.33
credits() { # model [extra args]: "key=amount ..." sorted by key, from JSON
  local m=$1; shift
  "$H" report attribution --db "$DB" --model "$m" --json "$@" | python3 -c '
import json, sys
r = json.load(sys.stdin)
print(" ".join("%s=%.2f" % (c["key"] or "(none)", c["amount"])
               for c in sorted(r["credits"], key=lambda c: c["key"] or "")))'
}
check "first touch" test "$(credits first)" = "email=1000.00 organic_search=4000.00 paid_search=2300.00"
check "last touch" test "$(credits last)" = "email=1000.00 paid_search=300.00 webinar=6000.00"
check "linear" test "$(credits linear)" = \
  "email=2333.33 organic_search=1333.33 paid_search=1966.67 webinar=1666.67"
check "U-shaped" test "$(credits u)" = \
  "email=3000.00 organic_search=1600.00 paid_search=1700.00 webinar=1000.00"
check "W-shaped" test "$(credits w)" = \
  "email=2333.33 organic_search=1333.33 paid_search=1100.00 webinar=2533.33"
check "full path (the won deal's touches run to the close)" test "$(credits full)" = \
  "email=2933.33 organic_search=1033.33 paid_search=1100.00 webinar=2233.33"

# Time decay, by an independent computation of 2^(-age / 7 days) from the
# touch times above (age = opportunity creation - touch time), normalised.
want_decay=$(python3 -c '
from datetime import datetime as D
def t(s): return D.fromisoformat(s).timestamp()
paths = [  # (opportunity at, amount, [(touch at, channel)])
  ("2026-03-06T10:00", 1000, [("2026-03-01T10:00", "email")]),
  ("2026-03-08T10:00", 2000, [("2026-02-22T10:00", "paid_search"), ("2026-03-01T10:00", "webinar")]),
  ("2026-03-07T10:00", 4000, [("2026-03-01T10:00", "organic_search"), ("2026-03-02T10:00", "email"),
                              ("2026-03-03T10:00", "paid_search"), ("2026-03-04T10:00", "email"),
                              ("2026-03-05T10:00", "organic_search"), ("2026-03-07T09:00", "webinar")]),
  ("2026-03-04T10:00", 300, [("2026-03-01T10:00", "paid_search")]),
]
credit = {}
for opp, amount, touches in paths:
    w = [2 ** (-(t(opp) - t(at)) / (7 * 86400)) for at, _ in touches]
    for (at, ch), x in zip(touches, w):
        credit[ch] = credit.get(ch, 0) + amount * x / sum(w)
print(" ".join("%s=%.2f" % (k, credit[k]) for k in sorted(credit)))')
check "time decay: 2^(-age/7d), normalised" test "$(credits decay)" = "$want_decay"

# By campaign, U-shaped: A spring 1000; B brand 1000 + (none) 1000; C (none)
# 1600 (t0), nurture 400 (t1), brand 400 (t2), spring 1600 (t3); E brand 300.
check "U-shaped by campaign" test "$(credits u --by campaign)" = \
  "(none)=2600.00 brand=1700.00 nurture=400.00 spring=2600.00"

# One, two and many touches alone (--from/--to on the opportunity's creation).
one_touch() {
  for m in first last linear u w full decay; do
    [ "$(credits $m --from 2026-03-06 --to 2026-03-07)" = "email=1000.00" ] || return 1
  done
}
check "one touch: 100% under every model" one_touch
check "two touches, U-shaped: 50/50" test "$(credits u --from 2026-03-08 --to 2026-03-09)" = \
  "paid_search=1000.00 webinar=1000.00"
check "two touches, W-shaped, MQL and opportunity on one touch: 1/3, 2/3" \
  test "$(credits w --from 2026-03-08 --to 2026-03-09)" = "paid_search=666.67 webinar=1333.33"
check "many touches, U-shaped: nothing after the MQL touch" \
  test "$(credits u --from 2026-03-07 --to 2026-03-08)" = \
  "email=2000.00 organic_search=1600.00 paid_search=400.00"
check "many touches, W-shaped: 10% over the three touches on no milestone" \
  test "$(credits w --from 2026-03-07 --to 2026-03-08)" = \
  "email=1333.33 organic_search=1333.33 paid_search=133.33 webinar=1200.00"

# Weights sum to 100%: credited + unattributed = the opportunity amounts of the
# fixture (summed here from the events), for every model and both splits.
amounts=$(python3 -c '
import json, sys
print(sum(float(e["props"]["amount"]) for e in map(json.loads, open(sys.argv[1]))
          if e["type"] == "opportunity_created"))' "$FX/accounts_events.jsonl")
sums_ok() {
  for m in first last linear u w full decay; do
    for by in channel campaign; do
      "$H" report attribution --db "$DB" --model $m --by $by --json | python3 -c '
import json, sys
r, want = json.load(sys.stdin), float(sys.argv[1])
got = sum(c["amount"] for c in r["credits"]) + r["unattributed"]["amount"]
opps = sum(c["opportunities"] for c in r["credits"]) + r["unattributed"]["opportunities"]
ok = abs(got - want) < 0.05 and abs(r["total"]["amount"] - want) < 1e-9 and abs(opps - 5) < 1e-3
ok = ok and r["unattributed"] == {"opportunities": 1, "amount": 500.0}
sys.exit(0 if ok else 1)' "$amounts" || { echo "  model $m by $by" >&2; return 1; }
    done
  done
}
check "credited + unattributed = the opportunity amounts (7800) for every model" sums_ok

# The model's parameters come with every format.
"$H" report attribution --db "$DB" --model u > "$T/u.txt"
check "table prints the U-shaped parameters" grep -q "40% first touch, 40% MQL touch, 20% spread evenly" "$T/u.txt"
check "JSON carries the parameters" python3 -c '
import json, subprocess, sys
r = json.loads(subprocess.check_output([sys.argv[1], "report", "attribution", "--db", sys.argv[2],
                                        "--model", "full", "--json"]))
m = r["model"]
sys.exit(0 if m["name"] == "full" and m["milestone_pct"] == {"first": 22.5, "mql": 22.5,
         "opportunity": 22.5, "closed_won": 22.5} and m["rest_pct"] == 10.0
         and m["won_paths_end"] == "close" else 1)' "$H" "$DB"
"$H" report attribution --db "$DB" --model decay --csv > "$T/decay.csv"
check "CSV carries the parameters" grep -qx "param,half_life_days,7,,,," "$T/decay.csv"

# JSON and CSV agree, row for row.
attr_agree() {
  for m in first linear w full decay; do
    "$H" report attribution --db "$DB" --model $m --json > "$T/a.json"
    "$H" report attribution --db "$DB" --model $m --csv > "$T/a.csv"
    python3 - "$T/a.json" "$T/a.csv" <<'PY' || return 1
import csv, json, sys
j = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2])))
jc = [(c["key"] or "", "%.2f" % c["amount"], "%.2f" % c["pct"], "%.4f" % c["opportunities"],
       str(c["touches"])) for c in j["credits"]]
cc = [(r["key"], r["amount"], r["pct"], r["opportunities"], r["touches"]) for r in rows
      if r["section"] == "credit"]
tot = [r for r in rows if r["section"] == "total"][0]
un = [r for r in rows if r["section"] == "unattributed"][0]
sys.exit(0 if jc == cc and float(tot["amount"]) == j["total"]["amount"]
         and float(un["amount"]) == j["unattributed"]["amount"] else 1)
PY
  done
}
check "attribution: JSON and CSV agree" attr_agree

"$H" report attribution --db "$DB" --model v >/dev/null 2>&1
check "an unknown model is a usage error" test $? -eq 2
"$H" report attribution --db "$DB" --by rep >/dev/null 2>&1
check "attribution by rep is a usage error" test $? -eq 2

# Accounts (accounts: engaged_contacts 2, min_score 60, window 30d); as_of =
# the latest event, 03-31 12:00, so engaged = behaviour in [03-01 12:00, 03-31 12:00].
#   three.io  c1 51 + fit 20 (03-04), c2 3 (03-10), c3 11 (03-07): 3 engaged;
#             score 65 + 20 = 85: qualified by both; reached SQL (c1).
#   two.io    b1 51 (03-04), b2 10 (03-01 10:00, before the window): 1 engaged;
#             score 61 >= 60: qualified by score; reached SQL (b1).
#   six.io    s1 1 (03-25), s2 1 (03-26): 2 engaged: qualified by contacts; no SQL.
#   one.io    a1 51: 1 engaged, 51 < 60: not qualified; reached SQL.
#   five.io   p2 50 (its demo request); p1, p3, p4 no behaviour: not qualified;
#             reached SQL (p1, p4, sales-sourced).
#   four.io   d1 1 (03-31 12:00): not qualified; reached SQL (sales-sourced).
#   e1 has no account.  account->SQL 2/3; all accounts 5/6.
# PQLs (trial_signup and 2 invite_teammate usages): p1 at 03-22 (SQL 03-25:
# counts), p2 at 03-26 (the trial came last; an MQL, no SQL), p4 at 03-30 (its
# SQL of 03-20 came before); p3 only signed up.  PQL->SQL 1/3; 1 also an MQL.
"$H" report accounts --db "$DB" --json > "$T/acc.json"
check "accounts: rows, scores, engaged contacts and why they qualify" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
got = [(a["account"], a["contacts"], a["engaged"], a["score"], a["best_fit"], a["qualified_by"],
        a["reached_sql"]) for a in r["rows"]]
want = [("three.io", 3, 3, 85.0, 20.0, ["engaged_contacts", "score"], True),
        ("two.io", 2, 1, 61.0, 0.0, ["score"], True),
        ("six.io", 2, 2, 2.0, 0.0, ["engaged_contacts"], False),
        ("one.io", 1, 1, 51.0, 0.0, [], True),
        ("five.io", 4, 1, 50.0, 0.0, [], True),
        ("four.io", 1, 1, 1.0, 0.0, [], True)]
if got != want:
    print(got, file=sys.stderr)
sys.exit(0 if got == want else 1)' "$T/acc.json"
check "account->SQL 2/3 of qualified accounts, 5/6 of all" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
sys.exit(0 if (r["accounts"], r["qualified"], r["account_sql"]["num"], r["account_sql"]["den"],
               r["all_accounts_sql"]["num"], r["all_accounts_sql"]["den"]) == (6, 3, 2, 3, 5, 6)
         and r["params"] == {"engaged_contacts": 2, "min_score": 60.0, "window_days": 30.0,
                             "window_from": "2026-03-01T12:00:00Z"} else 1)' "$T/acc.json"
check "PQLs and PQL->SQL 1/3, apart from MQLs" python3 -c '
import json, sys
p = json.load(open(sys.argv[1]))["pql"]
leads = [(l["lead"], l["at"]) for l in p["leads"]]
sys.exit(0 if p["defined"] and p["pqls"] == 3 and (p["pql_sql"]["num"], p["pql_sql"]["den"]) == (1, 3)
         and p["also_mql"] == 1 and leads == [("p1@five.io", "2026-03-22T10:00:00Z"),
         ("p2@five.io", "2026-03-26T10:00:00Z"), ("p4@five.io", "2026-03-30T10:00:00Z")] else 1)' "$T/acc.json"
"$H" report accounts --db "$DB" --csv > "$T/acc.csv"
check "accounts: JSON and CSV agree" python3 - "$T/acc.json" "$T/acc.csv" <<'PY'
import csv, json, sys
j = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2])))
jr = [(a["account"], str(a["contacts"]), str(a["engaged"]), "%.2f" % a["behavior"],
       "%.2f" % a["best_fit"], "%.2f" % a["score"], str(a["qualified"]).lower(),
       str(a["reached_sql"]).lower()) for a in j["rows"]]
cr = [(r["key"], r["contacts"], r["engaged"], r["behavior"], r["best_fit"], r["score"],
       r["qualified"], r["reached_sql"]) for r in rows if r["section"] == "account"]
rate = {r["key"]: (int(r["num"]), int(r["den"])) for r in rows if r["section"] == "rate"}
pql = [(r["key"], r["value"]) for r in rows if r["section"] == "pql"]
ok = jr == cr and rate == {"account_sql": (2, 3), "all_accounts_sql": (5, 6), "pql_sql": (1, 3)}
ok = ok and pql == [(l["lead"], l["at"]) for l in j["pql"]["leads"]]
sys.exit(0 if ok else 1)
PY
"$H" report accounts --db "$DB" > "$T/acc.txt"
check "table: the PQL section stands apart" grep -q "PQLs 3; PQL->SQL 1/3 33.3%" "$T/acc.txt"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
