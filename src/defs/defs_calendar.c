/* SPDX-License-Identifier: MIT */
/*
 * defs/defs_calendar.c - the `calendar` section: the time zone SLA clocks
 * count in, weekly opening hours and holidays.
 *
 *     calendar:
 *       timezone: America/New_York
 *       hours: { mon-fri: "08:00-18:00", sat: "10:00-14:00", sun: closed }
 *       holidays: [2026-12-25, 2027-01-01]
 *
 * The zone is read from the system's zone database here (defs/tzif.c), so
 * that core converts times without I/O.  Days without hours are closed.
 */
#include "defs/defs_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/xalloc.h"
#include "defs/defs_yaml.h"
#include "defs/tzif.h"

#define DAYS        7
#define DAY_MINUTES 1440
#define ZONE_HINT   "use an IANA name such as America/New_York, Europe/Berlin or UTC"

enum { CAL_TIMEZONE, CAL_HOURS, CAL_HOLIDAYS, CAL__COUNT };
static const struct ho_yn_key calendar_keys[] = {
    { "timezone", "timezone: America/New_York", true },
    { "hours", "hours: { mon-fri: \"08:00-18:00\" }", true },
    { "holidays", "holidays: [2026-12-25, 2027-01-01]", false },
};
static const struct ho_yn_shape calendar_shape = HO_YN_SHAPE(
    "the calendar", "calendar: { timezone: America/New_York, hours: { mon-fri: \"08:00-18:00\" } }",
    calendar_keys);

static const char *const day_short[DAYS] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
static const char *const day_long[DAYS] = { "monday", "tuesday",  "wednesday", "thursday",
                                            "friday", "saturday", "sunday" };

/* ---- timezone ---------------------------------------------------------------- */

void
ho_dl_timezone(struct ho_dl *L, const struct ho_yn_field *f, struct ho_tz *tz)
{
    const char *name;
    struct ho_diag d;
    if (!ho_yn_text(L, f, &name))
        return;
    if (!ho_tz_name_ok(name, f->val->len)) {
        ho_dl_problem(L, f->val->pos, "'%.64s' is not a time zone name — " ZONE_HINT, name);
        return;
    }
    ho_diag_clear(&d);
    ho_rc rc = ho_tz_load(NULL, name, tz, &d);
    switch (rc) {
    case HO_OK:
        return;
    case HO_ENOTFOUND:
        ho_dl_problem(L, f->val->pos, "%s — " ZONE_HINT " (see %s)", d.msg, HO_TZ_DIR);
        return;
    case HO_EIO:
        ho_dl_problem(L, f->val->pos, "cannot load time zone '%.64s': %s", name, d.msg);
        return;
    default:
        ho_dl_problem(L, f->val->pos,
                      "time zone '%.64s' cannot be used: %s — " ZONE_HINT ", or reinstall tzdata",
                      name, d.msg);
        return;
    }
}

/* ---- hours ------------------------------------------------------------------ */

/* 0 = Monday .. 6 = Sunday, or -1; "mon" and "monday" in any case. */
static int
day_index(const char *s, size_t len)
{
    for (int i = 0; i < DAYS; i++) {
        if ((len == 3 && strncasecmp(s, day_short[i], 3) == 0) ||
            (len == strlen(day_long[i]) && strncasecmp(s, day_long[i], len) == 0))
            return i;
    }
    return -1;
}

static void
unknown_day(struct ho_dl *L, const struct ho_yn *key, const char *part, size_t len)
{
    char word[16];
    struct ho_suggest s;
    (void)snprintf(word, sizeof(word), "%.*s", (int)(len < 15 ? len : 15), part);
    ho_suggest_init(&s, word);
    for (int i = 0; i < DAYS; i++) {
        ho_suggest_try(&s, day_short[i]);
        ho_suggest_try(&s, day_long[i]);
    }
    if (s.best != NULL)
        ho_dl_problem(L, key->pos, "unknown day '%.*s' in hours — did you mean '%s'?",
                      (int)(len < 64 ? len : 64), part, s.best);
    else
        ho_dl_problem(L, key->pos,
                      "unknown day '%.*s' in hours — write mon, tue, wed, thu, fri, sat or sun, "
                      "or a range such as mon-fri",
                      (int)(len < 64 ? len : 64), part);
}

/* "mon", "sat" or "mon-fri" into [*first, *last]; false (reported) otherwise. */
static bool
parse_days(struct ho_dl *L, const struct ho_yn *key, int *first, int *last)
{
    const char *dash = memchr(key->text, '-', key->len);
    size_t len1 = dash != NULL ? (size_t)(dash - key->text) : key->len;
    *first = day_index(key->text, len1);
    if (*first < 0) {
        unknown_day(L, key, key->text, len1);
        return false;
    }
    *last = *first;
    if (dash == NULL)
        return true;
    size_t len2 = key->len - len1 - 1;
    *last = day_index(dash + 1, len2);
    if (*last < 0) {
        unknown_day(L, key, dash + 1, len2);
        return false;
    }
    if (*last < *first) {
        ho_dl_problem(L, key->pos,
                      "day range '%.64s' runs backwards — weeks run mon to sun here; write e.g. "
                      "mon-fri, or give the days separately",
                      key->text);
        return false;
    }
    return true;
}

/* Digits at s[*i], 1 or 2 of them. */
static bool
two_digits(const char *s, size_t len, size_t *i, int *out)
{
    int v = 0;
    size_t n = 0;
    while (*i < len && n < 2 && s[*i] >= '0' && s[*i] <= '9') {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        n++;
    }
    *out = v;
    return n > 0;
}

/* "HH:MM" at s[*i] as minutes since midnight; "24:00" allowed. */
static bool
clock_time(const char *s, size_t len, size_t *i, int32_t *out)
{
    int h = 0;
    int m = 0;
    size_t start = *i;
    if (!two_digits(s, len, i, &h) || *i >= len || s[*i] != ':')
        return false;
    (*i)++;
    size_t mstart = *i;
    if (!two_digits(s, len, i, &m) || *i - mstart != 2 || *i - start < 4)
        return false;
    if (h > 24 || m > 59 || (h == 24 && m != 0))
        return false;
    *out = h * 60 + m;
    return true;
}

static void
skip_spaces(const char *s, size_t len, size_t *i)
{
    while (*i < len && s[*i] == ' ')
        (*i)++;
}

/* "08:00-18:00" into open/close minutes. */
static bool
parse_interval(const char *s, size_t len, int32_t *open, int32_t *close)
{
    size_t i = 0;
    if (!clock_time(s, len, &i, open))
        return false;
    skip_spaces(s, len, &i);
    if (i >= len || s[i] != '-')
        return false;
    i++;
    skip_spaces(s, len, &i);
    return clock_time(s, len, &i, close) && i == len;
}

/* The hours of one entry; false (reported) when unusable. closed: 0-0. */
static bool
read_interval(struct ho_dl *L, const struct ho_yn *key, const struct ho_yn *val, int32_t *open,
              int32_t *close)
{
    char example[96];
    (void)snprintf(example, sizeof(example), "%.16s: \"08:00-18:00\"", key->text);
    struct ho_yn_key spec = { key->text, example, false };
    struct ho_yn_field f = { &spec, key, val };
    const char *text;
    *open = *close = 0;
    if (val == NULL)
        return false; /* not reached: every key of a mapping has a value node */
    if (val->kind == HO_YN_SEQ) {
        ho_dl_problem(L, val->pos,
                      "one opening interval per day, not a list — write %s (a lunch break cannot "
                      "be expressed)",
                      example);
        return false;
    }
    if (!ho_yn_text(L, &f, &text))
        return false;
    if (strcasecmp(text, "closed") == 0)
        return true;
    if (!parse_interval(text, strlen(text), open, close)) {
        ho_dl_problem(L, val->pos,
                      "bad hours '%.40s' for '%.16s' — write \"HH:MM-HH:MM\" in 24-hour time, "
                      "e.g. %s, or closed",
                      text, key->text, example);
        return false;
    }
    if (*open >= *close) {
        ho_dl_problem(L, val->pos,
                      "hours '%.40s' close before they open — write the opening time first; "
                      "hours that run past midnight are not supported (24:00 is the end of the "
                      "day)",
                      text);
        *open = *close = 0;
        return false;
    }
    return true;
}

static void
read_hours(struct ho_dl *L, const struct ho_yn_field *f, struct ho_calendar *cal)
{
    const struct ho_yn *set_by[DAYS] = { NULL };
    if (!ho_yn_check_map(L, f, HO_DEFS_MAX_ITEMS))
        return;
    const struct ho_yn *map = f->val;
    bool usable = true;
    for (size_t i = 0; i + 1 < map->n_kids; i += 2) {
        const struct ho_yn *key = map->kids[i];
        int first;
        int last;
        int32_t open;
        int32_t close;
        if (key->kind != HO_YN_SCALAR || !parse_days(L, key, &first, &last)) {
            usable = false;
            continue; /* reported */
        }
        usable = read_interval(L, key, map->kids[i + 1], &open, &close) && usable;
        for (int d = first; d <= last; d++) {
            if (set_by[d] != NULL) {
                ho_dl_problem(L, key->pos,
                              "'%.16s' gives hours for %s again (already given by '%.16s' at "
                              "line %u) — give each day once",
                              key->text, day_short[d], set_by[d]->text, set_by[d]->pos.line);
                usable = false;
                continue;
            }
            set_by[d] = key;
            cal->open_min[d] = open;
            cal->close_min[d] = close;
        }
    }
    bool any_open = false;
    for (int d = 0; d < DAYS; d++)
        any_open = any_open || cal->open_min[d] < cal->close_min[d];
    if (usable && !any_open)
        ho_dl_problem(L, map->pos,
                      "the calendar is closed every day, so business-time SLA clocks would never "
                      "run — give some days hours, e.g. mon-fri: \"08:00-18:00\"");
}

/* ---- holidays ------------------------------------------------------------------ */

struct dated {
    int64_t day;
    const struct ho_yn *node;
};

static int
cmp_dated(const void *a, const void *b)
{
    const struct dated *x = a;
    const struct dated *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    if (x->node->pos.line != y->node->pos.line)
        return x->node->pos.line < y->node->pos.line ? -1 : 1;
    return x->node->pos.column < y->node->pos.column ? -1
                                                     : (x->node->pos.column > y->node->pos.column);
}

static void
read_holidays(struct ho_dl *L, const struct ho_yn_field *f, struct ho_calendar *cal)
{
    if (!ho_yn_seq(L, f, HO_DEFS_MAX_ITEMS))
        return;
    size_t n = 0;
    struct dated *v = ho_xcalloc(f->val->n_kids + 1, sizeof(*v));
    for (size_t i = 0; i < f->val->n_kids; i++) {
        struct ho_yn_field item = { f->spec, f->key, f->val->kids[i] };
        if (ho_yn_date(L, &item, &v[n].day)) {
            v[n].node = item.val;
            n++;
        }
    }
    if (n > 1)
        qsort(v, n, sizeof(*v), cmp_dated);
    cal->holidays = ho_xcalloc(n + 1, sizeof(*cal->holidays));
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && v[i].day == v[i - 1].day) {
            ho_dl_problem(L, v[i].node->pos,
                          "holiday %.16s is listed twice (also at line %u) — "
                          "list it once",
                          v[i].node->text, v[i - 1].node->pos.line);
            continue;
        }
        cal->holidays[cal->n_holidays++] = v[i].day;
    }
    ho_xfree(v);
}

/* ---- the section ----------------------------------------------------------------- */

void
ho_dl_calendar(struct ho_dl *L, const struct ho_yn *node, struct ho_calendar *cal)
{
    struct ho_yn_field f[CAL__COUNT];
    cal->pos = node->pos;
    if (!ho_yn_fields(L, node, &calendar_shape, f))
        return;
    cal->defined = true;
    if (f[CAL_TIMEZONE].key != NULL)
        ho_dl_timezone(L, &f[CAL_TIMEZONE], &cal->tz);
    if (f[CAL_HOURS].key != NULL)
        read_hours(L, &f[CAL_HOURS], cal);
    if (f[CAL_HOLIDAYS].key != NULL && !ho_yn_is_null(f[CAL_HOLIDAYS].val))
        read_holidays(L, &f[CAL_HOLIDAYS], cal);
}
