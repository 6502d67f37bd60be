/* SPDX-License-Identifier: MIT */
/*
 * core/pipeline.c - pipeline, win rate, velocity, SQLs per month, lead
 * velocity rate and the cost of each channel.
 */
#include "core/pipeline.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/strtab.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "core/groups.h"

struct window {
    int64_t from, to, as_of;
    int64_t end; /* exclusive end of what had happened: to, or just after an as-of time `at`
                  * (an opportunity created at the data's latest event is open then) */
    int64_t lvr_month;
};

static bool
in_range(int64_t t, const struct window *w)
{
    return t != HO_TIME_NONE && t >= w->from && t < w->to;
}

static double
ratio(double num, double den)
{
    return den != 0.0 ? num / den : NAN;
}

enum ho_share_tier
ho_share_tier_of(double pct)
{
    if (isnan(pct))
        return HO_SHARE_NA;
    if (pct < 30.0)
        return HO_SHARE_BELOW_FLOOR;
    if (pct < 40.0)
        return HO_SHARE_FLOOR;
    return pct <= 60.0 ? HO_SHARE_HEALTHY : HO_SHARE_STRETCH;
}

const char *
ho_share_tier_name(enum ho_share_tier t)
{
    switch (t) {
    case HO_SHARE_BELOW_FLOOR:
        return "below_floor";
    case HO_SHARE_FLOOR:
        return "floor";
    case HO_SHARE_HEALTHY:
        return "healthy";
    case HO_SHARE_STRETCH:
        return "stretch";
    case HO_SHARE_NA:
        break;
    }
    return "n/a";
}

/* The earliest entry among stages [lo, hi], or HO_TIME_NONE. */
static int64_t
earliest_entry(const struct ho_journey *j, enum ho_stage lo, enum ho_stage hi)
{
    int64_t t = HO_TIME_NONE;
    for (int s = lo; s <= (int)hi; s++) {
        if (j->entered[s] != HO_TIME_NONE && (t == HO_TIME_NONE || j->entered[s] < t))
            t = j->entered[s];
    }
    return t;
}

/* Entry time of funnel stage s, or of the first later funnel stage when s
 * was skipped inside the journey (never for a stage before its start). */
static int64_t
reached_time(const struct ho_journey *j, enum ho_stage s)
{
    if (j->entered[s] != HO_TIME_NONE)
        return j->entered[s];
    if (j->first > s || j->furthest < s)
        return HO_TIME_NONE;
    return earliest_entry(j, s, HO_STAGE_CUSTOMER);
}

int64_t
ho_journey_sql_time(const struct ho_journey *j)
{
    return reached_time(j, HO_STAGE_SQL);
}

int64_t
ho_journey_opportunity_time(const struct ho_journey *j)
{
    return reached_time(j, HO_STAGE_OPPORTUNITY);
}

/* Open at t: reached opportunity before t and not ended before t. */
static bool
open_at(const struct ho_journey *j, int64_t t)
{
    int64_t opp = ho_journey_opportunity_time(j);
    if (opp == HO_TIME_NONE || opp >= t)
        return false;
    static const enum ho_stage ends[] = { HO_STAGE_CUSTOMER, HO_STAGE_CLOSED_LOST, HO_STAGE_NURTURE,
                                          HO_STAGE_DISQUALIFIED };
    for (size_t k = 0; k < HO_ARRAY_LEN(ends); k++) {
        if (j->entered[ends[k]] != HO_TIME_NONE && j->entered[ends[k]] < t)
            return false;
    }
    return true;
}

static void
count_opportunity(struct ho_pipeline_group *g, const struct ho_journey *j, const struct window *w)
{
    if (!in_range(ho_journey_opportunity_time(j), w))
        return;
    bool marketing = j->entered[HO_STAGE_MQL] != HO_TIME_NONE;
    g->opps++;
    g->qualified_opps += marketing;
    if (!j->has_amount) {
        g->opps_without_amount++;
        return;
    }
    g->all_pipeline += j->amount;
    if (marketing)
        g->qualified_pipeline += j->amount;
}

static void
count_closing(struct ho_pipeline_group *g, const struct ho_journey *j, const struct window *w)
{
    int64_t won = j->entered[HO_STAGE_CUSTOMER];
    if (in_range(won, w)) {
        g->win.num++;
        g->win.den++;
        if (j->has_amount) {
            g->won_with_amount++;
            g->won_amount += j->amount;
        }
        if (j->entered[HO_STAGE_OPPORTUNITY] != HO_TIME_NONE) {
            g->cycles++;
            g->cycle_days_total +=
                (double)(won - j->entered[HO_STAGE_OPPORTUNITY]) / (double)HO_MS_PER_DAY;
        }
    } else if (j->last == HO_STAGE_CLOSED_LOST && in_range(j->entered[HO_STAGE_CLOSED_LOST], w)) {
        g->win.den++;
    }
}

static void
count_journey(struct ho_pipeline_group *g, const struct ho_journey *j, const struct window *w)
{
    count_opportunity(g, j, w);
    count_closing(g, j, w);
    if (open_at(j, w->end)) {
        g->open_opps++;
        if (j->has_amount)
            g->open_amount += j->amount;
    }
    if (in_range(ho_journey_sql_time(j), w))
        g->sqls++;
    int64_t mql = j->entered[HO_STAGE_MQL];
    if (mql != HO_TIME_NONE) {
        int64_t m = ho_time_month_index(mql);
        g->mqls_this_month += m == w->lvr_month;
        g->mqls_last_month += m == w->lvr_month - 1;
    }
}

static void
finish_group(struct ho_pipeline_group *g, uint64_t months)
{
    g->marketing_share_pct = ratio(100.0 * g->qualified_pipeline, g->all_pipeline);
    g->tier = ho_share_tier_of(g->marketing_share_pct);
    g->avg_deal = ratio(g->won_amount, (double)g->won_with_amount);
    g->avg_cycle_days = ratio(g->cycle_days_total, (double)g->cycles);
    double win = ratio((double)g->win.num, (double)g->win.den);
    g->velocity_per_day = NAN;
    if (!isnan(win) && !isnan(g->avg_deal) && !isnan(g->avg_cycle_days) && g->avg_cycle_days > 0)
        g->velocity_per_day = (double)g->open_opps * g->avg_deal * win / g->avg_cycle_days;
    g->sqls_per_month = ratio((double)g->sqls, (double)months);
    g->lvr_pct = ratio(100.0 * ((double)g->mqls_this_month - (double)g->mqls_last_month),
                       (double)g->mqls_last_month);
}

/* The SQLs of every journey per month of the period (see pipeline.h). */
static void
sql_months(const struct ho_journey_row *rows, size_t n, const struct window *w,
           struct ho_pipeline *out)
{
    int64_t first = INT64_MAX;
    for (size_t i = 0; i < n; i++) {
        int64_t t = ho_journey_sql_time(&rows[i].j);
        if (in_range(t, w) && ho_time_month_index(t) < first)
            first = ho_time_month_index(t);
    }
    if (w->from != INT64_MIN)
        first = ho_time_month_index(w->from);
    int64_t last = ho_time_month_index(w->end - 1);
    if (first == INT64_MAX || last < first)
        return;
    out->n_months = (size_t)(last - first + 1);
    out->sql_months = ho_xcalloc(out->n_months, sizeof(*out->sql_months));
    for (size_t k = 0; k < out->n_months; k++) {
        out->sql_months[k].month = first + (int64_t)k;
        out->sql_months[k].incomplete = ho_month_index_start(first + (int64_t)k + 1) > w->as_of;
    }
    for (size_t i = 0; i < n; i++) {
        int64_t t = ho_journey_sql_time(&rows[i].j);
        if (!in_range(t, w))
            continue;
        int64_t m = ho_time_month_index(t);
        if (m >= first && m <= last)
            out->sql_months[m - first].count++;
    }
}

/* ---- spend ---- */

static bool
spend_counts(const struct ho_spend_row *s, const struct window *w)
{
    int64_t start = ho_month_index_start(s->month);
    return start >= w->from && start < w->to;
}

static int
cmp_cost(const void *a, const void *b, const struct ho_strtab *strings)
{
    const struct ho_channel_cost *x = a, *y = b;
    return strcmp(ho_strtab_str(strings, x->channel), ho_strtab_str(strings, y->channel));
}

/* Insertion sort: a handful of channels, and qsort has no context argument. */
static void
sort_costs(struct ho_channel_cost *c, size_t n, const struct ho_strtab *strings)
{
    for (size_t i = 1; i < n; i++) {
        struct ho_channel_cost v = c[i];
        size_t k = i;
        while (k > 0 && cmp_cost(&c[k - 1], &v, strings) > 0) {
            c[k] = c[k - 1];
            k--;
        }
        c[k] = v;
    }
}

static struct ho_channel_cost *
cost_of_channel(struct ho_pipeline *out, size_t *cap, uint32_t channel)
{
    size_t k = 0;
    while (k < out->n_costs && out->costs[k].channel != channel)
        k++;
    if (k == out->n_costs) {
        HO_GROW(out->costs, *cap, k + 1);
        memset(&out->costs[k], 0, sizeof(out->costs[k]));
        out->costs[k].channel = channel;
        out->n_costs++;
    }
    return &out->costs[k];
}

/* The month's slot of c, added in ascending order (spend rows may come in any order). */
static struct ho_cost_month *
cost_month(struct ho_channel_cost *c, int64_t month)
{
    size_t k = 0;
    while (k < c->n_months && c->months[k].month < month)
        k++;
    if (k < c->n_months && c->months[k].month == month)
        return &c->months[k];
    c->months = ho_xrealloc(c->months, ho_size_mul(c->n_months + 1, sizeof(*c->months)));
    memmove(&c->months[k + 1], &c->months[k], (c->n_months - k) * sizeof(*c->months));
    c->months[k] = (struct ho_cost_month){ .month = month };
    c->n_months++;
    return &c->months[k];
}

static void
collect_spend(const struct ho_spend_row *spend, size_t n_spend, const struct window *w,
              struct ho_pipeline *out)
{
    size_t cap = 0;
    for (size_t i = 0; i < n_spend; i++) {
        if (!spend_counts(&spend[i], w))
            continue;
        struct ho_channel_cost *c = cost_of_channel(out, &cap, spend[i].channel);
        c->spend += spend[i].amount;
        cost_month(c, spend[i].month)->spend += spend[i].amount;
        out->total.spend += spend[i].amount;
        out->has_spend = true;
    }
}

/* The month of the MQL of a cost-cohort candidate: a marketing-sourced
 * journey whose MQL came before the as-of end; HO_TIME_NONE otherwise. */
static int64_t
cohort_mql_month(const struct ho_journey *j, const struct window *w)
{
    int64_t mql = j->entered[HO_STAGE_MQL];
    if (mql == HO_TIME_NONE || mql >= w->end)
        return HO_TIME_NONE;
    return ho_time_month_index(mql);
}

/* A cohort journey counts as an SQL when it reached SQL before the as-of end. */
static bool
cohort_reached_sql(const struct ho_journey *j, const struct window *w)
{
    int64_t sql = ho_journey_sql_time(j);
    return sql != HO_TIME_NONE && sql < w->end;
}

/* The month of c whose cohort journey j belongs to: a marketing-sourced
 * journey whose MQL (before the as-of end) fell in a month of c with spend;
 * NULL otherwise. */
static struct ho_cost_month *
cohort_month(struct ho_channel_cost *c, const struct ho_journey *j, const struct window *w)
{
    int64_t m = cohort_mql_month(j, w);
    if (m == HO_TIME_NONE)
        return NULL;
    for (size_t k = 0; k < c->n_months; k++) {
        if (c->months[k].month == m)
            return &c->months[k];
    }
    return NULL;
}

static void
count_cohort(struct ho_channel_cost *c, const struct ho_journey *j, const struct window *w)
{
    struct ho_cost_month *m = cohort_month(c, j, w);
    if (!m)
        return;
    bool reached_sql = cohort_reached_sql(j, w);
    m->mqls++;
    m->sqls += reached_sql;
    c->mqls++;
    c->sqls += reached_sql;
}

/* The period's pipeline and new customers of j (cost per MQL/SQL are counted
 * by count_cohort). */
static void
count_cost(struct ho_channel_cost *c, const struct ho_journey *j, const struct window *w)
{
    bool marketing = j->entered[HO_STAGE_MQL] != HO_TIME_NONE;
    if (marketing && j->has_amount && in_range(ho_journey_opportunity_time(j), w))
        c->qualified_pipeline += j->amount;
    if (in_range(j->entered[HO_STAGE_CUSTOMER], w)) {
        c->customers++;
        if (j->has_amount) {
            c->customers_with_revenue++;
            c->revenue_total += j->monthly;
        }
    }
}

static void
finish_cost(struct ho_channel_cost *c, double margin_pct)
{
    for (size_t k = 0; k < c->n_months; k++) {
        struct ho_cost_month *m = &c->months[k];
        m->cost_per_mql = ratio(m->spend, (double)m->mqls);
        m->cost_per_sql = ratio(m->spend, (double)m->sqls);
    }
    c->monthly_revenue = ratio(c->revenue_total, (double)c->customers_with_revenue);
    c->cost_per_mql = ratio(c->spend, (double)c->mqls);
    c->cost_per_sql = ratio(c->spend, (double)c->sqls);
    c->efficiency_ratio = ratio(c->spend, c->qualified_pipeline);
    c->cac = ratio(c->spend, (double)c->customers);
    c->payback_months = NAN;
    if (!isnan(margin_pct) && !isnan(c->cac) && !isnan(c->monthly_revenue))
        c->payback_months = ratio(c->cac, c->monthly_revenue * margin_pct / 100.0);
}

static void
channel_costs(const struct ho_journey_row *rows, size_t n, const struct ho_spend_row *spend,
              size_t n_spend, const struct window *w, const struct ho_strtab *strings,
              struct ho_pipeline *out)
{
    collect_spend(spend, n_spend, w, out);
    if (!out->has_spend)
        return;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < out->n_costs; k++) {
            if (out->costs[k].channel == rows[i].channel && rows[i].channel) {
                count_cohort(&out->costs[k], &rows[i].j, w);
                count_cost(&out->costs[k], &rows[i].j, w);
            }
        }
        count_cost(&out->total, &rows[i].j, w); /* MER and CAC: blended over every journey */
    }
    for (size_t k = 0; k < out->n_costs; k++) {
        finish_cost(&out->costs[k], out->gross_margin_pct);
        out->total.mqls += out->costs[k].mqls; /* the same cohorts as the channels' */
        out->total.sqls += out->costs[k].sqls;
    }
    finish_cost(&out->total, out->gross_margin_pct);
    sort_costs(out->costs, out->n_costs, strings);
}

/* The period, its as-of time and its end (see struct window). */
static struct window
window_of(const struct ho_pipeline_opts *o)
{
    struct window w = { .from = o->from, .to = o->to, .as_of = o->to < o->at ? o->to : o->at };
    w.end = o->to <= o->at || o->at == INT64_MAX ? o->to : o->at + 1;
    w.lvr_month = ho_time_month_index(w.as_of) - 1;
    return w;
}

bool
ho_pipeline_cost_cohort(const struct ho_spend_row *spend, size_t n_spend, uint32_t channel,
                        const struct ho_journey *j, const struct ho_pipeline_opts *o, bool *sql)
{
    struct window w = window_of(o);
    int64_t m = cohort_mql_month(j, &w);
    *sql = false;
    if (!channel || m == HO_TIME_NONE)
        return false;
    for (size_t i = 0; i < n_spend; i++) {
        if (spend[i].channel == channel && spend[i].month == m && spend_counts(&spend[i], &w)) {
            *sql = cohort_reached_sql(j, &w);
            return true;
        }
    }
    return false;
}

void
ho_pipeline_compute(const struct ho_journey_row *rows, size_t n, const struct ho_spend_row *spend,
                    size_t n_spend, const struct ho_defs *defs, struct ho_strtab *strings,
                    const struct ho_pipeline_opts *o, struct ho_pipeline *out)
{
    struct ho_grouping grp;
    struct window w = window_of(o);
    memset(out, 0, sizeof(*out));
    out->by = o->by;
    out->as_of = w.as_of;
    out->lvr_month = w.lvr_month;
    out->gross_margin_pct = o->gross_margin_pct;
    ho_grouping_build(defs, strings, o->by, rows, n, &grp);
    out->groups = ho_xcalloc(grp.n + 1, sizeof(*out->groups));
    for (size_t g = 0; g < grp.n; g++)
        out->groups[g].key = grp.keys[g];
    for (size_t i = 0; i < n; i++)
        count_journey(&out->groups[grp.of_row[i]], &rows[i].j, &w);
    sql_months(rows, n, &w, out);
    for (size_t g = 0; g < grp.n; g++) {
        struct ho_pipeline_group *p = &out->groups[g];
        bool empty = p->opps + p->win.den + p->open_opps + p->sqls + p->mqls_this_month +
                         p->mqls_last_month ==
                     0;
        finish_group(p, out->n_months);
        if (!empty || o->by == HO_DIM_ALL)
            out->groups[out->n++] = *p; /* compacts in place */
    }
    channel_costs(rows, n, spend, n_spend, &w, strings, out);
    ho_grouping_release(&grp);
}

void
ho_pipeline_release(struct ho_pipeline *p)
{
    ho_xfree(p->groups);
    ho_xfree(p->sql_months);
    for (size_t k = 0; k < p->n_costs; k++)
        ho_xfree(p->costs[k].months);
    ho_xfree(p->costs);
    memset(p, 0, sizeof(*p));
}
