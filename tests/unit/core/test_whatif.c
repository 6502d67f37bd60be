/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/core/test_whatif.c - the what-if projection (core/whatif.h,
 * DESIGN.md §5 report 10): volumes from a start volume and stage rates,
 * before and after one rate changes by some points (clamped to 0..100), the
 * rates list of the planning mode, and the inputs measured from the last N
 * complete cohort months.  Every expected value is worked out by hand in a
 * comment.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/timefmt.h"
#include "core/stage.h"
#include "core/whatif.h"

#define EPS 1e-9

static int64_t
ms(const char *ts)
{
    int64_t v = 0;
    if (ho_time_parse(ts, strlen(ts), &v, NULL) != HO_OK)
        fail_msg("bad time literal '%s'", ts);
    return v;
}

/* The planning example: 10000 visitors, 2.3 / 31 / 13 / 25 / 26 %, deal 40000. */
static struct ho_whatif_input
planning_example(void)
{
    struct ho_whatif_input in;
    memset(&in, 0, sizeof(in));
    in.start = HO_WI_VISITORS;
    in.start_volume = 10000;
    const double pct[] = { 2.3, 31, 13, 25, 26 };
    for (int r = 0; r < HO_WI_RATE__COUNT; r++) {
        in.has_rate[r] = true;
        in.rate_pct[r] = pct[r];
    }
    in.has_deal = true;
    in.deal = 40000;
    return in;
}

static void
test_planning_example_projects_every_stage_keeping_fractions(void **state)
{
    (void)state;
    struct ho_whatif_input in = planning_example();
    struct ho_whatif_result res;
    assert_int_equal(ho_whatif_project(&in, false, HO_WI_MQL_SQL, 0, &res, NULL), HO_OK);
    const struct ho_whatif_projection *p = &res.before;
    /* 10000 x 2.3% = 230 leads x 31% = 71.3 MQLs x 13% = 9.269 SQLs x 25% =
     * 2.31725 opportunities x 26% = 0.602485 customers x 40000 = 24099.4 */
    assert_float_equal(p->volume[HO_WI_VISITORS], 10000.0, EPS);
    assert_float_equal(p->volume[HO_WI_LEADS], 230.0, EPS);
    assert_float_equal(p->volume[HO_WI_MQLS], 71.3, EPS);
    assert_float_equal(p->volume[HO_WI_SQLS], 9.269, EPS);
    assert_float_equal(p->volume[HO_WI_OPPORTUNITIES], 2.31725, EPS);
    assert_float_equal(p->volume[HO_WI_CUSTOMERS], 0.602485, EPS);
    assert_true(p->has_revenue);
    assert_float_equal(p->revenue, 24099.4, 1e-6);
    for (int k = 0; k < HO_WI_VOLUME__COUNT; k++)
        assert_true(p->has[k]);
    /* no change: after == before, difference 0, change inactive */
    assert_false(res.change.active);
    assert_float_equal(res.after.revenue, 24099.4, 1e-6);
    assert_float_equal(res.diff.volume[HO_WI_SQLS], 0.0, EPS);
}

static void
test_five_more_points_of_mql_sql_change_everything_after_it(void **state)
{
    (void)state;
    struct ho_whatif_input in = planning_example();
    struct ho_whatif_result res;
    assert_int_equal(ho_whatif_project(&in, true, HO_WI_MQL_SQL, 5, &res, NULL), HO_OK);
    assert_true(res.change.active);
    assert_true(res.change.has_before);
    assert_float_equal(res.change.before_pct, 13.0, EPS);
    assert_float_equal(res.change.after_pct, 18.0, EPS); /* 13 + 5 */
    assert_float_equal(res.change.applied_pts, 5.0, EPS);
    assert_false(res.change.clamped);
    /* before the MQL stage nothing moves: 230 leads, 71.3 MQLs */
    assert_float_equal(res.after.volume[HO_WI_LEADS], 230.0, EPS);
    assert_float_equal(res.after.volume[HO_WI_MQLS], 71.3, EPS);
    /* 71.3 x 18% = 12.834 SQLs x 25% = 3.2085 opps x 26% = 0.83421
     * customers x 40000 = 33368.4 */
    assert_float_equal(res.after.volume[HO_WI_SQLS], 12.834, EPS);
    assert_float_equal(res.after.volume[HO_WI_OPPORTUNITIES], 3.2085, EPS);
    assert_float_equal(res.after.volume[HO_WI_CUSTOMERS], 0.83421, EPS);
    assert_float_equal(res.after.revenue, 33368.4, 1e-6);
    /* differences: 12.834 - 9.269 = 3.565 SQLs; 3.2085 - 2.31725 = 0.89125;
     * 0.83421 - 0.602485 = 0.231725; 33368.4 - 24099.4 = 9269 */
    assert_float_equal(res.diff.volume[HO_WI_SQLS], 3.565, EPS);
    assert_float_equal(res.diff.volume[HO_WI_OPPORTUNITIES], 0.89125, EPS);
    assert_float_equal(res.diff.volume[HO_WI_CUSTOMERS], 0.231725, EPS);
    assert_float_equal(res.diff.revenue, 9269.0, 1e-6);
    assert_float_equal(res.diff.volume[HO_WI_MQLS], 0.0, EPS);
    /* the before projection is untouched */
    assert_float_equal(res.before.volume[HO_WI_SQLS], 9.269, EPS);
}

static void
test_changed_rate_is_clamped_to_0_and_100(void **state)
{
    (void)state;
    struct ho_whatif_input in = planning_example();
    in.rate_pct[HO_WI_SQL_OPPORTUNITY] = 98;
    struct ho_whatif_result res;
    assert_int_equal(ho_whatif_project(&in, true, HO_WI_SQL_OPPORTUNITY, 5, &res, NULL), HO_OK);
    /* 98 + 5 = 103 -> 100: every SQL becomes an opportunity, 2 points applied */
    assert_float_equal(res.change.after_pct, 100.0, EPS);
    assert_float_equal(res.change.applied_pts, 2.0, EPS);
    assert_true(res.change.clamped);
    assert_float_equal(res.after.volume[HO_WI_OPPORTUNITIES], 9.269, EPS); /* = the SQLs */
    in = planning_example(); /* back to 13 / 25 %: 24099.4 of revenue before */
    assert_int_equal(ho_whatif_project(&in, true, HO_WI_MQL_SQL, -20, &res, NULL), HO_OK);
    /* 13 - 20 = -7 -> 0: no SQLs, and nothing after them */
    assert_float_equal(res.change.after_pct, 0.0, EPS);
    assert_true(res.change.clamped);
    assert_float_equal(res.after.volume[HO_WI_SQLS], 0.0, EPS);
    assert_float_equal(res.after.volume[HO_WI_CUSTOMERS], 0.0, EPS);
    assert_float_equal(res.after.revenue, 0.0, EPS);
    assert_float_equal(res.diff.revenue, -24099.4, 1e-6);
}

static void
test_unknown_rate_leaves_every_later_volume_unknown(void **state)
{
    (void)state;
    struct ho_whatif_input in = planning_example();
    in.has_rate[HO_WI_SQL_OPPORTUNITY] = false; /* e.g. measured 0/0 */
    struct ho_whatif_result res;
    assert_int_equal(ho_whatif_project(&in, false, HO_WI_MQL_SQL, 0, &res, NULL), HO_OK);
    assert_true(res.before.has[HO_WI_SQLS]); /* 9.269, still known */
    assert_false(res.before.has[HO_WI_OPPORTUNITIES]);
    assert_false(res.before.has[HO_WI_CUSTOMERS]);
    assert_false(res.before.has_revenue);
    /* changing the unknown rate changes nothing and says so */
    assert_int_equal(ho_whatif_project(&in, true, HO_WI_SQL_OPPORTUNITY, 5, &res, NULL), HO_OK);
    assert_true(res.change.active);
    assert_false(res.change.has_before);
    assert_false(res.after.has[HO_WI_OPPORTUNITIES]);
}

static void
test_without_a_deal_there_is_no_revenue(void **state)
{
    (void)state;
    struct ho_whatif_input in = planning_example();
    in.has_deal = false;
    struct ho_whatif_result res;
    assert_int_equal(ho_whatif_project(&in, false, HO_WI_MQL_SQL, 0, &res, NULL), HO_OK);
    assert_true(res.before.has[HO_WI_CUSTOMERS]);
    assert_false(res.before.has_revenue);
    assert_false(res.diff.has_revenue);
}

static void
test_a_rate_before_the_start_cannot_be_changed(void **state)
{
    (void)state;
    struct ho_whatif_input in = planning_example();
    in.start = HO_WI_MQLS; /* measured inputs start at MQLs */
    in.start_volume = 100;
    struct ho_whatif_result res;
    struct ho_diag diag = { 0 };
    assert_int_equal(ho_whatif_project(&in, true, HO_WI_VISITOR_LEAD, 5, &res, &diag), HO_EINVAL);
    assert_non_null(strstr(diag.msg, "visitor_lead"));
    /* out is still filled, without the change: 100 x 13% = 13 SQLs */
    assert_false(res.change.active);
    assert_false(res.before.has[HO_WI_VISITORS]);
    assert_false(res.before.has[HO_WI_LEADS]);
    assert_float_equal(res.before.volume[HO_WI_SQLS], 13.0, EPS);
    assert_int_equal(ho_whatif_project(&in, true, HO_WI_LEAD_MQL, 5, &res, NULL), HO_EINVAL);
}

/* ---- the rates list ---------------------------------------------------- */

static void
test_rates_list_sets_each_named_rate(void **state)
{
    (void)state;
    struct ho_whatif_input in;
    memset(&in, 0, sizeof(in));
    assert_int_equal(ho_whatif_parse_rates("visitor_lead=2.3,lead_mql=31,mql_sql=13,"
                                           "sql_opportunity=25,opportunity_customer=26",
                                           &in, NULL),
                     HO_OK);
    assert_float_equal(in.rate_pct[HO_WI_VISITOR_LEAD], 2.3, EPS);
    assert_float_equal(in.rate_pct[HO_WI_LEAD_MQL], 31.0, EPS);
    assert_float_equal(in.rate_pct[HO_WI_MQL_SQL], 13.0, EPS);
    assert_float_equal(in.rate_pct[HO_WI_SQL_OPPORTUNITY], 25.0, EPS);
    assert_float_equal(in.rate_pct[HO_WI_OPPORTUNITY_CUSTOMER], 26.0, EPS);
    for (int r = 0; r < HO_WI_RATE__COUNT; r++)
        assert_true(in.has_rate[r]);
    memset(&in, 0, sizeof(in));
    assert_int_equal(ho_whatif_parse_rates("mql_sql=0,sql_opportunity=100", &in, NULL), HO_OK);
    assert_true(in.has_rate[HO_WI_MQL_SQL]); /* 0 and 100 are allowed */
    assert_false(in.has_rate[HO_WI_VISITOR_LEAD]);
}

static void
test_bad_rates_lists_are_refused_naming_the_item(void **state)
{
    (void)state;
    struct {
        const char *text, *says;
    } bad[] = {
        { "mql_sqll=13", "unknown rate 'mql_sqll'" },
        { "mql_sql", "write name=percent" },
        { "mql_sql=abc", "percentage from 0 to 100" },
        { "mql_sql=101", "percentage from 0 to 100" },
        { "mql_sql=-1", "percentage from 0 to 100" },
        { "mql_sql=13,mql_sql=14", "given twice" },
        { "mql_sql=13,", "write name=percent" }, /* an empty item */
        { "", "write name=percent" },
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct ho_whatif_input in;
        memset(&in, 0, sizeof(in));
        struct ho_diag diag = { 0 };
        assert_int_equal(ho_whatif_parse_rates(bad[i].text, &in, &diag), HO_EPARSE);
        if (!strstr(diag.msg, bad[i].says))
            fail_msg("'%s': message '%s' lacks '%s'", bad[i].text, diag.msg, bad[i].says);
    }
}

static void
test_rate_names(void **state)
{
    (void)state;
    enum ho_wi_rate r;
    assert_true(ho_wi_rate_parse("opportunity_customer", &r));
    assert_int_equal(r, HO_WI_OPPORTUNITY_CUSTOMER);
    assert_false(ho_wi_rate_parse("sql_opp", &r));
    assert_string_equal(ho_wi_rate_name(HO_WI_VISITOR_LEAD), "visitor_lead");
    assert_string_equal(ho_wi_volume_name(HO_WI_OPPORTUNITIES), "opportunities");
}

/* ---- measured inputs --------------------------------------------------- */

/* A journey entering mql..customer at the given times (NULL = not entered). */
static struct ho_journey_row
row(const char *mql, const char *sql, const char *opp, const char *cust, double amount)
{
    const char *t[] = { mql, NULL, sql, opp, cust };
    struct ho_journey_row r;
    memset(&r, 0, sizeof(r));
    for (int s = 0; s < HO_STAGE__COUNT; s++)
        r.j.entered[s] = HO_TIME_NONE;
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
    r.j.has_amount = amount > 0;
    r.j.amount = amount;
    return r;
}

static void
test_measured_inputs_come_from_the_last_complete_cohort_months(void **state)
{
    (void)state;
    struct ho_journey_row rows[] = {
        /* December: before the three months */
        row("2025-12-10T00:00:00Z", "2025-12-11T00:00:00Z", "2025-12-12T00:00:00Z",
            "2025-12-20T00:00:00Z", 99999),
        /* January: A won 30000, B sql, C mql, D opportunity lost */
        row("2026-01-05T00:00:00Z", "2026-01-06T00:00:00Z", "2026-01-07T00:00:00Z",
            "2026-02-01T00:00:00Z", 30000),
        row("2026-01-06T00:00:00Z", "2026-01-08T00:00:00Z", NULL, NULL, 0),
        row("2026-01-07T00:00:00Z", NULL, NULL, NULL, 0),
        row("2026-01-08T00:00:00Z", "2026-01-09T00:00:00Z", "2026-01-20T00:00:00Z", NULL, 0),
        /* February: E mql, F won 50000, G mql */
        row("2026-02-02T00:00:00Z", NULL, NULL, NULL, 0),
        row("2026-02-03T00:00:00Z", "2026-02-04T00:00:00Z", "2026-02-10T00:00:00Z",
            "2026-03-15T00:00:00Z", 50000),
        row("2026-02-04T00:00:00Z", NULL, NULL, NULL, 0),
        /* March: H mql, I sql, L won without an amount, J sales-sourced sql -> opp */
        row("2026-03-02T00:00:00Z", NULL, NULL, NULL, 0),
        row("2026-03-03T00:00:00Z", "2026-03-04T00:00:00Z", NULL, NULL, 0),
        row("2026-03-04T00:00:00Z", "2026-03-05T00:00:00Z", "2026-03-06T00:00:00Z",
            "2026-03-30T00:00:00Z", 0),
        row(NULL, "2026-03-10T00:00:00Z", "2026-03-12T00:00:00Z", NULL, 0),
        /* April: the month of as_of is not complete */
        row("2026-04-01T00:00:00Z", "2026-04-02T00:00:00Z", NULL, NULL, 0),
    };
    struct ho_whatif_input in;
    struct ho_whatif_measured m;
    assert_int_equal(ho_whatif_measure(rows, sizeof(rows) / sizeof(rows[0]),
                                       ms("2026-04-10T12:00:00Z"), 3, &in, &m, NULL),
                     HO_OK);
    /* cohorts January, February, March 2026 (month index 2026*12 = 24312) */
    assert_int_equal(m.first_month, 24312);
    assert_int_equal(m.months, 3);
    /* MQL journeys: A B C D + E F G + H I L = 10 (J was never an MQL) */
    assert_int_equal(m.mqls, 10);
    assert_int_equal(in.start, HO_WI_MQLS);
    assert_float_equal(in.start_volume, 10.0 / 3.0, EPS);
    /* mql_sql: A B D F I L reached sql = 6 / 10 */
    assert_int_equal(m.rate[HO_WI_MQL_SQL].num, 6);
    assert_int_equal(m.rate[HO_WI_MQL_SQL].den, 10);
    /* sql_opportunity: reached sql = A B D F I L J = 7, of which A D F L J
     * reached opportunity = 5 */
    assert_int_equal(m.rate[HO_WI_SQL_OPPORTUNITY].num, 5);
    assert_int_equal(m.rate[HO_WI_SQL_OPPORTUNITY].den, 7);
    /* opportunity_customer: A D F L J reached opportunity, A F L won = 3 / 5 */
    assert_int_equal(m.rate[HO_WI_OPPORTUNITY_CUSTOMER].num, 3);
    assert_int_equal(m.rate[HO_WI_OPPORTUNITY_CUSTOMER].den, 5);
    assert_false(in.has_rate[HO_WI_VISITOR_LEAD]);
    assert_float_equal(in.rate_pct[HO_WI_MQL_SQL], 60.0, EPS);
    /* average deal: A 30000 and F 50000 (L has no amount, December is out) */
    assert_int_equal(m.won_with_amount, 2);
    assert_float_equal(m.won_amount, 80000.0, EPS);
    assert_true(in.has_deal);
    assert_float_equal(in.deal, 40000.0, EPS);
    /* projection: 10/3 MQLs x 60% = 2 SQLs x 5/7 = 10/7 opps x 3/5 = 6/7
     * customers x 40000 = 240000/7 */
    struct ho_whatif_result res;
    assert_int_equal(ho_whatif_project(&in, true, HO_WI_MQL_SQL, 5, &res, NULL), HO_OK);
    assert_float_equal(res.before.volume[HO_WI_SQLS], 2.0, EPS);
    assert_float_equal(res.before.volume[HO_WI_OPPORTUNITIES], 10.0 / 7.0, EPS);
    assert_float_equal(res.before.volume[HO_WI_CUSTOMERS], 6.0 / 7.0, EPS);
    assert_float_equal(res.before.revenue, 240000.0 / 7.0, 1e-6);
    /* +5 points: 65% -> 10/3 x 0.65 = 13/6 SQLs x 5/7 = 65/42 x 3/5 = 13/14
     * customers x 40000 = 520000/14 */
    assert_float_equal(res.after.volume[HO_WI_SQLS], 13.0 / 6.0, EPS);
    assert_float_equal(res.after.volume[HO_WI_OPPORTUNITIES], 65.0 / 42.0, EPS);
    assert_float_equal(res.after.volume[HO_WI_CUSTOMERS], 13.0 / 14.0, EPS);
    assert_float_equal(res.after.revenue, 520000.0 / 14.0, 1e-6);
}

static void
test_one_month_is_the_month_before_as_of(void **state)
{
    (void)state;
    struct ho_journey_row rows[] = {
        row("2026-02-27T00:00:00Z", NULL, NULL, NULL, 0),
        row("2026-03-31T23:59:59Z", "2026-04-01T00:00:00Z", NULL, NULL, 0),
        row("2026-04-01T00:00:00Z", NULL, NULL, NULL, 0),
    };
    struct ho_whatif_input in;
    struct ho_whatif_measured m;
    assert_int_equal(ho_whatif_measure(rows, 3, ms("2026-04-01T00:00:00Z"), 1, &in, &m, NULL),
                     HO_OK);
    /* as_of is the first instant of April: March is the last complete month;
     * only row 2 (its SQL came in April, and still counts for its cohort) */
    assert_int_equal(m.first_month, 24314);
    assert_int_equal(m.mqls, 1);
    assert_int_equal(m.rate[HO_WI_MQL_SQL].num, 1);
    assert_float_equal(in.start_volume, 1.0, EPS);
}

static void
test_no_data_gives_zero_mqls_and_unknown_rates(void **state)
{
    (void)state;
    struct ho_whatif_input in;
    struct ho_whatif_measured m;
    assert_int_equal(ho_whatif_measure(NULL, 0, ms("2026-04-10T00:00:00Z"), 3, &in, &m, NULL),
                     HO_OK);
    assert_int_equal(m.mqls, 0);
    assert_float_equal(in.start_volume, 0.0, EPS);
    for (int r = 0; r < HO_WI_RATE__COUNT; r++)
        assert_false(in.has_rate[r]); /* every rate 0/0 */
    assert_false(in.has_deal);
    struct ho_whatif_result res;
    assert_int_equal(ho_whatif_project(&in, true, HO_WI_MQL_SQL, 5, &res, NULL), HO_OK);
    assert_true(res.before.has[HO_WI_MQLS]); /* 0 MQLs per month */
    assert_false(res.before.has[HO_WI_SQLS]);
    assert_false(res.after.has_revenue);
}

static void
test_months_must_be_1_to_1200(void **state)
{
    (void)state;
    struct ho_whatif_input in;
    struct ho_whatif_measured m;
    assert_int_equal(ho_whatif_measure(NULL, 0, 0, 0, &in, &m, NULL), HO_EINVAL);
    assert_int_equal(ho_whatif_measure(NULL, 0, 0, 1201, &in, &m, NULL), HO_EINVAL);
    assert_int_equal(in.start, HO_WI_MQLS); /* always filled */
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_planning_example_projects_every_stage_keeping_fractions),
        cmocka_unit_test(test_five_more_points_of_mql_sql_change_everything_after_it),
        cmocka_unit_test(test_changed_rate_is_clamped_to_0_and_100),
        cmocka_unit_test(test_unknown_rate_leaves_every_later_volume_unknown),
        cmocka_unit_test(test_without_a_deal_there_is_no_revenue),
        cmocka_unit_test(test_a_rate_before_the_start_cannot_be_changed),
        cmocka_unit_test(test_rates_list_sets_each_named_rate),
        cmocka_unit_test(test_bad_rates_lists_are_refused_naming_the_item),
        cmocka_unit_test(test_rate_names),
        cmocka_unit_test(test_measured_inputs_come_from_the_last_complete_cohort_months),
        cmocka_unit_test(test_one_month_is_the_month_before_as_of),
        cmocka_unit_test(test_no_data_gives_zero_mqls_and_unknown_rates),
        cmocka_unit_test(test_months_must_be_1_to_1200),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
