#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Split event files into 2..7 chunks for a series of imports, at random from a
# seed (the same seed always gives the same bytes), so that importing the
# chunks one by one exercises what an incremental engine must get right:
#
#   position  cut the records in file order at random points;
#   shuffle   send each record to a random chunk, lines shuffled inside each
#             chunk, so later chunks hold events older than what is stored;
#   late      cut by position, then move ~15% of the records of the older half
#             (by timestamp) into later chunks: late batches.
#
# Whatever the mode, a part of the group (account) events is moved to later
# chunks, recycled leads (a sales_reject, nurture or opportunity_lost followed
# by more events of the lead) have their events from the recycle on moved to
# later chunks, or else their first events held back to the last chunk, and
# the anonymous events of a visitor (anonymous_id, no lead) mostly come in a
# chunk after the event that links the visitor to a lead; later chunks repeat
# a few lines already in earlier chunks (duplicates, byte-identical).
# --synth-groups N adds N account-level group events of its own (ids
# syn-SEED-K) at random times with other traits, --synth-visitors N links N
# leads to visitors of its own (an identify with an anonymous_id, ids
# syn-link-SEED-K, and anonymous page views before and after it, ids
# syn-anon-SEED-K-J), in random chunks.
#
# usage: chunk_events.py SEED OUTDIR [--synth-groups N] [--synth-visitors N] FILE...
# Writes OUTDIR/cK_J.EXT (chunk K, from input file J, .jsonl or .csv with
# the file's header), OUTDIR/ids.txt (every distinct event id of the input,
# sorted) and OUTDIR/manifest.json, and prints a one-line summary.
# An independent generator: it knows the input formats, nothing of handoff.
import calendar
import csv
import io
import json
import os
import random
import sys
import time


class Record:
    def __init__(self, src, pos, text, ev):
        self.src, self.pos, self.text = src, pos, text
        self.id = ev.get("id") or ""
        self.ts = ev.get("ts") or ""
        self.type = ev.get("type") or ""
        self.lead = ev.get("lead") or ""
        self.account = ev.get("account") or ""
        props = ev.get("props") if isinstance(ev.get("props"), dict) else {}
        self.anon = ev.get("anonymous_id") or props.get("anonymous_id") or ""


def read_inputs(paths):
    """Records of every file (JSON Lines or CSV) and each CSV file's header."""
    records, headers = [], {}
    for src, path in enumerate(paths):
        with open(path, newline="", encoding="utf-8") as f:
            data = f.read()
        if path.endswith(".csv"):
            rows = list(csv.reader(io.StringIO(data)))
            headers[src] = rows[0]
            for pos, row in enumerate(rows[1:]):
                out = io.StringIO()
                csv.writer(out, lineterminator="\n").writerow(row)
                ev = dict(zip(rows[0], row))
                records.append(Record(src, pos, out.getvalue(), ev))
        else:
            for pos, line in enumerate(data.splitlines()):
                if not line.strip():
                    continue
                try:
                    ev = json.loads(line)
                except ValueError:
                    ev = {}  # a bad record: imported as is, rejected by handoff
                if not isinstance(ev, dict):
                    ev = {}
                records.append(Record(src, pos, line + "\n", ev))
    return records, headers


def cut_by_position(rng, records, n):
    """n non-empty contiguous chunks of records in their order."""
    cuts = sorted(rng.sample(range(1, len(records)), n - 1))
    bounds = [0] + cuts + [len(records)]
    return [records[bounds[i]:bounds[i + 1]] for i in range(n)]


def move_later(rng, chunks, rec, k):
    """Move rec from chunk k to a random later chunk (if there is one)."""
    if k + 1 < len(chunks):
        chunks[k].remove(rec)
        chunks[rng.randrange(k + 1, len(chunks))].append(rec)


def where(chunks):
    return {id(r): k for k, c in enumerate(chunks) for r in c}


def stamp_range(records):
    stamps = sorted(r.ts for r in records if r.ts.endswith("Z"))
    if not stamps:
        return None
    return tuple(calendar.timegm(time.strptime(t[:19], "%Y-%m-%dT%H:%M:%S"))
                 for t in (stamps[0], stamps[-1]))


def stamp(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def make(src, ev):
    return Record(src, -1, json.dumps(ev, separators=(",", ":")) + "\n", ev)


def synth_visitors(rng, seed, records, n, src):
    """n leads linked to visitors: the link, anonymous views around it."""
    leads = sorted({r.lead for r in records if r.type == "identify" and r.lead})
    span = stamp_range(records)
    out = []
    for k, lead in enumerate(rng.sample(leads, min(n, len(leads))) if span else []):
        link = rng.uniform(*span)
        anon = f"syn-visitor-{seed}-{k}"
        out.append(make(src, {"id": f"syn-link-{seed}-{k}", "ts": stamp(link),
                              "type": "identify", "lead": lead, "anonymous_id": anon}))
        for j in range(rng.randint(1, 3)):
            ev = {"id": f"syn-anon-{seed}-{k}-{j}",
                  "ts": stamp(link + rng.uniform(-20, 5) * 86400),
                  "type": "page_view", "anonymous_id": anon,
                  "props": {"path": rng.choice(["/", "/pricing", "/blog/x"])}}
            if j == 0:
                ev["channel"] = rng.choice(["paid_search", "organic_search", "referral"])
            out.append(make(src, ev))
    return out


def synth_groups(rng, seed, records, n, src):
    """n account-level group events with new traits at random times."""
    accounts = sorted({r.account for r in records if r.type == "group" and r.account})
    span = stamp_range(records)
    if not accounts or not span:
        return []
    out = []
    for k in range(n):
        ev = {"id": f"syn-{seed}-{k}", "ts": stamp(rng.uniform(*span)),
              "type": "group", "account": rng.choice(accounts),
              "traits": {"employees": rng.choice([4, 60, 250, 1200, 9000]),
                         "industry": rng.choice(["saas", "software", "retail", "media"]),
                         "country": rng.choice(["US", "DE", "CA", "GB"]),
                         "is_competitor": rng.random() < 0.1}}
        out.append(make(src, ev))
    return out


def main():
    args = sys.argv[1:]
    opts = {"--synth-groups": 0, "--synth-visitors": 0}
    for o in opts:
        if o in args:
            i = args.index(o)
            opts[o] = int(args[i + 1])
            del args[i:i + 2]
    n_synth = opts["--synth-groups"]
    seed, outdir, paths = int(args[0]), args[1], args[2:]
    rng = random.Random(seed)
    records, headers = read_inputs(paths)
    n = min(rng.randint(2, 6), len(records))
    mode = ["position", "shuffle", "late"][seed % 3]

    if mode == "shuffle":
        order = records[:]
        rng.shuffle(order)
        chunks = [order[k::n] for k in range(n)]  # each one non-empty
        for c in chunks:
            rng.shuffle(c)
    else:
        chunks = cut_by_position(rng, records, n)
    if mode == "late":
        by_ts = sorted(records, key=lambda r: r.ts)
        old = by_ts[:len(by_ts) // 2]
        at = where(chunks)
        for r in rng.sample(old, max(1, len(old) * 15 // 100)):
            if len(chunks[at[id(r)]]) > 1:
                move_later(rng, chunks, r, at[id(r)])

    # Group events: about a third of them (at least one) to later chunks.
    groups = [r for r in records if r.type == "group"]
    moved_groups = []
    if groups:
        at = where(chunks)
        for r in rng.sample(groups, max(1, len(groups) // 3)):
            k = at[id(r)]
            if k + 1 < n and len(chunks[k]) > 1:
                move_later(rng, chunks, r, k)
                moved_groups.append(r.id)

    # Recycled leads: the events from the recycle on to later chunks, or the
    # first events of the lead held back to the last chunk.
    events_of = {}
    for r in records:
        if r.lead:
            events_of.setdefault(r.lead, []).append(r)
    recycled = []
    for lead in sorted(events_of):
        evs = sorted(events_of[lead], key=lambda r: (r.ts, r.id))
        cut = [i for i, r in enumerate(evs)
               if r.type in ("sales_reject", "nurture", "opportunity_lost")]
        if cut and cut[0] + 1 < len(evs) and rng.random() < 0.6:
            recycled.append(lead)
            at = where(chunks)
            if rng.random() < 0.5:
                target = rng.randrange(1, n)
                for r in evs[cut[0]:]:
                    if at[id(r)] < target and len(chunks[at[id(r)]]) > 1:
                        chunks[at[id(r)]].remove(r)
                        chunks[target].append(r)
            else:
                for r in evs[:max(1, cut[0] // 2)]:
                    if at[id(r)] < n - 1 and len(chunks[at[id(r)]]) > 1:
                        chunks[at[id(r)]].remove(r)
                        chunks[n - 1].append(r)

    synth = synth_groups(rng, seed, records, n_synth, len(paths))
    for r in synth:
        k = rng.randrange(1, n)
        chunks[k].insert(rng.randrange(len(chunks[k]) + 1), r)
    visitors = synth_visitors(rng, seed, records, opts["--synth-visitors"], len(paths))
    for r in visitors:
        k = rng.randrange(0, n)
        chunks[k].insert(rng.randrange(len(chunks[k]) + 1), r)

    # Visitors: the anonymous events of a linked visitor, in 70% of the
    # cases, to a chunk after the one of the event that links it, at times to
    # one more chunk at the end that holds nothing else (so that nothing
    # else of the lead is in that import).
    tail = []
    links = {}
    for r in records + visitors:
        if r.anon and r.lead:
            links.setdefault(r.anon, r)
    late_visitors = []
    for anon in sorted(links):
        if rng.random() >= 0.7:
            continue
        at = where(chunks)
        link = links[anon]
        k = at[id(link)]
        if k + 1 >= n:  # the link to an earlier chunk first
            if len(chunks[k]) == 1:
                continue
            chunks[k].remove(link)
            k = rng.randrange(0, n - 1)
            chunks[k].append(link)
        alone = rng.random() < 0.5
        for r in records + visitors:
            if r.anon == anon and not r.lead and at[id(r)] <= k and len(chunks[at[id(r)]]) > 1:
                chunks[at[id(r)]].remove(r)
                (tail if alone else chunks[rng.randrange(k + 1, n)]).append(r)
        late_visitors.append(link.lead)

    # Leads worth an explain: recycled ones, leads of accounts whose group
    # events came late, and any.
    late_accounts = {r.account for r in synth} | {r.account for r in records
                                                  if r.id in moved_groups}
    in_late = sorted({r.lead for r in records if r.lead and r.account in late_accounts})
    leads = sorted(events_of)
    explain = []
    for pool in (recycled, in_late, late_visitors, leads):
        for lead in rng.sample(pool, min(2, len(pool))):
            if lead not in explain:
                explain.append(lead)

    # Duplicates: each later chunk repeats 1..5 lines of earlier chunks.
    dups = 0
    for k in range(1, n):
        earlier = [r for c in chunks[:k] for r in c]
        for r in rng.sample(earlier, min(len(earlier), rng.randint(1, 5))):
            chunks[k].insert(rng.randrange(len(chunks[k]) + 1), r)
            dups += 1
    if tail:
        chunks.append(tail)

    os.makedirs(outdir, exist_ok=True)
    files = []
    for k, c in enumerate(chunks):
        mine = []
        for src in sorted({r.src for r in c}):
            ext = "csv" if src in headers else "jsonl"
            name = os.path.join(outdir, f"c{k}_{src}.{ext}")
            with open(name, "w", encoding="utf-8", newline="") as f:
                if src in headers:
                    csv.writer(f, lineterminator="\n").writerow(headers[src])
                f.write("".join(r.text for r in c if r.src == src))
            mine.append(name)
        files.append(mine)
    ids = sorted({r.id for c in chunks for r in c if r.id})
    with open(os.path.join(outdir, "ids.txt"), "w") as f:
        f.write("".join(i + "\n" for i in ids))
    manifest = {"seed": seed, "mode": mode, "chunks": [len(c) for c in chunks],
                "files": files, "duplicates": dups, "moved_groups": moved_groups,
                "recycled": recycled, "synth_groups": [r.id for r in synth],
                "late_visitors": late_visitors, "synth_visitors": [r.id for r in visitors],
                "explain_leads": explain}
    with open(os.path.join(outdir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print(f"seed {seed}: {mode}, {len(chunks)} chunks of {manifest['chunks']} records, "
          f"{dups} duplicates, {len(moved_groups)} group events moved later, "
          f"{len(recycled)} recycled leads, {len(late_visitors)} visitors linked before "
          f"their views, {n_synth} synthetic group events, {len(visitors)} synthetic visitor events")


if __name__ == "__main__":
    main()
