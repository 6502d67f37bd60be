#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# bench/gen_journeys.py DB N - fill the leads and journeys tables of a handoff
# database (created by `handoff init`) with N synthetic journeys, one lead
# each, so that the reports that read stored journeys can be timed at a scale
# the event generator would need hours for.  Deterministic (seeded).
import random
import sqlite3
import struct
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
STAGES = ["lead", "mql", "sal", "sql", "opportunity", "customer", "closed_lost", "nurture",
          "disqualified"]
NONE = -(1 << 63)


def write_pack(con):
    """The compact journey table (src/store/pack.h) of the rows just written,
    encoded here independently of handoff: chunks of 256 leads by lead,
    texts as ids of the journey_dict table.  Without it reports would read the SQL
    rows (meta journey_pack unset)."""
    ids = {}

    def dict_id(text):
        if text is None or text == "":
            return 0
        if text not in ids:
            ids[text] = len(ids) + 1
        return ids[text]

    def t(v):
        return NONE if v is None else v

    rows = con.execute(
        "SELECT j.lead, l.stage, j.n, j.channel, j.first_stage, j.furthest, j.last_stage,"
        " j.closed, j.criterion, j.reason, j.at_lead, j.at_mql, j.at_sal, j.at_sql,"
        " j.at_opportunity, j.at_customer, j.at_closed_lost, j.at_nurture, j.at_disqualified,"
        " j.rep, j.pool, j.assigned_at, j.first_contact_at, j.contact_made_at,"
        " j.contact_channels_48h, j.amount, j.campaign, j.revisit_at, j.rules_at_mql, j.account,"
        " j.monthly, j.heard_about, j.employees, j.criteria_at_mql"
        " FROM journeys j JOIN leads l ON l.lead = j.lead ORDER BY j.lead, j.n").fetchall()
    leads = []  # (lead, blob)
    i = 0
    while i < len(rows):
        end = i + 1
        while end < len(rows) and rows[end][0] == rows[i][0]:
            end += 1
        r0 = rows[i]
        account = (r0[29] or "").encode()
        blob = struct.pack("<BBHIIIIII", 1, STAGES.index(r0[1]), 0, end - i, dict_id(r0[3]),
                           dict_id(r0[26]), len(account), dict_id(r0[31]), dict_id(r0[32]))
        for r in rows[i:end]:
            has_amount = r[25] is not None
            blob += struct.pack(
                "<IBBBBiIIIB7x9q4q2d2Q", r[2], STAGES.index(r[4]), STAGES.index(r[5]),
                STAGES.index(r[6]), (1 if r[7] else 0) | (2 if has_amount else 0), r[8],
                dict_id(r[9]), dict_id(r[19]), dict_id(r[20]), r[24],
                *[t(v) for v in r[10:19]], t(r[21]), t(r[22]), t(r[23]), t(r[27]),
                r[25] if has_amount else 0.0,
                (r[30] or 0.0) if has_amount else 0.0, r[33] & (2**64 - 1), r[28] & (2**64 - 1))
        leads.append((r0[0].encode(), blob + account))
        i = end
    leads.sort()
    con.execute("DELETE FROM journey_pack")
    con.execute("DELETE FROM journey_dict")
    for k in range(0, len(leads), 256):
        part = leads[k:k + 256]
        chunk = struct.pack("<I", len(part)) + b"".join(
            struct.pack("<II", len(lead), len(blob)) + lead + blob for lead, blob in part)
        con.execute("INSERT INTO journey_pack(lead, data) VALUES (?, ?)",
                    ("" if k == 0 else part[0][0].decode(), chunk))
    con.executemany("INSERT INTO journey_dict(id, text) VALUES (?, ?)", ((v, k) for k, v in ids.items()))
    con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('journey_pack', 1)")
    con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('journey_dict',"
                " coalesce((SELECT value FROM meta WHERE key = 'journey_dict'), 0) + 1)")


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
    write_pack(con)
print(f"{n} journeys in {db}")
