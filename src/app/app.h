/* SPDX-License-Identifier: MIT */
/*
 * app/app.h - the use cases both front doors share (DESIGN.md §6): an open
 * database with its active definitions, the definitions policy (both owners'
 * sign-off), the engine, the data's as-of time.
 *
 * No argv, no terminal, no clock: callers pass the time and read results and
 * ho_rc + diag.  The CLI (cli/) and the HTTP server are thin adapters.
 */
#ifndef HO_APP_APP_H
#define HO_APP_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/compiler.h"
#include "base/rc.h"
#include "base/timefmt.h"
#include "core/defs.h"
#include "store/store.h"

struct ho_engine;

#define HO_APP_DEFAULT_DB "handoff.db"

/* MQL aging (report stages, DESIGN.md §5): an MQL ages when its first contact
 * comes more than 24 h after it, or it has none and is older than that at
 * the as-of time. */
#define HO_APP_MQL_AGING_MS (24 * HO_MS_PER_HOUR)

/* An open database and what was loaded from it.  Zeroed by ho_app_close(). */
struct ho_app {
    const char *db_path;
    struct ho_store *st;
    struct ho_defs defs;
    bool have_defs;
    int64_t defs_id;
    bool defs_changed; /* a new definitions version was activated by this run */
    struct ho_engine *eng;
    /* the versions in force before the active one, which the engine borrows
     * (app/defs_timeline.c) */
    struct ho_defs *past_defs;
    size_t n_past;
};

struct ho_app_open_opts {
    const char *db_path;     /* NULL: HO_APP_DEFAULT_DB */
    enum ho_store_mode mode; /* read-only for reports, create for init/import */
    enum ho_durability durability;
    struct ho_buf *note; /* when not NULL: a migration note is appended */
};

/* Open the database.  app is usable (and must be closed) even on failure. */
HO_MUST_CHECK ho_rc ho_app_open(struct ho_app *app, const struct ho_app_open_opts *o,
                                struct ho_diag *diag);
/* Load the active definitions: HO_ENOTFOUND when the database has none yet.
 * Problems of an invalid text are appended to errors (may be NULL). */
HO_MUST_CHECK ho_rc ho_app_load_active_defs(struct ho_app *app, struct ho_buf *errors,
                                            struct ho_diag *diag);

/* The definitions policy: a version may be activated when it is signed by
 * both owners (marketing and sales), or when the operator forces it (the
 * activation is then recorded as forced). */
bool ho_app_defs_may_activate(const struct ho_defs *defs, bool force);

/* Validate the definitions text (named name in messages) and load it as
 * app->defs, not yet active. */
HO_MUST_CHECK ho_rc ho_app_load_defs_text(struct ho_app *app, const char *text, size_t len,
                                          const char *name, struct ho_buf *errors,
                                          struct ho_diag *diag);
/* As ho_app_load_defs_text, and also the checks a new file must pass
 * before it is stored (field names: see defs check). */
HO_MUST_CHECK ho_rc ho_app_check_defs_text(struct ho_app *app, const char *text, size_t len,
                                           const char *name, struct ho_buf *errors,
                                           struct ho_diag *diag);
/* Make the loaded definitions (from text) the active version at now_ms,
 * recorded as forced when they are not signed by both owners
 * (app/defs_versions.h: the same content-addressed version and policy). */
HO_MUST_CHECK ho_rc ho_app_activate_loaded(struct ho_app *app, const char *text, size_t len,
                                           int64_t now_ms, struct ho_diag *diag);
/* Both, with the policy between: validate, store as a content-addressed
 * version (HO_ECONFLICT when its version: is not the number it must carry),
 * check the sign-offs (the store's and the file's signed dates), activate.
 * HO_ECONFLICT (the policy refused, naming the missing side, and nothing is
 * stored).  Sets app->defs_changed. */
HO_MUST_CHECK ho_rc ho_app_activate_defs(struct ho_app *app, const char *text, size_t len,
                                         const char *name, bool force, int64_t now_ms,
                                         struct ho_buf *errors, struct ho_diag *diag);
/* Read the definitions file at path (at most HO_DEFS_MAX_FILE_BYTES) into
 * text; HO_EIO with the reason in the diag. */
HO_MUST_CHECK ho_rc ho_app_read_defs_file(const char *path, struct ho_buf *text,
                                          struct ho_diag *diag);

/* Open the engine (loads the definitions first when not loaded) with the
 * timeline of versions: each event judged by the version in force at its
 * time (core/timeline.h). */
HO_MUST_CHECK ho_rc ho_app_open_engine(struct ho_app *app, struct ho_buf *errors,
                                       struct ho_diag *diag);
/* Give the open engine the timeline of the stored activations (loads every
 * earlier version in force since the latest restatement). */
HO_MUST_CHECK ho_rc ho_app_attach_timeline(struct ho_app *app, struct ho_diag *diag);
/* Free the earlier versions (after the engine that borrowed them). */
void ho_app_release_past(struct ho_app *app);

/* The data's as-of time: the latest event imported (0 when nothing was). */
int64_t ho_app_data_as_of(struct ho_app *app);

void ho_app_close(struct ho_app *app);

#endif /* HO_APP_APP_H */
