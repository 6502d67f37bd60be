/* SPDX-License-Identifier: MIT */
/*
 * core/calendar.h - business time on the definitions' calendar: a time zone
 * (as UTC-offset transitions, DST-correct), weekly opening hours and
 * holidays.  SLA clocks count business time unless an SLA says clock: raw.
 *
 * Pure: no I/O, no clock.  A calendar that is not `defined` counts every
 * millisecond (business time == raw time).
 *
 * Local time is UTC + ho_tz_offset().  Each local day's opening hours are
 * turned into instants with the offset in effect at those local times, so a
 * day on which the clocks change counts the real time between opening and
 * closing: 08:00-18:00 is 10 hours on the spring-forward and fall-back days
 * alike, 00:00-06:00 is 5 hours when the clocks skip 02:00-03:00 and 7 when
 * they repeat 01:00-02:00.  A local time that happens twice means its first
 * occurrence; one that never happens means the instant of the jump.
 *
 * Bounds, so that every walk is finite and nothing overflows: a defined
 * calendar has business hours only within [HO_CALENDAR_MIN_MS,
 * HO_CALENDAR_MAX_MS) (years 1900 to 2199); ho_calendar_add_business()
 * returns INT64_MAX ("never") when the deadline falls beyond that, or when
 * HO_CALENDAR_MAX_CLOSED_DAYS days in a row have no business hours (a
 * calendar that is always closed: its business clocks never run out).
 */
#ifndef HO_CORE_CALENDAR_H
#define HO_CORE_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

struct ho_calendar;
struct ho_tz;

#define HO_CALENDAR_MIN_MS          (-2208988800000LL) /* 1900-01-01T00:00:00Z */
#define HO_CALENDAR_MAX_MS          7258118400000LL    /* 2200-01-01T00:00:00Z */
#define HO_CALENDAR_MAX_CLOSED_DAYS 3660               /* ~10 years without opening hours */

/* Seconds east of UTC in effect at instant t (ms since the epoch); 0 for a
 * zone without transitions. */
int32_t ho_tz_offset(const struct ho_tz *tz, int64_t t);

/* The local calendar date of instant t, as days since 1970-01-01. */
int64_t ho_calendar_local_day(const struct ho_calendar *cal, int64_t t);

/* The first instant of local date `day` (days since 1970-01-01) in the
 * calendar's time zone (UTC when not defined); clamped to the calendar's
 * range. */
int64_t ho_calendar_day_start(const struct ho_calendar *cal, int64_t day);

/* Business milliseconds in [from, to) (0 when to <= from).  Undefined
 * calendar: to - from (INT64_MAX if that overflows). */
int64_t ho_calendar_business_ms(const struct ho_calendar *cal, int64_t from, int64_t to);

/* The instant at which `business_ms` of business time have elapsed since
 * `from` (the SLA deadline): for business_ms > 0 the earliest t with
 * ho_calendar_business_ms(cal, from, t) == business_ms; for 0 the first
 * business instant at or after from.  Negative counts as 0.
 * INT64_MAX when there is no such instant (see the bounds above).
 * Undefined calendar: from + business_ms (saturating). */
int64_t ho_calendar_add_business(const struct ho_calendar *cal, int64_t from, int64_t business_ms);

/* Business milliseconds of one working day, the unit of `d` on a business
 * clock: the calendar's weekly opening hours over the weekdays that have
 * any (Mon-Fri 08:00-18:00: 10 h; Mon-Thu 9 h and Fri 5 h: 8 h).  Holidays
 * are not working days, so they need no share.  Undefined calendar:
 * HO_MS_PER_DAY (business time is wall time); no opening hours at all: 0. */
int64_t ho_calendar_working_day_ms(const struct ho_calendar *cal);

/* Is instant t inside business hours? */
bool ho_calendar_is_open(const struct ho_calendar *cal, int64_t t);

#endif /* HO_CORE_CALENDAR_H */
