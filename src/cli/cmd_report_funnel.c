/* SPDX-License-Identifier: MIT */
/*
 * cli/cmd_report_funnel.c - the funnel's companions: `report funnel --by DIM
 * --period P` options, the flow view (`report funnel --flow`), `report
 * whatif` and `report rules`, read from the stored journeys.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/strtab.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "cli/cli.h"
#include "cli/exitcode.h"
#include "core/dims.h"
#include "core/flow.h"
#include "core/groups.h"
#include "core/match.h"
#include "core/rules_report.h"
#include "core/whatif.h"
#include "report/report.h"
#include "store/store.h"

#define DEFAULT_WINDOW_MS (30 * HO_MS_PER_DAY)
#define DEFAULT_MONTHS    3

/* A number option within [lo, hi]. */
static int
parse_number(const char *opt, const char *arg, double lo, double hi, double *out)
{
    if (!ho_parse_number(arg, out) || *out < lo || *out > hi) {
        ho_cli_error("%s '%s': write a number from %g to %g", opt, arg, lo, hi);
        return HO_EXIT_USAGE;
    }
    return HO_EXIT_OK;
}

static int
parse_window(const char *arg, int64_t *out)
{
    struct ho_diag diag = { 0 };
    if (ho_duration_parse(arg, strlen(arg), out, &diag) != HO_OK || *out <= 0 ||
        *out > 3660 * HO_MS_PER_DAY) {
        ho_cli_error("--window '%s': write a duration from 1s to 3660d, e.g. 30d or 12w", arg);
        return HO_EXIT_USAGE;
    }
    return HO_EXIT_OK;
}

static int
parse_by(const char *arg, struct ho_cli_report_opts *o)
{
    enum ho_dim d;
    if (!ho_dim_parse(arg, &d)) {
        ho_cli_error("--by '%s': reports can be split by: %s", arg, ho_dim_list());
        return HO_EXIT_USAGE;
    }
    o->by = (int)d;
    o->by_channel = d == HO_DIM_CHANNEL;
    return HO_EXIT_OK;
}

static int
parse_period(const char *arg, struct ho_cli_report_opts *o)
{
    enum ho_cohort_period p;
    if (!ho_cohort_period_parse(arg, &p)) {
        ho_cli_error("--period '%s': write month, quarter or all", arg);
        return HO_EXIT_USAGE;
    }
    o->period = (int)p;
    o->whole_period = p == HO_COHORT_ALL;
    return HO_EXIT_OK;
}

int
ho_cli_report_funnel_opt(int c, const char *arg, struct ho_cli_report_opts *o)
{
    double v = 0;
    int ex = HO_EXIT_OK;
    switch (c) {
    case 'b':
        return parse_by(arg, o);
    case 'p':
        return parse_period(arg, o);
    case HO_OPT_FLOW:
        o->flow = true;
        return HO_EXIT_OK;
    case HO_OPT_WINDOW:
        return parse_window(arg, &o->window);
    case HO_OPT_STAGE:
        o->stage = arg;
        return HO_EXIT_OK;
    case HO_OPT_DELTA:
        ex = parse_number("--delta", arg, -100, 100, &o->delta);
        o->has_delta = ex == HO_EXIT_OK;
        return ex;
    case HO_OPT_MONTHS:
        ex = parse_number("--months", arg, 1, 120, &v);
        if (ex == HO_EXIT_OK && v != floor(v)) {
            ho_cli_error("--months '%s': write a whole number of months", arg);
            ex = HO_EXIT_USAGE;
        }
        o->months = (int64_t)v;
        return ex;
    case HO_OPT_VISITORS:
        ex = parse_number("--visitors", arg, 0, 1e15, &o->visitors);
        o->has_visitors = ex == HO_EXIT_OK;
        return ex;
    case HO_OPT_RATES:
        o->rates = arg;
        return HO_EXIT_OK;
    case HO_OPT_DEAL:
        ex = parse_number("--deal", arg, 0, 1e15, &o->deal);
        o->has_deal = ex == HO_EXIT_OK;
        return ex;
    default:
        break;
    }
    return HO_EXIT_USAGE;
}

int
ho_cli_report_dim_of(const struct ho_cli_report_opts *o)
{
    if (o->by != HO_DIM_ALL)
        return o->by;
    return o->by_channel ? HO_DIM_CHANNEL : HO_DIM_ALL;
}

/* The stored journeys. */
struct journeys {
    struct ho_strtab *strings;
    struct ho_journey_row *rows;
    size_t n;
};

static int
load_journeys(struct ho_cli *cli, struct journeys *j)
{
    struct ho_diag diag = { 0 };
    memset(j, 0, sizeof(*j));
    j->strings = ho_strtab_new();
    if (ho_store_load_journeys(cli->st, j->strings, &j->rows, &j->n, &diag) != HO_OK)
        return ho_cli_fail(&diag);
    return HO_EXIT_OK;
}

static void
release_journeys(struct journeys *j)
{
    ho_xfree(j->rows);
    ho_strtab_free(j->strings);
    memset(j, 0, sizeof(*j));
}

/* ---- report funnel --flow ---- */

int
ho_cli_report_flow(struct ho_cli *cli, const struct ho_cli_report_opts *o)
{
    struct journeys j;
    int ex = load_journeys(cli, &j);
    if (ex != HO_EXIT_OK) {
        release_journeys(&j);
        return ex;
    }
    struct ho_diag diag = { 0 };
    enum ho_dim by = (enum ho_dim)ho_cli_report_dim_of(o);
    uint32_t *keys = NULL, *order = NULL;
    if (by != HO_DIM_ALL) {
        keys = ho_group_keys(&cli->defs, j.strings, by, j.rows, j.n);
        order = ho_group_order(&cli->defs, j.strings, by, keys, j.n);
    }
    struct ho_flow_opts fo = { .end_ms = o->at,
                               .window_ms = o->window ? o->window : DEFAULT_WINDOW_MS,
                               .keys = keys,
                               .group_order = order };
    struct ho_flow f;
    if (ho_flow_compute(j.rows, j.n, &fo, &f, &diag) != HO_OK) {
        ex = ho_cli_fail(&diag);
    } else {
        struct ho_flow_view v = {
            .flow = &f, .strings = j.strings, .by = ho_dim_name(by), .window_ms = fo.window_ms
        };
        if (ho_report_flow(stdout, (enum ho_format)o->fmt, &v, &diag) != HO_OK)
            ex = ho_cli_fail(&diag);
    }
    ho_flow_release(&f);
    ho_xfree(keys);
    ho_xfree(order);
    release_journeys(&j);
    return ex;
}

/* ---- report whatif ---- */

static int
check_whatif_opts(const struct ho_cli_report_opts *o, enum ho_wi_rate *stage)
{
    if (!o->stage != !o->has_delta) {
        ho_cli_error("--stage and --delta go together: e.g. --stage mql_sql --delta +5");
        return HO_EXIT_USAGE;
    }
    if (o->stage && !ho_wi_rate_parse(o->stage, stage)) {
        ho_cli_error("--stage '%s': write visitor_lead, lead_mql, mql_sql, sql_opportunity or "
                     "opportunity_customer",
                     o->stage);
        return HO_EXIT_USAGE;
    }
    if (!o->has_visitors && (o->rates || o->has_deal)) {
        ho_cli_error("--rates and --deal plan from --visitors: add --visitors N, or leave them "
                     "out to measure the rates from the data");
        return HO_EXIT_USAGE;
    }
    if (o->has_visitors && !o->rates) {
        ho_cli_error("--visitors needs --rates visitor_lead=P,lead_mql=P,mql_sql=P,"
                     "sql_opportunity=P,opportunity_customer=P");
        return HO_EXIT_USAGE;
    }
    if (o->has_visitors && o->months) {
        ho_cli_error("--months measures the data: it does not go with --visitors");
        return HO_EXIT_USAGE;
    }
    return HO_EXIT_OK;
}

/* The planning inputs: --visitors, --rates (all of them) and --deal. */
static int
explicit_inputs(const struct ho_cli_report_opts *o, struct ho_whatif_input *in)
{
    struct ho_diag diag = { 0 };
    memset(in, 0, sizeof(*in));
    in->start = HO_WI_VISITORS;
    in->start_volume = o->visitors;
    in->has_deal = o->has_deal;
    in->deal = o->deal;
    if (ho_whatif_parse_rates(o->rates, in, &diag) != HO_OK) {
        ho_cli_error("--rates: %s", diag.msg);
        return HO_EXIT_USAGE;
    }
    for (int r = 0; r < HO_WI_RATE__COUNT; r++) {
        if (!in->has_rate[r]) {
            ho_cli_error("--rates: give every rate of the funnel; '%s' is missing",
                         ho_wi_rate_name((enum ho_wi_rate)r));
            return HO_EXIT_USAGE;
        }
    }
    return HO_EXIT_OK;
}

static int
print_whatif(const struct ho_cli_report_opts *o, const struct ho_whatif_input *in,
             const struct ho_whatif_measured *m, int64_t as_of, enum ho_wi_rate stage)
{
    struct ho_diag diag = { 0 };
    struct ho_whatif_result res;
    if (ho_whatif_project(in, o->stage != NULL, stage, o->delta, &res, &diag) != HO_OK) {
        ho_cli_error("--stage '%s': %s", o->stage, diag.msg);
        return HO_EXIT_USAGE;
    }
    struct ho_whatif_view v = { .in = in, .measured = m, .result = &res, .as_of = as_of };
    if (ho_report_whatif(stdout, (enum ho_format)o->fmt, &v, &diag) != HO_OK)
        return ho_cli_fail(&diag);
    return HO_EXIT_OK;
}

int
ho_cli_report_whatif(struct ho_cli *cli, const struct ho_cli_report_opts *o)
{
    enum ho_wi_rate stage = HO_WI_MQL_SQL;
    struct ho_whatif_input in;
    int ex = check_whatif_opts(o, &stage);
    if (ex != HO_EXIT_OK)
        return ex;
    if (o->has_visitors) {
        ex = explicit_inputs(o, &in);
        return ex == HO_EXIT_OK ? print_whatif(o, &in, NULL, 0, stage) : ex;
    }
    if (!cli) {
        ho_cli_error("report whatif: measuring needs a database (or plan with --visitors)");
        return HO_EXIT_USAGE;
    }
    struct journeys j;
    ex = load_journeys(cli, &j);
    if (ex == HO_EXIT_OK) {
        struct ho_diag diag = { 0 };
        struct ho_whatif_measured m;
        if (ho_whatif_measure(j.rows, j.n, o->at, o->months ? o->months : DEFAULT_MONTHS, &in, &m,
                              &diag) != HO_OK)
            ex = ho_cli_fail(&diag);
        else
            ex = print_whatif(o, &in, &m, o->at, stage);
    }
    release_journeys(&j);
    return ex;
}

/* ---- report rules ---- */

int
ho_cli_report_rules(struct ho_cli *cli, const struct ho_cli_report_opts *o)
{
    struct journeys j;
    int ex = load_journeys(cli, &j);
    if (ex == HO_EXIT_OK) {
        struct ho_diag diag = { 0 };
        struct ho_rules_report r;
        ho_rules_report_compute(&cli->defs, j.rows, j.n, o->from, o->to, &r);
        if (ho_report_rules(stdout, (enum ho_format)o->fmt, &r, &diag) != HO_OK)
            ex = ho_cli_fail(&diag);
        ho_rules_report_release(&r);
    }
    release_journeys(&j);
    return ex;
}
