/* SPDX-License-Identifier: MIT */
/*
 * base/timefmt.h - RFC 3339 timestamps, calendar dates and durations.
 *
 * Times are int64 milliseconds since 1970-01-01T00:00:00Z (UTC).  All
 * functions are pure: no clock, no locale, no time zone database.
 */
#ifndef HO_BASE_TIMEFMT_H
#define HO_BASE_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

#include "base/rc.h"

#define HO_MS_PER_SEC  1000LL
#define HO_MS_PER_MIN  (60LL * HO_MS_PER_SEC)
#define HO_MS_PER_HOUR (60LL * HO_MS_PER_MIN)
#define HO_MS_PER_DAY  (24LL * HO_MS_PER_HOUR)

/* Enough for "YYYY-MM-DDTHH:MM:SS.mmmZ" with any int64 year, and a NUL. */
#define HO_TIME_STRLEN 64

/*
 * Parse an RFC 3339 date-time ("2026-03-02T14:05:09Z", fractional seconds
 * and a numeric offset allowed; 't' or a space may separate date and time)
 * or a plain date ("2026-03-02", meaning midnight UTC).  Years 1970-9999.
 * Fractions beyond milliseconds are truncated.
 * Returns HO_OK or HO_EPARSE (with a message naming what is wrong).
 */
HO_MUST_CHECK ho_rc ho_time_parse(const char *s, size_t len, int64_t *out_ms, struct ho_diag *diag);

/* Parse a plain date "YYYY-MM-DD" into days since 1970-01-01. */
HO_MUST_CHECK ho_rc ho_date_parse(const char *s, size_t len, int64_t *out_days,
                                  struct ho_diag *diag);

/* Format as "YYYY-MM-DDTHH:MM:SSZ", with ".mmm" only when ms is not whole.
 * Returns out. */
char *ho_time_format(int64_t ms, char out[HO_TIME_STRLEN]);

/* Format the UTC calendar month of ms as "YYYY-MM". */
char *ho_time_format_month(int64_t ms, char out[HO_TIME_STRLEN]);

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
int64_t ho_days_from_civil(int64_t y, unsigned m, unsigned d);
void ho_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);

/* Floor division of ms by a day, correct for negative values. */
int64_t ho_time_day(int64_t ms);

/* Months since year 0 (y * 12 + m - 1) of the UTC month that holds ms. */
int64_t ho_time_month_index(int64_t ms);
/* The first millisecond of month index mi. */
int64_t ho_month_index_start(int64_t mi);

/*
 * Parse a duration: a non-negative integer followed by a unit: ms, s, m
 * (minutes), h, d, w; e.g. "30d", "5m", "24h".  Returns HO_EPARSE otherwise.
 */
HO_MUST_CHECK ho_rc ho_duration_parse(const char *s, size_t len, int64_t *out_ms,
                                      struct ho_diag *diag);

/* Format a duration compactly ("3d 4h", "5m 2s", "0s"). */
char *ho_duration_format(int64_t ms, char out[HO_TIME_STRLEN]);

/* Format business time in business hours and working days of `day_ms`
 * business ms each: "24 business hours = 2.4 working days", "50 business
 * hours = 5 working days", "10.2 business hours = 1.0 working days",
 * "30 business minutes = 0.1 working days".  Whole values print without
 * decimals, others with one.  day_ms <= 0: the hours only. */
char *ho_business_duration_format(int64_t ms, int64_t day_ms, char out[HO_TIME_STRLEN]);

#endif /* HO_BASE_TIMEFMT_H */
