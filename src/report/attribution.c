/* SPDX-License-Identifier: MIT */
/*
 * report/attribution.c - attribution credit by channel or campaign, with the
 * model's parameters, as a table, JSON or CSV.
 */
#include "report/attribution.h"

#include <jansson.h>
#include <math.h>

#include "base/strtab.h"
#include "base/timefmt.h"
#include "core/attribution.h"
#include "report/report_int.h"

static const char *const milestone_names[HO_MS__COUNT] = { "first", "mql", "opportunity",
                                                           "closed_won" };
static const char *const milestone_titles[HO_MS__COUNT] = { "first touch", "MQL touch",
                                                            "opportunity-creation touch",
                                                            "closed-won touch" };

static const char *
rest_over(enum ho_attr_rest r)
{
    switch (r) {
    case HO_REST_NONE:
        return "";
    case HO_REST_ALL:
        return "every touch";
    case HO_REST_BEFORE_MQL:
        return "the touches between the first and the MQL touch";
    case HO_REST_OTHERS:
        return "the touches on no milestone";
    }
    return "";
}

static double
pct(double part, double whole)
{
    return whole != 0 ? round(10000 * part / whole) / 100 : NAN;
}

static const char *
key_name(const struct ho_strtab *s, uint32_t key, const char *none)
{
    return key ? ho_strtab_str(s, key) : none;
}

/* ---- JSON ---- */

static json_t *
params_json(const struct ho_attr_params *p)
{
    json_t *o = json_object();
    json_t *shares = json_object();
    json_object_set_new(o, "name", json_string(p->name));
    json_object_set_new(o, "title", json_string(p->title));
    for (int k = 0; k < HO_MS__COUNT; k++)
        json_object_set_new(shares, milestone_names[k], json_real(round(p->share[k] * 1000) / 10));
    json_object_set_new(o, "milestone_pct", shares);
    json_object_set_new(o, "rest_pct", json_real(round(p->rest * 1000) / 10));
    json_object_set_new(o, "rest_over",
                        p->rest_set == HO_REST_NONE ? json_null()
                                                    : json_string(rest_over(p->rest_set)));
    json_object_set_new(o, "half_life_days",
                        p->half_life_ms ? json_real((double)p->half_life_ms / HO_MS_PER_DAY)
                                        : json_null());
    json_object_set_new(o, "won_paths_end", json_string(p->to_close ? "close" : "opportunity"));
    json_object_set_new(o, "pooled_by", json_string("account"));
    return o;
}

static json_t *
money_json(uint64_t opportunities, double amount)
{
    json_t *o = json_object();
    json_object_set_new(o, "opportunities", json_integer((json_int_t)opportunities));
    json_object_set_new(o, "amount", json_real(ho_round2(amount)));
    return o;
}

static ho_rc
attribution_json(FILE *out, const struct ho_attribution *a, const struct ho_strtab *s,
                 struct ho_diag *diag)
{
    json_t *root = json_object();
    json_t *credits = json_array();
    json_object_set_new(root, "model", params_json(ho_attr_params(a->model)));
    json_object_set_new(root, "by",
                        json_string(a->by == HO_ATTR_BY_CHANNEL ? "channel" : "campaign"));
    json_object_set_new(root, "total", money_json(a->opportunities, a->amount));
    json_object_set_new(root, "unattributed", money_json(a->unattributed, a->unattributed_amount));
    json_object_set_new(root, "touches", json_integer((json_int_t)a->touches));
    for (size_t i = 0; i < a->n; i++) {
        const struct ho_attr_credit *c = &a->rows[i];
        json_t *o = json_object();
        json_object_set_new(o, "key", c->key ? json_string(ho_strtab_str(s, c->key)) : json_null());
        json_object_set_new(o, "amount", json_real(ho_round2(c->amount)));
        double p = pct(c->amount, a->amount);
        json_object_set_new(o, "pct", isnan(p) ? json_null() : json_real(p));
        json_object_set_new(o, "opportunities", json_real(round(c->opportunities * 1e4) / 1e4));
        json_object_set_new(o, "touches", json_integer((json_int_t)c->touches));
        json_array_append_new(credits, o);
    }
    json_object_set_new(root, "credits", credits);
    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    fputc('\n', out);
    return rc == 0 ? HO_OK : ho_diag_set(diag, HO_EIO, "cannot write the report");
}

/* ---- CSV ---- */

static void
csv_pct(FILE *out, double part, double whole)
{
    double p = pct(part, whole);
    if (!isnan(p))
        fprintf(out, "%.2f", p);
}

static ho_rc
attribution_csv(FILE *out, const struct ho_attribution *a, const struct ho_strtab *s)
{
    const struct ho_attr_params *p = ho_attr_params(a->model);
    fputs("section,key,value,amount,pct,opportunities,touches\n", out);
    fprintf(out, "param,model,%s,,,,\n", p->name);
    fprintf(out, "param,by,%s,,,,\n", a->by == HO_ATTR_BY_CHANNEL ? "channel" : "campaign");
    for (int k = 0; k < HO_MS__COUNT; k++)
        fprintf(out, "param,%s_pct,%.1f,,,,\n", milestone_names[k], p->share[k] * 100);
    fprintf(out, "param,rest_pct,%.1f,,,,\n", p->rest * 100);
    if (p->half_life_ms)
        fprintf(out, "param,half_life_days,%g,,,,\n", (double)p->half_life_ms / HO_MS_PER_DAY);
    fprintf(out, "param,won_paths_end,%s,,,,\n", p->to_close ? "close" : "opportunity");
    for (size_t i = 0; i < a->n; i++) {
        const struct ho_attr_credit *c = &a->rows[i];
        fprintf(out, "credit,%s,,%.2f,", key_name(s, c->key, ""), ho_round2(c->amount));
        csv_pct(out, c->amount, a->amount);
        fprintf(out, ",%.4f,%llu\n", c->opportunities, (unsigned long long)c->touches);
    }
    fprintf(out, "unattributed,,,%.2f,", ho_round2(a->unattributed_amount));
    csv_pct(out, a->unattributed_amount, a->amount);
    fprintf(out, ",%llu,\n", (unsigned long long)a->unattributed);
    fprintf(out, "total,,,%.2f,%s,%llu,%llu\n", ho_round2(a->amount),
            a->amount != 0 ? "100.00" : "", (unsigned long long)a->opportunities,
            (unsigned long long)a->touches);
    return HO_OK;
}

/* ---- table ---- */

static void
params_text(FILE *out, const struct ho_attr_params *p)
{
    if (p->half_life_ms) {
        fprintf(out,
                "  model: each touch weighs 2^(-age / %g days), age = opportunity creation - "
                "touch time; weights normalised per opportunity\n",
                (double)p->half_life_ms / HO_MS_PER_DAY);
    } else {
        fputs("  model:", out);
        const char *sep = " ";
        for (int k = 0; k < HO_MS__COUNT; k++) {
            if (p->share[k] > 0)
                fprintf(out, "%s%g%% %s", sep, p->share[k] * 100, milestone_titles[k]);
            sep = p->share[k] > 0 ? ", " : sep;
        }
        if (p->rest > 0)
            fprintf(out, "%s%g%% spread evenly over %s", sep, p->rest * 100,
                    rest_over(p->rest_set));
        fputc('\n', out);
        fputs(
            "  shares of milestones on the same touch add up; a missing milestone's share, and a\n"
            "  rest share with no touch to take it, go to the present milestones pro rata\n",
            out);
    }
    fprintf(out,
            "  touches: events with a channel up to the opportunity's creation%s,\n"
            "  pooled over all leads of the account\n",
            p->to_close ? " (won deals: up to the close)" : "");
}

static ho_rc
attribution_table(FILE *out, const struct ho_attribution *a, const struct ho_strtab *s)
{
    const struct ho_attr_params *p = ho_attr_params(a->model);
    const char *by = a->by == HO_ATTR_BY_CHANNEL ? "channel" : "campaign";
    fprintf(out, "Attribution by %s, %s model: %llu opportunities, %.2f in total\n", by, p->title,
            (unsigned long long)a->opportunities, ho_round2(a->amount));
    params_text(out, p);
    fprintf(out, "\n%-24s %14s %7s %10s %8s\n", by, "amount", "share", "opps", "touches");
    for (size_t i = 0; i < a->n; i++) {
        const struct ho_attr_credit *c = &a->rows[i];
        fprintf(out, "%-24s %14.2f %6.1f%% %10.2f %8llu\n", key_name(s, c->key, "(none)"),
                ho_round2(c->amount), a->amount != 0 ? 100 * c->amount / a->amount : 0.0,
                c->opportunities, (unsigned long long)c->touches);
    }
    fprintf(out, "%-24s %14.2f %6.1f%% %10llu %8s\n", "(no touch before)",
            ho_round2(a->unattributed_amount),
            a->amount != 0 ? 100 * a->unattributed_amount / a->amount : 0.0,
            (unsigned long long)a->unattributed, "");
    fprintf(out, "%-24s %14.2f %6.1f%% %10llu %8llu\n", "total", ho_round2(a->amount),
            a->amount != 0 ? 100.0 : 0.0, (unsigned long long)a->opportunities,
            (unsigned long long)a->touches);
    return HO_OK;
}

ho_rc
ho_report_attribution(FILE *out, enum ho_format fmt, const struct ho_attribution *a,
                      const struct ho_strtab *strings, struct ho_diag *diag)
{
    ho_rc rc = HO_OK;
    switch (fmt) {
    case HO_FORMAT_JSON:
        rc = attribution_json(out, a, strings, diag);
        break;
    case HO_FORMAT_CSV:
        rc = attribution_csv(out, a, strings);
        break;
    case HO_FORMAT_TABLE:
        rc = attribution_table(out, a, strings);
        break;
    default:
        return ho_diag_set(diag, HO_EINVAL, "unknown output format");
    }
    if (rc == HO_OK && ferror(out))
        rc = ho_diag_set(diag, HO_EIO, "cannot write the report");
    return rc;
}
