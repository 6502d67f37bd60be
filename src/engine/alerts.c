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
#include <time.h>

#include "core/alerts.h"
#include "core/defs.h"
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
