/* SPDX-License-Identifier: MIT */
/*
 * core/whatif.c - measured funnel inputs and what-if projections.
 */
#include "core/whatif.h"

#include <string.h>

#include "base/timefmt.h"
#include "core/match.h"

static const char *const rate_names[HO_WI_RATE__COUNT] = {
    [HO_WI_VISITOR_LEAD] = "visitor_lead",
    [HO_WI_LEAD_MQL] = "lead_mql",
    [HO_WI_MQL_SQL] = "mql_sql",
    [HO_WI_SQL_OPPORTUNITY] = "sql_opportunity",
    [HO_WI_OPPORTUNITY_CUSTOMER] = "opportunity_customer",
};
static const char *const volume_names[HO_WI_VOLUME__COUNT] = {
    [HO_WI_VISITORS] = "visitors",
    [HO_WI_LEADS] = "leads",
    [HO_WI_MQLS] = "mqls",
    [HO_WI_SQLS] = "sqls",
    [HO_WI_OPPORTUNITIES] = "opportunities",
    [HO_WI_CUSTOMERS] = "customers",
};

const char *
ho_wi_rate_name(enum ho_wi_rate r)
{
    return (unsigned)r < HO_WI_RATE__COUNT ? rate_names[r] : "?";
}

bool
ho_wi_rate_parse(const char *name, enum ho_wi_rate *out)
{
    for (int r = 0; r < HO_WI_RATE__COUNT; r++) {
        if (strcmp(name, rate_names[r]) == 0) {
            *out = (enum ho_wi_rate)r;
            return true;
        }
    }
    return false;
}

const char *
ho_wi_volume_name(enum ho_wi_volume v)
{
    return (unsigned)v < HO_WI_VOLUME__COUNT ? volume_names[v] : "?";
}

/* The funnel transitions measured for the whatif rates. */
static void
set_rate(struct ho_whatif_input *in, struct ho_whatif_measured *m, enum ho_wi_rate r,
         struct ho_rate measured)
{
    m->rate[r] = measured;
    in->has_rate[r] = measured.den > 0;
    in->rate_pct[r] = measured.den ? ho_rate_pct(measured) : 0.0;
}

ho_rc
ho_whatif_measure(const struct ho_journey_row *rows, size_t n, int64_t as_of, int64_t months,
                  struct ho_whatif_input *in, struct ho_whatif_measured *m, struct ho_diag *diag)
{
    memset(in, 0, sizeof(*in));
    memset(m, 0, sizeof(*m));
    in->start = HO_WI_MQLS;
    if (months < 1 || months > 1200)
        return ho_diag_set(diag, HO_EINVAL, "months must be 1 to 1200, not %lld",
                           (long long)months);
    int64_t last = ho_time_month_index(as_of); /* not complete: excluded */
    m->first_month = last - months;
    m->months = months;
    struct ho_funnel_opts o = { .whole_period = true,
                                .from_ms = ho_month_index_start(m->first_month),
                                .to_ms = ho_month_index_start(last),
                                .as_of = as_of };
    struct ho_funnel f;
    ho_funnel_compute(rows, n, &o, NULL, &f);
    if (f.n) {
        const struct ho_funnel_cohort *c = &f.cohorts[0];
        m->mqls = c->reached[HO_STAGE_MQL];
        set_rate(in, m, HO_WI_MQL_SQL, ho_funnel_rate(c, HO_TR_MQL_SQL));
        set_rate(in, m, HO_WI_SQL_OPPORTUNITY, ho_funnel_rate(c, HO_TR_SQL_OPPORTUNITY));
        set_rate(in, m, HO_WI_OPPORTUNITY_CUSTOMER, ho_funnel_rate(c, HO_TR_OPPORTUNITY_CUSTOMER));
    }
    ho_funnel_release(&f);
    for (size_t i = 0; i < n; i++) {
        const struct ho_journey *j = &rows[i].j;
        int64_t start = ho_journey_start(j);
        if (start < o.from_ms || start >= o.to_ms || j->furthest != HO_STAGE_CUSTOMER ||
            !j->has_amount)
            continue;
        m->won_with_amount++;
        m->won_amount += j->amount;
    }
    in->start_volume = (double)m->mqls / (double)months;
    in->has_deal = m->won_with_amount > 0;
    in->deal = in->has_deal ? m->won_amount / (double)m->won_with_amount : 0.0;
    return HO_OK;
}

/* Parse one "name=pct" item of length len. */
static ho_rc
parse_item(const char *item, size_t len, struct ho_whatif_input *in, struct ho_diag *diag)
{
    char buf[64];
    if (len == 0 || len >= sizeof(buf))
        return ho_diag_set(diag, HO_EPARSE, "rate '%.*s': write name=percent, e.g. mql_sql=13",
                           (int)(len < 40 ? len : 40), item);
    memcpy(buf, item, len);
    buf[len] = '\0';
    char *eq = strchr(buf, '=');
    if (!eq)
        return ho_diag_set(diag, HO_EPARSE, "rate '%s': write name=percent, e.g. mql_sql=13", buf);
    *eq = '\0';
    enum ho_wi_rate r;
    if (!ho_wi_rate_parse(buf, &r))
        return ho_diag_set(diag, HO_EPARSE,
                           "unknown rate '%s' (known: visitor_lead, lead_mql, mql_sql, "
                           "sql_opportunity, opportunity_customer)",
                           buf);
    double v;
    if (!ho_parse_number(eq + 1, &v) || v < 0 || v > 100)
        return ho_diag_set(diag, HO_EPARSE, "rate %s '%s': write a percentage from 0 to 100", buf,
                           eq + 1);
    if (in->has_rate[r])
        return ho_diag_set(diag, HO_EPARSE, "rate '%s' is given twice", buf);
    in->has_rate[r] = true;
    in->rate_pct[r] = v;
    return HO_OK;
}

ho_rc
ho_whatif_parse_rates(const char *text, struct ho_whatif_input *in, struct ho_diag *diag)
{
    const char *p = text;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        ho_rc rc = parse_item(p, len, in, diag);
        if (rc != HO_OK)
            return rc;
        if (!comma)
            return HO_OK;
        p = comma + 1;
    }
}

static void
project(const struct ho_whatif_input *in, struct ho_whatif_projection *out)
{
    memset(out, 0, sizeof(*out));
    out->has[in->start] = true;
    out->volume[in->start] = in->start_volume;
    for (int k = in->start; k < HO_WI_CUSTOMERS; k++) {
        if (!out->has[k] || !in->has_rate[k])
            break;
        out->has[k + 1] = true;
        out->volume[k + 1] = out->volume[k] * in->rate_pct[k] / 100.0;
    }
    out->has_revenue = out->has[HO_WI_CUSTOMERS] && in->has_deal;
    out->revenue = out->has_revenue ? out->volume[HO_WI_CUSTOMERS] * in->deal : 0.0;
}

static double
clamp_pct(double v)
{
    return v < 0.0 ? 0.0 : v > 100.0 ? 100.0 : v;
}

static void
difference(const struct ho_whatif_projection *a, const struct ho_whatif_projection *b,
           struct ho_whatif_projection *d)
{
    memset(d, 0, sizeof(*d));
    for (int k = 0; k < HO_WI_VOLUME__COUNT; k++) {
        d->has[k] = a->has[k] && b->has[k];
        d->volume[k] = d->has[k] ? b->volume[k] - a->volume[k] : 0.0;
    }
    d->has_revenue = a->has_revenue && b->has_revenue;
    d->revenue = d->has_revenue ? b->revenue - a->revenue : 0.0;
}

ho_rc
ho_whatif_project(const struct ho_whatif_input *in, bool change, enum ho_wi_rate stage,
                  double delta_pts, struct ho_whatif_result *out, struct ho_diag *diag)
{
    memset(out, 0, sizeof(*out));
    project(in, &out->before);
    out->after = out->before;
    difference(&out->before, &out->after, &out->diff);
    if (!change)
        return HO_OK;
    if ((unsigned)stage >= HO_WI_RATE__COUNT || (int)stage < (int)in->start)
        return ho_diag_set(diag, HO_EINVAL, "rate '%s' is not part of a funnel that starts at %s",
                           ho_wi_rate_name(stage), ho_wi_volume_name(in->start));
    struct ho_whatif_change *chg = &out->change;
    chg->active = true;
    chg->stage = stage;
    chg->delta_pts = delta_pts;
    chg->has_before = in->has_rate[stage];
    if (!chg->has_before)
        return HO_OK; /* an unknown rate stays unknown: nothing to change */
    struct ho_whatif_input changed = *in;
    chg->before_pct = in->rate_pct[stage];
    double wanted = in->rate_pct[stage] + delta_pts;
    chg->after_pct = clamp_pct(wanted);
    chg->applied_pts = chg->after_pct - chg->before_pct;
    chg->clamped = chg->after_pct != wanted;
    changed.rate_pct[stage] = chg->after_pct;
    project(&changed, &out->after);
    difference(&out->before, &out->after, &out->diff);
    return HO_OK;
}
