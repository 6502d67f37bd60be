/* SPDX-License-Identifier: MIT */
/*
 * app/import.h - import a stream of records: every record through the
 * engine (invalid ones rejected with their line, duplicates skipped, a
 * duplicate id with other content a conflict that keeps the stored event),
 * then one commit.  The front door says what it wants told through hooks:
 * the CLI prints FILE:LINE lines and a progress bar, HTTP would answer JSON.
 *
 *     struct ho_app_import im;
 *     ho_app_import_begin(&im, app, &hooks, expected);   // app's engine open
 *     ho_app_import_file(&im, "events.jsonl", diag);     // or _buffer
 *     ho_app_import_commit(&im, &stats, diag);
 */
#ifndef HO_APP_IMPORT_H
#define HO_APP_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "engine/engine.h"
#include "ingest/reader.h"

struct ho_event;
struct ho_eventlog;

struct ho_app_import_hooks {
    void *ctx; /* passed to each */
    /* A record was rejected (why->msg says why); may be NULL. */
    ho_rc (*reject)(void *ctx, const char *source, uint64_t line, const struct ho_diag *why);
    /* A record repeats a stored event id with other content; the stored
     * event is kept.  line 0: found at the commit, stored meanwhile by
     * another writer.  May be NULL. */
    ho_rc (*conflict)(void *ctx, const char *source, uint64_t line,
                      const struct ho_eventlog *kept_log, const struct ho_event *kept,
                      const struct ho_eventlog *new_log, const struct ho_event *refused,
                      struct ho_diag *diag);
    /* done of total bytes of source read, added events so far; may be NULL. */
    void (*progress)(void *ctx, const char *source, uint64_t done, uint64_t total, size_t added);
    /* A file was taken for a CRM export by its header (no `from`): what
     * it showed ("HubSpot contacts export").  May be NULL. */
    void (*detected)(void *ctx, const char *source, const char *what);
};

/* One import in progress. */
struct ho_app_import {
    struct ho_app *app;
    struct ho_app_import_hooks hooks;
    const char *source; /* the file or stream being read */
    /* Set after begin: the files are this CRM's exports (CSV whatever
     * their names); HO_CRM_NONE: by name, and a .csv by its header. */
    enum ho_crm_source from;
    size_t added, duplicates, conflicts, rejected;
};

/* Start an import into app (its engine open), room for about expected events. */
void ho_app_import_begin(struct ho_app_import *im, struct ho_app *app,
                         const struct ho_app_import_hooks *hooks, size_t expected);
/* Queue the records of the file at path ("-": standard input), format from its name. */
HO_MUST_CHECK ho_rc ho_app_import_file(struct ho_app_import *im, const char *path,
                                       struct ho_diag *diag);
/* The same in fmt (HO_INGEST_AUTO: from its name), e.g. HO_INGEST_SEGMENT. */
HO_MUST_CHECK ho_rc ho_app_import_file_as(struct ho_app_import *im, const char *path,
                                          enum ho_ingest_format fmt, struct ho_diag *diag);
/* Queue the records of data[0..len) in fmt, named source in the hooks. */
HO_MUST_CHECK ho_rc ho_app_import_buffer(struct ho_app_import *im, const char *source,
                                         const char *data, size_t len, enum ho_ingest_format fmt,
                                         struct ho_diag *diag);
/* Commit what was queued (every lead recomputed when the definitions
 * changed in this run) and hand the late conflicts to the hook. */
HO_MUST_CHECK ho_rc ho_app_import_commit(struct ho_app_import *im, struct ho_commit_stats *cs,
                                         struct ho_diag *diag);

#endif /* HO_APP_IMPORT_H */
