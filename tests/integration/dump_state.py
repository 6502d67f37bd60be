#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Print the derived state of a handoff database (leads and journeys) in a
# canonical order, with scores to 9 decimals: two databases hold the same
# state exactly when their dumps are equal.  An independent reader (Python's
# sqlite3), so the comparison does not trust handoff's own code.
import sqlite3
import sys

db = sqlite3.connect(sys.argv[1])
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
