/* SPDX-License-Identifier: MIT */
/*
 * app/report_funnel.c - report funnel (cohorts, or --flow the flow view),
 * report whatif and report rules, from the stored journeys.
 */
#include <math.h>
#include <string.h>

#include "app/report_int.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "core/dims.h"
#include "core/flow.h"
#include "core/funnel.h"
#include "core/groups.h"
#include "core/rules_report.h"
#include "core/whatif.h"

/* ---- report funnel ---- */

struct funnel_state {
    uint32_t *keys, *order; /* the groups of --by */
    struct ho_funnel funnel;
    struct ho_flow flow;
    bool computed;
    struct ho_report_run top; /* the top of the funnel, printed first (table only) */
    bool with_top;
};

static void
group_rows(const struct ho_report_run *r, enum ho_dim by, struct funnel_state *s)
{
    if (by == HO_DIM_ALL)
        return;
    s->keys = ho_group_keys(&r->app->defs, r->strings, by, r->rows, r->n);
    s->order = ho_group_order(&r->app->defs, r->strings, by, s->keys, r->n);
}

static ho_rc
funnel_load(struct ho_report_run *r, struct ho_diag *diag)
{
    const struct ho_funnel_ropts *o = r->opts;
    struct funnel_state *s = r->state = ho_xcalloc(1, sizeof(*s));
    /* With anonymous traffic the funnel table starts at visitors
     * (visitor->lead); JSON and CSV keep their shape: `report top` gives the
     * same figures. */
    if (!o->flow && r->fmt == HO_FORMAT_TABLE && ho_report_has_visitors(r->app)) {
        s->with_top = true;
        s->top =
            (struct ho_report_run){ .app = r->app, .opts = r->opts, .fmt = r->fmt, .at = r->at };
        ho_rc rc = ho_report_top_load(&s->top, diag);
        if (rc == HO_OK)
            rc = ho_report_top_compute(&s->top, diag);
        if (rc != HO_OK)
            return rc;
    }
    ho_rc rc = ho_report_load_journeys(r, diag);
    if (rc == HO_OK)
        group_rows(r, (enum ho_dim)o->by, s);
    return rc;
}

static ho_rc
funnel_compute(struct ho_report_run *r, struct ho_diag *diag)
{
    const struct ho_funnel_ropts *o = r->opts;
    struct funnel_state *s = r->state;
    if (o->flow) {
        struct ho_flow_opts fo = {
            .end_ms = r->at, .window_ms = o->window, .keys = s->keys, .group_order = s->order
        };
        ho_rc rc = ho_flow_compute(r->rows, r->n, &fo, &s->flow, diag);
        s->computed = true;
        return rc;
    }
    struct ho_funnel_opts fo = { .keys = s->keys,
                                 .period = (enum ho_cohort_period)o->period,
                                 .whole_period = o->period == HO_COHORT_ALL,
                                 .from_ms = o->c.from,
                                 .to_ms = o->c.to,
                                 .as_of = r->at };
    ho_funnel_compute(r->rows, r->n, &fo, s->order, &s->funnel);
    s->computed = true;
    return HO_OK;
}

static ho_rc
funnel_render(struct ho_report_run *r, FILE *out, enum ho_format fmt, struct ho_diag *diag)
{
    const struct ho_funnel_ropts *o = r->opts;
    struct funnel_state *s = r->state;
    const char *by = ho_dim_name((enum ho_dim)o->by);
    if (o->flow) {
        struct ho_flow_view v = {
            .flow = &s->flow,
            .strings = r->strings,
            .by = by,
            .window_ms = o->window,
            .stages = &r->app->defs.stage_set,
        };
        return ho_report_flow(out, fmt, &v, diag);
    }
    if (s->with_top) {
        ho_rc rc = ho_report_top_render(&s->top, out, fmt, diag);
        if (rc != HO_OK)
            return rc;
        fputc('\n', out);
    }
    struct ho_funnel_view v = { .funnel = &s->funnel,
                                .strings = r->strings,
                                .bench = &r->app->defs.bench,
                                .by = by,
                                .as_of = r->at,
                                .stages = &r->app->defs.stage_set };
    return ho_report_funnel(out, fmt, &v, diag);
}

static void
funnel_release(struct ho_report_run *r)
{
    const struct ho_funnel_ropts *o = r->opts;
    struct funnel_state *s = r->state;
    if (s) {
        if (s->computed && o->flow)
            ho_flow_release(&s->flow);
        else if (s->computed)
            ho_funnel_release(&s->funnel);
        if (s->with_top)
            ho_report_top_release(&s->top);
        ho_xfree(s->keys);
        ho_xfree(s->order);
        ho_xfree(s);
    }
    ho_report_release_journeys(r);
}

#define F struct ho_funnel_ropts
static const struct ho_report_opt funnel_opts[] = {
    { &ho_ropt_by, HO_ROPT(F, by), .help = "split by a dimension: channel, campaign, rep, ..." },
    { &ho_ropt_period, HO_ROPT(F, period), .dflt = "month", .help = "month, quarter or all" },
    HO_ROPTS_SPAN(F),
    { &ho_ropt_flow, HO_ROPT(F, flow), .help = "the flow view: stage entries in a rolling window" },
    { &ho_ropt_window, HO_ROPT(F, window), .dflt = "30d", .help = "the flow view's window" },
    HO_ROPT_AT_ROW(F),
};
#undef F

const struct ho_report_def ho_report_funnel_def = {
    .name = "funnel",
    .opts = funnel_opts,
    .n_opts = HO_ARRAY_LEN(funnel_opts),
    .opts_size = sizeof(struct ho_funnel_ropts),
    .load = funnel_load,
    .compute = funnel_compute,
    .render = funnel_render,
    .release = funnel_release,
};

/* ---- report whatif ---- */

struct whatif_state {
    enum ho_wi_rate stage;
    struct ho_whatif_input in;
    struct ho_whatif_measured measured;
    bool has_measured;
    struct ho_whatif_result res;
};

static bool
whatif_offline(const void *opts)
{
    const struct ho_whatif_ropts *o = opts;
    return o->has_visitors; /* planning: no database needed */
}

static ho_rc
whatif_check(const struct ho_whatif_ropts *o, enum ho_wi_rate *stage, struct ho_diag *diag)
{
    if (!o->stage != !o->has_delta)
        return ho_diag_set(diag, HO_EINVAL,
                           "--stage and --delta go together: e.g. --stage mql_sql --delta +5");
    if (o->stage && !ho_wi_rate_parse(o->stage, stage))
        return ho_diag_set(diag, HO_EINVAL,
                           "--stage '%s': write visitor_lead, lead_mql, mql_sql, "
                           "sql_opportunity or opportunity_customer",
                           o->stage);
    if (!o->has_visitors && (o->rates || o->has_deal))
        return ho_diag_set(diag, HO_EINVAL,
                           "--rates and --deal plan from --visitors: add --visitors N, or leave "
                           "them out to measure the rates from the data");
    if (o->has_visitors && !o->rates)
        return ho_diag_set(diag, HO_EINVAL,
                           "--visitors needs --rates visitor_lead=P,lead_mql=P,mql_sql=P,"
                           "sql_opportunity=P,opportunity_customer=P");
    if (o->has_visitors && o->has_months)
        return ho_diag_set(diag, HO_EINVAL,
                           "--months measures the data: it does not go with --visitors");
    return HO_OK;
}

/* The planning inputs: --visitors, --rates (all of them) and --deal. */
static ho_rc
whatif_planned(const struct ho_whatif_ropts *o, struct ho_whatif_input *in, struct ho_diag *diag)
{
    struct ho_diag why = { 0 };
    memset(in, 0, sizeof(*in));
    in->start = HO_WI_VISITORS;
    in->start_volume = o->visitors;
    in->has_deal = o->has_deal;
    in->deal = o->deal;
    if (ho_whatif_parse_rates(o->rates, in, &why) != HO_OK)
        return ho_diag_set(diag, HO_EINVAL, "--rates: %s", why.msg);
    for (int r = 0; r < HO_WI_RATE__COUNT; r++) {
        if (!in->has_rate[r])
            return ho_diag_set(diag, HO_EINVAL,
                               "--rates: give every rate of the funnel; '%s' is missing",
                               ho_wi_rate_name((enum ho_wi_rate)r));
    }
    return HO_OK;
}

static ho_rc
whatif_load(struct ho_report_run *r, struct ho_diag *diag)
{
    const struct ho_whatif_ropts *o = r->opts;
    struct whatif_state *s = r->state = ho_xcalloc(1, sizeof(*s));
    s->stage = HO_WI_MQL_SQL;
    ho_rc rc = whatif_check(o, &s->stage, diag);
    if (rc != HO_OK)
        return rc;
    if (o->has_visitors)
        return whatif_planned(o, &s->in, diag);
    if (!r->app)
        return ho_diag_set(diag, HO_EINVAL,
                           "report whatif: measuring needs a database (or plan with --visitors)");
    rc = ho_report_load_journeys(r, diag);
    if (rc == HO_OK)
        rc = ho_whatif_measure(r->rows, r->n, r->at, o->months, &s->in, &s->measured, diag);
    s->has_measured = rc == HO_OK;
    return rc;
}

static ho_rc
whatif_compute(struct ho_report_run *r, struct ho_diag *diag)
{
    const struct ho_whatif_ropts *o = r->opts;
    struct whatif_state *s = r->state;
    struct ho_diag why = { 0 };
    if (ho_whatif_project(&s->in, o->stage != NULL, s->stage, o->delta, &s->res, &why) != HO_OK)
        return ho_diag_set(diag, HO_EINVAL, "--stage '%s': %s", o->stage, why.msg);
    return HO_OK;
}

static ho_rc
whatif_render(struct ho_report_run *r, FILE *out, enum ho_format fmt, struct ho_diag *diag)
{
    struct whatif_state *s = r->state;
    struct ho_whatif_view v = { .in = &s->in,
                                .measured = s->has_measured ? &s->measured : NULL,
                                .result = &s->res,
                                .as_of = s->has_measured ? r->at : 0 };
    return ho_report_whatif(out, fmt, &v, diag);
}

static void
whatif_release(struct ho_report_run *r)
{
    ho_xfree(r->state);
    ho_report_release_journeys(r);
}

#define W struct ho_whatif_ropts
static const struct ho_report_opt whatif_opts[] = {
    { &ho_ropt_stage, HO_ROPT(W, stage), .help = "the rate to change, e.g. mql_sql" },
    { &ho_ropt_delta, HO_ROPT_HAS(W, delta, has_delta), .help = "the change in percentage points" },
    { &ho_ropt_months, HO_ROPT_HAS(W, months, has_months), .dflt = "3",
      .help = "complete cohort months measured" },
    { &ho_ropt_visitors, HO_ROPT_HAS(W, visitors, has_visitors),
      .help = "plan without data: visitors per month" },
    { &ho_ropt_rates, HO_ROPT_HAS(W, rates, has_rates), .help = "plan: NAME=PCT,... every rate" },
    { &ho_ropt_deal, HO_ROPT_HAS(W, deal, has_deal), .help = "plan: revenue per customer" },
    HO_ROPT_AT_ROW(W),
};
#undef W

const struct ho_report_def ho_report_whatif_def = {
    .name = "whatif",
    .opts = whatif_opts,
    .n_opts = HO_ARRAY_LEN(whatif_opts),
    .opts_size = sizeof(struct ho_whatif_ropts),
    .offline = whatif_offline,
    .load = whatif_load,
    .compute = whatif_compute,
    .render = whatif_render,
    .release = whatif_release,
};

/* ---- report rules ---- */

static ho_rc
rules_load(struct ho_report_run *r, struct ho_diag *diag)
{
    return ho_report_load_journeys(r, diag);
}

static ho_rc
rules_compute(struct ho_report_run *r, struct ho_diag *diag)
{
    (void)diag;
    const struct ho_span_ropts *o = r->opts;
    struct ho_rules_report *s = r->state = ho_xcalloc(1, sizeof(*s));
    ho_rules_report_compute(&r->app->defs, r->rows, r->n, o->c.from, o->c.to, s);
    ho_rules_report_rejections(s, &r->app->defs, r->rows, r->n, o->c.from, o->c.to, r->strings);
    return HO_OK;
}

static ho_rc
rules_render(struct ho_report_run *r, FILE *out, enum ho_format fmt, struct ho_diag *diag)
{
    return ho_report_rules(out, fmt, r->state, diag);
}

static void
rules_release(struct ho_report_run *r)
{
    if (r->state)
        ho_rules_report_release(r->state);
    ho_xfree(r->state);
    ho_report_release_journeys(r);
}

static const struct ho_report_opt rules_opts[] = { HO_ROPTS_SPAN(struct ho_span_ropts) };

const struct ho_report_def ho_report_rules_def = {
    .name = "rules",
    .opts = rules_opts,
    .n_opts = HO_ARRAY_LEN(rules_opts),
    .opts_size = sizeof(struct ho_span_ropts),
    .load = rules_load,
    .compute = rules_compute,
    .render = rules_render,
    .release = rules_release,
};
