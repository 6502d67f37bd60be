/* SPDX-License-Identifier: MIT */
/*
 * engine/touches.c - touches of the log grouped by account (CSR), each pool
 * in canonical (ts, id) order.
 */
#include "engine/touches.h"

#include <string.h>

#include "base/strtab.h"
#include "base/xalloc.h"
#include "core/attribution.h"
#include "core/event.h"
#include "core/model.h"
#include "core/top_funnel.h"
#include "engine/lead_index.h"

struct pooling {
    uint32_t *acct_pool; /* owned: interned account id -> pool + 1 */
    uint32_t *lead_pool; /* borrowed: out->pool_of_lead */
    size_t n_pools;
    size_t n_ids;
};

static uint32_t
account_pool(struct pooling *pl, uint32_t account)
{
    if (!pl->acct_pool[account])
        pl->acct_pool[account] = (uint32_t)++pl->n_pools;
    return pl->acct_pool[account];
}

static uint32_t
lead_pool(struct pooling *pl, uint32_t lead, uint32_t account)
{
    if (!pl->lead_pool[lead])
        pl->lead_pool[lead] = account ? account_pool(pl, account) : (uint32_t)++pl->n_pools;
    return pl->lead_pool[lead];
}

/* The pool of e (pool + 1), or 0 for an event about nobody known. */
static uint32_t
event_pool(struct pooling *pl, const struct ho_event *e)
{
    if (e->lead && e->lead < pl->n_ids)
        return lead_pool(pl, e->lead, e->account < pl->n_ids ? e->account : 0);
    if (e->account && e->account < pl->n_ids)
        return account_pool(pl, e->account);
    return 0;
}

/* The normalised channel of e when it is a touch, else 0. */
static uint32_t
touch_channel(const struct ho_eventlog *log, const struct ho_model *m, const struct ho_event *e)
{
    uint32_t medium = ho_event_prop(log, e, m->v.k_utm_medium);
    uint32_t source = ho_event_prop(log, e, m->v.k_utm_source);
    if (!e->channel && !medium && !source)
        return 0;
    return ho_model_channel(m, e->channel, medium, source, 0);
}

/* Group the touch events ev[0..n) (pool + 1 of each in pool[]) by pool:
 * counting sort into out->start and the returned order (owned). */
static uint32_t *
group_by_pool(const uint32_t *ev, const uint32_t *pool, size_t n, struct ho_touch_pools *out)
{
    out->start = ho_xcalloc(out->n_pools + 1, sizeof(size_t));
    for (size_t i = 0; i < n; i++)
        out->start[pool[i]]++; /* counts land one slot up: pool + 1 */
    for (size_t k = 0; k < out->n_pools; k++)
        out->start[k + 1] += out->start[k];
    size_t *fill = ho_xmalloc(ho_size_mul(out->n_pools + 1, sizeof(size_t)));
    memcpy(fill, out->start, (out->n_pools + 1) * sizeof(size_t));
    uint32_t *order = ho_xmalloc(ho_size_mul(n + 1, sizeof(uint32_t)));
    for (size_t i = 0; i < n; i++)
        order[fill[pool[i] - 1]++] = ev[i];
    ho_xfree(fill);
    return order;
}

void
ho_touches_collect(const struct ho_eventlog *log, const struct ho_model *m,
                   const struct ho_lead_row *leads, size_t n_leads, struct ho_touch_pools *out)
{
    memset(out, 0, sizeof(*out));
    out->n_ids = ho_strtab_count(log->strings);
    out->pool_of_lead = ho_xcalloc(out->n_ids + 1, sizeof(uint32_t));
    struct pooling pl = { .acct_pool = ho_xcalloc(out->n_ids + 1, sizeof(uint32_t)),
                          .lead_pool = out->pool_of_lead,
                          .n_ids = out->n_ids };
    for (size_t i = 0; i < n_leads; i++) {
        if (leads[i].lead && leads[i].lead < out->n_ids)
            (void)lead_pool(&pl, leads[i].lead,
                            leads[i].account < out->n_ids ? leads[i].account : 0);
    }
    uint32_t *ev = NULL;
    uint32_t *pool = NULL;
    size_t n = 0;
    size_t cap = 0;
    size_t cap2 = 0;
    for (size_t i = 0; i < log->n; i++) {
        const struct ho_event *e = &log->events[i];
        uint32_t ch = touch_channel(log, m, e);
        uint32_t p = ch ? event_pool(&pl, e) : 0;
        if (!p)
            continue;
        HO_GROW(ev, cap, n + 1);
        HO_GROW(pool, cap2, n + 1);
        ev[n] = (uint32_t)i;
        pool[n] = p;
        n++;
    }
    out->n_pools = pl.n_pools;
    uint32_t *order = group_by_pool(ev, pool, n, out);
    ho_xfree(ev);
    ho_xfree(pool);
    out->touches = ho_xmalloc(ho_size_mul(n + 1, sizeof(*out->touches)));
    out->n_touches = n;
    for (size_t k = 0; k < out->n_pools; k++)
        ho_events_sort(log, order + out->start[k], out->start[k + 1] - out->start[k]);
    for (size_t i = 0; i < n; i++) {
        const struct ho_event *e = &log->events[order[i]];
        uint32_t campaign = e->campaign ? e->campaign : ho_event_prop(log, e, m->v.k_utm_campaign);
        out->touches[i] = (struct ho_touch){ .ts = e->ts,
                                             .channel = touch_channel(log, m, e),
                                             .campaign = campaign };
    }
    ho_xfree(order);
    ho_xfree(pl.acct_pool);
}
