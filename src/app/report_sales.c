/* SPDX-License-Identifier: MIT */
/*
 * app/report_sales.c - report speed, report sla and report top (visitors ->
 * leads -> MQLs), from the stored journeys, SLA clocks and leads.
 */
#include "app/report_int.h"
#include "base/xalloc.h"
#include "core/speed.h"
#include "core/top_funnel.h"
#include "report/sales.h"
#include "report/top_funnel.h"

static const struct ho_report_opt span_opts[] = { HO_ROPTS_SPAN(struct ho_span_ropts) };
static const struct ho_report_opt at_opts[] = { HO_ROPT_AT_ROW(struct ho_span_ropts) };
static const struct ho_report_opt span_at_opts[] = { HO_ROPTS_SPAN(struct ho_span_ropts),
                                                     HO_ROPT_AT_ROW(struct ho_span_ropts) };

/* ---- report speed ---- */

static ho_rc
speed_load(struct ho_report_run *r, struct ho_diag *diag)
{
    return ho_report_load_journeys(r, diag);
}

static ho_rc
speed_compute(struct ho_report_run *r, struct ho_diag *diag)
{
    (void)diag;
    const struct ho_report_common *c = r->opts;
    struct ho_speed *sp = r->state = ho_xcalloc(1, sizeof(*sp));
    ho_speed_compute(r->rows, r->n, &r->app->defs.calendar, c->from, c->to, sp);
    return HO_OK;
}

static ho_rc
speed_render(struct ho_report_run *r, FILE *out, enum ho_format fmt, struct ho_diag *diag)
{
    return ho_report_speed(out, fmt, r->state, r->strings, diag);
}

static void
speed_release(struct ho_report_run *r)
{
    if (r->state)
        ho_speed_release(r->state);
    ho_xfree(r->state);
    ho_report_release_journeys(r);
}

const struct ho_report_def ho_report_speed_def = {
    .name = "speed",
    .opts = span_opts,
    .n_opts = HO_ARRAY_LEN(span_opts),
    .opts_size = sizeof(struct ho_span_ropts),
    .load = speed_load,
    .compute = speed_compute,
    .render = speed_render,
    .release = speed_release,
};

/* ---- report sla ---- */

struct sla_state {
    struct ho_clock_row *clocks;
    size_t n;
};

static ho_rc
sla_load(struct ho_report_run *r, struct ho_diag *diag)
{
    struct sla_state *s = r->state = ho_xcalloc(1, sizeof(*s));
    r->strings = ho_strtab_new();
    r->own_strings = true;
    return ho_store_load_clocks(r->app->st, r->strings, &s->clocks, &s->n, diag);
}

static ho_rc
sla_compute(struct ho_report_run *r, struct ho_diag *diag)
{
    (void)r;
    (void)diag;
    return HO_OK; /* the renderer measures the running clocks to the as-of time */
}

static ho_rc
sla_render(struct ho_report_run *r, FILE *out, enum ho_format fmt, struct ho_diag *diag)
{
    struct sla_state *s = r->state;
    struct ho_sla_view v = {
        .defs = &r->app->defs, .strings = r->strings, .clocks = s->clocks, .n = s->n, .now = r->at
    };
    return ho_report_sla(out, fmt, &v, diag);
}

static void
sla_release(struct ho_report_run *r)
{
    struct sla_state *s = r->state;
    if (s)
        ho_xfree(s->clocks);
    ho_xfree(s);
    ho_report_release_journeys(r);
}

const struct ho_report_def ho_report_sla_def = {
    .name = "sla",
    .opts = at_opts,
    .n_opts = HO_ARRAY_LEN(at_opts),
    .opts_size = sizeof(struct ho_span_ropts),
    .load = sla_load,
    .compute = sla_compute,
    .render = sla_render,
    .release = sla_release,
};

/* ---- report top ---- */

struct top_state {
    struct ho_visitor_row *visitors;
    struct ho_lead_row *leads;
    size_t n_visitors, n_leads;
    struct ho_top_month *months;
    size_t n_months;
};

ho_rc
ho_report_top_load(struct ho_report_run *r, struct ho_diag *diag)
{
    struct top_state *s = r->state = ho_xcalloc(1, sizeof(*s));
    r->strings = ho_strtab_new();
    r->own_strings = true;
    ho_rc rc = ho_store_load_visitors(r->app->st, &s->visitors, &s->n_visitors, diag);
    if (rc == HO_OK)
        rc = ho_store_load_leads(r->app->st, r->strings, &s->leads, &s->n_leads, diag);
    if (rc == HO_OK)
        rc = ho_report_load_journeys(r, diag);
    return rc;
}

ho_rc
ho_report_top_compute(struct ho_report_run *r, struct ho_diag *diag)
{
    (void)diag;
    const struct ho_report_common *c = r->opts;
    struct top_state *s = r->state;
    ho_top_funnel(s->visitors, s->n_visitors, s->leads, s->n_leads, r->rows, r->n, c->from, c->to,
                  &s->months, &s->n_months);
    ho_top_funnel_mark_incomplete(s->months, s->n_months, r->at);
    return HO_OK;
}

ho_rc
ho_report_top_render(struct ho_report_run *r, FILE *out, enum ho_format fmt, struct ho_diag *diag)
{
    struct top_state *s = r->state;
    return ho_report_top_funnel(out, fmt, s->months, s->n_months, diag);
}

void
ho_report_top_release(struct ho_report_run *r)
{
    struct top_state *s = r->state;
    if (s) {
        ho_xfree(s->visitors);
        ho_xfree(s->leads);
        ho_xfree(s->months);
    }
    ho_xfree(s);
    ho_report_release_journeys(r);
}

bool
ho_report_has_visitors(struct ho_app *app)
{
    struct ho_visitor_row *v = NULL;
    size_t n = 0;
    bool any = ho_store_load_visitors(app->st, &v, &n, NULL) == HO_OK && n > 0;
    ho_xfree(v);
    return any;
}

const struct ho_report_def ho_report_top_def = {
    .name = "top",
    .opts = span_at_opts,
    .n_opts = HO_ARRAY_LEN(span_at_opts),
    .opts_size = sizeof(struct ho_span_ropts),
    .load = ho_report_top_load,
    .compute = ho_report_top_compute,
    .render = ho_report_top_render,
    .release = ho_report_top_release,
};
