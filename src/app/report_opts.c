/* SPDX-License-Identifier: MIT */
/*
 * app/report_opts.c - report options: the kinds every report draws from,
 * parsing a value by its kind, defaults, and "name=value" pairs.
 */
#include <math.h>
#include <string.h>

#include "app/report_int.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "core/attribution.h"
#include "core/dims.h"
#include "core/funnel.h"
#include "core/match.h"

/* Every option any report takes.  The ranges are the ones the CLI has
 * always enforced (--delta -100..100, --months 1..120, ...). */
const struct ho_report_opt_kind ho_ropt_from = { .name = "from", .type = HO_ROPT_TIME };
const struct ho_report_opt_kind ho_ropt_to = { .name = "to", .type = HO_ROPT_TIME };
const struct ho_report_opt_kind ho_ropt_at = { .name = "at", .type = HO_ROPT_AT };
const struct ho_report_opt_kind ho_ropt_by = { .name = "by", .type = HO_ROPT_DIM };
const struct ho_report_opt_kind ho_ropt_period = { .name = "period", .type = HO_ROPT_PERIOD };
const struct ho_report_opt_kind ho_ropt_flow = { .name = "flow", .type = HO_ROPT_FLAG };
const struct ho_report_opt_kind ho_ropt_window = { .name = "window", .type = HO_ROPT_DURATION };
const struct ho_report_opt_kind ho_ropt_stage = { .name = "stage", .type = HO_ROPT_TEXT };
const struct ho_report_opt_kind ho_ropt_delta = {
    .name = "delta", .type = HO_ROPT_NUMBER, .lo = -100, .hi = 100
};
const struct ho_report_opt_kind ho_ropt_months = {
    .name = "months", .type = HO_ROPT_COUNT, .lo = 1, .hi = 120, .unit = "months"
};
const struct ho_report_opt_kind ho_ropt_visitors = {
    .name = "visitors", .type = HO_ROPT_NUMBER, .lo = 0, .hi = 1e15
};
const struct ho_report_opt_kind ho_ropt_rates = { .name = "rates", .type = HO_ROPT_TEXT };
const struct ho_report_opt_kind ho_ropt_deal = {
    .name = "deal", .type = HO_ROPT_NUMBER, .lo = 0, .hi = 1e15
};
const struct ho_report_opt_kind ho_ropt_gross_margin = { .name = "gross-margin",
                                                         .type = HO_ROPT_PERCENT };
const struct ho_report_opt_kind ho_ropt_model = { .name = "model", .type = HO_ROPT_MODEL };

static const struct ho_report_opt_kind *const kinds[] = {
    &ho_ropt_from,     &ho_ropt_to,     &ho_ropt_at,    &ho_ropt_by,           &ho_ropt_period,
    &ho_ropt_flow,     &ho_ropt_window, &ho_ropt_stage, &ho_ropt_delta,        &ho_ropt_months,
    &ho_ropt_visitors, &ho_ropt_rates,  &ho_ropt_deal,  &ho_ropt_gross_margin, &ho_ropt_model,
};

const struct ho_report_opt_kind *
ho_report_opt_kind_find(const char *name)
{
    for (size_t i = 0; i < HO_ARRAY_LEN(kinds); i++) {
        if (strcmp(kinds[i]->name, name) == 0)
            return kinds[i];
    }
    return NULL;
}

/* A parsed value, before it is stored by type. */
union value {
    int64_t i64;
    int i;
    double d;
    bool b;
    const char *text;
};

static ho_rc
parse_time(const char *v, union value *out, struct ho_diag *diag)
{
    struct ho_diag why = { 0 };
    if (ho_time_parse(v, strlen(v), &out->i64, &why) != HO_OK)
        return ho_diag_set(diag, HO_EINVAL,
                           "'%s': %s (write e.g. 2026-03-02 or 2026-03-02T14:05:09Z)", v, why.msg);
    return HO_OK;
}

static ho_rc
parse_number(const struct ho_report_opt_kind *k, const char *v, union value *out,
             struct ho_diag *diag)
{
    if (!ho_parse_number(v, &out->d) || out->d < k->lo || out->d > k->hi)
        return ho_diag_set(diag, HO_EINVAL, "'%s': write a number from %g to %g", v, k->lo, k->hi);
    return HO_OK;
}

static ho_rc
parse_count(const struct ho_report_opt_kind *k, const char *v, union value *out,
            struct ho_diag *diag)
{
    ho_rc rc = parse_number(k, v, out, diag);
    if (rc != HO_OK)
        return rc;
    if (out->d != floor(out->d))
        return ho_diag_set(diag, HO_EINVAL, "'%s': write a whole number of %s", v, k->unit);
    out->i64 = (int64_t)out->d;
    return HO_OK;
}

static ho_rc
parse_choice(const struct ho_report_opt_kind *k, const char *v, union value *out,
             struct ho_diag *diag)
{
    enum ho_dim dim;
    enum ho_cohort_period period;
    enum ho_attr_model model;
    switch (k->type) {
    case HO_ROPT_DIM:
        if (!ho_dim_parse(v, &dim))
            return ho_diag_set(diag, HO_EINVAL, "'%s': reports can be split by: %s", v,
                               ho_dim_list());
        out->i = (int)dim;
        return HO_OK;
    case HO_ROPT_PERIOD:
        if (!ho_cohort_period_parse(v, &period))
            return ho_diag_set(diag, HO_EINVAL, "'%s': write month, quarter or all", v);
        out->i = (int)period;
        return HO_OK;
    default:
        if (!ho_attr_model_parse(v, &model))
            return ho_diag_set(diag, HO_EINVAL,
                               "'%s': write first, last, linear, u, w, full or decay", v);
        out->i = (int)model;
        return HO_OK;
    }
}

static ho_rc
parse_flag(const char *v, union value *out, struct ho_diag *diag)
{
    if (!v || !*v || !strcmp(v, "true") || !strcmp(v, "1"))
        out->b = true;
    else if (!strcmp(v, "false") || !strcmp(v, "0"))
        out->b = false;
    else
        return ho_diag_set(diag, HO_EINVAL, "'%s': write true or false", v);
    return HO_OK;
}

static ho_rc
parse_value(const struct ho_report_opt_kind *k, const char *v, union value *out,
            struct ho_diag *diag)
{
    if (k->type == HO_ROPT_FLAG)
        return parse_flag(v, out, diag);
    if (!v)
        return ho_diag_set(diag, HO_EINVAL, "'': give a value");
    switch (k->type) {
    case HO_ROPT_AT:
        if (strcmp(v, "now") == 0)
            return HO_OK;
        return parse_time(v, out, diag);
    case HO_ROPT_TIME:
        return parse_time(v, out, diag);
    case HO_ROPT_DURATION:
        if (ho_duration_parse(v, strlen(v), &out->i64, NULL) != HO_OK || out->i64 <= 0 ||
            out->i64 > 3660 * HO_MS_PER_DAY)
            return ho_diag_set(diag, HO_EINVAL,
                               "'%s': write a duration from 1s to 3660d, e.g. 30d or 12w", v);
        return HO_OK;
    case HO_ROPT_NUMBER:
        return parse_number(k, v, out, diag);
    case HO_ROPT_COUNT:
        return parse_count(k, v, out, diag);
    case HO_ROPT_PERCENT:
        if (!ho_parse_number(v, &out->d) || !(out->d > 0 && out->d <= 100))
            return ho_diag_set(diag, HO_EINVAL,
                               "'%s': write a percentage above 0 and at most 100, e.g. 80", v);
        return HO_OK;
    case HO_ROPT_TEXT:
        out->text = v;
        return HO_OK;
    default:
        return parse_choice(k, v, out, diag);
    }
}

ho_rc
ho_report_opt_check(const struct ho_report_opt_kind *k, const char *value, struct ho_diag *diag)
{
    union value v = { 0 };
    return parse_value(k, value, &v, diag);
}

/* Store v at the option's place in opts, by its type. */
static void
store_value(const struct ho_report_opt *o, void *opts, const char *text, const union value *v)
{
    char *at = (char *)opts + o->off;
    switch (o->kind->type) {
    case HO_ROPT_AT: {
        struct ho_report_common *c = (struct ho_report_common *)(void *)at;
        c->at_given = true;
        c->at_now = strcmp(text, "now") == 0;
        if (!c->at_now)
            c->at = v->i64;
        break;
    }
    case HO_ROPT_TIME:
    case HO_ROPT_DURATION:
    case HO_ROPT_COUNT:
        memcpy(at, &v->i64, sizeof(v->i64));
        break;
    case HO_ROPT_NUMBER:
    case HO_ROPT_PERCENT:
        memcpy(at, &v->d, sizeof(v->d));
        break;
    case HO_ROPT_TEXT:
        memcpy(at, &v->text, sizeof(v->text));
        break;
    case HO_ROPT_FLAG:
        memcpy(at, &v->b, sizeof(v->b));
        break;
    default:
        memcpy(at, &v->i, sizeof(v->i));
        break;
    }
}

static const struct ho_report_opt *
find_opt(const struct ho_report_def *r, const char *name)
{
    for (size_t i = 0; i < r->n_opts; i++) {
        if (strcmp(r->opts[i].kind->name, name) == 0)
            return &r->opts[i];
    }
    return NULL;
}

ho_rc
ho_report_opts_set(const struct ho_report_def *r, void *opts, const char *name, const char *value,
                   struct ho_diag *diag)
{
    const struct ho_report_opt *o = find_opt(r, name);
    if (!o)
        return ho_diag_set(diag, HO_ENOTFOUND, "report '%s' has no option '%s'", r->name, name);
    union value v = { 0 };
    ho_rc rc = parse_value(o->kind, value, &v, diag);
    if (rc != HO_OK)
        return rc;
    store_value(o, opts, value ? value : "", &v);
    if (o->has_off) {
        bool given = true;
        memcpy((char *)opts + o->has_off - 1, &given, sizeof(given));
    }
    return HO_OK;
}

void *
ho_report_opts_new(const struct ho_report_def *r)
{
    void *opts = ho_xcalloc(1, r->opts_size);
    struct ho_report_common *c = opts; /* every options struct begins with it */
    c->from = INT64_MIN;
    c->to = INT64_MAX;
    for (size_t i = 0; i < r->n_opts; i++) {
        const struct ho_report_opt *o = &r->opts[i];
        union value v = { 0 };
        if (!o->dflt)
            continue;
        ho_rc rc = parse_value(o->kind, o->dflt, &v, NULL);
        HO_ASSERT(rc == HO_OK); /* a table's own default always parses */
        store_value(o, opts, o->dflt, &v);
    }
    return opts;
}

void
ho_report_opts_free(void *opts)
{
    ho_xfree(opts);
}

/* One "name=value" pair; the name is copied out to look it up. */
static ho_rc
apply_pair(const struct ho_report_def *r, void *opts, const char *pair, struct ho_diag *diag)
{
    const char *eq = strchr(pair, '=');
    if (!eq) { /* a bare name: a flag given (?flow) */
        const struct ho_report_opt_kind *k = ho_report_opt_kind_find(pair);
        if (k && k->type != HO_ROPT_FLAG)
            return ho_diag_set(diag, HO_EINVAL, "'%s': write %s=VALUE", pair, pair);
    }
    char *name = eq ? ho_xstrndup(pair, (size_t)(eq - pair)) : ho_xstrdup(pair);
    struct ho_diag why = { 0 };
    ho_rc rc = ho_report_opts_set(r, opts, name, eq ? eq + 1 : NULL, &why);
    if (rc == HO_EINVAL)
        ho_diag_set(diag, rc, "%s %s", name, why.msg);
    else if (rc != HO_OK)
        ho_diag_set(diag, rc, "%s", why.msg);
    ho_xfree(name);
    return rc;
}

ho_rc
ho_report_opts_apply(const struct ho_report_def *r, void *opts, const char *const *pairs, size_t n,
                     struct ho_diag *diag)
{
    for (size_t i = 0; i < n; i++) {
        ho_rc rc = apply_pair(r, opts, pairs[i], diag);
        if (rc != HO_OK)
            return rc;
    }
    return HO_OK;
}
