/* SPDX-License-Identifier: MIT */
/*
 * ingest/crm_values.c - CRM date and number cells (see crm_values.h).
 *
 * Every date form is first rewritten as RFC 3339 text and then parsed by
 * the one timestamp parser (base/timefmt.h), so range and calendar checks
 * (no 2026-02-30) are the same as for native events; the result is
 * formatted back, which makes the output canonical.
 */
#include "ingest/crm_values.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define DATE_HELP   "expected 2026-03-02, 2026-03-02 14:05, 3/2/2026 (month/day/year) or RFC 3339"
#define NUMBER_HELP "expected e.g. 48000, 1,500 or $48,000.00"
#define CELL_MAX    48 /* longer than any date or amount form: refused as such */

struct cur {
    const char *s;
    size_t len, at;
};

static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int
cell_width(size_t len)
{
    return len > CELL_MAX ? CELL_MAX : (int)len;
}

/* Trim spaces around s[0..*len); the start. */
static const char *
trim(const char *s, size_t *len)
{
    while (*len > 0 && (s[0] == ' ' || s[0] == '\t')) {
        s++;
        (*len)--;
    }
    while (*len > 0 && (s[*len - 1] == ' ' || s[*len - 1] == '\t'))
        (*len)--;
    return s;
}

/* Read 1..max digits into *v; how many were read. */
static size_t
digits(struct cur *c, size_t max, unsigned *v)
{
    size_t n = 0;
    *v = 0;
    while (c->at < c->len && n < max && is_digit(c->s[c->at])) {
        *v = *v * 10 + (unsigned)(c->s[c->at++] - '0');
        n++;
    }
    return n;
}

static bool
eat(struct cur *c, char ch)
{
    if (c->at < c->len && c->s[c->at] == ch) {
        c->at++;
        return true;
    }
    return false;
}

static bool
eat_word(struct cur *c, const char *w)
{
    size_t n = strlen(w);
    if (c->len - c->at < n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = c->s[c->at + i];
        if ((ch | 0x20) != w[i])
            return false;
    }
    c->at += n;
    return true;
}

static void
skip_spaces(struct cur *c)
{
    while (c->at < c->len && c->s[c->at] == ' ')
        c->at++;
}

/* "H:MM[:SS][ AM|PM]" into 24-hour *h, *m, *sec; false when malformed. */
static bool
us_time(struct cur *c, unsigned *h, unsigned *m, unsigned *sec)
{
    *sec = 0;
    if (digits(c, 2, h) == 0 || !eat(c, ':') || digits(c, 2, m) != 2)
        return false;
    if (eat(c, ':') && digits(c, 2, sec) != 2)
        return false;
    skip_spaces(c);
    bool pm = eat_word(c, "pm");
    bool am = !pm && eat_word(c, "am");
    if (am || pm) {
        if (*h < 1 || *h > 12)
            return false;
        *h = *h % 12 + (pm ? 12 : 0);
    }
    return true;
}

/* "M/D/YYYY[ time]" rewritten as RFC 3339 into iso; false when malformed. */
static bool
us_date(const char *s, size_t len, char *iso, size_t cap)
{
    struct cur c = { s, len, 0 };
    unsigned mo, d, y, h = 0, mi = 0, sec = 0;
    if (digits(&c, 2, &mo) == 0 || !eat(&c, '/') || digits(&c, 2, &d) == 0 || !eat(&c, '/') ||
        digits(&c, 4, &y) != 4)
        return false;
    skip_spaces(&c);
    if (c.at < c.len && !us_time(&c, &h, &mi, &sec))
        return false;
    if (c.at != c.len)
        return false;
    int n = snprintf(iso, cap, "%04u-%02u-%02uT%02u:%02u:%02uZ", y, mo, d, h, mi, sec);
    return n > 0 && (size_t)n < cap;
}

/* Append s[0..n) to iso (room checked by the caller's CELL_MAX bound). */
static void
put(char *iso, size_t *at, const char *s, size_t n)
{
    memcpy(iso + *at, s, n);
    *at += n;
}

/*
 * An ISO form rewritten as RFC 3339 into iso: ":00" added to a time
 * without seconds, a colon put into "+0000", "Z" added to a time without
 * an offset.  Anything it does not recognise is copied for the strict
 * parser to refuse.
 */
static void
iso_date(const char *s, size_t len, char *iso)
{
    size_t at = 0;
    size_t i = len < 10 ? len : 10;
    put(iso, &at, s, i);
    if (i == len) {
        iso[at] = '\0';
        return; /* a plain date */
    }
    put(iso, &at, s + i, 1); /* 'T' or ' ' */
    i++;
    size_t t = i;
    while (i < len && (is_digit(s[i]) || s[i] == ':' || s[i] == '.'))
        i++;
    put(iso, &at, s + t, i - t);
    if (i - t == 5)
        put(iso, &at, ":00", 3);
    size_t rest = len - i;
    if (rest == 0) {
        put(iso, &at, "Z", 1);
    } else if (rest == 5 && (s[i] == '+' || s[i] == '-') && is_digit(s[i + 1]) &&
               is_digit(s[i + 4])) {
        put(iso, &at, s + i, 3);
        put(iso, &at, ":", 1);
        put(iso, &at, s + i + 3, 2);
    } else {
        put(iso, &at, s + i, rest);
    }
    iso[at] = '\0';
}

ho_rc
ho_crm_date(const char *col, const char *s, size_t len, char out[HO_TIME_STRLEN],
            struct ho_diag *diag)
{
    char iso[CELL_MAX + 16];
    int64_t ms;
    s = trim(s, &len);
    if (len == 0)
        return HO_ENOTFOUND;
    bool ok = len <= CELL_MAX;
    if (ok && memchr(s, '/', len) != NULL)
        ok = us_date(s, len, iso, sizeof(iso));
    else if (ok)
        iso_date(s, len, iso);
    if (ok)
        ok = ho_time_parse(iso, strlen(iso), &ms, NULL) == HO_OK;
    if (!ok)
        return ho_diag_set(diag, HO_EPARSE, "column '%s': '%.*s' is not a date (" DATE_HELP ")",
                           col, cell_width(len), s);
    (void)ho_time_format(ms, out);
    return HO_OK;
}

/* Skip a currency sign or a three-letter code before the amount. */
static void
skip_currency(struct cur *c)
{
    static const char *const signs[] = { "$", "\xe2\x82\xac", "\xc2\xa3" }; /* $ EUR GBP */
    for (size_t i = 0; i < sizeof(signs) / sizeof(signs[0]); i++) {
        size_t n = strlen(signs[i]);
        if (c->len - c->at >= n && memcmp(c->s + c->at, signs[i], n) == 0) {
            c->at += n;
            skip_spaces(c);
            return;
        }
    }
    if (c->len - c->at > 4 && c->s[c->at + 3] == ' ') {
        bool letters = true;
        for (size_t i = 0; i < 3; i++)
            letters = letters && c->s[c->at + i] >= 'A' && c->s[c->at + i] <= 'Z';
        if (letters) {
            c->at += 4;
            skip_spaces(c);
        }
    }
}

/* The integer part, comma groups checked, into out; false when malformed. */
static bool
integer_part(struct cur *c, char *out, size_t *n, size_t cap)
{
    size_t group = 0;
    bool grouped = false;
    while (c->at < c->len) {
        char ch = c->s[c->at];
        if (ch == ',') {
            if (group == 0 || (grouped && group != 3) || (!grouped && group > 3))
                return false;
            grouped = true;
            group = 0;
        } else if (is_digit(ch)) {
            if (*n + 1 >= cap)
                return false;
            out[(*n)++] = ch;
            group++;
        } else {
            break;
        }
        c->at++;
    }
    return group > 0 && (!grouped || group == 3);
}

ho_rc
ho_crm_number(const char *col, const char *s, size_t len, char out[HO_CRM_NUMBER_STRLEN],
              struct ho_diag *diag)
{
    size_t n = 0;
    s = trim(s, &len);
    if (len == 0)
        return HO_ENOTFOUND;
    struct cur c = { s, len, 0 };
    skip_currency(&c);
    bool ok = integer_part(&c, out, &n, HO_CRM_NUMBER_STRLEN);
    if (ok && eat(&c, '.')) {
        size_t dot = n;
        out[n++] = '.';
        while (ok && c.at < c.len && is_digit(c.s[c.at])) {
            ok = n + 1 < HO_CRM_NUMBER_STRLEN;
            if (ok)
                out[n++] = c.s[c.at++];
        }
        while (n > dot + 1 && out[n - 1] == '0')
            n--;
        if (n == dot + 1)
            n = dot; /* "48000.00": a whole number */
    }
    if (!ok || c.at != c.len)
        return ho_diag_set(diag, HO_EPARSE, "column '%s': '%.*s' is not a number (" NUMBER_HELP ")",
                           col, cell_width(len), s);
    out[n] = '\0';
    return HO_OK;
}
