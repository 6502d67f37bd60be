#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# bench/gen_journeys.py DB N - fill the leads and journeys tables of a handoff
# database (created by `handoff init`) with N synthetic journeys, one lead
# each, so that the reports that read stored journeys can be timed at a scale
# the event generator would need hours for.  Deterministic (seeded).
import random
import sqlite3
import sys

db, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(42)
channels = ["organic_search", "paid_search", "paid_social", "email", "referral", "webinar",
            "event", "outbound", "partner", "direct", "website"]
reps = ["sam", "kim", "lee", "ana", "raj", "mei"]
reasons = ["not_icp", "bad_timing", "no_budget", "no_response", "over_scored", "bad_data"]
DAY = 86400000
T0 = 1761955200000  # 2025-11-01T00:00:00Z
con = sqlite3.connect(db)
con.execute("PRAGMA synchronous=OFF")


def journey(i):
    mql = T0 + rnd.randrange(365 * DAY)
    at = {"mql": mql}
    furthest, last, reason, amount = "mql", "mql", None, None
    if rnd.random() < 0.6:
        at["sal"] = mql + rnd.randrange(3 * DAY)
        furthest = last = "sal"
        if rnd.random() < 0.5:
            at["sql"] = at["sal"] + rnd.randrange(10 * DAY)
            furthest = last = "sql"
            if rnd.random() < 0.55:
                at["opportunity"] = at["sql"] + rnd.randrange(20 * DAY)
                furthest = last = "opportunity"
                amount = float(rnd.randrange(10000, 120000))
                if rnd.random() < 0.3:
                    at["customer"] = at["opportunity"] + rnd.randrange(20 * DAY, 90 * DAY)
                    furthest = last = "customer"
                elif rnd.random() < 0.5:
                    at["closed_lost"] = at["opportunity"] + rnd.randrange(20 * DAY, 90 * DAY)
                    last = "closed_lost"
    if last in ("mql", "sal") and rnd.random() < 0.7:
        reason = rnd.choice(reasons)
        out = "disqualified" if reason in ("not_icp", "bad_data") else "nurture"
        at[out] = max(at.values()) + rnd.randrange(1, 5 * DAY)
        last = out
    contact = mql + rnd.randrange(7 * DAY) if rnd.random() < 0.9 else None
    lead = f"bench-{i:08d}"
    row = (lead, 1, rnd.choice(channels), "", "mql", furthest, last,
           int(last in ("nurture", "disqualified", "closed_lost")), 0, "min_score", reason,
           None, at.get("mql"), at.get("sal"), at.get("sql"), at.get("opportunity"),
           at.get("customer"), at.get("closed_lost"), at.get("nurture"), at.get("disqualified"),
           rnd.choice(reps), "smb", mql + 1, contact, None, 1, amount, None, None, 3,
           f"acct-{i // 3:07d}", amount / 12 if amount else None, None, str(rnd.randrange(10, 5000)))
    return row


cols = ("lead, n, channel, cohort, first_stage, furthest, last_stage, closed, criterion, mql_rule,"
        " reason, at_lead, at_mql, at_sal, at_sql, at_opportunity, at_customer, at_closed_lost,"
        " at_nurture, at_disqualified, rep, pool, assigned_at, first_contact_at, contact_made_at,"
        " contact_channels_48h, amount, campaign, revisit_at, rules_at_mql, account, monthly,"
        " heard_about, employees")
with con:
    con.execute("DELETE FROM journeys")
    con.execute("DELETE FROM leads")
    con.executemany(f"INSERT INTO journeys({cols}) VALUES ({','.join('?' * 34)})",
                    (journey(i) for i in range(n)))
    con.execute("INSERT INTO leads(lead, account, channel, stage, sales_disqualified, fit, behavior,"
                " score, created, last_event, journeys) SELECT lead, account, channel, last_stage,"
                " 0, 20, 30, 50, at_mql, at_mql, 1 FROM journeys")
    con.execute("UPDATE journeys SET cohort = strftime('%Y-%m', at_mql / 1000, 'unixepoch')")
    con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('as_of', ?)", (T0 + 365 * DAY,))
print(f"{n} journeys in {db}")
