/* SPDX-License-Identifier: MIT */
/*
 * app/import.c - importing a stream of records through the engine.
 */
#include "app/import.h"

#include <string.h>

#include "core/event.h"

void
ho_app_import_begin(struct ho_app_import *im, struct ho_app *app,
                    const struct ho_app_import_hooks *hooks, size_t expected)
{
    memset(im, 0, sizeof(*im));
    im->app = app;
    if (hooks)
        im->hooks = *hooks;
    ho_engine_reserve(app->eng, expected);
}

static ho_rc
on_reject(void *arg, uint64_t line, const struct ho_diag *why)
{
    struct ho_app_import *im = arg;
    im->rejected++;
    return im->hooks.reject ? im->hooks.reject(im->hooks.ctx, im->source, line, why) : HO_OK;
}

/* The last add repeated a stored id: a conflict when the content differs. */
static ho_rc
check_conflict(struct ho_app_import *im, uint64_t line, struct ho_diag *diag)
{
    const struct ho_eventlog *kept_log, *new_log;
    const struct ho_event *kept, *refused;
    if (!ho_engine_conflict(im->app->eng, &kept_log, &kept, &new_log, &refused))
        return HO_OK;
    im->conflicts++;
    if (!im->hooks.conflict)
        return HO_OK;
    return im->hooks.conflict(im->hooks.ctx, im->source, line, kept_log, kept, new_log, refused,
                              diag);
}

static ho_rc
on_record(void *arg, const struct ho_event_draft *d, uint64_t line, struct ho_diag *diag)
{
    struct ho_app_import *im = arg;
    bool dup;
    ho_rc rc = ho_engine_add(im->app->eng, d, &dup, diag);
    if (rc == HO_OK && dup)
        im->duplicates++;
    else if (rc == HO_OK)
        im->added++;
    if (rc == HO_OK && dup)
        rc = check_conflict(im, line, diag);
    return rc;
}

static void
on_progress(void *arg, uint64_t done, uint64_t total)
{
    struct ho_app_import *im = arg;
    if (im->hooks.progress)
        im->hooks.progress(im->hooks.ctx, im->source, done, total, im->added);
}

static struct ho_ingest_opts
ingest_opts(struct ho_app_import *im)
{
    return (struct ho_ingest_opts){
        .sink = on_record, .reject = on_reject, .progress = on_progress, .ctx = im
    };
}

static void
on_detected(void *arg, const char *what)
{
    struct ho_app_import *im = arg;
    if (im->hooks.detected)
        im->hooks.detected(im->hooks.ctx, im->source, what);
}

ho_rc
ho_app_import_file(struct ho_app_import *im, const char *path, struct ho_diag *diag)
{
    return ho_app_import_file_as(im, path, HO_INGEST_AUTO, diag);
}

ho_rc
ho_app_import_file_as(struct ho_app_import *im, const char *path, enum ho_ingest_format fmt,
                      struct ho_diag *diag)
{
    struct ho_ingest_opts o = ingest_opts(im);
    struct ho_ingest_stats st;
    im->source = path;
    o.crm = im->from;
    o.mapping = im->app->have_defs ? &im->app->defs.mapping : NULL;
    o.segment = im->app->have_defs ? &im->app->defs.segment : NULL;
    if (o.crm == HO_CRM_NONE && fmt != HO_INGEST_SEGMENT) {
        o.crm = ho_ingest_detect_crm(path);
        o.detected = on_detected;
    }
    if (o.crm != HO_CRM_NONE)
        fmt = HO_INGEST_CSV;
    return ho_ingest_file(path, fmt, &o, &st, diag);
}

ho_rc
ho_app_import_buffer(struct ho_app_import *im, const char *source, const char *data, size_t len,
                     enum ho_ingest_format fmt, struct ho_diag *diag)
{
    struct ho_ingest_opts o = ingest_opts(im);
    struct ho_ingest_stats st;
    im->source = source;
    return ho_ingest_buffer(data, len, fmt, &o, &st, diag);
}

/* Both sides of each conflict the commit found with another writer's
 * events (the line is no longer known then). */
static ho_rc
late_conflicts(struct ho_app_import *im, struct ho_diag *diag)
{
    struct ho_engine *eng = im->app->eng;
    const struct ho_event *kept, *refused;
    const struct ho_eventlog *log = ho_engine_log(eng);
    size_t n = ho_engine_late_conflict(eng, 0, &kept, &refused);
    ho_rc rc = HO_OK;
    for (size_t i = 0; i < n && rc == HO_OK && im->hooks.conflict; i++) {
        (void)ho_engine_late_conflict(eng, i, &kept, &refused);
        rc = im->hooks.conflict(im->hooks.ctx, NULL, 0, log, kept, log, refused, diag);
    }
    return rc;
}

ho_rc
ho_app_import_commit(struct ho_app_import *im, struct ho_commit_stats *cs, struct ho_diag *diag)
{
    ho_rc rc = ho_engine_commit(im->app->eng, im->app->defs_changed, cs, diag);
    if (rc == HO_OK)
        rc = late_conflicts(im, diag);
    return rc;
}
