/* SPDX-License-Identifier: MIT */
/*
 * base/timefmt.c - RFC 3339 parsing/formatting and civil-date arithmetic.
 *
 * The civil-date conversions are Howard Hinnant's days_from_civil algorithm,
 * exact for the proleptic Gregorian calendar.
 */
#include "base/timefmt.h"

#include <stdio.h>
#include <string.h>

int64_t
ho_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void
ho_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d)
{
    days += 719468;
    const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned doe = (unsigned)(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

int64_t
ho_time_day(int64_t ms)
{
    int64_t q = ms / HO_MS_PER_DAY;
    return (ms % HO_MS_PER_DAY < 0) ? q - 1 : q;
}

int64_t
ho_time_month_index(int64_t ms)
{
    int64_t y;
    unsigned m, d;
    ho_civil_from_days(ho_time_day(ms), &y, &m, &d);
    return y * 12 + (int64_t)m - 1;
}

int64_t
ho_month_index_start(int64_t mi)
{
    int64_t y = mi >= 0 ? mi / 12 : (mi - 11) / 12;
    unsigned m = (unsigned)(mi - y * 12) + 1;
    return ho_days_from_civil(y, m, 1) * HO_MS_PER_DAY;
}

/* Read exactly n digits at s[*pos]; returns -1 when they are not digits. */
static int64_t
read_digits(const char *s, size_t len, size_t *pos, size_t n)
{
    if (*pos + n > len)
        return -1;
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[*pos + i];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    *pos += n;
    return v;
}

static int
expect_char(const char *s, size_t len, size_t *pos, char c)
{
    if (*pos < len && s[*pos] == c) {
        (*pos)++;
        return 1;
    }
    return 0;
}

static unsigned
days_in_month(int64_t y, unsigned m)
{
    static const unsigned dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dim[m - 1];
}

static ho_rc
parse_date_part(const char *s, size_t len, size_t *pos, int64_t *days, struct ho_diag *diag)
{
    int64_t y = read_digits(s, len, pos, 4);
    if (y < 0 || !expect_char(s, len, pos, '-'))
        return ho_diag_set(diag, HO_EPARSE, "expected a date as YYYY-MM-DD");
    int64_t m = read_digits(s, len, pos, 2);
    if (m < 0 || !expect_char(s, len, pos, '-'))
        return ho_diag_set(diag, HO_EPARSE, "expected a date as YYYY-MM-DD");
    int64_t d = read_digits(s, len, pos, 2);
    if (d < 0)
        return ho_diag_set(diag, HO_EPARSE, "expected a date as YYYY-MM-DD");
    if (y < 1970 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, (unsigned)m))
        return ho_diag_set(diag, HO_EPARSE,
                           "date %04lld-%02lld-%02lld does not exist or is before 1970",
                           (long long)y, (long long)m, (long long)d);
    *days = ho_days_from_civil(y, (unsigned)m, (unsigned)d);
    return HO_OK;
}

ho_rc
ho_date_parse(const char *s, size_t len, int64_t *out_days, struct ho_diag *diag)
{
    size_t pos = 0;
    *out_days = 0;
    ho_rc rc = parse_date_part(s, len, &pos, out_days, diag);
    if (rc != HO_OK)
        return rc;
    if (pos != len)
        return ho_diag_set(diag, HO_EPARSE, "unexpected text after the date");
    return HO_OK;
}

static ho_rc
parse_offset(const char *s, size_t len, size_t *pos, int64_t *offset_ms, struct ho_diag *diag)
{
    *offset_ms = 0;
    if (expect_char(s, len, pos, 'Z') || expect_char(s, len, pos, 'z'))
        return HO_OK;
    int sign = 0;
    if (expect_char(s, len, pos, '+'))
        sign = 1;
    else if (expect_char(s, len, pos, '-'))
        sign = -1;
    else
        return ho_diag_set(diag, HO_EPARSE, "expected 'Z' or a +HH:MM offset after the time");
    int64_t hh = read_digits(s, len, pos, 2);
    if (hh < 0 || !expect_char(s, len, pos, ':'))
        return ho_diag_set(diag, HO_EPARSE, "expected an offset as +HH:MM");
    int64_t mm = read_digits(s, len, pos, 2);
    if (mm < 0 || hh > 23 || mm > 59)
        return ho_diag_set(diag, HO_EPARSE, "expected an offset as +HH:MM");
    *offset_ms = sign * (hh * HO_MS_PER_HOUR + mm * HO_MS_PER_MIN);
    return HO_OK;
}

ho_rc
ho_time_parse(const char *s, size_t len, int64_t *out_ms, struct ho_diag *diag)
{
    size_t pos = 0;
    int64_t days;
    *out_ms = 0;
    ho_rc rc = parse_date_part(s, len, &pos, &days, diag);
    if (rc != HO_OK)
        return rc;
    if (pos == len) {
        *out_ms = days * HO_MS_PER_DAY;
        return HO_OK;
    }
    if (!(expect_char(s, len, &pos, 'T') || expect_char(s, len, &pos, 't') ||
          expect_char(s, len, &pos, ' ')))
        return ho_diag_set(diag, HO_EPARSE, "expected 'T' between date and time");
    int64_t hh = read_digits(s, len, &pos, 2);
    int64_t mi = (hh >= 0 && expect_char(s, len, &pos, ':')) ? read_digits(s, len, &pos, 2) : -1;
    int64_t ss = (mi >= 0 && expect_char(s, len, &pos, ':')) ? read_digits(s, len, &pos, 2) : -1;
    if (hh < 0 || mi < 0 || ss < 0)
        return ho_diag_set(diag, HO_EPARSE, "expected a time as HH:MM:SS");
    if (hh > 23 || mi > 59 || ss > 60)
        return ho_diag_set(diag, HO_EPARSE, "time %02lld:%02lld:%02lld is out of range",
                           (long long)hh, (long long)mi, (long long)ss);
    if (ss == 60)
        ss = 59; /* a leap second is folded into the second before it */
    int64_t frac_ms = 0;
    if (expect_char(s, len, &pos, '.') || expect_char(s, len, &pos, ',')) {
        size_t digits = 0;
        while (pos < len && s[pos] >= '0' && s[pos] <= '9') {
            if (digits < 3)
                frac_ms = frac_ms * 10 + (s[pos] - '0');
            digits++;
            pos++;
        }
        if (digits == 0)
            return ho_diag_set(diag, HO_EPARSE, "expected digits after the decimal point");
        for (size_t i = digits; i < 3; i++)
            frac_ms *= 10;
    }
    int64_t offset_ms;
    rc = parse_offset(s, len, &pos, &offset_ms, diag);
    if (rc != HO_OK)
        return rc;
    if (pos != len)
        return ho_diag_set(diag, HO_EPARSE, "unexpected text after the time zone");
    *out_ms = days * HO_MS_PER_DAY + hh * HO_MS_PER_HOUR + mi * HO_MS_PER_MIN + ss * HO_MS_PER_SEC +
              frac_ms - offset_ms;
    return HO_OK;
}

char *
ho_time_format(int64_t ms, char out[HO_TIME_STRLEN])
{
    int64_t day = ho_time_day(ms);
    int64_t rem = ms - day * HO_MS_PER_DAY;
    int64_t y;
    unsigned m, d;
    ho_civil_from_days(day, &y, &m, &d);
    int hh = (int)(rem / HO_MS_PER_HOUR);
    int mi = (int)(rem % HO_MS_PER_HOUR / HO_MS_PER_MIN);
    int ss = (int)(rem % HO_MS_PER_MIN / HO_MS_PER_SEC);
    int frac = (int)(rem % HO_MS_PER_SEC);
    if (frac)
        snprintf(out, HO_TIME_STRLEN, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ", (long long)y, m, d,
                 hh, mi, ss, frac);
    else
        snprintf(out, HO_TIME_STRLEN, "%04lld-%02u-%02uT%02d:%02d:%02dZ", (long long)y, m, d, hh,
                 mi, ss);
    return out;
}

char *
ho_time_format_month(int64_t ms, char out[HO_TIME_STRLEN])
{
    int64_t y;
    unsigned m, d;
    ho_civil_from_days(ho_time_day(ms), &y, &m, &d);
    snprintf(out, HO_TIME_STRLEN, "%04lld-%02u", (long long)y, m);
    return out;
}

ho_rc
ho_duration_parse(const char *s, size_t len, int64_t *out_ms, struct ho_diag *diag)
{
    size_t pos = 0;
    int64_t v = 0;
    *out_ms = 0;
    while (pos < len && s[pos] >= '0' && s[pos] <= '9') {
        if (v > (INT64_MAX / 10 - 9) / HO_MS_PER_DAY / 7)
            return ho_diag_set(diag, HO_EPARSE, "duration is too large");
        v = v * 10 + (s[pos++] - '0');
    }
    if (pos == 0)
        return ho_diag_set(diag, HO_EPARSE,
                           "expected a duration such as 30d, 24h, 5m or 90s (a number and a unit)");
    const char *unit = s + pos;
    size_t ulen = len - pos;
    int64_t scale;
    if (ulen == 2 && memcmp(unit, "ms", 2) == 0)
        scale = 1;
    else if (ulen == 1 && unit[0] == 's')
        scale = HO_MS_PER_SEC;
    else if (ulen == 1 && unit[0] == 'm')
        scale = HO_MS_PER_MIN;
    else if (ulen == 1 && unit[0] == 'h')
        scale = HO_MS_PER_HOUR;
    else if (ulen == 1 && unit[0] == 'd')
        scale = HO_MS_PER_DAY;
    else if (ulen == 1 && unit[0] == 'w')
        scale = 7 * HO_MS_PER_DAY;
    else
        return ho_diag_set(
            diag, HO_EPARSE,
            "unknown duration unit: write the number followed by ms, s, m, h, d or w");
    *out_ms = v * scale;
    return HO_OK;
}

char *
ho_duration_format(int64_t ms, char out[HO_TIME_STRLEN])
{
    const char *sign = ms < 0 ? "-" : "";
    int64_t a = ms < 0 ? -ms : ms;
    int64_t d = a / HO_MS_PER_DAY, h = a % HO_MS_PER_DAY / HO_MS_PER_HOUR;
    int64_t m = a % HO_MS_PER_HOUR / HO_MS_PER_MIN, s = a % HO_MS_PER_MIN / HO_MS_PER_SEC;
    if (d)
        snprintf(out, HO_TIME_STRLEN, "%s%lldd %lldh", sign, (long long)d, (long long)h);
    else if (h)
        snprintf(out, HO_TIME_STRLEN, "%s%lldh %lldm", sign, (long long)h, (long long)m);
    else if (m)
        snprintf(out, HO_TIME_STRLEN, "%s%lldm %llds", sign, (long long)m, (long long)s);
    else
        snprintf(out, HO_TIME_STRLEN, "%s%llds", sign, (long long)s);
    return out;
}

/* "N unit" / "N units" with N whole, or with one decimal otherwise. */
static void
format_amount(char *out, size_t size, int64_t num, int64_t den, const char *unit)
{
    if (num % den == 0) {
        long long n = (long long)(num / den);
        snprintf(out, size, "%lld %s%s", n, unit, n == 1 || n == -1 ? "" : "s");
        return;
    }
    snprintf(out, size, "%.1f %ss", (double)num / (double)den, unit);
}

char *
ho_business_duration_format(int64_t ms, int64_t day_ms, char out[HO_TIME_STRLEN])
{
    char hours[HO_TIME_STRLEN], days[HO_TIME_STRLEN];
    if (ms % HO_MS_PER_HOUR != 0 && ms > -HO_MS_PER_HOUR && ms < HO_MS_PER_HOUR)
        format_amount(hours, sizeof(hours), ms, HO_MS_PER_MIN, "business minute");
    else
        format_amount(hours, sizeof(hours), ms, HO_MS_PER_HOUR, "business hour");
    if (day_ms <= 0) {
        snprintf(out, HO_TIME_STRLEN, "%s", hours);
        return out;
    }
    format_amount(days, sizeof(days), ms, day_ms, "working day");
    snprintf(out, HO_TIME_STRLEN, "%.31s = %.28s", hours, days);
    return out;
}
