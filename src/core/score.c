/* SPDX-License-Identifier: MIT */
/*
 * core/score.c - fit and behaviour scoring: one row of operations per
 * behaviour rule kind (enum ho_behavior_kind).  See DESIGN.md §4.
 */
#include "core/score.h"

#include <math.h>
#include <string.h>

#include "base/compiler.h"
#include "base/xalloc.h"
#include "core/defs.h"

/* What one behaviour rule kind does.  A new kind is a new row here (and its
 * enum value in core/defs.h, set by the defs loader). */
struct kind_ops {
    /* ring slots the rule needs (times of recent matches) */
    uint32_t (*ring_slots)(const struct ho_behavior_rule *b);
    /* fold one match at ts into the state */
    void (*record)(const struct ho_defs *d, const struct ho_behavior_rule *b,
                   struct ho_rule_state *s, int64_t ts);
    /* contribution at t */
    double (*contribution)(const struct ho_defs *d, const struct ho_behavior_rule *b,
                           const struct ho_rule_state *s, int64_t t);
    /* undecayed amount at t, for explain */
    double (*raw)(const struct ho_behavior_rule *b, const struct ho_rule_state *s, int64_t t);
};

static double
clamp_rule(const struct ho_behavior_rule *b, double v)
{
    if (b->has_max && v > b->max)
        v = b->max;
    if (b->has_min && v < b->min)
        v = b->min;
    return v;
}

static double
decay_factor(const struct ho_defs *d, int64_t age_ms)
{
    if (d->half_life_ms <= 0 || age_ms <= 0)
        return 1.0;
    return exp2(-(double)age_ms / (double)d->half_life_ms);
}

/* ---- per-event rules: a decayed, clamped sum of points ---- */

static uint32_t
per_event_slots(const struct ho_behavior_rule *b)
{
    (void)b;
    return 0;
}

static void
per_event_record(const struct ho_defs *d, const struct ho_behavior_rule *b, struct ho_rule_state *s,
                 int64_t ts)
{
    double carried = b->decays ? s->sum * decay_factor(d, ts - s->tref) : s->sum;
    s->sum = carried + b->points;
    s->tref = ts;
}

static double
per_event_contribution(const struct ho_defs *d, const struct ho_behavior_rule *b,
                       const struct ho_rule_state *s, int64_t t)
{
    if (s->raw == 0.0 && s->sum == 0.0)
        return 0.0;
    double v = b->decays ? s->sum * decay_factor(d, t - s->tref) : s->sum;
    return clamp_rule(b, v);
}

static double
per_event_raw(const struct ho_behavior_rule *b, const struct ho_rule_state *s, int64_t t)
{
    (void)t;
    return clamp_rule(b, s->raw);
}

/* ---- window rules: points while `count` matches fall within `within` ---- */

static uint32_t
window_slots(const struct ho_behavior_rule *b)
{
    return b->count;
}

static bool
window_holds(const struct ho_behavior_rule *b, const struct ho_rule_state *s, int64_t t)
{
    if (b->count == 0 || s->ring_n < b->count)
        return false;
    /* ring_pos is the next slot to write: the oldest of the last `count`. */
    int64_t oldest = s->ring[s->ring_pos % b->count];
    return t - oldest <= b->within_ms;
}

static void
window_record(const struct ho_defs *d, const struct ho_behavior_rule *b, struct ho_rule_state *s,
              int64_t ts)
{
    (void)d;
    if (b->count == 0)
        return;
    s->ring[s->ring_pos] = ts;
    s->ring_pos = (s->ring_pos + 1) % b->count;
    if (s->ring_n < b->count)
        s->ring_n++;
}

static double
window_contribution(const struct ho_defs *d, const struct ho_behavior_rule *b,
                    const struct ho_rule_state *s, int64_t t)
{
    if (!window_holds(b, s, t))
        return 0.0;
    return b->decays ? b->points * decay_factor(d, t - s->last) : b->points;
}

static double
window_raw(const struct ho_behavior_rule *b, const struct ho_rule_state *s, int64_t t)
{
    return window_holds(b, s, t) ? b->points : 0.0;
}

static const struct kind_ops kinds[HO_BEHAVIOR__COUNT] = {
    [HO_BEHAVIOR_PER_EVENT] = { per_event_slots, per_event_record, per_event_contribution,
                                per_event_raw },
    [HO_BEHAVIOR_WINDOW] = { window_slots, window_record, window_contribution, window_raw },
};

static const struct kind_ops *
ops_of(const struct ho_behavior_rule *b)
{
    HO_ASSERT((unsigned)b->kind < HO_BEHAVIOR__COUNT);
    return &kinds[b->kind];
}

/* ---- the score ---- */

void
ho_score_init(struct ho_score *s, const struct ho_defs *d)
{
    memset(s, 0, sizeof(*s));
    s->defs = d;
    s->rs = ho_xcalloc(d->n_behavior + 1, sizeof(*s->rs));
    size_t ring_total = 0;
    for (size_t i = 0; i < d->n_behavior; i++)
        ring_total = ho_size_add(ring_total, ops_of(&d->behavior[i])->ring_slots(&d->behavior[i]));
    s->rings = ho_xcalloc(ring_total + 1, sizeof(*s->rings));
    ring_total = 0;
    for (size_t i = 0; i < d->n_behavior; i++) {
        s->rs[i].ring = s->rings + ring_total;
        ring_total += ops_of(&d->behavior[i])->ring_slots(&d->behavior[i]);
    }
    s->fit_hit = ho_xcalloc(d->n_fit + 1, sizeof(*s->fit_hit));
}

void
ho_score_release(struct ho_score *s)
{
    if (!s->defs)
        return;
    for (size_t i = 0; i < s->defs->n_behavior; i++)
        ho_xfree(s->rs[i].events);
    ho_xfree(s->rs);
    ho_xfree(s->rings);
    ho_xfree(s->fit_hit);
    memset(s, 0, sizeof(*s));
}

void
ho_score_reset_behavior(struct ho_score *s)
{
    for (size_t i = 0; i < s->defs->n_behavior; i++) {
        struct ho_rule_state *st = &s->rs[i];
        st->sum = st->raw = 0;
        st->tref = st->last = 0;
        st->ring_n = st->ring_pos = 0;
        st->n_events = 0;
    }
}

void
ho_score_reset(struct ho_score *s)
{
    ho_score_reset_behavior(s);
    memset(s->fit_hit, 0, sizeof(*s->fit_hit) * s->defs->n_fit);
}

void
ho_score_record(struct ho_score *s, size_t rule, int64_t ts, uint32_t index)
{
    const struct ho_behavior_rule *b = &s->defs->behavior[rule];
    struct ho_rule_state *st = &s->rs[rule];
    ops_of(b)->record(s->defs, b, st, ts);
    st->raw += b->points;
    st->last = ts;
    if (s->trace) {
        HO_GROW(st->events, st->cap_events, st->n_events + 1);
        st->events[st->n_events++] = index;
    }
}

double
ho_score_contribution(const struct ho_score *s, size_t rule, int64_t t)
{
    const struct ho_behavior_rule *b = &s->defs->behavior[rule];
    return ops_of(b)->contribution(s->defs, b, &s->rs[rule], t);
}

double
ho_score_raw(const struct ho_score *s, size_t rule, int64_t t)
{
    const struct ho_behavior_rule *b = &s->defs->behavior[rule];
    return ops_of(b)->raw(b, &s->rs[rule], t);
}

double
ho_score_fit(const struct ho_score *s)
{
    double fit = 0;
    for (size_t i = 0; i < s->defs->n_fit; i++) {
        if (s->fit_hit[i])
            fit += s->defs->fit[i].points;
    }
    return fit;
}

double
ho_score_behavior(const struct ho_score *s, int64_t t)
{
    double beh = 0;
    for (size_t i = 0; i < s->defs->n_behavior; i++)
        beh += ho_score_contribution(s, i, t);
    return beh;
}

double
ho_score_event_points(const struct ho_defs *d, size_t rule, int64_t event_ts, int64_t at)
{
    const struct ho_behavior_rule *b = &d->behavior[rule];
    return b->decays ? b->points * decay_factor(d, at - event_ts) : b->points;
}
