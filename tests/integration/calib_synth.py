# SPDX-License-Identifier: MIT
"""Synthetic outcomes for test_calibrate.sh, drawn from known coefficients.

Sales touches each lead that became an MQL (ACTIVE_POINTS against
MIN_SCORE, as in fixtures/calibrate/defs.yaml) once: contact_attempt, then
sales_qualify when its outcome is positive, else sales_reject.  (Only MQLs:
handoff knows a sales touch from the MQL journey, core/outcome.h, and a
selection on the features alone leaves the coefficients unbiased.)  The
outcome is drawn from the logistic model

    logit = BIAS + TRUE["senior_title"] * senior + TRUE["demo_request"] * demos
            + TRUE["pricing_view"] * pricing + TRUE["careers_view"] * careers
            + TRUE["channel.organic"] * organic

on the lead as it stood before the touch.  Positive leads also view pricing
twice *after* the touch: a calibrate that leaked post-touch events into the
features would overrate pricing_view.  The leads that never became MQLs are
never touched (their outcome is unknowable and calibrate must leave them
out).

The holdout split and the AUC are re-implemented here from their definitions
(core/calibration.h: 64-bit FNV-1a of the lead id, one splitmix64 step of
seed ^ key, top 53 bits < fraction; AUC = share of (positive, negative)
pairs ranked right, ties one half, counted pair by pair), so the generating
model's holdout AUC is computed independently of the C code.
"""
import json
import math
import random

BIAS = -1.0
TRUE = {
    "demo_request": 1.2,
    "senior_title": 0.8,
    "pricing_view": 0.3,
    "careers_view": -0.7,
    "channel.organic": -0.5,
}
ACTIVE_POINTS = {"senior_title": 10, "demo_request": 20, "pricing_view": 10, "careers_view": -5}
MIN_SCORE = 10
M64 = (1 << 64) - 1


def fnv1a(s):
    h = 0xCBF29CE484222325
    for b in s.encode():
        h ^= b
        h = (h * 0x100000001B3) & M64
    return h


def mix(x):
    z = (x + 0x9E3779B97F4A7C15) & M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def in_holdout(seed, lead, fraction):
    return (mix(seed ^ fnv1a(lead)) >> 11) * 2.0**-53 < fraction


def time_holdout(leads, touch_ms, fraction):
    """The time-ordered split (calibrate's default): the latest
    ceil(fraction * n) leads by (first sales touch, FNV-1a of the id)."""
    order = sorted(leads, key=lambda lead: (touch_ms[lead], fnv1a(lead)))
    n_hold = math.ceil(fraction * len(order))
    return set(order[len(order) - n_hold:])


def auc(scores, labels):
    pos = [s for s, y in zip(scores, labels) if y]
    neg = [s for s, y in zip(scores, labels) if not y]
    right = 0.0
    for p in pos:
        for n in neg:
            right += 1.0 if p > n else 0.5 if p == n else 0.0
    return right / (len(pos) * len(neg))


def iso(ms):
    s, ms = divmod(ms, 1000)
    import datetime as dt
    t = dt.datetime.fromtimestamp(s, dt.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % ms


def to_ms(text):
    """The inverse of iso(): "2026-01-02T03:04:05.678Z" -> ms since the epoch."""
    import datetime as dt
    t = dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc)
    return round(t.timestamp() * 1000)


def generate(path, n_leads, seed=2026):
    """Write the events to path; return [(lead, logit, label or None)]."""
    rnd = random.Random(seed)
    base = 1772323200000  # 2026-03-01T00:00:00Z
    out, truth, k = [], [], 0

    def ev(ts, typ, lead, **kw):
        nonlocal k
        k += 1
        out.append(dict(id="s%07d" % k, ts=iso(ts), type=typ, lead=lead, **kw))

    for i in range(n_leads):
        lead = "c%05d@synth.io" % i
        t = base + i * 60000
        organic = rnd.random() < 0.5
        senior = rnd.random() < 0.4
        demos = rnd.choices([0, 1, 2], [0.6, 0.3, 0.1])[0]
        pricing = rnd.randint(0, 4)
        careers = rnd.choices([0, 1, 2], [0.7, 0.2, 0.1])[0]
        ev(t, "page_view", lead, channel="organic" if organic else "paid", props={"path": "/"})
        ev(t + 1000, "identify", lead, traits={"title": "VP Sales" if senior else "Analyst"})
        step = 2000
        for _ in range(demos):
            ev(t + step, "form_submit", lead, props={"form": "demo"}); step += 1000
        for _ in range(pricing):
            ev(t + step, "page_view", lead, props={"path": "/pricing"}); step += 1000
        for _ in range(careers):
            ev(t + step, "page_view", lead, props={"path": "/careers"}); step += 1000
        z = (BIAS + TRUE["senior_title"] * senior + TRUE["demo_request"] * demos
             + TRUE["pricing_view"] * pricing + TRUE["careers_view"] * careers
             + TRUE["channel.organic"] * organic)
        score = (ACTIVE_POINTS["senior_title"] * senior + ACTIVE_POINTS["demo_request"] * demos
                 + ACTIVE_POINTS["pricing_view"] * pricing
                 + ACTIVE_POINTS["careers_view"] * careers)
        if score < MIN_SCORE:
            truth.append((lead, z, None))
            continue
        y = rnd.random() < 1.0 / (1.0 + math.exp(-z))
        touch = t + 3600000
        ev(touch, "contact_attempt", lead, props={"rep": "sam"})
        if y:
            ev(touch + 1000, "sales_qualify", lead, props={"rep": "sam"})
            for j in range(2):  # after the touch: must not count
                ev(touch + 2000 + j * 1000, "page_view", lead, props={"path": "/pricing"})
        else:
            ev(touch + 1000, "sales_reject", lead, props={"rep": "sam", "reason": "not_icp"})
        truth.append((lead, z, y))
    with open(path, "w") as f:
        for e in out:
            f.write(json.dumps(e) + "\n")
    return truth
