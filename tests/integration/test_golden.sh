#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# tests/integration/test_golden.sh - golden tests: run the real binary on the
# hand-worked cases in tests/golden/<case>/ and compare its JSON output with
# the expected values written there (each case's README.md shows the
# arithmetic).
#
# usage: test_golden.sh HANDOFF_BINARY SOURCE_DIR [CASE...]
#
# Each case directory holds a `steps` file, one step per line ('#' starts a
# comment); every case gets its own database in a temporary directory:
#
#   leads LEAD...            leads compared by `same-as` and `rebuild`
#   import FILE... [exit=N]  handoff import --db DB [--defs DEFS] FILE...
#                            (--defs on the first import of a database); the
#                            exit status must be N (default 0; exit=any: not
#                            checked)
#   stderr TEXT              the last import's stderr contains TEXT
#   nostderr TEXT            ... and does not contain TEXT
#   explain EXPECTED.json    handoff explain LEAD --json [--at T], where LEAD
#                            is the file's "_lead" and T its "_at"
#   funnel EXPECTED.json     handoff report funnel --json ARGS, ARGS = "_args"
#   same-as F... [; F...]    import the files (one import per ';' group) into
#                            a fresh database: explain of every lead and the
#                            funnel (all and by channel) must be identical
#   rebuild                  handoff rebuild: explain of every lead and the
#                            funnel must be identical to before
#
# Expected JSON is matched as a subset of the actual output: objects need
# only the keys written (keys starting with '_' are directives); lists must
# have the same length and match item by item, or, written as
# {"_match_by": KEY, "items": [...]}, each item matches the actual item with
# the same KEY; numbers match to 2 decimals; the string "_absent" means the
# key must be missing (or null).
#
# The definitions are the case's definitions.yaml, else tests/golden/definitions.yaml.
# Needs bash and python3 (json module) only.
set -u

if [ $# -lt 2 ]; then
    echo "usage: $0 HANDOFF_BINARY SOURCE_DIR [CASE...]" >&2
    exit 2
fi
if ! command -v python3 >/dev/null 2>&1; then
    echo "test_golden.sh: python3 is required" >&2
    exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/handoff-golden.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

python3 - "$@" "$tmp" <<'PY'
import json
import os
import shlex
import subprocess
import sys

binary, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
only, tmp = sys.argv[3:-1], sys.argv[-1]
golden = os.path.join(src, "tests", "golden")
failures = 0
checks = 0


def run(args, cwd):
    p = subprocess.run([binary] + args, cwd=cwd, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def match(exp, act, path, errs):
    """Append to errs every way act fails to contain exp."""
    if isinstance(exp, dict) and "_match_by" in exp:
        key = exp["_match_by"]
        if not isinstance(act, list):
            errs.append(f"{path}: expected a list, got {json.dumps(act)}")
            return
        for item in exp["items"]:
            found = [a for a in act if isinstance(a, dict) and a.get(key) == item[key]]
            if len(found) != 1:
                errs.append(f"{path}: {len(found)} items with {key} = {item[key]!r}")
            else:
                match(item, found[0], f"{path}[{key}={item[key]}]", errs)
    elif isinstance(exp, dict):
        if not isinstance(act, dict):
            errs.append(f"{path}: expected an object, got {json.dumps(act)}")
            return
        for k, v in exp.items():
            if k.startswith("_"):
                continue
            if v == "_absent":
                if act.get(k) is not None:
                    errs.append(f"{path}.{k}: expected absent, got {json.dumps(act[k])}")
            elif k not in act:
                errs.append(f"{path}.{k}: missing (expected {json.dumps(v)})")
            else:
                match(v, act[k], f"{path}.{k}", errs)
    elif isinstance(exp, list):
        if not isinstance(act, list) or len(act) != len(exp):
            n = len(act) if isinstance(act, list) else "not a list"
            errs.append(f"{path}: expected {len(exp)} items, got {n}: {json.dumps(act)}")
            return
        for i, (e, a) in enumerate(zip(exp, act)):
            match(e, a, f"{path}[{i}]", errs)
    elif isinstance(exp, bool) or exp is None:
        if act is not exp:
            errs.append(f"{path}: expected {json.dumps(exp)}, got {json.dumps(act)}")
    elif isinstance(exp, (int, float)):
        if isinstance(act, bool) or not isinstance(act, (int, float)) or abs(act - exp) > 0.005 + 1e-9:
            errs.append(f"{path}: expected {exp}, got {json.dumps(act)}")
    elif exp != act:
        errs.append(f"{path}: expected {json.dumps(exp)}, got {json.dumps(act)}")


class Case:
    def __init__(self, name):
        self.name = name
        self.dir = os.path.join(golden, name)
        own = os.path.join(self.dir, "definitions.yaml")
        self.defs = own if os.path.exists(own) else os.path.join(golden, "definitions.yaml")
        self.leads = []
        self.n_db = 0
        self.db = self.new_db()
        self.fresh = {self.db}
        self.stderr = ""

    def new_db(self):
        self.n_db += 1
        return os.path.join(tmp, f"{self.name}-{self.n_db}.db")

    def fail(self, lineno, msg):
        global failures
        failures += 1
        print(f"FAIL {self.name}/steps:{lineno}: {msg}")

    def ok(self, lineno, what):
        global checks
        checks += 1
        print(f"ok   {self.name}/steps:{lineno}: {what}")

    def do_import(self, db, files):
        args = ["import", "--db", db]
        if db in self.fresh:
            args += ["--defs", self.defs]
            self.fresh.discard(db)
        return run(args + [os.path.join(self.dir, f) for f in files], self.dir)

    def explain(self, db, lead, at=None):
        args = ["explain", lead, "--db", db, "--json"] + (["--at", at] if at else [])
        rc, out, err = run(args, self.dir)
        if rc != 0:
            raise RuntimeError(f"explain {lead} exited {rc}: {err.strip()}")
        return json.loads(out)

    def funnel(self, db, extra=()):
        rc, out, err = run(["report", "funnel", "--db", db, "--json"] + list(extra), self.dir)
        if rc != 0:
            raise RuntimeError(f"report funnel {' '.join(extra)} exited {rc}: {err.strip()}")
        return json.loads(out)

    def snapshot(self, db):
        return ({lead: self.explain(db, lead) for lead in self.leads},
                self.funnel(db), self.funnel(db, ["--by", "channel"]))

    def compare_snapshots(self, lineno, what, a, b):
        diffs = []
        for lead in self.leads:
            if a[0][lead] != b[0][lead]:
                diffs.append(f"explain {lead}: {json.dumps(a[0][lead], sort_keys=True)} "
                             f"!= {json.dumps(b[0][lead], sort_keys=True)}")
        if a[1] != b[1]:
            diffs.append(f"funnel: {json.dumps(a[1])} != {json.dumps(b[1])}")
        if a[2] != b[2]:
            diffs.append(f"funnel by channel: {json.dumps(a[2])} != {json.dumps(b[2])}")
        if diffs:
            self.fail(lineno, f"{what}: " + "; ".join(diffs))
        else:
            self.ok(lineno, what)

    def step(self, lineno, words):
        cmd, rest = words[0], words[1:]
        if cmd == "leads":
            self.leads = rest
        elif cmd == "import":
            want = "0"
            files = []
            for w in rest:
                if w.startswith("exit="):
                    want = w[5:]
                else:
                    files.append(w)
            rc, out, err = self.do_import(self.db, files)
            self.stderr = err
            if want != "any" and rc != int(want):
                self.fail(lineno, f"import {' '.join(files)} exited {rc}, expected {want}: "
                                  f"{err.strip()}")
            else:
                self.ok(lineno, f"import {' '.join(files)} (exit {rc})")
        elif cmd in ("stderr", "nostderr"):
            text = " ".join(rest)
            if (text in self.stderr) != (cmd == "stderr"):
                self.fail(lineno, f"import stderr {'lacks' if cmd == 'stderr' else 'has'} "
                                  f"{text!r}: {self.stderr.strip()!r}")
            else:
                self.ok(lineno, f"{cmd} {text}")
        elif cmd in ("explain", "funnel"):
            with open(os.path.join(self.dir, rest[0])) as f:
                exp = json.load(f)
            if cmd == "explain":
                act = self.explain(self.db, exp["_lead"], exp.get("_at"))
            else:
                act = self.funnel(self.db, exp.get("_args", []))
            errs = []
            match(exp, act, "$", errs)
            if errs:
                self.fail(lineno, f"{cmd} {rest[0]}:\n      " + "\n      ".join(errs))
            else:
                self.ok(lineno, f"{cmd} {rest[0]}")
        elif cmd == "same-as":
            db = self.new_db()
            self.fresh.add(db)
            groups = " ".join(rest).split(";")
            for g in groups:
                rc, out, err = self.do_import(db, g.split())
                if rc != 0:
                    self.fail(lineno, f"same-as import {g.strip()} exited {rc}: {err.strip()}")
                    return
            self.compare_snapshots(lineno, f"same-as {' '.join(rest)}",
                                   self.snapshot(self.db), self.snapshot(db))
        elif cmd == "rebuild":
            before = self.snapshot(self.db)
            rc, out, err = run(["rebuild", "--db", self.db], self.dir)
            if rc != 0:
                self.fail(lineno, f"rebuild exited {rc}: {err.strip()}")
                return
            self.compare_snapshots(lineno, "rebuild", before, self.snapshot(self.db))
        else:
            self.fail(lineno, f"unknown step {cmd!r}")

    def run(self):
        with open(os.path.join(self.dir, "steps")) as f:
            lines = f.read().splitlines()
        for lineno, line in enumerate(lines, 1):
            words = shlex.split(line, comments=True)
            if not words:
                continue
            try:
                self.step(lineno, words)
            except (RuntimeError, ValueError, KeyError, OSError) as e:
                self.fail(lineno, f"{' '.join(words)}: {e}")


cases = only or sorted(d for d in os.listdir(golden)
                       if os.path.isfile(os.path.join(golden, d, "steps")))
if not cases:
    print("no golden cases found under " + golden)
    sys.exit(1)
for name in cases:
    Case(name).run()
print(f"{checks} checks passed, {failures} failed, {len(cases)} cases")
sys.exit(1 if failures else 0)
PY
