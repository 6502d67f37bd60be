#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The sales commands (accept, reject, qualify, nurture, contact, opportunity,
# won, lost, assign) through the real binary: each records one event and
# moves the lead exactly as the same event imported from a file would;
# refusals write nothing; repeating a command changes nothing.
# Usage: test_sales_cli.sh HANDOFF_BINARY SOURCE_DIR
set -uo pipefail
H=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
DB=$T/s.db
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# run CMD...: runs handoff on $DB, keeps stdout in $T/out, stderr in $T/err, status in $rc.
run() { "$H" "$@" --db "$DB" > "$T/out" 2> "$T/err"; rc=$?; }
out_is() { [ "$(cat "$T/out")" = "$1" ] || { echo "  got: $(cat "$T/out")" >&2; false; }; }
sql() { python3 -c 'import sqlite3,sys; print(*sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone(), sep="|")' "$DB" "$1"; }
events() { sql "SELECT COALESCE(SUM(n_events), 0) FROM event_owners"; }
stage() { sql "SELECT stage FROM leads WHERE lead = '$1'"; }

# Fixture under examples/definitions.yaml: acme.io has 120 employees (+10),
# industry saas (+10), country US (+5); ana is a VP (+10) and bob a Director
# (+10): fit 35 each.  A demo request adds 30, so each becomes an MQL at its
# form_submit (65 >= 50 with fit >= 10).
cat > "$T/fixture.jsonl" <<'JSONL'
{"id":"f-1","ts":"2026-03-01T10:00:00Z","type":"group","account":"acme.io","traits":{"employees":120,"industry":"saas","country":"US"}}
{"id":"f-2","ts":"2026-03-02T14:05:09Z","type":"identify","lead":"ana@acme.io","account":"acme.io","traits":{"title":"VP Sales"}}
{"id":"f-3","ts":"2026-03-02T14:09:40Z","type":"form_submit","lead":"ana@acme.io","props":{"form":"demo"}}
{"id":"f-4","ts":"2026-03-02T15:00:00Z","type":"identify","lead":"bob@acme.io","account":"acme.io","traits":{"title":"Director of Operations"}}
{"id":"f-5","ts":"2026-03-02T15:30:00Z","type":"form_submit","lead":"bob@acme.io","props":{"form":"demo"}}
JSONL
"$H" init --db "$DB" 2> /dev/null
check "init creates the database" test $? -eq 0
"$H" import --db "$DB" "$T/fixture.jsonl" 2> /dev/null
check "fixture imports" test $? -eq 0
check "ana is an MQL after the import" test "$(stage ana@acme.io)" = mql
check "bob is an MQL after the import" test "$(stage bob@acme.io)" = mql

# 1. ana through the whole funnel; each stage is entered at the --at given.
run accept ana@acme.io --rep sam --at 2026-03-03T09:00:00Z
check "accept exits 0" test $rc -eq 0
check "accept prints 'ana@acme.io: sal (journey 1)'" out_is "ana@acme.io: sal (journey 1)"
run qualify ana@acme.io --need --authority --budget --timeline Q2 --at 2026-03-04T10:30:00Z
check "qualify prints sql" out_is "ana@acme.io: sql (journey 1)"
run opportunity ana@acme.io --amount 48000 --opportunity opp-17 --at 2026-03-09T09:00:00Z
check "opportunity prints opportunity" out_is "ana@acme.io: opportunity (journey 1)"
run won ana@acme.io --at 2026-04-01T12:00:00Z
check "won prints customer" out_is "ana@acme.io: customer (journey 1)"
check "the journey keeps the rep named by accept and the amount" \
  test "$(sql "SELECT rep, amount FROM journeys WHERE lead = 'ana@acme.io'")" = "sam|48000.0"
# 5 fixture events + 4 sales events + 2 assign events that routing wrote when
# ana and bob became MQLs (the example routes to pool smb).
check "five fixture events, four sales events and two routing events stored" test "$(events)" = 11

"$H" explain ana@acme.io --db "$DB" --json > "$T/ana.json"
check "explain --json shows mql/sal/sql/opportunity/customer at the times given" \
  python3 - "$T/ana.json" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
j = e["journeys"]
want = {"mql": "2026-03-02T14:09:40Z", "sal": "2026-03-03T09:00:00Z",
        "sql": "2026-03-04T10:30:00Z", "opportunity": "2026-03-09T09:00:00Z",
        "customer": "2026-04-01T12:00:00Z"}
ok = e["stage"] == "customer" and len(j) == 1 and j[0]["stages"] == want
if not ok:
    print(json.dumps(e["journeys"]), file=sys.stderr)
sys.exit(0 if ok else 1)
PY

# 2. Repeating a command changes nothing: same --at gives the same default
# id; the same --id is the same event whatever else changes.
run accept ana@acme.io --rep sam --at 2026-03-03T09:00:00Z
check "accept again with the same --at exits 0" test $rc -eq 0
check "accept again reports the default id as already recorded" \
  out_is "ana@acme.io: unchanged (event cli-sales_accept-ana@acme.io-1772528400000 was already recorded)"
run won ana@acme.io --id deal-1 --at 2026-04-02T12:00:00Z
check "won with --id deal-1 is recorded" out_is "ana@acme.io: customer (journey 1)"
run won ana@acme.io --id deal-1 --at 2026-04-03T12:00:00Z
check "won again with --id deal-1 prints unchanged" \
  out_is "ana@acme.io: unchanged (event deal-1 was already recorded)"
check "repeats stored one event only" test "$(events)" = 12

# 3. bob: assignment, contact, then refused and accepted rejections.
run assign bob@acme.io sam --at 2026-03-02T16:00:00Z
check "assign keeps the MQL and prints it" out_is "bob@acme.io: mql (journey 1)"
check "assign records rep sam in pool manual" \
  test "$(sql "SELECT rep, pool FROM journeys WHERE lead = 'bob@acme.io'")" = "sam|manual"
run contact bob@acme.io --via call --rep sam --at 2026-03-02T17:00:00Z
check "contact attempt recorded" \
  test "$(sql "SELECT first_contact_at FROM journeys WHERE lead = 'bob@acme.io'")" = 1772470800000
run contact bob@acme.io --via email --made --at 2026-03-03T08:00:00Z
check "contact --made records contact_made" \
  test "$(sql "SELECT contact_made_at FROM journeys WHERE lead = 'bob@acme.io'")" = 1772524800000
before=$(events)
run reject bob@acme.io --at 2026-03-05T10:00:00Z
check "reject without --reason exits 2" test $rc -eq 2
check "reject without --reason lists the valid codes" grep -q "needs --reason CODE (valid: not_icp, wrong_size" "$T/err"
run reject bob@acme.io --reason too_busy --at 2026-03-05T10:00:00Z
check "reject with an unknown reason exits 1" test $rc -eq 1
check "unknown reason message lists the codes" \
  grep -q "unknown reason 'too_busy' (valid: not_icp, wrong_size, bad_data, bad_timing, no_budget, no_response, over_scored)" "$T/err"
run nurture bob@acme.io --reason expired --at 2026-03-05T10:00:00Z
check "nurture refuses a reason outside the closed list" test $rc -eq 1
check "refusals wrote nothing" test "$(events)" = "$before"
check "bob is still an MQL" test "$(stage bob@acme.io)" = mql
run reject bob@acme.io --reason bad_timing --note "next quarter" --at 2026-03-05T10:00:00Z
check "reject --reason bad_timing exits 0" test $rc -eq 0
check "reject with a nurture reason moves bob to nurture" out_is "bob@acme.io: nurture (journey 1)"
check "the journey keeps the reason" \
  test "$(sql "SELECT reason FROM journeys WHERE lead = 'bob@acme.io'")" = bad_timing

# 4. Usage errors write nothing.
before=$(events)
run contact bob@acme.io --via fax
check "contact --via fax is a usage error" test $rc -eq 2
check "contact --via fax names the valid channels" grep -q "expected call, email or linkedin" "$T/err"
run contact bob@acme.io
check "contact without --via is a usage error" test $rc -eq 2
run opportunity bob@acme.io --amount lots
check "opportunity --amount lots is a usage error" test $rc -eq 2
run won bob@acme.io --note x
check "an option another command takes is a usage error" test $rc -eq 2
run assign bob@acme.io
check "assign without REP is a usage error" test $rc -eq 2
run lost bob@acme.io --reason ""
check "an empty option value is a usage error" test $rc -eq 2
run accept bob@acme.io --at yesterday
check "a bad --at is a usage error" test $rc -eq 2
check "usage errors wrote nothing" test "$(events)" = "$before"
"$H" accept --help > "$T/out" 2>&1
check "accept --help exits 0 and shows usage" grep -q "^usage: handoff accept LEAD" "$T/out"

# 5. Unknown leads: refused, sales-sourced with --create for
# accept/qualify/opportunity/contact.
run won zed@nowhere.io --at 2026-03-06T10:00:00Z
check "won on an unknown lead exits 1" test $rc -eq 1
check "won on an unknown lead says no lead" grep -q "no lead 'zed@nowhere.io'" "$T/err"
run nurture zed@nowhere.io --reason bad_timing
check "nurture on an unknown lead exits 1" test $rc -eq 1
check "refused unknown leads wrote nothing" test "$(events)" = "$before"
run accept carol@outbound.io --rep kim --create --at 2026-03-06T10:00:00Z
check "accept creates a sales-sourced lead" out_is "carol@outbound.io: sal (journey 1, new lead)"
run contact dan@outbound.io --via linkedin --create --at 2026-03-06T11:00:00Z
check "contact creates a lead without a journey" out_is "dan@outbound.io: lead (no journey, new lead)"
run opportunity dan@outbound.io --amount 1250.50 --at 2026-03-07T11:00:00Z
check "opportunity on a lead without a journey opens one at opportunity" \
  out_is "dan@outbound.io: opportunity (journey 1)"
run lost dan@outbound.io --reason "chose a competitor" --at 2026-03-08T11:00:00Z
check "lost closes the opportunity" out_is "dan@outbound.io: closed_lost (journey 1)"
run nurture carol@outbound.io --reason no_budget --revisit 2026-06-01 --at 2026-03-09T10:00:00Z
check "nurture with --revisit" out_is "carol@outbound.io: nurture (journey 1)"
run qualify carol@outbound.io --at 2026-03-10T10:00:00Z
check "qualify reopens a nurtured lead in a new journey" out_is "carol@outbound.io: sql (journey 2)"

# 6. Recording through the commands equals importing the same events.
"$H" rebuild --db "$DB" 2> /dev/null
check "rebuild after sales commands succeeds" test $? -eq 0
check "rebuild keeps ana a customer" test "$(stage ana@acme.io)" = customer
check "rebuild keeps carol's second journey" test "$(stage carol@outbound.io)" = sql

# 7. With reps in the definitions, assign accepts only those (skipped while
# the definitions loader does not read reps yet).
RDB=$T/reps.db
cat "$SRC/examples/definitions.yaml" > "$T/reps.yaml"
printf 'routing:\n  - { pool: smb }\nreps:\n  - { id: sam, pools: [smb] }\n' >> "$T/reps.yaml"
if "$H" init --db "$RDB" --defs "$T/reps.yaml" 2> /dev/null &&
   "$H" import --db "$RDB" "$T/fixture.jsonl" 2> /dev/null; then
  "$H" assign bob@acme.io zed --db "$RDB" > /dev/null 2> "$T/err"
  rc=$?
  if [ $rc -eq 0 ]; then
    echo "SKIP: the definitions loader does not read reps yet"
  else
    check "assign to a rep not in the definitions exits 1" test $rc -eq 1
    check "assign lists the reps" grep -q "unknown rep 'zed' (valid: sam)" "$T/err"
    "$H" assign bob@acme.io sam --db "$RDB" > /dev/null 2>&1
    check "assign to a listed rep succeeds" test $? -eq 0
  fi
else
  echo "SKIP: definitions with reps are not accepted yet"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
