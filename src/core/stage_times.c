/* SPDX-License-Identifier: MIT */
/*
 * core/stage_times.c - stays per stage, their median and p90, contact rate
 * and MQL aging.
 */
#include "core/stage_times.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "core/groups.h"
#include "core/speed.h"

static const enum ho_stage measured[HO_STAGE_TIMES_N] = { HO_STAGE_MQL, HO_STAGE_SAL, HO_STAGE_SQL,
                                                          HO_STAGE_MEETING, HO_STAGE_OPPORTUNITY };

int64_t
ho_stage_left_at(const struct ho_journey *j, enum ho_stage s)
{
    int64_t in = j->entered[s];
    int64_t next = HO_TIME_NONE;
    if (in == HO_TIME_NONE)
        return HO_TIME_NONE;
    for (int t = 0; t < HO_STAGE__COUNT; t++) {
        int64_t e = j->entered[t];
        if (t == (int)s || e == HO_TIME_NONE)
            continue;
        /* Entries in (time, stage order): t follows s if later, or at the same
         * time and later in stage order. */
        bool after = e > in || (e == in && t > (int)s);
        if (after && (next == HO_TIME_NONE || e < next))
            next = e;
    }
    return next;
}

/* One finished stay: group, stage slot and duration. */
struct stay {
    uint32_t group;
    uint32_t slot;
    int64_t ms;
};

struct stays {
    struct stay *v; /* owned */
    size_t n, cap;
};

static int
cmp_stay(const void *a, const void *b)
{
    const struct stay *x = a, *y = b;
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    if (x->slot != y->slot)
        return x->slot < y->slot ? -1 : 1;
    return (x->ms > y->ms) - (x->ms < y->ms);
}

static bool
in_range(int64_t t, int64_t from, int64_t to)
{
    return t != HO_TIME_NONE && t >= from && t < to;
}

static void
count_mql(struct ho_stage_group *g, const struct ho_journey *j, const struct ho_stage_times_opts *o)
{
    int64_t mql = j->entered[HO_STAGE_MQL];
    int64_t first = j->first_contact_at;
    if (j->contact_made_at != HO_TIME_NONE && (first == HO_TIME_NONE || j->contact_made_at < first))
        first = j->contact_made_at;
    g->mqls++;
    g->contact.den++;
    if (j->contact_made_at != HO_TIME_NONE)
        g->contact.num++;
    if (first != HO_TIME_NONE) {
        if (first - mql > o->aging_ms)
            g->aged_late++;
    } else if (o->at - mql > o->aging_ms) {
        g->aged_untouched++;
    } else {
        g->waiting++;
    }
}

/* Count one journey's stays into g and append the finished ones to out. */
static void
count_stays(struct ho_stage_group *g, uint32_t group, const struct ho_journey *j,
            const struct ho_stage_times_opts *o, struct stays *out)
{
    for (uint32_t k = 0; k < HO_STAGE_TIMES_N; k++) {
        int64_t in = j->entered[measured[k]];
        if (!in_range(in, o->from, o->to))
            continue;
        g->stages[k].entered++;
        int64_t left = ho_stage_left_at(j, measured[k]);
        if (left == HO_TIME_NONE)
            continue;
        g->stages[k].left++;
        HO_GROW(out->v, out->cap, out->n + 1);
        out->v[out->n++] = (struct stay){ group, k, left - in };
    }
}

/* Fill the percentiles from the sorted stays. */
static void
percentiles(struct ho_stage_group *groups, const struct stay *stays, size_t n)
{
    int64_t *v = ho_xmalloc(ho_size_mul(n + 1, sizeof(*v)));
    for (size_t i = 0; i < n;) {
        size_t k = 0;
        uint32_t g = stays[i].group, slot = stays[i].slot;
        while (i < n && stays[i].group == g && stays[i].slot == slot)
            v[k++] = stays[i++].ms;
        groups[g].stages[slot].median_ms = ho_percentile(v, k, 50);
        groups[g].stages[slot].p90_ms = ho_percentile(v, k, 90);
    }
    ho_xfree(v);
}

static void
init_groups(struct ho_stage_group *groups, const struct ho_grouping *grp)
{
    for (size_t g = 0; g < grp->n; g++) {
        memset(&groups[g], 0, sizeof(groups[g]));
        groups[g].key = grp->keys[g];
        for (int k = 0; k < HO_STAGE_TIMES_N; k++) {
            groups[g].stages[k].stage = measured[k];
            groups[g].stages[k].median_ms = groups[g].stages[k].p90_ms = -1;
        }
    }
}

void
ho_stage_times_compute(const struct ho_journey_row *rows, size_t n, const struct ho_defs *defs,
                       struct ho_strtab *strings, const struct ho_stage_times_opts *o,
                       struct ho_stage_times *out)
{
    struct ho_grouping grp;
    struct stays stays = { NULL, 0, 0 };
    ho_grouping_build(defs, strings, o->by, rows, n, &grp);
    struct ho_stage_group *groups = ho_xcalloc(grp.n + 1, sizeof(*groups));
    init_groups(groups, &grp);
    for (size_t i = 0; i < n; i++) {
        const struct ho_journey *j = &rows[i].j;
        struct ho_stage_group *g = &groups[grp.of_row[i]];
        count_stays(g, grp.of_row[i], j, o, &stays);
        if (in_range(j->entered[HO_STAGE_MQL], o->from, o->to))
            count_mql(g, j, o);
    }
    if (stays.n > 1)
        qsort(stays.v, stays.n, sizeof(*stays.v), cmp_stay);
    percentiles(groups, stays.v, stays.n);
    memset(out, 0, sizeof(*out));
    out->by = o->by;
    out->set = defs->stage_set;
    out->at = o->at;
    out->aging_ms = o->aging_ms;
    out->groups = groups;
    for (size_t g = 0; g < grp.n; g++) {
        struct ho_stage_group *s = &groups[g];
        s->aged = (struct ho_rate){ s->aged_late + s->aged_untouched, s->mqls };
        bool empty = s->mqls == 0 && s->stages[0].entered + s->stages[1].entered +
                                             s->stages[2].entered + s->stages[3].entered ==
                                         0;
        if (!empty || o->by == HO_DIM_ALL)
            groups[out->n++] = *s; /* compacts in place: out->n <= g */
    }
    ho_xfree(stays.v);
    ho_grouping_release(&grp);
}

void
ho_stage_times_release(struct ho_stage_times *t)
{
    ho_xfree(t->groups);
    memset(t, 0, sizeof(*t));
}
