/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/core/test_funnel.c - the cohort funnel (core/funnel.h) against
 * DESIGN.md §5: cohorts by month of the journey's MQL (or first stage),
 * "reached X or later" with skipped stages, rates as num/den, the MQL->SQL
 * tier with the published benchmarks (broken < 5% <= misaligned < 13% <=
 * average < 25% <= good <= 40% < best-in-class), per channel, and the
 * from/to filter; quarterly cohorts, groups of any --by dimension (per-row
 * keys, core/groups.h) and their order.  Journeys are built by hand; every
 * count is worked out next to its assertion.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/strtab.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "core/defs.h"
#include "core/dims.h"
#include "core/funnel.h"
#include "core/groups.h"
#include "core/stage.h"

#define EPS 1e-9
#define DAY HO_MS_PER_DAY

static int64_t
ms(const char *ts)
{
    int64_t v = 0;
    if (ho_time_parse(ts, strlen(ts), &v, NULL) != HO_OK)
        fail_msg("bad time literal '%s'", ts);
    return v;
}

/*
 * A journey entering mql, sal, sql, opportunity, customer at the given times
 * (NULL = not entered).  first is the earliest entered stage, furthest the
 * latest; the journey is open.
 */
static struct ho_journey_row
row(uint32_t lead, uint32_t channel, uint32_t n, const char *mql, const char *sal, const char *sql,
    const char *opp, const char *cust)
{
    const char *t[] = { mql, sal, sql, opp, cust };
    static const enum ho_stage st[] = { HO_STAGE_MQL, HO_STAGE_SAL, HO_STAGE_SQL,
                                        HO_STAGE_OPPORTUNITY, HO_STAGE_CUSTOMER };
    struct ho_journey_row r;
    memset(&r, 0, sizeof(r));
    r.lead = lead;
    r.channel = channel;
    r.j.n = n;
    for (int s = 0; s < HO_STAGE__COUNT; s++)
        r.j.entered[s] = HO_TIME_NONE;
    r.j.first = HO_STAGE__COUNT;
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
    r.j.criterion = mql ? HO_CRITERION_SCORE : HO_CRITERION_NONE;
    return r;
}

/* Close r as `outcome` at time ts. */
static void
close_as(struct ho_journey_row *r, enum ho_stage outcome, const char *ts)
{
    r->j.entered[outcome] = ms(ts);
    r->j.last = outcome;
    r->j.closed = true;
}

static struct ho_funnel_opts
opts_all(bool by_channel)
{
    struct ho_funnel_opts o;
    memset(&o, 0, sizeof(o));
    o.by_channel = by_channel;
    o.from_ms = INT64_MIN;
    o.to_ms = INT64_MAX;
    o.as_of = ms("2026-06-30T00:00:00Z");
    return o;
}

static int64_t
month_of(const char *ts)
{
    return ho_time_month_index(ms(ts));
}

static struct ho_rate
rate(uint64_t num, uint64_t den)
{
    struct ho_rate r = { .num = num, .den = den };
    return r;
}

static void
assert_rate(struct ho_rate r, uint64_t num, uint64_t den)
{
    assert_int_equal(r.num, num);
    assert_int_equal(r.den, den);
}

/* ---- cohorts ------------------------------------------------------------ */

static void
test_journeys_are_grouped_into_cohorts_by_month_of_their_mql(void **state)
{
    (void)state;
    struct ho_journey_row rows[] = {
        row(1, 0, 1, "2026-03-10T12:00:00Z", NULL, NULL, NULL, NULL),
        row(2, 0, 1, "2026-01-05T12:00:00Z", NULL, NULL, NULL, NULL),
        row(3, 0, 1, "2026-02-01T00:00:00Z", NULL, NULL, NULL, NULL),
        row(4, 0, 1, "2026-01-31T23:59:59Z", NULL, NULL, NULL, NULL),
    };
    struct ho_funnel_opts o = opts_all(false);
    struct ho_funnel f;
    ho_funnel_compute(rows, 4, &o, NULL, &f);
    /* Jan: rows 2 and 4 (23:59:59 on the 31st is still January); Feb: row 3
     * (midnight of the 1st is February); Mar: row 1.  Sorted by month. */
    assert_int_equal(f.n, 3);
    assert_int_equal(f.cohorts[0].month, month_of("2026-01-01T00:00:00Z"));
    assert_int_equal(f.cohorts[0].reached[HO_STAGE_MQL], 2);
    assert_int_equal(f.cohorts[1].month, month_of("2026-02-01T00:00:00Z"));
    assert_int_equal(f.cohorts[1].reached[HO_STAGE_MQL], 1);
    assert_int_equal(f.cohorts[2].month, month_of("2026-03-01T00:00:00Z"));
    assert_int_equal(f.cohorts[2].reached[HO_STAGE_MQL], 1);
    assert_int_equal(f.cohorts[0].channel, 0); /* not by channel: all channels */
    ho_funnel_release(&f);
}

static void
test_journey_is_counted_in_the_cohort_of_its_mql_not_of_later_stages(void **state)
{
    (void)state;
    struct ho_journey_row rows[] = {
        row(1, 0, 1, "2026-01-30T12:00:00Z", NULL, "2026-02-03T12:00:00Z", NULL, NULL),
    };
    struct ho_funnel_opts o = opts_all(false);
    struct ho_funnel f;
    ho_funnel_compute(rows, 1, &o, NULL, &f);
    assert_int_equal(f.n, 1); /* one cohort, January, even though sql was in February */
    assert_int_equal(f.cohorts[0].month, month_of("2026-01-01T00:00:00Z"));
    assert_int_equal(f.cohorts[0].reached[HO_STAGE_SQL], 1);
    ho_funnel_release(&f);
}

static void
test_reached_counts_include_skipped_stages(void **state)
{
    (void)state;
    struct ho_journey_row rows[] = {
        /* every stage */
        row(1, 0, 1, "2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z",
            "2026-01-05T00:00:00Z", "2026-01-20T00:00:00Z"),
        /* mql -> sql: sal skipped */
        row(2, 0, 1, "2026-01-02T00:00:00Z", NULL, "2026-01-04T00:00:00Z", NULL, NULL),
        /* mql -> opportunity: sal and sql skipped */
        row(3, 0, 1, "2026-01-02T00:00:00Z", NULL, NULL, "2026-01-06T00:00:00Z", NULL),
        /* mql only */
        row(4, 0, 1, "2026-01-02T00:00:00Z", NULL, NULL, NULL, NULL),
    };
    struct ho_funnel_opts o = opts_all(false);
    struct ho_funnel f;
    ho_funnel_compute(rows, 4, &o, NULL, &f);
    assert_int_equal(f.n, 1);
    const struct ho_funnel_cohort *c = &f.cohorts[0];
    assert_int_equal(c->reached[HO_STAGE_MQL], 4);         /* 1, 2, 3, 4 */
    assert_int_equal(c->reached[HO_STAGE_SAL], 3);         /* 1, 2 (skipped), 3 (skipped) */
    assert_int_equal(c->reached[HO_STAGE_SQL], 3);         /* 1, 2, 3 (skipped) */
    assert_int_equal(c->reached[HO_STAGE_OPPORTUNITY], 2); /* 1, 3 */
    assert_int_equal(c->reached[HO_STAGE_CUSTOMER], 1);    /* 1 */
    ho_funnel_release(&f);
}

static void
test_journey_nurtured_after_sal_counts_up_to_sal(void **state)
{
    (void)state;
    struct ho_journey_row rows[] = {
        row(1, 0, 1, "2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z", NULL, NULL, NULL),
    };
    close_as(&rows[0], HO_STAGE_NURTURE, "2026-01-04T00:00:00Z");
    struct ho_funnel_opts o = opts_all(false);
    struct ho_funnel f;
    ho_funnel_compute(rows, 1, &o, NULL, &f);
    const struct ho_funnel_cohort *c = &f.cohorts[0];
    assert_int_equal(c->reached[HO_STAGE_MQL], 1);
    assert_int_equal(c->reached[HO_STAGE_SAL], 1);
    assert_int_equal(c->reached[HO_STAGE_SQL], 0); /* nurture is an outcome, not a step */
    ho_funnel_release(&f);
}

/* ---- rates -------------------------------------------------------------- */

static void
test_rates_are_numerator_over_denominator_of_reached_counts(void **state)
{
    (void)state;
    struct ho_journey_row rows[10];
    size_t n = 0;
    const char *m = "2026-01-02T00:00:00Z", *s1 = "2026-01-03T00:00:00Z",
               *s2 = "2026-01-04T00:00:00Z", *s3 = "2026-01-05T00:00:00Z",
               *s4 = "2026-01-06T00:00:00Z";
    for (uint32_t i = 1; i <= 4; i++) /* leads 1-4: MQLs that went nowhere */
        rows[n++] = row(i, 0, 1, m, NULL, NULL, NULL, NULL);
    for (uint32_t i = 5; i <= 7; i++) /* leads 5-7: stopped at sal */
        rows[n++] = row(i, 0, 1, m, s1, NULL, NULL, NULL);
    rows[n++] = row(8, 0, 1, m, s1, s2, NULL, NULL);
    rows[n++] = row(9, 0, 1, m, s1, s2, s3, NULL);
    rows[n++] = row(10, 0, 1, m, s1, s2, s3, s4);
    struct ho_funnel_opts o = opts_all(false);
    struct ho_funnel f;
    ho_funnel_compute(rows, n, &o, NULL, &f);
    const struct ho_funnel_cohort *c = &f.cohorts[0];
    /* reached: mql 10, sal 3 + 3 = 6, sql 3, opportunity 2, customer 1 */
    assert_rate(ho_funnel_rate(c, HO_TR_MQL_SAL), 6, 10);
    assert_rate(ho_funnel_rate(c, HO_TR_SAL_SQL), 3, 6);
    assert_rate(ho_funnel_rate(c, HO_TR_MQL_SQL), 3, 10);
    assert_rate(ho_funnel_rate(c, HO_TR_SQL_OPPORTUNITY), 2, 3);
    assert_rate(ho_funnel_rate(c, HO_TR_OPPORTUNITY_CUSTOMER), 1, 2);
    assert_float_equal(ho_rate_pct(ho_funnel_rate(c, HO_TR_MQL_SQL)), 30.0, EPS); /* 3/10 */
    ho_funnel_release(&f);
}

static void
test_lead_to_mql_rate_of_a_cohort_is_zero_over_zero(void **state)
{
    (void)state;
    struct ho_journey_row rows[] = {
        row(1, 0, 1, "2026-01-02T00:00:00Z", NULL, NULL, NULL, NULL),
    };
    struct ho_funnel_opts o = opts_all(false);
    struct ho_funnel f;
    ho_funnel_compute(rows, 1, &o, NULL, &f);
    /* an MQL cohort has no lead denominator (header: HO_TR_LEAD_MQL gives 0/0) */
    struct ho_rate r = ho_funnel_rate(&f.cohorts[0], HO_TR_LEAD_MQL);
    assert_rate(r, 0, 0);
    assert_true(isnan(ho_rate_pct(r)));
    ho_funnel_release(&f);
}

static void
test_percentage_of_a_rate(void **state)
{
    (void)state;
    assert_float_equal(ho_rate_pct(rate(1, 3)), 33.333333333, 1e-6); /* 100 * 1/3 */
    assert_float_equal(ho_rate_pct(rate(0, 7)), 0.0, EPS);           /* 0/7 = 0, not NAN */
    assert_float_equal(ho_rate_pct(rate(7, 7)), 100.0, EPS);
}

static void
test_zero_over_zero_has_no_percentage_and_tier_na(void **state)
{
    (void)state;
    struct ho_defs d;
    ho_defs_init(&d);
    assert_true(isnan(ho_rate_pct(rate(0, 0))));
    assert_int_equal(ho_mql_sql_tier(&d.bench, rate(0, 0)), HO_TIER_NA);
    assert_string_equal(ho_tier_name(HO_TIER_NA), "n/a");
    ho_defs_release(&d);
}

/* ---- MQL->SQL tiers with the default benchmarks (5 / 13 / 25 / 40) -------- */

static void
test_tier_below_5_percent_is_broken(void **state)
{
    (void)state;
    struct ho_defs d;
    ho_defs_init(&d);
    assert_int_equal(ho_mql_sql_tier(&d.bench, rate(49, 1000)), HO_TIER_BROKEN); /* 4.9% < 5 */
    assert_int_equal(ho_mql_sql_tier(&d.bench, rate(0, 10)), HO_TIER_BROKEN);    /* 0% */
    ho_defs_release(&d);
}

static void
test_tier_at_exactly_5_percent_is_misaligned(void **state)
{
    (void)state;
    struct ho_defs d;
    ho_defs_init(&d);
    assert_int_equal(ho_mql_sql_tier(&d.bench, rate(5, 100)), HO_TIER_MISALIGNED);    /* 5 <= 5% */
    assert_int_equal(ho_mql_sql_tier(&d.bench, rate(129, 1000)), HO_TIER_MISALIGNED); /* 12.9 */
    ho_defs_release(&d);
}

static void
test_tier_at_exactly_13_percent_is_average(void **state)
{
    (void)state;
    struct ho_defs d;
    ho_defs_init(&d);
    assert_int_equal(ho_mql_sql_tier(&d.bench, rate(13, 100)), HO_TIER_AVERAGE);   /* 13% */
    assert_int_equal(ho_mql_sql_tier(&d.bench, rate(249, 1000)), HO_TIER_AVERAGE); /* 24.9% */
    ho_defs_release(&d);
}

static void
test_tier_from_25_to_40_percent_inclusive_is_good(void **state)
{
    (void)state;
    struct ho_defs d;
    ho_defs_init(&d);
    assert_int_equal(ho_mql_sql_tier(&d.bench, rate(25, 100)), HO_TIER_GOOD); /* 25% */
    assert_int_equal(ho_mql_sql_tier(&d.bench, rate(40, 100)), HO_TIER_GOOD); /* 40% <= 40 */
    assert_int_equal(ho_mql_sql_tier(&d.bench, rate(2, 5)), HO_TIER_GOOD);    /* 2/5 = 40% */
    ho_defs_release(&d);
}

static void
test_tier_above_40_percent_is_best_in_class(void **state)
{
    (void)state;
    struct ho_defs d;
    ho_defs_init(&d);
    assert_int_equal(ho_mql_sql_tier(&d.bench, rate(401, 1000)), HO_TIER_BEST); /* 40.1% */
    assert_int_equal(ho_mql_sql_tier(&d.bench, rate(10, 10)), HO_TIER_BEST);    /* 100% */
    ho_defs_release(&d);
}

static void
test_tier_names(void **state)
{
    (void)state;
    assert_string_equal(ho_tier_name(HO_TIER_BROKEN), "broken");
    assert_string_equal(ho_tier_name(HO_TIER_MISALIGNED), "misaligned");
    assert_string_equal(ho_tier_name(HO_TIER_AVERAGE), "average");
    assert_string_equal(ho_tier_name(HO_TIER_GOOD), "good");
    assert_string_equal(ho_tier_name(HO_TIER_BEST), "best-in-class");
}

/* ---- recycled leads, channels, filters ---------------------------------- */

static void
test_recycled_lead_is_counted_once_per_journey_in_each_cohort(void **state)
{
    (void)state;
    struct ho_journey_row rows[] = {
        row(1, 0, 1, "2026-01-10T10:00:00Z", "2026-01-11T09:00:00Z", NULL, NULL, NULL),
        row(1, 0, 2, "2026-03-05T11:00:00Z", NULL, "2026-03-06T09:00:00Z", NULL, NULL),
    };
    close_as(&rows[0], HO_STAGE_NURTURE, "2026-01-12T09:00:00Z");
    struct ho_funnel_opts o = opts_all(false);
    struct ho_funnel f;
    ho_funnel_compute(rows, 2, &o, NULL, &f);
    /* journey 1 in January (mql, sal), journey 2 in March (mql, sal skipped, sql) */
    assert_int_equal(f.n, 2);
    assert_int_equal(f.cohorts[0].month, month_of("2026-01-01T00:00:00Z"));
    assert_int_equal(f.cohorts[0].reached[HO_STAGE_MQL], 1);
    assert_int_equal(f.cohorts[0].reached[HO_STAGE_SAL], 1);
    assert_int_equal(f.cohorts[0].reached[HO_STAGE_SQL], 0);
    assert_int_equal(f.cohorts[1].month, month_of("2026-03-01T00:00:00Z"));
    assert_int_equal(f.cohorts[1].reached[HO_STAGE_MQL], 1);
    assert_int_equal(f.cohorts[1].reached[HO_STAGE_SAL], 1);
    assert_int_equal(f.cohorts[1].reached[HO_STAGE_SQL], 1);
    ho_funnel_release(&f);
}

static void
test_by_channel_splits_each_month_by_channel_in_id_order(void **state)
{
    (void)state;
    struct ho_journey_row rows[] = {
        row(1, 7, 1, "2026-01-02T00:00:00Z", NULL, "2026-01-05T00:00:00Z", NULL, NULL),
        row(2, 3, 1, "2026-01-03T00:00:00Z", NULL, NULL, NULL, NULL),
        row(3, 7, 1, "2026-01-04T00:00:00Z", NULL, NULL, NULL, NULL),
        row(4, 3, 1, "2026-02-04T00:00:00Z", NULL, NULL, NULL, NULL),
    };
    struct ho_funnel_opts o = opts_all(true);
    struct ho_funnel f;
    ho_funnel_compute(rows, 4, &o, NULL, &f);
    /* Jan/3: row 2; Jan/7: rows 1, 3 (1 sql); Feb/3: row 4 */
    assert_int_equal(f.n, 3);
    assert_int_equal(f.cohorts[0].month, month_of("2026-01-01T00:00:00Z"));
    assert_int_equal(f.cohorts[0].channel, 3);
    assert_int_equal(f.cohorts[0].reached[HO_STAGE_MQL], 1);
    assert_int_equal(f.cohorts[1].month, month_of("2026-01-01T00:00:00Z"));
    assert_int_equal(f.cohorts[1].channel, 7);
    assert_int_equal(f.cohorts[1].reached[HO_STAGE_MQL], 2);
    assert_int_equal(f.cohorts[1].reached[HO_STAGE_SQL], 1);
    assert_int_equal(f.cohorts[2].month, month_of("2026-02-01T00:00:00Z"));
    assert_int_equal(f.cohorts[2].channel, 3);
    ho_funnel_release(&f);
}

static void
test_channel_order_ranks_channels_within_a_month(void **state)
{
    (void)state;
    struct ho_journey_row rows[] = {
        row(1, 7, 1, "2026-01-02T00:00:00Z", NULL, NULL, NULL, NULL),
        row(2, 3, 1, "2026-01-03T00:00:00Z", NULL, NULL, NULL, NULL),
    };
    uint32_t order[8] = { 0 };
    order[7] = 0; /* channel 7 first */
    order[3] = 1;
    struct ho_funnel_opts o = opts_all(true);
    struct ho_funnel f;
    ho_funnel_compute(rows, 2, &o, order, &f);
    assert_int_equal(f.n, 2);
    assert_int_equal(f.cohorts[0].channel, 7);
    assert_int_equal(f.cohorts[1].channel, 3);
    ho_funnel_release(&f);
}

static void
test_without_by_channel_all_channels_are_one_cohort(void **state)
{
    (void)state;
    struct ho_journey_row rows[] = {
        row(1, 7, 1, "2026-01-02T00:00:00Z", NULL, NULL, NULL, NULL),
        row(2, 3, 1, "2026-01-03T00:00:00Z", NULL, NULL, NULL, NULL),
        row(3, 0, 1, "2026-01-04T00:00:00Z", NULL, NULL, NULL, NULL),
    };
    struct ho_funnel_opts o = opts_all(false);
    struct ho_funnel f;
    ho_funnel_compute(rows, 3, &o, NULL, &f);
    assert_int_equal(f.n, 1);
    assert_int_equal(f.cohorts[0].channel, 0);
    assert_int_equal(f.cohorts[0].reached[HO_STAGE_MQL], 3);
    ho_funnel_release(&f);
}

static void
test_from_to_keeps_journeys_starting_in_the_half_open_range(void **state)
{
    (void)state;
    struct ho_journey_row rows[] = {
        row(1, 0, 1, "2026-01-31T23:59:59Z", NULL, NULL, NULL, NULL),
        row(2, 0, 1, "2026-02-01T00:00:00Z", NULL, NULL, NULL, NULL), /* == from: in */
        row(3, 0, 1, "2026-02-15T00:00:00Z", NULL, NULL, NULL, NULL),
        row(4, 0, 1, "2026-03-01T00:00:00Z", NULL, NULL, NULL, NULL), /* == to: out */
    };
    struct ho_funnel_opts o = opts_all(false);
    o.from_ms = ms("2026-02-01T00:00:00Z");
    o.to_ms = ms("2026-03-01T00:00:00Z");
    struct ho_funnel f;
    ho_funnel_compute(rows, 4, &o, NULL, &f);
    assert_int_equal(f.n, 1);
    assert_int_equal(f.cohorts[0].month, month_of("2026-02-01T00:00:00Z"));
    assert_int_equal(f.cohorts[0].reached[HO_STAGE_MQL], 2); /* rows 2 and 3 */
    ho_funnel_release(&f);
}

static void
test_sales_sourced_journey_belongs_to_the_month_of_its_first_stage(void **state)
{
    (void)state;
    struct ho_journey_row rows[] = {
        row(1, 0, 1, NULL, NULL, "2026-02-10T00:00:00Z", NULL, NULL),
    };
    struct ho_funnel_opts o = opts_all(false);
    struct ho_funnel f;
    ho_funnel_compute(rows, 1, &o, NULL, &f);
    assert_int_equal(f.n, 1);
    assert_int_equal(f.cohorts[0].month, month_of("2026-02-01T00:00:00Z"));
    assert_int_equal(f.cohorts[0].reached[HO_STAGE_SQL], 1);
    ho_funnel_release(&f);
}

/*
 * DESIGN.md §5: "MQL->SQL rate of cohort C = journeys of C that reached sql or
 * later / journeys of C that were MQLs".  A sales-sourced journey (outbound,
 * no MQL: §2) was never an MQL, so it is neither in the denominator nor in
 * the numerator (else the rate could exceed 100%); §5.6 likewise calls only
 * journeys "that passed MQL" marketing-sourced.  Its sql still counts as an
 * SQL of the cohort.
 * Cohort: one MQL that reached sql, one sales-sourced sql journey.
 * (Failed before e933e76, which counted it: reached[mql] 2, mql_sql 2/2.)
 */
static void
test_sales_sourced_journey_is_not_counted_as_an_mql(void **state)
{
    (void)state;
    struct ho_journey_row rows[] = {
        row(1, 0, 1, "2026-02-02T00:00:00Z", NULL, "2026-02-03T00:00:00Z", NULL, NULL),
        row(2, 0, 1, NULL, NULL, "2026-02-10T00:00:00Z", NULL, NULL),
    };
    struct ho_funnel_opts o = opts_all(false);
    struct ho_funnel f;
    ho_funnel_compute(rows, 2, &o, NULL, &f);
    assert_int_equal(f.n, 1);
    assert_int_equal(f.cohorts[0].reached[HO_STAGE_MQL], 1); /* only row 1 was an MQL */
    assert_rate(ho_funnel_rate(&f.cohorts[0], HO_TR_MQL_SQL), 1, 1);
    ho_funnel_release(&f);
}

/* ---- diagnosis, median and maturity ------------------------------------- */

static void
test_diagnosis_of_a_9_percent_mql_sql_cohort_names_the_healthy_floor(void **state)
{
    (void)state;
    struct ho_journey_row rows[100];
    for (uint32_t i = 0; i < 100; i++) /* 9 of 100 MQLs reach sql: 9% */
        rows[i] = row(i + 1, 0, 1, "2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z",
                      i < 9 ? "2026-01-04T00:00:00Z" : NULL, NULL, NULL);
    struct ho_funnel_opts o = opts_all(false);
    struct ho_funnel f;
    ho_funnel_compute(rows, 100, &o, NULL, &f);
    struct ho_defs d;
    ho_defs_init(&d);
    struct ho_buf out = HO_BUF_INIT;
    assert_rate(ho_funnel_rate(&f.cohorts[0], HO_TR_MQL_SQL), 9, 100);
    assert_int_equal(ho_mql_sql_tier(&d.bench, ho_funnel_rate(&f.cohorts[0], HO_TR_MQL_SQL)),
                     HO_TIER_MISALIGNED); /* 5 <= 9 < 13 */
    ho_funnel_diagnose(&f.cohorts[0], &d.bench, &out);
    /* healthy mql_sql is 20-40%: 9% is below its floor */
    assert_non_null(strstr(ho_buf_cstr(&out), "MQL->SQL"));
    assert_non_null(strstr(ho_buf_cstr(&out), "< 20%"));
    ho_buf_release(&out);
    ho_defs_release(&d);
    ho_funnel_release(&f);
}

static void
test_median_mql_to_sql_time_over_journeys_that_reached_sql_from_an_mql(void **state)
{
    (void)state;
    struct ho_journey_row rows[] = {
        row(1, 0, 1, "2026-01-01T00:00:00Z", NULL, "2026-01-02T00:00:00Z", NULL, NULL), /* 1d */
        row(2, 0, 1, "2026-01-01T00:00:00Z", NULL, "2026-01-04T00:00:00Z", NULL, NULL), /* 3d */
        row(3, 0, 1, "2026-01-01T00:00:00Z", NULL, "2026-01-06T00:00:00Z", NULL, NULL), /* 5d */
        row(4, 0, 1, "2026-01-01T00:00:00Z", NULL, NULL, NULL, NULL), /* no sql: ignored */
        row(5, 0, 1, NULL, NULL, "2026-01-20T00:00:00Z", NULL, NULL), /* no mql: ignored */
    };
    struct ho_funnel_opts o = opts_all(false);
    struct ho_funnel f;
    ho_funnel_compute(rows, 5, &o, NULL, &f);
    assert_true(f.median_mql_sql_ms == 3 * DAY); /* median of {1d, 3d, 5d} */
    ho_funnel_release(&f);
}

static void
test_median_is_minus_one_when_no_mql_reached_sql(void **state)
{
    (void)state;
    struct ho_journey_row rows[] = {
        row(1, 0, 1, "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", NULL, NULL, NULL),
    };
    struct ho_funnel_opts o = opts_all(false);
    struct ho_funnel f;
    ho_funnel_compute(rows, 1, &o, NULL, &f);
    assert_true(f.median_mql_sql_ms == -1);
    ho_funnel_release(&f);
}

static void
test_cohort_younger_than_the_median_mql_sql_time_is_not_mature(void **state)
{
    (void)state;
    struct ho_journey_row rows[] = {
        row(1, 0, 1, "2025-01-01T00:00:00Z", NULL, "2025-01-02T00:00:00Z", NULL, NULL), /* 1d */
        row(2, 0, 1, "2025-01-01T00:00:00Z", NULL, "2025-01-04T00:00:00Z", NULL, NULL), /* 3d */
        row(3, 0, 1, "2025-01-01T00:00:00Z", NULL, "2025-01-06T00:00:00Z", NULL, NULL), /* 5d */
        row(4, 0, 1, "2025-02-01T00:00:00Z", NULL, "2025-02-04T00:00:00Z", NULL, NULL), /* 3d */
        row(5, 0, 1, "2026-03-01T00:00:00Z", NULL, NULL, NULL, NULL),
    };
    struct ho_funnel_opts o = opts_all(false);
    o.as_of = ms("2026-03-02T00:00:00Z");
    struct ho_funnel f;
    ho_funnel_compute(rows, 5, &o, NULL, &f);
    /* median of {1, 3, 5, 3} days is 3d.  2025-02 is over a year old: mature.
     * 2026-03 began 1 day before as_of (< 3d): not yet mature. */
    assert_int_equal(f.n, 3);
    assert_true(f.cohorts[1].mature);
    assert_false(f.cohorts[2].mature);
    ho_funnel_release(&f);
}

static void
test_whole_period_puts_every_journey_in_one_cohort(void **state)
{
    (void)state;
    struct ho_journey_row rows[] = {
        row(1, 0, 1, "2026-01-02T00:00:00Z", NULL, "2026-01-05T00:00:00Z", NULL, NULL),
        row(2, 0, 1, "2026-03-02T00:00:00Z", NULL, NULL, NULL, NULL),
    };
    struct ho_funnel_opts o = opts_all(false);
    o.whole_period = true;
    struct ho_funnel f;
    ho_funnel_compute(rows, 2, &o, NULL, &f);
    assert_true(f.whole_period);
    assert_int_equal(f.n, 1);
    assert_int_equal(f.cohorts[0].reached[HO_STAGE_MQL], 2);         /* January + March */
    assert_rate(ho_funnel_rate(&f.cohorts[0], HO_TR_MQL_SQL), 1, 2); /* row 1 reached sql */
    assert_true(f.cohorts[0].mature); /* header: whole period is always mature */
    ho_funnel_release(&f);
}

static void
test_no_journeys_give_no_cohorts(void **state)
{
    (void)state;
    struct ho_funnel_opts o = opts_all(false);
    struct ho_funnel f;
    ho_funnel_compute(NULL, 0, &o, NULL, &f);
    assert_int_equal(f.n, 0);
    assert_true(f.median_mql_sql_ms == -1);
    ho_funnel_release(&f);
}

/* ---- quarters --------------------------------------------------------- */

static void
test_quarterly_cohorts_hold_three_calendar_months(void **state)
{
    (void)state;
    struct ho_journey_row rows[] = {
        row(1, 0, 1, "2026-01-05T00:00:00Z", NULL, "2026-01-09T00:00:00Z", NULL, NULL),
        row(2, 0, 1, "2026-03-31T23:59:59Z", NULL, NULL, NULL, NULL),
        row(3, 0, 1, "2026-04-01T00:00:00Z", NULL, NULL, NULL, NULL),
        row(4, 0, 1, "2026-12-31T12:00:00Z", NULL, NULL, NULL, NULL),
        row(5, 0, 1, "2026-02-14T00:00:00Z", NULL, NULL, NULL, NULL),
    };
    struct ho_funnel_opts o = opts_all(false);
    o.period = HO_COHORT_QUARTER;
    struct ho_funnel f;
    ho_funnel_compute(rows, 5, &o, NULL, &f);
    /* Q1 (Jan-Mar): rows 1, 2 (last second of March), 5 = 3 MQLs, 1 SQL;
     * Q2: row 3 (first instant of April); Q4: row 4.  Q3 has no journey and
     * so no cohort.  Each cohort is keyed by the month index of its first
     * month. */
    assert_int_equal(f.period, HO_COHORT_QUARTER);
    assert_false(f.whole_period);
    assert_int_equal(f.n, 3);
    assert_int_equal(f.cohorts[0].month, month_of("2026-01-01T00:00:00Z"));
    assert_int_equal(f.cohorts[0].reached[HO_STAGE_MQL], 3);
    assert_rate(ho_funnel_rate(&f.cohorts[0], HO_TR_MQL_SQL), 1, 3);
    assert_int_equal(f.cohorts[1].month, month_of("2026-04-01T00:00:00Z"));
    assert_int_equal(f.cohorts[1].reached[HO_STAGE_MQL], 1);
    assert_int_equal(f.cohorts[2].month, month_of("2026-10-01T00:00:00Z"));
    assert_int_equal(f.cohorts[2].reached[HO_STAGE_MQL], 1);
    ho_funnel_release(&f);
}

static void
test_quarter_is_mature_once_its_end_plus_the_median_has_passed(void **state)
{
    (void)state;
    struct ho_journey_row rows[] = {
        /* MQL->SQL 4 days: the only measured time, so the median is 4 days */
        row(1, 0, 1, "2026-01-10T00:00:00Z", NULL, "2026-01-14T00:00:00Z", NULL, NULL),
        row(2, 0, 1, "2026-02-10T00:00:00Z", NULL, NULL, NULL, NULL),
    };
    struct ho_funnel_opts o = opts_all(false);
    o.period = HO_COHORT_QUARTER;
    /* Q1 ends 2026-04-01T00:00; + 4 days = 2026-04-05T00:00.  As of 04-04
     * it is young (with months it would be mature: February ended 03-01). */
    o.as_of = ms("2026-04-04T23:59:59Z");
    struct ho_funnel f;
    ho_funnel_compute(rows, 2, &o, NULL, &f);
    assert_int_equal(f.n, 1);
    assert_false(f.cohorts[0].mature);
    ho_funnel_release(&f);
    o.as_of = ms("2026-04-05T00:00:00Z"); /* end + median <= as_of: mature */
    ho_funnel_compute(rows, 2, &o, NULL, &f);
    assert_true(f.cohorts[0].mature);
    ho_funnel_release(&f);
}

static void
test_cohort_index_and_end_of_each_period(void **state)
{
    (void)state;
    int64_t t = ms("2026-08-15T10:00:00Z");
    /* month index = 2026 * 12 + 8 - 1 = 24319; its quarter (Jul-Sep) starts
     * at index 24318 (July) and ends on October 1st */
    assert_int_equal(ho_cohort_index(HO_COHORT_MONTH, t), 24319);
    assert_int_equal(ho_cohort_index(HO_COHORT_QUARTER, t), 24318);
    assert_int_equal(ho_cohort_index(HO_COHORT_ALL, t), 0);
    assert_true(ho_cohort_end(HO_COHORT_MONTH, 24319) == ms("2026-09-01T00:00:00Z"));
    assert_true(ho_cohort_end(HO_COHORT_QUARTER, 24318) == ms("2026-10-01T00:00:00Z"));
    assert_true(ho_cohort_end(HO_COHORT_ALL, 0) == INT64_MAX);
    /* December: index 2026 * 12 + 11 = 24323, quarter from October = 24321 */
    assert_int_equal(ho_cohort_index(HO_COHORT_QUARTER, ms("2026-12-31T23:59:59Z")), 24321);
    assert_true(ho_cohort_end(HO_COHORT_QUARTER, 24321) == ms("2027-01-01T00:00:00Z"));
}

static void
test_period_names_parse(void **state)
{
    (void)state;
    enum ho_cohort_period p = HO_COHORT_ALL;
    assert_true(ho_cohort_period_parse("month", &p));
    assert_int_equal(p, HO_COHORT_MONTH);
    assert_true(ho_cohort_period_parse("quarter", &p));
    assert_int_equal(p, HO_COHORT_QUARTER);
    assert_true(ho_cohort_period_parse("all", &p));
    assert_int_equal(p, HO_COHORT_ALL);
    assert_false(ho_cohort_period_parse("week", &p));
    assert_false(ho_cohort_period_parse("Quarter", &p));
}

static void
test_whole_period_flag_wins_over_the_period(void **state)
{
    (void)state;
    struct ho_journey_row rows[] = {
        row(1, 0, 1, "2026-01-02T00:00:00Z", NULL, NULL, NULL, NULL),
        row(2, 0, 1, "2026-07-02T00:00:00Z", NULL, NULL, NULL, NULL),
    };
    struct ho_funnel_opts o = opts_all(false);
    o.period = HO_COHORT_QUARTER;
    o.whole_period = true; /* header: the same as HO_COHORT_ALL */
    struct ho_funnel f;
    ho_funnel_compute(rows, 2, &o, NULL, &f);
    assert_int_equal(f.period, HO_COHORT_ALL);
    assert_int_equal(f.n, 1);
    assert_int_equal(f.cohorts[0].reached[HO_STAGE_MQL], 2);
    ho_funnel_release(&f);
}

/* ---- groups of any dimension ------------------------------------------- */

static void
test_keys_split_cohorts_by_any_dimension_instead_of_channel(void **state)
{
    (void)state;
    /* keys as a caller computes them for --by rep: 21 = "sam", 22 = "kim" */
    struct ho_journey_row rows[] = {
        row(1, 7, 1, "2026-01-02T00:00:00Z", NULL, "2026-01-05T00:00:00Z", NULL, NULL),
        row(2, 7, 1, "2026-01-03T00:00:00Z", NULL, NULL, NULL, NULL),
        row(3, 3, 1, "2026-01-04T00:00:00Z", "2026-01-05T00:00:00Z", NULL, NULL, NULL),
        row(4, 3, 1, "2026-02-04T00:00:00Z", NULL, NULL, NULL, NULL),
    };
    uint32_t keys[] = { 22, 21, 22, 21 };
    struct ho_funnel_opts o = opts_all(true); /* by_channel is ignored when keys are given */
    o.keys = keys;
    struct ho_funnel f;
    ho_funnel_compute(rows, 4, &o, NULL, &f);
    /* Jan/21: row 2; Jan/22: rows 1 (sql) and 3 (sal); Feb/21: row 4.  By key id. */
    assert_int_equal(f.n, 3);
    assert_int_equal(f.cohorts[0].month, month_of("2026-01-01T00:00:00Z"));
    assert_int_equal(f.cohorts[0].group, 21);
    assert_int_equal(f.cohorts[0].reached[HO_STAGE_MQL], 1);
    assert_int_equal(f.cohorts[1].group, 22);
    assert_int_equal(f.cohorts[1].reached[HO_STAGE_MQL], 2);
    assert_int_equal(f.cohorts[1].reached[HO_STAGE_SAL], 2); /* row 3, and row 1 skipped it */
    assert_rate(ho_funnel_rate(&f.cohorts[1], HO_TR_MQL_SQL), 1, 2);
    assert_int_equal(f.cohorts[2].month, month_of("2026-02-01T00:00:00Z"));
    assert_int_equal(f.cohorts[2].group, 21);
    assert_int_equal(f.cohorts[2].channel, 21); /* channel is the older name of group */
    ho_funnel_release(&f);
}

static void
test_every_journey_is_counted_with_more_than_a_thousand_groups(void **state)
{
    (void)state;
    /* 1200 journeys, each in a group of its own, in two months: 1200
     * cohorts (there used to be a silent cap at 511 cohort rows). */
    enum { N = 1200 };
    struct ho_journey_row *rows = ho_xcalloc(N, sizeof(*rows));
    uint32_t *keys = ho_xcalloc(N, sizeof(*keys));
    for (uint32_t i = 0; i < N; i++) {
        rows[i] = row(i + 1, 0, 1, i % 2 ? "2026-01-10T00:00:00Z" : "2026-02-10T00:00:00Z", NULL,
                      NULL, NULL, NULL);
        keys[i] = i + 1;
    }
    struct ho_funnel_opts o = opts_all(false);
    o.keys = keys;
    struct ho_funnel f;
    ho_funnel_compute(rows, N, &o, NULL, &f);
    assert_int_equal(f.n, N);
    uint64_t mqls = 0;
    for (size_t c = 0; c < f.n; c++)
        mqls += f.cohorts[c].reached[HO_STAGE_MQL];
    assert_int_equal(mqls, N);
    /* January first (600 odd rows), then February */
    assert_int_equal(f.cohorts[0].month, month_of("2026-01-01T00:00:00Z"));
    assert_int_equal(f.cohorts[N / 2].month, month_of("2026-02-01T00:00:00Z"));
    ho_funnel_release(&f);
    ho_xfree(keys);
    ho_xfree(rows);
}

/* A lead row with the report facts the dimensions read. */
static struct ho_journey_row
dim_row(struct ho_strtab *s, const char *employees, const char *campaign, const char *rep,
        int32_t criterion)
{
    struct ho_journey_row r = row(1, 0, 1, "2026-01-02T00:00:00Z", NULL, NULL, NULL, NULL);
    r.employees = employees ? ho_strtab_intern(s, employees, strlen(employees)) : 0;
    r.campaign = campaign ? ho_strtab_intern(s, campaign, strlen(campaign)) : 0;
    r.j.rep = rep ? ho_strtab_intern(s, rep, strlen(rep)) : 0;
    r.j.criterion = criterion;
    return r;
}

static const char *
key_name(const struct ho_strtab *s, uint32_t id)
{
    return ho_strtab_str(s, id);
}

static void
test_segments_sort_by_size_band_with_none_last(void **state)
{
    (void)state;
    struct ho_strtab *s = ho_strtab_new();
    struct ho_defs d;
    ho_defs_init(&d);
    /* employees 1200 -> 1000+, 120 -> 50-199, none -> (none), 12 -> 1-49,
     * 499 -> 200-499 */
    struct ho_journey_row rows[] = {
        dim_row(s, "1200", NULL, NULL, 0), dim_row(s, "120", NULL, NULL, 0),
        dim_row(s, NULL, NULL, NULL, 0),   dim_row(s, "12", NULL, NULL, 0),
        dim_row(s, "499", NULL, NULL, 0),
    };
    uint32_t *keys = ho_group_keys(&d, s, HO_DIM_SEGMENT, rows, 5);
    uint32_t *rank = ho_group_order(&d, s, HO_DIM_SEGMENT, keys, 5);
    assert_string_equal(key_name(s, keys[0]), "1000+");
    assert_string_equal(key_name(s, keys[2]), "(none)");
    /* band order 1-49 (row 3), 50-199 (row 1), 200-499 (row 4), 1000+ (row
     * 0), then (none) (row 2) */
    assert_int_equal(rank[keys[3]], 0);
    assert_int_equal(rank[keys[1]], 1);
    assert_int_equal(rank[keys[4]], 2);
    assert_int_equal(rank[keys[0]], 3);
    assert_int_equal(rank[keys[2]], 4);
    /* the funnel lists the groups in that order */
    struct ho_funnel_opts o = opts_all(false);
    o.keys = keys;
    struct ho_funnel f;
    ho_funnel_compute(rows, 5, &o, rank, &f);
    assert_int_equal(f.n, 5);
    assert_string_equal(key_name(s, f.cohorts[0].group), "1-49");
    assert_string_equal(key_name(s, f.cohorts[4].group), "(none)");
    ho_funnel_release(&f);
    ho_xfree(rank);
    ho_xfree(keys);
    ho_defs_release(&d);
    ho_strtab_free(s);
}

static void
test_campaigns_sort_by_name_and_rules_put_min_score_first(void **state)
{
    (void)state;
    struct ho_strtab *s = ho_strtab_new();
    struct ho_defs d;
    ho_defs_init(&d);
    struct ho_journey_row rows[] = {
        dim_row(s, NULL, "spring", NULL, HO_CRITERION_NONE),
        dim_row(s, NULL, NULL, NULL, HO_CRITERION_SCORE),
        dim_row(s, NULL, "autumn", NULL, HO_CRITERION_SCORE),
    };
    uint32_t *keys = ho_group_keys(&d, s, HO_DIM_CAMPAIGN, rows, 3);
    uint32_t *rank = ho_group_order(&d, s, HO_DIM_CAMPAIGN, keys, 3);
    /* A-Z: autumn, spring, then (none) */
    assert_int_equal(rank[keys[2]], 0);
    assert_int_equal(rank[keys[0]], 1);
    assert_int_equal(rank[keys[1]], 2);
    ho_xfree(rank);
    ho_xfree(keys);
    keys = ho_group_keys(&d, s, HO_DIM_RULE, rows, 3);
    rank = ho_group_order(&d, s, HO_DIM_RULE, keys, 3);
    /* rows 1 and 2 made the MQL by score, row 0 is sales-sourced: min_score
     * first, then (none) */
    assert_int_equal(keys[1], keys[2]);
    assert_string_equal(key_name(s, keys[1]), "min_score");
    assert_string_equal(key_name(s, keys[0]), "(none)");
    assert_int_equal(rank[keys[1]], 0);
    assert_int_equal(rank[keys[0]], 1);
    ho_xfree(rank);
    ho_xfree(keys);
    ho_defs_release(&d);
    ho_strtab_free(s);
}

static void
test_reps_sort_in_definitions_order_then_by_name(void **state)
{
    (void)state;
    struct ho_strtab *s = ho_strtab_new();
    struct ho_defs d;
    ho_defs_init(&d);
    d.n_reps = 2; /* the definitions list kim, then sam */
    d.reps = ho_xcalloc(2, sizeof(*d.reps));
    d.reps[0].id = ho_xstrdup("kim");
    d.reps[1].id = ho_xstrdup("sam");
    struct ho_journey_row rows[] = {
        dim_row(s, NULL, NULL, "sam", 0), dim_row(s, NULL, NULL, "zoe", 0),
        dim_row(s, NULL, NULL, "kim", 0), dim_row(s, NULL, NULL, NULL, 0),
        dim_row(s, NULL, NULL, "ada", 0),
    };
    uint32_t *keys = ho_group_keys(&d, s, HO_DIM_REP, rows, 5);
    uint32_t *rank = ho_group_order(&d, s, HO_DIM_REP, keys, 5);
    /* kim, sam (definitions order), then ada, zoe (A-Z), then (none) */
    assert_int_equal(rank[keys[2]], 0);
    assert_int_equal(rank[keys[0]], 1);
    assert_int_equal(rank[keys[4]], 2);
    assert_int_equal(rank[keys[1]], 3);
    assert_int_equal(rank[keys[3]], 4);
    ho_xfree(rank);
    ho_xfree(keys);
    ho_defs_release(&d);
    ho_strtab_free(s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_journeys_are_grouped_into_cohorts_by_month_of_their_mql),
        cmocka_unit_test(test_journey_is_counted_in_the_cohort_of_its_mql_not_of_later_stages),
        cmocka_unit_test(test_reached_counts_include_skipped_stages),
        cmocka_unit_test(test_journey_nurtured_after_sal_counts_up_to_sal),
        cmocka_unit_test(test_rates_are_numerator_over_denominator_of_reached_counts),
        cmocka_unit_test(test_lead_to_mql_rate_of_a_cohort_is_zero_over_zero),
        cmocka_unit_test(test_percentage_of_a_rate),
        cmocka_unit_test(test_zero_over_zero_has_no_percentage_and_tier_na),
        cmocka_unit_test(test_tier_below_5_percent_is_broken),
        cmocka_unit_test(test_tier_at_exactly_5_percent_is_misaligned),
        cmocka_unit_test(test_tier_at_exactly_13_percent_is_average),
        cmocka_unit_test(test_tier_from_25_to_40_percent_inclusive_is_good),
        cmocka_unit_test(test_tier_above_40_percent_is_best_in_class),
        cmocka_unit_test(test_tier_names),
        cmocka_unit_test(test_recycled_lead_is_counted_once_per_journey_in_each_cohort),
        cmocka_unit_test(test_by_channel_splits_each_month_by_channel_in_id_order),
        cmocka_unit_test(test_channel_order_ranks_channels_within_a_month),
        cmocka_unit_test(test_without_by_channel_all_channels_are_one_cohort),
        cmocka_unit_test(test_from_to_keeps_journeys_starting_in_the_half_open_range),
        cmocka_unit_test(test_sales_sourced_journey_belongs_to_the_month_of_its_first_stage),
        cmocka_unit_test(test_sales_sourced_journey_is_not_counted_as_an_mql),
        cmocka_unit_test(test_diagnosis_of_a_9_percent_mql_sql_cohort_names_the_healthy_floor),
        cmocka_unit_test(test_median_mql_to_sql_time_over_journeys_that_reached_sql_from_an_mql),
        cmocka_unit_test(test_median_is_minus_one_when_no_mql_reached_sql),
        cmocka_unit_test(test_cohort_younger_than_the_median_mql_sql_time_is_not_mature),
        cmocka_unit_test(test_whole_period_puts_every_journey_in_one_cohort),
        cmocka_unit_test(test_no_journeys_give_no_cohorts),
        cmocka_unit_test(test_quarterly_cohorts_hold_three_calendar_months),
        cmocka_unit_test(test_quarter_is_mature_once_its_end_plus_the_median_has_passed),
        cmocka_unit_test(test_cohort_index_and_end_of_each_period),
        cmocka_unit_test(test_period_names_parse),
        cmocka_unit_test(test_whole_period_flag_wins_over_the_period),
        cmocka_unit_test(test_keys_split_cohorts_by_any_dimension_instead_of_channel),
        cmocka_unit_test(test_every_journey_is_counted_with_more_than_a_thousand_groups),
        cmocka_unit_test(test_segments_sort_by_size_band_with_none_last),
        cmocka_unit_test(test_campaigns_sort_by_name_and_rules_put_min_score_first),
        cmocka_unit_test(test_reps_sort_in_definitions_order_then_by_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
