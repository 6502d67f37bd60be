#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Sales-side semantics (issue 12 §2): routing ties, business-day units,
# event-started SLAs, re-routing, the route decision in explain, `reps`.
# Every expected value is worked out by hand in
# tests/fixtures/sales_semantics/README.md.
# Usage: test_sales_semantics.sh HANDOFF_BINARY SOURCE_DIR
set -uo pipefail
H=$1
SRC=$2
FX=$SRC/tests/fixtures/sales_semantics
DEFS=$SRC/tests/fixtures/sales/definitions.yaml
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
py() { python3 - "$@"; }

"$H" import --db "$T/ties.db" --defs "$DEFS" "$FX/ties.jsonl" 2>/dev/null
check "same-second MQLs are routed in event-id order: zed (m1) -> sam, abe (m2) -> kim" \
  py "$T/ties.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
got = dict(db.execute("SELECT lead, rep FROM journeys"))
want = {"zed@one.io": "sam", "abe@two.io": "kim"}
print(got, file=sys.stderr) if got != want else None
sys.exit(0 if got == want else 1)
PY

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
