#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# bench/engine_batches.py EVENTS.jsonl OUTDIR [--files N] [--size N] [--seed N]
#
# The incremental batches of bench/engine.sh, made from a demo-data JSON Lines
# file (one pass, no engine involved).  Writes into OUTDIR:
#   new-K.jsonl   (K = 1..N) SIZE events after the data's latest event: 90%
#                 for existing leads (4 each, on their own account), 10% for
#                 new leads (identify, page view, form, page view); file K's
#                 times lie in the K-th hour after the latest event, so the
#                 files can be imported one after another and each is new;
#   late-K.jsonl  SIZE late events for existing leads (4 each), every one
#                 strictly between the lead's first and latest event: each
#                 must be replayed into that lead's history;
#   info.txt      "events N", "leads N", "first TS", "latest TS" of the data.
# Event ids are "bench-new-K-NNNNN" / "bench-late-K-NNNNN" (never in the
# demo data, whose ids are e0000001...).  Deterministic (seeded).
import datetime as dt
import os
import random
import re
import sys

args = sys.argv[1:]
if len(args) < 2:
    sys.exit("usage: engine_batches.py EVENTS.jsonl OUTDIR [--files N] [--size N] [--seed N]")
src, out = args[0], args[1]
opts = {"--files": 3, "--size": 10000, "--seed": 7}
i = 2
while i < len(args):
    if args[i] not in opts or i + 1 >= len(args):
        sys.exit("engine_batches.py: bad option " + args[i])
    opts[args[i]] = int(args[i + 1])
    i += 2
FILES, SIZE, SEED = opts["--files"], opts["--size"], opts["--seed"]

PAT = re.compile(rb'"ts":"([^"]+)"')
LEAD = re.compile(rb'"lead":"([^"]+)"')
ACCT = re.compile(rb'"account":"([^"]+)"')

first, last, acct = {}, {}, {}
n = 0
tmin, tmax = None, None
with open(src, "rb") as f:
    for line in f:
        m = PAT.search(line)
        if not m:
            continue
        n += 1
        ts = m.group(1)
        if tmax is None or ts > tmax:
            tmax = ts
        if tmin is None or ts < tmin:
            tmin = ts
        lm = LEAD.search(line)
        if not lm:
            continue
        lead = lm.group(1)
        if lead not in first or ts < first[lead]:
            first[lead] = ts
        if lead not in last or ts > last[lead]:
            last[lead] = ts
        if lead not in acct:
            am = ACCT.search(line)
            if am:
                acct[lead] = am.group(1)


def parse(ts):
    return dt.datetime.strptime(ts.decode(), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)


def fmt(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


leads = sorted(first)
latest = parse(tmax)
paths = ["/pricing", "/product", "/blog/mql-vs-sql", "/blog/lead-routing-round-robin", "/docs/api",
         "/customers", "/integrations"]
assets = ["lead-scoring-template", "mql-sql-playbook", "funnel-benchmarks-ebook"]


def activity(rnd):
    """One behaviour event (type and extra JSON fields) of an existing lead."""
    r = rnd.random()
    if r < 0.55:
        return "page_view", ',"props":{"path":"%s"}' % rnd.choice(paths)
    if r < 0.75:
        return "email_open", ',"campaign":"newsletter-bench"'
    if r < 0.85:
        return "email_click", ',"channel":"email","campaign":"newsletter-bench"'
    if r < 0.95:
        return "content_download", ',"props":{"asset":"%s"}' % rnd.choice(assets)
    return "form_submit", ',"props":{"form":"%s"}' % rnd.choice(["newsletter", "demo"])


def line(eid, t, typ, lead, account, extra):
    a = ',"account":"%s"' % account if account else ""
    return '{"id":"%s","ts":"%s","type":"%s","lead":"%s"%s%s}\n' % (eid, fmt(t), typ, lead, a, extra)


os.makedirs(out, exist_ok=True)
per = 4
for k in range(1, FILES + 1):
    rnd = random.Random(SEED * 1000 + k)
    rows = []
    n_new = SIZE // 10 // per
    n_old = (SIZE - n_new * per) // per
    base = latest + dt.timedelta(hours=k - 1)
    for lead in rnd.sample(leads, n_old):
        account = acct.get(lead, b"").decode()
        for _ in range(per):
            t = base + dt.timedelta(seconds=rnd.randrange(1, 3601))
            typ, extra = activity(rnd)
            rows.append((t, typ, lead.decode(), account, extra))
    for j in range(n_new):
        lead = "lead-bench-%d-%05d" % (k, j)
        account = "bench-%d-%05d.example" % (k, j // 2)
        t = base + dt.timedelta(seconds=rnd.randrange(1, 3000))
        email = "buyer%d.%d@%s" % (k, j, account)
        rows.append((t, "page_view", lead, account, ',"channel":"paid_search","props":{"path":"/"}'))
        t += dt.timedelta(seconds=rnd.randrange(1, 200))
        rows.append((t, "identify", lead, account,
                     ',"traits":{"title":"VP Marketing","email":"%s","source":"paid_search"}' % email))
        rows.append((t, "form_submit", lead, account, ',"props":{"form":"demo"}'))
        t += dt.timedelta(seconds=rnd.randrange(1, 300))
        rows.append((t, "page_view", lead, account, ',"props":{"path":"/pricing"}'))
    rows.sort(key=lambda r: r[0])
    with open(os.path.join(out, "new-%d.jsonl" % k), "w") as f:
        for idx, r in enumerate(rows, 1):
            f.write(line("bench-new-%d-%05d" % (k, idx), *r))

    rnd = random.Random(SEED * 1000 + 500 + k)
    rows = []
    picked = 0
    while picked < SIZE // per:
        lead = rnd.choice(leads)
        a, b = parse(first[lead]), parse(last[lead])
        span = int((b - a).total_seconds())
        if span < 2:
            continue
        picked += 1
        account = acct.get(lead, b"").decode()
        for _ in range(per):
            t = a + dt.timedelta(seconds=rnd.randrange(1, span))
            typ, extra = activity(rnd)
            rows.append((t, typ, lead.decode(), account, extra))
    rows.sort(key=lambda r: r[0])
    with open(os.path.join(out, "late-%d.jsonl" % k), "w") as f:
        for idx, r in enumerate(rows, 1):
            f.write(line("bench-late-%d-%05d" % (k, idx), *r))

with open(os.path.join(out, "info.txt"), "w") as f:
    f.write("events %d\nleads %d\nfirst %s\nlatest %s\n" % (n, len(leads), tmin.decode(), tmax.decode()))
