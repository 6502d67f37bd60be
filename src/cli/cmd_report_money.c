/* SPDX-License-Identifier: MIT */
/*
 * cli/cmd_report_money.c - `report dispositions`, `report stages`, `report
 * pipeline` and `report closed-won` (DESIGN.md §5 reports 4-7), read from
 * the stored journeys (and, for the pipeline, the imported spend).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/strtab.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "cli/cli.h"
#include "cli/exitcode.h"
#include "core/closed_won.h"
#include "core/dims.h"
#include "core/dispositions.h"
#include "core/match.h"
#include "core/pipeline.h"
#include "core/stage_times.h"
#include "report/money.h"
#include "store/store.h"

#define MQL_AGING_MS (24 * HO_MS_PER_HOUR)

int
ho_cli_report_money_opt(int c, const char *arg, struct ho_cli_report_opts *o)
{
    double pct = 0;
    if (c != HO_OPT_GROSS_MARGIN)
        return HO_EXIT_USAGE;
    if (!ho_parse_number(arg, &pct) || !(pct > 0 && pct <= 100)) {
        ho_cli_error("--gross-margin '%s': write a percentage above 0 and at most 100, e.g. 80",
                     arg);
        return HO_EXIT_USAGE;
    }
    o->has_gross_margin = true;
    o->gross_margin = pct;
    return HO_EXIT_OK;
}

static enum ho_dim
dim_of(const struct ho_cli_report_opts *o)
{
    if (o->by != HO_DIM_ALL)
        return (enum ho_dim)o->by;
    return o->by_channel ? HO_DIM_CHANNEL : HO_DIM_ALL;
}

/* What a report needs once the journeys are loaded. */
struct loaded {
    struct ho_cli *cli;
    const struct ho_cli_report_opts *o;
    struct ho_strtab *strings;
    const struct ho_journey_row *rows;
    size_t n;
    struct ho_money_view view;
};

/* Load the journeys and run fn on them; prints any failure. */
static int
with_journeys(struct ho_cli *cli, const struct ho_cli_report_opts *o,
              ho_rc (*fn)(const struct loaded *l, struct ho_diag *diag))
{
    struct ho_diag diag = { 0 };
    struct ho_strtab *strings = ho_strtab_new();
    struct ho_journey_row *rows = NULL;
    size_t n = 0;
    int ex = HO_EXIT_OK;
    if (ho_store_load_journeys(cli->st, strings, &rows, &n, &diag) != HO_OK) {
        ex = ho_cli_fail(&diag);
    } else {
        struct loaded l = { .cli = cli,
                            .o = o,
                            .strings = strings,
                            .rows = rows,
                            .n = n,
                            .view = { .strings = strings, .from = o->from, .to = o->to } };
        if (fn(&l, &diag) != HO_OK)
            ex = ho_cli_fail(&diag);
    }
    ho_xfree(rows);
    ho_strtab_free(strings);
    return ex;
}

static ho_rc
run_dispositions(const struct loaded *l, struct ho_diag *diag)
{
    struct ho_dispositions d;
    struct ho_disp_opts opts = { .by = dim_of(l->o), .from = l->o->from, .to = l->o->to };
    ho_dispositions_compute(l->rows, l->n, &l->cli->defs, l->strings, &opts, &d);
    ho_rc rc = ho_report_dispositions(stdout, (enum ho_format)l->o->fmt, &l->view, &d, diag);
    ho_dispositions_release(&d);
    return rc;
}

static ho_rc
run_stages(const struct loaded *l, struct ho_diag *diag)
{
    struct ho_stage_times t;
    struct ho_stage_times_opts opts = { .by = dim_of(l->o),
                                        .from = l->o->from,
                                        .to = l->o->to,
                                        .at = l->o->at,
                                        .aging_ms = MQL_AGING_MS };
    ho_stage_times_compute(l->rows, l->n, &l->cli->defs, l->strings, &opts, &t);
    ho_rc rc = ho_report_stage_times(stdout, (enum ho_format)l->o->fmt, &l->view, &t, diag);
    ho_stage_times_release(&t);
    return rc;
}

static ho_rc
run_pipeline(const struct loaded *l, struct ho_diag *diag)
{
    struct ho_spend_row *spend = NULL;
    size_t n_spend = 0;
    ho_rc rc = ho_store_load_spend(l->cli->st, l->strings, &spend, &n_spend, diag);
    if (rc != HO_OK)
        return rc;
    struct ho_pipeline p;
    struct ho_pipeline_opts opts = { .by = dim_of(l->o),
                                     .from = l->o->from,
                                     .to = l->o->to,
                                     .at = l->o->at,
                                     .gross_margin_pct =
                                         l->o->has_gross_margin ? l->o->gross_margin : NAN };
    ho_pipeline_compute(l->rows, l->n, spend, n_spend, &l->cli->defs, l->strings, &opts, &p);
    rc = ho_report_pipeline(stdout, (enum ho_format)l->o->fmt, &l->view, &p, diag);
    ho_pipeline_release(&p);
    ho_xfree(spend);
    return rc;
}

static ho_rc
run_closed_won(const struct loaded *l, struct ho_diag *diag)
{
    struct ho_closed_won c;
    struct ho_closed_won_opts opts = { .by = dim_of(l->o), .from = l->o->from, .to = l->o->to };
    ho_closed_won_compute(l->rows, l->n, &l->cli->defs, l->strings, &opts, &c);
    ho_rc rc = ho_report_closed_won(stdout, (enum ho_format)l->o->fmt, &l->view, &c, diag);
    ho_closed_won_release(&c);
    return rc;
}

int
ho_cli_report_dispositions(struct ho_cli *cli, const struct ho_cli_report_opts *o)
{
    return with_journeys(cli, o, run_dispositions);
}

int
ho_cli_report_stages(struct ho_cli *cli, const struct ho_cli_report_opts *o)
{
    return with_journeys(cli, o, run_stages);
}

int
ho_cli_report_pipeline(struct ho_cli *cli, const struct ho_cli_report_opts *o)
{
    return with_journeys(cli, o, run_pipeline);
}

int
ho_cli_report_closed_won(struct ho_cli *cli, const struct ho_cli_report_opts *o)
{
    return with_journeys(cli, o, run_closed_won);
}
