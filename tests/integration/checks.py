# SPDX-License-Identifier: MIT
"""Shared by the integration tests written in Python: a check counter that
names each failure, running the handoff binary, and the closing line
("N passed, M failed") that CI reads.

    from checks import Checks
    t = Checks(handoff_binary)
    p = t.run("import", "--db", db, path)
    t.check("import succeeds", p.returncode == 0, p.stderr)
    t.finish()
"""
import subprocess
import sys


class Checks:
    def __init__(self, handoff):
        self.handoff = handoff
        self.passed = 0
        self.failed = 0

    def check(self, what, ok, detail=""):
        """Count one check; print what failed and why."""
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL: {what} {detail}", file=sys.stderr)

    def run(self, *args):
        """Run handoff with args; stdout and stderr captured as text."""
        return subprocess.run([self.handoff, *args], capture_output=True, text=True)

    def must(self, what, *args):
        """Run handoff and check that it exits 0."""
        p = self.run(*args)
        self.check(what, p.returncode == 0, p.stderr)
        return p

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed")
        sys.exit(1 if self.failed else 0)
