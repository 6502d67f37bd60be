/* SPDX-License-Identifier: MIT */
/*
 * core/calendar.h - business time on the definitions' calendar: a time zone
 * (as UTC-offset transitions, DST-correct), weekly opening hours and
 * holidays.  SLA clocks count business time unless an SLA says clock: raw.
 *
 * Pure: no I/O, no clock.  A calendar that is not `defined` counts every
 * millisecond (business time == raw time).
 */
#ifndef HO_CORE_CALENDAR_H
#define HO_CORE_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

struct ho_calendar;
struct ho_tz;

/* Seconds east of UTC in effect at instant t (ms since the epoch). */
int32_t ho_tz_offset(const struct ho_tz *tz, int64_t t);

/* The local calendar date of instant t, as days since 1970-01-01. */
int64_t ho_calendar_local_day(const struct ho_calendar *cal, int64_t t);

/* Business milliseconds in [from, to) (0 when to <= from). */
int64_t ho_calendar_business_ms(const struct ho_calendar *cal, int64_t from, int64_t to);

/* The instant at which `business_ms` of business time have elapsed since
 * `from` (the SLA deadline).  business_ms == 0 gives the first business
 * instant at or after from. */
int64_t ho_calendar_add_business(const struct ho_calendar *cal, int64_t from, int64_t business_ms);

/* Is instant t inside business hours? */
bool ho_calendar_is_open(const struct ho_calendar *cal, int64_t t);

#endif /* HO_CORE_CALENDAR_H */
