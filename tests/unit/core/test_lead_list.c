/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/core/test_lead_list.c - the lead list's filter and order
 * (core/lead_list.h) on four hand-made leads:
 *
 *   lead          account   stage  fit+beh  channel  rep  mql_at  last_event
 *   b@x.io        x.io      mql    30+10    email    sam  300     300
 *   a@x.io        x.io      mql    40+0     web      -    100     400
 *   C@Y.io        Y.io      lead   5+0      email    -    none    200
 *   d@z.io        -         sal    20+0     web      kim  200     100
 *
 * with 0, 2, 0 and 1 journeys passing the journey conditions (as counted by
 * the caller).  The journey conditions are tried on two hand-made journeys:
 *
 *   J1  MQL 2026-03-31T23:59:59Z, SQL 2026-04-05 (SAL skipped): first mql,
 *       furthest sql; cohort 2026-03 (month index 2026*12+2 = 24314), 2026-Q1;
 *       reached mql, sal (skipped counts), sql; not opportunity.
 *   J2  sales-sourced: SQL 2026-04-01T00:00:00Z, opportunity 2026-04-20:
 *       first sql, furthest opportunity; cohort 2026-04, 2026-Q2; reached sql
 *       and opportunity, not mql (it never was an MQL, as in core/funnel.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/timefmt.h"
#include "core/calendar.h"
#include "core/lead_list.h"

#define NONE HO_TIME_NONE

static void
fill(struct ho_lead_item it[4])
{
    it[0] = (struct ho_lead_item){ "b@x.io", "x.io", "email", "sam", HO_STAGE_MQL,
                                   30,       10,     300,     300,   0 };
    it[1] = (struct ho_lead_item){ "a@x.io", "x.io", "web", "", HO_STAGE_MQL, 40, 0, 100, 400, 2 };
    it[2] =
        (struct ho_lead_item){ "C@Y.io", "Y.io", "email", "", HO_STAGE_LEAD, 5, 0, NONE, 200, 0 };
    it[3] = (struct ho_lead_item){ "d@z.io", "", "web", "kim", HO_STAGE_SAL, 20, 0, 200, 100, 1 };
}

/* The leads kept by f in order sort, joined by spaces. */
static const char *
listed(const struct ho_lead_filter *f, enum ho_lead_sort sort, char out[128])
{
    struct ho_lead_item it[4];
    fill(it);
    size_t n = ho_lead_list_select(it, 4, f, sort);
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && len < 128; i++)
        len += (size_t)snprintf(out + len, 128 - len, "%s%s", i ? " " : "", it[i].lead);
    return out;
}

static const struct ho_lead_filter any = { .mql_since = NONE };

static void
test_score_ties_break_on_the_lead_name(void **state)
{
    (void)state;
    char buf[128];
    assert_string_equal(listed(&any, HO_LEAD_SORT_SCORE, buf), "a@x.io b@x.io d@z.io C@Y.io");
}

static void
test_time_sorts_put_the_newest_first_and_no_mql_last(void **state)
{
    (void)state;
    char buf[128];
    assert_string_equal(listed(&any, HO_LEAD_SORT_MQL_AT, buf), "b@x.io d@z.io a@x.io C@Y.io");
    assert_string_equal(listed(&any, HO_LEAD_SORT_LAST_EVENT, buf), "a@x.io b@x.io C@Y.io d@z.io");
    assert_string_equal(listed(&any, HO_LEAD_SORT_LEAD, buf), "C@Y.io a@x.io b@x.io d@z.io");
}

static void
test_filters_combine_with_and(void **state)
{
    (void)state;
    char buf[128];
    struct ho_lead_filter f = { .has_stage = true, .stage = HO_STAGE_MQL, .mql_since = NONE };
    assert_string_equal(listed(&f, HO_LEAD_SORT_SCORE, buf), "a@x.io b@x.io");
    f.channel = "email";
    assert_string_equal(listed(&f, HO_LEAD_SORT_SCORE, buf), "b@x.io");
    f.rep = "kim";
    assert_string_equal(listed(&f, HO_LEAD_SORT_SCORE, buf), "");
}

static void
test_q_is_a_case_insensitive_substring_of_lead_or_account(void **state)
{
    (void)state;
    char buf[128];
    struct ho_lead_filter f = { .q = "y.IO", .mql_since = NONE };
    assert_string_equal(listed(&f, HO_LEAD_SORT_SCORE, buf), "C@Y.io");
    f.q = "X.io";
    assert_string_equal(listed(&f, HO_LEAD_SORT_SCORE, buf), "a@x.io b@x.io");
    f.q = "D@";
    assert_string_equal(listed(&f, HO_LEAD_SORT_SCORE, buf), "d@z.io");
}

static void
test_mql_since_and_score_above_are_bounds(void **state)
{
    (void)state;
    char buf[128];
    struct ho_lead_filter f = { .mql_since = 200 };
    assert_string_equal(listed(&f, HO_LEAD_SORT_SCORE, buf), "b@x.io d@z.io"); /* at 200 is in */
    f = (struct ho_lead_filter){ .mql_since = NONE, .has_score_above = true, .score_above = 20 };
    assert_string_equal(listed(&f, HO_LEAD_SORT_SCORE, buf), "a@x.io b@x.io"); /* 20 is not */
    f.account = "";
    assert_string_equal(listed(&f, HO_LEAD_SORT_SCORE, buf), "");
}

static void
test_sort_names_parse(void **state)
{
    (void)state;
    enum ho_lead_sort s;
    assert_true(ho_lead_sort_parse("mql_at", &s) && s == HO_LEAD_SORT_MQL_AT);
    assert_true(ho_lead_sort_parse("lead", &s) && s == HO_LEAD_SORT_LEAD);
    assert_false(ho_lead_sort_parse("Score", &s));
}

static int64_t
at(const char *text)
{
    int64_t t = 0;
    assert_int_equal(ho_time_parse(text, strlen(text), &t, NULL), HO_OK);
    return t;
}

static struct ho_journey
journey(enum ho_stage first, const char *t_first, enum ho_stage furthest, const char *t_furthest)
{
    struct ho_journey j;
    memset(&j, 0, sizeof(j));
    for (int s = 0; s < HO_STAGE__COUNT; s++)
        j.entered[s] = NONE;
    j.n = 1;
    j.first = first;
    j.furthest = furthest;
    j.last = furthest;
    j.entered[first] = at(t_first);
    j.entered[furthest] = at(t_furthest);
    return j;
}

#define BIT(s) (1u << (s))

static void
test_journey_conditions_mean_what_the_funnel_counts(void **state)
{
    (void)state;
    struct ho_journey j1 =
        journey(HO_STAGE_MQL, "2026-03-31T23:59:59Z", HO_STAGE_SQL, "2026-04-05T10:00:00Z");
    struct ho_journey j2 =
        journey(HO_STAGE_SQL, "2026-04-01T00:00:00Z", HO_STAGE_OPPORTUNITY, "2026-04-20T10:00:00Z");
    struct ho_journey_cond c = { .on = true, .has_cohort = true, .cohort = 24314 };
    assert_true(ho_journey_cond_matches(&j1, 0, 0, &c));  /* the MQL's month, not the SQL's */
    assert_false(ho_journey_cond_matches(&j2, 0, 0, &c)); /* its start is April */
    c.cohort = 24315;
    assert_false(ho_journey_cond_matches(&j1, 0, 0, &c));
    assert_true(ho_journey_cond_matches(&j2, 0, 0, &c));
    c = (struct ho_journey_cond){
        .on = true, .has_cohort = true, .period = HO_COHORT_QUARTER, .cohort = 24312
    }; /* 2026-Q1 starts at month 24312 */
    assert_true(ho_journey_cond_matches(&j1, 0, 0, &c));
    assert_false(ho_journey_cond_matches(&j2, 0, 0, &c));
    c = (struct ho_journey_cond){ .on = true, .reached = BIT(HO_STAGE_SAL) };
    assert_true(ho_journey_cond_matches(&j1, 0, 0, &c));  /* skipped: reached */
    assert_false(ho_journey_cond_matches(&j2, 0, 0, &c)); /* before it started: not */
    c.reached = BIT(HO_STAGE_MQL) | BIT(HO_STAGE_SQL);    /* the MQL->SQL numerator */
    assert_true(ho_journey_cond_matches(&j1, 0, 0, &c));
    assert_false(ho_journey_cond_matches(&j2, 0, 0, &c));
    c.reached = BIT(HO_STAGE_OPPORTUNITY);
    assert_false(ho_journey_cond_matches(&j1, 0, 0, &c));
    assert_true(ho_journey_cond_matches(&j2, 0, 0, &c));
    c = (struct ho_journey_cond){ .on = true, .has_group = true, .group = 7 };
    assert_true(ho_journey_cond_matches(&j1, 7, 0, &c));
    assert_false(ho_journey_cond_matches(&j1, 8, 0, &c));
    c = (struct ho_journey_cond){ .on = false, .has_group = true, .group = 7 };
    assert_true(ho_journey_cond_matches(&j1, 8, 0, &c)); /* off: not looked at */
}

static void
test_a_lead_passes_when_one_of_its_journeys_does(void **state)
{
    (void)state;
    char buf[128];
    struct ho_lead_filter f = { .mql_since = NONE, .jny = { .on = true } };
    assert_string_equal(listed(&f, HO_LEAD_SORT_LEAD, buf), "a@x.io d@z.io");
    f.channel = "web";
    f.rep = "kim";
    assert_string_equal(listed(&f, HO_LEAD_SORT_LEAD, buf), "d@z.io");
}

static void
test_cohorts_parse_as_the_funnel_names_them(void **state)
{
    (void)state;
    enum ho_cohort_period p;
    int64_t ci;
    assert_true(ho_cohort_parse("2026-03", &p, &ci));
    assert_true(p == HO_COHORT_MONTH && ci == 24314);
    assert_true(ho_cohort_parse("2026-Q2", &p, &ci));
    assert_true(p == HO_COHORT_QUARTER && ci == 24315); /* April */
    assert_true(ho_cohort_parse("all", &p, &ci) && p == HO_COHORT_ALL && ci == 0);
    static const char *const bad[] = { "2026-13", "2026-00", "2026-Q5",    "2026-Q0", "2026-3",
                                       "2026/03", "26-03-1", "2026-03-01", "",        "All" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_false(ho_cohort_parse(bad[i], &p, &ci));
}

static void
test_reached_parses_funnel_stages_only(void **state)
{
    (void)state;
    uint32_t m;
    assert_true(ho_reached_parse("mql,sql", &m));
    assert_int_equal(m, 2 + 8); /* mql is stage 1, sql stage 3 */
    assert_true(ho_reached_parse("customer", &m) && m == BIT(HO_STAGE_CUSTOMER));
    static const char *const bad[] = { "", "lead", "nurture", "mql,", ",mql", "mql,,sql", "MQL" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_false(ho_reached_parse(bad[i], &m));
}

static void
test_disposition_conditions_mean_what_the_audit_counts(void **state)
{
    (void)state;
    /* J3: MQL in January, nurtured 2026-02-28T23:59:59Z with reason 5 (closed);
     * J4: the same but still open (a journey in nurture that is not closed is
     * no disposition: core/dispositions.c is_disposition()). */
    struct ho_journey j3 =
        journey(HO_STAGE_MQL, "2026-01-10T10:00:00Z", HO_STAGE_MQL, "2026-01-10T10:00:00Z");
    j3.entered[HO_STAGE_NURTURE] = at("2026-02-28T23:59:59Z");
    j3.last = HO_STAGE_NURTURE;
    j3.closed = true;
    j3.reason = 5;
    struct ho_journey j4 = j3;
    j4.closed = false;
    struct ho_journey_cond c = { .on = true, .closed_as = BIT(HO_STAGE_NURTURE) };
    assert_true(ho_journey_cond_matches(&j3, 0, 0, &c));
    assert_false(ho_journey_cond_matches(&j4, 0, 0, &c));
    c.closed_as = BIT(HO_STAGE_DISQUALIFIED);
    assert_false(ho_journey_cond_matches(&j3, 0, 0, &c));
    c.closed_as |= BIT(HO_STAGE_NURTURE);
    c.has_closed_in = true;
    c.closed_month = 2026 * 12 + 1; /* February: the closing month, not the MQL's */
    assert_true(ho_journey_cond_matches(&j3, 0, 0, &c));
    c.closed_month = 2026 * 12 + 0;
    assert_false(ho_journey_cond_matches(&j3, 0, 0, &c));
    c = (struct ho_journey_cond){
        .on = true, .closed_as = BIT(HO_STAGE_NURTURE), .has_reason = true, .reason = 5
    };
    assert_true(ho_journey_cond_matches(&j3, 0, 0, &c));
    c.reason = 0; /* closed without a reason */
    assert_false(ho_journey_cond_matches(&j3, 0, 0, &c));
    c = (struct ho_journey_cond){
        .on = true, .closed_as = BIT(HO_STAGE_NURTURE), .has_category = true, .category = 9
    };
    assert_true(ho_journey_cond_matches(&j3, 0, 9, &c));
    assert_false(ho_journey_cond_matches(&j3, 0, 8, &c));
    uint32_t m;
    assert_true(ho_closed_as_parse("nurture,disqualified", &m));
    assert_int_equal(m, BIT(HO_STAGE_NURTURE) | BIT(HO_STAGE_DISQUALIFIED));
    assert_false(ho_closed_as_parse("closed_lost", &m));
    assert_false(ho_closed_as_parse("nurture,", &m));
    int64_t mi;
    assert_true(ho_month_parse("2026-02", &mi) && mi == 2026 * 12 + 1);
    assert_false(ho_month_parse("2026-Q1", &mi));
}

static void
test_speed_buckets_of_mql_journeys(void **state)
{
    (void)state;
    /* J1 (an MQL) first contacted 5 minutes after its MQL: bucket <=5m (the
     * bound is in it); 5 minutes and 1 ms: <=1h; never contacted: never.
     * J2 is sales-sourced (no MQL time): in no bucket, as report speed. */
    struct ho_journey j1 =
        journey(HO_STAGE_MQL, "2026-03-31T23:59:59Z", HO_STAGE_SQL, "2026-04-05T10:00:00Z");
    struct ho_journey j2 =
        journey(HO_STAGE_SQL, "2026-04-01T00:00:00Z", HO_STAGE_OPPORTUNITY, "2026-04-20T10:00:00Z");
    j1.first_contact_at = at("2026-04-01T00:04:59Z");
    j2.first_contact_at = at("2026-04-01T00:01:00Z");
    struct ho_journey_cond c = { .on = true, .has_speed = true, .speed = HO_SPEED_5MIN };
    assert_true(ho_journey_cond_matches(&j1, 0, 0, &c));
    assert_false(ho_journey_cond_matches(&j2, 0, 0, &c));
    j1.first_contact_at += 1;
    assert_false(ho_journey_cond_matches(&j1, 0, 0, &c));
    c.speed = HO_SPEED_1H;
    assert_true(ho_journey_cond_matches(&j1, 0, 0, &c));
    j1.first_contact_at = NONE;
    c.speed = HO_SPEED_NEVER;
    assert_true(ho_journey_cond_matches(&j1, 0, 0, &c));
    enum ho_speed_bucket b;
    assert_true(ho_speed_bucket_parse(">7d", &b) && b == HO_SPEED_LATER);
    assert_true(ho_speed_bucket_parse("never", &b) && b == HO_SPEED_NEVER);
    assert_false(ho_speed_bucket_parse("5m", &b));
}

/* SLA clocks of name 7, raw time, within 1 h (3 600 000 ms), started at
 * 0, as of now = 2 h:
 *   stopped at 30 min by an event (stop_event 5)   -> met (used 30 min)
 *   stopped at 90 min by an event                   -> breached (90 > 60 min)
 *   stopped at 30 min by the close (stop_event 0)   -> cancelled
 *   running                                         -> breached (2 h > 1 h)
 *   started at 90 min, running                      -> open (30 min used)
 *   name 8, stopped at 30 min by an event           -> another SLA: never */
static void
test_clock_conditions_mean_what_report_sla_counts(void **state)
{
    (void)state;
    const int64_t m = 60000;
    struct ho_clock_row k[6] = {
        { .name = 7, .stop_event = 5, .started = 0, .stopped = 30 * m },
        { .name = 7, .stop_event = 5, .started = 0, .stopped = 90 * m },
        { .name = 7, .stop_event = 0, .started = 0, .stopped = 30 * m },
        { .name = 7, .started = 0, .stopped = NONE },
        { .name = 7, .started = 90 * m, .stopped = NONE },
        { .name = 8, .stop_event = 5, .started = 0, .stopped = 30 * m },
    };
    for (size_t i = 0; i < 6; i++) {
        k[i].within_ms = 60 * m;
        k[i].raw = true;
    }
    struct ho_calendar cal;
    memset(&cal, 0, sizeof(cal));
    const int64_t now = 120 * m;
    static const enum ho_sla_status want[5] = { HO_SLA_MET, HO_SLA_BREACHED, HO_SLA_CANCELLED,
                                                HO_SLA_BREACHED, HO_SLA_OPEN };
    struct ho_clock_cond c = { .on = true, .name = 7 };
    for (int s = 0; s < HO_SLA__COUNT; s++) {
        c.statuses = 1u << s;
        for (size_t i = 0; i < 5; i++)
            assert_int_equal(ho_clock_cond_matches(&cal, &k[i], now, &c), (int)want[i] == s);
        assert_false(ho_clock_cond_matches(&cal, &k[5], now, &c));
    }
    c.statuses = 1u << HO_SLA_MET | 1u << HO_SLA_BREACHED; /* met_rate's denominator */
    assert_true(ho_clock_cond_matches(&cal, &k[0], now, &c));
    assert_true(ho_clock_cond_matches(&cal, &k[3], now, &c));
    assert_false(ho_clock_cond_matches(&cal, &k[2], now, &c));
    assert_false(ho_clock_cond_matches(&cal, &k[4], now, &c));
    c.statuses = 0; /* any status of name 7 */
    assert_true(ho_clock_cond_matches(&cal, &k[2], now, &c));
    assert_false(ho_clock_cond_matches(&cal, &k[5], now, &c));
    c.on = false;
    assert_true(ho_clock_cond_matches(&cal, &k[5], now, &c));
    uint32_t st;
    assert_true(ho_sla_status_parse("breached", &st) && st == 1u << HO_SLA_BREACHED);
    assert_true(ho_sla_status_parse("met,breached", &st) &&
                st == (1u << HO_SLA_MET | 1u << HO_SLA_BREACHED));
    assert_false(ho_sla_status_parse("late", &st));
    assert_false(ho_sla_status_parse("met,", &st));
    assert_false(ho_sla_status_parse("", &st));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_score_ties_break_on_the_lead_name),
        cmocka_unit_test(test_time_sorts_put_the_newest_first_and_no_mql_last),
        cmocka_unit_test(test_filters_combine_with_and),
        cmocka_unit_test(test_q_is_a_case_insensitive_substring_of_lead_or_account),
        cmocka_unit_test(test_mql_since_and_score_above_are_bounds),
        cmocka_unit_test(test_sort_names_parse),
        cmocka_unit_test(test_journey_conditions_mean_what_the_funnel_counts),
        cmocka_unit_test(test_a_lead_passes_when_one_of_its_journeys_does),
        cmocka_unit_test(test_cohorts_parse_as_the_funnel_names_them),
        cmocka_unit_test(test_reached_parses_funnel_stages_only),
        cmocka_unit_test(test_disposition_conditions_mean_what_the_audit_counts),
        cmocka_unit_test(test_speed_buckets_of_mql_journeys),
        cmocka_unit_test(test_clock_conditions_mean_what_report_sla_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
