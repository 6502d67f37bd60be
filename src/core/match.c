/* SPDX-License-Identifier: MIT */
/*
 * core/match.c - typed comparison of text values against conditions.
 */
#include "core/match.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/defs.h"
#include "core/event.h"

bool
ho_parse_number(const char *text, double *out)
{
    while (isspace((unsigned char)*text))
        text++;
    if (!*text)
        return false;
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || errno == ERANGE || !isfinite(v))
        return false;
    while (isspace((unsigned char)*end))
        end++;
    if (*end)
        return false;
    *out = v;
    return true;
}

/* 1 true, 0 false, -1 not a boolean. */
static int
parse_bool(const char *s)
{
    if (!strcasecmp(s, "true") || !strcasecmp(s, "yes") || !strcmp(s, "1"))
        return 1;
    if (!strcasecmp(s, "false") || !strcasecmp(s, "no") || !strcmp(s, "0"))
        return 0;
    return -1;
}

static bool
equals_typed(const char *value, const char *want)
{
    int wb = (!strcasecmp(want, "true") || !strcasecmp(want, "false")) ? parse_bool(want) : -1;
    if (wb >= 0)
        return parse_bool(value) == wb;
    double a, b;
    if (ho_parse_number(want, &b) && ho_parse_number(value, &a))
        return a == b;
    return strcasecmp(value, want) == 0;
}

static bool
ends_with_ci(const char *s, const char *suffix)
{
    size_t ls = strlen(s), lx = strlen(suffix);
    return lx <= ls && strcasecmp(s + ls - lx, suffix) == 0;
}

static bool
contains_ci(const char *s, const char *needle)
{
    size_t ln = strlen(needle);
    for (; *s; s++) {
        if (strncasecmp(s, needle, ln) == 0)
            return true;
    }
    return ln == 0;
}

static bool
compare_number(const struct ho_match *m, const char *text)
{
    double v;
    if (!ho_parse_number(text, &v))
        return false;
    switch (m->op) {
    case HO_MATCH_BETWEEN:
        return v >= m->lo && v <= m->hi;
    case HO_MATCH_GE:
        return v >= m->lo;
    case HO_MATCH_GT:
        return v > m->lo;
    case HO_MATCH_LE:
        return v <= m->lo;
    case HO_MATCH_LT:
        return v < m->lo;
    case HO_MATCH_EQUALS:
    case HO_MATCH_IN:
    case HO_MATCH_PREFIX:
    case HO_MATCH_SUFFIX:
    case HO_MATCH_CONTAINS:
    case HO_MATCH_REGEX:
    case HO_MATCH_EXISTS:
        break;
    }
    return false;
}

bool
ho_match_text(const struct ho_match *m, const char *text)
{
    if (!text || !*text)
        return false;
    switch (m->op) {
    case HO_MATCH_EXISTS:
        return true;
    case HO_MATCH_EQUALS:
    case HO_MATCH_IN:
        for (size_t i = 0; i < m->n_values; i++) {
            if (equals_typed(text, m->values[i]))
                return true;
        }
        return false;
    case HO_MATCH_PREFIX:
        return m->n_values && strncmp(text, m->values[0], strlen(m->values[0])) == 0;
    case HO_MATCH_SUFFIX:
        return m->n_values && ends_with_ci(text, m->values[0]);
    case HO_MATCH_CONTAINS:
        return m->n_values && contains_ci(text, m->values[0]);
    case HO_MATCH_REGEX:
        return m->re && regexec(m->re, text, 0, NULL, 0) == 0;
    case HO_MATCH_BETWEEN:
    case HO_MATCH_GE:
    case HO_MATCH_GT:
    case HO_MATCH_LE:
    case HO_MATCH_LT:
        return compare_number(m, text);
    }
    return false;
}

bool
ho_match_props(const struct ho_eventlog *log, const struct ho_match *where, size_t n,
               const struct ho_event *e)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t val = ho_event_prop(log, e, where[i].field_id);
        if (!ho_match_text(&where[i], ho_eventlog_str(log, val)))
            return false;
    }
    return true;
}
