/* SPDX-License-Identifier: MIT */
/*
 * report/funnel.c - the funnel by cohort as a table, JSON or CSV.
 */
#include "report/report.h"

#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "base/buf.h"
#include "base/strtab.h"
#include "base/timefmt.h"
#include "core/funnel.h"
#include "report/report_int.h"

/* The table's short names of stages and transitions. */
static const char *
stage_short(enum ho_stage s)
{
    switch (s) {
    case HO_STAGE_OPPORTUNITY:
        return "opp";
    case HO_STAGE_CUSTOMER:
        return "won";
    default:
        return ho_stage_name(s);
    }
}

/* The dimension the funnel is split by: "all" when not split. */
static const char *
by_name(const struct ho_funnel_view *v)
{
    if (v->by)
        return v->by;
    return v->by_channel ? "channel" : "all";
}

static bool
is_split(const struct ho_funnel_view *v)
{
    return strcmp(by_name(v), "all") != 0;
}

static const char *
channel_name(const struct ho_funnel_view *v, const struct ho_funnel_cohort *c)
{
    if (!is_split(v))
        return "all";
    return c->group ? ho_strtab_str(v->strings, c->group) : "(none)";
}

/* The CSV column and table heading of the group: the dimension's name, and
 * "channel" when not split (as before --by took other dimensions). */
static const char *
group_heading(const struct ho_funnel_view *v)
{
    return is_split(v) ? by_name(v) : "channel";
}

static const char *
cohort_name(const struct ho_funnel_view *v, const struct ho_funnel_cohort *c,
            char out[HO_TIME_STRLEN])
{
    return ho_cohort_label(v->funnel->period, c->month, out);
}

static json_t *
cohort_json(const struct ho_funnel_view *v, const struct ho_funnel_cohort *c)
{
    char month[HO_TIME_STRLEN];
    struct ho_buf diag = HO_BUF_INIT;
    json_t *o = json_object();
    json_object_set_new(o, "cohort", json_string(cohort_name(v, c, month)));
    json_object_set_new(o, "group", json_string(channel_name(v, c)));
    if (strcmp(group_heading(v), "channel") == 0)
        json_object_set_new(o, "channel", json_string(channel_name(v, c)));
    json_object_set_new(o, "mature", json_boolean(c->mature));
    json_object_set_new(o, "incomplete", json_boolean(c->incomplete));
    struct ho_report_cols fc;
    ho_report_cols_of(v->stages, &fc);
    json_t *counts = json_object();
    for (size_t i = 0; i < fc.n_stages; i++)
        json_object_set_new(counts, ho_stage_name(fc.stages[i]),
                            json_integer((json_int_t)c->reached[fc.stages[i]]));
    json_object_set_new(o, "counts", counts);
    json_t *rates = json_object();
    for (size_t i = 0; i < fc.n_rates; i++)
        json_object_set_new(rates, ho_transition_name(fc.rates[i]),
                            ho_json_rate(ho_funnel_rate(c, fc.rates[i])));
    json_object_set_new(o, "rates", rates);
    ho_funnel_tier_text(v->bench, ho_funnel_rate(c, HO_TR_MQL_SQL), &diag);
    json_object_set_new(o, "tier", json_string(ho_buf_cstr(&diag)));
    ho_buf_reset(&diag);
    ho_funnel_diagnose_in(c, v->bench, v->stages, &diag);
    json_object_set_new(o, "diagnosis", json_string(ho_buf_cstr(&diag)));
    ho_buf_release(&diag);
    return o;
}

static ho_rc
funnel_json(FILE *out, const struct ho_funnel_view *v, struct ho_diag *diag)
{
    char ts[HO_TIME_STRLEN];
    json_t *root = json_object();
    json_object_set_new(root, "as_of", json_string(ho_time_format(v->as_of, ts)));
    json_object_set_new(root, "by", json_string(by_name(v)));
    json_object_set_new(root, "period",
                        json_string(v->funnel->period == HO_COHORT_QUARTER ? "quarter"
                                    : v->funnel->period == HO_COHORT_ALL   ? "all"
                                                                           : "month"));
    json_object_set_new(
        root, "median_mql_sql_days",
        v->funnel->median_mql_sql_ms >= 0
            ? json_real(round((double)v->funnel->median_mql_sql_ms / HO_MS_PER_DAY * 100) / 100)
            : json_null());
    json_t *cohorts = json_array();
    for (size_t i = 0; i < v->funnel->n; i++)
        json_array_append_new(cohorts, cohort_json(v, &v->funnel->cohorts[i]));
    json_object_set_new(root, "cohorts", cohorts);
    return ho_json_write(out, root, diag);
}

static ho_rc
funnel_csv(FILE *out, const struct ho_funnel_view *v)
{
    struct ho_report_cols fc;
    ho_report_cols_of(v->stages, &fc);
    fputs("cohort,", out);
    ho_csv_field(out, group_heading(v));
    fputs(",mature,incomplete", out);
    for (size_t i = 0; i < fc.n_stages; i++)
        fprintf(out, ",%s", ho_stage_name(fc.stages[i]));
    for (size_t i = 0; i < fc.n_rates; i++)
        ho_csv_rate_header(out, ho_transition_name(fc.rates[i]));
    fputs(",tier,diagnosis\n", out);
    for (size_t k = 0; k < v->funnel->n; k++) {
        const struct ho_funnel_cohort *c = &v->funnel->cohorts[k];
        char month[HO_TIME_STRLEN];
        fprintf(out, "%s,", cohort_name(v, c, month));
        ho_csv_field(out, channel_name(v, c));
        fprintf(out, ",%s,%s", c->mature ? "true" : "false", c->incomplete ? "true" : "false");
        for (size_t i = 0; i < fc.n_stages; i++)
            fprintf(out, ",%llu", (unsigned long long)c->reached[fc.stages[i]]);
        for (size_t i = 0; i < fc.n_rates; i++)
            ho_csv_rate(out, ho_funnel_rate(c, fc.rates[i]));
        struct ho_buf diag = HO_BUF_INIT;
        ho_funnel_tier_text(v->bench, ho_funnel_rate(c, HO_TR_MQL_SQL), &diag);
        fprintf(out, ",%s,", ho_buf_cstr(&diag));
        ho_buf_reset(&diag);
        ho_funnel_diagnose_in(c, v->bench, v->stages, &diag);
        ho_csv_field(out, ho_buf_cstr(&diag));
        fputc('\n', out);
        ho_buf_release(&diag);
    }
    return HO_OK;
}

static char *
pct(const struct ho_funnel_cohort *c, enum ho_transition t, char out[16])
{
    struct ho_rate r = ho_funnel_rate(c, t);
    return ho_format_pct(r.num, r.den, out);
}

/* The width of the group column: its widest name, at least 15. */
static int
group_width(const struct ho_funnel_view *v)
{
    size_t w = 15;
    for (size_t k = 0; k < v->funnel->n; k++) {
        size_t len = strlen(channel_name(v, &v->funnel->cohorts[k]));
        w = len > w ? len : w;
    }
    return (int)(w < 80 ? w : 80);
}

/* The table leaves sal->sql out (it is mql>sql less mql>sal): the columns
 * stay within a terminal's width. */
static bool
table_rate(enum ho_transition t)
{
    return t != HO_TR_SAL_SQL;
}

static void
cohort_row(FILE *out, const struct ho_funnel_view *v, const struct ho_funnel_cohort *c, int w)
{
    char month[HO_TIME_STRLEN], p[16];
    struct ho_report_cols fc;
    ho_report_cols_of(v->stages, &fc);
    struct ho_buf tier = HO_BUF_INIT;
    ho_funnel_tier_text(v->bench, ho_funnel_rate(c, HO_TR_MQL_SQL), &tier);
    fprintf(out, "%-8s %-*s", cohort_name(v, c, month), w, channel_name(v, c));
    for (size_t i = 0; i < fc.n_stages; i++)
        fprintf(out, " %7" PRIu64, c->reached[fc.stages[i]]);
    for (size_t i = 0; i < fc.n_rates; i++) {
        if (table_rate(fc.rates[i]))
            fprintf(out, " %8s", pct(c, fc.rates[i], p));
    }
    fprintf(out, "  %s%s\n", ho_buf_cstr(&tier),
            c->incomplete ? " (incomplete)"
            : c->mature   ? ""
                          : " (young)");
    ho_buf_release(&tier);
    struct ho_buf diag = HO_BUF_INIT;
    ho_funnel_diagnose_in(c, v->bench, v->stages, &diag);
    fprintf(out, "         %s\n", ho_buf_cstr(&diag));
    ho_buf_release(&diag);
}

static void
table_heading(FILE *out, const struct ho_funnel_view *v, int w)
{
    struct ho_report_cols fc;
    ho_report_cols_of(v->stages, &fc);
    fprintf(out, "%-8s %-*s", "cohort", w, group_heading(v));
    for (size_t i = 0; i < fc.n_stages; i++)
        fprintf(out, " %7s", stage_short(fc.stages[i]));
    for (size_t i = 0; i < fc.n_rates; i++) {
        if (table_rate(fc.rates[i]))
            fprintf(out, " %8s", ho_rate_short(fc.rates[i]));
    }
    fprintf(out, "  %s\n", "tier");
}

static ho_rc
funnel_table(FILE *out, const struct ho_funnel_view *v)
{
    char ts[HO_TIME_STRLEN];
    static const char *const titles[] = { [HO_COHORT_MONTH] = "Funnel by MQL cohort",
                                          [HO_COHORT_QUARTER] = "Funnel by MQL cohort (quarter)",
                                          [HO_COHORT_ALL] = "Funnel of the whole period" };
    const char *join = v->funnel->period == HO_COHORT_ALL ? " by " : " and ";
    fprintf(out, "%s%s%s, as of %s\n", titles[v->funnel->period], is_split(v) ? join : "",
            is_split(v) ? by_name(v) : "", ho_time_format(v->as_of, ts));
    int w = group_width(v);
    table_heading(out, v, w);
    for (size_t k = 0; k < v->funnel->n; k++)
        cohort_row(out, v, &v->funnel->cohorts[k], w);
    if (v->funnel->n == 0)
        fprintf(out, "(no journeys in this period)\n");
    return HO_OK;
}

ho_rc
ho_report_funnel(FILE *out, enum ho_format fmt, const struct ho_funnel_view *v,
                 struct ho_diag *diag)
{
    switch (fmt) {
    case HO_FORMAT_JSON:
        return funnel_json(out, v, diag);
    case HO_FORMAT_CSV:
        return funnel_csv(out, v);
    case HO_FORMAT_TABLE:
        return funnel_table(out, v);
    }
    return ho_diag_set(diag, HO_EINVAL, "unknown output format");
}
