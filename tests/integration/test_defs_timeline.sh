#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The timeline of definitions versions (issue 14 item 2) on the five leads of
# tests/fixtures/defs_timeline, whose README works out every value by hand:
# version 2 activated with --effective 2026-03-10 leaves what version 1
# decided before then, re-evaluates every lead under version 2 at that time
# and judges later events by it.  Importing under each version in turn, one
# import of everything followed by the activation, and a rebuild give the
# same state; rebuild --as-of-version 2 restates all history and is recorded;
# an effective time before the previous version's is refused.
# Usage: test_defs_timeline.sh HANDOFF_BINARY SOURCE_DIR
set -uo pipefail
H=$1
SRC=$2
T=$(mktemp -d "${TMPDIR:-/tmp}/handoff-timeline.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

python3 - "$H" "$SRC" "$T" <<'PY'
import json
import sqlite3
import subprocess
import sys

H, SRC, T = sys.argv[1:4]
FX = f"{SRC}/tests/fixtures/defs_timeline"
DUMP = f"{SRC}/tests/integration/dump_state.py"
EFFECTIVE = "2026-03-10T00:00:00Z"
sys.path.insert(0, f"{SRC}/tests/integration")
from checks import Checks  # noqa: E402

t = Checks(H)
check, run, must = t.check, t.run, t.must


def dump(db):
    """The derived state; the commit counter (meta log_gen) counts commits, not state."""
    out = subprocess.run([sys.executable, DUMP, db, "--full"], capture_output=True,
                         text=True).stdout
    return "".join(l for l in out.splitlines(True) if not l.startswith("meta|key=log_gen|"))


def sign_and_activate(db, *extra):
    must("propose v2", "defs", "propose", f"{FX}/v2.yaml", "--by", "Dana", "--db", db)
    must("marketing signs v2", "defs", "sign", "2", "--as", "marketing", "--by", "Dana",
         "--db", db)
    must("sales signs v2", "defs", "sign", "2", "--as", "sales", "--by", "Lee", "--db", db)
    return run("defs", "activate", "2", "--db", db, *extra)


def iso(ms):
    if ms is None:
        return None
    import datetime
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


def state(db):
    """lead -> (stage, [(mql_at, criterion)]) read with Python's sqlite3."""
    c = sqlite3.connect(db)
    out = {}
    for lead, stage in c.execute("SELECT lead, stage FROM leads"):
        js = c.execute("SELECT at_mql, criterion, at_sal FROM journeys WHERE lead = ? ORDER BY n",
                       (lead,)).fetchall()
        out[lead] = (stage, [(iso(m), cr, iso(s)) for m, cr, s in js])
    c.close()
    return out


# ---- A: import under each version in turn ----
A = f"{T}/a.db"
must("init under v1", "init", "--db", A, "--defs", f"{FX}/v1.yaml")
must("import the events before the switch", "import", "--db", A, f"{FX}/before.jsonl")
p = sign_and_activate(A, "--effective", EFFECTIVE)
check("activate 2 --effective succeeds", p.returncode == 0, p.stderr)
must("import the events after the switch", "import", "--db", A, f"{FX}/after.jsonl")
sa = state(A)
want = {
    "a@x.io": ("mql", [("2026-03-03T10:00:00Z", 0, None)]),   # v1 decided it: 20 + 30
    "b@x.io": ("mql", [("2026-03-10T00:00:00Z", 0, None)]),   # v2 at the switch: 15 + 3*10
    "c@x.io": ("lead", []),                                   # after: v2 gives 10 + 30 < 45
    "d@x.io": ("mql", [("2026-03-12T09:00:00Z", 0, None)]),   # v2: 30 + 15
    "e@x.io": ("sal", [("2026-03-04T10:00:00Z", 0, "2026-03-11T10:00:00Z")]),
}
for lead, w in want.items():
    check(f"A: {lead} is {w}", sa.get(lead) == w, f"got {sa.get(lead)}")
c = sqlite3.connect(A)
clock = c.execute("SELECT name, started_at, stopped_at FROM sla_clocks WHERE lead = 'e@x.io'"
                  ).fetchall()
c.close()
check("A: e's first_touch clock started under v1 runs on under v2 and stops at the call",
      [(n, iso(s), iso(t)) for n, s, t in clock] ==
      [("first_touch", "2026-03-04T10:00:00Z", "2026-03-11T09:00:00Z")], str(clock))

# explain says which version judged the lead when
p = run("explain", "b@x.io", "--db", A, "--at", "2026-03-09T00:00:00Z", "--json")
ex = json.loads(p.stdout) if p.returncode == 0 else {}
check("explain before the switch names version 1", ex.get("definitions_version") == 1,
      p.stdout[:200] + p.stderr)
check("explain before the switch: b scores 15 under v1 (pricing 3 x 5; webinar has no rule)",
      ex.get("score", {}).get("total") == 15.0, str(ex)[:300])
p = run("explain", "b@x.io", "--db", A, "--json")
ex = json.loads(p.stdout) if p.returncode == 0 else {}
check("explain now names version 2", ex.get("definitions_version") == 2, p.stderr)

# backtest compares one version with another over all history: the active
# version itself as the candidate flips nothing, although the timeline made
# a an MQL (v1) that v2 alone would not
p = run("backtest", "--db", A, f"{FX}/v2.yaml", "--json")
bt = json.loads(p.stdout) if p.returncode == 0 else {}
check("backtest of the active version against itself flips nothing",
      bt.get("flips") == [] and bt.get("new_mqls") == 0 and bt.get("no_longer_mqls") == 0,
      p.stdout[:300] + p.stderr)

# history: both spans, the second with its effective time
p = run("defs", "history", "--db", A)
check("defs history shows version 2 in force from the effective time",
      f"in force from {EFFECTIVE}" in p.stdout, p.stdout)

# ---- B: one import of everything, then the activation ----
B = f"{T}/b.db"
must("B: init under v1", "init", "--db", B, "--defs", f"{FX}/v1.yaml")
must("B: import everything", "import", "--db", B, f"{FX}/before.jsonl", f"{FX}/after.jsonl")
sb1 = state(B)
check("B: under v1 alone c would be an MQL on 2026-03-11",
      sb1.get("c@x.io") == ("mql", [("2026-03-11T09:00:00Z", 0, None)]), str(sb1.get("c@x.io")))
p = sign_and_activate(B, "--effective", EFFECTIVE)
check("B: activate 2 --effective succeeds", p.returncode == 0, p.stderr)
check("B: after the activation the state is A's", dump(B) == dump(A))
must("B: rebuild", "rebuild", "--db", B)
check("B: rebuild gives the same state as importing under each version in turn",
      dump(B) == dump(A))
must("A: rebuild", "rebuild", "--db", A)
check("A: rebuild keeps the state", dump(A) == dump(B))

# ---- the timeline only moves forward ----
C = f"{T}/c.db"
must("C: init under v1", "init", "--db", C, "--defs", f"{FX}/v1.yaml")
must("C: import", "import", "--db", C, f"{FX}/before.jsonl")
p = sign_and_activate(C, "--effective", "2026-03-10T00:00:00Z")
p = run("defs", "activate", "1", "--db", C, "--effective", "2026-03-09T00:00:00Z")
check("an effective time before the version before it is refused (exit 1)", p.returncode == 1,
      p.stderr)
check("the refusal names both times and the restatement",
      "cannot take effect at 2026-03-09T00:00:00Z" in p.stderr and
      "took effect at 2026-03-10T00:00:00Z" in p.stderr and "--as-of-version 1" in p.stderr,
      p.stderr)
p = run("defs", "activate", f"{FX}/v1.yaml", "--db", C, "--effective", EFFECTIVE)
check("--effective with a FILE is a usage error (exit 2)", p.returncode == 2, p.stderr)
p = run("rebuild", "--db", C, "--as-of-version", "x")
check("--as-of-version x is a usage error (exit 2)", p.returncode == 2, p.stderr)
p = run("rebuild", "--db", C, "--as-of-version", "7")
check("--as-of-version of a version not stored fails (exit 1) naming it",
      p.returncode == 1 and "7" in p.stderr, p.stderr)

# ---- restatement: rebuild --as-of-version 2 judges all history by v2 ----
p = run("rebuild", "--db", A, "--as-of-version", "2")
check("rebuild --as-of-version 2 succeeds and says it is recorded",
      p.returncode == 0 and "restating all history under definitions version 2" in p.stderr,
      p.stderr)
sr = state(A)
want_r = {
    "a@x.io": ("lead", []),                                   # 10 + 30 < 45
    "b@x.io": ("mql", [("2026-03-07T10:00:00Z", 0, None)]),   # 15 + 3*10 at the third pricing
    "c@x.io": ("lead", []),
    "d@x.io": ("mql", [("2026-03-12T09:00:00Z", 0, None)]),
    "e@x.io": ("sal", [("2026-03-04T11:00:00Z", 0, "2026-03-11T10:00:00Z")]),  # 10+30+10
}
for lead, w in want_r.items():
    check(f"restated: {lead} is {w}", sr.get(lead) == w, f"got {sr.get(lead)}")
p = run("defs", "history", "--db", A, "--json")
h = json.loads(p.stdout) if p.returncode == 0 else {"versions": []}
spans = [s for v in h.get("versions", []) for s in v.get("active_spans", [])]
check("history records the restatement", any(s.get("restatement") for s in spans), p.stdout)
must("rebuild after the restatement", "rebuild", "--db", A)
check("a later rebuild keeps the restated state", state(A) == sr)
p = run("explain", "b@x.io", "--db", A, "--at", "2026-03-09T00:00:00Z", "--json")
ex = json.loads(p.stdout) if p.returncode == 0 else {}
check("after the restatement explain before the old switch names version 2",
      ex.get("definitions_version") == 2, p.stderr)

t.finish()
PY
