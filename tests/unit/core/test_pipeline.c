/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/core/test_pipeline.c - pipeline and money (core/pipeline.h,
 * DESIGN.md §5 report 6): qualified pipeline and its share tier, win rate,
 * average deal and cycle, velocity, open opportunities at the end of the
 * period, SQLs per month (a skipped sql counted at the next stage), the
 * lead velocity rate of the last complete month, and the cost figures per
 * channel from imported spend.  Every value is worked out next to its
 * assertion.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>

#include "base/strtab.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "core/defs.h"
#include "core/pipeline.h"

#define EPS  1e-9
#define NONE HO_TIME_NONE

static int64_t
ms(const char *ts)
{
    int64_t v = 0;
    if (ts == NULL)
        return NONE;
    if (ho_time_parse(ts, strlen(ts), &v, NULL) != HO_OK)
        fail_msg("bad time literal '%s'", ts);
    return v;
}

static int64_t
month(const char *ts)
{
    return ho_time_month_index(ms(ts));
}

/* Entry times of mql, sal, sql, opportunity, customer (NULL = not entered). */
struct entries {
    const char *mql, *sal, *sql, *opp, *won;
};

/* A journey with those entries; lost (non-NULL) closes it in closed_lost. */
static struct ho_journey_row
journey(uint32_t channel, struct entries e, const char *lost)
{
    const char *t[5] = { e.mql, e.sal, e.sql, e.opp, e.won };
    struct ho_journey_row r;
    memset(&r, 0, sizeof(r));
    r.channel = channel;
    for (int k = 0; k < HO_STAGE__COUNT; k++)
        r.j.entered[k] = NONE;
    r.j.first = HO_STAGE__COUNT;
    /* the default stage set's funnel stages (meeting lies between sql and opportunity) */
    static const enum ho_stage st[] = { HO_STAGE_MQL, HO_STAGE_SAL, HO_STAGE_SQL,
                                        HO_STAGE_OPPORTUNITY, HO_STAGE_CUSTOMER };
    for (int k = 0; k < 5; k++) {
        enum ho_stage s = st[k];
        if (!t[k])
            continue;
        r.j.entered[s] = ms(t[k]);
        if (r.j.first == HO_STAGE__COUNT)
            r.j.first = s;
        r.j.furthest = s;
    }
    r.j.last = r.j.furthest;
    r.j.criterion = e.mql ? 0 : -1;
    r.j.first_contact_at = r.j.contact_made_at = NONE;
    if (lost) {
        r.j.entered[HO_STAGE_CLOSED_LOST] = ms(lost);
        r.j.last = HO_STAGE_CLOSED_LOST;
        r.j.closed = true;
    }
    return r;
}

static struct ho_journey_row
with_amount(struct ho_journey_row r, double amount, double monthly)
{
    r.j.has_amount = true;
    r.j.amount = amount;
    r.j.monthly = monthly;
    return r;
}

struct fx {
    struct ho_defs defs;
    struct ho_strtab *s;
    struct ho_pipeline p;
    uint32_t paid, web, social;
};

static int
setup(void **state)
{
    struct fx *f = ho_xcalloc(1, sizeof(*f));
    ho_defs_init(&f->defs);
    f->s = ho_strtab_new();
    f->paid = ho_strtab_intern(f->s, "paid_search", 11);
    f->web = ho_strtab_intern(f->s, "webinar", 7);
    f->social = ho_strtab_intern(f->s, "paid_social", 11);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;
    ho_pipeline_release(&f->p);
    ho_strtab_free(f->s);
    ho_defs_release(&f->defs);
    ho_xfree(f);
    return 0;
}

static const struct ho_pipeline_group *
compute(struct fx *f, const struct ho_journey_row *rows, size_t n, const struct ho_spend_row *sp,
        size_t n_sp, const char *from, const char *to, const char *at, double margin)
{
    struct ho_pipeline_opts o = { .by = HO_DIM_ALL,
                                  .from = from ? ms(from) : INT64_MIN,
                                  .to = to ? ms(to) : INT64_MAX,
                                  .at = ms(at),
                                  .gross_margin_pct = margin };
    ho_pipeline_release(&f->p);
    ho_pipeline_compute(rows, n, sp, n_sp, &f->defs, f->s, &o, &f->p);
    assert_int_equal(f->p.n, 1);
    return &f->p.groups[0];
}

/* Four journeys used by several tests (all in 2026):
 *   a: MQL 01-05, SQL 01-10, opportunity 01-20 24000, won 03-01 (40 days)
 *   b: MQL 01-06, SQL 01-12, opportunity 02-01 12000, lost 03-10
 *   c: sales-sourced SQL 02-05, opportunity 02-15 40000, won 03-20 (33 days)
 *   d: MQL 02-10, SQL 02-20, opportunity 03-05 60000, open */
static void
four(const struct fx *f, struct ho_journey_row rows[4])
{
    rows[0] = with_amount(
        journey(f->paid,
                (struct entries){ "2026-01-05", NULL, "2026-01-10", "2026-01-20", "2026-03-01" },
                NULL),
        24000, 2000);
    rows[1] = with_amount(
        journey(f->web, (struct entries){ "2026-01-06", NULL, "2026-01-12", "2026-02-01", NULL },
                "2026-03-10"),
        12000, 1000);
    rows[2] = with_amount(
        journey(0, (struct entries){ NULL, NULL, "2026-02-05", "2026-02-15", "2026-03-20" }, NULL),
        40000, 40000.0 / 12);
    rows[3] = with_amount(
        journey(f->paid, (struct entries){ "2026-02-10", NULL, "2026-02-20", "2026-03-05", NULL },
                NULL),
        60000, 5000);
}

static void
test_qualified_pipeline_is_the_amounts_of_journeys_that_passed_mql(void **state)
{
    struct fx *f = *state;
    struct ho_journey_row rows[4];
    four(f, rows);
    const struct ho_pipeline_group *g = compute(f, rows, 4, NULL, 0, NULL, NULL, "2026-04-10", NAN);
    /* all: 24000 + 12000 + 40000 + 60000 = 136000; qualified (a, b, d) = 96000. */
    assert_int_equal(g->opps, 4);
    assert_int_equal(g->qualified_opps, 3);
    assert_true(fabs(g->all_pipeline - 136000) < EPS);
    assert_true(fabs(g->qualified_pipeline - 96000) < EPS);
    /* 96000 / 136000 = 70.588...% > 60%: stretch. */
    assert_true(fabs(g->marketing_share_pct - 9600.0 / 136) < 1e-9);
    assert_int_equal(g->tier, HO_SHARE_STRETCH);
}

static void
test_share_tiers_at_their_boundaries(void **state)
{
    (void)state;
    assert_int_equal(ho_share_tier_of(29.999), HO_SHARE_BELOW_FLOOR);
    assert_int_equal(ho_share_tier_of(30.0), HO_SHARE_FLOOR);
    assert_int_equal(ho_share_tier_of(39.999), HO_SHARE_FLOOR);
    assert_int_equal(ho_share_tier_of(40.0), HO_SHARE_HEALTHY);
    assert_int_equal(ho_share_tier_of(60.0), HO_SHARE_HEALTHY);
    assert_int_equal(ho_share_tier_of(60.001), HO_SHARE_STRETCH);
    assert_int_equal(ho_share_tier_of(NAN), HO_SHARE_NA);
    assert_string_equal(ho_share_tier_name(HO_SHARE_BELOW_FLOOR), "below_floor");
    assert_string_equal(ho_share_tier_name(HO_SHARE_FLOOR), "floor");
    assert_string_equal(ho_share_tier_name(HO_SHARE_HEALTHY), "healthy");
    assert_string_equal(ho_share_tier_name(HO_SHARE_STRETCH), "stretch");
    assert_string_equal(ho_share_tier_name(HO_SHARE_NA), "n/a");
}

static void
test_opportunities_without_amounts_are_counted_apart_and_add_nothing(void **state)
{
    struct fx *f = *state;
    struct ho_journey_row rows[3] = {
        with_amount(
            journey(f->paid,
                    (struct entries){ "2026-03-01", NULL, NULL, "2026-03-02", "2026-03-12" }, NULL),
            10000, 10000.0 / 12),
        journey(f->paid, (struct entries){ "2026-03-01", NULL, NULL, "2026-03-03", "2026-03-23" },
                NULL),
        journey(f->paid, (struct entries){ "2026-03-01", NULL, NULL, "2026-03-04", NULL }, NULL),
    };
    const struct ho_pipeline_group *g = compute(f, rows, 3, NULL, 0, NULL, NULL, "2026-04-10", NAN);
    assert_int_equal(g->opps, 3);
    assert_int_equal(g->opps_without_amount, 2);
    assert_true(fabs(g->all_pipeline - 10000) < EPS);
    /* Two won, one with an amount: the average deal is 10000 / 1; both count
     * as won and as cycles (10 and 20 days: 15 on average). */
    assert_int_equal(g->win.num, 2);
    assert_int_equal(g->won_with_amount, 1);
    assert_true(fabs(g->avg_deal - 10000) < EPS);
    assert_true(fabs(g->avg_cycle_days - 15) < EPS);
    /* The open one counts, with nothing added to the open amount. */
    assert_int_equal(g->open_opps, 1);
    assert_true(fabs(g->open_amount) < EPS);
}

static void
test_win_rate_deal_cycle_and_velocity_over_the_period(void **state)
{
    struct fx *f = *state;
    struct ho_journey_row rows[4];
    four(f, rows);
    const struct ho_pipeline_group *g = compute(f, rows, 4, NULL, 0, NULL, NULL, "2026-04-10", NAN);
    /* won a, c; lost b: 2 / 3. */
    assert_int_equal(g->win.num, 2);
    assert_int_equal(g->win.den, 3);
    /* (24000 + 40000) / 2 = 32000; cycles 40 and 33 days: 36.5. */
    assert_true(fabs(g->avg_deal - 32000) < EPS);
    assert_int_equal(g->cycles, 2);
    assert_true(fabs(g->avg_cycle_days - 36.5) < EPS);
    /* Open at 04-10: d.  velocity = 1 x 32000 x 2/3 / 36.5 = 584.4748... */
    assert_int_equal(g->open_opps, 1);
    assert_true(fabs(g->open_amount - 60000) < EPS);
    assert_true(fabs(g->velocity_per_day - 32000.0 * 2 / 3 / 36.5) < 1e-9);
}

static void
test_open_opportunities_are_counted_at_the_end_of_the_period(void **state)
{
    struct fx *f = *state;
    struct ho_journey_row rows[4];
    four(f, rows);
    /* At 2026-03-01 (--to): a (won 03-01T00:00, not before), b (lost 03-10)
     * and c (won 03-20) were open; d's opportunity (03-05) came later. */
    const struct ho_pipeline_group *g =
        compute(f, rows, 4, NULL, 0, "2026-01-01", "2026-03-01", "2026-04-10", NAN);
    assert_int_equal(f->p.as_of, ms("2026-03-01"));
    assert_int_equal(g->open_opps, 3);
    /* Nothing was won or lost before March: no win rate, no velocity. */
    assert_int_equal(g->win.den, 0);
    assert_true(isnan(g->avg_deal));
    assert_true(isnan(g->velocity_per_day));
}

static void
test_a_skipped_sql_counts_when_the_next_stage_was_entered(void **state)
{
    struct fx *f = *state;
    struct ho_journey_row r =
        journey(f->paid, (struct entries){ "2026-01-30", NULL, NULL, "2026-02-03", NULL }, NULL);
    assert_int_equal(ho_journey_sql_time(&r.j), ms("2026-02-03"));
    assert_int_equal(ho_journey_opportunity_time(&r.j), ms("2026-02-03"));
    /* A sales-sourced journey that starts at the opportunity was never an SQL. */
    struct ho_journey_row s =
        journey(f->paid, (struct entries){ NULL, NULL, NULL, "2026-02-03", NULL }, NULL);
    assert_int_equal(ho_journey_sql_time(&s.j), NONE);
    /* A won journey without opportunity_created reached the opportunity at its win. */
    struct ho_journey_row w = journey(
        f->paid, (struct entries){ "2026-01-30", NULL, "2026-02-01", NULL, "2026-02-09" }, NULL);
    assert_int_equal(ho_journey_opportunity_time(&w.j), ms("2026-02-09"));
}

static void
test_sqls_per_month_are_spread_over_every_month_of_the_period(void **state)
{
    struct fx *f = *state;
    struct ho_journey_row rows[4];
    four(f, rows);
    /* SQLs: a 01-10, b 01-12, c 02-05, d 02-20.  Period [01-01, 05-01) at
     * 06-01: January, February, March, April = 4 months, 4 SQLs: 1 a month. */
    const struct ho_pipeline_group *g =
        compute(f, rows, 4, NULL, 0, "2026-01-01", "2026-05-01", "2026-06-01", NAN);
    assert_int_equal(g->sqls, 4);
    assert_int_equal(f->p.n_months, 4);
    assert_int_equal(f->p.sql_months[0].month, month("2026-01-01"));
    assert_int_equal(f->p.sql_months[0].count, 2);
    assert_int_equal(f->p.sql_months[1].count, 2);
    assert_int_equal(f->p.sql_months[2].count, 0);
    assert_int_equal(f->p.sql_months[3].count, 0);
    assert_true(fabs(g->sqls_per_month - 1.0) < EPS);
    /* Open period: from the first SQL's month to the month of --at (March):
     * 3 months, 4 / 3 a month. */
    g = compute(f, rows, 4, NULL, 0, NULL, NULL, "2026-03-15", NAN);
    assert_int_equal(f->p.n_months, 3);
    assert_true(fabs(g->sqls_per_month - 4.0 / 3) < EPS);
}

static void
test_lead_velocity_rate_compares_the_last_complete_month_with_the_one_before(void **state)
{
    struct fx *f = *state;
    struct ho_journey_row rows[5] = {
        journey(f->paid, (struct entries){ "2026-02-03", NULL, NULL, NULL, NULL }, NULL),
        journey(f->paid, (struct entries){ "2026-02-20", NULL, NULL, NULL, NULL }, NULL),
        journey(f->paid, (struct entries){ "2026-03-01", NULL, NULL, NULL, NULL }, NULL),
        journey(f->paid, (struct entries){ "2026-03-31T23:59:59Z", NULL, NULL, NULL, NULL }, NULL),
        journey(f->paid, (struct entries){ "2026-03-15", NULL, NULL, NULL, NULL }, NULL),
    };
    /* At 2026-04-01T00:00: March is complete.  (3 - 2) / 2 = 50%. */
    const struct ho_pipeline_group *g = compute(f, rows, 5, NULL, 0, NULL, NULL, "2026-04-01", NAN);
    assert_int_equal(f->p.lvr_month, month("2026-03-01"));
    assert_int_equal(g->mqls_this_month, 3);
    assert_int_equal(g->mqls_last_month, 2);
    assert_true(fabs(g->lvr_pct - 50.0) < EPS);
    /* One millisecond earlier March is not complete: February against
     * January, which had none: n/a. */
    g = compute(f, rows, 5, NULL, 0, NULL, NULL, "2026-03-31T23:59:59.999Z", NAN);
    assert_int_equal(f->p.lvr_month, month("2026-02-01"));
    assert_int_equal(g->mqls_this_month, 2);
    assert_int_equal(g->mqls_last_month, 0);
    assert_true(isnan(g->lvr_pct));
}

static void
test_an_empty_period_is_not_applicable_everywhere(void **state)
{
    struct fx *f = *state;
    struct ho_journey_row rows[4];
    four(f, rows);
    const struct ho_pipeline_group *g =
        compute(f, rows, 4, NULL, 0, "2027-01-01", "2027-02-01", "2027-06-01", NAN);
    assert_int_equal(g->opps, 0);
    assert_true(isnan(g->marketing_share_pct));
    assert_int_equal(g->tier, HO_SHARE_NA);
    assert_int_equal(g->win.den, 0);
    assert_true(isnan(g->avg_deal));
    assert_true(isnan(g->avg_cycle_days));
    assert_true(isnan(g->velocity_per_day));
    /* d is still open at 2027-02-01. */
    assert_int_equal(g->open_opps, 1);
    assert_int_equal(g->sqls, 0);
    assert_true(fabs(g->sqls_per_month) < EPS); /* 0 SQLs over 1 month */
    assert_false(f->p.has_spend);
    g = compute(f, NULL, 0, NULL, 0, NULL, NULL, "2027-06-01", NAN);
    assert_int_equal(f->p.n_months, 0);
    assert_true(isnan(g->sqls_per_month));
}

/* Spend for the cost tests: paid_search 01 3000, 02 3000, 03 6000 (the
 * March row is the one that counts in a March period); webinar 03 1800;
 * paid_social 03 500. */
static const struct ho_spend_row *
spend(const struct fx *f, size_t *n)
{
    static struct ho_spend_row rows[5];
    rows[0] = (struct ho_spend_row){ f->paid, 0, 3000 };
    rows[1] = (struct ho_spend_row){ f->paid, 0, 3000 };
    rows[2] = (struct ho_spend_row){ f->paid, 0, 6000 };
    rows[3] = (struct ho_spend_row){ f->web, 0, 1800 };
    rows[4] = (struct ho_spend_row){ f->social, 0, 500 };
    rows[0].month = month("2026-01-01");
    rows[1].month = month("2026-02-01");
    rows[2].month = rows[3].month = rows[4].month = month("2026-03-01");
    *n = 5;
    return rows;
}

/* March 2026: paid_search: 4 MQLs, 2 SQLs, 1 won (24000, monthly 2000);
 * webinar: 2 MQLs, no SQL; paid_social: 1 MQL; one MQL without channel. */
static void
march(const struct fx *f, struct ho_journey_row rows[8])
{
    rows[0] = with_amount(
        journey(f->paid,
                (struct entries){ "2026-03-01", NULL, "2026-03-02", "2026-03-05", "2026-03-25" },
                NULL),
        24000, 2000);
    rows[1] = with_amount(
        journey(f->paid, (struct entries){ "2026-03-02", NULL, "2026-03-04", "2026-03-06", NULL },
                NULL),
        36000, 3000);
    rows[2] = journey(f->paid, (struct entries){ "2026-03-03", NULL, NULL, NULL, NULL }, NULL);
    rows[3] = journey(f->paid, (struct entries){ "2026-03-04", NULL, NULL, NULL, NULL }, NULL);
    rows[4] = journey(f->web, (struct entries){ "2026-03-05", NULL, NULL, NULL, NULL }, NULL);
    rows[5] = journey(f->web, (struct entries){ "2026-03-06", NULL, NULL, NULL, NULL }, NULL);
    rows[6] = journey(f->social, (struct entries){ "2026-03-07", NULL, NULL, NULL, NULL }, NULL);
    rows[7] = journey(0, (struct entries){ "2026-03-08", NULL, "2026-03-09", NULL, NULL }, NULL);
}

static const struct ho_channel_cost *
cost(const struct fx *f, uint32_t channel)
{
    for (size_t i = 0; i < f->p.n_costs; i++) {
        if (f->p.costs[i].channel == channel)
            return &f->p.costs[i];
    }
    fail_msg("no cost row for channel %u", channel);
    return NULL;
}

static void
test_cost_per_mql_and_per_sql_per_channel(void **state)
{
    struct fx *f = *state;
    struct ho_journey_row rows[8];
    size_t n_sp;
    const struct ho_spend_row *sp = spend(f, &n_sp);
    march(f, rows);
    (void)compute(f, rows, 8, sp, n_sp, "2026-03-01", "2026-04-01", "2026-04-10", 75);
    assert_true(f->p.has_spend);
    const struct ho_channel_cost *c = cost(f, f->paid);
    /* Only the March row counts: 6000 / 4 MQLs = 1500; / 2 SQLs = 3000. */
    assert_true(fabs(c->spend - 6000) < EPS);
    assert_int_equal(c->mqls, 4);
    assert_int_equal(c->sqls, 2);
    assert_true(fabs(c->cost_per_mql - 1500) < EPS);
    assert_true(fabs(c->cost_per_sql - 3000) < EPS);
    /* MER = 6000 / (24000 + 36000) = 0.1. */
    assert_true(fabs(c->efficiency_ratio - 0.1) < EPS);
}

static void
test_spend_for_a_channel_with_zero_sqls_has_no_cost_per_sql(void **state)
{
    struct fx *f = *state;
    struct ho_journey_row rows[8];
    size_t n_sp;
    const struct ho_spend_row *sp = spend(f, &n_sp);
    march(f, rows);
    (void)compute(f, rows, 8, sp, n_sp, "2026-03-01", "2026-04-01", "2026-04-10", 75);
    const struct ho_channel_cost *c = cost(f, f->web);
    /* webinar: 1800 / 2 MQLs = 900; no SQL, no pipeline, no customer. */
    assert_true(fabs(c->cost_per_mql - 900) < EPS);
    assert_int_equal(c->sqls, 0);
    assert_true(isnan(c->cost_per_sql));
    assert_true(isnan(c->efficiency_ratio));
    assert_true(isnan(c->cac));
    assert_true(isnan(c->payback_months));
}

static void
test_cac_and_payback_months_with_a_gross_margin(void **state)
{
    struct fx *f = *state;
    struct ho_journey_row rows[8];
    size_t n_sp;
    const struct ho_spend_row *sp = spend(f, &n_sp);
    march(f, rows);
    (void)compute(f, rows, 8, sp, n_sp, "2026-03-01", "2026-04-01", "2026-04-10", 75);
    const struct ho_channel_cost *c = cost(f, f->paid);
    /* CAC = 6000 / 1 customer; payback = 6000 / (2000 x 0.75) = 4 months. */
    assert_int_equal(c->customers, 1);
    assert_true(fabs(c->cac - 6000) < EPS);
    assert_true(fabs(c->monthly_revenue - 2000) < EPS);
    assert_true(fabs(c->payback_months - 4) < EPS);
    /* Without a margin: no payback. */
    (void)compute(f, rows, 8, sp, n_sp, "2026-03-01", "2026-04-01", "2026-04-10", NAN);
    assert_true(fabs(cost(f, f->paid)->cac - 6000) < EPS);
    assert_true(isnan(cost(f, f->paid)->payback_months));
}

static void
test_the_blended_cost_divides_all_spend_by_the_channels_cohorts(void **state)
{
    struct fx *f = *state;
    struct ho_journey_row rows[8];
    size_t n_sp;
    const struct ho_spend_row *sp = spend(f, &n_sp);
    march(f, rows);
    (void)compute(f, rows, 8, sp, n_sp, "2026-03-01", "2026-04-01", "2026-04-10", 75);
    /* 6000 + 1800 + 500 = 8300 over the March cohorts of the channels with
     * spend: 4 + 2 + 1 = 7 MQLs and 2 SQLs (both paid); the MQL and SQL
     * without a channel pair with no spend.  CAC stays blended over every
     * journey: 1 customer. */
    assert_true(fabs(f->p.total.spend - 8300) < EPS);
    assert_int_equal(f->p.total.mqls, 7);
    assert_int_equal(f->p.total.sqls, 2);
    assert_true(fabs(f->p.total.cost_per_mql - 8300.0 / 7) < EPS);
    assert_true(fabs(f->p.total.cost_per_sql - 8300.0 / 2) < EPS);
    assert_true(fabs(f->p.total.cac - 8300) < EPS);
    /* Channels are listed by name; the one without a channel has no row. */
    assert_int_equal(f->p.n_costs, 3);
    assert_int_equal(f->p.costs[0].channel, f->paid);   /* paid_search */
    assert_int_equal(f->p.costs[1].channel, f->social); /* paid_social */
    assert_int_equal(f->p.costs[2].channel, f->web);    /* webinar */
}

static void
test_cost_pairs_each_months_spend_with_its_marketing_sourced_cohort(void **state)
{
    struct fx *f = *state;
    struct ho_journey_row rows[3];
    size_t n_sp;
    const struct ho_spend_row *sp = spend(f, &n_sp);
    /* A February MQL whose SQL came in March, a sales-sourced SQL in March,
     * a March MQL that never reached SQL (all paid_search). */
    rows[0] =
        journey(f->paid, (struct entries){ "2026-02-10", NULL, "2026-03-05", NULL, NULL }, NULL);
    rows[1] = journey(f->paid, (struct entries){ NULL, NULL, "2026-03-06", NULL, NULL }, NULL);
    rows[2] = journey(f->paid, (struct entries){ "2026-03-03", NULL, NULL, NULL, NULL }, NULL);
    (void)compute(f, rows, 3, sp, n_sp, NULL, NULL, "2026-04-10", NAN);
    const struct ho_channel_cost *c = cost(f, f->paid);
    /* January 3000: no cohort; February 3000: 1 MQL, 1 SQL (its March SQL);
     * March 6000: 1 MQL, 0 SQLs (the sales-sourced SQL never counts). */
    assert_int_equal(c->n_months, 3);
    assert_int_equal(c->months[0].mqls, 0);
    assert_true(isnan(c->months[0].cost_per_mql));
    assert_int_equal(c->months[1].mqls, 1);
    assert_int_equal(c->months[1].sqls, 1);
    assert_true(fabs(c->months[1].cost_per_sql - 3000) < EPS);
    assert_int_equal(c->months[2].mqls, 1);
    assert_int_equal(c->months[2].sqls, 0);
    assert_true(fabs(c->months[2].cost_per_mql - 6000) < EPS);
    assert_true(isnan(c->months[2].cost_per_sql));
    /* The period: 12000 / (0 + 1 + 1) MQLs = 6000, 12000 / 1 SQL. */
    assert_int_equal(c->mqls, 2);
    assert_int_equal(c->sqls, 1);
    assert_true(fabs(c->cost_per_mql - 6000) < EPS);
    assert_true(fabs(c->cost_per_sql - 12000) < EPS);
}

static void
test_spend_counts_for_the_months_whose_first_day_is_in_the_period(void **state)
{
    struct fx *f = *state;
    size_t n_sp;
    const struct ho_spend_row *sp = spend(f, &n_sp);
    /* [01-15, 03-01): only February's first day is inside: paid_search 3000. */
    (void)compute(f, NULL, 0, sp, n_sp, "2026-01-15", "2026-03-01", "2026-04-10", NAN);
    assert_int_equal(f->p.n_costs, 1);
    assert_true(fabs(f->p.costs[0].spend - 3000) < EPS);
    /* No MQL at all: cost per MQL is n/a, not 0 or infinite. */
    assert_true(isnan(f->p.costs[0].cost_per_mql));
}

/* ho_pipeline_cost_cohort() of each row under o, and the sums it gives. */
static void
cohort_of_rows(const struct ho_journey_row *rows, size_t n, const struct ho_spend_row *sp,
               size_t n_sp, const struct ho_pipeline_opts *o, int *mql, int *sql)
{
    for (size_t i = 0; i < n; i++) {
        bool s;
        mql[i] = ho_pipeline_cost_cohort(sp, n_sp, rows[i].channel, &rows[i].j, o, &s);
        sql[i] = s;
    }
}

static void
test_the_cost_cohort_journey_by_journey_is_what_the_table_counts(void **state)
{
    struct fx *f = *state;
    size_t n_sp;
    const struct ho_spend_row *sp = spend(f, &n_sp);
    /* paid_search has spend in 01, 02, 03; webinar only in 03. */
    struct ho_journey_row rows[6] = {
        journey(f->paid, (struct entries){ "2026-02-10", NULL, "2026-03-05", NULL, NULL }, NULL),
        journey(f->paid, (struct entries){ NULL, NULL, "2026-03-06", NULL, NULL }, NULL),
        journey(f->paid, (struct entries){ "2026-03-20", NULL, "2026-04-15", NULL, NULL }, NULL),
        journey(f->web, (struct entries){ "2026-02-11", NULL, "2026-02-12", NULL, NULL }, NULL),
        journey(f->web, (struct entries){ "2026-03-11", NULL, NULL, "2026-03-12", NULL }, NULL),
        journey(0, (struct entries){ "2026-03-08", NULL, "2026-03-09", NULL, NULL }, NULL),
    };
    struct ho_pipeline_opts o = { .by = HO_DIM_ALL,
                                  .from = INT64_MIN,
                                  .to = INT64_MAX,
                                  .at = ms("2026-04-10"),
                                  .gross_margin_pct = NAN };
    int mql[6], sql[6];
    cohort_of_rows(rows, 6, sp, n_sp, &o, mql, sql);
    /* Open period, as of 04-10: the February paid MQL (SQL 03-05: yes);
     * not the sales-sourced one; the March paid MQL (SQL 04-15 after the
     * as-of time: no); not webinar's February MQL (no February spend);
     * webinar's March MQL (its skipped sql dated by the opportunity 03-12:
     * yes); never a journey without a channel. */
    static const int want_mql[6] = { 1, 0, 1, 0, 1, 0 }, want_sql[6] = { 1, 0, 0, 0, 1, 0 };
    for (int i = 0; i < 6; i++) {
        assert_int_equal(mql[i], want_mql[i]);
        assert_int_equal(mql[i] && sql[i], want_sql[i]);
    }
    (void)compute(f, rows, 6, sp, n_sp, NULL, NULL, "2026-04-10", NAN);
    assert_int_equal(cost(f, f->paid)->mqls, 2);
    assert_int_equal(cost(f, f->paid)->sqls, 1);
    assert_int_equal(cost(f, f->web)->mqls, 1);
    assert_int_equal(cost(f, f->web)->sqls, 1);
    /* [03-01, 03-15): March spend only, the end 03-15: the March paid MQL
     * (03-20) came after it, webinar's (03-11, SQL 03-12) before. */
    o.from = ms("2026-03-01");
    o.to = ms("2026-03-15");
    cohort_of_rows(rows, 6, sp, n_sp, &o, mql, sql);
    static const int want_mql2[6] = { 0, 0, 0, 0, 1, 0 };
    for (int i = 0; i < 6; i++)
        assert_int_equal(mql[i], want_mql2[i]);
    assert_true(sql[4]);
    (void)compute(f, rows, 6, sp, n_sp, "2026-03-01", "2026-03-15", "2026-04-10", NAN);
    assert_int_equal(f->p.total.mqls, 1);
    assert_int_equal(f->p.total.sqls, 1);
}

static void
test_monthly_revenue_is_the_average_over_new_customers_with_an_amount(void **state)
{
    struct fx *f = *state;
    struct ho_journey_row rows[3] = {
        with_amount(
            journey(f->paid,
                    (struct entries){ "2026-03-01", NULL, NULL, "2026-03-02", "2026-03-10" }, NULL),
            12000, 1000),
        with_amount(
            journey(f->paid,
                    (struct entries){ "2026-03-01", NULL, NULL, "2026-03-02", "2026-03-11" }, NULL),
            36000, 3000),
        journey(f->paid, (struct entries){ "2026-03-01", NULL, NULL, "2026-03-02", "2026-03-12" },
                NULL),
    };
    struct ho_spend_row sp = { f->paid, month("2026-03-01"), 9000 };
    (void)compute(f, rows, 3, &sp, 1, "2026-03-01", "2026-04-01", "2026-04-10", 50);
    const struct ho_channel_cost *c = cost(f, f->paid);
    /* 3 customers: CAC 3000; revenue (1000 + 3000) / 2 = 2000 a month;
     * payback 3000 / (2000 x 0.5) = 3 months. */
    assert_int_equal(c->customers, 3);
    assert_int_equal(c->customers_with_revenue, 2);
    assert_true(fabs(c->cac - 3000) < EPS);
    assert_true(fabs(c->monthly_revenue - 2000) < EPS);
    assert_true(fabs(c->payback_months - 3) < EPS);
}

static void
test_by_channel_gives_each_channel_its_pipeline(void **state)
{
    struct fx *f = *state;
    struct ho_journey_row rows[4];
    four(f, rows);
    struct ho_pipeline_opts o = { .by = HO_DIM_CHANNEL,
                                  .from = INT64_MIN,
                                  .to = INT64_MAX,
                                  .at = ms("2026-04-10"),
                                  .gross_margin_pct = NAN };
    ho_pipeline_compute(rows, 4, NULL, 0, &f->defs, f->s, &o, &f->p);
    /* paid_search (a, d), webinar (b), (none) (c, sales-sourced). */
    assert_int_equal(f->p.n, 3);
    assert_string_equal(ho_strtab_str(f->s, f->p.groups[0].key), "paid_search");
    assert_true(fabs(f->p.groups[0].qualified_pipeline - 84000) < EPS);
    assert_string_equal(ho_strtab_str(f->s, f->p.groups[1].key), "webinar");
    assert_int_equal(f->p.groups[1].win.den, 1);
    assert_int_equal(f->p.groups[1].win.num, 0);
    assert_string_equal(ho_strtab_str(f->s, f->p.groups[2].key), "(none)");
    assert_true(fabs(f->p.groups[2].qualified_pipeline) < EPS);
    assert_true(fabs(f->p.groups[2].all_pipeline - 40000) < EPS);
    assert_int_equal(f->p.groups[2].tier, HO_SHARE_BELOW_FLOOR); /* 0% */
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(test_qualified_pipeline_is_the_amounts_of_journeys_that_passed_mql),
        T(test_share_tiers_at_their_boundaries),
        T(test_opportunities_without_amounts_are_counted_apart_and_add_nothing),
        T(test_win_rate_deal_cycle_and_velocity_over_the_period),
        T(test_open_opportunities_are_counted_at_the_end_of_the_period),
        T(test_a_skipped_sql_counts_when_the_next_stage_was_entered),
        T(test_sqls_per_month_are_spread_over_every_month_of_the_period),
        T(test_lead_velocity_rate_compares_the_last_complete_month_with_the_one_before),
        T(test_an_empty_period_is_not_applicable_everywhere),
        T(test_cost_per_mql_and_per_sql_per_channel),
        T(test_spend_for_a_channel_with_zero_sqls_has_no_cost_per_sql),
        T(test_cac_and_payback_months_with_a_gross_margin),
        T(test_the_blended_cost_divides_all_spend_by_the_channels_cohorts),
        T(test_cost_pairs_each_months_spend_with_its_marketing_sourced_cohort),
        T(test_spend_counts_for_the_months_whose_first_day_is_in_the_period),
        T(test_the_cost_cohort_journey_by_journey_is_what_the_table_counts),
        T(test_monthly_revenue_is_the_average_over_new_customers_with_an_amount),
        T(test_by_channel_gives_each_channel_its_pipeline),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
