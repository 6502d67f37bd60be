/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/core/test_flow.c - the flow view (core/flow.h) against
 * DESIGN.md §5: "count of stage entries in the window over the count of
 * entries of the previous stage in the same window".  The window is
 * (end - length, end]; rates may exceed 100%; an empty window gives 0/0.
 * Journeys are built by hand; every count is worked out next to its
 * assertion.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>

#include "base/timefmt.h"
#include "core/flow.h"
#include "core/funnel.h"
#include "core/stage.h"

#define DAY HO_MS_PER_DAY

static int64_t
ms(const char *ts)
{
    int64_t v = 0;
    if (ho_time_parse(ts, strlen(ts), &v, NULL) != HO_OK)
        fail_msg("bad time literal '%s'", ts);
    return v;
}

/* A journey entering mql, sal, sql, opportunity, customer at the given
 * times (NULL = not entered). */
static struct ho_journey_row
row(uint32_t lead, uint32_t n, const char *mql, const char *sal, const char *sql, const char *opp,
    const char *cust)
{
    const char *t[] = { mql, sal, sql, opp, cust };
    static const enum ho_stage st[] = { HO_STAGE_MQL, HO_STAGE_SAL, HO_STAGE_SQL,
                                        HO_STAGE_OPPORTUNITY, HO_STAGE_CUSTOMER };
    struct ho_journey_row r;
    memset(&r, 0, sizeof(r));
    r.lead = lead;
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
    return r;
}

static void
assert_rate(struct ho_rate r, uint64_t num, uint64_t den)
{
    assert_int_equal(r.num, num);
    assert_int_equal(r.den, den);
}

/* The 30-day window ending 2026-04-01T00:00:00Z: (03-02T00:00, 04-01T00:00]. */
static struct ho_flow_opts
april_window(void)
{
    struct ho_flow_opts o;
    memset(&o, 0, sizeof(o));
    o.end_ms = ms("2026-04-01T00:00:00Z");
    o.window_ms = 30 * DAY;
    return o;
}

static void
test_window_holds_its_end_and_not_its_start(void **state)
{
    (void)state;
    struct ho_journey_row rows[] = {
        row(1, 1, "2026-03-02T00:00:00Z", NULL, NULL, NULL, NULL),     /* == start: out */
        row(2, 1, "2026-03-02T00:00:00.001Z", NULL, NULL, NULL, NULL), /* 1 ms later: in */
        row(3, 1, "2026-04-01T00:00:00Z", NULL, NULL, NULL, NULL),     /* == end: in */
        row(4, 1, "2026-04-01T00:00:00.001Z", NULL, NULL, NULL, NULL), /* after the end: out */
    };
    struct ho_flow_opts o = april_window();
    struct ho_flow f;
    assert_int_equal(ho_flow_compute(rows, 4, &o, &f, NULL), HO_OK);
    assert_true(f.from_ms == ms("2026-03-02T00:00:00Z")); /* 04-01 minus 30 days */
    assert_true(f.to_ms == ms("2026-04-01T00:00:00Z"));
    assert_int_equal(f.total.entries[HO_STAGE_MQL], 2); /* rows 2 and 3 */
    assert_int_equal(f.n, 0);                           /* not split: no groups */
    ho_flow_release(&f);
}

static void
test_entries_are_counted_per_stage_by_their_own_time(void **state)
{
    (void)state;
    struct ho_journey_row rows[] = {
        /* MQL in February (before the window); sal and sql in the window */
        row(1, 1, "2026-02-20T00:00:00Z", "2026-03-05T00:00:00Z", "2026-03-10T00:00:00Z", NULL,
            NULL),
        /* everything in the window */
        row(2, 1, "2026-03-03T00:00:00Z", "2026-03-04T00:00:00Z", "2026-03-06T00:00:00Z",
            "2026-03-20T00:00:00Z", "2026-03-30T00:00:00Z"),
        /* MQL in the window, sql after it */
        row(3, 1, "2026-03-25T00:00:00Z", NULL, "2026-04-02T00:00:00Z", NULL, NULL),
        /* mql -> sql, sal skipped: no sal entry */
        row(4, 1, "2026-03-11T00:00:00Z", NULL, "2026-03-12T00:00:00Z", NULL, NULL),
    };
    struct ho_flow_opts o = april_window();
    struct ho_flow f;
    assert_int_equal(ho_flow_compute(rows, 4, &o, &f, NULL), HO_OK);
    const uint64_t *e = f.total.entries;
    assert_int_equal(e[HO_STAGE_MQL], 3);         /* rows 2, 3, 4 (row 1: February) */
    assert_int_equal(e[HO_STAGE_SAL], 2);         /* rows 1, 2 (row 4 skipped sal) */
    assert_int_equal(e[HO_STAGE_SQL], 3);         /* rows 1, 2, 4 (row 3: April 2nd) */
    assert_int_equal(e[HO_STAGE_OPPORTUNITY], 1); /* row 2 */
    assert_int_equal(e[HO_STAGE_CUSTOMER], 1);    /* row 2 */
    /* rates: later stage's entries / earlier stage's entries */
    assert_rate(ho_flow_rate(&f.total, HO_TR_MQL_SAL), 2, 3);
    assert_rate(ho_flow_rate(&f.total, HO_TR_SAL_SQL), 3, 2); /* 150%: more than 100 */
    assert_rate(ho_flow_rate(&f.total, HO_TR_MQL_SQL), 3, 3);
    assert_rate(ho_flow_rate(&f.total, HO_TR_SQL_OPPORTUNITY), 1, 3);
    assert_rate(ho_flow_rate(&f.total, HO_TR_OPPORTUNITY_CUSTOMER), 1, 1);
    assert_float_equal(ho_rate_pct(ho_flow_rate(&f.total, HO_TR_SAL_SQL)), 150.0, 1e-9);
    ho_flow_release(&f);
}

static void
test_flow_rate_exceeds_100_percent_when_later_entries_come_from_older_mqls(void **state)
{
    (void)state;
    struct ho_journey_row rows[] = {
        /* three January MQLs qualified in March, one March MQL not yet */
        row(1, 1, "2026-01-10T00:00:00Z", NULL, "2026-03-10T00:00:00Z", NULL, NULL),
        row(2, 1, "2026-01-11T00:00:00Z", NULL, "2026-03-11T00:00:00Z", NULL, NULL),
        row(3, 1, "2026-01-12T00:00:00Z", NULL, "2026-03-12T00:00:00Z", NULL, NULL),
        row(4, 1, "2026-03-15T00:00:00Z", NULL, NULL, NULL, NULL),
    };
    struct ho_flow_opts o = april_window();
    struct ho_flow f;
    assert_int_equal(ho_flow_compute(rows, 4, &o, &f, NULL), HO_OK);
    /* 3 sql entries over 1 mql entry: 300% */
    assert_rate(ho_flow_rate(&f.total, HO_TR_MQL_SQL), 3, 1);
    assert_float_equal(ho_rate_pct(ho_flow_rate(&f.total, HO_TR_MQL_SQL)), 300.0, 1e-9);
    ho_flow_release(&f);
}

static void
test_empty_window_gives_zero_over_zero_rates(void **state)
{
    (void)state;
    struct ho_journey_row rows[] = {
        row(1, 1, "2026-01-10T00:00:00Z", NULL, "2026-01-20T00:00:00Z", NULL, NULL),
    };
    struct ho_flow_opts o = april_window();
    struct ho_flow f;
    assert_int_equal(ho_flow_compute(rows, 1, &o, &f, NULL), HO_OK);
    for (int s = 0; s < HO_STAGE__COUNT; s++)
        assert_int_equal(f.total.entries[s], 0);
    struct ho_rate r = ho_flow_rate(&f.total, HO_TR_MQL_SQL);
    assert_rate(r, 0, 0);
    assert_true(isnan(ho_rate_pct(r))); /* "n/a", never a division by zero */
    ho_flow_release(&f);
    /* no journeys at all */
    assert_int_equal(ho_flow_compute(NULL, 0, &o, &f, NULL), HO_OK);
    assert_rate(ho_flow_rate(&f.total, HO_TR_MQL_SAL), 0, 0);
    ho_flow_release(&f);
}

static void
test_lead_to_mql_flow_rate_is_zero_over_zero(void **state)
{
    (void)state;
    struct ho_journey_row rows[] = { row(1, 1, "2026-03-10T00:00:00Z", NULL, NULL, NULL, NULL) };
    struct ho_flow_opts o = april_window();
    struct ho_flow f;
    assert_int_equal(ho_flow_compute(rows, 1, &o, &f, NULL), HO_OK);
    /* header: leads have no entry in a journey */
    assert_rate(ho_flow_rate(&f.total, HO_TR_LEAD_MQL), 0, 0);
    ho_flow_release(&f);
}

static void
test_recycled_lead_adds_an_entry_per_journey(void **state)
{
    (void)state;
    struct ho_journey_row rows[] = {
        row(1, 1, "2026-03-03T00:00:00Z", "2026-03-04T00:00:00Z", NULL, NULL, NULL),
        row(1, 2, "2026-03-20T00:00:00Z", NULL, NULL, NULL, NULL),
    };
    struct ho_flow_opts o = april_window();
    struct ho_flow f;
    assert_int_equal(ho_flow_compute(rows, 2, &o, &f, NULL), HO_OK);
    assert_int_equal(f.total.entries[HO_STAGE_MQL], 2); /* one lead, two MQL entries */
    assert_rate(ho_flow_rate(&f.total, HO_TR_MQL_SAL), 1, 2);
    ho_flow_release(&f);
}

static void
test_groups_split_the_entries_and_sort_by_the_given_order(void **state)
{
    (void)state;
    struct ho_journey_row rows[] = {
        row(1, 1, "2026-03-03T00:00:00Z", NULL, "2026-03-05T00:00:00Z", NULL, NULL),
        row(2, 1, "2026-03-04T00:00:00Z", NULL, NULL, NULL, NULL),
        row(3, 1, "2026-03-05T00:00:00Z", "2026-03-06T00:00:00Z", NULL, NULL, NULL),
        row(4, 1, "2026-01-05T00:00:00Z", NULL, NULL, NULL, NULL), /* outside: no group 9 */
    };
    uint32_t keys[] = { 4, 6, 4, 9 };
    uint32_t order[10];
    for (int i = 0; i < 10; i++)
        order[i] = UINT32_MAX;
    order[6] = 0; /* group 6 first */
    order[4] = 1;
    order[9] = 2;
    struct ho_flow_opts o = april_window();
    o.keys = keys;
    o.group_order = order;
    struct ho_flow f;
    assert_int_equal(ho_flow_compute(rows, 4, &o, &f, NULL), HO_OK);
    /* group 6: row 2 (1 mql); group 4: rows 1 and 3 (2 mql, 1 sal, 1 sql);
     * group 9 has no entry in the window and is not listed */
    assert_int_equal(f.n, 2);
    assert_int_equal(f.groups[0].group, 6);
    assert_int_equal(f.groups[0].entries[HO_STAGE_MQL], 1);
    assert_int_equal(f.groups[1].group, 4);
    assert_int_equal(f.groups[1].entries[HO_STAGE_MQL], 2);
    assert_rate(ho_flow_rate(&f.groups[1], HO_TR_MQL_SQL), 1, 2);
    assert_rate(ho_flow_rate(&f.groups[0], HO_TR_MQL_SQL), 0, 1);
    /* the total is every group together: 3 mql, 1 sal, 1 sql */
    assert_int_equal(f.total.entries[HO_STAGE_MQL], 3);
    assert_int_equal(f.total.entries[HO_STAGE_SAL], 1);
    assert_int_equal(f.total.entries[HO_STAGE_SQL], 1);
    ho_flow_release(&f);
}

static void
test_groups_sort_by_key_without_an_order(void **state)
{
    (void)state;
    struct ho_journey_row rows[] = {
        row(1, 1, "2026-03-03T00:00:00Z", NULL, NULL, NULL, NULL),
        row(2, 1, "2026-03-04T00:00:00Z", NULL, NULL, NULL, NULL),
    };
    uint32_t keys[] = { 8, 2 };
    struct ho_flow_opts o = april_window();
    o.keys = keys;
    struct ho_flow f;
    assert_int_equal(ho_flow_compute(rows, 2, &o, &f, NULL), HO_OK);
    assert_int_equal(f.n, 2);
    assert_int_equal(f.groups[0].group, 2);
    assert_int_equal(f.groups[1].group, 8);
    ho_flow_release(&f);
}

static void
test_window_must_be_positive(void **state)
{
    (void)state;
    struct ho_flow_opts o = april_window();
    o.window_ms = 0;
    struct ho_flow f;
    struct ho_diag diag = { 0 };
    assert_int_equal(ho_flow_compute(NULL, 0, &o, &f, &diag), HO_EINVAL);
    assert_non_null(strstr(diag.msg, "window"));
    assert_int_equal(f.n, 0); /* header: always initialised */
    assert_null(f.groups);
    o.window_ms = -DAY;
    assert_int_equal(ho_flow_compute(NULL, 0, &o, &f, NULL), HO_EINVAL);
    o.window_ms = DAY;
    o.end_ms = INT64_MIN + 5; /* the start would underflow */
    assert_int_equal(ho_flow_compute(NULL, 0, &o, &f, NULL), HO_EINVAL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_window_holds_its_end_and_not_its_start),
        cmocka_unit_test(test_entries_are_counted_per_stage_by_their_own_time),
        cmocka_unit_test(
            test_flow_rate_exceeds_100_percent_when_later_entries_come_from_older_mqls),
        cmocka_unit_test(test_empty_window_gives_zero_over_zero_rates),
        cmocka_unit_test(test_lead_to_mql_flow_rate_is_zero_over_zero),
        cmocka_unit_test(test_recycled_lead_adds_an_entry_per_journey),
        cmocka_unit_test(test_groups_split_the_entries_and_sort_by_the_given_order),
        cmocka_unit_test(test_groups_sort_by_key_without_an_order),
        cmocka_unit_test(test_window_must_be_positive),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
