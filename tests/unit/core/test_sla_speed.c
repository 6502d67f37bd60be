/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/core/test_sla_speed.c - SLA clock status at its boundaries,
 * percentiles and speed-to-lead buckets, on an undefined calendar (business
 * time == wall time) so every expected value is plain arithmetic.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/timefmt.h"
#include "base/xalloc.h"
#include "core/defs.h"
#include "core/sla.h"
#include "core/speed.h"

static const int64_t T0 = 1773151200000LL; /* 2026-03-10T14:00:00Z */

static struct ho_clock_row
clock_of(int64_t started, int64_t stopped, uint32_t stop_event, int64_t within)
{
    struct ho_clock_row c;
    memset(&c, 0, sizeof(c));
    c.started = started;
    c.stopped = stopped;
    c.stop_event = stop_event;
    c.within_ms = within;
    c.raw = true;
    return c;
}

static void
test_a_clock_stopped_exactly_at_its_limit_is_met(void **state)
{
    (void)state;
    struct ho_calendar cal = { 0 };
    struct ho_clock_row c = clock_of(T0, T0 + 5 * HO_MS_PER_MIN, 7, 5 * HO_MS_PER_MIN);
    struct ho_clock_eval e;
    ho_sla_eval(&cal, &c, T0 + HO_MS_PER_DAY, &e);
    assert_int_equal(e.status, HO_SLA_MET);
    assert_true(e.raw_ms == 5 * HO_MS_PER_MIN && e.left_ms == 0);
    assert_true(e.deadline == T0 + 5 * HO_MS_PER_MIN);
}

static void
test_a_clock_stopped_one_millisecond_late_is_breached(void **state)
{
    (void)state;
    struct ho_calendar cal = { 0 };
    struct ho_clock_row c = clock_of(T0, T0 + 5 * HO_MS_PER_MIN + 1, 7, 5 * HO_MS_PER_MIN);
    struct ho_clock_eval e;
    ho_sla_eval(&cal, &c, T0 + HO_MS_PER_DAY, &e);
    assert_int_equal(e.status, HO_SLA_BREACHED);
    assert_true(e.left_ms == -1);
}

static void
test_a_running_clock_is_open_until_its_deadline_then_breached(void **state)
{
    (void)state;
    struct ho_calendar cal = { 0 };
    struct ho_clock_row c = clock_of(T0, INT64_MIN, 0, HO_MS_PER_HOUR);
    struct ho_clock_eval e;
    ho_sla_eval(&cal, &c, T0 + 20 * HO_MS_PER_MIN, &e);
    assert_int_equal(e.status, HO_SLA_OPEN);
    assert_true(e.left_ms == 40 * HO_MS_PER_MIN); /* 60 - 20 minutes */
    ho_sla_eval(&cal, &c, T0 + HO_MS_PER_HOUR + 1, &e);
    assert_int_equal(e.status, HO_SLA_BREACHED);
}

static void
test_a_clock_whose_journey_ended_first_is_cancelled(void **state)
{
    (void)state;
    struct ho_calendar cal = { 0 };
    /* 1 h SLA, journey closed after 30 min, and exactly at the limit:
     * neither ran out, so both are cancelled. */
    struct ho_clock_row c = clock_of(T0, T0 + 30 * HO_MS_PER_MIN, 0, HO_MS_PER_HOUR);
    struct ho_clock_eval e;
    ho_sla_eval(&cal, &c, T0 + HO_MS_PER_DAY, &e);
    assert_int_equal(e.status, HO_SLA_CANCELLED);
    c.stopped = T0 + HO_MS_PER_HOUR;
    ho_sla_eval(&cal, &c, T0 + HO_MS_PER_DAY, &e);
    assert_int_equal(e.status, HO_SLA_CANCELLED);
}

static void
test_a_clock_closed_after_its_deadline_is_breached(void **state)
{
    (void)state;
    struct ho_calendar cal = { 0 };
    /* 1 h SLA, journey rejected after 2 h with no attempt: the deadline
     * passed 1 h before the close, so the rep missed it (left -1 h). */
    struct ho_clock_row c = clock_of(T0, T0 + 2 * HO_MS_PER_HOUR, 0, HO_MS_PER_HOUR);
    struct ho_clock_eval e;
    ho_sla_eval(&cal, &c, T0 + HO_MS_PER_DAY, &e);
    assert_int_equal(e.status, HO_SLA_BREACHED);
    assert_true(e.left_ms == -HO_MS_PER_HOUR);
}

static void
test_summaries_count_each_status_per_sla_name(void **state)
{
    (void)state;
    struct ho_calendar cal = { 0 };
    struct ho_clock_row c[] = {
        clock_of(T0, T0 + 1, 7, 10),               /* met */
        clock_of(T0, T0 + 11, 7, 10),              /* breached */
        clock_of(T0, INT64_MIN, 0, HO_MS_PER_DAY), /* open */
    };
    c[0].name = c[1].name = c[2].name = 3;
    c[1].rep = 9;
    struct ho_sla_summary *s;
    size_t n;
    ho_sla_summarise(&cal, c, 3, T0 + HO_MS_PER_MIN, HO_SLA_BY_ALL, &s, &n);
    assert_int_equal(n, 1);
    assert_int_equal(s[0].count[HO_SLA_MET], 1);
    assert_int_equal(s[0].count[HO_SLA_BREACHED], 1);
    assert_int_equal(s[0].count[HO_SLA_OPEN], 1);
    ho_xfree(s);
    ho_sla_summarise(&cal, c, 3, T0 + HO_MS_PER_MIN, HO_SLA_BY_REP, &s, &n);
    assert_int_equal(n, 2); /* rep 0 (met, open) and rep 9 (breached) */
    assert_int_equal(s[1].key, 9);
    assert_int_equal(s[1].count[HO_SLA_BREACHED], 1);
    ho_xfree(s);
}

static void
test_percentiles_use_the_nearest_rank(void **state)
{
    (void)state;
    const int64_t v[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
    assert_int_equal(ho_percentile(v, 10, 50), 5); /* rank ceil(5.0) = 5 */
    assert_int_equal(ho_percentile(v, 10, 90), 9); /* rank ceil(9.0) = 9 */
    assert_int_equal(ho_percentile(v, 9, 50), 5);  /* rank ceil(4.5) = 5 */
    assert_int_equal(ho_percentile(v, 1, 90), 1);
    assert_int_equal(ho_percentile(v, 0, 50), -1);
}

static struct ho_journey_row
mql_row(int64_t wait_ms, bool contacted, enum ho_stage furthest)
{
    struct ho_journey_row r;
    memset(&r, 0, sizeof(r));
    for (int s = 0; s < HO_STAGE__COUNT; s++)
        r.j.entered[s] = HO_TIME_NONE;
    r.j.first = HO_STAGE_MQL;
    r.j.furthest = furthest;
    r.j.entered[HO_STAGE_MQL] = T0;
    r.j.first_contact_at = contacted ? T0 + wait_ms : HO_TIME_NONE;
    return r;
}

static void
test_speed_buckets_include_their_upper_bound(void **state)
{
    (void)state;
    struct ho_calendar cal = { 0 };
    struct ho_journey_row rows[] = {
        mql_row(5 * HO_MS_PER_MIN, true, HO_STAGE_SQL),     /* <=5m, sql */
        mql_row(5 * HO_MS_PER_MIN + 1, true, HO_STAGE_MQL), /* <=1h */
        mql_row(HO_MS_PER_DAY, true, HO_STAGE_SQL),         /* <=24h, sql */
        mql_row(8 * HO_MS_PER_DAY, true, HO_STAGE_MQL),     /* >7d */
        mql_row(0, false, HO_STAGE_MQL),                    /* never */
    };
    struct ho_speed sp;
    ho_speed_compute(rows, 5, &cal, INT64_MIN, INT64_MAX, &sp);
    assert_int_equal(sp.bucket_sql[HO_SPEED_5MIN].den, 1);
    assert_int_equal(sp.bucket_sql[HO_SPEED_5MIN].num, 1);
    assert_int_equal(sp.bucket_sql[HO_SPEED_1H].den, 1);
    assert_int_equal(sp.bucket_sql[HO_SPEED_1H].num, 0);
    assert_int_equal(sp.bucket_sql[HO_SPEED_24H].num, 1);
    assert_int_equal(sp.bucket_sql[HO_SPEED_7D].den, 0);
    assert_int_equal(sp.bucket_sql[HO_SPEED_LATER].den, 1);
    assert_int_equal(sp.bucket_sql[HO_SPEED_NEVER].den, 1);
    /* waits 5m, 5m+1ms, 24h, 8d: nearest-rank median = 2nd = 5m + 1 ms */
    assert_int_equal(sp.all.contacted, 4);
    assert_true(sp.all.median_raw == 5 * HO_MS_PER_MIN + 1);
    assert_true(sp.all.median_business == sp.all.median_raw); /* undefined calendar */
    ho_speed_release(&sp);
}

static int
cmp64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static void
test_speed_percentiles_equal_those_of_a_full_sort(void **state)
{
    (void)state;
    struct ho_calendar cal = { 0 };
    enum { N = 1001 };
    static struct ho_journey_row rows[N];
    static int64_t waits[N];
    uint64_t x = 88172645463325252ULL; /* xorshift64: many duplicates and orders */
    for (size_t i = 0; i < N; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        waits[i] = (int64_t)(x % 5000) * 1000;
        rows[i] = mql_row(waits[i], true, HO_STAGE_MQL);
    }
    struct ho_speed sp;
    ho_speed_compute(rows, N, &cal, INT64_MIN, INT64_MAX, &sp);
    qsort(waits, N, sizeof(*waits), cmp64);
    assert_true(sp.all.median_raw == ho_percentile(waits, N, 50));
    assert_true(sp.all.p90_raw == ho_percentile(waits, N, 90));
    ho_speed_release(&sp);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_clock_stopped_exactly_at_its_limit_is_met),
        cmocka_unit_test(test_a_clock_stopped_one_millisecond_late_is_breached),
        cmocka_unit_test(test_a_running_clock_is_open_until_its_deadline_then_breached),
        cmocka_unit_test(test_a_clock_whose_journey_ended_first_is_cancelled),
        cmocka_unit_test(test_a_clock_closed_after_its_deadline_is_breached),
        cmocka_unit_test(test_summaries_count_each_status_per_sla_name),
        cmocka_unit_test(test_percentiles_use_the_nearest_rank),
        cmocka_unit_test(test_speed_buckets_include_their_upper_bound),
        cmocka_unit_test(test_speed_percentiles_equal_those_of_a_full_sort),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
