#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Incremental import = rebuild (issue 8, "Tests that must exist"): the event
# files are split at random (tests/integration/chunk_events.py, a fixed list
# of seeds: by position, shuffled across chunks so later chunks hold older
# events, late batches, duplicated lines, group events and recycled leads in
# later chunks, visitors' anonymous events after the event linking them to a
# lead, extra account-level group events and visitors), imported chunk by chunk
# into one database, and then:
#   - `rebuild` on that database reproduces the derived state byte for byte
#     (tests/integration/dump_state.py --full: leads, journeys, SLA clocks,
#     visitors, rotation), and the same explain of sample leads and funnel;
#     routing decisions are `assign` events in the log, so rebuild replays
#     them (README "Routing is a decision made when it is made");
#   - rebuild adds no event and drops none;
#   - every distinct input id is stored exactly once, and nothing else but
#     handoff's own routing events (ids route:... and reroute:...);
#   - apart from routing, the state equals a one-shot import of the same
#     files (stages, scores, journeys' stage times).
# Runs on the demo data (20 seeds) and on the hand-worked fixtures of
# tests/golden/* and tests/fixtures/{visitors,sales,sales_semantics,leads,
# reports}.  A failure prints the seed, the chunking, the commands to
# reproduce and a diff of the dumps.  CASE: demo or a fixture case name
# (golden-late, visitors, ...); the cases of KNOWN_BUGS run only when named.
# Usage: test_incremental_random.sh HANDOFF_BINARY SOURCE_DIR [CASE...]
set -uo pipefail
H=$1
SRC=$2
shift 2
T=$(mktemp -d "${TMPDIR:-/tmp}/handoff-incr.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

python3 - "$H" "$SRC" "$T" "$@" <<'PY'
import contextlib
import difflib
import io
import json
import os
import runpy
import subprocess
import sys

H, SRC, T = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), sys.argv[3]
ONLY = sys.argv[4:]
IT = os.path.join(SRC, "tests", "integration")
DEMO_SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 17, 23, 42, 77, 101, 314, 2718]
FIXTURE_SEEDS = [2, 3, 4, 7, 8]  # modes late, position, shuffle, shuffle, late
# The ids of the assign events handoff writes itself (src/engine/route_pass.c).
ROUTING_IDS = ("route:", "reroute:")
checks = failures = 0
stats = {"recycled_later": 0, "groups_later": 0, "visitors_later": 0, "duplicates": 0,
         "routed": 0}


def run(*args):
    p = subprocess.run(list(args), capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def handoff(*args):
    return run(H, *args)


def script(name, *args):
    """Run tests/integration/NAME in this process (no interpreter start-up
    per call), return what it prints."""
    out, argv = io.StringIO(), sys.argv
    sys.argv = [name, *args]
    try:
        with contextlib.redirect_stdout(out):
            runpy.run_path(os.path.join(IT, name), run_name="__main__")
    except (Exception, SystemExit) as e:
        raise RuntimeError(f"{name} {' '.join(args)}: {e!r}")
    finally:
        sys.argv = argv
    return out.getvalue()


def dump(db):
    return script("dump_state.py", db, "--full")


def stored_ids(db):
    return script("log_ids.py", db).splitlines()


def views(db, leads):
    """What a user sees: explain of the sample leads and the funnels."""
    out = {}
    for lead in leads:
        out["explain " + lead] = handoff("explain", lead, "--db", db, "--json")
    for extra in ([], ["--by", "channel"]):
        out["funnel " + " ".join(extra)] = handoff("report", "funnel", "--db", db, "--json", *extra)
    return out


def non_routing(db):
    """leads and journeys without the routing columns (test_split_import.sh).
    The behaviour score is stored decayed to the lead's latest event, which
    may be an `assign` event: compared by the caller only where last_event
    is the same."""
    import sqlite3
    c = sqlite3.connect(db)
    cur = c.execute("SELECT * FROM journeys ORDER BY lead, n")
    names = [d[0] for d in cur.description]
    keep = sorted((n, i) for i, n in enumerate(names) if n not in ("rep", "pool", "assigned_at"))
    journeys = [tuple((n, r[i]) for n, i in keep) for r in cur]
    leads = {r[0]: r[1:] for r in c.execute(
        "SELECT lead, stage, printf('%.9f', fit), journeys, disqualified_by, created,"
        " last_event, printf('%.9f', behavior) FROM leads")}
    c.close()
    return journeys, leads


def same_but_routing(a, b):
    if a[0] != b[0] or a[1].keys() != b[1].keys():
        return False
    for lead, x in a[1].items():
        y = b[1][lead]
        if x[:5] != y[:5] or (x[5] == y[5] and x[6] != y[6]):
            return False
    return True


def diff(a, b, what):
    lines = list(difflib.unified_diff(a.splitlines(), b.splitlines(), "incremental", what,
                                      lineterm="", n=1))
    return "\n".join(lines[:60]) + ("\n  ... (%d more diff lines)" % (len(lines) - 60)
                                    if len(lines) > 60 else "")


def case(name, defs, files, seed, synth=False, rejects=False):
    global checks, failures
    d = os.path.join(T, f"{name}-{seed}")
    args = [str(seed), d] + (["--synth-groups", "4", "--synth-visitors", "5"] if synth else [])
    summary = script("chunk_events.py", *args, *files)
    with open(os.path.join(d, "manifest.json")) as f:
        man = json.load(f)
    db = os.path.join(d, "inc.db")
    errs = []
    # The commands, with the case's directory as $OUT (the test's own
    # temporary directory is gone when it ends).
    out_of = lambda x: x.replace(d, "$OUT").replace(T, "$OUT").replace(SRC + "/", "")
    repro = ["OUT=$(mktemp -d)"]
    if name == "demo":
        repro.append(f"handoff demo-data --seed {seed} --leads 300 --out $OUT/demo.jsonl"
                     " --csv $OUT/demo.csv")
    repro += [out_of(f"python3 tests/integration/chunk_events.py {' '.join(args)} "
                     + " ".join(files)),
              out_of(f"handoff init --db {db} --defs {defs}")]
    handoff("init", "--db", db, "--defs", defs)
    for k, chunk in enumerate(man["files"]):
        repro.append(out_of(f"handoff import --db {db} " + " ".join(chunk)))
        rc, out, err = handoff("import", "--db", db, *chunk)
        if rc != 0 and not (rejects and rc == 3):
            errs.append(f"import of chunk {k} exited {rc}: {err.strip()[:500]}")
    before, ids_before = dump(db), stored_ids(db)
    seen_before = views(db, man["explain_leads"])
    repro.append(out_of(f"python3 tests/integration/dump_state.py {db} --full > $OUT/before.txt"))
    repro.append(out_of(f"handoff rebuild --db {db}"))
    rc, out, err = handoff("rebuild", "--db", db)
    if rc != 0:
        errs.append(f"rebuild exited {rc}: {err.strip()}")
    after, ids_after = dump(db), stored_ids(db)
    repro.append(out_of(f"python3 tests/integration/dump_state.py {db} --full > $OUT/after.txt"))
    repro.append("diff $OUT/before.txt $OUT/after.txt")
    if before != after:
        errs.append("rebuild changed the state:\n" + diff(before, after, "rebuild"))
    if ids_before != ids_after:
        errs.append(f"rebuild changed the log: {len(ids_before)} events before, "
                    f"{len(ids_after)} after")
    seen_after = views(db, man["explain_leads"])
    for k in seen_before:
        if seen_before[k] != seen_after[k]:
            errs.append(f"{k} differs after rebuild:\n"
                        + diff(seen_before[k][1], seen_after[k][1], "rebuild"))
    if len(ids_before) != len(set(ids_before)):
        errs.append(f"{len(ids_before) - len(set(ids_before))} event ids stored twice")
    mine = {i for i in ids_before if not i.startswith(ROUTING_IDS)}
    with open(os.path.join(d, "ids.txt")) as f:
        want = set(f.read().split())
    # One import of all the files, in one go: the same events and, routing
    # aside, the same state.
    one = os.path.join(d, "one.db")
    handoff("init", "--db", one, "--defs", defs)
    handoff("import", "--db", one, *files, *[os.path.join(d, f"c{k}_{len(files)}.jsonl")
                                              for k in range(len(man["files"]))
                                              if os.path.exists(os.path.join(
                                                  d, f"c{k}_{len(files)}.jsonl"))])
    one_ids = {i for i in stored_ids(one) if not i.startswith(ROUTING_IDS)}
    if rejects:
        want = one_ids  # rejected records are not stored: one import tells which
    if mine != want:
        errs.append(f"stored ids differ from the input's distinct ids: "
                    f"{len(want - mine)} missing {sorted(want - mine)[:5]}, "
                    f"{len(mine - want)} extra {sorted(mine - want)[:5]}")
    a, b = non_routing(db), non_routing(one)
    if not same_but_routing(a, b):
        text = lambda x: ("\n".join(str((k, *v)) for k, v in sorted(x[1].items())) + "\n"
                          + "\n".join(map(str, x[0])))
        errs.append("apart from routing, the state differs from one import of all files:\n"
                    + diff(text(a), text(b), "one import"))
    if name == "demo":
        import sqlite3
        c = sqlite3.connect(db)
        js = dict(c.execute("SELECT lead, journeys FROM leads"))
        stats["routed"] += sum(1 for i in ids_before if i.startswith(ROUTING_IDS))
        c.close()
        stats["recycled_later"] += sum(1 for lead in man["recycled"] if js.get(lead, 0) >= 2)
        stats["groups_later"] += len(man["moved_groups"]) + len(man["synth_groups"])
        stats["duplicates"] += man["duplicates"]
        stats["visitors_later"] += len(man["late_visitors"])
    checks += 1
    if errs:
        failures += 1
        print(f"FAIL {name} {summary.strip()}")
        print("  chunks (records each): " + json.dumps(man["chunks"]))
        print("  to reproduce (from the source dir):\n    " + "\n    ".join(repro))
        for e in errs:
            print("  " + e.replace("\n", "\n    "))
        if name in KNOWN_BUGS:
            print("  KNOWN BUG on main: " + KNOWN_BUGS[name])
    else:
        print(f"ok   {name} {summary.strip()}")


def fx(*parts):
    return os.path.join(SRC, "tests", *parts)


KNOWN_BUGS = {}  # name -> why a case runs only when named (none now)
golden_defs = fx("golden", "definitions.yaml")
fixtures = []
for name in sorted(os.listdir(fx("golden"))):
    d = fx("golden", name)
    if not os.path.isdir(d):
        continue
    defs = os.path.join(d, "definitions.yaml")
    defs = defs if os.path.exists(defs) else golden_defs
    jsonl = sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".jsonl"))
    csvs = sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".csv"))
    # A case's CSV holds the same ids as its JSON Lines: a case of its own.
    if jsonl:
        fixtures.append((f"golden-{name}", defs, jsonl, name == "rejected"))
    for c in csvs:
        fixtures.append((f"golden-{name}-csv", defs, [c], name == "rejected"))
sem = fx("fixtures", "sales_semantics")
fixtures += [
    ("visitors", os.path.join(SRC, "examples", "definitions.yaml"),
     [fx("fixtures", "visitors", "early.jsonl"), fx("fixtures", "visitors", "late.jsonl")], False),
    ("sales", fx("fixtures", "sales", "definitions.yaml"),
     [fx("fixtures", "sales", "events.jsonl")], False),
    ("sales_semantics", os.path.join(sem, "definitions.yaml"),
     [os.path.join(sem, "events.jsonl")], False),
    # Both MQLs at the data's latest event: the import's routing writes its
    # `assign` events 1 ms later, and the stored as-of time must include
    # them as a rebuild's does (test_routing_as_of.sh; it was a bug).
    ("sales_semantics-ties", fx("fixtures", "sales", "definitions.yaml"),
     [os.path.join(sem, "ties.jsonl")], False),
    ("sales_semantics-capacity", os.path.join(sem, "capacity.yaml"),
     [os.path.join(sem, "capacity.jsonl"), os.path.join(sem, "capacity2.jsonl")], False),
    ("leads", fx("fixtures", "leads", "definitions.yaml"),
     [fx("fixtures", "leads", "events.jsonl")], False),
    ("reports-accounts", fx("fixtures", "reports", "accounts_defs.yaml"),
     [fx("fixtures", "reports", "accounts_events.jsonl")], False),
    ("reports-funnel", fx("fixtures", "reports", "funnel_definitions.yaml"),
     [fx("fixtures", "reports", "funnel_events.jsonl")], False),
    ("reports-money", fx("fixtures", "reports", "money_definitions.yaml"),
     [fx("fixtures", "reports", "money_events.jsonl")], False),
]

try:
    if not ONLY or "demo" in ONLY:
        ev, ev_csv = os.path.join(T, "demo.jsonl"), os.path.join(T, "demo.csv")
        for seed in DEMO_SEEDS:
            # a data set of its own per seed, 300 leads; every fourth seed
            # imports the CSV of the same events (the synthetic events come
            # as JSON Lines, in the same imports)
            rc, out, err = handoff("demo-data", "--seed", str(seed), "--leads", "300",
                                   "--out", ev, "--csv", ev_csv)
            if rc != 0:
                raise RuntimeError(f"demo-data exited {rc}: {err.strip()}")
            case("demo", os.path.join(SRC, "examples", "definitions.yaml"),
                 [ev_csv if seed % 4 == 0 else ev], seed, synth=True)
        # Not vacuous: over the seeds, recycled leads (two journeys or more),
        # group events and visitors' anonymous events did land in later
        # chunks, lines were repeated, and the imports routed journeys.
        checks += 1
        if min(stats.values()) == 0:
            failures += 1
            print(f"FAIL the random splits miss a kind of event: {stats}")
        else:
            print(f"ok   the splits cover recycles, late groups, duplicates, routing: {stats}")
    for name, defs, files, rejects in fixtures:
        if (ONLY and name not in ONLY) or (not ONLY and name in KNOWN_BUGS):
            continue
        for seed in FIXTURE_SEEDS:
            case(name, defs, files, seed, rejects=rejects)
except RuntimeError as e:
    failures += 1
    print(f"FAIL {e}")
print(f"test_incremental_random: {checks - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
PY
