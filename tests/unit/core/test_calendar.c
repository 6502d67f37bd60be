/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/core/test_calendar.c - business time on a calendar: weekends,
 * holidays, clocks starting outside hours, month ends, the two DST days of
 * America/New_York in 2026, a UTC calendar, an undefined calendar, and
 * add_business as the inverse of business_ms.
 *
 * The time zone is built by hand from the published US rules (second Sunday
 * of March 02:00 EST -> EDT, first Sunday of November 02:00 EDT -> EST), so
 * these tests do not depend on the TZif reader.  Weekdays were looked up in
 * a calendar: 2026-01-16 is a Friday, 2026-03-08 and 2026-11-01 are Sundays.
 * EST is UTC-5, EDT is UTC-4.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/timefmt.h"
#include "core/calendar.h"
#include "core/defs.h"

#define H   HO_MS_PER_HOUR
#define MIN HO_MS_PER_MIN

static int64_t
ms(const char *rfc3339)
{
    int64_t t = 0;
    struct ho_diag d;
    ho_diag_clear(&d);
    assert_int_equal(ho_time_parse(rfc3339, strlen(rfc3339), &t, &d), HO_OK);
    return t;
}

/* America/New_York 2025-2027. */
static int64_t ny_at[7];
static int32_t ny_off[7];

static struct ho_tz
new_york(void)
{
    static const char *const when[] = { "2025-03-09T07:00:00Z", "2025-11-02T06:00:00Z",
                                        "2026-03-08T07:00:00Z", "2026-11-01T06:00:00Z",
                                        "2027-03-14T07:00:00Z", "2027-11-07T06:00:00Z" };
    ny_at[0] = INT64_MIN;
    ny_off[0] = -5 * 3600;
    for (size_t i = 0; i < 6; i++) {
        ny_at[i + 1] = ms(when[i]);
        ny_off[i + 1] = i % 2 == 0 ? -4 * 3600 : -5 * 3600;
    }
    struct ho_tz tz = { "America/New_York", ny_at, ny_off, 7 };
    return tz;
}

static int64_t holidays[2];

/* Mon-Fri 08:00-18:00 in New York, holidays 2026-12-25 and 2027-01-01. */
static struct ho_calendar
office(void)
{
    struct ho_calendar c;
    memset(&c, 0, sizeof(c));
    c.defined = true;
    c.tz = new_york();
    for (int d = 0; d < 5; d++) {
        c.open_min[d] = 8 * 60;
        c.close_min[d] = 18 * 60;
    }
    holidays[0] = ho_days_from_civil(2026, 12, 25);
    holidays[1] = ho_days_from_civil(2027, 1, 1);
    c.holidays = holidays;
    c.n_holidays = 2;
    return c;
}

/* Every day of the week open from open_h to close_h, New York. */
static struct ho_calendar
every_day(int open_min, int close_min)
{
    struct ho_calendar c = office();
    c.n_holidays = 0;
    for (int d = 0; d < 7; d++) {
        c.open_min[d] = open_min;
        c.close_min[d] = close_min;
    }
    return c;
}

/* ---- time zone -------------------------------------------------------------------- */

static void
test_offset_changes_exactly_at_each_transition(void **state)
{
    (void)state;
    struct ho_tz tz = new_york();
    int64_t spring = ms("2026-03-08T07:00:00Z");
    int64_t fall = ms("2026-11-01T06:00:00Z");
    assert_int_equal(ho_tz_offset(&tz, ms("2026-01-15T12:00:00Z")), -18000);
    assert_int_equal(ho_tz_offset(&tz, spring - 1), -18000);
    assert_int_equal(ho_tz_offset(&tz, spring), -14400);
    assert_int_equal(ho_tz_offset(&tz, ms("2026-07-15T12:00:00Z")), -14400);
    assert_int_equal(ho_tz_offset(&tz, fall - 1), -14400);
    assert_int_equal(ho_tz_offset(&tz, fall), -18000);
    assert_int_equal(ho_tz_offset(&tz, INT64_MIN), -18000);
    assert_int_equal(ho_tz_offset(&tz, INT64_MAX), -18000);
    struct ho_tz none = { NULL, NULL, NULL, 0 };
    assert_int_equal(ho_tz_offset(&none, 0), 0);
}

static void
test_local_day_is_the_date_on_the_wall_clock_not_in_utc(void **state)
{
    (void)state;
    struct ho_calendar c = office();
    /* 2026-01-17T03:00Z is 2026-01-16 22:00 EST: still Friday the 16th. */
    assert_int_equal(ho_calendar_local_day(&c, ms("2026-01-17T03:00:00Z")),
                     ho_days_from_civil(2026, 1, 16));
    /* 05:00Z is local midnight: the 17th begins. */
    assert_int_equal(ho_calendar_local_day(&c, ms("2026-01-17T05:00:00Z")),
                     ho_days_from_civil(2026, 1, 17));
    /* In July midnight is 04:00Z (EDT). */
    assert_int_equal(ho_calendar_local_day(&c, ms("2026-07-17T03:59:59.999Z")),
                     ho_days_from_civil(2026, 7, 16));
    assert_int_equal(ho_calendar_local_day(&c, ms("2026-07-17T04:00:00Z")),
                     ho_days_from_civil(2026, 7, 17));
    struct ho_calendar utc;
    memset(&utc, 0, sizeof(utc));
    assert_int_equal(ho_calendar_local_day(&utc, ms("2026-01-17T03:00:00Z")),
                     ho_days_from_civil(2026, 1, 17));
}

/* ---- weekends, holidays, starts outside hours ------------------------------------------- */

static void
test_friday_17h_plus_two_business_hours_is_monday_9h(void **state)
{
    (void)state;
    struct ho_calendar c = office();
    /* Fri 2026-01-16 17:00 EST = 22:00Z.  One hour is left on Friday (17-18);
     * Saturday and Sunday are closed; Monday 2026-01-19 opens at 08:00 EST =
     * 13:00Z and the second hour ends at 09:00 EST = 14:00Z. */
    int64_t from = ms("2026-01-16T22:00:00Z");
    int64_t deadline = ms("2026-01-19T14:00:00Z");
    assert_int_equal(ho_calendar_add_business(&c, from, 2 * H), deadline);
    assert_int_equal(ho_calendar_business_ms(&c, from, deadline), 2 * H);
    /* The whole weekend adds nothing: Fri 18:00 EST (23:00Z) to Mon 08:00
     * EST (13:00Z) is 0 business time. */
    assert_int_equal(
        ho_calendar_business_ms(&c, ms("2026-01-16T23:00:00Z"), ms("2026-01-19T13:00:00Z")), 0);
}

static void
test_holiday_is_skipped_like_a_weekend(void **state)
{
    (void)state;
    struct ho_calendar c = office();
    /* Thu 2026-12-24 17:00 EST = 22:00Z: one hour on Thursday; Friday the
     * 25th is a holiday; the weekend is closed; Mon 2026-12-28 08:00-09:00 EST
     * is the second hour, ending at 14:00Z. */
    assert_int_equal(ho_calendar_add_business(&c, ms("2026-12-24T22:00:00Z"), 2 * H),
                     ms("2026-12-28T14:00:00Z"));
    /* Same for New Year: Thu 2026-12-31 17:00 EST + 2 h, Fri 2027-01-01 is a
     * holiday: Mon 2027-01-04 09:00 EST = 14:00Z. */
    assert_int_equal(ho_calendar_add_business(&c, ms("2026-12-31T22:00:00Z"), 2 * H),
                     ms("2027-01-04T14:00:00Z"));
    /* The holiday itself counts nothing: Fri 2026-12-25 00:00-24:00 EST. */
    assert_int_equal(
        ho_calendar_business_ms(&c, ms("2026-12-25T05:00:00Z"), ms("2026-12-26T05:00:00Z")), 0);
    assert_false(ho_calendar_is_open(&c, ms("2026-12-25T15:00:00Z")));
}

static void
test_clock_starting_at_6h_counts_from_8h(void **state)
{
    (void)state;
    struct ho_calendar c = office();
    /* Tue 2026-01-13 06:00 EST = 11:00Z.  Business time starts at 08:00 EST
     * (13:00Z): to 10:30 EST (15:30Z) is 2 h 30 min, not 4 h 30 min. */
    int64_t from = ms("2026-01-13T11:00:00Z");
    assert_int_equal(ho_calendar_business_ms(&c, from, ms("2026-01-13T15:30:00Z")),
                     2 * H + 30 * MIN);
    /* One business hour after 06:00 is 09:00 EST = 14:00Z. */
    assert_int_equal(ho_calendar_add_business(&c, from, H), ms("2026-01-13T14:00:00Z"));
    /* Nothing counts before opening. */
    assert_int_equal(ho_calendar_business_ms(&c, from, ms("2026-01-13T13:00:00Z")), 0);
}

static void
test_clock_starting_on_saturday_starts_on_monday_at_opening(void **state)
{
    (void)state;
    struct ho_calendar c = office();
    /* Sat 2026-01-17 10:00 EST = 15:00Z.  Nothing counts until Mon 2026-01-19
     * 08:00 EST = 13:00Z; to 08:30 EST (13:30Z) that is 30 minutes. */
    int64_t from = ms("2026-01-17T15:00:00Z");
    assert_int_equal(ho_calendar_business_ms(&c, from, ms("2026-01-19T13:30:00Z")), 30 * MIN);
    assert_int_equal(ho_calendar_add_business(&c, from, 0), ms("2026-01-19T13:00:00Z"));
    assert_int_equal(ho_calendar_add_business(&c, from, 24 * H),
                     /* Mon 10 h + Tue 10 h + Wed 4 h: Wed 2026-01-21 12:00 EST = 17:00Z */
                     ms("2026-01-21T17:00:00Z"));
}

static void
test_clock_spanning_a_month_boundary(void **state)
{
    (void)state;
    struct ho_calendar c = office();
    /* Fri 2026-01-30 16:00 EST = 21:00Z: 2 h on Friday (16-18), then Mon
     * 2026-02-02 08:00-11:00 EST for the other 3: 11:00 EST = 16:00Z. */
    int64_t from = ms("2026-01-30T21:00:00Z");
    int64_t deadline = ms("2026-02-02T16:00:00Z");
    assert_int_equal(ho_calendar_add_business(&c, from, 5 * H), deadline);
    assert_int_equal(ho_calendar_business_ms(&c, from, deadline), 5 * H);
    /* The whole of February 2026 (20 weekdays, no holiday) is 200 h:
     * 2026-02-01 00:00 EST = 05:00Z to 2026-03-01 00:00 EST = 05:00Z. */
    assert_int_equal(
        ho_calendar_business_ms(&c, ms("2026-02-01T05:00:00Z"), ms("2026-03-01T05:00:00Z")),
        200 * H);
}

/* ---- daylight saving time ------------------------------------------------------------------ */

static void
test_spring_forward_day_has_ten_business_hours_and_skipped_hour_is_not_counted(void **state)
{
    (void)state;
    /* Sun 2026-03-08: local midnight is 05:00Z (EST); 02:00 EST jumps to
     * 03:00 EDT at 07:00Z; the next midnight is 04:00Z (EDT) on the 9th.
     * 08:00 EDT = 12:00Z and 18:00 EDT = 22:00Z: 10 hours. */
    struct ho_calendar c = every_day(8 * 60, 18 * 60);
    int64_t day_start = ms("2026-03-08T05:00:00Z");
    int64_t day_end = ms("2026-03-09T04:00:00Z");
    assert_int_equal(ho_calendar_business_ms(&c, day_start, day_end), 10 * H);
    assert_true(ho_calendar_is_open(&c, ms("2026-03-08T12:00:00Z")));
    assert_false(ho_calendar_is_open(&c, ms("2026-03-08T11:59:59.999Z")));
    assert_false(ho_calendar_is_open(&c, ms("2026-03-08T22:00:00Z")));
    /* 00:00-06:00 crosses the jump: 00:00 EST = 05:00Z to 06:00 EDT = 10:00Z
     * is 5 hours of real time. */
    c = every_day(0, 6 * 60);
    assert_int_equal(ho_calendar_business_ms(&c, day_start, day_end), 5 * H);
    /* Hours that open inside the jump open at the jump: 02:30-03:30 means
     * 07:00Z (03:00 EDT) to 03:30 EDT = 07:30Z, 30 minutes. */
    c = every_day(2 * 60 + 30, 3 * 60 + 30);
    assert_int_equal(ho_calendar_business_ms(&c, day_start, day_end), 30 * MIN);
    assert_int_equal(ho_calendar_add_business(&c, day_start, 0), ms("2026-03-08T07:00:00Z"));
}

static void
test_fall_back_day_has_ten_business_hours_and_repeated_hour_counts_twice(void **state)
{
    (void)state;
    /* Sun 2026-11-01: local midnight is 04:00Z (EDT); 02:00 EDT goes back to
     * 01:00 EST at 06:00Z; the next midnight is 05:00Z (EST) on the 2nd.
     * 08:00 EST = 13:00Z and 18:00 EST = 23:00Z: 10 hours. */
    struct ho_calendar c = every_day(8 * 60, 18 * 60);
    int64_t day_start = ms("2026-11-01T04:00:00Z");
    int64_t day_end = ms("2026-11-02T05:00:00Z");
    assert_int_equal(ho_calendar_business_ms(&c, day_start, day_end), 10 * H);
    /* 00:00 EDT = 04:00Z to 06:00 EST = 11:00Z is 7 hours of real time. */
    c = every_day(0, 6 * 60);
    assert_int_equal(ho_calendar_business_ms(&c, day_start, day_end), 7 * H);
    /* 01:30-02:30: 01:30 happens twice and means its first time, 01:30 EDT
     * = 05:30Z; 02:30 EST = 07:30Z: 2 hours elapse. */
    c = every_day(60 + 30, 2 * 60 + 30);
    assert_int_equal(ho_calendar_business_ms(&c, day_start, day_end), 2 * H);
}

static void
test_deadline_across_the_spring_forward_weekend(void **state)
{
    (void)state;
    struct ho_calendar c = office();
    /* Fri 2026-03-06 17:00 EST = 22:00Z: one hour on Friday; the clocks
     * change on Sunday; Mon 2026-03-09 opens at 08:00 EDT = 12:00Z and the
     * second hour ends at 09:00 EDT = 13:00Z.  Wall time elapsed is 63 h, one
     * less than the same weekend in January. */
    int64_t from = ms("2026-03-06T22:00:00Z");
    int64_t deadline = ms("2026-03-09T13:00:00Z");
    assert_int_equal(ho_calendar_add_business(&c, from, 2 * H), deadline);
    assert_int_equal(ho_calendar_business_ms(&c, from, deadline), 2 * H);
    assert_int_equal(deadline - from, 63 * H);
}

static void
test_deadline_across_the_fall_back_weekend(void **state)
{
    (void)state;
    struct ho_calendar c = office();
    /* Fri 2026-10-30 17:00 EDT = 21:00Z: one hour on Friday; Mon 2026-11-02
     * 08:00 EST = 13:00Z, second hour ends 09:00 EST = 14:00Z.  65 h of wall
     * time. */
    int64_t from = ms("2026-10-30T21:00:00Z");
    int64_t deadline = ms("2026-11-02T14:00:00Z");
    assert_int_equal(ho_calendar_add_business(&c, from, 2 * H), deadline);
    assert_int_equal(ho_calendar_business_ms(&c, from, deadline), 2 * H);
    assert_int_equal(deadline - from, 65 * H);
}

/* ---- other calendars ------------------------------------------------------------------------ */

static void
test_utc_calendar_has_hours_in_utc(void **state)
{
    (void)state;
    static int64_t at[1] = { INT64_MIN };
    static int32_t off[1] = { 0 };
    struct ho_calendar c;
    memset(&c, 0, sizeof(c));
    c.defined = true;
    c.tz = (struct ho_tz){ "UTC", at, off, 1 };
    for (int d = 0; d < 5; d++) {
        c.open_min[d] = 9 * 60;
        c.close_min[d] = 17 * 60;
    }
    /* Fri 2026-01-16 16:00Z: one hour on Friday, Mon 09:00-10:00Z. */
    assert_int_equal(ho_calendar_add_business(&c, ms("2026-01-16T16:00:00Z"), 2 * H),
                     ms("2026-01-19T10:00:00Z"));
    /* A whole week: 5 x 8 h. */
    assert_int_equal(
        ho_calendar_business_ms(&c, ms("2026-01-12T00:00:00Z"), ms("2026-01-19T00:00:00Z")),
        40 * H);
}

static void
test_undefined_calendar_counts_raw_time(void **state)
{
    (void)state;
    struct ho_calendar c;
    memset(&c, 0, sizeof(c));
    int64_t from = ms("2026-01-16T22:00:00Z"); /* a Friday evening: no matter */
    assert_int_equal(ho_calendar_business_ms(&c, from, from + 63 * H), 63 * H);
    assert_int_equal(ho_calendar_business_ms(&c, from, from - 1), 0);
    assert_int_equal(ho_calendar_add_business(&c, from, 5 * MIN), from + 5 * MIN);
    assert_int_equal(ho_calendar_add_business(&c, from, -7), from);
    assert_true(ho_calendar_is_open(&c, from));
    /* Saturating, never wrapping. */
    assert_int_equal(ho_calendar_business_ms(&c, INT64_MIN, INT64_MAX), INT64_MAX);
    assert_int_equal(ho_calendar_add_business(&c, INT64_MAX - 5, 10), INT64_MAX);
}

static void
test_add_business_zero_is_the_first_business_instant(void **state)
{
    (void)state;
    struct ho_calendar c = office();
    int64_t open = ms("2026-01-13T15:00:00Z"); /* Tue 10:00 EST: open */
    assert_int_equal(ho_calendar_add_business(&c, open, 0), open);
    /* Tue 18:00 EST (23:00Z) is closing time: the next opening is Wed 08:00
     * EST = 13:00Z. */
    assert_int_equal(ho_calendar_add_business(&c, ms("2026-01-13T23:00:00Z"), 0),
                     ms("2026-01-14T13:00:00Z"));
    /* Edges: open from 08:00:00.000 up to, not including, 18:00:00.000. */
    assert_true(ho_calendar_is_open(&c, ms("2026-01-13T13:00:00Z")));
    assert_false(ho_calendar_is_open(&c, ms("2026-01-13T12:59:59.999Z")));
    assert_true(ho_calendar_is_open(&c, ms("2026-01-13T22:59:59.999Z")));
    assert_false(ho_calendar_is_open(&c, ms("2026-01-13T23:00:00Z")));
}

static void
test_always_closed_calendar_never_reaches_a_deadline(void **state)
{
    (void)state;
    struct ho_calendar c = every_day(0, 0);
    int64_t from = ms("2026-01-13T15:00:00Z");
    /* Defined result: after HO_CALENDAR_MAX_CLOSED_DAYS closed days in a row
     * the walk gives up with INT64_MAX, "never". */
    assert_int_equal(ho_calendar_add_business(&c, from, MIN), INT64_MAX);
    assert_int_equal(ho_calendar_add_business(&c, from, 0), INT64_MAX);
    assert_int_equal(ho_calendar_business_ms(&c, from, from + 400 * HO_MS_PER_DAY), 0);
    assert_false(ho_calendar_is_open(&c, from));
}

static void
test_business_time_exists_only_from_1900_to_2199(void **state)
{
    (void)state;
    struct ho_calendar c = every_day(0, 24 * 60);
    /* 24 h a day, so business time is wall time inside the range... */
    assert_int_equal(
        ho_calendar_business_ms(&c, ms("2026-01-13T00:00:00Z"), ms("2026-01-14T00:00:00Z")),
        24 * H);
    /* ...and nothing outside it. */
    assert_int_equal(ho_calendar_business_ms(&c, HO_CALENDAR_MAX_MS, INT64_MAX), 0);
    assert_int_equal(ho_calendar_business_ms(&c, INT64_MIN, HO_CALENDAR_MIN_MS), 0);
    assert_false(ho_calendar_is_open(&c, HO_CALENDAR_MAX_MS));
    assert_int_equal(ho_calendar_add_business(&c, HO_CALENDAR_MAX_MS - H, 2 * H), INT64_MAX);
    assert_int_equal(ho_calendar_add_business(&c, INT64_MAX, 0), INT64_MAX);
    /* A clock started before 1900 starts counting where the range starts,
     * 1900-01-01T00:00Z (open: 24 h a day). */
    assert_int_equal(ho_calendar_add_business(&c, INT64_MIN, H), HO_CALENDAR_MIN_MS + H);
}

/* ---- independent checks ------------------------------------------------------------------------
 */

static uint64_t
lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 33;
}

/*
 * An oracle that shares nothing with the calendar's walk: step through
 * every UTC minute, read its wall-clock time with ho_tz_offset(), and count
 * the minute when that time falls within the day's hours.  It agrees with
 * business_ms whenever no opening hour falls in a repeated or skipped hour
 * (true of 08:00-18:00 in New York, whose clocks change at 02:00).
 */
static int64_t
minutes_open(const struct ho_calendar *c, int64_t from, int64_t to)
{
    int64_t n = 0;
    for (int64_t t = from; t < to; t += MIN) {
        int64_t local = t + (int64_t)ho_tz_offset(&c->tz, t) * 1000;
        int64_t day = ho_time_day(local);
        int64_t minute = (local - day * HO_MS_PER_DAY) / MIN;
        int wd = (int)(((day % 7) + 7 + 3) % 7); /* 1970-01-01 was a Thursday: Monday = 0 */
        bool holiday = false;
        for (size_t i = 0; i < c->n_holidays; i++)
            holiday = holiday || c->holidays[i] == day;
        if (!holiday && minute >= c->open_min[wd] && minute < c->close_min[wd])
            n++;
    }
    return n * MIN;
}

static void
test_business_time_matches_a_minute_by_minute_count(void **state)
{
    (void)state;
    struct ho_calendar c = office();
    uint64_t seed = 20260308;
    /* Starts spread over 2026-2027 (both DST changes and both holidays), on
     * whole minutes; spans up to 20 days. */
    int64_t base = ms("2026-01-01T00:00:00Z");
    for (int i = 0; i < 60; i++) {
        int64_t from = base + (int64_t)(lcg(&seed) % (730 * 1440)) * MIN;
        int64_t to = from + (int64_t)(lcg(&seed) % (20 * 1440)) * MIN;
        assert_int_equal(ho_calendar_business_ms(&c, from, to), minutes_open(&c, from, to));
    }
    /* Around each DST change and holiday on purpose. */
    static const char *const around[] = { "2026-03-05T00:00:00Z", "2026-10-29T00:00:00Z",
                                          "2026-12-23T00:00:00Z", "2026-12-30T00:00:00Z" };
    for (size_t i = 0; i < HO_ARRAY_LEN(around); i++) {
        int64_t from = ms(around[i]);
        assert_int_equal(ho_calendar_business_ms(&c, from, from + 7 * HO_MS_PER_DAY),
                         minutes_open(&c, from, from + 7 * HO_MS_PER_DAY));
    }
}

static void
test_add_business_is_the_inverse_of_business_ms(void **state)
{
    (void)state;
    struct ho_calendar c = office();
    uint64_t seed = 42;
    int64_t base = ms("2026-01-01T00:00:00Z");
    for (int i = 0; i < 500; i++) {
        int64_t from = base + (int64_t)(lcg(&seed) % ((int64_t)730 * HO_MS_PER_DAY / 1000)) * 1000 +
                       (int64_t)(lcg(&seed) % 1000);
        int64_t x = (int64_t)(lcg(&seed) % (int64_t)(60 * H)) + 1; /* 1 ms .. 60 h */
        int64_t t = ho_calendar_add_business(&c, from, x);
        /* x has elapsed at t, and not 1 ms earlier: t is the earliest. */
        assert_int_equal(ho_calendar_business_ms(&c, from, t), x);
        assert_int_equal(ho_calendar_business_ms(&c, from, t - 1), x - 1);
        assert_true(ho_calendar_is_open(&c, t - 1));
        /* The other way: an instant inside hours is found again from its
         * business time (unless it is an opening instant, which has the same
         * business time as the closing before it; 1 in ~10^8 here). */
        int64_t back = ho_calendar_add_business(&c, from, ho_calendar_business_ms(&c, from, t - 1));
        assert_int_equal(back, t - 1);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_offset_changes_exactly_at_each_transition),
        cmocka_unit_test(test_local_day_is_the_date_on_the_wall_clock_not_in_utc),
        cmocka_unit_test(test_friday_17h_plus_two_business_hours_is_monday_9h),
        cmocka_unit_test(test_holiday_is_skipped_like_a_weekend),
        cmocka_unit_test(test_clock_starting_at_6h_counts_from_8h),
        cmocka_unit_test(test_clock_starting_on_saturday_starts_on_monday_at_opening),
        cmocka_unit_test(test_clock_spanning_a_month_boundary),
        cmocka_unit_test(
            test_spring_forward_day_has_ten_business_hours_and_skipped_hour_is_not_counted),
        cmocka_unit_test(test_fall_back_day_has_ten_business_hours_and_repeated_hour_counts_twice),
        cmocka_unit_test(test_deadline_across_the_spring_forward_weekend),
        cmocka_unit_test(test_deadline_across_the_fall_back_weekend),
        cmocka_unit_test(test_utc_calendar_has_hours_in_utc),
        cmocka_unit_test(test_undefined_calendar_counts_raw_time),
        cmocka_unit_test(test_add_business_zero_is_the_first_business_instant),
        cmocka_unit_test(test_always_closed_calendar_never_reaches_a_deadline),
        cmocka_unit_test(test_business_time_exists_only_from_1900_to_2199),
        cmocka_unit_test(test_business_time_matches_a_minute_by_minute_count),
        cmocka_unit_test(test_add_business_is_the_inverse_of_business_ms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
