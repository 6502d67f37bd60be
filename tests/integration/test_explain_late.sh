#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Explain of a lead with a late event (issue 8, "Tests that must exist"): the
# demo data is imported without one event E of a lead (E older than the
# lead's latest event), then E alone.  `explain LEAD --json` (and --at E's
# time) must then be identical
#   - right after that late import (a new process, from what it stored),
#   - after `handoff rebuild` of that database (replay of the whole log),
#   - on a fresh database that imported all the events in one go, in time
#     order (demo-data writes them sorted),
# and differ from the explain before E arrived (E matters, so the check is
# not vacuous).  Three kinds of late event:
#   after-mql  a scored behaviour event of an MQL lead after its MQL moment
#              (not a sales event, so routing is the same in both orders);
#   score      a scored behaviour event of a lead that is no MQL (it stays
#              below the thresholds without E: routing is untouched);
#   group      the group event of an account with two or more leads, none of
#              them an MQL: a late event of the account re-scores all its
#              leads (their fit).
# Usage: test_explain_late.sh HANDOFF_BINARY SOURCE_DIR
set -uo pipefail
H=$1
SRC=$2
T=$(mktemp -d "${TMPDIR:-/tmp}/handoff-late.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

python3 - "$H" "$SRC" "$T" <<'PY'
import contextlib
import difflib
import io
import json
import os
import runpy
import sqlite3
import subprocess
import sys

H, SRC, T = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), sys.argv[3]
DEFS = os.path.join(SRC, "examples", "definitions.yaml")
SALES = {"sales_accept", "sales_reject", "sales_qualify", "contact_attempt", "contact_made",
         "meeting_booked", "opportunity_created", "opportunity_won", "opportunity_lost",
         "nurture", "assign", "disqualify"}
checks = failures = 0


def handoff(*args):
    p = subprocess.run([H, *args], capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"handoff {' '.join(args)} exited {p.returncode}: {p.stderr.strip()}")
    return p.stdout


def explain(db, lead, at=None):
    return handoff("explain", lead, "--db", db, "--json", *(["--at", at] if at else []))


def explains(db, lead, ats):
    """explain as of the data's latest event, then --at each of ats."""
    return [explain(db, lead)] + [explain(db, lead, at) for at in ats]


def dump(db):
    out, argv = io.StringIO(), sys.argv
    sys.argv = ["dump_state.py", db, "--full"]
    try:
        with contextlib.redirect_stdout(out):
            runpy.run_path(os.path.join(SRC, "tests", "integration", "dump_state.py"),
                           run_name="__main__")
    finally:
        sys.argv = argv
    return out.getvalue()


def check(what, ok, detail=""):
    global checks, failures
    checks += 1
    if ok:
        print(f"ok   {what}")
    else:
        failures += 1
        print(f"FAIL {what}" + ("\n    " + detail.replace("\n", "\n    ") if detail else ""))


def diff(a, b, x, y):
    return "\n".join(list(difflib.unified_diff(a.splitlines(), b.splitlines(), x, y,
                                               lineterm="", n=2))[:60])


ev_file = os.path.join(T, "ev.jsonl")
handoff("demo-data", "--seed", "42", "--leads", "300", "--out", ev_file)
with open(ev_file) as f:
    lines = f.read().splitlines()
events = [json.loads(x) for x in lines]
one = os.path.join(T, "one.db")
handoff("init", "--db", one, "--defs", DEFS)
handoff("import", "--db", one, ev_file)
db1 = sqlite3.connect(one)
leads = {r[0]: r[1:] for r in db1.execute("SELECT lead, stage, journeys, account FROM leads")}
latest = {}
for e in events:
    if e.get("lead"):
        latest[e["lead"]] = max(latest.get(e["lead"], ""), e["ts"])


def scored_events(lead):
    """(id, ts) of the events of lead's explain that scored points."""
    x = json.loads(explain(one, lead))
    return x, [(ev["id"], ev["ts"]) for r in x["rules"] for ev in r["events"] if ev["points"] > 0]


def pick_after_mql():
    by_id = {e["id"]: e for e in events}
    for lead in sorted(leads):
        if leads[lead][1] == 0:
            continue
        x, scored = scored_events(lead)
        for eid, ts in scored:
            e = by_id[eid]
            if (x["mql"] and e["type"] not in SALES and e.get("lead") == lead
                    and x["mql"]["at"] < ts < latest[lead]):
                return [lead], e
    return None


def pick_score():
    by_id = {e["id"]: e for e in events}
    for lead in sorted(leads):
        if leads[lead][1] != 0 or leads[lead][0] != "lead":
            continue
        x, scored = scored_events(lead)
        for eid, ts in scored:
            if ts < latest[lead] and by_id[eid].get("lead") == lead:
                return [lead], by_id[eid]
    return None


def pick_group():
    members = {}
    for lead, (stage, journeys, account) in leads.items():
        members.setdefault(account, []).append((lead, journeys))
    for e in events:
        if e["type"] != "group" or e["traits"].get("is_competitor"):
            continue
        ms = members.get(e["account"], [])
        if (len(ms) >= 2 and all(j == 0 for _, j in ms)
                and all(e["ts"] < latest[m] for m, _ in ms)
                and sum(1 for x in events if x["type"] == "group"
                        and x["account"] == e["account"]) == 1):
            return sorted(m for m, _ in ms), e
    return None


for kind, pick in (("after-mql", pick_after_mql), ("score", pick_score), ("group", pick_group)):
    got = pick()
    check(f"{kind}: the demo data has such a lead and event", got is not None)
    if got is None:
        continue
    who, late = got
    d = os.path.join(T, kind)
    os.makedirs(d)
    first, second = os.path.join(d, "first.jsonl"), os.path.join(d, "late.jsonl")
    with open(first, "w") as f:
        f.write("".join(x + "\n" for x, e in zip(lines, events) if e["id"] != late["id"]))
    with open(second, "w") as f:
        f.write(json.dumps(late) + "\n")
    db = os.path.join(d, "split.db")
    handoff("init", "--db", db, "--defs", DEFS)
    handoff("import", "--db", db, first)
    before = {lead: explain(db, lead) for lead in who}
    handoff("import", "--db", db, second)
    what = f"{kind}: late event {late['id']} ({late['type']} at {late['ts']}) of {', '.join(who)}"
    views = {}
    ats = {lead: [late["ts"], latest[lead]] for lead in who}
    for lead in who:
        views[lead] = {"late import": explains(db, lead, ats[lead])}
    state = dump(db)
    handoff("rebuild", "--db", db)
    check(f"{what}: rebuild keeps the state", dump(db) == state, diff(state, dump(db), "late", "rebuild"))
    for lead in who:
        views[lead]["after rebuild"] = explains(db, lead, ats[lead])
        views[lead]["one sorted import"] = explains(one, lead, ats[lead])
        base = views[lead]["late import"]
        for name, v in views[lead].items():
            if name == "late import":
                continue
            for at, x, y in zip([None] + ats[lead], base, v):
                opt = f" --at {at}" if at else ""
                check(f"{what}: explain {lead}{opt} after the late import = {name}", x == y,
                      diff(x, y, "late import", name))
        check(f"{what}: the late event changes explain {lead} (not vacuous)",
              before[lead] != base[0])
        if kind != "group":
            listed = [ev["id"] for r in json.loads(base[0])["rules"] for ev in r["events"]]
            check(f"{what}: explain {lead} lists it", late["id"] in listed)
print(f"test_explain_late: {checks - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
PY
