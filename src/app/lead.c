/* SPDX-License-Identifier: MIT */
/*
 * app/lead.c - explain a lead; apply a sales action to it.
 */
#include "app/lead.h"

#include <string.h>

#include "core/replay.h"
#include "engine/engine.h"

ho_rc
ho_app_explain(struct ho_app *app, const char *lead, int64_t at, FILE *out, enum ho_format fmt,
               struct ho_diag *diag)
{
    if (at == INT64_MAX)
        at = ho_engine_as_of(app->eng); /* the reports' as-of rule (DESIGN §5) */
    struct ho_lead_result res;
    const struct ho_rule_detail *rules;
    size_t n_rules;
    ho_rc rc = ho_engine_explain(app->eng, lead, at, &res, &rules, &n_rules, diag);
    if (rc == HO_OK)
        rc = ho_report_explain(out, fmt, ho_engine_explained_model(app->eng), &res, rules, n_rules,
                               diag);
    return rc;
}

/* The lead's state now; *found false (HO_OK) for a lead not seen yet. */
static ho_rc
lead_state(struct ho_engine *eng, const char *lead, struct ho_lead_result *res, bool *found,
           struct ho_diag *diag)
{
    const struct ho_rule_detail *rules;
    size_t n_rules;
    struct ho_diag why = { 0 };
    ho_rc rc = ho_engine_explain(eng, lead, INT64_MAX, res, &rules, &n_rules, &why);
    *found = rc == HO_OK;
    if (rc == HO_OK || rc == HO_ENOTFOUND)
        return HO_OK;
    if (diag)
        *diag = why;
    return rc;
}

static struct ho_slice
slice_of(const char *s)
{
    return (struct ho_slice){ s, strlen(s) };
}

static ho_rc
new_state(struct ho_engine *eng, const char *lead, struct ho_app_action_result *out,
          struct ho_diag *diag)
{
    struct ho_lead_result res;
    bool found;
    ho_rc rc = lead_state(eng, lead, &res, &found, diag);
    if (rc != HO_OK)
        return rc;
    if (!found)
        return ho_diag_set(diag, HO_EINTERNAL, "lead '%s' not found after the commit", lead);
    out->stage = res.stage;
    out->journey = res.n_journeys ? (unsigned)res.journeys[res.n_journeys - 1].n : 0;
    return HO_OK;
}

ho_rc
ho_app_apply_action(struct ho_app *app, const struct ho_app_action *a,
                    struct ho_app_action_result *out, struct ho_diag *diag)
{
    struct ho_lead_result res;
    struct ho_commit_stats stats;
    bool found;
    memset(out, 0, sizeof(*out));
    ho_rc rc = lead_state(app->eng, a->lead, &res, &found, diag);
    if (rc != HO_OK)
        return rc;
    if (!found && !a->create) {
        out->unknown_lead = true;
        return ho_diag_set(diag, HO_ENOTFOUND, "no lead '%s' in %s", a->lead, app->db_path);
    }
    out->is_new = !found;
    struct ho_event_draft d = { .id = slice_of(a->id),
                                .ts = slice_of(a->ts),
                                .type = slice_of(a->type),
                                .lead = slice_of(a->lead),
                                .props = a->props,
                                .n_props = a->n_props };
    rc = ho_engine_add(app->eng, &d, &out->duplicate, diag);
    if (rc != HO_OK || out->duplicate)
        return rc;
    rc = ho_engine_commit(app->eng, false, &stats, diag);
    if (rc == HO_OK)
        rc = new_state(app->eng, a->lead, out, diag);
    return rc;
}
