/* SPDX-License-Identifier: MIT */
/*
 * app/report_table.c - the report table and the one way to run a report:
 * load -> compute -> render.  A new report is one row here and its
 * definition (app/report_*.c); the CLI and HTTP find it by name.
 */
#include <string.h>

#include "app/report_int.h"
#include "base/xalloc.h"
#include "core/event.h"
#include "engine/engine.h"

static const struct ho_report_def *const table[] = {
    &ho_report_funnel_def,       &ho_report_speed_def,       &ho_report_sla_def,
    &ho_report_top_def,          &ho_report_whatif_def,      &ho_report_rules_def,
    &ho_report_dispositions_def, &ho_report_stages_def,      &ho_report_pipeline_def,
    &ho_report_closed_won_def,   &ho_report_attribution_def, &ho_report_accounts_def,
};

size_t
ho_report_count(void)
{
    return HO_ARRAY_LEN(table);
}

const struct ho_report_def *
ho_report_at(size_t i)
{
    return i < HO_ARRAY_LEN(table) ? table[i] : NULL;
}

const struct ho_report_def *
ho_report_find(const char *name)
{
    for (size_t i = 0; i < HO_ARRAY_LEN(table); i++) {
        if (strcmp(table[i]->name, name) == 0)
            return table[i];
    }
    return NULL;
}

ho_rc
ho_report_load_journeys(struct ho_report_run *r, struct ho_diag *diag)
{
    if (!r->strings) {
        r->strings = ho_strtab_new();
        r->own_strings = true;
    }
    return ho_store_load_journeys(r->app->st, r->strings, &r->rows, &r->n, diag);
}

void
ho_report_release_journeys(struct ho_report_run *r)
{
    ho_xfree(r->rows);
    if (r->own_strings)
        ho_strtab_free(r->strings);
    r->rows = NULL;
    r->n = 0;
    r->strings = NULL;
}

ho_rc
ho_report_use_engine(struct ho_report_run *r, struct ho_diag *diag)
{
    if (!r->app->eng) {
        ho_rc rc = ho_app_open_engine(r->app, NULL, diag);
        if (rc != HO_OK)
            return rc;
    }
    ho_rc rc = ho_engine_load_all(r->app->eng, diag); /* these reports replay every lead */
    if (rc != HO_OK)
        return rc;
    r->strings = ho_engine_log(r->app->eng)->strings;
    r->own_strings = false;
    return HO_OK;
}

/* The one as-of rule for every report (DESIGN §5): the at option (now: the
 * caller's clock), else the data's latest event. */
static int64_t
as_of(struct ho_app *app, const struct ho_report_common *c, int64_t now)
{
    if (c->at_now)
        return now;
    if (c->at_given)
        return c->at;
    return app ? ho_app_data_as_of(app) : now;
}

ho_rc
ho_report_run(struct ho_app *app, const struct ho_report_def *r, const void *opts,
              const struct ho_report_out *o, struct ho_diag *diag)
{
    bool offline = r->offline && r->offline(opts);
    if (!app && !offline)
        return ho_diag_set(diag, HO_EINVAL, "report %s: needs a database", r->name);
    if (app && !offline && !app->have_defs) {
        ho_rc rc = ho_app_load_active_defs(app, NULL, diag);
        if (rc != HO_OK)
            return rc;
    }
    struct ho_report_run run = { .app = offline ? NULL : app,
                                 .opts = opts,
                                 .fmt = o->fmt,
                                 .at = as_of(offline ? NULL : app, opts, o->now) };
    ho_rc rc = r->load(&run, diag);
    if (rc == HO_OK)
        rc = r->compute(&run, diag);
    if (rc == HO_OK)
        rc = r->render(&run, o->out, o->fmt, diag);
    r->release(&run);
    return rc;
}
