/* SPDX-License-Identifier: MIT */
/*
 * engine/route_pass.c - assign every new MQL to a rep, in MQL order.
 *
 * Routing depends on the order of MQLs across leads (the rotation) and on
 * who holds which open journeys at that moment (capacity, account owners),
 * so it cannot happen inside a per-lead replay.  After a recompute, the
 * journeys that reached mql without an assignment are routed in (MQL time,
 * triggering event id, lead, journey) order with core/route.h, and each
 * decision is written as an `assign` event at MQL time + 1 ms (props rule
 * (1-based), rep, pool, how, why, and skipped: the reps passed over and
 * why).
 *
 * Re-routing: a journey left unassigned because nobody in its pool was
 * present and under capacity waits in its pool.  Whenever that can change
 * (a rep's journey ends, or a rep comes back from leave at the start of
 * the local day after `away`), up to the log's latest event, the waiting
 * journeys still open are routed again in the same pool, oldest MQL first;
 * each one placed is an `assign` event at that instant (why "re-routed
 * ...", waited_since).  Waiting journeys of earlier imports come from the
 * store.  Replaying the log then reproduces every assignment, and rebuild
 * gives the same result without routing again.  Trait values are those at
 * the end of the lead's replay.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/strtab.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/defs.h"
#include "core/funnel.h"
#include "core/replay.h"
#include "core/route.h"
#include "engine/engine_int.h"
#include "engine/idmap.h"
#include "store/store.h"

struct candidate {
    const char *lead_text;  /* for the canonical order */
    const char *event_text; /* id of the event that made it an MQL ("" if none) */
    uint32_t lead, n, account;
    int64_t mql_at, end_at;
    size_t fields; /* index of its first routing field value in p->values */
};

/* A journey waiting unassigned in the pool of routing rule `rule`. */
struct waiter {
    const char *lead_text;
    uint32_t lead, n, account;
    int64_t mql_at, since, end_at; /* since: when it was left unassigned */
    int32_t rule;
};

/* The re-routing state of one run. */
struct reroute {
    struct waiter *w; /* oldest MQL first */
    size_t n, cap;
    int64_t *returns; /* instants reps come back from leave, sorted */
    size_t n_returns, next_return;
    struct ho_route_skip *skipped; /* room for n_reps skips, reused per pick */
    uint8_t *in_pool; /* n_routing x n_reps: rep i is in the pool of rule r (r * n_reps + i) */
    uint8_t *avail;   /* per rep: available at the instant being re-routed */
    bool checked;     /* a pick passed the request checks (they do not depend on the lead) */
};

struct ho_route_pass {
    const struct ho_engine *eng;
    struct candidate *c;
    size_t n, cap;
    uint32_t *values; /* per candidate, one value per routing rule (interned) */
    size_t n_values, cap_values;
};

/* An interval during which a rep holds a journey (capacity, ownership). */
struct holding {
    int64_t start, end; /* end HO_TIME_NONE = still open */
    int32_t rep;        /* index into defs->reps */
    uint32_t account;
    size_t order; /* position in the stored (lead, journey) order: ties of start keep it */
};

struct sweep {
    struct holding *h; /* existing holdings, sorted by start */
    size_t n, next;
    struct holding *heap; /* started holdings with an end, min-heap by end */
    size_t heap_n, heap_cap;
    uint32_t *open;             /* per rep index: open journeys now */
    struct ho_idmap owner_acct; /* account -> rep index + 1 of its latest holding */
};

struct ho_route_pass *
ho_route_pass_new(const struct ho_engine *eng)
{
    struct ho_route_pass *p = ho_xcalloc(1, sizeof(*p));
    p->eng = eng;
    return p;
}

void
ho_route_pass_free(struct ho_route_pass *p)
{
    if (!p)
        return;
    ho_xfree(p->c);
    ho_xfree(p->values);
    ho_xfree(p);
}

void
ho_route_pass_collect(struct ho_route_pass *p, const struct ho_replay *r,
                      const struct ho_lead_result *res)
{
    const struct ho_defs *d = p->eng->defs;
    struct ho_strtab *strings = p->eng->log.strings;
    for (size_t i = 0; i < res->n_journeys; i++) {
        const struct ho_journey *j = &res->journeys[i];
        if (j->entered[HO_STAGE_MQL] == HO_TIME_NONE || j->assigned_at != HO_TIME_NONE || j->rep)
            continue;
        HO_GROW(p->c, p->cap, p->n + 1);
        p->c[p->n++] = (struct candidate){ ho_strtab_str(strings, res->lead),
                                           j->mql_event ? ho_strtab_str(strings, j->mql_event) : "",
                                           res->lead,
                                           j->n,
                                           res->account,
                                           j->entered[HO_STAGE_MQL],
                                           ho_journey_end(j),
                                           p->n_values };
        HO_GROW(p->values, p->cap_values, p->n_values + d->n_routing + 1);
        for (size_t k = 0; k < d->n_routing; k++) {
            const char *v = d->routing[k].when ? ho_replay_field(r, d->routing[k].when) : "";
            p->values[p->n_values++] = ho_strtab_intern(strings, v, strlen(v));
        }
    }
}

/* ---- the capacity / ownership sweep ---- */

static int32_t
rep_index(const struct ho_defs *d, uint32_t rep)
{
    for (size_t i = 0; i < d->n_reps; i++) {
        if (d->reps[i].id_id == rep)
            return (int32_t)i;
    }
    return -1;
}

static int
cmp_holding(const void *a, const void *b)
{
    const struct holding *x = a, *y = b;
    if (x->start != y->start)
        return (x->start > y->start) - (x->start < y->start);
    return (x->order > y->order) - (x->order < y->order);
}

static void
heap_push(struct sweep *s, struct holding h)
{
    HO_GROW(s->heap, s->heap_cap, s->heap_n + 1);
    size_t i = s->heap_n++;
    while (i > 0 && s->heap[(i - 1) / 2].end > h.end) {
        s->heap[i] = s->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    s->heap[i] = h;
}

static struct holding
heap_pop(struct sweep *s)
{
    struct holding top = s->heap[0], last = s->heap[--s->heap_n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= s->heap_n)
            break;
        if (c + 1 < s->heap_n && s->heap[c + 1].end < s->heap[c].end)
            c++;
        if (s->heap[c].end >= last.end)
            break;
        s->heap[i] = s->heap[c];
        i = c;
    }
    if (s->heap_n)
        s->heap[i] = last;
    return top;
}

static void
set_owner(struct sweep *s, uint32_t account, int32_t rep)
{
    if (!account)
        return;
    *ho_idmap_slot(&s->owner_acct, account) = (uint32_t)rep + 1;
}

/* A rep starts holding h: count it, remember the account's owner. */
static void
hold(struct sweep *s, struct holding h)
{
    s->open[h.rep]++;
    set_owner(s, h.account, h.rep);
    if (h.end != HO_TIME_NONE)
        heap_push(s, h);
}

/* Advance the sweep to instant t. */
static void
advance_to(struct sweep *s, int64_t t)
{
    while (s->next < s->n && s->h[s->next].start <= t)
        hold(s, s->h[s->next++]);
    while (s->heap_n && s->heap[0].end <= t) {
        struct holding h = heap_pop(s);
        s->open[h.rep]--;
    }
}

static int
cmp_waiter(const struct waiter *x, const struct waiter *y)
{
    if (x->mql_at != y->mql_at)
        return x->mql_at < y->mql_at ? -1 : 1;
    int c = strcmp(x->lead_text, y->lead_text);
    return c ? c : (x->n > y->n) - (x->n < y->n);
}

static int
cmp_waiter_q(const void *a, const void *b)
{
    return cmp_waiter(a, b);
}

/* Add w to the waiting list, keeping it oldest MQL first. */
static void
wait_add(struct reroute *rr, struct waiter w)
{
    HO_GROW(rr->w, rr->cap, rr->n + 1);
    size_t i = rr->n;
    while (i > 0 && cmp_waiter(&rr->w[i - 1], &w) > 0) {
        rr->w[i] = rr->w[i - 1];
        i--;
    }
    rr->w[i] = w;
    rr->n++;
}

/* The first routing rule that routes to pool (interned), or -1. */
static int32_t
rule_of_pool(const struct ho_defs *d, uint32_t pool)
{
    for (size_t i = 0; pool && i < d->n_routing; i++) {
        if (d->routing[i].pool_id == pool)
            return (int32_t)i;
    }
    return -1;
}

/* A stored journey left unassigned in a pool, still open: it waits
 * (appended; load_waiting() sorts). */
static void
maybe_wait(struct ho_engine *eng, struct reroute *rr, const struct ho_journey_row *row)
{
    const struct ho_journey *j = &row->j;
    if (j->entered[HO_STAGE_MQL] == HO_TIME_NONE || j->rep || j->assigned_at == HO_TIME_NONE ||
        j->closed)
        return;
    int32_t rule = rule_of_pool(eng->defs, j->pool);
    if (rule < 0)
        return;
    HO_GROW(rr->w, rr->cap, rr->n + 1);
    rr->w[rr->n++] = (struct waiter){ ho_strtab_str(eng->log.strings, row->lead),
                                      row->lead,
                                      j->n,
                                      row->account,
                                      j->entered[HO_STAGE_MQL],
                                      j->assigned_at,
                                      ho_journey_end(j),
                                      rule };
}

/* The journeys waiting unassigned in a pool, from the store (which holds
 * this commit's recomputed leads already), oldest MQL first (a total
 * order: lead and journey break ties). */
static ho_rc
load_waiting(struct ho_engine *eng, struct reroute *rr, struct ho_diag *diag)
{
    struct ho_journey_row *rows;
    size_t n;
    ho_rc rc = ho_store_load_routing(eng->st, eng->log.strings, false, &rows, &n, diag);
    if (rc != HO_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        maybe_wait(eng, rr, &rows[i]);
    ho_xfree(rows);
    if (rr->n > 1)
        qsort(rr->w, rr->n, sizeof(*rr->w), cmp_waiter_q);
    return HO_OK;
}

/* The journeys already assigned to reps of the definitions, from the
 * store, by start (ties in lead, journey order).  Read from the compact
 * journey table (every journey, in lead and journey order; those with no
 * rep are skipped below): a scan of fixed-width records costs less than
 * the SQL rows of the assigned ones. */
static ho_rc
load_holdings(struct ho_engine *eng, struct sweep *s, struct ho_diag *diag)
{
    struct ho_journey_row *rows;
    size_t n;
    ho_rc rc = ho_store_load_journeys(eng->st, eng->log.strings, &rows, &n, diag);
    if (rc != HO_OK)
        return rc;
    s->h = ho_xmalloc(ho_size_mul(n + 1, sizeof(*s->h)));
    for (size_t i = 0; i < n; i++) {
        const struct ho_journey *j = &rows[i].j;
        int32_t rep = j->rep ? rep_index(eng->defs, j->rep) : -1;
        if (rep < 0)
            continue;
        int64_t start = j->assigned_at != HO_TIME_NONE ? j->assigned_at : ho_journey_start(j);
        size_t k = s->n++;
        s->h[k] = (struct holding){ start, ho_journey_end(j), rep, rows[i].account, k };
    }
    ho_xfree(rows);
    qsort(s->h, s->n, sizeof(*s->h), cmp_holding);
    s->open = ho_xcalloc(eng->defs->n_reps + 1, sizeof(uint32_t));
    return HO_OK;
}

static void
sweep_release(struct sweep *s)
{
    ho_xfree(s->h);
    ho_xfree(s->heap);
    ho_xfree(s->open);
    ho_idmap_release(&s->owner_acct);
}

/* ---- routing ---- */

struct field_ctx {
    const struct ho_defs *d;
    const struct ho_eventlog *log;
    const uint32_t *values;
};

/* The routing rules' field values captured for one candidate. */
static const char *
candidate_field(void *arg, enum ho_scope scope, const char *name)
{
    const struct field_ctx *f = arg;
    for (size_t k = 0; k < f->d->n_routing; k++) {
        const struct ho_match *m = f->d->routing[k].when;
        if (m && m->scope == scope && strcmp(m->field, name) == 0)
            return ho_eventlog_str(f->log, f->values[k]);
    }
    return "";
}

static int
cmp_candidate(const void *a, const void *b)
{
    const struct candidate *x = a, *y = b;
    if (x->mql_at != y->mql_at)
        return x->mql_at < y->mql_at ? -1 : 1;
    /* DESIGN.md §2: events are processed in (timestamp, event id) order, so
     * MQLs of the same instant go in the order of their triggering events. */
    int c = strcmp(x->event_text, y->event_text);
    if (c)
        return c;
    c = strcmp(x->lead_text, y->lead_text);
    return c ? c : (x->n > y->n) - (x->n < y->n);
}

static uint32_t
intern(struct ho_engine *eng, const char *text)
{
    return ho_strtab_intern(eng->log.strings, text, strlen(text));
}

/* "kim (account owner): away; sam: at capacity (40 of 40)". */
static void
skipped_text(const struct ho_defs *d, const struct ho_route_skip *sk, size_t n, struct ho_buf *out)
{
    for (size_t i = 0; i < n; i++) {
        ho_buf_printf(out, "%s%s%s: %s", i ? "; " : "", d->reps[sk[i].rep].id,
                      sk[i].owner ? " (account owner)" : "", ho_route_skip_str(sk[i].why));
        if (sk[i].why == HO_SKIP_AT_CAPACITY)
            ho_buf_printf(out, " (%u of %u)", sk[i].open, sk[i].capacity);
    }
}

/* One routing decision to record. */
struct decision {
    uint32_t lead, n;
    int64_t at;
    const char *id_prefix; /* "route" or "reroute" */
    int64_t waited_since;  /* re-routes: when the journey was left unassigned */
    const struct ho_route_result *res;
    const struct ho_route_skip *skipped;
};

/* Append the assign event that records decision x. */
static void
append_assign(struct ho_engine *eng, const struct decision *x)
{
    const struct ho_route_result *res = x->res;
    struct ho_buf id = HO_BUF_INIT, why = HO_BUF_INIT, skipped = HO_BUF_INIT;
    ho_buf_printf(&id, "%s:%s:%u", x->id_prefix, ho_eventlog_str(&eng->log, x->lead), x->n);
    struct ho_kv kv[8];
    uint16_t n = 0;
    char rule[24], since[HO_TIME_STRLEN];
    if (res->rule >= 0) { /* 1-based position of the routing rule in the definitions */
        snprintf(rule, sizeof(rule), "%d", res->rule + 1);
        kv[n++] = (struct ho_kv){ intern(eng, "rule"), intern(eng, rule) };
    }
    if (res->rep_id)
        kv[n++] = (struct ho_kv){ intern(eng, "rep"), intern(eng, res->rep_id) };
    if (res->pool)
        kv[n++] = (struct ho_kv){ intern(eng, "pool"), intern(eng, res->pool) };
    kv[n++] = (struct ho_kv){ intern(eng, "how"), intern(eng, ho_route_how_str(res->how)) };
    if (x->waited_since != HO_TIME_NONE) {
        ho_buf_printf(&why, "re-routed when a rep became available: %s", res->why);
        kv[n++] = (struct ho_kv){ intern(eng, "waited_since"),
                                  intern(eng, ho_time_format(x->waited_since, since)) };
    } else {
        ho_buf_adds(&why, res->why);
    }
    kv[n++] = (struct ho_kv){ intern(eng, "why"), intern(eng, ho_buf_cstr(&why)) };
    if (res->n_skipped) {
        skipped_text(eng->defs, x->skipped, res->n_skipped, &skipped);
        kv[n++] = (struct ho_kv){ intern(eng, "skipped"), intern(eng, ho_buf_cstr(&skipped)) };
    }
    struct ho_event e = { .ts = x->at,
                          .id = intern(eng, ho_buf_cstr(&id)),
                          .type = eng->model.v.assign,
                          .lead = x->lead,
                          .n_props = n };
    (void)ho_eventlog_append(&eng->log, &e, kv);
    ho_buf_release(&id);
    ho_buf_release(&why);
    ho_buf_release(&skipped);
}

/* ---- re-routing ---- */

/* Routing looks no field up on a re-route (the rule is fixed). */
static const char *
no_field(void *arg, enum ho_scope scope, const char *name)
{
    (void)arg;
    (void)scope;
    (void)name;
    return "";
}

static int
cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The instants reps come back: the start of the local day after each away. */
static void
load_returns(const struct ho_defs *d, struct reroute *rr)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n_reps; i++)
        n += d->reps[i].n_away;
    rr->returns = ho_xcalloc(n + 1, sizeof(*rr->returns));
    for (size_t i = 0; i < d->n_reps; i++) {
        for (size_t k = 0; k < d->reps[i].n_away; k++)
            rr->returns[rr->n_returns++] =
                ho_calendar_day_start(&d->calendar, d->reps[i].away_to[k] + 1);
    }
    qsort(rr->returns, rr->n_returns, sizeof(*rr->returns), cmp_i64);
}

/* Whether a pick of w at the instant of q can place it (core/route.h
 * ho_route_rep_available()): its account's owner or a rep of its pool is
 * available.  A pick that cannot place changes nothing, so it is skipped
 * (after one pick has passed the request checks, which then all pass). */
static bool
can_place(const struct ho_defs *d, const struct reroute *rr, uint32_t owner, int32_t rule)
{
    if (!rr->checked)
        return true;
    if (owner && rr->avail[owner - 1])
        return true;
    const uint8_t *in = rr->in_pool + (size_t)rule * d->n_reps;
    for (size_t i = 0; i < d->n_reps; i++) {
        if (in[i] && rr->avail[i])
            return true;
    }
    return false;
}

/* Try every waiting journey open at `at`, oldest first.  Journeys that have
 * ended (or were placed) leave the list: `at` only grows. */
static ho_rc
reroute_at(struct ho_engine *eng, struct ho_router *router, struct sweep *s, struct reroute *rr,
           int64_t at, struct ho_diag *diag)
{
    const struct ho_defs *d = eng->defs;
    size_t keep = 0, n_avail = 0;
    ho_rc rc = HO_OK;
    struct ho_route_request q = {
        .field = no_field,
        .local_day = ho_calendar_local_day(&d->calendar, at),
        .open_journeys = s->open,
        .skipped = rr->skipped,
    };
    for (size_t i = 0; i < d->n_reps; i++) {
        rr->avail[i] = ho_route_rep_available(d, &q, i);
        n_avail += rr->avail[i];
    }
    if (n_avail == 0 && rr->checked)
        return HO_OK; /* nobody can be placed; ended journeys leave at a later call */
    for (size_t i = 0; i < rr->n; i++) {
        struct waiter *w = &rr->w[i];
        bool ended = w->end_at != HO_TIME_NONE && w->end_at <= at;
        bool placed = false;
        uint32_t owner = w->account ? ho_idmap_get(&s->owner_acct, w->account) : 0;
        if (!ended && w->since <= at && rc == HO_OK && can_place(d, rr, owner, w->rule)) {
            q.account_owner = owner ? d->reps[owner - 1].id : NULL;
            struct ho_route_result res;
            rc = ho_route_pick_in_rule(router, d, &q, w->rule, &res, diag);
            rr->checked = rr->checked || rc == HO_OK;
            placed = rc == HO_OK && res.rep >= 0;
            if (placed) {
                struct decision x = { w->lead, w->n, at, "reroute", w->since, &res, rr->skipped };
                append_assign(eng, &x);
                hold(s, (struct holding){ at, w->end_at, res.rep, w->account, 0 });
                bool now = ho_route_rep_available(d, &q, (size_t)res.rep);
                n_avail -= rr->avail[res.rep] && !now;
                rr->avail[res.rep] = now;
            }
        }
        if (!ended && !placed)
            rr->w[keep++] = *w;
    }
    rr->n = keep;
    return rc;
}

/* The next instant after the sweep's position when holdings start or end
 * or a rep comes back; *frees says whether capacity or presence can grow
 * then.  HO_TIME_NONE when there is none. */
static int64_t
next_change(const struct sweep *s, const struct reroute *rr, bool *frees)
{
    int64_t t = HO_TIME_NONE;
    int64_t end = s->heap_n ? s->heap[0].end : HO_TIME_NONE;
    int64_t back = rr->next_return < rr->n_returns ? rr->returns[rr->next_return] : HO_TIME_NONE;
    int64_t start = s->next < s->n ? s->h[s->next].start : HO_TIME_NONE;
    int64_t frees_at = end == HO_TIME_NONE || (back != HO_TIME_NONE && back < end) ? back : end;
    t = frees_at;
    if (start != HO_TIME_NONE && (t == HO_TIME_NONE || start < t))
        t = start;
    *frees = t != HO_TIME_NONE && t == frees_at;
    return t;
}

/* Re-route waiting journeys at every change up to `until` (inclusive). */
static ho_rc
reroute_until(struct ho_engine *eng, struct ho_router *router, struct sweep *s, struct reroute *rr,
              int64_t until, struct ho_diag *diag)
{
    ho_rc rc = HO_OK;
    bool frees;
    int64_t t;
    while (rc == HO_OK && (t = next_change(s, rr, &frees)) != HO_TIME_NONE && t <= until) {
        advance_to(s, t);
        while (rr->next_return < rr->n_returns && rr->returns[rr->next_return] <= t)
            rr->next_return++;
        if (frees && rr->n)
            rc = reroute_at(eng, router, s, rr, t, diag);
    }
    return rc;
}

static ho_rc
route_one(struct ho_route_pass *p, struct ho_engine *eng, struct ho_router *router, struct sweep *s,
          struct reroute *rr, const struct candidate *c, struct ho_diag *diag)
{
    const struct ho_defs *d = eng->defs;
    ho_rc rc = reroute_until(eng, router, s, rr, c->mql_at, diag); /* older waiters first */
    if (rc != HO_OK)
        return rc;
    advance_to(s, c->mql_at);
    struct field_ctx f = { d, &eng->log, p->values + c->fields };
    uint32_t owner = c->account ? ho_idmap_get(&s->owner_acct, c->account) : 0;
    struct ho_route_request q = {
        .field = candidate_field,
        .ctx = &f,
        .local_day = ho_calendar_local_day(&d->calendar, c->mql_at),
        .account_owner = owner ? d->reps[owner - 1].id : NULL,
        .open_journeys = s->open,
        .skipped = rr->skipped,
    };
    struct ho_route_result res;
    rc = ho_route_pick(router, d, &q, &res, diag);
    if (rc != HO_OK)
        return rc;
    struct decision x = { c->lead, c->n, c->mql_at + 1, "route", HO_TIME_NONE, &res, rr->skipped };
    append_assign(eng, &x);
    if (res.rep >= 0) {
        struct holding h = { c->mql_at, c->end_at, res.rep, c->account, 0 };
        hold(s, h);
        advance_to(s, c->mql_at); /* a journey that ended at once frees the rep again */
    } else if (res.how == HO_ROUTE_NO_ELIGIBLE_REP &&
               (c->end_at == HO_TIME_NONE || c->end_at > c->mql_at + 1)) {
        wait_add(rr, (struct waiter){ c->lead_text, c->lead, c->n, c->account, c->mql_at,
                                      c->mql_at + 1, c->end_at, res.rule });
    }
    return HO_OK;
}

/* Which reps are in which rule's pool, and room for availability. */
static void
pool_table(const struct ho_defs *d, struct reroute *rr)
{
    rr->in_pool = ho_xcalloc(ho_size_mul(d->n_routing, d->n_reps) + 1, 1);
    rr->avail = ho_xcalloc(d->n_reps + 1, 1);
    for (size_t r = 0; r < d->n_routing; r++) {
        for (size_t i = 0; d->routing[r].pool && i < d->n_reps; i++)
            rr->in_pool[r * d->n_reps + i] = ho_route_rep_in_pool(d, i, d->routing[r].pool);
    }
}

static void
reroute_release(struct reroute *rr)
{
    ho_xfree(rr->in_pool);
    ho_xfree(rr->avail);
    ho_xfree(rr->w);
    ho_xfree(rr->returns);
    ho_xfree(rr->skipped);
}

ho_rc
ho_route_pass_run(struct ho_route_pass *p, struct ho_engine *eng, size_t *added,
                  struct ho_diag *diag)
{
    *added = 0;
    if (eng->defs->n_routing == 0)
        return HO_OK;
    struct ho_router *router = ho_router_new();
    struct sweep s = { 0 };
    struct reroute rr = { 0 };
    size_t before = eng->log.n;
    rr.skipped = ho_xcalloc(eng->defs->n_reps + 1, sizeof(*rr.skipped));
    pool_table(eng->defs, &rr);
    ho_rc rc = load_waiting(eng, &rr, diag);
    if (rc == HO_OK && (p->n || rr.n)) /* else nothing to route: no decision, nothing to save */
        rc = ho_store_load_router(eng->st, router, diag);
    if (rc == HO_OK && (p->n || rr.n))
        rc = load_holdings(eng, &s, diag);
    load_returns(eng->defs, &rr);
    if (p->n > 1)
        qsort(p->c, p->n, sizeof(*p->c), cmp_candidate);
    for (size_t i = 0; i < p->n && rc == HO_OK; i++)
        rc = route_one(p, eng, router, &s, &rr, &p->c[i], diag);
    if (rc == HO_OK)
        rc = reroute_until(eng, router, &s, &rr, eng->as_of, diag);
    if (rc == HO_OK && eng->log.n > before)
        rc = ho_store_save_router(eng->st, router, diag);
    if (rc != HO_OK)
        ho_eventlog_truncate(&eng->log, before);
    else
        *added = eng->log.n - before;
    reroute_release(&rr);
    sweep_release(&s);
    ho_router_free(router);
    return rc;
}
