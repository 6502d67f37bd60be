#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# CRM exports through the real binary: HubSpot contacts (labels and internal
# names), detection by header, bad rows by file:line: column, re-import
# changing nothing, and the funnel worked by hand in tests/fixtures/crm/README.md.
# Usage: test_crm_import.sh HANDOFF_BINARY SOURCE_DIR
set -uo pipefail
H=$1
SRC=$2
FX=$SRC/tests/fixtures/crm
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

python3 "$FX/make_defs.py" "$SRC/examples/definitions.yaml" "$T/defs.yaml"
cp "$FX/hubspot_contacts.csv" "$T/contacts.csv"

# 1. Detected by its header; bad rows located; the good rows kept; exit 3.
"$H" import --db "$T/a.db" --defs "$T/defs.yaml" --force "$T/contacts.csv" 2> "$T/err.txt"
check "import with two bad rows exits 3" test $? -eq 3
check "says what it detected" grep -q "contacts.csv: detected a HubSpot contacts export by its header" "$T/err.txt"
check "bad date located by line and column" grep -q "contacts.csv:5: column 'Became a Marketing Qualified Lead Date': '31/31/2026' is not a date" "$T/err.txt"
check "missing id located" grep -q "contacts.csv:6: column 'Record ID': empty" "$T/err.txt"
check "9 events from 3 contacts" grep -q "imported 9 new events (0 duplicates skipped, 2 rejected); 3 leads updated" "$T/err.txt"

# 2. Stage dates from the lifecycle columns, in each date form.
"$H" explain bo@beta.io --db "$T/a.db" --json > "$T/bo.json"
"$H" explain ana@acme.io --db "$T/a.db" --json > "$T/ana.json"
check "bo's journey keeps its HubSpot history" python3 - "$T/bo.json" "$T/ana.json" <<'PY'
import json, sys
bo = json.load(open(sys.argv[1])); ana = json.load(open(sys.argv[2]))
ok = (bo["stage"] == "customer" and bo["channel"] == "paid_social" and
      bo["journeys"][0]["stages"] == {"mql": "2026-03-06T10:00:00Z", "sql": "2026-03-09T00:00:00Z",
                                      "opportunity": "2026-03-12T12:00:00Z",
                                      "customer": "2026-03-20T14:30:00Z"} and
      ana["stage"] == "sql" and ana["channel"] == "organic_search" and
      ana["journeys"][0]["stages"] == {"mql": "2026-03-03T09:00:00Z", "sql": "2026-03-10T00:00:00Z"})
sys.exit(0 if ok else 1)
PY
check "a contact without e-mail is known by its id" sh -c "'$H' explain hubspot-103 --db '$T/a.db' | grep -q '^lead hubspot-103: lead'"

# 3. The funnel: mql 2, sal 2, sql 2, opp 1, won 1.
"$H" report funnel --db "$T/a.db" > "$T/funnel.txt" 2>&1
check "funnel counts from the lifecycle dates" grep -qE '^2026-03 +all +2 +2 +2 +1 +1 +100\.0% +100\.0% +50\.0% +100\.0%' "$T/funnel.txt"

# 4. Re-importing changes nothing.
"$H" import --db "$T/a.db" "$T/contacts.csv" 2> "$T/err2.txt"
check "re-import: every event a duplicate" grep -q "imported 0 new events (9 duplicates skipped, 2 rejected)" "$T/err2.txt"

# 5. Internal names, with --from and any file name.
cp "$FX/hubspot_contacts_internal.csv" "$T/fay.txt"
"$H" import --db "$T/a.db" --from hubspot "$T/fay.txt" 2> "$T/err3.txt"
check "internal names import with --from" grep -q "imported 3 new events (0 duplicates skipped, 0 rejected)" "$T/err3.txt"
check "--from says nothing about detection" sh -c "! grep -q detected '$T/err3.txt'"
"$H" explain fay@foxtrot.io --db "$T/a.db" --json > "$T/fay.json"
check "fay: paid_search, mql and sql dates" python3 - "$T/fay.json" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
ok = (e["channel"] == "paid_search" and
      e["journeys"][0]["stages"] == {"mql": "2026-03-04T09:00:00Z", "sql": "2026-03-05T09:00:00Z"})
sys.exit(0 if ok else 1)
PY

# 6. An unknown --from is a usage error.
"$H" import --db "$T/a.db" --from pipedrive "$T/fay.txt" 2> "$T/err4.txt"
check "unknown --from exits 2" test $? -eq 2

# 7. Salesforce Leads and Opportunities reports: labels, BOM, CRLF, US
#    dates, locale amounts, footer rows (worked in the fixtures' README).
"$H" import --db "$T/s.db" --defs "$SRC/examples/definitions.yaml" "$FX/salesforce_leads.csv" \
  "$FX/salesforce_opportunities.csv" 2> "$T/sf.txt"
check "salesforce: one bad row exits 3" test $? -eq 3
check "salesforce leads detected" grep -q "salesforce_leads.csv: detected a Salesforce Leads/Contacts export by its header" "$T/sf.txt"
check "salesforce opportunities detected" grep -q "salesforce_opportunities.csv: detected a Salesforce Opportunities export by its header" "$T/sf.txt"
check "bad amount located, footers not reported" grep -q "^salesforce_leads.csv:4: column 'Annual Revenue': '12k' is not a number" <(sed "s|^$FX/||" "$T/sf.txt")
check "footers are skipped, not rejected" grep -q "imported 6 new events (0 duplicates skipped, 1 rejected)" "$T/sf.txt"
"$H" explain gus@golf.io --db "$T/s.db" --json > "$T/gus.json"
"$H" explain hal@hotel.io --db "$T/s.db" --json > "$T/hal.json"
check "salesforce: converted date, created and close dates" python3 - "$T/gus.json" "$T/hal.json" <<'PY'
import json, sys
g = json.load(open(sys.argv[1])); h = json.load(open(sys.argv[2]))
ok = (g["stage"] == "customer" and g["channel"] == "website" and
      g["journeys"][0]["stages"] == {"sql": "2026-03-04T00:00:00Z", "opportunity": "2026-03-05T00:00:00Z",
                                     "customer": "2026-03-20T00:00:00Z"} and
      h["stage"] == "opportunity" and h["channel"] == "event" and
      h["journeys"][0]["stages"] == {"opportunity": "2026-03-10T14:00:00Z"})
sys.exit(0 if ok else 1)
PY
"$H" report pipeline --db "$T/s.db" > "$T/pipe.txt" 2>&1
check "amounts in locale forms: 48000 won, 1500 open" sh -c "grep -q 'average deal         48000.00' '$T/pipe.txt' && grep -q 'open opportunities   1 worth 1500.00' '$T/pipe.txt' && grep -q 'average cycle        15.00 days' '$T/pipe.txt'"

# 8. The definitions' mapping: sources, fields, lifecycle and status
#    (worked in tests/fixtures/crm/README.md, hubspot_mapped.csv).
python3 "$FX/make_mapped_defs.py" "$SRC/examples/definitions.yaml" "$T/mdefs.yaml"
"$H" import --db "$T/m.db" --defs "$T/mdefs.yaml" --force "$FX/hubspot_mapped.csv" 2> "$T/m.txt"
check "mapped: 9 events, none rejected" grep -q "imported 9 new events (0 duplicates skipped, 0 rejected); 4 leads updated" "$T/m.txt"
"$H" leads --db "$T/m.db" --json > "$T/mleads.json"
for l in ivy@india.io jo@juliet.io kit@kilo.io; do "$H" explain "$l" --db "$T/m.db" --json > "$T/m-$l.json"; done
check "mapped: channels, traits, dispositions and their dates" python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
leads = {l["lead"]: l for l in json.load(open(t + "/mleads.json"))["leads"]}
ivy = json.load(open(t + "/m-ivy@india.io.json"))
jo = json.load(open(t + "/m-jo@juliet.io.json"))
kit = json.load(open(t + "/m-kit@kilo.io.json"))
rule = {r["name"]: r for r in ivy["rules"]}
want = [
    ("ivy channel", leads["ivy@india.io"]["channel"], "event"),
    ("jo channel", leads["jo@juliet.io"]["channel"], "website"),
    ("kit channel", leads["kit@kilo.io"]["channel"], "organic_search"),
    ("lu channel", leads["lu@lima.io"]["channel"], "paid_search"),
    ("ivy revenue", rule["revenue_40k"]["value"], "48000"),
    ("ivy lifecycle", rule["crm_sal"]["value"], "sal"),
    ("ivy stage", ivy["stage"], "disqualified"),
    ("ivy journey", ivy["journeys"][0]["outcome"], "disqualified"),
    ("ivy reject at", leads["ivy@india.io"]["last_event"], "2026-04-10T16:00:00Z"),
    ("jo stage", jo["stage"], "nurture"),
    ("jo nurture at", leads["jo@juliet.io"]["last_event"], "2026-04-08T12:00:00Z"),
    ("kit stage", kit["stage"], "disqualified"),
    ("kit reject at create date", leads["kit@kilo.io"]["last_event"], "2026-04-05T00:00:00Z"),
    ("lu stage", leads["lu@lima.io"]["stage"], "lead"),
]
bad = [(w, got, exp) for w, got, exp in want if got != exp]
print(bad) if bad else None
sys.exit(1 if bad else 0)
PY
"$H" import --db "$T/m.db" "$FX/hubspot_mapped.csv" 2> "$T/m2.txt"
check "mapped: re-import changes nothing" grep -q "imported 0 new events (9 duplicates skipped, 0 rejected)" "$T/m2.txt"

# 9. The mapping on a Salesforce Leads report: sources and status.
"$H" import --db "$T/ms.db" --defs "$T/mdefs.yaml" --force "$FX/salesforce_mapped.csv" 2> "$T/ms.txt"
check "salesforce mapped: 3 events" grep -q "imported 3 new events (0 duplicates skipped, 0 rejected); 2 leads updated" "$T/ms.txt"
"$H" leads --db "$T/ms.db" --json > "$T/msleads.json"
check "salesforce mapped: Purchased List -> partner, Nurture at Last Modified" python3 - "$T/msleads.json" <<'PY'
import json, sys
l = {x["lead"]: x for x in json.load(open(sys.argv[1]))["leads"]}
got = [(x, l[x]["stage"], l[x]["channel"], l[x]["last_event"]) for x in sorted(l)]
want = [("max@mike.io", "nurture", "partner", "2026-03-09T10:00:00Z"),
        ("nia@nov.io", "lead", "website", "2026-03-03T00:00:00Z")]
print(got) if got != want else None
sys.exit(0 if got == want else 1)
PY

# 10. A HubSpot companies export: group events with account traits, joined
#     to the contacts by company name (worked in the fixtures' README).
"$H" import --db "$T/a.db" "$FX/hubspot_companies.csv" 2> "$T/co.txt"
check "companies: detected by header" grep -q "hubspot_companies.csv: detected a HubSpot companies export by its header" "$T/co.txt"
check "companies: bad employee count located" grep -q "hubspot_companies.csv:4: column 'Number of Employees': 'lots' is not a number" "$T/co.txt"
check "companies: missing create date located" grep -q "hubspot_companies.csv:5: column 'Create Date': empty" "$T/co.txt"
check "companies: 2 group events, 2 rejected" grep -q "imported 2 new events (0 duplicates skipped, 2 rejected)" "$T/co.txt"
"$H" explain ana@acme.io --db "$T/a.db" --json > "$T/ana2.json"
check "companies: ana's account has the company's traits" python3 - "$T/ana2.json" <<'PY'
import json, sys
r = {x["name"]: x for x in json.load(open(sys.argv[1]))["rules"]}
got = (r["size_50_500"]["value"], r["saas"]["value"], r["north_america"]["value"], r["north_america"]["holds"])
want = ("1200", "COMPUTER_SOFTWARE", "US", True)
print(got) if got != want else None
sys.exit(0 if got == want else 1)
PY
"$H" import --db "$T/a.db" --from hubspot "$FX/hubspot_companies.csv" 2> "$T/co2.txt"
check "companies: re-import changes nothing" grep -q "imported 0 new events (2 duplicates skipped, 2 rejected)" "$T/co2.txt"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
