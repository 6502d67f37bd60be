/* SPDX-License-Identifier: MIT */
/*
 * core/flow.c - stage entries in a rolling window.
 */
#include "core/flow.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

/* The entries of journey j in (from, to]; false when it has none. */
static bool
entries_in(const struct ho_journey *j, int64_t from, int64_t to, uint64_t e[HO_STAGE__COUNT])
{
    bool any = false;
    memset(e, 0, sizeof(uint64_t) * HO_STAGE__COUNT);
    for (int s = HO_STAGE_MQL; s <= HO_STAGE_CUSTOMER; s++) {
        int64_t t = j->entered[s];
        if (t != HO_TIME_NONE && t > from && t <= to) {
            e[s] = 1;
            any = true;
        }
    }
    return any;
}

static void
add_entries(struct ho_flow_group *g, const uint64_t e[HO_STAGE__COUNT])
{
    for (int s = 0; s < HO_STAGE__COUNT; s++)
        g->entries[s] += e[s];
}

static int
cmp_group(const void *a, const void *b)
{
    const struct ho_flow_group *x = a, *y = b;
    if (x->sort_rank != y->sort_rank)
        return x->sort_rank < y->sort_rank ? -1 : 1;
    return (x->group > y->group) - (x->group < y->group);
}

/* The group of key in f, created when new; slot maps key ids to indexes. */
static struct ho_flow_group *
group_for(struct ho_flow *f, size_t *cap, size_t *slot, uint32_t key)
{
    if (slot[key] == SIZE_MAX) {
        HO_GROW(f->groups, *cap, f->n + 1);
        memset(&f->groups[f->n], 0, sizeof(f->groups[f->n]));
        f->groups[f->n].group = key;
        slot[key] = f->n++;
    }
    return &f->groups[slot[key]];
}

static void
count_groups(const struct ho_journey_row *rows, size_t n, const struct ho_flow_opts *o,
             struct ho_flow *f)
{
    uint32_t max_key = 0;
    for (size_t i = 0; i < n; i++)
        max_key = o->keys[i] > max_key ? o->keys[i] : max_key;
    size_t *slot = ho_xmalloc(ho_size_mul((size_t)max_key + 1, sizeof(*slot)));
    for (size_t k = 0; k <= max_key; k++)
        slot[k] = SIZE_MAX;
    size_t cap = 0;
    uint64_t e[HO_STAGE__COUNT];
    for (size_t i = 0; i < n; i++) {
        if (entries_in(&rows[i].j, f->from_ms, f->to_ms, e))
            add_entries(group_for(f, &cap, slot, o->keys[i]), e);
    }
    ho_xfree(slot);
    for (size_t g = 0; g < f->n; g++) {
        uint32_t key = f->groups[g].group;
        f->groups[g].sort_rank = o->group_order ? o->group_order[key] : key;
    }
    if (f->n)
        qsort(f->groups, f->n, sizeof(*f->groups), cmp_group);
}

ho_rc
ho_flow_compute(const struct ho_journey_row *rows, size_t n, const struct ho_flow_opts *o,
                struct ho_flow *out, struct ho_diag *diag)
{
    memset(out, 0, sizeof(*out));
    if (o->window_ms <= 0)
        return ho_diag_set(diag, HO_EINVAL, "the flow window must be longer than 0");
    if (o->end_ms < INT64_MIN + o->window_ms)
        return ho_diag_set(diag, HO_EINVAL, "the flow window starts before any representable time");
    out->from_ms = o->end_ms - o->window_ms;
    out->to_ms = o->end_ms;
    uint64_t e[HO_STAGE__COUNT];
    for (size_t i = 0; i < n; i++) {
        if (entries_in(&rows[i].j, out->from_ms, out->to_ms, e))
            add_entries(&out->total, e);
    }
    if (o->keys)
        count_groups(rows, n, o, out);
    return HO_OK;
}

void
ho_flow_release(struct ho_flow *f)
{
    ho_xfree(f->groups);
    memset(f, 0, sizeof(*f));
}

struct ho_rate
ho_flow_rate(const struct ho_flow_group *g, enum ho_transition t)
{
    if (t == HO_TR_LEAD_MQL || (unsigned)t >= HO_TR__COUNT)
        return (struct ho_rate){ 0, 0 };
    return (struct ho_rate){ g->entries[ho_transition_to(t)], g->entries[ho_transition_from(t)] };
}
