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
    [HO_TR_LEAD_MQL] = HO_STAGE_LEAD,       [HO_TR_MQL_SAL] = HO_STAGE_MQL,
    [HO_TR_SAL_SQL] = HO_STAGE_SAL,         [HO_TR_MQL_SQL] = HO_STAGE_MQL,
    [HO_TR_SQL_OPPORTUNITY] = HO_STAGE_SQL, [HO_TR_OPPORTUNITY_CUSTOMER] = HO_STAGE_OPPORTUNITY,
    [HO_TR_SQL_MEETING] = HO_STAGE_SQL,     [HO_TR_MEETING_OPPORTUNITY] = HO_STAGE_MEETING,
};
static const enum ho_stage tr_to[HO_TR__COUNT] = {
    [HO_TR_LEAD_MQL] = HO_STAGE_MQL,
    [HO_TR_MQL_SAL] = HO_STAGE_SAL,
    [HO_TR_SAL_SQL] = HO_STAGE_SQL,
    [HO_TR_MQL_SQL] = HO_STAGE_SQL,
    [HO_TR_SQL_OPPORTUNITY] = HO_STAGE_OPPORTUNITY,
    [HO_TR_OPPORTUNITY_CUSTOMER] = HO_STAGE_CUSTOMER,
    [HO_TR_SQL_MEETING] = HO_STAGE_MEETING,
    [HO_TR_MEETING_OPPORTUNITY] = HO_STAGE_OPPORTUNITY,
};

/* Open addressing from (period, group) to the cohort's index in f->cohorts.
 * Grows at half load, so every journey finds a slot. */
struct cohort_map {
    uint64_t *keys; /* month << 32 | group, +1 so 0 = empty */
    size_t *index;
    size_t nslots; /* a power of two */
    size_t cap;    /* capacity of f->cohorts */
};

static size_t
map_find(const struct cohort_map *map, uint64_t key)
{
    size_t h = (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 40) & (map->nslots - 1);
    while (map->keys[h] && map->keys[h] != key)
        h = (h + 1) & (map->nslots - 1);
    return h;
}

static void
map_init(struct cohort_map *map, size_t nslots)
{
    map->nslots = nslots;
    map->keys = ho_xcalloc(nslots, sizeof(*map->keys));
    map->index = ho_xcalloc(nslots, sizeof(*map->index));
}

static void
map_grow(struct cohort_map *map)
{
    struct cohort_map old = *map;
    map_init(map, ho_size_mul(old.nslots, 2));
    map->cap = old.cap;
    for (size_t i = 0; i < old.nslots; i++) {
        if (!old.keys[i])
            continue;
        size_t h = map_find(map, old.keys[i]);
        map->keys[h] = old.keys[i];
        map->index[h] = old.index[i];
    }
    ho_xfree(old.keys);
    ho_xfree(old.index);
}

static size_t
cohort_slot(struct cohort_map *map, struct ho_funnel *f, int64_t month, uint32_t group)
{
    uint64_t key = (((uint64_t)month << 32) | group) + 1;
    size_t h = map_find(map, key);
    if (map->keys[h])
        return map->index[h];
    if (2 * (f->n + 1) > map->nslots) {
        map_grow(map);
        h = map_find(map, key);
    }
    HO_GROW(f->cohorts, map->cap, f->n + 1);
    map->keys[h] = key;
    map->index[h] = f->n;
    struct ho_funnel_cohort *c = &f->cohorts[f->n++];
    memset(c, 0, sizeof(*c));
    c->month = month;
    c->group = group;
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

static uint32_t
group_of(const struct ho_journey_row *rows, size_t i, const struct ho_funnel_opts *o)
{
    if (o->keys)
        return o->keys[i];
    return o->by_channel ? rows[i].channel : 0;
}

static void
mark_maturity(struct ho_funnel *f, int64_t as_of)
{
    for (size_t c = 0; c < f->n; c++) {
        if (f->period == HO_COHORT_ALL) {
            f->cohorts[c].mature = true;
            continue;
        }
        int64_t end = ho_cohort_end(f->period, f->cohorts[c].month);
        f->cohorts[c].incomplete = end > as_of;
        f->cohorts[c].mature = f->median_mql_sql_ms >= 0 && end + f->median_mql_sql_ms <= as_of;
    }
}

void
ho_funnel_compute(const struct ho_journey_row *rows, size_t n, const struct ho_funnel_opts *o,
                  const uint32_t *channel_order, struct ho_funnel *out)
{
    memset(out, 0, sizeof(*out));
    out->period = o->whole_period ? HO_COHORT_ALL : o->period;
    out->whole_period = out->period == HO_COHORT_ALL;
    struct cohort_map map = { 0 };
    map_init(&map, 64);
    for (size_t i = 0; i < n; i++) {
        const struct ho_journey *j = &rows[i].j;
        int64_t start = ho_journey_start(j);
        if (start < o->from_ms || start >= o->to_ms)
            continue;
        size_t c =
            cohort_slot(&map, out, ho_cohort_index(out->period, start), group_of(rows, i, o));
        count_journey(&out->cohorts[c], j);
    }
    ho_xfree(map.keys);
    ho_xfree(map.index);
    out->median_mql_sql_ms = median_mql_sql(rows, n);
    mark_maturity(out, o->as_of);
    for (size_t c = 0; c < out->n; c++) {
        uint32_t g = out->cohorts[c].group;
        out->cohorts[c].sort_rank = channel_order ? channel_order[g] : g;
    }
    if (out->n)
        qsort(out->cohorts, out->n, sizeof(*out->cohorts), cmp_cohort);
}

int64_t
ho_cohort_index(enum ho_cohort_period p, int64_t ms)
{
    int64_t mi = ho_time_month_index(ms);
    switch (p) {
    case HO_COHORT_MONTH:
        return mi;
    case HO_COHORT_QUARTER:
        return mi - mi % 3; /* month index 0 is January of year 0 */
    case HO_COHORT_ALL:
        return 0;
    }
    return mi;
}

int64_t
ho_cohort_end(enum ho_cohort_period p, int64_t ci)
{
    switch (p) {
    case HO_COHORT_MONTH:
        return ho_month_index_start(ci + 1);
    case HO_COHORT_QUARTER:
        return ho_month_index_start(ci + 3);
    case HO_COHORT_ALL:
        return INT64_MAX;
    }
    return INT64_MAX;
}

bool
ho_cohort_period_parse(const char *name, enum ho_cohort_period *out)
{
    static const char *const names[] = {
        [HO_COHORT_MONTH] = "month", [HO_COHORT_QUARTER] = "quarter", [HO_COHORT_ALL] = "all"
    };
    for (size_t i = 0; i < HO_ARRAY_LEN(names); i++) {
        if (strcmp(name, names[i]) == 0) {
            *out = (enum ho_cohort_period)i;
            return true;
        }
    }
    return false;
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
        return (struct ho_rate){ 0, 0 };
    return (struct ho_rate){ c->tr_num[t], c->reached[tr_from[t]] };
}

enum ho_stage
ho_transition_from(enum ho_transition t)
{
    return (unsigned)t < HO_TR__COUNT ? tr_from[t] : HO_STAGE_LEAD;
}

enum ho_stage
ho_transition_to(enum ho_transition t)
{
    return (unsigned)t < HO_TR__COUNT ? tr_to[t] : HO_STAGE_LEAD;
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
    case HO_TIER_NA:
        return "n/a";
    case HO_TIER_BROKEN:
        return "broken";
    case HO_TIER_MISALIGNED:
        return "misaligned";
    case HO_TIER_AVERAGE:
        return "average";
    case HO_TIER_GOOD:
        return "good";
    case HO_TIER_BEST:
        return "best-in-class";
    }
    return "n/a";
}

bool
ho_bench_too_few(const struct ho_benchmarks *b, uint64_t n)
{
    return n > 0 && n < b->min_journeys;
}

void
ho_funnel_tier_text(const struct ho_benchmarks *b, struct ho_rate r, struct ho_buf *out)
{
    if (ho_bench_too_few(b, r.den))
        ho_buf_printf(out, "too few journeys (%llu)", (unsigned long long)r.den);
    else
        ho_buf_adds(out, ho_tier_name(ho_mql_sql_tier(b, r)));
}

/* What a rate outside its healthy range usually means, in plain words. */
static const char *const advice_low[HO_TR__COUNT] = {
    [HO_TR_LEAD_MQL] = "scoring too strict, or leads of poor fit",
    [HO_TR_MQL_SAL] = "sales is not accepting MQLs — check the MQL definition with sales",
    [HO_TR_SAL_SQL] = "accepted leads are not qualifying — check discovery and the SQL criteria",
    [HO_TR_MQL_SQL] = "MQL definition too loose, or follow-up too slow — see speed-to-lead",
    [HO_TR_SQL_OPPORTUNITY] = "SQL criteria too loose, or discovery calls not converting",
    [HO_TR_OPPORTUNITY_CUSTOMER] =
        "deals lost late — review pricing, competition and qualification",
    [HO_TR_SQL_MEETING] = "SQLs are not turning into meetings — check the hand-off from SDR to AE",
    [HO_TR_MEETING_OPPORTUNITY] =
        "meetings are not turning into opportunities — check meeting quality and the SQL bar",
};
static const char *const advice_high[HO_TR__COUNT] = {
    [HO_TR_LEAD_MQL] = "MQL bar may be too low — check MQL->SQL before celebrating",
    [HO_TR_MQL_SAL] = "sales accepts nearly everything — check that rejections are being recorded",
    [HO_TR_SAL_SQL] =
        "nearly every accepted lead qualifies — the SAL step may be skipped in practice",
    [HO_TR_MQL_SQL] = "MQL bar may be too strict — good leads may be held back in marketing",
    [HO_TR_SQL_OPPORTUNITY] =
        "very high — check that SQLs are not recorded only once a deal exists",
    [HO_TR_OPPORTUNITY_CUSTOMER] = "strong close rate — opportunities may be created late",
    [HO_TR_SQL_MEETING] = "nearly every SQL books a meeting — SQLs may be recorded late",
    [HO_TR_MEETING_OPPORTUNITY] =
        "nearly every meeting becomes an opportunity — meetings may be recorded late",
};
static const char *const tr_label[HO_TR__COUNT] = {
    [HO_TR_LEAD_MQL] = "Lead->MQL",
    [HO_TR_MQL_SAL] = "MQL->SAL",
    [HO_TR_SAL_SQL] = "SAL->SQL",
    [HO_TR_MQL_SQL] = "MQL->SQL",
    [HO_TR_SQL_OPPORTUNITY] = "SQL->Opportunity",
    [HO_TR_OPPORTUNITY_CUSTOMER] = "Opportunity->Customer",
    [HO_TR_SQL_MEETING] = "SQL->Meeting",
    [HO_TR_MEETING_OPPORTUNITY] = "Meeting->Opportunity",
};

size_t
ho_funnel_transitions(const struct ho_stage_set_opts *set, enum ho_transition out[HO_TR__COUNT])
{
    static const enum ho_transition order[] = {
        HO_TR_MQL_SAL,
        HO_TR_SAL_SQL,
        HO_TR_MQL_SQL,
        HO_TR_SQL_MEETING,
        HO_TR_MEETING_OPPORTUNITY,
        HO_TR_SQL_OPPORTUNITY,
        HO_TR_OPPORTUNITY_CUSTOMER,
    };
    size_t n = 0;
    for (size_t i = 0; i < HO_ARRAY_LEN(order); i++) {
        if (ho_stage_in_set(set, tr_from[order[i]]) && ho_stage_in_set(set, tr_to[order[i]]))
            out[n++] = order[i];
    }
    return n;
}

void
ho_funnel_diagnose(const struct ho_funnel_cohort *c, const struct ho_benchmarks *b,
                   struct ho_buf *out)
{
    ho_funnel_diagnose_in(c, b, NULL, out);
}

void
ho_funnel_diagnose_in(const struct ho_funnel_cohort *c, const struct ho_benchmarks *b,
                      const struct ho_stage_set_opts *set, struct ho_buf *out)
{
    size_t start = out->len;
    enum ho_transition trs[HO_TR__COUNT];
    size_t n_trs = ho_funnel_transitions(set, trs);
    for (size_t i = 0; i < n_trs; i++) {
        enum ho_transition t = trs[i];
        struct ho_rate r = ho_funnel_rate(c, t);
        if (!b->has_healthy[t] || !r.den)
            continue;
        double pct = ho_rate_pct(r);
        const char *sep = out->len > start ? "; " : "";
        if (ho_bench_too_few(b, r.den))
            ho_buf_printf(out, "%s%s too few journeys to judge (%llu)", sep, tr_label[t],
                          (unsigned long long)r.den);
        else if (pct < b->healthy_lo[t])
            ho_buf_printf(out, "%s%s %.1f%% < %g%%: %s", sep, tr_label[t], pct, b->healthy_lo[t],
                          advice_low[t]);
        else if (pct > b->healthy_hi[t])
            ho_buf_printf(out, "%s%s %.1f%% > %g%%: %s", sep, tr_label[t], pct, b->healthy_hi[t],
                          advice_high[t]);
    }
    if (out->len == start)
        ho_buf_adds(out, c->reached[HO_STAGE_MQL] ? "all measured transitions within healthy ranges"
                                                  : "no journeys");
    if (c->incomplete)
        ho_buf_adds(out, " (incomplete: the period had not ended at the as-of time)");
    else if (!c->mature)
        ho_buf_adds(out, " (cohort not yet mature: later stages may still come)");
}
