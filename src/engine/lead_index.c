/* SPDX-License-Identifier: MIT */
/*
 * engine/lead_index.c - CSR (compressed sparse row) event lists per lead and
 * per account, and the per-lead merge in canonical order.
 */
#include "engine/lead_index.h"

#include <stdbool.h>
#include <string.h>

#include "base/xalloc.h"
#include "core/event.h"
#include "core/model.h"
#include "engine/idmap.h"

static uint32_t
dense_id(struct ho_idmap *map, size_t *count, uint32_t id)
{
    uint32_t *v = ho_idmap_slot(map, id);
    if (!*v)
        *v = (uint32_t)++ * count;
    return *v - 1;
}

/* Count into start[k + 1], then prefix-sum: the classic CSR build. */
static void
prefix_sum(size_t *start, size_t n)
{
    for (size_t k = 0; k < n; k++)
        start[k + 1] += start[k];
}

static void
build_lead_lists(struct ho_lead_index *ix, const struct ho_eventlog *log)
{
    ix->lead_start = ho_xcalloc(ix->n_leads + 1, sizeof(size_t));
    for (size_t i = 0; i < log->n; i++) {
        if (log->events[i].lead)
            ix->lead_start[ho_idmap_get(&ix->lead_of, log->events[i].lead)]++;
    }
    prefix_sum(ix->lead_start, ix->n_leads);
    ix->lead_events = ho_xmalloc(ho_size_mul(ix->lead_start[ix->n_leads] + 1, sizeof(uint32_t)));
    size_t *fill = ho_xmalloc(ho_size_mul(ix->n_leads + 1, sizeof(size_t)));
    memcpy(fill, ix->lead_start, (ix->n_leads + 1) * sizeof(size_t));
    for (size_t i = 0; i < log->n; i++) {
        uint32_t lead = log->events[i].lead;
        if (lead)
            ix->lead_events[fill[ho_idmap_get(&ix->lead_of, lead) - 1]++] = (uint32_t)i;
    }
    ho_xfree(fill);
}

static void
build_account_lists(struct ho_lead_index *ix, const struct ho_eventlog *log, uint32_t group)
{
    ix->acct_start = ho_xcalloc(ix->n_accounts + 1, sizeof(size_t));
    for (size_t i = 0; i < log->n; i++) {
        const struct ho_event *e = &log->events[i];
        if (e->type == group && e->account)
            ix->acct_start[ho_idmap_get(&ix->acct_of, e->account)]++;
    }
    prefix_sum(ix->acct_start, ix->n_accounts);
    ix->acct_events = ho_xmalloc(ho_size_mul(ix->acct_start[ix->n_accounts] + 1, sizeof(uint32_t)));
    size_t *fill = ho_xmalloc(ho_size_mul(ix->n_accounts + 1, sizeof(size_t)));
    memcpy(fill, ix->acct_start, (ix->n_accounts + 1) * sizeof(size_t));
    for (size_t i = 0; i < log->n; i++) {
        const struct ho_event *e = &log->events[i];
        if (e->type == group && e->account)
            ix->acct_events[fill[ho_idmap_get(&ix->acct_of, e->account) - 1]++] = (uint32_t)i;
    }
    ho_xfree(fill);
}

/* The distinct accounts on each lead's events (usually one). */
static void
build_lead_accounts(struct ho_lead_index *ix, const struct ho_eventlog *log)
{
    size_t cap = ix->n_leads + 16, n = 0;
    ix->la_start = ho_xcalloc(ix->n_leads + 1, sizeof(size_t));
    ix->la_accounts = ho_xmalloc(ho_size_mul(cap, sizeof(uint32_t)));
    for (size_t k = 0; k < ix->n_leads; k++) {
        ix->la_start[k] = n;
        for (size_t p = ix->lead_start[k]; p < ix->lead_start[k + 1]; p++) {
            uint32_t acct = log->events[ix->lead_events[p]].account;
            if (!acct)
                continue;
            uint32_t a = ho_idmap_get(&ix->acct_of, acct) - 1;
            bool seen = false;
            for (size_t q = ix->la_start[k]; q < n && !seen; q++)
                seen = ix->la_accounts[q] == a;
            if (!seen) {
                HO_GROW(ix->la_accounts, cap, n + 1);
                ix->la_accounts[n++] = a;
            }
        }
    }
    ix->la_start[ix->n_leads] = n;
}

/* The anonymous id of event i, 0 for none. */
static uint32_t
anon_of(const struct ho_eventlog *log, const struct ho_model *m, size_t i)
{
    return m->v.k_anonymous_id ? ho_event_prop(log, &log->events[i], m->v.k_anonymous_id) : 0;
}

/* For an anonymous-only event (anon: its anonymous id; no lead, no
 * account) of a stitched visitor: its lead's dense number + 1; else 0. */
static uint32_t
lone_visit_lead(const struct ho_lead_index *ix, const struct ho_event *e, uint32_t anon)
{
    return anon && !e->lead && !e->account ? ho_idmap_get(&ix->anon_lead, anon) : 0;
}

/*
 * Stitch visitors to leads in one pass over the log: each visitor belongs to
 * the lead of its earliest linking event by (ts, id); then the visitor's
 * anonymous-only events (no lead, no account) are listed per lead (CSR).
 * Logs without anonymous traffic pay one prop lookup per event.
 */
/* Room to start with for the distinct leads (accounts, visitors) of log:
 * an eighth of its events; the maps grow past it.  Sized by the events, a
 * 10M-event rebuild spent 256 MB a map on ~400k leads. */
static size_t
ids_estimate(const struct ho_eventlog *log)
{
    return log->n / 8 + 16;
}

static void
stitch_visitors(struct ho_lead_index *ix, const struct ho_eventlog *log, const struct ho_model *m)
{
    uint32_t *anon = ho_xmalloc(ho_size_mul(log->n + 1, sizeof(uint32_t)));
    struct ho_idmap first = { 0 }; /* by anonymous id: linking event index + 1 */
    size_t lone = 0;
    for (size_t i = 0; i < log->n; i++) {
        const struct ho_event *e = &log->events[i];
        anon[i] = anon_of(log, m, i);
        if (!anon[i])
            continue;
        if (!e->lead) {
            lone += !e->account;
            continue;
        }
        if (!first.keys)
            ho_idmap_init(&first, ids_estimate(log));
        uint32_t *f = ho_idmap_slot(&first, anon[i]);
        if (!*f || ho_event_cmp(log, e, &log->events[*f - 1]) < 0)
            *f = (uint32_t)i + 1;
    }
    ho_idmap_init(&ix->anon_lead, first.keys ? ids_estimate(log) : 0);
    ix->anon_start = ho_xcalloc(ix->n_leads + 1, sizeof(size_t));
    ix->anon_events = ho_xmalloc(ho_size_mul(lone + 1, sizeof(uint32_t)));
    if (first.keys && lone) {
        for (size_t a = 0; a <= first.mask; a++) {
            if (first.keys[a] && first.vals[a])
                *ho_idmap_slot(&ix->anon_lead, first.keys[a]) =
                    ho_idmap_get(&ix->lead_of, log->events[first.vals[a] - 1].lead);
        }
        for (size_t i = 0; i < log->n; i++) {
            uint32_t k = lone_visit_lead(ix, &log->events[i], anon[i]);
            if (k)
                ix->anon_start[k]++;
        }
        prefix_sum(ix->anon_start, ix->n_leads);
        size_t *fill = ho_xmalloc(ho_size_mul(ix->n_leads + 1, sizeof(size_t)));
        memcpy(fill, ix->anon_start, (ix->n_leads + 1) * sizeof(size_t));
        for (size_t i = 0; i < log->n; i++) {
            uint32_t k = lone_visit_lead(ix, &log->events[i], anon[i]);
            if (k)
                ix->anon_events[fill[k - 1]++] = (uint32_t)i;
        }
        ho_xfree(fill);
    }
    ho_idmap_release(&first);
    ho_xfree(anon);
}

void
ho_lead_index_build(struct ho_lead_index *ix, const struct ho_eventlog *log,
                    const struct ho_model *m)
{
    memset(ix, 0, sizeof(*ix));
    ho_idmap_init(&ix->lead_of, ids_estimate(log));
    ho_idmap_init(&ix->acct_of, ids_estimate(log));
    size_t cap = 0;
    for (size_t i = 0; i < log->n; i++) {
        const struct ho_event *e = &log->events[i];
        if (e->lead && !ho_idmap_get(&ix->lead_of, e->lead)) {
            HO_GROW(ix->leads, cap, ix->n_leads + 1);
            ix->leads[dense_id(&ix->lead_of, &ix->n_leads, e->lead)] = e->lead;
        }
        if (e->account)
            (void)dense_id(&ix->acct_of, &ix->n_accounts, e->account);
    }
    build_lead_lists(ix, log);
    build_account_lists(ix, log, m->v.group);
    build_lead_accounts(ix, log);
    stitch_visitors(ix, log, m);
}

uint32_t
ho_lead_index_lead(const struct ho_lead_index *ix, uint32_t lead)
{
    return ho_idmap_get(&ix->lead_of, lead);
}

void
ho_lead_index_release(struct ho_lead_index *ix)
{
    ho_xfree(ix->leads);
    ho_idmap_release(&ix->lead_of);
    ho_xfree(ix->lead_start);
    ho_xfree(ix->lead_events);
    ho_idmap_release(&ix->acct_of);
    ho_xfree(ix->acct_start);
    ho_xfree(ix->acct_events);
    ho_xfree(ix->la_start);
    ho_xfree(ix->la_accounts);
    ho_idmap_release(&ix->anon_lead);
    ho_xfree(ix->anon_start);
    ho_xfree(ix->anon_events);
    ho_xfree(ix->scratch);
    memset(ix, 0, sizeof(*ix));
}

static bool
is_sorted(const struct ho_eventlog *log, const uint32_t *ev, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        if (ho_event_cmp(log, &log->events[ev[i - 1]], &log->events[ev[i]]) > 0)
            return false;
    }
    return true;
}

/* Stable merge sort of event indices by (ts, id); tmp has room for n. */
static void
sort_events(const struct ho_eventlog *log, uint32_t *ev, uint32_t *tmp, size_t n)
{
    if (n < 2)
        return;
    if (n <= 16) {
        for (size_t i = 1; i < n; i++) {
            uint32_t x = ev[i];
            size_t j = i;
            while (j > 0 && ho_event_cmp(log, &log->events[ev[j - 1]], &log->events[x]) > 0) {
                ev[j] = ev[j - 1];
                j--;
            }
            ev[j] = x;
        }
        return;
    }
    size_t half = n / 2;
    sort_events(log, ev, tmp, half);
    sort_events(log, ev + half, tmp, n - half);
    size_t a = 0, b = half, k = 0;
    while (a < half && b < n) {
        bool take_b = ho_event_cmp(log, &log->events[ev[a]], &log->events[ev[b]]) > 0;
        tmp[k++] = take_b ? ev[b++] : ev[a++];
    }
    while (a < half)
        tmp[k++] = ev[a++];
    while (b < n)
        tmp[k++] = ev[b++];
    memcpy(ev, tmp, n * sizeof(*ev));
}

const uint32_t *
ho_lead_index_events(struct ho_lead_index *ix, const struct ho_eventlog *log, size_t k, size_t *n)
{
    return ho_lead_index_events_into(ix, log, k, &ix->scratch, &ix->scratch_cap, n);
}

const uint32_t *
ho_lead_index_events_into(const struct ho_lead_index *ix, const struct ho_eventlog *log, size_t k,
                          uint32_t **buf, size_t *cap, size_t *n)
{
    size_t own = ix->lead_start[k + 1] - ix->lead_start[k];
    size_t anon = ix->anon_start[k + 1] - ix->anon_start[k];
    size_t total = own + anon;
    for (size_t q = ix->la_start[k]; q < ix->la_start[k + 1]; q++) {
        uint32_t a = ix->la_accounts[q];
        total += ix->acct_start[a + 1] - ix->acct_start[a];
    }
    HO_GROW(*buf, *cap, 2 * total + 2);
    uint32_t *ev = *buf;
    memcpy(ev, ix->lead_events + ix->lead_start[k], own * sizeof(*ev));
    memcpy(ev + own, ix->anon_events + ix->anon_start[k], anon * sizeof(*ev));
    size_t m = own + anon;
    uint32_t lead = ix->leads[k];
    for (size_t q = ix->la_start[k]; q < ix->la_start[k + 1]; q++) {
        uint32_t a = ix->la_accounts[q];
        for (size_t p = ix->acct_start[a]; p < ix->acct_start[a + 1]; p++) {
            if (log->events[ix->acct_events[p]].lead != lead) /* own ones are listed already */
                ev[m++] = ix->acct_events[p];
        }
    }
    if (!is_sorted(log, ev, m))
        sort_events(log, ev, ev + m, m);
    *n = m;
    return ev;
}

void
ho_events_sort(const struct ho_eventlog *log, uint32_t *ev, size_t n)
{
    if (is_sorted(log, ev, n))
        return;
    uint32_t *tmp = ho_xmalloc(ho_size_mul(n + 1, sizeof(*tmp)));
    sort_events(log, ev, tmp, n);
    ho_xfree(tmp);
}
