/* SPDX-License-Identifier: MIT */
/*
 * report/whatif.c - the what-if projection as a table, JSON or CSV.
 */
#include "report/report.h"

#include <inttypes.h>
#include <string.h>

#include "base/timefmt.h"
#include "core/whatif.h"
#include "report/report_int.h"

static const char *const volume_labels[HO_WI_VOLUME__COUNT] = {
    [HO_WI_VISITORS] = "visitors",
    [HO_WI_LEADS] = "leads",
    [HO_WI_MQLS] = "MQLs",
    [HO_WI_SQLS] = "SQLs",
    [HO_WI_OPPORTUNITIES] = "opportunities",
    [HO_WI_CUSTOMERS] = "customers",
};

static json_t *
num_or_null(bool has, double v)
{
    return has ? json_real(v) : json_null();
}

/* "%.2f" of v, or "n/a". */
static char *
fmt2(bool has, double v, char out[40])
{
    if (has)
        snprintf(out, 40, "%.2f", ho_round2(v));
    else
        snprintf(out, 40, "n/a");
    return out;
}

static json_t *
projection_json(const struct ho_whatif_projection *p)
{
    json_t *o = json_object();
    for (int k = 0; k < HO_WI_VOLUME__COUNT; k++)
        json_object_set_new(o, ho_wi_volume_name((enum ho_wi_volume)k),
                            num_or_null(p->has[k], p->volume[k]));
    json_object_set_new(o, "revenue", num_or_null(p->has_revenue, p->revenue));
    return o;
}

static json_t *
rates_json(const struct ho_whatif_view *v)
{
    json_t *rates = json_object();
    for (int r = v->in->start; r < HO_WI_RATE__COUNT; r++) {
        json_t *o;
        if (v->measured) {
            o = ho_json_rate(v->measured->rate[r]);
        } else {
            o = json_object();
            json_object_set_new(o, "pct", num_or_null(v->in->has_rate[r], v->in->rate_pct[r]));
        }
        json_object_set_new(rates, ho_wi_rate_name((enum ho_wi_rate)r), o);
    }
    return rates;
}

static json_t *
inputs_json(const struct ho_whatif_view *v)
{
    json_t *o = json_object();
    json_object_set_new(o, "start", json_string(ho_wi_volume_name(v->in->start)));
    json_object_set_new(o, "per_month", json_real(v->in->start_volume));
    if (v->measured)
        json_object_set_new(o, "mqls", json_integer((json_int_t)v->measured->mqls));
    json_object_set_new(o, "rates", rates_json(v));
    json_object_set_new(o, "average_deal", num_or_null(v->in->has_deal, v->in->deal));
    if (v->measured) {
        json_object_set_new(o, "won_with_amount",
                            json_integer((json_int_t)v->measured->won_with_amount));
        json_object_set_new(o, "won_amount", json_real(v->measured->won_amount));
    }
    return o;
}

static json_t *
change_json(const struct ho_whatif_change *c)
{
    if (!c->active)
        return json_null();
    json_t *o = json_object();
    json_object_set_new(o, "stage", json_string(ho_wi_rate_name(c->stage)));
    json_object_set_new(o, "delta_points", json_real(c->delta_pts));
    json_object_set_new(o, "before_pct", num_or_null(c->has_before, c->before_pct));
    json_object_set_new(o, "after_pct", num_or_null(c->has_before, c->after_pct));
    json_object_set_new(o, "clamped", json_boolean(c->clamped));
    return o;
}

static ho_rc
whatif_json(FILE *out, const struct ho_whatif_view *v, struct ho_diag *diag)
{
    char ts[HO_TIME_STRLEN], m1[HO_TIME_STRLEN], m2[HO_TIME_STRLEN];
    json_t *root = json_object();
    json_object_set_new(root, "mode", json_string(v->measured ? "measured" : "explicit"));
    if (v->measured) {
        const struct ho_whatif_measured *m = v->measured;
        json_object_set_new(root, "as_of", json_string(ho_time_format(v->as_of, ts)));
        json_t *c = json_object();
        json_object_set_new(c, "from",
                            json_string(ho_cohort_label(HO_COHORT_MONTH, m->first_month, m1)));
        json_object_set_new(
            c, "to",
            json_string(ho_cohort_label(HO_COHORT_MONTH, m->first_month + m->months - 1, m2)));
        json_object_set_new(c, "months", json_integer((json_int_t)m->months));
        json_object_set_new(root, "cohorts", c);
    }
    json_object_set_new(root, "inputs", inputs_json(v));
    json_object_set_new(root, "change", change_json(&v->result->change));
    json_object_set_new(root, "before", projection_json(&v->result->before));
    json_object_set_new(root, "after", projection_json(&v->result->after));
    json_object_set_new(root, "difference", projection_json(&v->result->diff));
    return ho_json_write(out, root, diag);
}

/* One CSV row: kind,name,num,den,before,after,change (empty when unknown). */
struct csv_row {
    const char *kind, *name;
    char num[40], den[40];
    bool hb, ha, hc;
    double b, a, c;
};

static void
csv_num(FILE *out, bool has, double v)
{
    if (has)
        fprintf(out, ",%.2f", ho_round2(v));
    else
        fputc(',', out);
}

static void
csv_row(FILE *out, const struct csv_row *r)
{
    fprintf(out, "%s,%s,%s,%s", r->kind, r->name, r->num, r->den);
    csv_num(out, r->hb, r->b);
    csv_num(out, r->ha, r->a);
    csv_num(out, r->hc, r->c);
    fputc('\n', out);
}

static void
csv_rates(FILE *out, const struct ho_whatif_view *v)
{
    const struct ho_whatif_input *in = v->in;
    const struct ho_whatif_change *c = &v->result->change;
    for (int r = in->start; r < HO_WI_RATE__COUNT; r++) {
        bool changed = c->active && c->has_before && (int)c->stage == r;
        struct csv_row row = { .kind = "rate",
                               .name = ho_wi_rate_name((enum ho_wi_rate)r),
                               .hb = in->has_rate[r],
                               .b = in->rate_pct[r],
                               .ha = in->has_rate[r],
                               .a = changed ? c->after_pct : in->rate_pct[r],
                               .hc = in->has_rate[r],
                               .c = changed ? c->applied_pts : 0.0 };
        if (v->measured) {
            snprintf(row.num, sizeof(row.num), "%" PRIu64, v->measured->rate[r].num);
            snprintf(row.den, sizeof(row.den), "%" PRIu64, v->measured->rate[r].den);
        }
        csv_row(out, &row);
    }
}

static ho_rc
whatif_csv(FILE *out, const struct ho_whatif_view *v)
{
    const struct ho_whatif_input *in = v->in;
    const struct ho_whatif_measured *m = v->measured;
    const struct ho_whatif_result *res = v->result;
    char name[40];
    fputs("kind,name,num,den,before,after,change\n", out);
    snprintf(name, sizeof(name), "%s_per_month", ho_wi_volume_name(in->start));
    struct csv_row start = { .kind = "input",
                             .name = name,
                             .hb = true,
                             .b = in->start_volume,
                             .ha = true,
                             .a = in->start_volume,
                             .hc = true,
                             .c = 0.0 };
    struct csv_row deal = { .kind = "input",
                            .name = "average_deal",
                            .hb = in->has_deal,
                            .b = in->deal,
                            .ha = in->has_deal,
                            .a = in->deal,
                            .hc = in->has_deal };
    if (m) {
        snprintf(start.num, sizeof(start.num), "%" PRIu64, m->mqls);
        snprintf(start.den, sizeof(start.den), "%lld", (long long)m->months);
        snprintf(deal.num, sizeof(deal.num), "%.2f", ho_round2(m->won_amount));
        snprintf(deal.den, sizeof(deal.den), "%" PRIu64, m->won_with_amount);
    }
    csv_row(out, &start);
    csv_rates(out, v);
    csv_row(out, &deal);
    for (int k = in->start; k < HO_WI_VOLUME__COUNT; k++) {
        struct csv_row row = { .kind = "volume",
                               .name = ho_wi_volume_name((enum ho_wi_volume)k),
                               .hb = res->before.has[k],
                               .b = res->before.volume[k],
                               .ha = res->after.has[k],
                               .a = res->after.volume[k],
                               .hc = res->diff.has[k],
                               .c = res->diff.volume[k] };
        csv_row(out, &row);
    }
    struct csv_row rev = { .kind = "volume",
                           .name = "revenue",
                           .hb = res->before.has_revenue,
                           .b = res->before.revenue,
                           .ha = res->after.has_revenue,
                           .a = res->after.revenue,
                           .hc = res->diff.has_revenue,
                           .c = res->diff.revenue };
    csv_row(out, &rev);
    return HO_OK;
}

static void
table_inputs(FILE *out, const struct ho_whatif_view *v)
{
    const struct ho_whatif_input *in = v->in;
    const struct ho_whatif_measured *m = v->measured;
    char a[40], r1[48];
    fprintf(out, "Inputs\n  %-22s %12s",
            in->start == HO_WI_MQLS ? "MQLs per month" : "visitors per month",
            fmt2(true, in->start_volume, a));
    if (m)
        fprintf(out, "   (%" PRIu64 " MQL journeys / %lld month%s)", m->mqls, (long long)m->months,
                m->months == 1 ? "" : "s");
    fputc('\n', out);
    for (int r = in->start; r < HO_WI_RATE__COUNT; r++) {
        fmt2(in->has_rate[r], in->rate_pct[r], a);
        fprintf(out, "  %-22s %11s%s", ho_wi_rate_name((enum ho_wi_rate)r), a,
                in->has_rate[r] ? "%" : " ");
        if (m)
            fprintf(out, "   (%s)", ho_format_rate(m->rate[r], r1));
        fputc('\n', out);
    }
    fprintf(out, "  %-22s %12s", "average deal", fmt2(in->has_deal, in->deal, a));
    if (m)
        fprintf(out, "   (%" PRIu64 " won opportunities with an amount, %.2f in all)",
                m->won_with_amount, ho_round2(m->won_amount));
    fputc('\n', out);
}

static void
table_row(FILE *out, const char *label, const struct ho_whatif_result *res, int k, bool changed)
{
    char s1[40], s2[40], s3[40];
    const struct ho_whatif_projection *b = &res->before, *a = &res->after, *d = &res->diff;
    bool rev = k == HO_WI_VOLUME__COUNT;
    fprintf(out, "  %-22s %14s", label,
            rev ? fmt2(b->has_revenue, b->revenue, s1) : fmt2(b->has[k], b->volume[k], s1));
    if (changed) {
        bool hd = rev ? d->has_revenue : d->has[k];
        if (hd)
            snprintf(s3, sizeof(s3), "%+.2f", ho_round2(rev ? d->revenue : d->volume[k]));
        else
            snprintf(s3, sizeof(s3), "n/a");
        fprintf(out, " %14s %14s",
                rev ? fmt2(a->has_revenue, a->revenue, s2) : fmt2(a->has[k], a->volume[k], s2), s3);
    }
    fputc('\n', out);
}

static void
table_change(FILE *out, const struct ho_whatif_change *c)
{
    if (c->active && c->has_before)
        fprintf(out, "Change: %s %.2f%% -> %.2f%% (%+g points%s)\n", ho_wi_rate_name(c->stage),
                ho_round2(c->before_pct), ho_round2(c->after_pct), c->delta_pts,
                c->clamped ? ", clamped to 0..100" : "");
    else if (c->active)
        fprintf(out, "Change: %s is n/a (no journeys measured it): nothing to change\n",
                ho_wi_rate_name(c->stage));
}

static ho_rc
whatif_table(FILE *out, const struct ho_whatif_view *v)
{
    char ts[HO_TIME_STRLEN], m1[HO_TIME_STRLEN], m2[HO_TIME_STRLEN];
    const struct ho_whatif_change *c = &v->result->change;
    if (v->measured)
        fprintf(out,
                "What-if per month, measured on the %lld complete cohort month%s %s to %s "
                "(data as of %s)\n",
                (long long)v->measured->months, v->measured->months == 1 ? "" : "s",
                ho_cohort_label(HO_COHORT_MONTH, v->measured->first_month, m1),
                ho_cohort_label(HO_COHORT_MONTH, v->measured->first_month + v->measured->months - 1,
                                m2),
                ho_time_format(v->as_of, ts));
    else
        fprintf(out, "What-if per month, from the given inputs\n");
    table_inputs(out, v);
    table_change(out, c);
    fprintf(out, "Projection\n  %-22s %14s", "", c->active ? "before" : "per month");
    if (c->active)
        fprintf(out, " %14s %14s", "after", "change");
    fputc('\n', out);
    for (int k = v->in->start; k < HO_WI_VOLUME__COUNT; k++)
        table_row(out, volume_labels[k], v->result, k, c->active);
    table_row(out, "revenue", v->result, HO_WI_VOLUME__COUNT, c->active);
    return HO_OK;
}

ho_rc
ho_report_whatif(FILE *out, enum ho_format fmt, const struct ho_whatif_view *v,
                 struct ho_diag *diag)
{
    switch (fmt) {
    case HO_FORMAT_JSON:
        return whatif_json(out, v, diag);
    case HO_FORMAT_CSV:
        return whatif_csv(out, v);
    case HO_FORMAT_TABLE:
        return whatif_table(out, v);
    }
    return ho_diag_set(diag, HO_EINVAL, "unknown output format");
}
