/* SPDX-License-Identifier: MIT */
/*
 * defs/tzif.c - read TZif files (RFC 8536) and POSIX TZ rules into the
 * transition table of struct ho_tz.
 *
 * Layout of a TZif file: a 44-byte header ("TZif", version, six counts), a
 * data block with 32-bit times, then for version 2 and later a second header
 * and data block with 64-bit times, and a footer "\nTZ-string\n".  Version 1
 * readers use the first block; we use the second one when there is one.
 *
 * Every count is bounded (HO_TZIF_*) before it sizes anything, so a hostile
 * file costs at most a few hundred kilobytes and no overflow.
 */
#include "defs/tzif.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/timefmt.h"
#include "base/xalloc.h"
#include "core/defs.h"

#define HEADER_LEN   44
#define SECS_PER_DAY 86400LL
#define MAX_TYPES    256
/* Transition times beyond this many seconds from the epoch (~278,000 years)
 * are "the beginning of time" (zic writes -2^59) or never happen; the bound
 * keeps seconds * 1000 far from overflow. */
#define TIME_LIMIT_S    ((int64_t)1 << 43)
#define RULE_FIRST_YEAR 1900 /* footer rules are not expanded before this year */

/* ---- POSIX TZ rule -------------------------------------------------------- */

struct cursor {
    const char *s; /* start, for positions in messages */
    const char *p, *end;
};

static int
peek(const struct cursor *c)
{
    return c->p < c->end ? (unsigned char)*c->p : -1;
}

static bool
is_digit(int ch)
{
    return ch >= '0' && ch <= '9';
}

static bool
is_alpha(int ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
}

static ho_rc
rule_error(const struct cursor *c, const char *what, struct ho_diag *diag)
{
    return ho_diag_set(diag, HO_EPARSE, "bad TZ rule: %s at byte %zu", what,
                       (size_t)(c->p - c->s) + 1);
}

/* A decimal number of 1..3 digits, at most max. */
static bool
number(struct cursor *c, int32_t max, int32_t *out)
{
    int32_t v = 0;
    size_t n = 0;
    while (is_digit(peek(c)) && n < 3) {
        v = v * 10 + (*c->p - '0');
        c->p++;
        n++;
    }
    *out = v;
    return n > 0 && !is_digit(peek(c)) && v <= max;
}

/* std or dst name: three or more letters, or <...> of letters, digits, + and -. */
static ho_rc
abbreviation(struct cursor *c, char out[HO_TZ_ABBR_MAX + 1], struct ho_diag *diag)
{
    size_t n = 0;
    bool quoted = peek(c) == '<';
    if (quoted)
        c->p++;
    for (;;) {
        int ch = peek(c);
        bool ok = is_alpha(ch) || (quoted && (is_digit(ch) || ch == '+' || ch == '-'));
        if (!ok)
            break;
        if (n == HO_TZ_ABBR_MAX)
            return rule_error(c, "time zone name longer than 32 bytes", diag);
        out[n++] = (char)ch;
        c->p++;
    }
    out[n] = '\0';
    if (n < 3)
        return rule_error(c, "time zone name shorter than 3 characters", diag);
    if (quoted && peek(c) != '>')
        return rule_error(c, "'<' name without its '>'", diag);
    if (quoted)
        c->p++;
    return HO_OK;
}

/* [+-]hh[:mm[:ss]] with hh <= max_h; signed seconds. */
static ho_rc
hms(struct cursor *c, int32_t max_h, int32_t *out, struct ho_diag *diag)
{
    int32_t sign = 1;
    int32_t h = 0;
    int32_t m = 0;
    int32_t sec = 0;
    if (peek(c) == '+' || peek(c) == '-') {
        sign = peek(c) == '-' ? -1 : 1;
        c->p++;
    }
    if (!number(c, max_h, &h))
        return rule_error(c, "expected hours", diag);
    if (peek(c) == ':') {
        c->p++;
        if (!number(c, 59, &m))
            return rule_error(c, "expected minutes 00-59", diag);
        if (peek(c) == ':') {
            c->p++;
            if (!number(c, 59, &sec))
                return rule_error(c, "expected seconds 00-59", diag);
        }
    }
    *out = sign * (h * 3600 + m * 60 + sec);
    return HO_OK;
}

/* A POSIX offset (hours west of UTC, 0..24) as seconds east. */
static ho_rc
offset(struct cursor *c, int32_t *east, struct ho_diag *diag)
{
    int32_t west = 0;
    ho_rc rc = hms(c, 24, &west, diag);
    *east = -west;
    return rc;
}

static ho_rc
mwd(struct cursor *c, struct ho_tz_day *d, struct ho_diag *diag)
{
    d->kind = HO_TZ_DAY_MWD;
    if (!number(c, 12, &d->month) || d->month < 1)
        return rule_error(c, "expected a month 1-12 after 'M'", diag);
    if (peek(c) != '.')
        return rule_error(c, "expected '.' after the month", diag);
    c->p++;
    if (!number(c, 5, &d->week) || d->week < 1)
        return rule_error(c, "expected a week 1-5", diag);
    if (peek(c) != '.')
        return rule_error(c, "expected '.' after the week", diag);
    c->p++;
    if (!number(c, 6, &d->weekday))
        return rule_error(c, "expected a weekday 0-6", diag);
    return HO_OK;
}

/* Jn, n or Mm.w.d, then an optional /time (default 02:00). */
static ho_rc
rule_day(struct cursor *c, struct ho_tz_day *d, struct ho_diag *diag)
{
    ho_rc rc = HO_OK;
    memset(d, 0, sizeof(*d));
    if (peek(c) == 'M') {
        c->p++;
        rc = mwd(c, d, diag);
    } else if (peek(c) == 'J') {
        c->p++;
        d->kind = HO_TZ_DAY_JULIAN1;
        if (!number(c, 365, &d->day) || d->day < 1)
            rc = rule_error(c, "expected a day 1-365 after 'J'", diag);
    } else {
        d->kind = HO_TZ_DAY_JULIAN0;
        if (!number(c, 365, &d->day))
            rc = rule_error(c, "expected Mm.w.d, Jn or a day 0-365", diag);
    }
    if (rc != HO_OK)
        return rc;
    d->time_s = 2 * 3600;
    if (peek(c) != '/')
        return HO_OK;
    c->p++;
    return hms(c, 167, &d->time_s, diag);
}

static ho_rc
dst_part(struct cursor *c, struct ho_tz_rule *r, struct ho_diag *diag)
{
    ho_rc rc = abbreviation(c, r->dst_name, diag);
    if (rc != HO_OK)
        return rc;
    r->has_dst = true;
    r->dst_offset_s = r->std_offset_s + 3600;
    if (peek(c) != ',' && peek(c) != -1) {
        rc = offset(c, &r->dst_offset_s, diag);
        if (rc != HO_OK)
            return rc;
    }
    if (peek(c) != ',')
        return rule_error(c, "daylight time needs a rule such as ',M3.2.0,M11.1.0'", diag);
    c->p++;
    rc = rule_day(c, &r->start, diag);
    if (rc != HO_OK)
        return rc;
    if (peek(c) != ',')
        return rule_error(c, "expected ',' and the end of daylight time", diag);
    c->p++;
    return rule_day(c, &r->end, diag);
}

ho_rc
ho_tz_rule_parse(const char *s, size_t len, struct ho_tz_rule *out, struct ho_diag *diag)
{
    struct cursor c = { s, s, s + len };
    memset(out, 0, sizeof(*out));
    if (s == NULL && len > 0)
        return ho_diag_set(diag, HO_EINVAL, "TZ rule text is NULL");
    if (len == 0) {
        out->empty = true;
        return HO_OK;
    }
    ho_rc rc = abbreviation(&c, out->std_name, diag);
    if (rc == HO_OK)
        rc = offset(&c, &out->std_offset_s, diag);
    if (rc == HO_OK && peek(&c) != -1)
        rc = dst_part(&c, out, diag);
    if (rc == HO_OK && peek(&c) != -1)
        rc = rule_error(&c, "unexpected text after the rule", diag);
    if (rc != HO_OK) {
        memset(out, 0, sizeof(*out));
        return rc;
    }
    return HO_OK;
}

static bool
is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Day of the week of a day since the epoch, 0 = Sunday (1970-01-01 was a
 * Thursday). */
static int32_t
weekday_sun0(int64_t days)
{
    return (int32_t)(((days % 7) + 7 + 4) % 7);
}

/* The date of a rule day in year y, as days since the epoch. */
static int64_t
day_of_year(const struct ho_tz_day *d, int64_t y)
{
    int64_t jan1 = ho_days_from_civil(y, 1, 1);
    switch (d->kind) {
    case HO_TZ_DAY_JULIAN1:
        return jan1 + d->day - 1 + (is_leap(y) && d->day >= 60 ? 1 : 0);
    case HO_TZ_DAY_JULIAN0:
        return jan1 + d->day;
    case HO_TZ_DAY_MWD:
        break;
    }
    int64_t first = ho_days_from_civil(y, (unsigned)d->month, 1);
    int64_t next = d->month == 12 ? ho_days_from_civil(y + 1, 1, 1)
                                  : ho_days_from_civil(y, (unsigned)d->month + 1, 1);
    int64_t day = first + (d->weekday - weekday_sun0(first) + 7) % 7 + 7 * (int64_t)(d->week - 1);
    while (day >= next) /* week 5 means the last one */
        day -= 7;
    return day;
}

void
ho_tz_rule_year(const struct ho_tz_rule *r, int64_t year, int64_t *to_dst, int64_t *to_std)
{
    *to_dst = *to_std = 0;
    if (!r->has_dst)
        return;
    /* The start is written in standard time, the end in daylight time. */
    *to_dst = day_of_year(&r->start, year) * SECS_PER_DAY + r->start.time_s - r->std_offset_s;
    *to_std = day_of_year(&r->end, year) * SECS_PER_DAY + r->end.time_s - r->dst_offset_s;
}

/* ---- building a transition table -------------------------------------------- */

struct table {
    int64_t *at; /* ms */
    int32_t *off;
    size_t n, cap_at, cap_off;
};

static void
table_start(struct table *t, int32_t initial)
{
    memset(t, 0, sizeof(*t));
    HO_GROW(t->at, t->cap_at, 16);
    HO_GROW(t->off, t->cap_off, 16);
    t->at[0] = INT64_MIN;
    t->off[0] = initial;
    t->n = 1;
}

/*
 * Append "offset off from at_ms on".  A change at the instant of the last one
 * replaces it (a rule whose DST ends and starts again at one instant, as
 * permanent DST is written); one that changes nothing is dropped; one
 * before the last is ignored (the file's own data wins).
 */
static void
table_push(struct table *t, int64_t at_ms, int32_t off)
{
    size_t last = t->n - 1;
    if (at_ms < t->at[last])
        return;
    if (at_ms == t->at[last]) {
        t->off[last] = off;
        if (last > 0 && t->off[last - 1] == off)
            t->n--;
        return;
    }
    if (t->off[last] == off)
        return;
    HO_GROW(t->at, t->cap_at, t->n + 1);
    HO_GROW(t->off, t->cap_off, t->n + 1);
    t->at[t->n] = at_ms;
    t->off[t->n] = off;
    t->n++;
}

/*
 * Continue the table with the footer rule after the file's last transition
 * (last_ms; INT64_MIN when it has none, and the rule then holds throughout).
 * A DST rule is expanded from the year of the last transition, but not from
 * before RULE_FIRST_YEAR, so a hostile file cannot ask for 100,000 years.
 */
static void
table_expand(struct table *t, const struct ho_tz_rule *r, int64_t last_ms)
{
    if (r->empty)
        return;
    if (!r->has_dst) {
        table_push(t, last_ms, r->std_offset_s);
        return;
    }
    int64_t y0 = RULE_FIRST_YEAR;
    if (last_ms != INT64_MIN) {
        int64_t y;
        unsigned m;
        unsigned d;
        ho_civil_from_days(ho_time_day(last_ms), &y, &m, &d);
        y0 = y > y0 ? y : y0;
    } else {
        int64_t a;
        int64_t b;
        ho_tz_rule_year(r, y0, &a, &b);
        t->off[0] = a < b ? r->std_offset_s : r->dst_offset_s; /* in force on January 1 */
    }
    for (int64_t y = y0; y <= HO_TZ_RULE_LAST_YEAR; y++) {
        int64_t to_dst;
        int64_t to_std;
        ho_tz_rule_year(r, y, &to_dst, &to_std);
        bool dst_first = to_dst < to_std;
        int64_t first = dst_first ? to_dst : to_std;
        int64_t second = dst_first ? to_std : to_dst;
        if (first * 1000 > last_ms)
            table_push(t, first * 1000, dst_first ? r->dst_offset_s : r->std_offset_s);
        if (second * 1000 > last_ms)
            table_push(t, second * 1000, dst_first ? r->std_offset_s : r->dst_offset_s);
    }
}

/* ---- TZif ------------------------------------------------------------------ */

struct header {
    char version; /* 0, '2', '3', ... */
    uint32_t isut, isstd, leap, times, types, chars;
};

struct block {
    struct header h;
    size_t tsize; /* 4 or 8 */
    const unsigned char *times, *idx, *types;
};

static uint32_t
be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static int64_t
be_time(const unsigned char *p, size_t size)
{
    if (size == 4)
        return (int32_t)be32(p);
    uint64_t v = (uint64_t)be32(p) << 32 | be32(p + 4);
    return (int64_t)v;
}

static ho_rc
check_counts(const struct header *h, struct ho_diag *diag)
{
    if (h->leap != 0)
        return ho_diag_set(diag, HO_EPARSE,
                           "the zone has leap-second records (a right/ zone), so its times are "
                           "not POSIX times");
    if (h->times > HO_TZIF_MAX_TIMES || h->chars > HO_TZIF_MAX_CHARS)
        return ho_diag_set(diag, HO_ELIMIT,
                           "TZif data has %u transitions and %u abbreviation "
                           "bytes; the limits are %d and %d",
                           h->times, h->chars, HO_TZIF_MAX_TIMES, HO_TZIF_MAX_CHARS);
    if (h->types == 0 || h->types > MAX_TYPES || h->chars == 0)
        return ho_diag_set(diag, HO_EPARSE,
                           "TZif data has %u local time types and %u "
                           "abbreviation bytes",
                           h->types, h->chars);
    if ((h->isstd != 0 && h->isstd != h->types) || (h->isut != 0 && h->isut != h->types))
        return ho_diag_set(diag, HO_EPARSE,
                           "TZif standard/UT indicator counts do not match "
                           "the %u time types",
                           h->types);
    return HO_OK;
}

/* The header at p[0..left): magic, version and counts, not yet checked. */
static ho_rc
read_header(const unsigned char *p, size_t left, struct header *h, struct ho_diag *diag)
{
    memset(h, 0, sizeof(*h));
    if (left < HEADER_LEN)
        return ho_diag_set(diag, HO_EPARSE, "truncated TZif header");
    if (memcmp(p, "TZif", 4) != 0)
        return ho_diag_set(diag, HO_EPARSE, "not a TZif file (no 'TZif' magic)");
    h->version = (char)p[4];
    if (h->version != 0 && (h->version < '2' || h->version > '9'))
        return ho_diag_set(diag, HO_EPARSE, "unknown TZif version byte 0x%02x", p[4]);
    const unsigned char *c = p + 20;
    h->isut = be32(c);
    h->isstd = be32(c + 4);
    h->leap = be32(c + 8);
    h->times = be32(c + 12);
    h->types = be32(c + 16);
    h->chars = be32(c + 20);
    return HO_OK;
}

/* Bytes of a data block (64-bit arithmetic: the counts are not checked yet
 * when a version 1 block is skipped). */
static uint64_t
block_len(const struct header *h, uint64_t tsize)
{
    return h->times * tsize + h->times + h->types * 6ULL + h->chars + h->leap * (tsize + 4) +
           h->isstd + h->isut;
}

static ho_rc
check_block(const struct block *b, struct ho_diag *diag)
{
    for (uint32_t i = 0; i < b->h.types; i++) {
        const unsigned char *ty = b->types + (size_t)6 * i;
        int32_t off = (int32_t)be32(ty);
        if (off < -HO_TZ_MAX_OFFSET_S || off > HO_TZ_MAX_OFFSET_S)
            return ho_diag_set(diag, HO_EPARSE,
                               "TZif time type %u has UTC offset %d s, beyond "
                               "26 hours",
                               i, off);
        if (ty[4] > 1 || ty[5] >= b->h.chars)
            return ho_diag_set(diag, HO_EPARSE, "TZif time type %u is malformed", i);
    }
    for (uint32_t i = 0; i < b->h.times; i++) {
        if (b->idx[i] >= b->h.types)
            return ho_diag_set(diag, HO_EPARSE, "TZif transition %u names time type %u of %u", i,
                               b->idx[i], b->h.types);
        if (i > 0 && be_time(b->times + (size_t)i * b->tsize, b->tsize) <=
                         be_time(b->times + (size_t)(i - 1) * b->tsize, b->tsize))
            return ho_diag_set(diag, HO_EPARSE, "TZif transitions are not in ascending order");
    }
    return HO_OK;
}

static int32_t
type_offset(const struct block *b, uint32_t type)
{
    return (int32_t)be32(b->types + (size_t)6 * type);
}

/* The block's transitions as a table; returns the time of the last one
 * within reach (ms), INT64_MIN when there is none. */
static int64_t
block_table(const struct block *b, struct table *t)
{
    int64_t last = INT64_MIN;
    table_start(t, type_offset(b, 0)); /* before the first transition: type 0 (RFC 8536) */
    for (uint32_t i = 0; i < b->h.times; i++) {
        int64_t s = be_time(b->times + i * b->tsize, b->tsize);
        int32_t off = type_offset(b, b->idx[i]);
        if (s > TIME_LIMIT_S)
            break;
        if (s < -TIME_LIMIT_S) {
            t->off[0] = off; /* "since the beginning of time" */
            continue;
        }
        table_push(t, s * 1000, off);
        last = s * 1000;
    }
    return last;
}

/* The footer of a version 2+ file: "\n" TZ-string "\n" at p[0..left). */
static ho_rc
read_footer(const unsigned char *p, size_t left, struct ho_tz_rule *r, struct ho_diag *diag)
{
    if (left < 2 || p[0] != '\n')
        return ho_diag_set(diag, HO_EPARSE, "TZif footer is missing");
    const unsigned char *nl = memchr(p + 1, '\n', left - 1);
    if (nl == NULL)
        return ho_diag_set(diag, HO_EPARSE, "TZif footer has no final newline");
    size_t len = (size_t)(nl - p) - 1;
    if (len > HO_TZIF_MAX_FOOTER)
        return ho_diag_set(diag, HO_ELIMIT, "TZif footer is %zu bytes; the limit is %d", len,
                           HO_TZIF_MAX_FOOTER);
    return ho_tz_rule_parse((const char *)p + 1, len, r, diag);
}

/* Check and locate the data block whose header is at p + at. */
static ho_rc
read_block(const unsigned char *p, size_t len, size_t at, size_t tsize, struct block *b,
           struct ho_diag *diag)
{
    ho_rc rc = read_header(p + at, len - at, &b->h, diag);
    if (rc == HO_OK)
        rc = check_counts(&b->h, diag);
    if (rc != HO_OK)
        return rc;
    if (len - at - HEADER_LEN < block_len(&b->h, tsize))
        return ho_diag_set(diag, HO_EPARSE, "truncated TZif data block");
    b->tsize = tsize;
    b->times = p + at + HEADER_LEN;
    b->idx = b->times + b->h.times * tsize;
    b->types = b->idx + b->h.times;
    return check_block(b, diag);
}

/*
 * The block to use: the first one of a version 1 file; otherwise the
 * 64-bit one after it (the version 1 block is skipped unchecked, as RFC 8536
 * tells version 2+ readers), with the footer rule into *rule.
 */
static ho_rc
find_block(const unsigned char *p, size_t len, struct block *b, struct ho_tz_rule *rule,
           struct ho_diag *diag)
{
    struct header h1;
    ho_rc rc = read_header(p, len, &h1, diag);
    if (rc != HO_OK)
        return rc;
    if (h1.version == 0)
        return read_block(p, len, 0, 4, b, diag);
    uint64_t skip = HEADER_LEN + block_len(&h1, 4);
    if (skip > len)
        return ho_diag_set(diag, HO_EPARSE, "truncated TZif version 1 data block");
    rc = read_block(p, len, (size_t)skip, 8, b, diag);
    if (rc != HO_OK)
        return rc;
    size_t end = (size_t)skip + HEADER_LEN + (size_t)block_len(&b->h, 8);
    return read_footer(p + end, len - end, rule, diag);
}

ho_rc
ho_tzif_parse(const void *data, size_t len, const char *name, struct ho_tz *out,
              struct ho_diag *diag)
{
    struct block b;
    struct ho_tz_rule rule;
    struct table t;
    memset(out, 0, sizeof(*out));
    memset(&b, 0, sizeof(b));
    memset(&rule, 0, sizeof(rule));
    rule.empty = true;
    if (data == NULL && len > 0)
        return ho_diag_set(diag, HO_EINVAL, "TZif data is NULL");
    if (len > HO_TZIF_MAX_BYTES)
        return ho_diag_set(diag, HO_ELIMIT, "TZif file is %zu bytes; the limit is %zu", len,
                           HO_TZIF_MAX_BYTES);
    if (len < HEADER_LEN)
        return ho_diag_set(diag, HO_EPARSE, "truncated TZif header");
    ho_rc rc = find_block(data, len, &b, &rule, diag);
    if (rc != HO_OK)
        return rc;
    int64_t last_ms = block_table(&b, &t);
    table_expand(&t, &rule, last_ms);
    out->name = name != NULL ? ho_xstrdup(name) : NULL;
    out->at = t.at; /* transferred */
    out->offset_s = t.off;
    out->n = t.n;
    return HO_OK;
}

/* ---- zone files ------------------------------------------------------------- */

bool
ho_tz_name_ok(const char *name, size_t len)
{
    if (name == NULL || len == 0 || len > HO_TZ_NAME_MAX || name[0] == '/')
        return false;
    bool component_start = true;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        if (c == '.' && i + 1 < len && name[i + 1] == '.')
            return false;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-' || c == '+' || c == '/' || c == '.';
        if (!ok || (component_start && (c == '/' || c == '.')))
            return false;
        component_start = c == '/';
    }
    return !component_start;
}

static void
builtin_utc(const char *name, struct ho_tz *out)
{
    out->name = ho_xstrdup(name);
    out->at = ho_xcalloc(1, sizeof(*out->at));
    out->offset_s = ho_xcalloc(1, sizeof(*out->offset_s));
    out->at[0] = INT64_MIN;
    out->n = 1;
}

static ho_rc
io_error(struct ho_diag *diag, int err, const char *what, const char *path)
{
    ho_diag_set(diag, HO_EIO, "%s '%s': %s", what, path, strerror(err));
    if (diag != NULL)
        diag->sys_errno = err;
    return HO_EIO;
}

/* Why opening a zone failed: no such zone, or no zone database at all. */
static ho_rc
open_failed(const char *dir, const char *name, const char *path, int err, struct ho_diag *diag)
{
    struct stat st;
    if (err != ENOENT && err != ENOTDIR)
        return io_error(diag, err, "cannot open time zone file", path);
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        ho_diag_set(diag, HO_EIO, "time zone database '%s' not found — install tzdata", dir);
        if (diag != NULL)
            diag->sys_errno = ENOENT;
        return HO_EIO;
    }
    return ho_diag_set(diag, HO_ENOTFOUND, "unknown time zone '%s'", name);
}

/* Read all of the regular file fd (at most HO_TZIF_MAX_BYTES). */
static ho_rc
read_zone(int fd, const char *path, const char *name, unsigned char **out, size_t *len,
          struct ho_diag *diag)
{
    struct stat st;
    *out = NULL;
    *len = 0;
    if (fstat(fd, &st) != 0)
        return io_error(diag, errno, "cannot read time zone file", path);
    if (S_ISDIR(st.st_mode))
        return ho_diag_set(diag, HO_ENOTFOUND, "'%s' is a group of time zones, not a zone", name);
    if (!S_ISREG(st.st_mode))
        return ho_diag_set(diag, HO_EPARSE, "time zone file '%s' is not a regular file", path);
    if (st.st_size < 0 || (uint64_t)st.st_size > HO_TZIF_MAX_BYTES)
        return ho_diag_set(diag, HO_ELIMIT, "time zone file '%s' is larger than %zu bytes", path,
                           HO_TZIF_MAX_BYTES);
    unsigned char *buf = ho_xmalloc(HO_TZIF_MAX_BYTES + 1);
    size_t got = 0;
    while (got <= HO_TZIF_MAX_BYTES) {
        ssize_t r = read(fd, buf + got, HO_TZIF_MAX_BYTES + 1 - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int err = errno;
            ho_xfree(buf);
            return io_error(diag, err, "cannot read time zone file", path);
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    *out = buf;
    *len = got;
    return HO_OK;
}

ho_rc
ho_tz_load(const char *dir, const char *name, struct ho_tz *out, struct ho_diag *diag)
{
    char path[HO_TZ_NAME_MAX + 512];
    memset(out, 0, sizeof(*out));
    if (name == NULL || !ho_tz_name_ok(name, strlen(name)))
        return ho_diag_set(diag, HO_EINVAL, "'%.64s' is not a time zone name",
                           name != NULL ? name : "");
    if (strcmp(name, "UTC") == 0 || strcmp(name, "Etc/UTC") == 0) {
        builtin_utc(name, out);
        return HO_OK;
    }
    if (dir == NULL)
        dir = HO_TZ_DIR;
    int w = snprintf(path, sizeof(path), "%s/%s", dir, name);
    if (w < 0 || (size_t)w >= sizeof(path))
        return ho_diag_set(diag, HO_EINVAL, "time zone directory path is too long");
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return open_failed(dir, name, path, errno, diag);
    unsigned char *buf;
    size_t len;
    ho_rc rc = read_zone(fd, path, name, &buf, &len, diag);
    (void)close(fd); /* read-only: nothing to lose */
    if (rc == HO_OK && buf != NULL)
        rc = ho_tzif_parse(buf, len, name, out, diag);
    ho_xfree(buf);
    return rc;
}

void
ho_tzif_release(struct ho_tz *tz)
{
    if (tz == NULL)
        return;
    ho_xfree(tz->name);
    ho_xfree(tz->at);
    ho_xfree(tz->offset_s);
    memset(tz, 0, sizeof(*tz));
}
