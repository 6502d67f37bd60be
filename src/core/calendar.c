/* SPDX-License-Identifier: MIT */
/*
 * core/calendar.c - business time on the definitions' calendar.
 *
 * Local time is UTC plus the offset in effect (ho_tz_offset).  Business time
 * is walked one local day at a time: a day's opening hours are local times,
 * each turned into an instant with local_to_utc(), so a day whose clocks
 * jump counts the real time that elapses between opening and closing (10 h
 * for 08:00-18:00 on the spring-forward day, 5 h for 00:00-06:00).
 *
 * Pure: no I/O, no clock, no allocation.
 */
#include "core/calendar.h"

#include <stddef.h>

#include "base/timefmt.h"
#include "core/defs.h"

/* Offsets are at most 26 h either way (defs/tzif.c refuses more), so every
 * instant that can show local time L lies within L -+ this window. */
#define OFFSET_WINDOW_MS (26 * HO_MS_PER_HOUR)
#define MINUTES_PER_DAY  1440

static int64_t
clamp(int64_t t, int64_t lo, int64_t hi)
{
    return t < lo ? lo : t > hi ? hi : t;
}

/* The interval of tz holding t: the last i with at[i] <= t (0 before at[0]). */
static size_t
tz_find(const struct ho_tz *tz, int64_t t)
{
    size_t lo = 0;
    size_t hi = tz->n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (tz->at[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

int32_t
ho_tz_offset(const struct ho_tz *tz, int64_t t)
{
    if (tz == NULL || tz->n == 0)
        return 0;
    return tz->offset_s[tz_find(tz, t)];
}

/*
 * The instant at which the wall clock shows local time L.  When L happens
 * twice (clocks go back) it is the first time; when it never happens (clocks
 * jump over it) it is the instant of the jump.  Monotonic in L, so a day's
 * opening hours always map to an ordered, possibly empty, interval.
 * L must be within the calendar's range (no overflow).
 */
static int64_t
local_to_utc(const struct ho_tz *tz, int64_t L)
{
    if (tz->n == 0)
        return L;
    for (size_t i = tz_find(tz, L - OFFSET_WINDOW_MS); i < tz->n; i++) {
        int64_t u = L - (int64_t)tz->offset_s[i] * HO_MS_PER_SEC;
        int64_t end = i + 1 < tz->n ? tz->at[i + 1] : INT64_MAX;
        if (u < tz->at[i])
            return tz->at[i]; /* L falls in the jump at at[i] */
        if (u < end)
            return u;
    }
    return L; /* not reached: the last interval never ends */
}

static int64_t
local_day(const struct ho_calendar *cal, int64_t t)
{
    int64_t off = cal->defined ? (int64_t)ho_tz_offset(&cal->tz, t) * HO_MS_PER_SEC : 0;
    return ho_time_day(clamp(t, INT64_MIN / 2, INT64_MAX / 2) + off);
}

int64_t
ho_calendar_local_day(const struct ho_calendar *cal, int64_t t)
{
    return local_day(cal, t);
}

int64_t
ho_calendar_day_start(const struct ho_calendar *cal, int64_t day)
{
    int64_t lo = HO_CALENDAR_MIN_MS / HO_MS_PER_DAY, hi = HO_CALENDAR_MAX_MS / HO_MS_PER_DAY;
    int64_t midnight = clamp(day, lo, hi) * HO_MS_PER_DAY;
    return cal->defined ? local_to_utc(&cal->tz, midnight) : midnight;
}

/* Weekday of a day since the epoch, 0 = Monday (1970-01-01 was a Thursday). */
static int
weekday_mon0(int64_t day)
{
    return (int)(((day % 7) + 7 + 3) % 7);
}

static bool
is_holiday(const struct ho_calendar *cal, int64_t day)
{
    size_t lo = 0;
    size_t hi = cal->n_holidays;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cal->holidays[mid] == day)
            return true;
        if (cal->holidays[mid] < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

/* The business interval [*open, *close) of local day `day`; false when the
 * day has none.  day must be within the calendar's range. */
static bool
day_hours(const struct ho_calendar *cal, int64_t day, int64_t *open, int64_t *close)
{
    int wd = weekday_mon0(day);
    int64_t o = clamp(cal->open_min[wd], 0, MINUTES_PER_DAY);
    int64_t c = clamp(cal->close_min[wd], 0, MINUTES_PER_DAY);
    if (o >= c || is_holiday(cal, day))
        return false;
    int64_t midnight = day * HO_MS_PER_DAY;
    *open = local_to_utc(&cal->tz, midnight + o * HO_MS_PER_MIN);
    *close = local_to_utc(&cal->tz, midnight + c * HO_MS_PER_MIN);
    return *open < *close;
}

static int64_t
sat_sub(int64_t a, int64_t b)
{
    int64_t r;
    return __builtin_sub_overflow(a, b, &r) ? INT64_MAX : r;
}

static int64_t
sat_add(int64_t a, int64_t b)
{
    int64_t r;
    return __builtin_add_overflow(a, b, &r) ? INT64_MAX : r;
}

int64_t
ho_calendar_business_ms(const struct ho_calendar *cal, int64_t from, int64_t to)
{
    if (to <= from)
        return 0;
    if (!cal->defined)
        return sat_sub(to, from);
    from = clamp(from, HO_CALENDAR_MIN_MS, HO_CALENDAR_MAX_MS);
    to = clamp(to, HO_CALENDAR_MIN_MS, HO_CALENDAR_MAX_MS);
    int64_t total = 0;
    /* One day of margin each side: a day's hours lie within that day's
     * local midnights, whatever the offsets. */
    int64_t last = local_day(cal, to) + 1;
    for (int64_t day = local_day(cal, from) - 1; day <= last; day++) {
        int64_t open;
        int64_t close;
        if (!day_hours(cal, day, &open, &close))
            continue;
        int64_t lo = open > from ? open : from;
        int64_t hi = close < to ? close : to;
        if (hi > lo)
            total += hi - lo;
    }
    return total;
}

int64_t
ho_calendar_add_business(const struct ho_calendar *cal, int64_t from, int64_t business_ms)
{
    int64_t left = business_ms > 0 ? business_ms : 0;
    if (!cal->defined)
        return sat_add(from, left);
    if (from >= HO_CALENDAR_MAX_MS)
        return INT64_MAX;
    int64_t cur = from > HO_CALENDAR_MIN_MS ? from : HO_CALENDAR_MIN_MS;
    int64_t last = local_day(cal, HO_CALENDAR_MAX_MS);
    int64_t closed_run = 0;
    for (int64_t day = local_day(cal, cur) - 1; day <= last; day++) {
        int64_t open;
        int64_t close;
        if (!day_hours(cal, day, &open, &close) || close <= cur) {
            if (++closed_run > HO_CALENDAR_MAX_CLOSED_DAYS)
                return INT64_MAX;
            continue;
        }
        closed_run = 0;
        int64_t start = open > cur ? open : cur;
        if (left <= close - start)
            return start + left < HO_CALENDAR_MAX_MS ? start + left : INT64_MAX;
        left -= close - start;
    }
    return INT64_MAX;
}

bool
ho_calendar_is_open(const struct ho_calendar *cal, int64_t t)
{
    if (!cal->defined)
        return true;
    if (t < HO_CALENDAR_MIN_MS || t >= HO_CALENDAR_MAX_MS)
        return false;
    int64_t day = local_day(cal, t);
    for (int64_t d = day - 1; d <= day + 1; d++) {
        int64_t open;
        int64_t close;
        if (day_hours(cal, d, &open, &close) && open <= t && t < close)
            return true;
    }
    return false;
}

int64_t
ho_calendar_working_day_ms(const struct ho_calendar *cal)
{
    if (!cal->defined)
        return HO_MS_PER_DAY;
    int64_t week_min = 0;
    int64_t days = 0;
    for (int wd = 0; wd < 7; wd++) {
        int64_t o = clamp(cal->open_min[wd], 0, MINUTES_PER_DAY);
        int64_t c = clamp(cal->close_min[wd], 0, MINUTES_PER_DAY);
        if (c > o) {
            week_min += c - o;
            days++;
        }
    }
    return days ? week_min * HO_MS_PER_MIN / days : 0;
}
