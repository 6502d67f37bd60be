/* SPDX-License-Identifier: MIT */
/*
 * core/funnel.c - cohort counting, rates, tiers and diagnosis.
 */
#include "core/funnel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/timefmt.h"
#include "base/xalloc.h"

/* Transition t goes from stage tr_from[t] to tr_to[t]. */
static const enum ho_stage tr_from[HO_TR__COUNT] = {
    [HO_TR_LEAD_MQL] = HO_STAGE_LEAD,        [HO_TR_MQL_SAL] = HO_STAGE_MQL,
    [HO_TR_SAL_SQL] = HO_STAGE_SAL,          [HO_TR_MQL_SQL] = HO_STAGE_MQL,
    [HO_TR_SQL_OPPORTUNITY] = HO_STAGE_SQL,  [HO_TR_OPPORTUNITY_CUSTOMER] = HO_STAGE_OPPORTUNITY,
};
static const enum ho_stage tr_to[HO_TR__COUNT] = {
    [HO_TR_LEAD_MQL] = HO_STAGE_MQL,         [HO_TR_MQL_SAL] = HO_STAGE_SAL,
    [HO_TR_SAL_SQL] = HO_STAGE_SQL,          [HO_TR_MQL_SQL] = HO_STAGE_SQL,
    [HO_TR_SQL_OPPORTUNITY] = HO_STAGE_OPPORTUNITY,
    [HO_TR_OPPORTUNITY_CUSTOMER] = HO_STAGE_CUSTOMER,
};

struct cohort_map {
    uint64_t *keys; /* month << 32 | channel, +1 so 0 = empty */
    size_t *index;
    size_t nslots;
};

static size_t
cohort_slot(struct cohort_map *map, struct ho_funnel *f, int64_t month, uint32_t channel)
{
    uint64_t key = (((uint64_t)month << 32) | channel) + 1;
    size_t h = (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 40) & (map->nslots - 1);
    while (map->keys[h] && map->keys[h] != key)
        h = (h + 1) & (map->nslots - 1);
    if (!map->keys[h]) {
        HO_ASSERT(f->n < map->nslots / 2);
        map->keys[h] = key;
        map->index[h] = f->n;
        struct ho_funnel_cohort *c = &f->cohorts[f->n++];
        memset(c, 0, sizeof(*c));
        c->month = month;
        c->channel = channel;
    }
    return map->index[h];
}

static void
count_journey(struct ho_funnel_cohort *c, const struct ho_journey *j)
{
    for (int s = j->first; s <= (int)j->furthest && s <= HO_STAGE_CUSTOMER; s++)
        c->reached[s]++;
    for (int t = 0; t < HO_TR__COUNT; t++) {
        if (j->first <= tr_from[t] && j->furthest >= tr_to[t])
            c->tr_num[t]++;
    }
}

static int
cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int64_t
median_mql_sql(const struct ho_journey_row *rows, size_t n)
{
    int64_t *d = ho_xmalloc(ho_size_mul(n + 1, sizeof(*d)));
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const struct ho_journey *j = &rows[i].j;
        if (j->entered[HO_STAGE_MQL] != HO_TIME_NONE && j->entered[HO_STAGE_SQL] != HO_TIME_NONE)
            d[k++] = j->entered[HO_STAGE_SQL] - j->entered[HO_STAGE_MQL];
    }
    int64_t med = -1;
    if (k) {
        qsort(d, k, sizeof(*d), cmp_i64);
        med = (k % 2) ? d[k / 2] : d[k / 2 - 1] + (d[k / 2] - d[k / 2 - 1]) / 2;
    }
    ho_xfree(d);
    return med;
}

static int
cmp_cohort(const void *a, const void *b)
{
    const struct ho_funnel_cohort *x = a, *y = b;
    if (x->month != y->month)
        return x->month < y->month ? -1 : 1;
    return (x->sort_rank > y->sort_rank) - (x->sort_rank < y->sort_rank);
}

void
ho_funnel_compute(const struct ho_journey_row *rows, size_t n, const struct ho_funnel_opts *o,
                  const uint32_t *channel_order, struct ho_funnel *out)
{
    memset(out, 0, sizeof(*out));
    struct cohort_map map = {.nslots = 1024};
    map.keys = ho_xcalloc(map.nslots, sizeof(*map.keys));
    map.index = ho_xcalloc(map.nslots, sizeof(*map.index));
    out->cohorts = ho_xcalloc(map.nslots / 2, sizeof(*out->cohorts));
    for (size_t i = 0; i < n; i++) {
        const struct ho_journey *j = &rows[i].j;
        int64_t start = ho_journey_start(j);
        if (start < o->from_ms || start >= o->to_ms)
            continue;
        if (out->n + 1 >= map.nslots / 2)
            break; /* more than 511 cohort rows: bounded output, see DESIGN limits */
        int64_t month = o->whole_period ? 0 : ho_time_month_index(start);
        size_t c = cohort_slot(&map, out, month, o->by_channel ? rows[i].channel : 0);
        count_journey(&out->cohorts[c], j);
    }
    ho_xfree(map.keys);
    ho_xfree(map.index);
    out->median_mql_sql_ms = median_mql_sql(rows, n);
    out->whole_period = o->whole_period;
    for (size_t c = 0; c < out->n; c++) {
        if (o->whole_period) {
            out->cohorts[c].mature = true;
            continue;
        }
        int64_t month_end = ho_month_index_start(out->cohorts[c].month + 1);
        out->cohorts[c].mature = out->median_mql_sql_ms >= 0 &&
                                 month_end + out->median_mql_sql_ms <= o->as_of;
    }
    for (size_t c = 0; c < out->n; c++) {
        uint32_t ch = out->cohorts[c].channel;
        out->cohorts[c].sort_rank = channel_order ? channel_order[ch] : ch;
    }
    qsort(out->cohorts, out->n, sizeof(*out->cohorts), cmp_cohort);
}

void
ho_funnel_release(struct ho_funnel *f)
{
    ho_xfree(f->cohorts);
    memset(f, 0, sizeof(*f));
}

struct ho_rate
ho_funnel_rate(const struct ho_funnel_cohort *c, enum ho_transition t)
{
    if (t == HO_TR_LEAD_MQL)
        return (struct ho_rate){0, 0};
    return (struct ho_rate){c->tr_num[t], c->reached[tr_from[t]]};
}

double
ho_rate_pct(struct ho_rate r)
{
    return r.den ? 100.0 * (double)r.num / (double)r.den : NAN;
}

enum ho_tier
ho_mql_sql_tier(const struct ho_benchmarks *b, struct ho_rate r)
{
    if (!r.den)
        return HO_TIER_NA;
    double pct = ho_rate_pct(r);
    if (pct < b->tier_broken)
        return HO_TIER_BROKEN;
    if (pct < b->tier_misaligned)
        return HO_TIER_MISALIGNED;
    if (pct < b->tier_average)
        return HO_TIER_AVERAGE;
    if (pct <= b->tier_good)
        return HO_TIER_GOOD;
    return HO_TIER_BEST;
}

const char *
ho_tier_name(enum ho_tier t)
{
    switch (t) {
    case HO_TIER_NA: return "n/a";
    case HO_TIER_BROKEN: return "broken";
    case HO_TIER_MISALIGNED: return "misaligned";
    case HO_TIER_AVERAGE: return "average";
    case HO_TIER_GOOD: return "good";
    case HO_TIER_BEST: return "best-in-class";
    }
    return "n/a";
}

/* What a rate outside its healthy range usually means, in plain words. */
static const char *const advice_low[HO_TR__COUNT] = {
    [HO_TR_LEAD_MQL] = "scoring too strict, or leads of poor fit",
    [HO_TR_MQL_SAL] = "sales is not accepting MQLs — check the MQL definition with sales",
    [HO_TR_SAL_SQL] = "accepted leads are not qualifying — check discovery and the SQL criteria",
    [HO_TR_MQL_SQL] = "MQL definition too loose, or follow-up too slow — see speed-to-lead",
    [HO_TR_SQL_OPPORTUNITY] = "SQL criteria too loose, or discovery calls not converting",
    [HO_TR_OPPORTUNITY_CUSTOMER] = "deals lost late — review pricing, competition and qualification",
};
static const char *const advice_high[HO_TR__COUNT] = {
    [HO_TR_LEAD_MQL] = "MQL bar may be too low — check MQL->SQL before celebrating",
    [HO_TR_MQL_SAL] = "sales accepts nearly everything — check that rejections are being recorded",
    [HO_TR_SAL_SQL] = "nearly every accepted lead qualifies — the SAL step may be skipped in practice",
    [HO_TR_MQL_SQL] = "MQL bar may be too strict — good leads may be held back in marketing",
    [HO_TR_SQL_OPPORTUNITY] = "very high — check that SQLs are not recorded only once a deal exists",
    [HO_TR_OPPORTUNITY_CUSTOMER] = "strong close rate — opportunities may be created late",
};
static const char *const tr_label[HO_TR__COUNT] = {
    [HO_TR_LEAD_MQL] = "Lead->MQL",       [HO_TR_MQL_SAL] = "MQL->SAL",
    [HO_TR_SAL_SQL] = "SAL->SQL",         [HO_TR_MQL_SQL] = "MQL->SQL",
    [HO_TR_SQL_OPPORTUNITY] = "SQL->Opportunity",
    [HO_TR_OPPORTUNITY_CUSTOMER] = "Opportunity->Customer",
};

void
ho_funnel_diagnose(const struct ho_funnel_cohort *c, const struct ho_benchmarks *b,
                   struct ho_buf *out)
{
    size_t start = out->len;
    for (int t = HO_TR_MQL_SAL; t < HO_TR__COUNT; t++) {
        struct ho_rate r = ho_funnel_rate(c, (enum ho_transition)t);
        if (!b->has_healthy[t] || !r.den)
            continue;
        double pct = ho_rate_pct(r);
        const char *sep = out->len > start ? "; " : "";
        if (pct < b->healthy_lo[t])
            ho_buf_printf(out, "%s%s %.1f%% < %g%%: %s", sep, tr_label[t], pct, b->healthy_lo[t],
                          advice_low[t]);
        else if (pct > b->healthy_hi[t])
            ho_buf_printf(out, "%s%s %.1f%% > %g%%: %s", sep, tr_label[t], pct, b->healthy_hi[t],
                          advice_high[t]);
    }
    if (out->len == start)
        ho_buf_adds(out, c->reached[HO_STAGE_MQL] ? "all measured transitions within healthy ranges"
                                                  : "no journeys");
    if (!c->mature)
        ho_buf_adds(out, " (cohort not yet mature: later stages may still come)");
}
