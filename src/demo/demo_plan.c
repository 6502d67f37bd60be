/* SPDX-License-Identifier: MIT */
/*
 * demo/demo_plan.c - passes 1 and 2 of the generator: plan accounts and
 * leads, then calibrate each channel's SQL probabilities.
 *
 * A lead's class and MQL path are chosen so that the example scoring model
 * (fit + decayed behaviour >= 50 with fit >= 10, or demo + senior title +
 * 50..500 employees) makes it an MQL exactly at the planned moment and never
 * earlier, with a margin of at least 4 points on either side (DEMO_DATA.md,
 * "MQL margins").  Speed-to-lead is built in by weighting each hot lead's
 * SQL propensity by its response delay; pass 2 normalises the weights so
 * that each channel's mean MQL->SQL rate is its published target.
 */
#include "demo/demo_int.h"

#include <math.h>
#include <string.h>

#include "base/timefmt.h"
#include "base/xalloc.h"

#define UNIVERSITY_SHARE  0.037 /* of accounts: ~2% of leads are students */
#define COMPETITOR_SHARE  0.015 /* of company accounts */
#define GROWTH_PER_MONTH  0.03  /* lead volume grows ~3% a month */
#define MAX_SQL_PROB      0.97
#define DEMO_SAME_SESSION 0.22 /* hot leads that ask for a demo on their first visit */
#define WARM_SHARE        0.45 /* of non-hot inbound leads */

/* SQL propensity by response delay: contacted within 1 h qualifies ~3x as
 * often as after 24 h (the speed-to-lead studies). */
static const double delay_weight[HO_DEMO_DELAY__COUNT] = { 3.0, 1.8, 1.1, 0.7, 0.0 };
static const double delay_share[HO_DEMO_DELAY__COUNT] = { 25, 45, 20, 5, 5 };

static int64_t
end_of_period(int64_t start, uint32_t months)
{
    int64_t mi = ho_time_month_index(start);
    int64_t into = start - ho_month_index_start(mi);
    return ho_month_index_start(mi + (int64_t)months) + into;
}

/* Account arrival: exponential growth over the period (inverse CDF). */
static int64_t
arrival_time(struct ho_demo_rng *r, const struct ho_demo_world *w)
{
    double months = (double)w->opts.months;
    double g = GROWTH_PER_MONTH;
    double u = ho_demo_rng_unit(r);
    double t = log1p(u * expm1(g * months)) / g; /* months since start */
    int64_t span = w->end - w->start - HO_MS_PER_DAY;
    int64_t at = w->start + (int64_t)((double)span * (t / months));
    /* Fewer first visits at weekends: most move to the Monday. */
    int64_t day = ho_time_day(at);
    int64_t dow = (day + 4) % 7; /* 0 = Sunday */
    if ((dow == 0 || dow == 6) && ho_demo_rng_chance(r, 0.6))
        day += dow == 6 ? 2 : 1;
    at = day * HO_MS_PER_DAY + ho_demo_time_of_day(r);
    return at < w->end - HO_MS_PER_DAY ? at : w->end - HO_MS_PER_DAY;
}

static uint32_t
pick_employees(struct ho_demo_rng *r)
{
    static const double share[] = { 30, 42, 20, 8 };
    static const double lo[] = { 2, 50, 501, 5001 };
    static const double hi[] = { 49, 500, 5000, 50000 };
    size_t k = ho_demo_rng_pick(r, share, HO_ARRAY_LEN(share));
    double v = exp(log(lo[k]) + ho_demo_rng_unit(r) * (log(hi[k]) - log(lo[k])));
    uint32_t e = (uint32_t)(v + 0.5);
    return e < (uint32_t)lo[k] ? (uint32_t)lo[k] : e > (uint32_t)hi[k] ? (uint32_t)hi[k] : e;
}

static void
plan_account(struct ho_demo_rng *r, uint32_t index, struct ho_demo_account *a)
{
    memset(a, 0, sizeof(*a));
    a->word_a = (uint16_t)ho_demo_rng_below(r, ho_demo_n_domain_words());
    a->word_b = (uint16_t)ho_demo_rng_below(r, ho_demo_n_domain_words());
    a->number = (uint16_t)(index % 65536);
    a->tld = (uint8_t)ho_demo_rng_below(r, ho_demo_n_tlds());
    a->university = ho_demo_rng_chance(r, UNIVERSITY_SHARE);
    if (a->university) {
        a->employees = (uint32_t)ho_demo_rng_range(r, 2000, 40000);
        a->industry = (uint8_t)ho_demo_industry_education();
        a->country = ho_demo_rng_chance(r, 0.7) ? 0 : (uint8_t)ho_demo_pick_country(r);
        a->n_leads = 1;
    } else {
        static const double group_size[] = { 50, 25, 15, 10 }; /* 1..4 leads */
        a->competitor = ho_demo_rng_chance(r, COMPETITOR_SHARE);
        a->employees = pick_employees(r);
        a->industry = (uint8_t)ho_demo_pick_industry(r);
        a->country = (uint8_t)ho_demo_pick_country(r);
        a->n_leads = 1 + (uint32_t)ho_demo_rng_pick(r, group_size, HO_ARRAY_LEN(group_size));
    }
    uint32_t n_smb = ho_demo_n_reps_smb();
    if (a->employees >= 1000)
        a->rep = (uint8_t)(n_smb + ho_demo_rng_below(r, ho_demo_n_reps() - n_smb));
    else
        a->rep = (uint8_t)ho_demo_rng_below(r, n_smb);
}

static enum ho_demo_ch
pick_channel(struct ho_demo_rng *r, bool allow_outbound)
{
    double w[HO_DEMO_CH__COUNT];
    memcpy(w, ho_demo_channel_mix, sizeof(w));
    if (!allow_outbound)
        w[HO_DEMO_CH_OUTBOUND] = 0;
    return (enum ho_demo_ch)ho_demo_rng_pick(r, w, HO_DEMO_CH__COUNT);
}

/* Probability that an inbound lead of this fit becomes an MQL. */
static double
hot_probability(uint32_t fit, enum ho_demo_ch ch)
{
    static const double by_fit[8] = { 0, 0, 0.34, 0.44, 0.58, 0.70, 0.80, 0.88 }; /* fit / 5 */
    double p = by_fit[fit / 5 > 7 ? 7 : fit / 5];
    switch (ch) {
    case HO_DEMO_CH_ORGANIC_SEARCH:
    case HO_DEMO_CH_REFERRAL:
    case HO_DEMO_CH_WEBSITE:
        return p * 1.1;
    case HO_DEMO_CH_PAID_SOCIAL:
    case HO_DEMO_CH_EVENT:
        return p * 0.85;
    case HO_DEMO_CH_NONE:
    case HO_DEMO_CH_PAID_SEARCH:
    case HO_DEMO_CH_EMAIL:
    case HO_DEMO_CH_WEBINAR:
    case HO_DEMO_CH_OUTBOUND:
    case HO_DEMO_CH_PARTNER:
    case HO_DEMO_CH_DIRECT:
    case HO_DEMO_CH__COUNT:
        break;
    }
    return p;
}

/* The MQL path a hot lead of this fit can take with a safe margin. */
static enum ho_demo_mqlpath
pick_mqlpath(struct ho_demo_rng *r, const struct ho_demo_lead *l)
{
    if (l->senior && l->size_ok) {
        if (l->fit == 35 && ho_demo_rng_chance(r, 0.3))
            return HO_DEMO_MQL_PRICING;
        return HO_DEMO_MQL_DEMO_CRITERIA;
    }
    if (l->fit >= 25)
        return HO_DEMO_MQL_DEMO_SCORE;
    return HO_DEMO_MQL_PRICING_DEMO; /* fit 10..20 */
}

static int64_t
mql_moment(struct ho_demo_rng *r, const struct ho_demo_lead *l)
{
    int64_t after;
    switch ((enum ho_demo_mqlpath)l->mqlpath) {
    case HO_DEMO_MQL_PRICING:
        after = 8 * HO_MS_PER_DAY + (int64_t)ho_demo_rng_exp(r, 12.0 * (double)HO_MS_PER_DAY);
        break;
    case HO_DEMO_MQL_PRICING_DEMO:
        after = 6 * HO_MS_PER_DAY + (int64_t)ho_demo_rng_exp(r, 14.0 * (double)HO_MS_PER_DAY);
        break;
    case HO_DEMO_MQL_NONE:
    case HO_DEMO_MQL_DEMO_CRITERIA:
    case HO_DEMO_MQL_DEMO_SCORE:
        if (ho_demo_rng_chance(r, DEMO_SAME_SESSION))
            return l->t0 + ho_demo_rng_range(r, 15 * HO_MS_PER_MIN, HO_MS_PER_HOUR);
        after = HO_MS_PER_DAY + (int64_t)ho_demo_rng_exp(r, 14.0 * (double)HO_MS_PER_DAY);
        break;
    }
    if (after > 120 * HO_MS_PER_DAY)
        after = 120 * HO_MS_PER_DAY;
    int64_t day = ho_time_day(l->t0 + after);
    return day * HO_MS_PER_DAY + ho_demo_time_of_day(r);
}

int64_t
ho_demo_draw_delay(struct ho_demo_rng *r, enum ho_demo_delay d)
{
    switch (d) {
    case HO_DEMO_DELAY_1H:
        /* About a third of the fast ones inside the 5-minute window. */
        return ho_demo_rng_chance(r, 0.3)
                   ? ho_demo_rng_range(r, HO_MS_PER_MIN, 5 * HO_MS_PER_MIN)
                   : ho_demo_rng_range(r, 5 * HO_MS_PER_MIN + 1000, HO_MS_PER_HOUR);
    case HO_DEMO_DELAY_24H:
        return ho_demo_rng_range(r, HO_MS_PER_HOUR + 1000, HO_MS_PER_DAY);
    case HO_DEMO_DELAY_7D:
        return ho_demo_rng_range(r, HO_MS_PER_DAY + 1000, 7 * HO_MS_PER_DAY);
    case HO_DEMO_DELAY_LATER:
        return ho_demo_rng_range(r, 7 * HO_MS_PER_DAY + 1000, 21 * HO_MS_PER_DAY);
    case HO_DEMO_DELAY_NEVER:
    case HO_DEMO_DELAY__COUNT:
        break;
    }
    return 0;
}

static void
plan_delay(struct ho_demo_rng *r, struct ho_demo_lead *l)
{
    l->delay = (uint8_t)ho_demo_rng_pick(r, delay_share, HO_DEMO_DELAY__COUNT);
    HO_ASSERT(l->delay < HO_DEMO_DELAY__COUNT);
    l->delay_ms = ho_demo_draw_delay(r, (enum ho_demo_delay)l->delay);
    l->sql_weight = delay_weight[l->delay] * (0.7 + 0.6 * (double)l->fit / 35.0);
}

static void
plan_fit(struct ho_demo_rng *r, const struct ho_demo_account *a, struct ho_demo_lead *l)
{
    l->title = (uint8_t)ho_demo_pick_title(r, a->university);
    l->senior = ho_demo_title_senior(l->title);
    l->size_ok = a->employees >= 50 && a->employees <= 500;
    l->fit = (uint8_t)((l->senior ? 10 : 0) + (l->size_ok ? 10 : 0) +
                       (ho_demo_industry_fit(a->industry) ? 10 : 0) +
                       (ho_demo_country_fit(a->country) ? 5 : 0));
}

static void
plan_class(struct ho_demo_rng *r, const struct ho_demo_account *a, struct ho_demo_lead *l)
{
    if (a->university) {
        l->klass = HO_DEMO_CLASS_STUDENT;
    } else if (a->competitor) {
        l->klass = HO_DEMO_CLASS_COMPETITOR;
    } else if (l->channel == HO_DEMO_CH_OUTBOUND) {
        l->klass = HO_DEMO_CLASS_OUTBOUND;
    } else if (ho_demo_rng_chance(r, hot_probability(l->fit, l->channel))) {
        l->klass = HO_DEMO_CLASS_HOT;
        l->mqlpath = (uint8_t)pick_mqlpath(r, l);
        l->t_mql = mql_moment(r, l);
        plan_delay(r, l);
    } else {
        l->klass = ho_demo_rng_chance(r, WARM_SHARE) ? HO_DEMO_CLASS_WARM : HO_DEMO_CLASS_COLD;
    }
}

static void
plan_lead(struct ho_demo_rng *r, const struct ho_demo_world *w, const struct ho_demo_account *a,
          int64_t base, uint32_t k, struct ho_demo_lead *l)
{
    memset(l, 0, sizeof(*l));
    l->account_first = k == 0;
    l->channel = (uint8_t)pick_channel(r, !a->university && !a->competitor);
    l->first_name = (uint16_t)ho_demo_rng_below(r, ho_demo_n_first_names());
    l->last_name = (uint16_t)ho_demo_rng_below(r, ho_demo_n_last_names());
    l->t0 = base;
    if (k > 0) {
        /* Colleagues of the first lead show up over the following weeks. */
        int64_t later = HO_MS_PER_HOUR + (int64_t)ho_demo_rng_exp(r, 12.0 * (double)HO_MS_PER_DAY);
        l->t0 = base + later;
        if (l->t0 > w->end - 2 * HO_MS_PER_HOUR)
            l->t0 = w->end - 2 * HO_MS_PER_HOUR;
    }
    l->t0 -= l->t0 % HO_MS_PER_SEC;
    plan_fit(r, a, l);
    plan_class(r, a, l);
}

/* Pass 1. */
static void
plan_all(struct ho_demo_world *w)
{
    size_t cap_a = 0;
    uint32_t want = w->opts.leads;
    w->leads = ho_xcalloc(want, sizeof(*w->leads));
    while (w->n_leads < want) {
        struct ho_demo_rng r;
        struct ho_demo_account *a;
        HO_GROW(w->accounts, cap_a, (size_t)w->n_accounts + 1);
        a = &w->accounts[w->n_accounts];
        ho_demo_rng_seed(&r, w->opts.seed, w->n_accounts);
        plan_account(&r, w->n_accounts, a);
        if (a->n_leads > want - w->n_leads)
            a->n_leads = want - w->n_leads;
        a->first_lead = w->n_leads;
        int64_t base = arrival_time(&r, w);
        for (uint32_t k = 0; k < a->n_leads; k++) {
            struct ho_demo_lead *l = &w->leads[w->n_leads++];
            plan_lead(&r, w, a, base, k, l);
            l->account = w->n_accounts;
        }
        w->n_accounts++;
    }
}

/* Mean of min(cap, k * weight) over the channel's MQL journeys. */
static double
mean_prob(const struct ho_demo_world *w, enum ho_demo_ch ch, double k, uint32_t *n_out)
{
    double sum = 0;
    uint32_t n = 0;
    for (uint32_t i = 0; i < w->n_leads; i++) {
        const struct ho_demo_lead *l = &w->leads[i];
        if (l->klass != HO_DEMO_CLASS_HOT || l->channel != ch || l->t_mql >= w->end)
            continue;
        double p = k * l->sql_weight;
        sum += p < MAX_SQL_PROB ? p : MAX_SQL_PROB;
        n++;
    }
    *n_out = n;
    return n ? sum / n : 0.0;
}

/* Pass 2: per channel, bisect the factor k that hits the target rate. */
static void
calibrate(struct ho_demo_world *w)
{
    double factor[HO_DEMO_CH__COUNT];
    for (int ch = 0; ch < HO_DEMO_CH__COUNT; ch++) {
        double lo = 0;
        double hi = 64;
        double target = ho_demo_channel_sql_rate[ch];
        uint32_t n;
        for (int it = 0; it < 50; it++) {
            double mid = (lo + hi) / 2;
            if (mean_prob(w, (enum ho_demo_ch)ch, mid, &n) < target)
                lo = mid;
            else
                hi = mid;
        }
        factor[ch] = (lo + hi) / 2;
    }
    for (uint32_t i = 0; i < w->n_leads; i++) {
        struct ho_demo_lead *l = &w->leads[i];
        if (l->klass != HO_DEMO_CLASS_HOT)
            continue;
        double p = factor[l->channel] * l->sql_weight;
        l->sql_prob = p < MAX_SQL_PROB ? p : MAX_SQL_PROB;
    }
}

void
ho_demo_plan(struct ho_demo_world *w)
{
    w->start = w->opts.start_ms;
    w->end = end_of_period(w->start, w->opts.months);
    plan_all(w);
    calibrate(w);
}

void
ho_demo_world_release(struct ho_demo_world *w)
{
    ho_xfree(w->accounts);
    ho_xfree(w->leads);
    w->accounts = NULL;
    w->leads = NULL;
    w->n_accounts = 0;
    w->n_leads = 0;
}
