/* SPDX-License-Identifier: MIT */
/*
 * report/closed_won.c - the closed-won audit as a table, JSON or CSV.
 */
#include "report/money.h"

#include "core/closed_won.h"
#include "report/money_fmt.h"

static json_t *
value_json(const struct ho_money_view *v, const struct ho_cw_value *x)
{
    json_t *o = json_object();
    json_object_set_new(o, "value", json_string(ho_money_name(v->strings, x->value, "")));
    json_object_set_new(o, "won", ho_money_json_rate(x->won_share));
    json_object_set_new(o, "all", ho_money_json_rate(x->all_share));
    json_object_set_new(o, "lift", ho_money_json_num(x->lift));
    return o;
}

static json_t *
group_json(const struct ho_money_view *v, const struct ho_cw_group *g)
{
    json_t *o = json_object(), *attrs = json_array();
    json_object_set_new(o, "group", json_string(ho_money_name(v->strings, g->key, "all")));
    json_object_set_new(o, "won", json_integer((json_int_t)g->won));
    json_object_set_new(o, "mqls", json_integer((json_int_t)g->all));
    for (size_t a = 0; a < g->n_attrs; a++) {
        json_t *ao = json_object(), *values = json_array();
        json_object_set_new(ao, "attribute",
                            json_string(ho_money_name(v->strings, g->attrs[a].name, "")));
        for (size_t k = 0; k < g->attrs[a].n; k++)
            json_array_append_new(values, value_json(v, &g->attrs[a].values[k]));
        json_object_set_new(ao, "values", values);
        json_array_append_new(attrs, ao);
    }
    json_object_set_new(o, "attributes", attrs);
    return o;
}

static ho_rc
cw_json(FILE *out, const struct ho_money_view *v, const struct ho_closed_won *c,
        struct ho_diag *diag)
{
    json_t *root = json_object(), *groups = json_array();
    ho_money_json_period(root, v, ho_dim_name(c->by));
    for (size_t g = 0; g < c->n; g++)
        json_array_append_new(groups, group_json(v, &c->groups[g]));
    json_object_set_new(root, "groups", groups);
    return ho_json_write(out, root, diag);
}

static ho_rc
cw_csv(FILE *out, const struct ho_money_view *v, const struct ho_closed_won *c)
{
    fputs("group,attribute,value,won_num,won_den,won_pct,all_num,all_den,all_pct,lift\n", out);
    for (size_t g = 0; g < c->n; g++) {
        const struct ho_cw_group *cg = &c->groups[g];
        for (size_t a = 0; a < cg->n_attrs; a++) {
            for (size_t k = 0; k < cg->attrs[a].n; k++) {
                const struct ho_cw_value *x = &cg->attrs[a].values[k];
                ho_csv_field(out, ho_money_name(v->strings, cg->key, "all"));
                fputc(',', out);
                ho_csv_field(out, ho_money_name(v->strings, cg->attrs[a].name, ""));
                fputc(',', out);
                ho_csv_field(out, ho_money_name(v->strings, x->value, ""));
                ho_csv_rate(out, x->won_share);
                ho_csv_rate(out, x->all_share);
                fputc(',', out);
                ho_money_csv_num(out, x->lift);
                fputc('\n', out);
            }
        }
    }
    return HO_OK;
}

static void
group_table(FILE *out, const struct ho_money_view *v, const struct ho_closed_won *c,
            const struct ho_cw_group *g)
{
    char w[64], all[64], lift[32];
    if (c->by != HO_DIM_ALL)
        fprintf(out, "\n%s %s\n", ho_dim_name(c->by), ho_money_name(v->strings, g->key, "all"));
    fprintf(out, "%llu won of %llu MQL journeys\n", (unsigned long long)g->won,
            (unsigned long long)g->all);
    for (size_t a = 0; a < g->n_attrs; a++) {
        fprintf(out, "\n%-24s %-20s %-20s %6s\n", ho_money_name(v->strings, g->attrs[a].name, ""),
                "share of won", "share of all MQLs", "lift");
        for (size_t k = 0; k < g->attrs[a].n; k++) {
            const struct ho_cw_value *x = &g->attrs[a].values[k];
            fprintf(out, "  %-22s %-20s %-20s %6s\n", ho_money_name(v->strings, x->value, ""),
                    ho_money_rate_text(x->won_share, w), ho_money_rate_text(x->all_share, all),
                    ho_money_text(x->lift, lift));
        }
    }
}

static ho_rc
cw_table(FILE *out, const struct ho_money_view *v, const struct ho_closed_won *c)
{
    char period[96];
    fprintf(out, "Closed-won audit: what won MQLs looked like against all MQLs, %s\n",
            ho_money_period_text(v, period));
    for (size_t g = 0; g < c->n; g++)
        group_table(out, v, c, &c->groups[g]);
    if (c->n == 0)
        fprintf(out, "(no MQL journeys in this period)\n");
    return HO_OK;
}

ho_rc
ho_report_closed_won(FILE *out, enum ho_format fmt, const struct ho_money_view *v,
                     const struct ho_closed_won *c, struct ho_diag *diag)
{
    switch (fmt) {
    case HO_FORMAT_JSON:
        return cw_json(out, v, c, diag);
    case HO_FORMAT_CSV:
        return cw_csv(out, v, c);
    case HO_FORMAT_TABLE:
        return cw_table(out, v, c);
    }
    return ho_diag_set(diag, HO_EINVAL, "unknown output format");
}
