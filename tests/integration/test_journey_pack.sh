#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The compact journey table (journey_pack, store/pack.h) against the SQL
# rows it copies: every report that reads stored journeys prints the same
# bytes from the pack as from the rows (meta journey_pack = 0 makes readers
# use the rows), on the demo data (the pack written by handoff at each
# commit, by an import in three parts and by a rebuild) and on synthetic
# journeys whose pack bench/gen_journeys.py encodes on its own in Python
# (an independent encoder of the layout).  A database whose pack is not
# complete gets it filled from the rows by the next writing command.
# Usage: test_journey_pack.sh HANDOFF_BINARY SOURCE_DIR
set -uo pipefail
H=$1
SRC=$2
T=${KEEP:-$(mktemp -d)}
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

set_pack() { # DB VALUE
  python3 - "$1" "$2" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('journey_pack', ?)", (int(sys.argv[2]),))
c.commit()
PY
}

REPORTS=("funnel" "funnel --by rep" "funnel --by campaign" "funnel --by segment"
         "funnel --by source" "funnel --flow" "funnel --period quarter" "speed" "top" "whatif"
         "rules" "dispositions" "stages" "pipeline" "closed-won")

# same_reports NAME DB: every report, from the pack and from the rows
same_reports() {
  local name=$1 db=$2 i=0
  for r in "${REPORTS[@]}"; do
    i=$((i + 1))
    # shellcheck disable=SC2086
    "$H" report $r --db "$db" --json > "$T/$name.pack.$i" 2>&1
    # shellcheck disable=SC2086
    "$H" report $r --db "$db" --csv >> "$T/$name.pack.$i" 2>&1
  done
  "$H" leads --db "$db" --json > "$T/$name.pack.leads" 2>&1
  set_pack "$db" 0
  i=0
  for r in "${REPORTS[@]}"; do
    i=$((i + 1))
    # shellcheck disable=SC2086
    "$H" report $r --db "$db" --json > "$T/$name.rows.$i" 2>&1
    # shellcheck disable=SC2086
    "$H" report $r --db "$db" --csv >> "$T/$name.rows.$i" 2>&1
    check "$name: report $r from the pack = from the SQL rows" \
      cmp -s "$T/$name.pack.$i" "$T/$name.rows.$i"
  done
  "$H" leads --db "$db" --json > "$T/$name.rows.leads" 2>&1
  check "$name: leads from the pack = from the SQL rows" \
    cmp -s "$T/$name.pack.leads" "$T/$name.rows.leads"
  set_pack "$db" 1
}

# ---- the demo data, written by handoff ----
"$H" demo-data --leads 3000 --out "$T/demo.jsonl" > /dev/null 2>&1
head -n 30000 "$T/demo.jsonl" > "$T/a.jsonl"
sed -n '30001,60000p' "$T/demo.jsonl" > "$T/b.jsonl"
tail -n +60001 "$T/demo.jsonl" > "$T/c.jsonl"
DEFS=$SRC/examples/definitions.yaml
"$H" import --db "$T/split.db" --defs "$DEFS" "$T/a.jsonl" > /dev/null 2>&1
"$H" import --db "$T/split.db" "$T/b.jsonl" > /dev/null 2>&1
"$H" import --db "$T/split.db" "$T/c.jsonl" > /dev/null 2>&1
check "the demo data imports in three parts" test -s "$T/split.db"
same_reports split "$T/split.db"
cp "$T/split.db" "$T/rebuilt.db"
"$H" rebuild --db "$T/rebuilt.db" > /dev/null 2>&1
same_reports rebuilt "$T/rebuilt.db"
for i in $(seq ${#REPORTS[@]}); do
  check "report ${REPORTS[$((i - 1))]}: the split import = the rebuild" \
    cmp -s "$T/split.pack.$i" "$T/rebuilt.pack.$i"
done

# ---- synthetic journeys, the pack encoded by the Python generator ----
"$H" init --db "$T/syn.db" > /dev/null 2>&1
python3 "$SRC/bench/gen_journeys.py" "$T/syn.db" 5000 > /dev/null
same_reports synthetic "$T/syn.db"

# ---- a pack that is not complete is filled by the next writer ----
cp "$T/split.db" "$T/fill.db"
python3 - "$T/fill.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("DELETE FROM journey_pack")
c.execute("DELETE FROM journey_dict")
c.execute("DELETE FROM meta WHERE key = 'journey_pack'")
c.commit()
PY
"$H" report funnel --db "$T/fill.db" --json > "$T/fill.rows" 2>&1
lead=$(python3 -c "import json,sys; print(json.loads(open(sys.argv[1]).readline())['lead'])" \
         "$T/a.jsonl")
"$H" contact "$lead" --via call --db "$T/fill.db" > /dev/null 2>&1
check "a writing command fills the pack" python3 - "$T/fill.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
assert c.execute("SELECT value FROM meta WHERE key = 'journey_pack'").fetchone() == (1,)
assert c.execute("SELECT count(*) FROM journey_pack").fetchone()[0] > 0
PY
same_reports filled "$T/fill.db"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
