/* SPDX-License-Identifier: MIT */
/*
 * report/pipeline.c - pipeline and money as a table, JSON or CSV.
 *
 * The CSV is the JSON flattened into section,key,metric,value rows (metric
 * is the dotted path of a figure inside its object), so the two cannot
 * disagree by construction.
 */
#include "report/money.h"

#include <math.h>
#include <string.h>

#include "base/timefmt.h"
#include "core/pipeline.h"
#include "report/money_fmt.h"

static json_t *
month_json(int64_t month)
{
    char text[HO_TIME_STRLEN];
    return json_string(ho_time_format_month(ho_month_index_start(month), text));
}

static json_t *
count_json(uint64_t n)
{
    return json_integer((json_int_t)n);
}

static json_t *
lvr_json(const struct ho_pipeline *p, const struct ho_pipeline_group *g)
{
    json_t *o = json_object();
    json_object_set_new(o, "month", month_json(p->lvr_month));
    json_object_set_new(o, "mqls", count_json(g->mqls_this_month));
    json_object_set_new(o, "previous_month", month_json(p->lvr_month - 1));
    json_object_set_new(o, "previous_mqls", count_json(g->mqls_last_month));
    json_object_set_new(o, "pct", ho_money_json_num(g->lvr_pct));
    return o;
}

static json_t *
group_json(const struct ho_money_view *v, const struct ho_pipeline *p,
           const struct ho_pipeline_group *g)
{
    json_t *o = json_object();
    json_object_set_new(o, "group", json_string(ho_money_name(v->strings, g->key, "all")));
    json_object_set_new(o, "opportunities", count_json(g->opps));
    json_object_set_new(o, "opportunities_without_amount", count_json(g->opps_without_amount));
    json_object_set_new(o, "qualified_opportunities", count_json(g->qualified_opps));
    json_object_set_new(o, "qualified_pipeline", ho_money_json_num(g->qualified_pipeline));
    json_object_set_new(o, "all_pipeline", ho_money_json_num(g->all_pipeline));
    json_object_set_new(o, "marketing_share",
                        ho_money_json_ratio(g->qualified_pipeline, g->all_pipeline));
    json_object_set_new(o, "share_tier", json_string(ho_share_tier_name(g->tier)));
    json_object_set_new(o, "won", count_json(g->win.num));
    json_object_set_new(o, "lost", count_json(g->win.den - g->win.num));
    json_object_set_new(o, "win_rate", ho_money_json_rate(g->win));
    json_object_set_new(o, "won_with_amount", count_json(g->won_with_amount));
    json_object_set_new(o, "won_amount", ho_money_json_num(g->won_amount));
    json_object_set_new(o, "average_deal", ho_money_json_num(g->avg_deal));
    json_object_set_new(o, "sales_cycles", count_json(g->cycles));
    json_object_set_new(o, "average_cycle_days", ho_money_json_num(g->avg_cycle_days));
    json_object_set_new(o, "open_opportunities", count_json(g->open_opps));
    json_object_set_new(o, "open_amount", ho_money_json_num(g->open_amount));
    json_object_set_new(o, "velocity_per_day", ho_money_json_num(g->velocity_per_day));
    json_object_set_new(o, "sqls", count_json(g->sqls));
    json_object_set_new(o, "sqls_per_month", ho_money_json_num(g->sqls_per_month));
    json_object_set_new(o, "lead_velocity", lvr_json(p, g));
    return o;
}

static json_t *
cost_months_json(const struct ho_channel_cost *c)
{
    json_t *arr = json_array();
    for (size_t k = 0; k < c->n_months; k++) {
        const struct ho_cost_month *m = &c->months[k];
        json_t *o = json_object();
        json_object_set_new(o, "month", month_json(m->month));
        json_object_set_new(o, "spend", ho_money_json_num(m->spend));
        json_object_set_new(o, "mqls", count_json(m->mqls));
        json_object_set_new(o, "sqls", count_json(m->sqls));
        json_object_set_new(o, "cost_per_mql", ho_money_json_num(m->cost_per_mql));
        json_object_set_new(o, "cost_per_sql", ho_money_json_num(m->cost_per_sql));
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *
cost_json(const struct ho_money_view *v, const struct ho_channel_cost *c)
{
    json_t *o = json_object();
    json_object_set_new(o, "channel", json_string(ho_money_name(v->strings, c->channel, "all")));
    json_object_set_new(o, "spend", ho_money_json_num(c->spend));
    json_object_set_new(o, "mqls", count_json(c->mqls));
    json_object_set_new(o, "sqls", count_json(c->sqls));
    json_object_set_new(o, "customers", count_json(c->customers));
    json_object_set_new(o, "qualified_pipeline", ho_money_json_num(c->qualified_pipeline));
    json_object_set_new(o, "cost_per_mql", ho_money_json_num(c->cost_per_mql));
    json_object_set_new(o, "cost_per_sql", ho_money_json_num(c->cost_per_sql));
    json_object_set_new(o, "efficiency_ratio", ho_money_json_precise(c->efficiency_ratio));
    json_object_set_new(o, "cac", ho_money_json_num(c->cac));
    json_object_set_new(o, "monthly_revenue", ho_money_json_num(c->monthly_revenue));
    json_object_set_new(o, "payback_months", ho_money_json_num(c->payback_months));
    if (c->channel)
        json_object_set_new(o, "months", cost_months_json(c));
    return o;
}

static json_t *
spend_json(const struct ho_money_view *v, const struct ho_pipeline *p)
{
    if (!p->has_spend)
        return json_null();
    json_t *o = json_object(), *chans = json_array();
    json_object_set_new(o, "gross_margin_pct", ho_money_json_num(p->gross_margin_pct));
    json_object_set_new(o, "cost_basis", json_string(HO_COST_BASIS));
    for (size_t i = 0; i < p->n_costs; i++)
        json_array_append_new(chans, cost_json(v, &p->costs[i]));
    json_object_set_new(o, "channels", chans);
    json_object_set_new(o, "total", cost_json(v, &p->total));
    return o;
}

static json_t *
pipeline_json(const struct ho_money_view *v, const struct ho_pipeline *p)
{
    json_t *root = json_object(), *groups = json_array(), *months = json_array();
    ho_money_json_period(root, v, ho_dim_name(p->by));
    json_object_set_new(root, "as_of", ho_money_json_time(p->as_of));
    for (size_t g = 0; g < p->n; g++)
        json_array_append_new(groups, group_json(v, p, &p->groups[g]));
    json_object_set_new(root, "groups", groups);
    for (size_t k = 0; k < p->n_months; k++) {
        json_t *m = json_object();
        json_object_set_new(m, "month", month_json(p->sql_months[k].month));
        json_object_set_new(m, "sqls", count_json(p->sql_months[k].count));
        json_object_set_new(m, "incomplete", json_boolean(p->sql_months[k].incomplete));
        json_array_append_new(months, m);
    }
    json_object_set_new(root, "sqls_by_month", months);
    json_object_set_new(root, "spend", spend_json(v, p));
    return root;
}

/* ---- CSV: the JSON flattened ---- */

static void
csv_value(FILE *out, const json_t *x)
{
    if (json_is_integer(x))
        fprintf(out, "%lld", (long long)json_integer_value(x));
    else if (json_is_real(x))
        ho_money_csv_real(out, json_real_value(x));
    else if (json_is_string(x))
        ho_csv_field(out, json_string_value(x));
    else if (json_is_boolean(x))
        fputs(json_is_true(x) ? "true" : "false", out);
}

static void
csv_row(FILE *out, const char *section, const char *key, const char *metric, const json_t *x)
{
    fprintf(out, "%s,", section);
    ho_csv_field(out, key);
    fprintf(out, ",%s,", metric);
    csv_value(out, x);
    fputc('\n', out);
}

/* One row per scalar of o, metric = its name, or "outer.inner" for a member
 * of a nested object (the report nests one level deep). */
static void
csv_flatten(FILE *out, const char *section, const char *key, const json_t *o)
{
    const char *name;
    const json_t *x;
    json_object_foreach((json_t *)o, name, x)
    {
        if (json_is_array(x))
            continue; /* a channel's months: rows of their own (csv_cost_months) */
        if (!json_is_object(x)) {
            csv_row(out, section, key, name, x);
            continue;
        }
        const char *inner;
        const json_t *y;
        json_object_foreach((json_t *)x, inner, y)
        {
            char path[128];
            snprintf(path, sizeof(path), "%s.%s", name, inner);
            csv_row(out, section, key, path, y);
        }
    }
}

static void
csv_array(FILE *out, const char *section, const char *key_field, const json_t *arr)
{
    size_t i;
    const json_t *x;
    json_array_foreach(arr, i, x)
    {
        json_t *copy = json_deep_copy(x);
        const char *key = json_string_value(json_object_get(x, key_field));
        json_object_del(copy, key_field);
        csv_flatten(out, section, key ? key : "", copy);
        json_decref(copy);
    }
}

/* Section channel_month: one row per figure of each channel's months, keyed
 * "channel/YYYY-MM". */
static void
csv_cost_months(FILE *out, const json_t *channels)
{
    size_t i, k;
    const json_t *c, *m;
    json_array_foreach(channels, i, c)
    {
        json_array_foreach(json_object_get(c, "months"), k, m)
        {
            char key[160];
            snprintf(key, sizeof(key), "%s/%s", json_string_value(json_object_get(c, "channel")),
                     json_string_value(json_object_get(m, "month")));
            json_t *copy = json_deep_copy(m);
            json_object_del(copy, "month");
            csv_flatten(out, "channel_month", key, copy);
            json_decref(copy);
        }
    }
}

static ho_rc
pipeline_csv(FILE *out, const struct ho_money_view *v, const struct ho_pipeline *p)
{
    json_t *root = pipeline_json(v, p);
    const json_t *spend = json_object_get(root, "spend");
    fputs("section,key,metric,value\n", out);
    csv_array(out, "group", "group", json_object_get(root, "groups"));
    csv_array(out, "month", "month", json_object_get(root, "sqls_by_month"));
    if (json_is_object(spend)) {
        fputs("spend,all,gross_margin_pct,", out);
        csv_value(out, json_object_get(spend, "gross_margin_pct"));
        fputc('\n', out);
        csv_row(out, "spend", "all", "cost_basis", json_object_get(spend, "cost_basis"));
        csv_array(out, "channel", "channel", json_object_get(spend, "channels"));
        csv_cost_months(out, json_object_get(spend, "channels"));
        json_t *total = json_deep_copy(json_object_get(spend, "total"));
        json_object_del(total, "channel");
        csv_flatten(out, "total", "all", total);
        json_decref(total);
    }
    json_decref(root);
    return HO_OK;
}

/* ---- table ---- */

static void
group_table(FILE *out, const struct ho_money_view *v, const struct ho_pipeline *p,
            const struct ho_pipeline_group *g)
{
    char a[32], b[32], r[64], m1[HO_TIME_STRLEN], m2[HO_TIME_STRLEN];
    if (p->by != HO_DIM_ALL)
        fprintf(out, "\n%s %s\n", ho_dim_name(p->by), ho_money_name(v->strings, g->key, "all"));
    fprintf(out,
            "  qualified pipeline   %s of %s (%llu of %llu opportunities; %llu without an "
            "amount)\n",
            ho_money_text(g->qualified_pipeline, a), ho_money_text(g->all_pipeline, b),
            (unsigned long long)g->qualified_opps, (unsigned long long)g->opps,
            (unsigned long long)g->opps_without_amount);
    fprintf(out, "  marketing share      %s%% (%s)\n", ho_money_text(g->marketing_share_pct, a),
            ho_share_tier_name(g->tier));
    fprintf(out, "  win rate             %s\n", ho_money_rate_text(g->win, r));
    fprintf(out, "  average deal         %s (%llu won with an amount)\n",
            ho_money_text(g->avg_deal, a), (unsigned long long)g->won_with_amount);
    fprintf(out, "  average cycle        %s days (%llu won opportunities)\n",
            ho_money_text(g->avg_cycle_days, a), (unsigned long long)g->cycles);
    fprintf(out, "  open opportunities   %llu worth %s\n", (unsigned long long)g->open_opps,
            ho_money_text(g->open_amount, a));
    fprintf(out, "  pipeline velocity    %s per day\n", ho_money_text(g->velocity_per_day, a));
    fprintf(out, "  SQLs                 %llu, %s per month\n", (unsigned long long)g->sqls,
            ho_money_text(g->sqls_per_month, a));
    fprintf(out, "  lead velocity rate   %s%% (last complete month, MQLs %s: %llu, %s: %llu)\n",
            ho_money_text(g->lvr_pct, a),
            ho_time_format_month(ho_month_index_start(p->lvr_month), m1),
            (unsigned long long)g->mqls_this_month,
            ho_time_format_month(ho_month_index_start(p->lvr_month - 1), m2),
            (unsigned long long)g->mqls_last_month);
}

static void
cost_row(FILE *out, const char *name, const struct ho_channel_cost *c)
{
    char s[32], m[32], q[32], e[32], k[32], y[32];
    fprintf(out, "%-16s %12s %5llu %5llu %5llu %10s %10s %8s %10s %8s\n", name,
            ho_money_text(c->spend, s), (unsigned long long)c->mqls, (unsigned long long)c->sqls,
            (unsigned long long)c->customers, ho_money_text(c->cost_per_mql, m),
            ho_money_text(c->cost_per_sql, q), ho_money_sig3_text(c->efficiency_ratio, e),
            ho_money_text(c->cac, k), ho_money_text(c->payback_months, y));
}

static void
cost_months_table(FILE *out, const char *name, const struct ho_channel_cost *c)
{
    for (size_t k = 0; k < c->n_months; k++) {
        const struct ho_cost_month *m = &c->months[k];
        char month[HO_TIME_STRLEN], s[32], a[32], b[32];
        fprintf(out, "%-16s %-8s %12s %5llu %5llu %10s %10s\n", name,
                ho_time_format_month(ho_month_index_start(m->month), month),
                ho_money_text(m->spend, s), (unsigned long long)m->mqls,
                (unsigned long long)m->sqls, ho_money_text(m->cost_per_mql, a),
                ho_money_text(m->cost_per_sql, b));
    }
}

static void
costs_table(FILE *out, const struct ho_money_view *v, const struct ho_pipeline *p)
{
    char gm[32];
    if (!p->has_spend) {
        fprintf(out, "\nNo spend in this period (handoff import-spend FILE.csv adds it).\n");
        return;
    }
    fprintf(out, "\nSpend per channel (gross margin %s%%)\n",
            ho_money_text(p->gross_margin_pct, gm));
    fprintf(out, "%-16s %12s %5s %5s %5s %10s %10s %8s %10s %8s\n", "channel", "spend", "mqls",
            "sqls", "won", "per mql", "per sql", "mer", "cac", "payback");
    for (size_t i = 0; i < p->n_costs; i++)
        cost_row(out, ho_money_name(v->strings, p->costs[i].channel, "(none)"), &p->costs[i]);
    cost_row(out, "total (blended)", &p->total);
    fputs("Cost per MQL/SQL by cohort: each month's spend over the channel's marketing-sourced\n"
          "MQLs (and of them the SQLs) whose journey began that month; sales-sourced journeys\n"
          "never count; blended = the sum of the same spends over the sum of the same counts.\n",
          out);
    fprintf(out, "%-16s %-8s %12s %5s %5s %10s %10s\n", "channel", "month", "spend", "mqls", "sqls",
            "per mql", "per sql");
    for (size_t i = 0; i < p->n_costs; i++)
        cost_months_table(out, ho_money_name(v->strings, p->costs[i].channel, "(none)"),
                          &p->costs[i]);
}

static ho_rc
pipeline_table(FILE *out, const struct ho_money_view *v, const struct ho_pipeline *p)
{
    char period[96], ts[HO_TIME_STRLEN], month[HO_TIME_STRLEN];
    fprintf(out, "Pipeline and money, %s (open opportunities as of %s)\n",
            ho_money_period_text(v, period), ho_time_format(p->as_of, ts));
    for (size_t g = 0; g < p->n; g++)
        group_table(out, v, p, &p->groups[g]);
    if (p->n_months > 0) {
        fprintf(out, "\nSQLs by month:");
        for (size_t k = 0; k < p->n_months; k++)
            fprintf(out, " %s %llu%s",
                    ho_time_format_month(ho_month_index_start(p->sql_months[k].month), month),
                    (unsigned long long)p->sql_months[k].count,
                    p->sql_months[k].incomplete ? " (incomplete)" : "");
        fputc('\n', out);
    }
    costs_table(out, v, p);
    return HO_OK;
}

ho_rc
ho_report_pipeline(FILE *out, enum ho_format fmt, const struct ho_money_view *v,
                   const struct ho_pipeline *p, struct ho_diag *diag)
{
    switch (fmt) {
    case HO_FORMAT_JSON:
        return ho_json_write(out, pipeline_json(v, p), diag);
    case HO_FORMAT_CSV:
        return pipeline_csv(out, v, p);
    case HO_FORMAT_TABLE:
        return pipeline_table(out, v, p);
    }
    return ho_diag_set(diag, HO_EINVAL, "unknown output format");
}
