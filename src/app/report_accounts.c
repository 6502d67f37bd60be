/* SPDX-License-Identifier: MIT */
/*
 * app/report_accounts.c - report attribution (DESIGN.md §5 report 8) and
 * report accounts with PQLs (report 9): both read the event log through the
 * engine, with the leads and journeys interned into its strings.
 */
#include "app/report_int.h"
#include "base/xalloc.h"
#include "core/accounts.h"
#include "core/attribution.h"
#include "core/dims.h"
#include "core/event.h"
#include "core/pql.h"
#include "engine/engine.h"
#include "engine/pql_scan.h"
#include "engine/touches.h"
#include "report/accounts.h"
#include "report/attribution.h"

/* Accounts listed in the terminal table; JSON and CSV list them all. */
#define TABLE_ROWS 25

/* ---- report attribution ---- */

struct attr_state {
    enum ho_attr_by by;
    struct ho_lead_row *leads;
    size_t n_leads;
    struct ho_touch_pools tp;
    bool have_tp;
    struct ho_attribution a;
    bool computed;
};

static ho_rc
attr_by(const struct ho_attr_ropts *o, enum ho_attr_by *by, struct ho_diag *diag)
{
    enum ho_dim d = (enum ho_dim)o->by;
    if (d != HO_DIM_ALL && d != HO_DIM_CHANNEL && d != HO_DIM_CAMPAIGN)
        return ho_diag_set(diag, HO_EINVAL,
                           "--by: attribution credits channels or campaigns — write --by channel "
                           "or --by campaign");
    *by = d == HO_DIM_CAMPAIGN ? HO_ATTR_BY_CAMPAIGN : HO_ATTR_BY_CHANNEL;
    return HO_OK;
}

static ho_rc
attr_load(struct ho_report_run *r, struct ho_diag *diag)
{
    struct attr_state *s = r->state = ho_xcalloc(1, sizeof(*s));
    ho_rc rc = attr_by(r->opts, &s->by, diag);
    if (rc == HO_OK)
        rc = ho_report_use_engine(r, diag);
    if (rc == HO_OK)
        rc = ho_store_load_leads(r->app->st, r->strings, &s->leads, &s->n_leads, diag);
    if (rc == HO_OK)
        rc = ho_report_load_journeys(r, diag);
    if (rc == HO_OK) {
        ho_touches_collect(ho_engine_log(r->app->eng), ho_engine_model(r->app->eng), s->leads,
                           s->n_leads, &s->tp);
        s->have_tp = true;
    }
    return rc;
}

static ho_rc
attr_compute(struct ho_report_run *r, struct ho_diag *diag)
{
    (void)diag;
    const struct ho_attr_ropts *o = r->opts;
    struct attr_state *s = r->state;
    ho_attribution_compute(&s->tp, r->rows, r->n, (enum ho_attr_model)o->model, s->by, o->c.from,
                           o->c.to, &s->a);
    s->computed = true;
    return HO_OK;
}

static ho_rc
attr_render(struct ho_report_run *r, FILE *out, enum ho_format fmt, struct ho_diag *diag)
{
    struct attr_state *s = r->state;
    return ho_report_attribution(out, fmt, &s->a, r->strings, diag);
}

static void
attr_release(struct ho_report_run *r)
{
    struct attr_state *s = r->state;
    if (s) {
        if (s->computed)
            ho_attribution_release(&s->a);
        if (s->have_tp)
            ho_touch_pools_release(&s->tp);
        ho_xfree(s->leads);
    }
    ho_xfree(s);
    ho_report_release_journeys(r);
}

#define A struct ho_attr_ropts
static const struct ho_report_opt attr_opts[] = {
    { &ho_ropt_model, HO_ROPT(A, model), .dflt = "w",
      .help = "first, last, linear, u, w, full or decay" },
    { &ho_ropt_by, HO_ROPT(A, by), .help = "channel (default) or campaign" },
    HO_ROPTS_SPAN(A),
};
#undef A

const struct ho_report_def ho_report_attribution_def = {
    .name = "attribution",
    .opts = attr_opts,
    .n_opts = HO_ARRAY_LEN(attr_opts),
    .opts_size = sizeof(struct ho_attr_ropts),
    .load = attr_load,
    .compute = attr_compute,
    .render = attr_render,
    .release = attr_release,
};

/* ---- report accounts ---- */

struct accounts_state {
    struct ho_lead_row *leads;
    size_t n_leads;
    struct ho_pql_lead *pqls;
    size_t n_pqls;
    struct ho_accounts acc;
    struct ho_pql_summary sum;
    bool computed;
};

/* Replace each stored lead's fit, behaviour and latest behaviour (as of its
 * own last event) by its replay at `at`, decayed to it. */
static ho_rc
score_leads_at(struct ho_report_run *r, struct accounts_state *t, struct ho_diag *diag)
{
    struct ho_lead_score *scores = NULL;
    size_t n = 0;
    ho_rc rc = ho_engine_scores_at(r->app->eng, r->at, &scores, &n, diag);
    if (rc != HO_OK)
        return rc;
    uint32_t max = 0;
    for (size_t i = 0; i < t->n_leads; i++)
        max = t->leads[i].lead > max ? t->leads[i].lead : max;
    size_t *slot = ho_xcalloc((size_t)max + 1, sizeof(*slot)); /* lead id -> score index + 1 */
    for (size_t k = 0; k < n; k++) {
        if (scores[k].lead <= max)
            slot[scores[k].lead] = k + 1;
    }
    for (size_t i = 0; i < t->n_leads; i++) {
        struct ho_lead_row *l = &t->leads[i];
        const struct ho_lead_score *s = slot[l->lead] ? &scores[slot[l->lead] - 1] : NULL;
        l->fit = s ? s->fit : 0;
        l->behavior = s ? s->behavior : 0;
        l->last_behavior = s ? s->last_behavior : HO_TIME_NONE;
    }
    ho_xfree(slot);
    ho_xfree(scores);
    return HO_OK;
}

static ho_rc
accounts_load(struct ho_report_run *r, struct ho_diag *diag)
{
    struct accounts_state *s = r->state = ho_xcalloc(1, sizeof(*s));
    ho_rc rc = ho_report_use_engine(r, diag);
    if (rc == HO_OK)
        rc = ho_store_load_leads(r->app->st, r->strings, &s->leads, &s->n_leads, diag);
    if (rc == HO_OK)
        rc = ho_report_load_journeys(r, diag);
    if (rc == HO_OK)
        rc = score_leads_at(r, s, diag);
    if (rc == HO_OK && r->app->defs.pql.n_all > 0)
        ho_pql_scan(ho_engine_log(r->app->eng), ho_engine_model(r->app->eng), &s->pqls, &s->n_pqls);
    return rc;
}

static ho_rc
accounts_compute(struct ho_report_run *r, struct ho_diag *diag)
{
    (void)diag;
    struct accounts_state *s = r->state;
    ho_accounts_compute(&r->app->defs.accounts, s->leads, s->n_leads, r->rows, r->n, r->at,
                        &s->acc);
    ho_pql_summarize(s->pqls, s->n_pqls, r->rows, r->n, &s->sum);
    s->computed = true;
    return HO_OK;
}

static ho_rc
accounts_render(struct ho_report_run *r, FILE *out, enum ho_format fmt, struct ho_diag *diag)
{
    struct accounts_state *s = r->state;
    struct ho_accounts_view v = { .acc = &s->acc,
                                  .def = &r->app->defs.accounts,
                                  .pql = &r->app->defs.pql,
                                  .pql_sum = &s->sum,
                                  .pql_leads = s->pqls,
                                  .n_pql = s->n_pqls,
                                  .strings = r->strings,
                                  .table_rows = TABLE_ROWS };
    return ho_report_accounts(out, fmt, &v, diag);
}

static void
accounts_release(struct ho_report_run *r)
{
    struct accounts_state *s = r->state;
    if (s) {
        if (s->computed)
            ho_accounts_release(&s->acc);
        ho_xfree(s->leads);
        ho_xfree(s->pqls);
    }
    ho_xfree(s);
    ho_report_release_journeys(r);
}

static const struct ho_report_opt accounts_opts[] = { HO_ROPT_AT_ROW(struct ho_span_ropts) };

const struct ho_report_def ho_report_accounts_def = {
    .name = "accounts",
    .opts = accounts_opts,
    .n_opts = HO_ARRAY_LEN(accounts_opts),
    .opts_size = sizeof(struct ho_span_ropts),
    .load = accounts_load,
    .compute = accounts_compute,
    .render = accounts_render,
    .release = accounts_release,
};
