#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Print the derived state of a handoff database (leads and journeys) in a
# canonical order, with scores to 9 decimals: two databases hold the same
# state exactly when their dumps are equal.  An independent reader (Python's
# sqlite3), so the comparison does not trust handoff's own code.
#
# usage: dump_state.py DB [--full]
# --full also prints every other column of leads and the rest of the derived
# state (SLA clocks, visitors, the routing rotation, meta): what `rebuild`
# must reproduce exactly (tests/integration/test_incremental_random.sh).
import sqlite3
import sys

db = sqlite3.connect(sys.argv[1])
full = "--full" in sys.argv[2:]
for row in db.execute(
        "SELECT lead, account, channel, source, stage, disqualified_by, sales_disqualified,"
        " printf('%.9f', fit), printf('%.9f', behavior), as_of, created, last_event, journeys"
        " FROM leads ORDER BY lead"):
    print("lead", *row, sep="|")
# Columns by name: a migrated database appends the columns it lacked, so
# the physical order may differ while the state is the same.
cur = db.execute("SELECT * FROM journeys ORDER BY lead, n")
names = [d[0] for d in cur.description]
order = sorted(range(len(names)), key=lambda i: names[i])
for row in cur:
    print("journey", *(f"{names[i]}={row[i]}" for i in order), sep="|")


def rows_by_name(table, order, where=""):
    """Every row of TABLE, columns sorted by name, REAL values to 9 decimals."""
    cur = db.execute(f"SELECT * FROM {table} {where} ORDER BY {order}")
    names = [d[0] for d in cur.description]
    idx = sorted(range(len(names)), key=lambda i: names[i])
    for row in cur:
        cells = []
        for i in idx:
            v = row[i]
            cells.append(f"{names[i]}={v:.9f}" if isinstance(v, float) else f"{names[i]}={v}")
        print(table, *cells, sep="|")


if full:
    rows_by_name("leads", "lead")
    rows_by_name("sla_clocks", "lead, journey, name, started_at, sla")
    rows_by_name("visitors", "anonymous_id")
    rows_by_name("router_state", "pool, rep")
    # journey_dict counts rebuilds of the journey pack's dictionary (a cache
    # key for other handles), not state
    rows_by_name("meta", "key", "WHERE key <> 'journey_dict'")
