/* SPDX-License-Identifier: MIT */
/*
 * report/dispositions.c - the disposition audit as a table, JSON or CSV.
 */
#include "report/money.h"

#include <string.h>

#include "core/dims.h"
#include "core/dispositions.h"
#include "report/money_fmt.h"

static json_t *
reason_json(const struct ho_disp_reason *r, uint64_t total)
{
    json_t *o = json_object();
    json_object_set_new(o, "reason", *r->code ? json_string(r->code) : json_null());
    json_object_set_new(o, "category", json_string(r->category));
    json_object_set_new(o, "count", json_integer((json_int_t)r->count));
    json_object_set_new(o, "nurtured", json_integer((json_int_t)r->nurtured));
    json_object_set_new(o, "disqualified", json_integer((json_int_t)r->disqualified));
    json_object_set_new(o, "share", ho_money_json_rate((struct ho_rate){ r->count, total }));
    json_object_set_new(o, "implication", json_string(ho_disposition_implication(r->category)));
    return o;
}

static json_t *
group_json(const struct ho_money_view *v, const struct ho_disp_group *g)
{
    json_t *o = json_object(), *reasons = json_array(), *cats = json_array();
    json_object_set_new(o, "group", json_string(ho_money_name(v->strings, g->key, "all")));
    json_object_set_new(o, "total", json_integer((json_int_t)g->total));
    for (size_t i = 0; i < g->n_reasons; i++)
        json_array_append_new(reasons, reason_json(&g->reasons[i], g->total));
    for (size_t i = 0; i < g->n_categories; i++) {
        const struct ho_disp_category *c = &g->categories[i];
        json_t *co = json_object();
        json_object_set_new(co, "category", json_string(c->category));
        json_object_set_new(co, "count", json_integer((json_int_t)c->count));
        json_object_set_new(co, "share",
                            ho_money_json_rate((struct ho_rate){ c->count, g->total }));
        json_object_set_new(co, "implication",
                            json_string(ho_disposition_implication(c->category)));
        json_array_append_new(cats, co);
    }
    json_object_set_new(o, "reasons", reasons);
    json_object_set_new(o, "categories", cats);
    return o;
}

static ho_rc
disp_json(FILE *out, const struct ho_money_view *v, const struct ho_dispositions *d,
          struct ho_diag *diag)
{
    json_t *root = json_object(), *groups = json_array();
    ho_money_json_period(root, v, ho_dim_name(d->by));
    for (size_t g = 0; g < d->n; g++)
        json_array_append_new(groups, group_json(v, &d->groups[g]));
    json_object_set_new(root, "groups", groups);
    return ho_json_write(out, root, diag);
}

static void
csv_row(FILE *out, const char *section, const char *group, const char *reason, const char *category,
        uint64_t count, const uint64_t *split, uint64_t total)
{
    struct ho_rate share = { count, total };
    fprintf(out, "%s,", section);
    ho_csv_field(out, group);
    fputc(',', out);
    ho_csv_field(out, reason);
    fputc(',', out);
    ho_csv_field(out, category);
    fprintf(out, ",%llu,", (unsigned long long)count);
    if (split)
        fprintf(out, "%llu,%llu", (unsigned long long)split[0], (unsigned long long)split[1]);
    else
        fputc(',', out);
    fprintf(out, ",%llu,%llu,", (unsigned long long)share.num, (unsigned long long)share.den);
    if (share.den)
        ho_money_csv_num(out, ho_rate_pct(share));
    fputc(',', out);
    ho_csv_field(out, ho_disposition_implication(category));
    fputc('\n', out);
}

static ho_rc
disp_csv(FILE *out, const struct ho_money_view *v, const struct ho_dispositions *d)
{
    fputs("section,group,reason,category,count,nurtured,disqualified,share_num,share_den,"
          "share_pct,implication\n",
          out);
    for (size_t k = 0; k < d->n; k++) {
        const struct ho_disp_group *g = &d->groups[k];
        const char *name = ho_money_name(v->strings, g->key, "all");
        for (size_t i = 0; i < g->n_reasons; i++) {
            const struct ho_disp_reason *r = &g->reasons[i];
            uint64_t split[2] = { r->nurtured, r->disqualified };
            csv_row(out, "reason", name, r->code, r->category, r->count, split, g->total);
        }
        for (size_t i = 0; i < g->n_categories; i++)
            csv_row(out, "category", name, "", g->categories[i].category, g->categories[i].count,
                    NULL, g->total);
    }
    return HO_OK;
}

static void
group_table(FILE *out, const struct ho_money_view *v, const struct ho_dispositions *d,
            const struct ho_disp_group *g)
{
    char share[64];
    if (d->by != HO_DIM_ALL)
        fprintf(out, "\n%s %s: %llu dispositions\n", ho_dim_name(d->by),
                ho_money_name(v->strings, g->key, "all"), (unsigned long long)g->total);
    if (g->total == 0) {
        fprintf(out, "(no rejected or nurtured journeys in this period)\n");
        return;
    }
    fprintf(out, "%-16s %-14s %6s %8s %6s  %s\n", "reason", "category", "count", "nurtured", "disq",
            "share");
    for (size_t i = 0; i < g->n_reasons; i++) {
        const struct ho_disp_reason *r = &g->reasons[i];
        fprintf(out, "%-16s %-14s %6llu %8llu %6llu  %s\n", *r->code ? r->code : "(none)",
                r->category, (unsigned long long)r->count, (unsigned long long)r->nurtured,
                (unsigned long long)r->disqualified,
                ho_money_rate_text((struct ho_rate){ r->count, g->total }, share));
    }
    fprintf(out, "\n%-14s %6s  %-18s %s\n", "category", "count", "share",
            "what it tells marketing");
    for (size_t i = 0; i < g->n_categories; i++) {
        const struct ho_disp_category *c = &g->categories[i];
        const char *imp = ho_disposition_implication(c->category);
        fprintf(out, "%-14s %6llu  %-18s %s\n", c->category, (unsigned long long)c->count,
                ho_money_rate_text((struct ho_rate){ c->count, g->total }, share),
                *imp ? imp : "-");
    }
}

static ho_rc
disp_table(FILE *out, const struct ho_money_view *v, const struct ho_dispositions *d)
{
    char period[96];
    fprintf(out, "Disposition audit: rejected and nurtured journeys by reason, %s\n",
            ho_money_period_text(v, period));
    for (size_t g = 0; g < d->n; g++)
        group_table(out, v, d, &d->groups[g]);
    if (d->n == 0)
        fprintf(out, "(no rejected or nurtured journeys in this period)\n");
    return HO_OK;
}

ho_rc
ho_report_dispositions(FILE *out, enum ho_format fmt, const struct ho_money_view *v,
                       const struct ho_dispositions *d, struct ho_diag *diag)
{
    switch (fmt) {
    case HO_FORMAT_JSON:
        return disp_json(out, v, d, diag);
    case HO_FORMAT_CSV:
        return disp_csv(out, v, d);
    case HO_FORMAT_TABLE:
        return disp_table(out, v, d);
    }
    return ho_diag_set(diag, HO_EINVAL, "unknown output format");
}
