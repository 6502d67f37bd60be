/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/core/test_stage_times.c - time in stage, contact rate and MQL
 * aging (core/stage_times.h, DESIGN.md §5 report 5): a stay ends at the
 * entry of the journey's next stage, skipped stages have no stay, running
 * stays have no duration, nearest-rank median and p90, and aging at its
 * 24-hour boundary.  Every duration is worked out next to its assertion.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/strtab.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "core/defs.h"
#include "core/stage_times.h"

#define H     HO_MS_PER_HOUR
#define AGING (24 * H)
#define T0    1772445600000LL /* 2026-03-02T10:00:00Z */
#define NONE  HO_TIME_NONE

/* Stage slots of the result: mql, sal, sql, opportunity. */
enum { MQL, SAL, SQL, MEETING, OPP }; /* the slots of struct ho_stage_group */

/* A journey entering mql, sal, sql, opportunity, customer at T0 + the given
 * hours (negative: not entered), ending in outcome `end` at T0 + end_h
 * hours when end is nurture, disqualified or closed_lost. */
static struct ho_journey_row
journey(const double h[5], enum ho_stage end, double end_h)
{
    struct ho_journey_row r;
    memset(&r, 0, sizeof(r));
    for (int k = 0; k < HO_STAGE__COUNT; k++)
        r.j.entered[k] = NONE;
    r.j.first = HO_STAGE__COUNT;
    r.j.first_contact_at = r.j.contact_made_at = NONE;
    static const enum ho_stage st[] = { HO_STAGE_MQL, HO_STAGE_SAL, HO_STAGE_SQL,
                                        HO_STAGE_OPPORTUNITY, HO_STAGE_CUSTOMER };
    for (int k = 0; k < 5; k++) {
        enum ho_stage s = st[k];
        if (h[k] < 0)
            continue;
        r.j.entered[s] = T0 + (int64_t)(h[k] * (double)H);
        if (r.j.first == HO_STAGE__COUNT)
            r.j.first = s;
        r.j.furthest = s;
    }
    r.j.last = r.j.furthest;
    if (end == HO_STAGE_NURTURE || end == HO_STAGE_DISQUALIFIED || end == HO_STAGE_CLOSED_LOST) {
        r.j.entered[end] = T0 + (int64_t)(end_h * (double)H);
        r.j.last = end;
        r.j.closed = true;
    }
    r.j.criterion = r.j.entered[HO_STAGE_MQL] != NONE ? 0 : -1;
    return r;
}

struct fx {
    struct ho_defs defs;
    struct ho_strtab *s;
    struct ho_stage_times t;
};

static int
setup(void **state)
{
    struct fx *f = ho_xcalloc(1, sizeof(*f));
    ho_defs_init(&f->defs);
    f->s = ho_strtab_new();
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;
    ho_stage_times_release(&f->t);
    ho_strtab_free(f->s);
    ho_defs_release(&f->defs);
    ho_xfree(f);
    return 0;
}

static const struct ho_stage_group *
compute(struct fx *f, const struct ho_journey_row *rows, size_t n, int64_t from, int64_t to,
        int64_t at)
{
    struct ho_stage_times_opts o = {
        .by = HO_DIM_ALL, .from = from, .to = to, .at = at, .aging_ms = AGING
    };
    ho_stage_times_release(&f->t);
    ho_stage_times_compute(rows, n, &f->defs, f->s, &o, &f->t);
    assert_int_equal(f->t.n, 1);
    return &f->t.groups[0];
}

static void
test_each_stay_ends_at_the_entry_of_the_next_stage(void **state)
{
    struct fx *f = *state;
    static const double h[5] = { 0, 2, 26, 74, 314 };
    struct ho_journey_row r = journey(h, HO_STAGE_CUSTOMER, 0);
    const struct ho_stage_group *g = compute(f, &r, 1, INT64_MIN, INT64_MAX, T0 + 1000 * H);
    /* mql 0 -> sal 2 = 2 h; sal 2 -> sql 26 = 24 h; sql 26 -> opp 74 = 48 h;
     * opp 74 -> customer 314 = 240 h. */
    assert_int_equal(g->stages[MQL].median_ms, 2 * H);
    assert_int_equal(g->stages[SAL].median_ms, 24 * H);
    assert_int_equal(g->stages[SQL].median_ms, 48 * H);
    assert_int_equal(g->stages[OPP].median_ms, 240 * H);
    for (int k = 0; k < HO_STAGE_TIMES_N; k++) {
        assert_int_equal(g->stages[k].entered, k == MEETING ? 0 : 1); /* no meeting stage */
        assert_int_equal(g->stages[k].left, k == MEETING ? 0 : 1);
    }
    assert_int_equal(g->stages[OPP].stage, HO_STAGE_OPPORTUNITY);
}

static void
test_a_skipped_stage_has_no_stay_and_the_stage_before_lasts_until_the_next(void **state)
{
    struct fx *f = *state;
    static const double h[5] = { 0, -1, 5, -1, -1 };
    struct ho_journey_row r = journey(h, HO_STAGE_MQL, 0);
    const struct ho_stage_group *g = compute(f, &r, 1, INT64_MIN, INT64_MAX, T0 + 100 * H);
    /* mql -> sql directly: the mql stay is 5 h, sal has none; sql is running. */
    assert_int_equal(g->stages[MQL].median_ms, 5 * H);
    assert_int_equal(g->stages[SAL].entered, 0);
    assert_int_equal(g->stages[SAL].median_ms, -1);
    assert_int_equal(g->stages[SQL].entered, 1);
    assert_int_equal(g->stages[SQL].left, 0);
    assert_int_equal(g->stages[SQL].median_ms, -1);
}

static void
test_a_stage_left_for_an_outcome_ends_at_the_outcome(void **state)
{
    struct fx *f = *state;
    static const double h[5] = { 0, -1, -1, -1, -1 };
    struct ho_journey_row r = journey(h, HO_STAGE_NURTURE, 30);
    const struct ho_stage_group *g = compute(f, &r, 1, INT64_MIN, INT64_MAX, T0 + 100 * H);
    assert_int_equal(g->stages[MQL].left, 1);
    assert_int_equal(g->stages[MQL].median_ms, 30 * H);
    assert_int_equal(ho_stage_left_at(&r.j, HO_STAGE_MQL), T0 + 30 * H);
    assert_int_equal(ho_stage_left_at(&r.j, HO_STAGE_SAL), NONE);
}

static void
test_entries_at_the_same_time_follow_stage_order(void **state)
{
    struct fx *f = *state;
    static const double h[5] = { 0, -1, 10, 10, 20 };
    struct ho_journey_row r = journey(h, HO_STAGE_CUSTOMER, 0);
    const struct ho_stage_group *g = compute(f, &r, 1, INT64_MIN, INT64_MAX, T0 + 100 * H);
    /* sql and opportunity both at +10 h: sql lasts 0, opportunity 10 h. */
    assert_int_equal(g->stages[MQL].median_ms, 10 * H);
    assert_int_equal(g->stages[SQL].median_ms, 0);
    assert_int_equal(g->stages[OPP].median_ms, 10 * H);
}

static void
test_median_and_p90_are_nearest_rank_over_finished_stays(void **state)
{
    struct fx *f = *state;
    struct ho_journey_row rows[11];
    /* MQL stays of 1..10 hours, and one still running. */
    for (int i = 0; i < 10; i++) {
        double h[5] = { 0, i + 1, -1, -1, -1 };
        rows[i] = journey(h, HO_STAGE_MQL, 0);
    }
    static const double open[5] = { 0, -1, -1, -1, -1 };
    rows[10] = journey(open, HO_STAGE_MQL, 0);
    const struct ho_stage_group *g = compute(f, rows, 11, INT64_MIN, INT64_MAX, T0);
    /* 10 values: median rank ceil(0.5 * 10) = 5 -> 5 h; p90 rank 9 -> 9 h. */
    assert_int_equal(g->stages[MQL].entered, 11);
    assert_int_equal(g->stages[MQL].left, 10);
    assert_int_equal(g->stages[MQL].median_ms, 5 * H);
    assert_int_equal(g->stages[MQL].p90_ms, 9 * H);
}

static void
test_stays_count_in_the_period_they_began(void **state)
{
    struct fx *f = *state;
    static const double a[5] = { -48, 10, -1, -1, -1 }; /* mql 2 days before T0, sal at +10 h */
    struct ho_journey_row r = journey(a, HO_STAGE_MQL, 0);
    const struct ho_stage_group *g = compute(f, &r, 1, T0, T0 + 100 * H, T0);
    /* The mql stay began before the period; the sal stay began in it and runs. */
    assert_int_equal(g->stages[MQL].entered, 0);
    assert_int_equal(g->stages[SAL].entered, 1);
    assert_int_equal(g->mqls, 0);
}

static void
test_contact_rate_is_mqls_with_a_contact_made_over_mqls(void **state)
{
    struct fx *f = *state;
    static const double h[5] = { 0, -1, -1, -1, -1 };
    struct ho_journey_row rows[3] = { journey(h, HO_STAGE_MQL, 0), journey(h, HO_STAGE_MQL, 0),
                                      journey(h, HO_STAGE_MQL, 0) };
    rows[0].j.first_contact_at = T0 + H; /* an attempt only: no conversation */
    rows[1].j.contact_made_at = T0 + 2 * H;
    const struct ho_stage_group *g = compute(f, rows, 3, INT64_MIN, INT64_MAX, T0 + 3 * H);
    assert_int_equal(g->contact.num, 1);
    assert_int_equal(g->contact.den, 3);
}

static void
test_mql_aging_at_exactly_24_hours_is_not_aged_and_one_ms_more_is(void **state)
{
    struct fx *f = *state;
    static const double h[5] = { 0, -1, -1, -1, -1 };
    struct ho_journey_row rows[2] = { journey(h, HO_STAGE_MQL, 0), journey(h, HO_STAGE_MQL, 0) };
    rows[0].j.first_contact_at = T0 + AGING;
    rows[1].j.first_contact_at = T0 + AGING + 1;
    const struct ho_stage_group *g = compute(f, rows, 2, INT64_MIN, INT64_MAX, T0 + 100 * H);
    assert_int_equal(g->aged_late, 1);
    assert_int_equal(g->aged_untouched, 0);
    assert_int_equal(g->aged.num, 1);
    assert_int_equal(g->aged.den, 2);
}

static void
test_an_uncontacted_mql_ages_once_older_than_24_hours_at_the_given_time(void **state)
{
    struct fx *f = *state;
    static const double h[5] = { 0, -1, -1, -1, -1 };
    struct ho_journey_row r = journey(h, HO_STAGE_MQL, 0);
    const struct ho_stage_group *g = compute(f, &r, 1, INT64_MIN, INT64_MAX, T0 + AGING);
    assert_int_equal(g->waiting, 1);
    assert_int_equal(g->aged_untouched, 0);
    g = compute(f, &r, 1, INT64_MIN, INT64_MAX, T0 + AGING + 1);
    assert_int_equal(g->waiting, 0);
    assert_int_equal(g->aged_untouched, 1);
    assert_int_equal(g->aged.num, 1);
}

static void
test_a_contact_made_before_any_attempt_is_the_first_contact(void **state)
{
    struct fx *f = *state;
    static const double h[5] = { 0, -1, -1, -1, -1 };
    struct ho_journey_row r = journey(h, HO_STAGE_MQL, 0);
    r.j.contact_made_at = T0 + 2 * H;   /* an inbound call answered */
    r.j.first_contact_at = T0 + 30 * H; /* the first attempt, much later */
    const struct ho_stage_group *g = compute(f, &r, 1, INT64_MIN, INT64_MAX, T0 + 100 * H);
    assert_int_equal(g->aged.num, 0);
}

static void
test_a_sales_sourced_journey_has_no_mql_stay_and_is_not_an_mql(void **state)
{
    struct fx *f = *state;
    static const double h[5] = { -1, -1, 0, 24, -1 };
    struct ho_journey_row r = journey(h, HO_STAGE_MQL, 0);
    const struct ho_stage_group *g = compute(f, &r, 1, INT64_MIN, INT64_MAX, T0 + 100 * H);
    assert_int_equal(g->mqls, 0);
    assert_int_equal(g->contact.den, 0);
    assert_int_equal(g->stages[MQL].entered, 0);
    assert_int_equal(g->stages[SQL].median_ms, 24 * H);
}

static void
test_an_empty_period_has_no_durations_and_zero_over_zero_rates(void **state)
{
    struct fx *f = *state;
    static const double h[5] = { 0, 2, -1, -1, -1 };
    struct ho_journey_row r = journey(h, HO_STAGE_MQL, 0);
    const struct ho_stage_group *g = compute(f, &r, 1, T0 + 1000 * H, T0 + 2000 * H, T0 + 3000 * H);
    for (int k = 0; k < HO_STAGE_TIMES_N; k++) {
        assert_int_equal(g->stages[k].entered, 0);
        assert_int_equal(g->stages[k].median_ms, -1);
        assert_int_equal(g->stages[k].p90_ms, -1);
    }
    assert_int_equal(g->contact.den, 0);
    assert_int_equal(g->aged.den, 0);
}

static void
test_by_rep_gives_one_group_per_rep_and_leaves_empty_ones_out(void **state)
{
    struct fx *f = *state;
    static const double a[5] = { 0, 3, -1, -1, -1 }, b[5] = { 0, 7, -1, -1, -1 };
    struct ho_journey_row rows[3] = { journey(a, HO_STAGE_MQL, 0), journey(b, HO_STAGE_MQL, 0),
                                      journey(b, HO_STAGE_MQL, 0) };
    rows[0].j.rep = ho_strtab_intern(f->s, "sam", 3);
    rows[1].j.rep = ho_strtab_intern(f->s, "kim", 3);
    rows[2].j.rep = ho_strtab_intern(f->s, "lee", 3);
    rows[2].j.entered[HO_STAGE_MQL] = T0 - 1000 * H; /* outside the period */
    rows[2].j.entered[HO_STAGE_SAL] = T0 - 900 * H;
    struct ho_stage_times_opts o = {
        .by = HO_DIM_REP, .from = T0, .to = INT64_MAX, .at = T0, .aging_ms = AGING
    };
    ho_stage_times_compute(rows, 3, &f->defs, f->s, &o, &f->t);
    /* kim and sam, by name; lee has nothing in the period. */
    assert_int_equal(f->t.n, 2);
    assert_string_equal(ho_strtab_str(f->s, f->t.groups[0].key), "kim");
    assert_int_equal(f->t.groups[0].stages[MQL].median_ms, 7 * H);
    assert_string_equal(ho_strtab_str(f->s, f->t.groups[1].key), "sam");
    assert_int_equal(f->t.groups[1].stages[MQL].median_ms, 3 * H);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(test_each_stay_ends_at_the_entry_of_the_next_stage),
        T(test_a_skipped_stage_has_no_stay_and_the_stage_before_lasts_until_the_next),
        T(test_a_stage_left_for_an_outcome_ends_at_the_outcome),
        T(test_entries_at_the_same_time_follow_stage_order),
        T(test_median_and_p90_are_nearest_rank_over_finished_stays),
        T(test_stays_count_in_the_period_they_began),
        T(test_contact_rate_is_mqls_with_a_contact_made_over_mqls),
        T(test_mql_aging_at_exactly_24_hours_is_not_aged_and_one_ms_more_is),
        T(test_an_uncontacted_mql_ages_once_older_than_24_hours_at_the_given_time),
        T(test_a_contact_made_before_any_attempt_is_the_first_contact),
        T(test_a_sales_sourced_journey_has_no_mql_stay_and_is_not_an_mql),
        T(test_an_empty_period_has_no_durations_and_zero_over_zero_rates),
        T(test_by_rep_gives_one_group_per_rep_and_leaves_empty_ones_out),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
