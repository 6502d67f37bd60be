#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# handoff calibrate (issue 14 item 5) on a synthetic history drawn from known
# coefficients (calib_synth.py: 4,000 leads, a fit rule, three behaviour
# rules of different sign and size, two channels; outcomes from the logistic
# model, pricing views after the sales touch as a leakage trap).  Checked
# against values computed independently in Python: the sample counts, the
# holdout split (FNV-1a + splitmix64 re-implemented), the generating model's
# holdout AUC (the fitted one within 0.02), the active score's holdout AUC
# (from the points, pair by pair), the coefficients' signs, order and size,
# and the candidate text (the active one with exactly the suggested points,
# the next version, no signed: lines).  The candidate passes defs check and
# backtest; nothing is activated or written to the store.  Refusals below
# the minimum give the exact numbers; bad flags name the flag.
# Usage: test_calibrate.sh HANDOFF_BINARY SOURCE_DIR
set -uo pipefail
H=$1
SRC=$2
T=$(mktemp -d "${TMPDIR:-/tmp}/handoff-calibrate.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

python3 - "$H" "$SRC" "$T" <<'PY'
import json
import os
import subprocess
import sys

H, SRC, T = sys.argv[1:4]
sys.path.insert(0, f"{SRC}/tests/integration")
import calib_synth as cs  # noqa: E402

DEFS = f"{SRC}/tests/fixtures/calibrate/defs.yaml"
DB = f"{T}/cal.db"
passed = failed = 0


def check(what, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {what} {detail}", file=sys.stderr)


def run(*args, cwd=T):
    return subprocess.run([H, *args], capture_output=True, text=True, cwd=cwd)


def dump(db):
    return subprocess.run(["python3", f"{SRC}/tests/integration/dump_state.py", db, "--full"],
                          capture_output=True, text=True).stdout


truth = cs.generate(f"{T}/events.jsonl", 4000)
known = [t for t in truth if t[2] is not None]
positives = sum(1 for t in known if t[2])
check("init", run("init", "--db", DB, "--defs", DEFS).returncode == 0)
r = run("import", "--db", DB, f"{T}/events.jsonl")
check("import", r.returncode == 0, r.stderr)
before_state = dump(DB)
before_show = run("defs", "show", "--db", DB).stdout
before_hist = run("defs", "history", "--db", DB, "--json").stdout

# --- the fit --------------------------------------------------------------------
r = run("calibrate", "--db", DB, "--json", "--out", f"{T}/cand.yaml")
check("calibrate: exit 0", r.returncode == 0, r.stderr)
c = json.loads(r.stdout) if r.returncode == 0 else {}
check("leads and unknowable outcomes counted",
      c.get("leads") == 4000 and c.get("unknown_outcome") == 4000 - len(known), c.get("leads"))
need = c.get("need", {})
check("samples and classes", need.get("samples") == len(known)
      and need.get("positives") == positives and need.get("enough") is True, need)

events = [json.loads(x) for x in open(f"{T}/events.jsonl")]
touch = {e["lead"]: e["ts"] for e in events if e["type"] == "contact_attempt"}
touch_ms = {lead: cs.to_ms(ts) for lead, ts in touch.items()}
held = cs.time_holdout([t[0] for t in known], touch_ms, 0.2)
hold = [t for t in known if t[0] in held]
sp = c.get("split", {})
check("the default split is time-ordered", sp.get("method") == "time" and sp.get("seed") is None,
      sp)
check("holdout split as re-implemented (the latest 20% by first touch)",
      sp.get("holdout") == len(hold) and sp.get("holdout_positives") == sum(t[2] for t in hold)
      and sp.get("train") == len(known) - len(hold), (sp, len(hold)))

true_auc = cs.auc([t[1] for t in hold], [t[2] for t in hold])
model_auc = c.get("model", {}).get("auc") or 0
check("fitted AUC within 0.02 of the generating model's",
      abs(model_auc - true_auc) <= 0.02, (model_auc, true_auc))

# The active score as the lead stood before the touch: recomputed from the
# events' counts (the post-touch pricing views must not count).
def active_score(lead):
    i = int(lead[1:6])
    return scores[i]


scores = {}
for e in events:
    lead = e["lead"]
    if lead not in touch or e["ts"] >= touch[lead]:
        continue
    pts = 0
    if e["type"] == "identify" and "VP" in e["traits"]["title"]:
        pts = 10
    elif e["type"] == "form_submit":
        pts = 20
    elif e["type"] == "page_view" and e["props"]["path"] == "/pricing":
        pts = 10
    elif e["type"] == "page_view" and e["props"]["path"] == "/careers":
        pts = -5
    scores[lead] = scores.get(lead, 0) + pts
active_auc = cs.auc([scores.get(t[0], 0) for t in hold], [t[2] for t in hold])
got = c.get("active_score", {}).get("auc") or 0
check("active score's holdout AUC as computed from the points", abs(got - active_auc) < 1e-5,
      (got, active_auc))
check("Brier scores in (0, 0.25]", 0 < (c.get("model", {}).get("brier") or 0) <= 0.25
      and 0 < (c.get("active_score", {}).get("brier") or 0) <= 0.25)
bands = c.get("model", {}).get("bands", [])
check("bands count every holdout lead", len(bands) == 10
      and sum(b["n"] for b in bands) == len(hold)
      and sum(b["positives"] for b in bands) == sum(t[2] for t in hold))

rules = {x["rule"]: x for x in c.get("rules", [])}
names = ["demo_request", "senior_title", "pricing_view", "careers_view"]
got = [rules.get(n, {}).get("coef", 0) for n in names]
check("coefficient signs recovered",
      all((g > 0) == (cs.TRUE[n] > 0) for g, n in zip(got, names)), got)
check("coefficient order recovered", got == sorted(got, reverse=True), got)
check("each rule's coefficient within 0.25 of the generating one (no leakage)",
      all(abs(g - cs.TRUE[n]) <= 0.25 for g, n in zip(got, names)), got)
coefs = {x["feature"]: x for x in c.get("coefficients", [])}
diff = coefs.get("channel.organic", {}).get("coef", 0) - coefs.get("channel.paid", {}).get("coef", 0)
check("organic vs paid within 0.25 of the generating -0.5", abs(diff + 0.5) <= 0.25, diff)
train = [t for t in known if t[0] not in held]
organic = {e["lead"] for e in events if e.get("channel") == "organic"}
check("a feature's sample count = training leads having it",
      coefs.get("channel.organic", {}).get("samples") == sum(t[0] in organic for t in train),
      coefs.get("channel.organic"))

# Dispositions feed the loop (item 6): the same flags and counts as report rules.
r = run("report", "rules", "--db", DB, "--json")
rr = {x["rule"]: x for x in json.loads(r.stdout)["rules"]} if r.returncode == 0 else {}
check("rejection counts and flags as report rules gives them",
      all(rules[n]["rejected_bad_fit"] == rr[n]["rejected_bad_fit"]
          and rules[n]["rejected_bad_scoring"] == rr[n]["rejected_bad_scoring"]
          and rules[n]["mostly_rejected"] == rr[n]["mostly_rejected"]
          and rules[n]["mql_journeys"] == rr[n]["with_rule"]["num"] for n in names), rr)
check("a mostly rejected rule is flagged in words",
      any(rules[n]["mostly_rejected"] and rules[n]["rejection_flag"] for n in names))

# --- the candidate ----------------------------------------------------------------
text = open(DEFS).read()
want = text.replace("version: 1", "version: 2", 1)
want = want.replace(', signed: 2026-01-05 }', ' }').replace("    signed: 2026-01-06\n", "")
for n, old in [("senior_title", 10), ("demo_request", 20), ("pricing_view", 10),
               ("careers_view", -5)]:
    new = rules.get(n, {}).get("suggested")
    want = want.replace(f"name: {n},", f"name: {n}@,", 1)
    head, tail = want.split(f"name: {n}@,", 1)
    tail = tail.replace(f"points: {old} ", f"points: {new:g} ", 1)
    want = head + f"name: {n}," + tail
cand = open(f"{T}/cand.yaml").read() if os.path.exists(f"{T}/cand.yaml") else ""
check("candidate = active text with the suggested points, version 2, unsigned", cand == want,
      "\n" + cand)
check("suggested points scale the coefficients to the active total weight (|10|+|20|+|10|+|-5|)",
      abs(sum(abs(rules[n]["suggested"]) for n in names) - 45) <= 2
      and rules["demo_request"]["suggested"] > rules["senior_title"]["suggested"]
      > rules["pricing_view"]["suggested"] > 0 > rules["careers_view"]["suggested"],
      [rules[n]["suggested"] for n in names])
check("candidate version and changes reported", c.get("candidate_version") == 2
      and any("points" in x for x in c.get("changes", [])), c.get("changes"))
r = run("defs", "check", f"{T}/cand.yaml")
check("candidate passes defs check", r.returncode == 0, r.stdout + r.stderr)
r = run("backtest", "--db", DB, f"{T}/cand.yaml", "--json")
check("backtest accepts the candidate", r.returncode == 0, r.stderr)
check("active definitions unchanged", run("defs", "show", "--db", DB).stdout == before_show)
check("definitions history unchanged (nothing proposed or activated)",
      run("defs", "history", "--db", DB, "--json").stdout == before_hist)
check("store state unchanged", dump(DB) == before_state)

# --- text output, default path, seed -----------------------------------------------
r = run("calibrate", "--db", DB)
check("text: exit 0", r.returncode == 0, r.stderr)
check("text: holdout AUC lines, coefficients, candidate diff",
      "fitted model" in r.stdout and "active score" in r.stdout
      and "demo_request.decayed" in r.stdout and "behavior rule demo_request: points 20 →"
      in r.stdout and "candidate candidate-v2.yaml" in r.stdout, r.stdout)
check("default candidate path", os.path.exists(f"{T}/candidate-v2.yaml"))
r = run("calibrate", "--db", DB, "--seed", "7", "--holdout", "0.3", "--format", "json",
        "--out", f"{T}/c7.yaml")
c7 = json.loads(r.stdout) if r.returncode == 0 else {}
hold7 = [t for t in known if cs.in_holdout(7, t[0], 0.3)]
check("--seed 7 --holdout 0.3: the re-implemented random split",
      c7.get("split", {}).get("holdout") == len(hold7) and c7["split"].get("method") == "random"
      and c7["split"].get("seed") == 7, (c7.get("split"), len(hold7)))

# --- no evidence for any rule: its points stay, no candidate --------------------------
start, end = text.index("fit:"), text.index("stages:")
nochange = (text[:start] + "behavior:\n  rules:\n"
            "    - { name: webinar, event: webinar_attended, points: 10 }\n" + text[end:])
nochange = nochange.replace("min_score: 10", "min_score: 0")  # every lead an MQL, touched
open(f"{T}/nochange.yaml", "w").write(nochange)
NC = f"{T}/nochange.db"
run("init", "--db", NC, "--defs", f"{T}/nochange.yaml")
run("import", "--db", NC, f"{T}/events.jsonl")
r = run("calibrate", "--db", NC, "--json", "--out", f"{T}/nc.yaml")
j = json.loads(r.stdout) if r.returncode == 0 else {}
w = (j.get("rules") or [{}])[0]
check("a rule no lead shows keeps its points", w.get("no_evidence") is True
      and w.get("suggested") == 10, w)
check("no change: no candidate file", j.get("candidate_file") is None
      and not os.path.exists(f"{T}/nc.yaml"), j.get("candidate_file"))
r = run("calibrate", "--db", NC)
check("no change: said in words", "no candidate: the suggested points are the active ones "
      "(version 1)" in r.stdout, r.stdout)

# --- refusals -------------------------------------------------------------------------
r = run("calibrate", "--db", DB, "--target", "won", "--out", f"{T}/won.yaml")
check("--target won: refused (no customers), exit 1", r.returncode == 1, r.returncode)
check("--target won: the numbers and what is missing",
      f"{len(known)} samples (0 positive, {len(known)} negative; target won)" in r.stderr
      and "50 more outcomes, of which at least 50 positive and 0 negative" in r.stderr, r.stderr)
check("refused: no candidate written", not os.path.exists(f"{T}/won.yaml"))

SMALL = f"{T}/small.db"
lines = open(f"{T}/events.jsonl").read().splitlines()
small = [x for x in lines if int(json.loads(x)["lead"][1:6]) < 150]
open(f"{T}/small.jsonl", "w").write("\n".join(small) + "\n")
run("init", "--db", SMALL, "--defs", DEFS)
run("import", "--db", SMALL, f"{T}/small.jsonl")
sk = [t for t in known if int(t[0][1:6]) < 150]
sp_, sn_ = sum(t[2] for t in sk), sum(not t[2] for t in sk)
more_p, more_n = max(0, 50 - sp_), max(0, 50 - sn_)
more = max(0, 200 - (len(sk) + more_p + more_n)) + more_p + more_n
r = run("calibrate", "--db", SMALL, "--json")
check("small: exit 1", r.returncode == 1, r.returncode)
check("small: the numbers it has",
      f"{len(sk)} samples ({sp_} positive, {sn_} negative; target sql), of 150 leads" in r.stderr,
      r.stderr)
check("small: how many more it needs",
      f"{more} more outcomes, of which at least {more_p} positive and {more_n} negative"
      in r.stderr, (more, more_p, more_n, r.stderr))
j = json.loads(r.stdout) if r.stdout else {}
check("small: JSON says so too", j.get("fitted") is False
      and j.get("need", {}).get("more_samples") == more, j)

# --- bad flags: named, nothing done ------------------------------------------------------
for args, msg in [(["--holdout", "1.5"], "--holdout: '1.5' is not a fraction"),
                  (["--holdout", "0"], "--holdout: '0' is not a fraction"),
                  (["--holdout", "x"], "--holdout: 'x' is not a fraction"),
                  (["--target", "x"], "--target: 'x' is not sql or won"),
                  (["--seed", "-1"], "--seed: '-1' is not a whole number"),
                  (["--format", "csv"], "--format: 'csv' is not text or json")]:
    r = run("calibrate", "--db", DB, *args, "--out", f"{T}/bad.yaml")
    check(f"{args}: exit 2 and named", r.returncode == 2 and msg in r.stderr, r.stderr)
check("bad flags: nothing written", not os.path.exists(f"{T}/bad.yaml"))
check("store state still unchanged", dump(DB) == before_state)

print(f"test_calibrate: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
