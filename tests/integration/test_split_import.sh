#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# An import split in two (the first 60% of the lines, then the rest) against
# one import of the whole file.  The rule this checks (README "Routing is a
# decision made when it is made"): routing assigns a journey when a commit
# finds it at mql without a rep, from what the log holds then, and writes the
# decision as an `assign` event; later events never re-route it.  So a split
# import may route a journey that a one-shot import leaves to the rep of a
# later sales event, and the rotation moves on from there.  What must hold:
#   - `rebuild` reproduces the split result exactly (it replays the assign
#     events and routes nothing again);
#   - the split and one-shot results differ only in routing (rep, pool,
#     assigned_at of journeys), never in stages, scores or other facts;
#   - every journey the split import routed and the one-shot did not has a
#     rep in the one-shot result: the rep of a sales event after its MQL.
# Usage: test_split_import.sh HANDOFF_BINARY SOURCE_DIR
set -uo pipefail
H=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dump() { python3 "$SRC/tests/integration/dump_state.py" "$1"; }
ids() { python3 "$SRC/tests/integration/log_ids.py" "$1"; }

"$H" demo-data --leads 1000 --out "$T/ev.jsonl" > /dev/null 2>&1
N=$(wc -l < "$T/ev.jsonl")
head -n $((N * 6 / 10)) "$T/ev.jsonl" > "$T/a.jsonl"
tail -n +$((N * 6 / 10 + 1)) "$T/ev.jsonl" > "$T/b.jsonl"
"$H" init --db "$T/one.db" > /dev/null 2>&1
"$H" import --db "$T/one.db" "$T/ev.jsonl" 2> /dev/null
"$H" init --db "$T/split.db" > /dev/null 2>&1
"$H" import --db "$T/split.db" "$T/a.jsonl" 2> /dev/null
"$H" import --db "$T/split.db" "$T/b.jsonl" 2> /dev/null

dump "$T/split.db" > "$T/split_state.txt"
ids "$T/split.db" > "$T/split_ids.txt"
"$H" rebuild --db "$T/split.db" 2> /dev/null
check "rebuild reproduces the split import exactly" cmp -s "$T/split_state.txt" <(dump "$T/split.db")
check "rebuild routes nothing again (the log is unchanged)" cmp -s "$T/split_ids.txt" <(ids "$T/split.db")

check "split and one-shot differ only in routing" python3 - "$T/one.db" "$T/split.db" <<'PY'
import sqlite3, sys
ROUTING = {"rep", "pool", "assigned_at"}
def journeys(db):
    c = sqlite3.connect(db)
    cols = [r[1] for r in c.execute("PRAGMA table_info(journeys)")]
    keep = [i for i, name in enumerate(cols) if name not in ROUTING]
    return {(r[0], r[1]): tuple(r[i] for i in keep) for r in c.execute("SELECT * FROM journeys")}
def leads(db):
    return sorted(sqlite3.connect(db).execute(
        "SELECT lead, stage, fit, behavior, journeys, disqualified_by FROM leads"))
one, split = sys.argv[1], sys.argv[2]
sys.exit(0 if journeys(one) == journeys(split) and leads(one) == leads(split) else 1)
PY

check "each journey only the split routed has a rep from a later sales event" \
  python3 - "$T/one.db" "$T/split.db" <<'PY'
import sqlite3, sys
def routing(db):
    return {(r[0], r[1]): r[2:] for r in sqlite3.connect(db).execute(
        "SELECT lead, n, rep, assigned_at, at_mql FROM journeys")}
one, split = routing(sys.argv[1]), routing(sys.argv[2])
only_split = [k for k in split if split[k][1] is not None and one[k][1] is None]
# routed at MQL time + 1 ms in the split import; a rep without assignment in one
ok = all(split[k][1] == split[k][2] + 1 and one[k][0] is not None for k in only_split)
# not vacuous: this seeded data set shows the effect (1 journey at the time of
# writing, and 4 more assigned to another rep as the rotation moved on)
sys.exit(0 if ok and only_split else 1)
PY

echo "test_split_import: $pass passed, $fail failed"
test "$fail" -eq 0
