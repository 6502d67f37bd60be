/* SPDX-License-Identifier: MIT */
/*
 * app/report_money.c - report dispositions, stages, pipeline and closed-won
 * (DESIGN.md §5 reports 4-7), from the stored journeys (and, for the
 * pipeline, the imported spend).
 */
#include <math.h>

#include "app/report_int.h"
#include "base/xalloc.h"
#include "core/closed_won.h"
#include "core/dims.h"
#include "core/dispositions.h"
#include "core/pipeline.h"
#include "core/stage_times.h"
#include "report/money.h"

/* Each report's result, and the spend the pipeline reads. */
struct money_state {
    union {
        struct ho_dispositions disp;
        struct ho_stage_times stages;
        struct ho_pipeline pipeline;
        struct ho_closed_won won;
    } u;
    bool computed;
    struct ho_spend_row *spend;
    size_t n_spend;
};

static ho_rc
money_load(struct ho_report_run *r, struct ho_diag *diag)
{
    r->state = ho_xcalloc(1, sizeof(struct money_state));
    return ho_report_load_journeys(r, diag);
}

static ho_rc
pipeline_load(struct ho_report_run *r, struct ho_diag *diag)
{
    ho_rc rc = money_load(r, diag);
    struct money_state *s = r->state;
    if (rc == HO_OK)
        rc = ho_store_load_spend(r->app->st, r->strings, &s->spend, &s->n_spend, diag);
    return rc;
}

static struct ho_money_view
view_of(const struct ho_report_run *r)
{
    const struct ho_report_common *c = r->opts;
    return (struct ho_money_view){ .strings = r->strings, .from = c->from, .to = c->to };
}

static ho_rc
disp_compute(struct ho_report_run *r, struct ho_diag *diag)
{
    (void)diag;
    const struct ho_span_ropts *o = r->opts;
    struct money_state *s = r->state;
    struct ho_disp_opts opts = { .by = (enum ho_dim)o->by, .from = o->c.from, .to = o->c.to };
    ho_dispositions_compute(r->rows, r->n, &r->app->defs, r->strings, &opts, &s->u.disp);
    s->computed = true;
    return HO_OK;
}

static ho_rc
disp_render(struct ho_report_run *r, FILE *out, enum ho_format fmt, struct ho_diag *diag)
{
    struct money_state *s = r->state;
    struct ho_money_view v = view_of(r);
    return ho_report_dispositions(out, fmt, &v, &s->u.disp, diag);
}

static void
disp_release(struct ho_report_run *r)
{
    struct money_state *s = r->state;
    if (s && s->computed)
        ho_dispositions_release(&s->u.disp);
    ho_xfree(s);
    ho_report_release_journeys(r);
}

static ho_rc
stages_compute(struct ho_report_run *r, struct ho_diag *diag)
{
    (void)diag;
    const struct ho_span_ropts *o = r->opts;
    struct money_state *s = r->state;
    struct ho_stage_times_opts opts = { .by = (enum ho_dim)o->by,
                                        .from = o->c.from,
                                        .to = o->c.to,
                                        .at = r->at,
                                        .aging_ms = HO_APP_MQL_AGING_MS };
    ho_stage_times_compute(r->rows, r->n, &r->app->defs, r->strings, &opts, &s->u.stages);
    s->computed = true;
    return HO_OK;
}

static ho_rc
stages_render(struct ho_report_run *r, FILE *out, enum ho_format fmt, struct ho_diag *diag)
{
    struct money_state *s = r->state;
    struct ho_money_view v = view_of(r);
    return ho_report_stage_times(out, fmt, &v, &s->u.stages, diag);
}

static void
stages_release(struct ho_report_run *r)
{
    struct money_state *s = r->state;
    if (s && s->computed)
        ho_stage_times_release(&s->u.stages);
    ho_xfree(s);
    ho_report_release_journeys(r);
}

static ho_rc
pipeline_compute(struct ho_report_run *r, struct ho_diag *diag)
{
    (void)diag;
    const struct ho_span_ropts *o = r->opts;
    struct money_state *s = r->state;
    struct ho_pipeline_opts opts = { .by = (enum ho_dim)o->by,
                                     .from = o->c.from,
                                     .to = o->c.to,
                                     .at = r->at,
                                     .gross_margin_pct =
                                         o->has_gross_margin ? o->gross_margin : NAN };
    ho_pipeline_compute(r->rows, r->n, s->spend, s->n_spend, &r->app->defs, r->strings, &opts,
                        &s->u.pipeline);
    s->computed = true;
    return HO_OK;
}

static ho_rc
pipeline_render(struct ho_report_run *r, FILE *out, enum ho_format fmt, struct ho_diag *diag)
{
    struct money_state *s = r->state;
    struct ho_money_view v = view_of(r);
    return ho_report_pipeline(out, fmt, &v, &s->u.pipeline, diag);
}

static void
pipeline_release(struct ho_report_run *r)
{
    struct money_state *s = r->state;
    if (s && s->computed)
        ho_pipeline_release(&s->u.pipeline);
    if (s)
        ho_xfree(s->spend);
    ho_xfree(s);
    ho_report_release_journeys(r);
}

static ho_rc
won_compute(struct ho_report_run *r, struct ho_diag *diag)
{
    (void)diag;
    const struct ho_span_ropts *o = r->opts;
    struct money_state *s = r->state;
    struct ho_closed_won_opts opts = { .by = (enum ho_dim)o->by, .from = o->c.from, .to = o->c.to };
    ho_closed_won_compute(r->rows, r->n, &r->app->defs, r->strings, &opts, &s->u.won);
    s->computed = true;
    return HO_OK;
}

static ho_rc
won_render(struct ho_report_run *r, FILE *out, enum ho_format fmt, struct ho_diag *diag)
{
    struct money_state *s = r->state;
    struct ho_money_view v = view_of(r);
    return ho_report_closed_won(out, fmt, &v, &s->u.won, diag);
}

static void
won_release(struct ho_report_run *r)
{
    struct money_state *s = r->state;
    if (s && s->computed)
        ho_closed_won_release(&s->u.won);
    ho_xfree(s);
    ho_report_release_journeys(r);
}

#define S struct ho_span_ropts
#define BY_ROW                                                                    \
    {                                                                             \
        &ho_ropt_by, HO_ROPT(S, by), .help = "one block per value of a dimension" \
    }
static const struct ho_report_opt money_opts[] = { BY_ROW, HO_ROPTS_SPAN(S), HO_ROPT_AT_ROW(S) };
static const struct ho_report_opt pipeline_opts[] = {
    BY_ROW,
    HO_ROPTS_SPAN(S),
    HO_ROPT_AT_ROW(S),
    { &ho_ropt_gross_margin, HO_ROPT_HAS(S, gross_margin, has_gross_margin),
      .help = "percent, for the CAC payback months" },
};
#undef BY_ROW
#undef S

const struct ho_report_def ho_report_dispositions_def = {
    .name = "dispositions",
    .opts = money_opts,
    .n_opts = HO_ARRAY_LEN(money_opts),
    .opts_size = sizeof(struct ho_span_ropts),
    .load = money_load,
    .compute = disp_compute,
    .render = disp_render,
    .release = disp_release,
};

const struct ho_report_def ho_report_stages_def = {
    .name = "stages",
    .opts = money_opts,
    .n_opts = HO_ARRAY_LEN(money_opts),
    .opts_size = sizeof(struct ho_span_ropts),
    .load = money_load,
    .compute = stages_compute,
    .render = stages_render,
    .release = stages_release,
};

const struct ho_report_def ho_report_pipeline_def = {
    .name = "pipeline",
    .opts = pipeline_opts,
    .n_opts = HO_ARRAY_LEN(pipeline_opts),
    .opts_size = sizeof(struct ho_span_ropts),
    .load = pipeline_load,
    .compute = pipeline_compute,
    .render = pipeline_render,
    .release = pipeline_release,
};

const struct ho_report_def ho_report_closed_won_def = {
    .name = "closed-won",
    .opts = money_opts,
    .n_opts = HO_ARRAY_LEN(money_opts),
    .opts_size = sizeof(struct ho_span_ropts),
    .load = money_load,
    .compute = won_compute,
    .render = won_render,
    .release = won_release,
};
