/* SPDX-License-Identifier: MIT */
/*
 * engine/alerts.c - alerts recorded in the transaction of the commit that
 * causes them (issue 11).
 *
 * Every lead a commit puts is derived again (core/alerts.c) and each fact
 * goes to the outbox under its stable id: a fact recorded by an earlier
 * commit stays as it was (sent or not), so a replay, a retry of the import
 * or a crash before the commit ends never doubles an alert, and a crash
 * after it never loses one (the delivery worker reads the committed rows).
 * A fact older than notify.backfill_age on the wall clock is recorded as
 * skipped_backfill; a recompute with no new events (rebuild, definitions
 * activated) records what it finds as skipped_rebuild: neither is sent.
 * SLA facts are judged at the data's as-of time, as the stored clocks are.
 */
#include <string.h>
#include <time.h>

#include "base/strtab.h"
#include "base/xalloc.h"

#include "core/alerts.h"
#include "core/calendar.h"
#include "core/defs.h"
#include "core/journey.h"
#include "core/sla.h"
#include "engine/engine_int.h"
#include "store/store.h"

static int64_t
wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

ho_rc
ho_alerts_begin(struct ho_engine *eng, bool rebuild, struct ho_diag *diag)
{
    eng->alerts_on = ho_alerts_any(eng->defs) != 0;
    if (!eng->alerts_on)
        return HO_OK;
    eng->alerts_rebuild = rebuild;
    eng->alerts_now = wall_ms();
    int64_t gen = 0;
    ho_rc rc = ho_store_meta_get_i64(eng->st, "alert_gen", &gen, NULL);
    if (rc != HO_OK && rc != HO_ENOTFOUND)
        return ho_store_meta_get_i64(eng->st, "alert_gen", &gen, diag);
    eng->alerts_gen = gen + 1;
    return ho_store_meta_set_i64(eng->st, "alert_gen", eng->alerts_gen, diag);
}

struct record_ctx {
    struct ho_engine *eng;
};

static ho_rc
put_fact(void *arg, const struct ho_alert_fact *f, struct ho_diag *diag)
{
    struct ho_engine *eng = ((struct record_ctx *)arg)->eng;
    const char *status = "pending";
    if (eng->alerts_rebuild)
        status = "skipped_rebuild";
    else if (f->at < eng->alerts_now - eng->defs->notify.backfill_age_ms)
        status = "skipped_backfill";
    return ho_store_put_alert(eng->st, f, status, eng->alerts_now, eng->alerts_gen, diag);
}

/* ---- SLA moments a clock tick passes ---- */

static bool
wants_sla(const struct ho_defs *d)
{
    for (size_t i = 0; i < d->notify.n_subs; i++) {
        int k = d->notify.subs[i].kind;
        if (k == HO_ALERT_SLA_BREACHED || k == HO_ALERT_SLA_DUE_SOON)
            return true;
    }
    return false;
}

static void
heap_swap(struct ho_sla_moment *h, size_t i, size_t j)
{
    struct ho_sla_moment t = h[i];
    h[i] = h[j];
    h[j] = t;
}

static void
heap_push(struct ho_engine *eng, int64_t at, const char *lead)
{
    HO_GROW(eng->sla_heap, eng->sla_cap, eng->sla_n + 1);
    struct ho_sla_moment *h = eng->sla_heap;
    size_t i = eng->sla_n++;
    h[i] = (struct ho_sla_moment){ at, ho_xstrdup(lead) };
    while (i > 0 && h[(i - 1) / 2].at > h[i].at) {
        heap_swap(h, i, (i - 1) / 2);
        i = (i - 1) / 2;
    }
}

/* Remove the earliest moment; its lead is the caller's. */
static struct ho_sla_moment
heap_pop(struct ho_engine *eng)
{
    struct ho_sla_moment *h = eng->sla_heap, top = h[0];
    h[0] = h[--eng->sla_n];
    for (size_t i = 0;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < eng->sla_n && h[l].at < h[m].at)
            m = l;
        if (r < eng->sla_n && h[r].at < h[m].at)
            m = r;
        if (m == i)
            break;
        heap_swap(h, i, m);
        i = m;
    }
    return top;
}

void
ho_alerts_sla_forget(struct ho_engine *eng)
{
    for (size_t i = 0; i < eng->sla_n; i++)
        ho_xfree(eng->sla_heap[i].lead);
    ho_xfree(eng->sla_heap);
    eng->sla_heap = NULL;
    eng->sla_n = eng->sla_cap = 0;
    eng->sla_loaded = false;
}

/* The subscribed moments of a running clock of lead that runs out at
 * deadline, those after the last tick, onto the heap. */
static void
push_moments(struct ho_engine *eng, const char *lead, int64_t deadline)
{
    const struct ho_notify_def *n = &eng->defs->notify;
    for (size_t i = 0; i < n->n_subs; i++) {
        int k = n->subs[i].kind;
        int64_t at = deadline - (k == HO_ALERT_SLA_DUE_SOON ? n->subs[i].before_ms : 0);
        if ((k == HO_ALERT_SLA_BREACHED || k == HO_ALERT_SLA_DUE_SOON) && at > eng->sla_scanned)
            heap_push(eng, at, lead);
    }
}

/* A written lead's running clocks: their moments join the heap (a clock
 * started by this commit may run out before any moment found so far). */
static void
note_clocks(struct ho_engine *eng, const struct ho_lead_record *rec)
{
    for (size_t i = 0; i < rec->n_clocks; i++) {
        const struct ho_clock_record *c = &rec->clocks[i];
        if (c->c->stopped != HO_TIME_NONE)
            continue;
        int64_t deadline =
            c->raw ? c->c->started + c->within_ms
                   : ho_calendar_add_business(&eng->defs->calendar, c->c->started, c->within_ms);
        push_moments(eng, rec->lead, deadline);
    }
}

/* The first tick: every running stored clock's moments. */
static ho_rc
load_moments(struct ho_engine *eng, struct ho_diag *diag)
{
    struct ho_clock_row *clocks = NULL;
    size_t n = 0;
    ho_rc rc = ho_store_load_clocks(eng->st, eng->log.strings, &clocks, &n, diag);
    for (size_t i = 0; rc == HO_OK && i < n; i++) {
        const struct ho_clock_row *c = &clocks[i];
        struct ho_clock_eval ev;
        if (c->stopped != HO_TIME_NONE || !c->lead)
            continue;
        ho_sla_eval(&eng->defs->calendar, c, eng->sla_scanned, &ev);
        push_moments(eng, ho_strtab_str(eng->log.strings, c->lead), ev.deadline);
    }
    ho_xfree(clocks);
    eng->sla_loaded = rc == HO_OK;
    return rc;
}

ho_rc
ho_alerts_sla_due(struct ho_engine *eng, struct ho_lead_set *set, bool *any, struct ho_diag *diag)
{
    *any = false;
    int64_t from = eng->sla_scanned, to = eng->as_of;
    if (!wants_sla(eng->defs) || to <= from)
        return HO_OK;
    ho_rc rc = eng->sla_loaded ? HO_OK : load_moments(eng, diag);
    while (rc == HO_OK && eng->sla_n && eng->sla_heap[0].at <= to) {
        struct ho_sla_moment m = heap_pop(eng);
        if (m.at > from) { /* earlier: a moment of a tick already past */
            ho_lead_set_add(set, ho_strtab_intern(eng->log.strings, m.lead, strlen(m.lead)));
            *any = true;
        }
        ho_xfree(m.lead);
    }
    if (rc == HO_OK)
        eng->sla_scan_to = to;
    return rc;
}

ho_rc
ho_alerts_record(struct ho_engine *eng, const struct ho_lead_record *rec, struct ho_diag *diag)
{
    if (!eng->alerts_on)
        return HO_OK;
    if (eng->sla_loaded)
        note_clocks(eng, rec);
    struct record_ctx ctx = { eng };
    return ho_alerts_derive(eng->defs, rec, eng->as_of, put_fact, &ctx, diag);
}
