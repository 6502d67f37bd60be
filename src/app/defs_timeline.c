/* SPDX-License-Identifier: MIT */
/*
 * app/defs_timeline.c - load the versions in force before the active one
 * and hand the engine its timeline (core/timeline.h, issue 14).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/defs_versions.h"
#include "base/xalloc.h"
#include "defs/defs_yaml.h"
#include "engine/engine.h"

void
ho_app_release_past(struct ho_app *app)
{
    for (size_t k = 0; k < app->n_past; k++)
        ho_defs_release(&app->past_defs[k]);
    ho_xfree(app->past_defs);
    app->past_defs = NULL;
    app->n_past = 0;
}

/* Load stored version number into *d. */
static ho_rc
load_version(struct ho_app *app, int64_t number, struct ho_defs *d, struct ho_diag *diag)
{
    struct ho_buf text = HO_BUF_INIT, errors = HO_BUF_INIT;
    char name[64];
    (void)snprintf(name, sizeof(name), "(definitions version %lld)", (long long)number);
    ho_rc rc = ho_store_defs_text(app->st, number, &text, diag);
    if (rc == HO_OK)
        rc = ho_defs_load_yaml(ho_buf_cstr(&text), text.len, name, d, &errors, diag);
    if (rc != HO_OK && errors.len)
        ho_diag_set(diag, rc, "%s, in force before the active one, no longer loads: %s", name,
                    ho_buf_cstr(&errors));
    ho_buf_release(&text);
    ho_buf_release(&errors);
    return rc;
}

static ho_rc
attach_steps(struct ho_app *app, const struct ho_defs_step *steps, size_t n, struct ho_diag *diag)
{
    struct ho_engine_version *past = ho_xcalloc(n, sizeof(*past));
    app->past_defs = ho_xcalloc(n, sizeof(*app->past_defs));
    ho_rc rc = HO_OK;
    for (size_t k = 0; k + 1 < n && rc == HO_OK; k++) {
        ho_defs_init(&app->past_defs[k]);
        rc = load_version(app, steps[k].number, &app->past_defs[k], diag);
        app->n_past = k + 1;
        past[k] = (struct ho_engine_version){ steps[k].from, steps[k].number, &app->past_defs[k] };
    }
    if (rc == HO_OK)
        ho_engine_set_timeline(app->eng, past, n - 1, steps[n - 1].from);
    ho_xfree(past);
    return rc;
}

ho_rc
ho_app_attach_timeline(struct ho_app *app, struct ho_diag *diag)
{
    struct ho_defs_step *steps = NULL;
    size_t n = 0;
    ho_rc rc = ho_app_defs_steps(app, &steps, &n, diag);
    ho_app_release_past(app);
    /* One version, or a store whose latest activation is not the active
     * version (activated before activations were recorded): it judges all. */
    if (rc == HO_OK && n > 1 && steps[n - 1].number == app->defs_id)
        rc = attach_steps(app, steps, n, diag);
    ho_xfree(steps);
    return rc;
}
