/* SPDX-License-Identifier: MIT */
/*
 * ingest/validate.c - value checks on a decoded record (see validate.h).
 *
 * Runs once per record on the import path, so the common case (an event
 * that is not an opportunity, fields that are not blank) costs a few byte
 * comparisons and no allocation.
 */
#include "ingest/validate.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "core/event.h"

/* Longest value text quoted back in a message. */
#define MSG_VAL_MAX 64
/* Number texts up to this length are converted on the stack. */
#define NUM_STACK 128

static bool
slice_is(struct ho_slice s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len == n && memcmp(s.ptr, lit, n) == 0;
}

static int
shown_len(struct ho_slice s)
{
    return s.len > MSG_VAL_MAX ? MSG_VAL_MAX : (int)s.len;
}

static bool
is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

/* Present (not empty) but made of white space only. */
static bool
is_blank(struct ho_slice s)
{
    if (s.len == 0)
        return false;
    for (size_t i = 0; i < s.len; i++) {
        if (!is_space(s.ptr[i]))
            return false;
    }
    return true;
}

static ho_rc
check_blank(const struct ho_event_draft *d, struct ho_diag *diag)
{
    struct ho_draft_field fields[HO_DRAFT_N_FIELDS];
    ho_event_draft_fields(d, fields);
    for (size_t i = 0; i < HO_DRAFT_N_FIELDS; i++) {
        if (is_blank(*fields[i].s))
            return ho_diag_set(diag, HO_EPARSE, "field '%s' is blank", fields[i].name);
    }
    return HO_OK;
}

/* The value of props.key, or an empty slice. */
static struct ho_slice
prop(const struct ho_event_draft *d, const char *key)
{
    for (size_t i = 0; i < d->n_props; i++) {
        if (slice_is(d->props[i].key, key))
            return d->props[i].val;
    }
    return (struct ho_slice){ NULL, 0 };
}

static size_t
skip_digits(struct ho_slice s, size_t i)
{
    while (i < s.len && s.ptr[i] >= '0' && s.ptr[i] <= '9')
        i++;
    return i;
}

/* Is s decimal number text: -?D+(.D*)?([eE][+-]?D+)? or -?.D+(...)? */
static bool
is_number_text(struct ho_slice s)
{
    size_t i = 0;
    if (i < s.len && s.ptr[i] == '-')
        i++;
    size_t int_start = i;
    i = skip_digits(s, i);
    size_t digits = i - int_start;
    if (i < s.len && s.ptr[i] == '.') {
        size_t frac_start = ++i;
        i = skip_digits(s, i);
        digits += i - frac_start;
    }
    if (digits == 0)
        return false;
    if (i < s.len && (s.ptr[i] == 'e' || s.ptr[i] == 'E')) {
        i++;
        if (i < s.len && (s.ptr[i] == '+' || s.ptr[i] == '-'))
            i++;
        size_t exp_start = i;
        i = skip_digits(s, i);
        if (i == exp_start)
            return false;
    }
    return i == s.len;
}

/* strtod of number text s (is_number_text), with its errno. */
static double
to_double(struct ho_slice s, int *err)
{
    char stack[NUM_STACK];
    char *text = s.len < sizeof(stack) ? stack : ho_xmalloc(s.len + 1);
    memcpy(text, s.ptr, s.len);
    text[s.len] = '\0';
    errno = 0;
    double v = strtod(text, NULL);
    *err = errno;
    if (text != stack)
        ho_xfree(text);
    return v;
}

static ho_rc
check_amount(struct ho_slice v, const char *key, struct ho_diag *diag)
{
    int err;
    if (v.len == 0 || slice_is(v, "null"))
        return HO_OK; /* absent: JSON null, as at the top level */
    if (!is_number_text(v))
        return ho_diag_set(diag, HO_EPARSE, "props.%s is not a number: '%.*s'", key, shown_len(v),
                           v.ptr);
    double x = to_double(v, &err);
    if (v.ptr[0] == '-' && x != 0.0)
        return ho_diag_set(diag, HO_EPARSE, "props.%s is negative: %.*s", key, shown_len(v), v.ptr);
    if (!isfinite(x) || x > HO_INGEST_MAX_AMOUNT)
        return ho_diag_set(diag, HO_EPARSE, "props.%s is too large (more than 1e15): %.*s", key,
                           shown_len(v), v.ptr);
    if (err == ERANGE)
        return ho_diag_set(diag, HO_EPARSE, "props.%s is too small to represent: %.*s", key,
                           shown_len(v), v.ptr);
    return HO_OK;
}

static bool
carries_amount(struct ho_slice type)
{
    return slice_is(type, "opportunity_created") || slice_is(type, "opportunity_won") ||
           slice_is(type, "opportunity_lost");
}

ho_rc
ho_ingest_check_draft(const struct ho_event_draft *d, struct ho_diag *diag)
{
    ho_rc rc = check_blank(d, diag);
    if (rc != HO_OK)
        return rc;
    if (slice_is(d->type, "nurture") && (prop(d, "reason").len == 0 || is_blank(prop(d, "reason"))))
        return ho_diag_set(diag, HO_EPARSE, "nurture needs props.reason");
    if (!carries_amount(d->type))
        return HO_OK;
    rc = check_amount(prop(d, "amount"), "amount", diag);
    if (rc == HO_OK)
        rc = check_amount(prop(d, "monthly_amount"), "monthly_amount", diag);
    return rc;
}
