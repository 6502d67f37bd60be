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

ho_rc
ho_alerts_record(struct ho_engine *eng, const struct ho_lead_record *rec, struct ho_diag *diag)
{
    if (!eng->alerts_on)
        return HO_OK;
    struct record_ctx ctx = { eng };
    return ho_alerts_derive(eng->defs, rec, eng->as_of, put_fact, &ctx, diag);
}

/* ---- SLA moments a clock tick passes ---- */

/* Whether c breaches in (from, to] on the definitions' calendar. */
static bool
breaches_between(const struct ho_defs *d, const struct ho_clock_row *c, int64_t from, int64_t to)
{
    struct ho_clock_eval a, b;
    ho_sla_eval(&d->calendar, c, from, &a);
    ho_sla_eval(&d->calendar, c, to, &b);
    return a.status != HO_SLA_BREACHED && b.status == HO_SLA_BREACHED;
}

/* The subscribed moments of a running clock c: its deadline (sla.breached)
 * and `before` ahead of it (sla.due_soon).  Whether one falls in (from, to];
 * *next lowered to the first one after to. */
static bool
clock_due(const struct ho_defs *d, const struct ho_clock_row *c, int64_t from, int64_t to,
          int64_t *next)
{
    bool due = false;
    struct ho_clock_eval ev;
    ho_sla_eval(&d->calendar, c, to, &ev);
    for (size_t i = 0; i < d->notify.n_subs; i++) {
        const struct ho_notify_sub *s = &d->notify.subs[i];
        int64_t ahead = s->kind == HO_ALERT_SLA_DUE_SOON ? s->before_ms : 0;
        if (s->kind != HO_ALERT_SLA_BREACHED && s->kind != HO_ALERT_SLA_DUE_SOON)
            continue;
        if (breaches_between(d, c, from + ahead, to + ahead))
            due = true;
        /* business-time deadlines move with the calendar: ask again after to */
        ho_sla_eval(&d->calendar, c, to + ahead, &ev);
        if (ev.status == HO_SLA_OPEN && ev.deadline - ahead > to && ev.deadline - ahead < *next)
            *next = ev.deadline - ahead;
    }
    return due;
}

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

/* The stored clocks are read only when a tick reaches the earliest moment
 * found by the last scan, or events have been committed since (they may
 * have started clocks): an idle server's ticks read nothing. */
ho_rc
ho_alerts_sla_due(struct ho_engine *eng, struct ho_lead_set *set, bool *any, struct ho_diag *diag)
{
    *any = false;
    int64_t from = eng->sla_scanned, to = eng->as_of;
    if (!wants_sla(eng->defs) || to <= from)
        return HO_OK;
    if (eng->sla_next && to < eng->sla_next) {
        eng->sla_scan_to = to; /* nothing falls before sla_next */
        return HO_OK;
    }
    struct ho_clock_row *clocks = NULL;
    size_t n = 0;
    int64_t next = INT64_MAX;
    ho_rc rc = ho_store_load_clocks(eng->st, eng->log.strings, &clocks, &n, diag);
    for (size_t i = 0; rc == HO_OK && i < n; i++) {
        const struct ho_clock_row *c = &clocks[i];
        if (c->stopped == HO_TIME_NONE && c->lead && clock_due(eng->defs, c, from, to, &next)) {
            ho_lead_set_add(set, c->lead);
            *any = true;
        }
    }
    ho_xfree(clocks);
    if (rc == HO_OK) {
        eng->sla_scan_to = to;
        eng->sla_next = next;
    }
    return rc;
}
