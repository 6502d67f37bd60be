#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `handoff leads` on tests/fixtures/leads: each filter, their combination,
# the sorts, --limit, --at, the formats and the usage errors.  Every expected
# list is worked out in tests/fixtures/leads/README.md.
# Usage: test_leads.sh HANDOFF_BINARY SOURCE_DIR
set -uo pipefail
H=$1
SRC=$2
FX=$SRC/tests/fixtures/leads
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
DB=$T/h.db
UTC=$T/utc.db
"$H" import --db "$DB" --defs "$FX/definitions.yaml" "$FX/events.jsonl" >/dev/null 2>&1
"$H" import --db "$UTC" --defs "$FX/definitions_utc.yaml" "$FX/events.jsonl" >/dev/null 2>&1
check "the fixture imports" test -s "$DB"

# leads DB [options]: "lead=score ..." in the listed order, from the CSV.
leads() {
  local db=$1; shift
  "$H" leads --db "$db" --csv "$@" | awk -F, 'NR > 1 { printf "%s%s=%s", sep, $1, $4; sep = " " }'
}
is() { # description, want, options...
  local what=$1 want=$2; shift 2
  local got
  got=$(leads "$DB" "$@")
  check "$what" test "$got" = "$want"
  if [ "$got" != "$want" ]; then printf '  want: %s\n  got:  %s\n' "$want" "$got" >&2; fi
}

ALL="ana@acme.io=60.00 fay@acme.io=60.00 cara@beta.io=41.21 bob@acme.io=25.00 gus@gmail.com=20.00 Eve.Stone@delta.io=10.00 dan@gamma.io=10.00"
is "by score, ties on the lead" "$ALL"
is "today's new MQLs: the as-of day in New York" "ana@acme.io=60.00 fay@acme.io=60.00" \
  --stage mql --mql-since today
check "today in UTC without a calendar" test \
  "$(leads "$UTC" --stage mql --mql-since today)" = \
  "ana@acme.io=60.00 fay@acme.io=60.00 cara@beta.io=41.21"
is "a date is its start in the calendar's zone" "ana@acme.io=60.00 fay@acme.io=60.00" \
  --mql-since 2026-03-10
is "mql_at, newest first" \
  "ana@acme.io=60.00 fay@acme.io=60.00 cara@beta.io=41.21 bob@acme.io=25.00 Eve.Stone@delta.io=10.00" \
  --mql-since 2026-03-08 --sort mql_at
is "one account, by lead" "ana@acme.io=60.00 bob@acme.io=25.00 fay@acme.io=60.00" \
  --account acme.io --sort lead
is "--q matches the account ignoring case" "ana@acme.io=60.00 fay@acme.io=60.00 bob@acme.io=25.00" \
  --q ACME
is "--q matches the lead ignoring case" "Eve.Stone@delta.io=10.00" --q stone
is "--q gmail" "gus@gmail.com=20.00" --q gmail
is "--rep sam" "bob@acme.io=25.00" --rep sam
is "--rep kim (the nurtured journey's rep)" "Eve.Stone@delta.io=10.00" --rep kim
is "--channel" "cara@beta.io=41.21 dan@gamma.io=10.00" --channel paid_search
is "--score-above is strictly above" \
  "ana@acme.io=60.00 fay@acme.io=60.00 cara@beta.io=41.21 bob@acme.io=25.00" --score-above 20
is "filters combine with AND" "fay@acme.io=60.00" --stage mql --score-above 50 --q fay
is "no match" "" --stage sql
is "last_event, newest first" \
  "ana@acme.io=60.00 fay@acme.io=60.00 cara@beta.io=41.21 bob@acme.io=25.00 Eve.Stone@delta.io=10.00 dan@gamma.io=10.00 gus@gmail.com=20.00" \
  --sort last_event
is "--at: scores replayed to that time" \
  "bob@acme.io=40.00 ana@acme.io=30.00 fay@acme.io=30.00 cara@beta.io=20.00 gus@gmail.com=20.00 Eve.Stone@delta.io=10.00 dan@gamma.io=10.00" \
  --at 2026-03-09T15:00:00Z

# Formats: a whole CSV row, the JSON, the table's footer and --limit.
check "a CSV row carries every column" grep -qx \
  'bob@acme.io,acme.io,sal,25.00,10.00,15.00,organic_search,sam,2026-03-09T15:00:00Z,2026-03-09T16:00:00Z' \
  <("$H" leads --db "$DB" --csv)
check "CSV header" test "$("$H" leads --db "$DB" --csv | head -1)" = \
  "lead,account,stage,score,fit,behavior,channel,rep,mql_at,last_event"
check "JSON: as_of, total, shown, nulls" python3 - "$H" "$DB" <<'PY'
import json, subprocess, sys
r = json.loads(subprocess.check_output([sys.argv[1], "leads", "--db", sys.argv[2], "--json", "--limit", "2"]))
gus = json.loads(subprocess.check_output([sys.argv[1], "leads", "--db", sys.argv[2], "--json", "--q", "gus"]))["leads"][0]
ok = (r["as_of"] == "2026-03-10T15:00:00Z" and r["total"] == 7 and r["shown"] == 2
      and [l["lead"] for l in r["leads"]] == ["ana@acme.io", "fay@acme.io"]
      and r["leads"][0]["score"] == 60 and r["leads"][0]["rep"] is None
      and gus["account"] is None and gus["mql_at"] is None and gus["stage"] == "lead"
      and gus["fit"] == 20 and gus["behavior"] == 0)
sys.exit(0 if ok else 1)
PY
check "JSON lists every row by default" test \
  "$("$H" leads --db "$DB" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["leads"]))')" = 7
check "the table ends with showing N of M" test "$("$H" leads --db "$DB" | tail -1)" = "showing 7 of 7"
check "the table's --limit" test "$("$H" leads --db "$DB" --limit 2 | tail -1)" = "showing 2 of 7"
check "the table's rows" test "$("$H" leads --db "$DB" --limit 2 | sed -n 5p | awk '{print $1, $3, $4}')" = \
  "fay@acme.io mql 60.00"

HO_COLUMNS=80 "$H" leads --db "$DB" > "$T/narrow"
check "a narrow terminal: every line fits" test "$(awk '{ if (length > m) m = length } END { print m }' "$T/narrow")" -le 80
check "... trailing columns dropped whole, lead to behaviour kept" test \
  "$(sed -n '4,10p' "$T/narrow" | awk '{ print ($6 ~ /^[0-9]+\.[0-9][0-9]$/) }' | sort -u)" = 1
check "... with the --wide note" grep -q -- "--wide shows all" "$T/narrow"

# Read-only: listing changes nothing in the database.
before=$(cksum < "$DB")
"$H" leads --db "$DB" >/dev/null
check "the database is not written" test "$(cksum < "$DB")" = "$before"

# Usage errors: exit 2 with what to write.
"$H" leads --db "$DB" --stage qualified >/dev/null 2>"$T/err"
check "an unknown stage is a usage error" test $? -eq 2
check "... listing the stages" grep -q "stage 'qualified': write one of lead, mql, sal, sql, opportunity, customer, closed_lost, nurture or disqualified" "$T/err"
"$H" leads --db "$DB" --json --csv >/dev/null 2>"$T/err"
check "--json with --csv is a usage error" test $? -eq 2
check "... saying so" grep -q -- "--json and --csv cannot be used together" "$T/err"
"$H" leads --db "$DB" --sort score_desc >/dev/null 2>&1
check "an unknown sort is a usage error" test $? -eq 2
"$H" leads --db "$DB" --mql-since yesterday >/dev/null 2>&1
check "a bad --mql-since is a usage error" test $? -eq 2
"$H" leads --db "$DB" --limit 0 >/dev/null 2>&1
check "--limit 0 is a usage error" test $? -eq 2
"$H" leads --db "$DB" --score-above lots >/dev/null 2>&1
check "a bad --score-above is a usage error" test $? -eq 2
"$H" leads --db "$T/none.db" >/dev/null 2>&1
check "a missing database is an error, not created" test ! -e "$T/none.db"
check "--help documents today's new MQLs" grep -q -- "--stage mql --mql-since today" \
  <("$H" leads --help)

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
