#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue 12 section 1, the sharp edges a new user meets: import exit codes and
# capped errors, explain of an MQL, sales actions on unknown leads and reps,
# conflicting output flags, tables that fit the terminal, the demo's hints.
# Usage: test_sharp_edges.sh HANDOFF_BINARY SOURCE_DIR
set -uo pipefail
H=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") # absolute: section 6 runs it from elsewhere
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# run CMD...: runs handoff, stdout in $T/out, stderr in $T/err, status in $rc.
run() { "$H" "$@" > "$T/out" 2> "$T/err"; rc=$?; }

# ---- 1. import: every record rejected exits 1; errors capped per reason ----
# bad.jsonl: 25 records without 'ts' (reason "missing field 'ts'") and 3 lines
# of broken JSON at different columns (one reason "invalid JSON at column #").
: > "$T/bad.jsonl"
for i in $(seq 1 25); do
  echo "{\"id\":\"b-$i\",\"type\":\"page_view\",\"lead\":\"x$i@a.io\"}" >> "$T/bad.jsonl"
done
printf '{"id":\n{"id":"c","ts":\n{"id":"d","ts":"2026-03-01T00:00:00Z",\n' >> "$T/bad.jsonl"
"$H" init --db "$T/i.db" 2> /dev/null
run import --db "$T/i.db" "$T/bad.jsonl"
check "an import where every record is rejected exits 1" test $rc -eq 1
check "only the first 20 'missing field' errors are printed" \
  test "$(grep -c "bad.jsonl:[0-9]*: missing field 'ts'" "$T/err")" -eq 20
check "the 3 broken JSON lines are all printed (under the cap)" \
  test "$(grep -c "bad.jsonl:2[6-8]: invalid JSON" "$T/err")" -eq 3
check "the summary counts 25 of the missing-field reason" \
  grep -Eq "^ +25  missing field 'ts' \(first 20 shown\)$" "$T/err"
check "the summary counts 3 broken JSON lines as one reason" \
  grep -Eq "^ +3  invalid JSON at column #$" "$T/err"
check "the summary points at --errors-file" grep -q -- "--errors-file" "$T/err"

run import --db "$T/i.db" --errors-file "$T/all.txt" "$T/bad.jsonl"
check "with --errors-file the exit is still 1" test $rc -eq 1
check "--errors-file lists all 28 rejected records" test "$(wc -l < "$T/all.txt")" -eq 28
check "--errors-file lines carry file:line" \
  grep -q "^$T/bad.jsonl:25: missing field 'ts'$" "$T/all.txt"

echo '{"id":"g-1","ts":"2026-03-01T10:00:00Z","type":"identify","lead":"ana@acme.io"}' \
  > "$T/some.jsonl"
head -3 "$T/bad.jsonl" >> "$T/some.jsonl"
run import --db "$T/i.db" "$T/some.jsonl"
check "an import where some records are rejected exits 3" test $rc -eq 3

# ---- 2. explain of an MQL: the MQL moment, then the score now ----
# Under examples/definitions.yaml ana's fit is 35 (senior_title 10 from the
# title "VP Sales", size_50_500 10 from 120 employees, saas 10, north_america
# 5).  Her demo request at 2026-03-02T14:09:40Z adds 30: 65 >= 50 with fit
# >= 10, so she is an MQL then, credited to min_score (checked first).  60
# days later (two half-lives) the request is worth 30 / 4 = 7.5: today's
# score 42.5 is below the bar, yet she is still an MQL.
cat > "$T/ana.jsonl" <<'JSONL'
{"id":"a-1","ts":"2026-03-01T10:00:00Z","type":"group","account":"acme.io","traits":{"employees":120,"industry":"saas","country":"US"}}
{"id":"a-2","ts":"2026-03-02T14:05:09Z","type":"identify","lead":"ana@acme.io","account":"acme.io","traits":{"title":"VP Sales"}}
{"id":"a-3","ts":"2026-03-02T14:09:40Z","type":"form_submit","lead":"ana@acme.io","props":{"form":"demo"}}
JSONL
"$H" init --db "$T/e.db" 2> /dev/null
"$H" import --db "$T/e.db" "$T/ana.jsonl" 2> /dev/null
run explain ana@acme.io --db "$T/e.db" --at 2026-05-01T14:09:40Z
check "explain exits 0" test $rc -eq 0
check "explain shows the MQL moment, the credited criterion and the score then" \
  grep -qx "  MQL at 2026-03-02T14:09:40Z by min_score (journey 1): fit 35.00 + behaviour 30.00 = 65.00" "$T/out"
check "then today's decayed score" grep -qx "  score: fit 35.00 + behaviour 7.50 = 42.50" "$T/out"
check "the MQL line comes before today's score" \
  test "$(grep -n "MQL at" "$T/out" | cut -d: -f1)" -lt "$(grep -n "score: fit" "$T/out" | cut -d: -f1)"
check "explain says the decayed score is below the bar" grep -q "decayed below 50" "$T/out"
check "each fit rule shows the value it matched" \
  grep -Eq "^  senior_title .*\(matched: title = \"VP Sales\"\)$" "$T/out"
check "the account's employees value is shown" \
  grep -Eq "^  size_50_500 .*\(matched: employees = \"120\"\)$" "$T/out"
run explain ana@acme.io --db "$T/e.db" --at 2026-05-01T14:09:40Z --json
check "explain --json has the MQL moment and the fit values" python3 - "$T/out" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
m = e["mql"]
fit = {r["name"]: (r["field"], r["value"]) for r in e["rules"] if r["kind"] == "fit"}
ok = (m == {"at": "2026-03-02T14:09:40Z", "journey": 1, "criterion": "min_score",
            "score": {"fit": 35, "behavior": 30, "total": 65}}
      and e["score"]["total"] == 42.5
      and e["journeys"][0]["score_at_mql"]["total"] == 65
      and fit["senior_title"] == ("title", "VP Sales")
      and fit["size_50_500"] == ("employees", "120")
      and fit["north_america"] == ("country", "US"))
if not ok:
    print(json.dumps(m), json.dumps(fit), file=sys.stderr)
sys.exit(0 if ok else 1)
PY

# ---- 3. sales actions: unknown leads and reps are refused ----
# e.db holds ana only; the example definitions' reps are sam, kim and lee.
nev() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT COALESCE(SUM(n_events),0) FROM event_owners").fetchone()[0])' "$T/e.db"; }
before=$(nev)
for cmd in "accept" "reject --reason not_icp" "qualify" "nurture --reason no_budget" \
           "contact --via call" "opportunity --amount 100" "won" "lost --reason x"; do
  run $cmd nobody@x.io --db "$T/e.db" --at 2026-03-05T10:00:00Z
  check "$cmd on an unknown lead exits 1" test $rc -eq 1
  check "$cmd on an unknown lead says so" grep -q "no lead 'nobody@x.io'" "$T/err"
done
run assign nobody@x.io sam --db "$T/e.db"
check "assign of an unknown lead exits 1" test $rc -eq 1
run accept nobody@x.io --db "$T/e.db" --at 2026-03-05T10:00:00Z
check "the refusal names --create" grep -q -- "--create" "$T/err"
check "refused actions wrote nothing" test "$(nev)" = "$before"
run accept ana@acme.io --rep bob --db "$T/e.db" --at 2026-03-05T10:00:00Z
check "--rep bob (not in reps) exits 1" test $rc -eq 1
check "--rep bob lists the valid reps" grep -q "unknown rep 'bob' (valid: sam, kim, lee)" "$T/err"
run contact ana@acme.io --via call --rep bob --db "$T/e.db" --at 2026-03-05T10:00:00Z
check "contact --rep bob exits 1" test $rc -eq 1
check "a refused rep wrote nothing" test "$(nev)" = "$before"
run accept nobody@x.io --create --rep sam --db "$T/e.db" --at 2026-03-05T10:00:00Z
check "accept --create starts a sales-sourced lead" test $rc -eq 0
check "accept --create says new lead" grep -q "nobody@x.io: sal (journey 1, new lead)" "$T/out"

# ---- 4. conflicting output flags; the queue's one unit for time left ----
for args in "queue" "report funnel" "report sla" "report pipeline" "report top"; do
  run $args --json --csv --db "$T/e.db"
  check "$args --json --csv is a usage error" test $rc -eq 2
  check "$args --json --csv says why" grep -q -- "--json and --csv cannot be used together" "$T/err"
  run $args --csv --json --db "$T/e.db"
  check "$args --csv --json is a usage error" test $rc -eq 2
done
# ana's first_touch clock (demo request: 5 minutes raw) started at 14:09:40;
# at 14:10:40 one minute is used, so 4 minutes are left in both forms.
"$H" queue --db "$T/e.db" --at 2026-03-02T14:10:40Z --csv > "$T/q.csv"
"$H" queue --db "$T/e.db" --at 2026-03-02T14:10:40Z --json > "$T/q.json"
check "queue CSV and JSON give the time left in minutes" python3 - "$T/q.csv" "$T/q.json" <<'PY'
import csv, json, sys
rows = {(r["lead"], r["sla"]): r for r in csv.DictReader(open(sys.argv[1]))}
js = {(r["lead"], r["sla"]): r for r in json.load(open(sys.argv[2]))}
k = ("ana@acme.io", "first_touch")
ok = (k in rows and k in js and "left_ms" not in rows[k]
      and float(rows[k]["left_minutes"]) == 4.0 and js[k]["left_minutes"] == 4.0)
if not ok:
    print(rows.get(k), js.get(k), file=sys.stderr)
sys.exit(0 if ok else 1)
PY

# ---- 5. terminal tables fit the terminal; --wide and pipes never cut ----
# The funnel table is 101 columns plus its group column; HO_COLUMNS=80 forces
# fitting as a terminal of 80 columns would.
widest() { python3 -c 'import sys; print(max(len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")))' "$1"; }
HO_COLUMNS=80 "$H" report funnel --by channel --db "$T/e.db" > "$T/fit.txt"
check "HO_COLUMNS=80: every line of the funnel fits 80 columns" test "$(widest "$T/fit.txt")" -le 80
check "the fitted funnel keeps its first columns" grep -q "^cohort   channel  *mql  *sal" "$T/fit.txt"
check "the fitted funnel says --wide shows all" grep -q -- "--wide shows all" "$T/fit.txt"
HO_COLUMNS=80 "$H" report funnel --by channel --db "$T/e.db" --wide > "$T/wide.txt"
"$H" report funnel --by channel --db "$T/e.db" > "$T/pipe.txt"
COLUMNS=40 "$H" report funnel --by channel --db "$T/e.db" > "$T/pipe40.txt"
check "--wide disables fitting" test "$(widest "$T/wide.txt")" -gt 80
check "--wide prints no footnote" test "$(grep -c -- "--wide shows all" "$T/wide.txt")" -eq 0
check "output to a pipe is not cut" cmp -s "$T/wide.txt" "$T/pipe.txt"
check "COLUMNS alone does not cut output that is not a terminal" cmp -s "$T/wide.txt" "$T/pipe40.txt"
HO_COLUMNS=60 "$H" queue --db "$T/e.db" --at 2026-03-02T14:10:40Z > "$T/qfit.txt"
check "HO_COLUMNS=60: the queue fits 60 columns" test "$(widest "$T/qfit.txt")" -le 60
check "the fitted queue keeps lead and sla" grep -q "^ana@acme.io  *first_touch" "$T/qfit.txt"
HO_COLUMNS=40 "$H" queue --db "$T/e.db" --at 2026-03-02T14:10:40Z --json > "$T/qj.json"
check "JSON is never fitted" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/qj.json"
HO_COLUMNS=60 "$H" explain ana@acme.io --db "$T/e.db" > "$T/xfit.txt"
check "HO_COLUMNS=60: explain fits 60 columns" test "$(widest "$T/xfit.txt")" -le 60

# On a real terminal (script(1) gives the command one) COLUMNS is honoured.
if command -v script > /dev/null; then
  COLUMNS=50 script -qec "'$H' report funnel --db '$T/e.db'" /dev/null | tr -d '\r' > "$T/tty.txt"
  check "on a terminal with COLUMNS=50 every line fits 50 columns" test "$(widest "$T/tty.txt")" -le 50
  check "on a terminal the footnote names --wide" grep -q -- "--wide" "$T/tty.txt"
else
  echo "SKIP: script(1) is not installed: the terminal case is not run"
fi

# ---- 6. the demo: its hints run as typed; its reps are the definitions' ----
# Run as a user would from their own directory, through a relative path.
mkdir -p "$T/u/bin"
ln -s "$H" "$T/u/bin/handoff"
(cd "$T/u" && bin/handoff demo --dir "my demo" --leads 1000 > demo.out 2> demo.err)
check "the demo exits 0" test $? -eq 0
# 1000 leads over 12 months from 2025-11-01: the data ends in October 2026,
# so the whole-period funnel is as of the start of November (not time 0)
check "the demo's funnel is as of the end of the data's last month" \
  grep -q "^Funnel of the whole period by channel, as of 2026-11-01T00:00:00Z$" "$T/u/demo.out"
sed -n '/^Next:/,$p' "$T/u/demo.out" | sed 's/^Next: *//; s/^ *//' > "$T/hints.txt"
check "the demo prints three hints" test "$(wc -l < "$T/hints.txt")" -eq 3
check "the hints name the binary as it was run" \
  test "$(grep -c "^bin/handoff " "$T/hints.txt")" -eq 3
check "the hints quote a database path with a space" \
  test "$(grep -c -- "--db 'my demo/handoff.db'" "$T/hints.txt")" -eq 3
n=0
while IFS= read -r line; do
  n=$((n + 1))
  (cd "$T/u" && bash -c "$line" > /dev/null 2> "$T/hint$n.err")
  check "hint $n runs as typed: $line" test $? -eq 0
done < "$T/hints.txt"
# Every rep named in the demo's events is one of the example definitions'
# reps, and every rep the journeys are routed or assigned to contacted some.
check "every rep in the demo's events is in the definitions" python3 - \
  "$T/u/my demo/events.jsonl" "$SRC/examples/definitions.yaml" <<'PY'
import json, re, sys
defs = set(re.findall(r"^\s*- \{ id: (\w+),", open(sys.argv[2]).read(), re.M))
seen = {json.loads(l).get("props", {}).get("rep") for l in open(sys.argv[1])} - {None}
if not seen or not seen <= defs or defs != {"sam", "kim", "lee"}:
    print("events name", sorted(seen), "definitions list", sorted(defs), file=sys.stderr)
    sys.exit(1)
PY
check "every rep with journeys has contacted a lead" python3 - "$T/u/my demo/handoff.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
reps = {r: c for r, c in db.execute(
    "SELECT rep, SUM(first_contact_at IS NOT NULL) FROM journeys WHERE rep IS NOT NULL GROUP BY rep")}
if set(reps) != {"sam", "kim", "lee"} or min(reps.values()) == 0:
    print(reps, file=sys.stderr)
    sys.exit(1)
PY

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
