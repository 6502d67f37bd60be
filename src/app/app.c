/* SPDX-License-Identifier: MIT */
/*
 * app/app.c - opening a database with its definitions; the definitions policy.
 */
#include "app/app.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "app/defs_versions.h"
#include "defs/defs_yaml.h"
#include "engine/engine.h"

ho_rc
ho_app_open(struct ho_app *app, const struct ho_app_open_opts *o, struct ho_diag *diag)
{
    memset(app, 0, sizeof(*app));
    ho_defs_init(&app->defs);
    app->db_path = o->db_path ? o->db_path : HO_APP_DEFAULT_DB;
    struct ho_store_opts so = { .mode = o->mode, .durability = o->durability, .note = o->note };
    return ho_store_open_with(app->db_path, &so, &app->st, diag);
}

/* Load text as the definitions in use (replacing any loaded). */
ho_rc
ho_app_load_defs_text(struct ho_app *app, const char *text, size_t len, const char *name,
                      struct ho_buf *errors, struct ho_diag *diag)
{
    struct ho_buf local = HO_BUF_INIT;
    struct ho_defs defs;
    ho_rc rc = ho_defs_load_yaml(text, len, name, &defs, errors ? errors : &local, diag);
    ho_buf_release(&local);
    if (rc != HO_OK)
        return rc;
    ho_defs_release(&app->defs);
    app->defs = defs;
    app->have_defs = true;
    return HO_OK;
}

ho_rc
ho_app_check_defs_text(struct ho_app *app, const char *text, size_t len, const char *name,
                       struct ho_buf *errors, struct ho_diag *diag)
{
    ho_rc rc = ho_app_load_defs_text(app, text, len, name, errors, diag);
    if (rc != HO_OK)
        return rc;
    struct ho_buf local = HO_BUF_INIT;
    size_t n = ho_defs_check_fields(&app->defs, name, errors ? errors : &local);
    ho_buf_release(&local);
    if (n == 0)
        return HO_OK;
    ho_defs_release(&app->defs); /* a new file with problems is not loaded */
    app->have_defs = false;
    return ho_diag_set(diag, HO_EPARSE, "%zu unknown field name%s in %s", n, n == 1 ? "" : "s",
                       name);
}

ho_rc
ho_app_load_active_defs(struct ho_app *app, struct ho_buf *errors, struct ho_diag *diag)
{
    struct ho_buf text = HO_BUF_INIT;
    ho_rc rc = ho_store_active_defs(app->st, &text, &app->defs_id, diag);
    if (rc == HO_OK)
        rc = ho_app_load_defs_text(app, ho_buf_cstr(&text), text.len, "(active definitions)",
                                   errors, diag);
    ho_buf_release(&text);
    return rc;
}

bool
ho_app_defs_may_activate(const struct ho_defs *defs, bool force)
{
    return force || ho_defs_is_signed(defs);
}

ho_rc
ho_app_activate_defs(struct ho_app *app, const char *text, size_t len, const char *name, bool force,
                     int64_t now_ms, struct ho_buf *errors, struct ho_diag *diag)
{
    ho_rc rc = ho_app_check_defs_text(app, text, len, name, errors, diag);
    if (rc != HO_OK)
        return rc;
    return ho_app_defs_activate_loaded_text(app, text, len, name, force, now_ms, diag);
}

ho_rc
ho_app_activate_loaded(struct ho_app *app, const char *text, size_t len, int64_t now_ms,
                       struct ho_diag *diag)
{
    return ho_app_defs_activate_loaded_text(app, text, len, "(definitions)", true, now_ms, diag);
}

ho_rc
ho_app_read_defs_file(const char *path, struct ho_buf *text, struct ho_diag *diag)
{
    return ho_defs_read_file(path, text, diag); /* one reader, one size limit */
}

ho_rc
ho_app_open_engine(struct ho_app *app, struct ho_buf *errors, struct ho_diag *diag)
{
    if (!app->have_defs) {
        ho_rc rc = ho_app_load_active_defs(app, errors, diag);
        if (rc != HO_OK)
            return rc;
    }
    ho_rc rc = ho_engine_open(app->st, &app->defs, app->defs_id, &app->eng, diag);
    return rc == HO_OK ? ho_app_attach_timeline(app, diag) : rc;
}

int64_t
ho_app_data_as_of(struct ho_app *app)
{
    int64_t as_of = 0;
    if (ho_store_meta_get_i64(app->st, "as_of", &as_of, NULL) != HO_OK)
        as_of = 0; /* nothing imported yet */
    return as_of;
}

void
ho_app_close(struct ho_app *app)
{
    ho_engine_free(app->eng);
    app->eng = NULL;
    ho_app_release_past(app);
    ho_store_close(app->st);
    ho_defs_release(&app->defs);
    memset(app, 0, sizeof(*app));
}
