#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Definitions versions (issue 14): numbered by the store, identified by the
# SHA-256 of their normalised content, co-signed in the store, activated
# under the sign-off policy, listed by `defs history`.
#
# a.yaml and b.yaml are hand-written; their normal forms (defs/defs_hash.c)
# written by hand are
#   a: {"owners":{"marketing":{"name":"Dana"},"sales":{"name":"Lee"}},"stages":{"mql":{"min_score":"50"}}}
#   b: the same with "60"
# and their SHA-256, computed with Python's hashlib, start 9da538bff2d8 (a)
# and f8350837d91c (b).
# Usage: test_defs_versions.sh HANDOFF_BINARY SOURCE_DIR
set -uo pipefail
H=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
DB=$T/v.db

cat > "$T/a.yaml" <<'Y'
# the first agreement
version: 1
owners:
  marketing: { name: Dana }
  sales: { name: Lee }
stages: { mql: { min_score: 50 } }
Y
sed 's/min_score: 50/min_score: 60/' "$T/a.yaml" > "$T/b1.yaml"   # still says version: 1
sed 's/^version: 1/version: 2/' "$T/b1.yaml" > "$T/b.yaml"
sed 's/^version: 1/version: 5/' "$T/b1.yaml" > "$T/b5.yaml"

# ---- item 1: content-addressed versions ----
"$H" defs check "$T/a.yaml" > "$T/check_a.txt"
check "defs check prints the content hash (computed apart with hashlib)" \
  grep -qx "  hash 9da538bff2d88b3ddc8f603c7edc95fe1e1cf69f6f7f521c5b09da2300f82835 .*" "$T/check_a.txt"
"$H" defs propose "$T/a.yaml" --by Dana --db "$DB" > "$T/p1.txt" 2>&1
check "propose stores a new file as version 1" grep -q "as definitions version 1 (hash 9da538bff2d8)" "$T/p1.txt"
"$H" defs propose "$T/a.yaml" --by Dana --db "$DB" > "$T/p1b.txt" 2>&1
check "proposing the same content again stores nothing" grep -q "version 1 already (hash 9da538bff2d8)" "$T/p1b.txt"
printf '\n# only a comment more\n' | cat "$T/a.yaml" - > "$T/a_comment.yaml"
"$H" defs propose "$T/a_comment.yaml" --by Dana --db "$DB" > "$T/p1c.txt" 2>&1
check "a comment is not a change: still version 1" grep -q "version 1 already" "$T/p1c.txt"
"$H" defs propose "$T/b1.yaml" --by Dana --db "$DB" 2> "$T/p2.txt"
rc=$?
check "a changed file still labelled version 1 is refused" test $rc -eq 1
check "... with the next free number, at the version: line" \
  grep -q "b1.yaml:2:10: version 1 is already stored with other content: this is a new version (hash f8350837d91c) — write version: 2" "$T/p2.txt"
"$H" defs propose "$T/b5.yaml" --by Dana --db "$DB" 2> "$T/p5.txt"
check "a version that skips numbers is refused with the next free one" \
  grep -q "version 5: the next free number is 2 (hash f8350837d91c) — write version: 2" "$T/p5.txt"
"$H" defs propose "$T/b.yaml" --by Kim --db "$DB" > /dev/null 2>&1
check "the changed file labelled version 2 is stored" test $? -eq 0

# ---- item 2: sign-offs bound to the hash, the activation policy ----
"$H" defs activate 1 --db "$DB" 2> "$T/a1.txt"
check "activate without sign-offs is refused" test $? -eq 1
check "... naming both missing sides" grep -q "version 1 is not signed by marketing and sales" "$T/a1.txt"
"$H" defs sign 1 --as marketing --by Dana --db "$DB" > /dev/null
"$H" defs activate 1 --db "$DB" 2> "$T/a2.txt"
check "activate with one side missing is refused" test $? -eq 1
check "... naming the missing side" grep -q "version 1 is not signed by sales: handoff defs sign 1 --as sales" "$T/a2.txt"
sed 's/min_score: 60/min_score: 61/' "$T/b.yaml" > "$T/b_changed.yaml"   # one byte
"$H" defs sign 2 --as sales --by Lee --file "$T/b_changed.yaml" --db "$DB" 2> "$T/s1.txt"
check "a sign-off on a file changed by one byte is refused" test $? -eq 1
check "... saying it changed since it was proposed" grep -q "b_changed.yaml is not version 2: its content changed since it was proposed" "$T/s1.txt"
"$H" defs sign 2 --as sales --by Lee --hash 9da538bff2d8 --db "$DB" 2> "$T/s2.txt"
check "a sign-off on another hash is refused" grep -q "version 2 has hash f8350837d91c, not 9da538bff2d8" "$T/s2.txt"
"$H" defs sign 1 --as sales --by Lee --file "$T/a_comment.yaml" --hash 9da538 --db "$DB" > /dev/null
check "a sign-off on the reviewed file and hash is recorded" test $? -eq 0
"$H" defs activate 1 --by ops --db "$DB" 2> /dev/null
check "activate with both sides signed works" test $? -eq 0
"$H" defs activate 2 --force --by admin --db "$DB" 2> /dev/null
check "--force activates an unsigned version" test $? -eq 0

"$H" defs history --db "$DB" > "$T/h.txt"
check "history lists version 1 with its hash prefix, author and sign-offs" \
  grep -qx "version 1  hash 9da538bff2d8  proposed .* by Dana" "$T/h.txt"
check "history lists version 2, active" grep -qx "version 2  hash f8350837d91c  proposed .* by Kim  \[active\]" "$T/h.txt"
check "history has 2 sign-offs for version 1 and none for version 2" \
  test "$(grep -cE '  signed: (marketing|sales)' "$T/h.txt")" -eq 2 -a "$(grep -c 'signed: nobody yet' "$T/h.txt")" -eq 1
check "version 1's span ends when version 2 was activated" grep -q "  active: .* -> .*Z (by ops)" "$T/h.txt"
check "the forced activation is recorded with what was missing and by whom" \
  grep -q "  active: .* -> now (forced: not signed by marketing and sales, by admin)" "$T/h.txt"
"$H" defs history --db "$DB" --json > "$T/h.json"
python3 - "$T/h.json" "$DB" <<'PY'
import json, sqlite3, sys
h = json.load(open(sys.argv[1]))["versions"]
ok = ([v["number"] for v in h] == [1, 2] and h[0]["hash"].startswith("9da538bff2d8")
      and [s["side"] for s in h[0]["signoffs"]] == ["marketing", "sales"]
      and h[1]["active"] and h[1]["active_spans"][0]["forced"]
      and h[0]["active_spans"][0]["to"] == h[1]["active_spans"][0]["from"])
db = sqlite3.connect(sys.argv[2])
acts = db.execute("SELECT defs_id, forced, missing, activated_by FROM definition_activations"
                  " ORDER BY seq").fetchall()
ok = ok and acts == [(1, 0, None, "ops"), (2, 1, "marketing and sales", "admin")]
ok = ok and db.execute("SELECT count(*) FROM definition_signoffs WHERE hash LIKE '9da538bff2d8%'"
                       ).fetchone()[0] == 2
sys.exit(0 if ok else 1)
PY
check "history --json and the store's rows agree (activations with time, forced, missing)" test $? -eq 0

"$H" defs show 1 --db "$DB" > "$T/show1.yaml" 2> "$T/show1.err"
check "show N prints the stored text as proposed" cmp -s "$T/show1.yaml" "$T/a.yaml"
check "show N names its hash" grep -q "definitions version 1, hash 9da538bff2d88b3ddc8f603c7edc95fe1e1cf69f6f7f521c5b09da2300f82835" "$T/show1.err"
"$H" defs show --db "$DB" 2> /dev/null | cmp -s - "$T/b.yaml"
check "show without N prints the active version" test $? -eq 0

# A stored text edited behind the store's back no longer has its hash.
python3 -c "import sqlite3,sys; db=sqlite3.connect(sys.argv[1]); db.execute(\"UPDATE definitions SET text = replace(text, '60', '70') WHERE id = 2\"); db.commit()" "$DB"
"$H" defs sign 2 --as sales --by Lee --db "$DB" 2> "$T/s3.txt"
check "a sign-off on a version whose stored text changed is refused" \
  grep -q "version 2 changed since it was proposed" "$T/s3.txt"

# Only the sides listed in owners are needed.
printf 'version: 1\nowners: { marketing: { name: Dana } }\nstages: { mql: { min_score: 50 } }\n' > "$T/m.yaml"
"$H" defs propose "$T/m.yaml" --by Dana --db "$T/m.db" > /dev/null 2>&1
"$H" defs sign 1 --as marketing --by Dana --db "$T/m.db" > /dev/null
"$H" defs activate 1 --db "$T/m.db" 2> /dev/null
check "a version owned by marketing alone needs only marketing's sign-off" test $? -eq 0

# The one-step flow: init --defs takes the file's signed dates, recorded as such.
"$H" init --db "$T/i.db" --defs "$SRC/examples/definitions.yaml" 2> /dev/null
check "init --defs with a signed file still activates it" test $? -eq 0
"$H" defs history --db "$T/i.db" > "$T/hi.txt"
check "... its sign-offs are recorded as coming from the file" \
  test "$(grep -c '(from the file)' "$T/hi.txt")" -eq 2
"$H" import --db "$T/i.db" --defs "$SRC/examples/definitions.yaml" /dev/null 2> /dev/null
check "importing with the same file again keeps version 1" \
  test "$("$H" defs history --db "$T/i.db" | grep -c '^version ')" -eq 1
"$H" defs activate "$T/b.yaml" --db "$T/i.db" 2> "$T/af.txt"
check "defs activate FILE with an unsigned file is refused" grep -q "is not signed by marketing and sales" "$T/af.txt"

# ---- item 3: defs diff, on two hand-written files (tests/fixtures/defs/diff/) ----
FXD=$SRC/tests/fixtures/defs/diff
"$H" defs diff "$FXD/a.yaml" "$FXD/b.yaml" > "$T/diff.txt"
check "defs diff of two files lists exactly the changes written by hand" \
  cmp -s "$T/diff.txt" "$FXD/expected.txt"
[ -s "$T/diff.txt" ] && ! cmp -s "$T/diff.txt" "$FXD/expected.txt" && diff "$T/diff.txt" "$FXD/expected.txt" >&2
"$H" defs diff "$FXD/a.yaml" "$FXD/b.yaml" --json > "$T/diff.json"
python3 - "$T/diff.json" "$FXD/expected.txt" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
want = open(sys.argv[2], encoding="utf-8").read().splitlines()
ok = [c["text"] for c in d["changes"]] == want
kinds = [c["kind"] for c in d["changes"]]
ok = ok and kinds.count("added") == 4 and kinds.count("removed") == 1
pts = [c for c in d["changes"] if c["item"] == "fit rule senior_title"]
ok = ok and len(pts) == 1 and (pts[0]["field"], pts[0]["before"], pts[0]["after"]) == ("points", "10", "15")
sys.exit(0 if ok else 1)
PY
check "defs diff --json has the same changes with kind, item, field, before, after" test $? -eq 0
"$H" defs diff "$FXD/a.yaml" "$FXD/b.yaml" --table > "$T/diff_table.txt"
check "defs diff --table has a header and one row per change" \
  test "$(wc -l < "$T/diff_table.txt")" -eq $(( $(wc -l < "$FXD/expected.txt") + 1 ))
"$H" defs diff 1 2 --db "$DB" > "$T/diff12.txt"
check "defs diff of two stored versions by number" \
  grep -qx "stages.mql: min_score 50 → 70" "$T/diff12.txt"
"$H" defs diff 1 "$T/a_comment.yaml" --db "$DB" > "$T/diff_same.txt"
check "a stored version and a file with the same content: no changes" \
  grep -qx "version 1 and .*a_comment.yaml: no changes" "$T/diff_same.txt"

# ---- item 7: defs check catches typos in field names ----
sed 's/field: lead.title, /field: lead.titel, /' "$SRC/examples/definitions.yaml" > "$T/typo.yaml"
"$H" defs check "$T/typo.yaml" > /dev/null 2> "$T/typo.txt"
check "defs check fails on a typo'd field" test $? -eq 1
check "... naming it with the suggestion at its position" \
  grep -q "typo.yaml:60:35: unknown field 'lead.titel' in fit rule senior_title — did you mean lead.title?" "$T/typo.txt"
sed 's/where: { form: demo },             points: 30/where: { frm: demo },             points: 30/' \
  "$SRC/examples/definitions.yaml" > "$T/typo2.yaml"
"$H" defs check "$T/typo2.yaml" > /dev/null 2> "$T/typo2.txt"
check "a typo'd event property is caught with the suggestion" \
  grep -q "unknown event property 'frm' in the where: of behavior rule demo_request — did you mean form?" "$T/typo2.txt"
"$H" defs propose "$T/typo.yaml" --by Dana --db "$T/typo.db" 2> /dev/null
check "a file with an unknown field is not stored" test $? -eq 1
"$H" init --db "$T/typo_i.db" --defs "$T/typo.yaml" 2> /dev/null
check "nor activated by init --defs" test $? -eq 1
printf 'fields: { lead: [titel] }\n' | cat "$T/typo.yaml" - > "$T/declared.yaml"
"$H" defs check "$T/declared.yaml" > /dev/null 2>&1
check "a field declared under fields: passes" test $? -eq 0

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
