/* SPDX-License-Identifier: MIT */
/*
 * report/accounts.c - accounts, account qualification and PQLs as a table,
 * JSON or CSV.
 */
#include "report/accounts.h"

#include <jansson.h>
#include <math.h>

#include "base/strtab.h"
#include "base/timefmt.h"
#include "core/accounts.h"
#include "core/defs.h"
#include "core/pql.h"
#include "report/report_int.h"

static const char *
name_of(const struct ho_strtab *s, uint32_t id)
{
    return id ? ho_strtab_str(s, id) : "";
}

static double
window_days(const struct ho_accounts_def *d)
{
    return (double)d->window_ms / HO_MS_PER_DAY;
}

/* ---- JSON ---- */

static json_t *
time_json(int64_t ms)
{
    char t[HO_TIME_STRLEN];
    return ms == HO_TIME_NONE ? json_null() : json_string(ho_time_format(ms, t));
}

static json_t *
params_json(const struct ho_accounts_view *v)
{
    json_t *o = json_object();
    json_object_set_new(o, "engaged_contacts", json_integer(v->def->engaged_contacts));
    json_object_set_new(o, "min_score", json_real(v->def->min_score));
    json_object_set_new(o, "window_days", json_real(window_days(v->def)));
    json_object_set_new(o, "window_from", time_json(v->acc->window_from));
    return o;
}

static json_t *
account_json(const struct ho_strtab *s, const struct ho_account_row *r)
{
    json_t *o = json_object();
    json_t *by = json_array();
    json_object_set_new(o, "account", json_string(name_of(s, r->account)));
    json_object_set_new(o, "contacts", json_integer(r->contacts));
    json_object_set_new(o, "engaged", json_integer(r->engaged));
    json_object_set_new(o, "behavior", json_real(ho_round2(r->behavior)));
    json_object_set_new(o, "best_fit", json_real(ho_round2(r->best_fit)));
    json_object_set_new(o, "score", json_real(ho_round2(r->score)));
    json_object_set_new(o, "qualified", json_boolean(r->qualified));
    if (r->by_contacts)
        json_array_append_new(by, json_string("engaged_contacts"));
    if (r->by_score)
        json_array_append_new(by, json_string("score"));
    json_object_set_new(o, "qualified_by", by);
    json_object_set_new(o, "reached_sql", json_boolean(r->reached_sql));
    return o;
}

static json_t *
criteria_json(const struct ho_pql_def *d)
{
    json_t *arr = json_array();
    for (size_t k = 0; k < d->n_all; k++) {
        json_t *o = json_object();
        json_t *where = json_array();
        json_object_set_new(o, "event", json_string(d->all[k].event));
        json_object_set_new(o, "count", json_integer(d->all[k].count));
        for (size_t w = 0; w < d->all[k].n_where; w++)
            json_array_append_new(where, json_string(d->all[k].where[w].field));
        json_object_set_new(o, "where_fields", where);
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *
pql_json(const struct ho_accounts_view *v)
{
    json_t *o = json_object();
    json_t *leads = json_array();
    json_object_set_new(o, "defined", json_boolean(v->pql->n_all > 0));
    json_object_set_new(o, "criteria", criteria_json(v->pql));
    json_object_set_new(o, "pqls", json_integer((json_int_t)v->pql_sum->pqls));
    json_object_set_new(o, "pql_sql", ho_json_rate(v->pql_sum->pql_sql));
    json_object_set_new(o, "also_mql", json_integer((json_int_t)v->pql_sum->also_mql));
    for (size_t i = 0; i < v->n_pql; i++) {
        json_t *l = json_object();
        json_object_set_new(l, "lead", json_string(name_of(v->strings, v->pql_leads[i].lead)));
        json_object_set_new(l, "at", time_json(v->pql_leads[i].at));
        json_array_append_new(leads, l);
    }
    json_object_set_new(o, "leads", leads);
    return o;
}

static ho_rc
accounts_json(FILE *out, const struct ho_accounts_view *v, struct ho_diag *diag)
{
    const struct ho_accounts *a = v->acc;
    json_t *root = json_object();
    json_t *rows = json_array();
    json_object_set_new(root, "as_of", time_json(a->as_of));
    json_object_set_new(root, "params", params_json(v));
    json_object_set_new(root, "accounts", json_integer((json_int_t)a->n));
    json_object_set_new(root, "qualified", json_integer((json_int_t)a->qualified));
    json_object_set_new(root, "account_sql", ho_json_rate(a->account_sql));
    json_object_set_new(root, "all_accounts_sql", ho_json_rate(a->all_sql));
    for (size_t i = 0; i < a->n; i++)
        json_array_append_new(rows, account_json(v->strings, &a->rows[i]));
    json_object_set_new(root, "rows", rows);
    json_object_set_new(root, "pql", pql_json(v));
    return ho_json_write(out, root, diag);
}

/* ---- CSV ---- */

static void
csv_rate(FILE *out, const char *key, struct ho_rate r)
{
    fprintf(out, "rate,%s,,,,,,,,,%llu,%llu,", key, (unsigned long long)r.num,
            (unsigned long long)r.den);
    if (r.den)
        fprintf(out, "%.2f", round(10000.0 * (double)r.num / (double)r.den) / 100);
    fputc('\n', out);
}

static ho_rc
accounts_csv(FILE *out, const struct ho_accounts_view *v)
{
    const struct ho_accounts *a = v->acc;
    char t[HO_TIME_STRLEN];
    fputs("section,key,value,contacts,engaged,behavior,best_fit,score,qualified,reached_sql,num,"
          "den,pct\n",
          out);
    fprintf(out, "param,as_of,%s,,,,,,,,,,\n", ho_time_format(a->as_of, t));
    fprintf(out, "param,engaged_contacts,%u,,,,,,,,,,\n", v->def->engaged_contacts);
    fprintf(out, "param,min_score,%g,,,,,,,,,,\n", v->def->min_score);
    fprintf(out, "param,window_days,%g,,,,,,,,,,\n", window_days(v->def));
    fprintf(out, "count,accounts,%zu,,,,,,,,,,\n", a->n);
    fprintf(out, "count,qualified,%llu,,,,,,,,,,\n", (unsigned long long)a->qualified);
    csv_rate(out, "account_sql", a->account_sql);
    csv_rate(out, "all_accounts_sql", a->all_sql);
    for (size_t i = 0; i < a->n; i++) {
        const struct ho_account_row *r = &a->rows[i];
        fprintf(out, "account,%s,,%u,%u,%.2f,%.2f,%.2f,%s,%s,,,\n", name_of(v->strings, r->account),
                r->contacts, r->engaged, ho_round2(r->behavior), ho_round2(r->best_fit),
                ho_round2(r->score), r->qualified ? "true" : "false",
                r->reached_sql ? "true" : "false");
    }
    fprintf(out, "count,pqls,%llu,,,,,,,,,,\n", (unsigned long long)v->pql_sum->pqls);
    fprintf(out, "count,pql_also_mql,%llu,,,,,,,,,,\n", (unsigned long long)v->pql_sum->also_mql);
    csv_rate(out, "pql_sql", v->pql_sum->pql_sql);
    for (size_t i = 0; i < v->n_pql; i++)
        fprintf(out, "pql,%s,%s,,,,,,,,,,\n", name_of(v->strings, v->pql_leads[i].lead),
                ho_time_format(v->pql_leads[i].at, t));
    return HO_OK;
}

/* ---- table ---- */

static void
pql_table(FILE *out, const struct ho_accounts_view *v)
{
    char p[16];
    const struct ho_pql_summary *s = v->pql_sum;
    fputs("\nProduct-qualified leads (apart from MQLs: no MQL figure counts them)\n", out);
    if (v->pql->n_all == 0) {
        fputs("  no pql criteria in the definitions — add e.g. pql: { all: [ { event: "
              "trial_signup } ] }\n",
              out);
        return;
    }
    fputs("  a lead is a PQL once all of these held:", out);
    for (size_t k = 0; k < v->pql->n_all; k++) {
        const struct ho_pql_criterion *c = &v->pql->all[k];
        fprintf(out, "%s %u x %s", k ? ";" : "", c->count, c->event);
        for (size_t w = 0; w < c->n_where; w++)
            fprintf(out, "%s%s", w ? ", " : " with a condition on ", c->where[w].field);
    }
    fprintf(out,
            "\n  PQLs %llu; PQL->SQL %llu/%llu %s (a journey reached SQL at or after the PQL);"
            " %llu of the PQLs were also MQLs\n",
            (unsigned long long)s->pqls, (unsigned long long)s->pql_sql.num,
            (unsigned long long)s->pql_sql.den, ho_format_pct(s->pql_sql.num, s->pql_sql.den, p),
            (unsigned long long)s->also_mql);
}

static ho_rc
accounts_table(FILE *out, const struct ho_accounts_view *v)
{
    const struct ho_accounts *a = v->acc;
    char t1[HO_TIME_STRLEN];
    char t2[HO_TIME_STRLEN];
    char p1[16];
    char p2[16];
    fprintf(out, "Accounts as of %s: %zu accounts, %llu account-qualified\n",
            ho_time_format(a->as_of, t1), a->n, (unsigned long long)a->qualified);
    fprintf(out,
            "  qualified: >= %u engaged contacts (a lead with behaviour in [%s, %s], %g days)\n"
            "  or score >= %g (the leads' behaviour points decayed to the as-of time + the best\n"
            "  fit among them)\n",
            v->def->engaged_contacts, ho_time_format(a->window_from, t2), t1, window_days(v->def),
            v->def->min_score);
    fprintf(out,
            "  account->SQL %llu/%llu %s of qualified accounts have a journey that reached SQL"
            " (all accounts: %llu/%llu %s)\n",
            (unsigned long long)a->account_sql.num, (unsigned long long)a->account_sql.den,
            ho_format_pct(a->account_sql.num, a->account_sql.den, p1),
            (unsigned long long)a->all_sql.num, (unsigned long long)a->all_sql.den,
            ho_format_pct(a->all_sql.num, a->all_sql.den, p2));
    fprintf(out, "\n%-32s %8s %7s %9s %8s %9s %-10s %3s\n", "account", "contacts", "engaged",
            "behavior", "best fit", "score", "qualified", "sql");
    size_t shown = a->n < v->table_rows ? a->n : v->table_rows;
    for (size_t i = 0; i < shown; i++) {
        const struct ho_account_row *r = &a->rows[i];
        const char *why = r->by_contacts && r->by_score ? "both"
                          : r->by_contacts              ? "contacts"
                          : r->by_score                 ? "score"
                                                        : "no";
        fprintf(out, "%-32s %8u %7u %9.2f %8.2f %9.2f %-10s %3s\n", name_of(v->strings, r->account),
                r->contacts, r->engaged, r->behavior, r->best_fit, r->score, why,
                r->reached_sql ? "yes" : "no");
    }
    if (shown < a->n)
        fprintf(out, "(%zu more accounts: --json or --csv lists them all)\n", a->n - shown);
    pql_table(out, v);
    return HO_OK;
}

ho_rc
ho_report_accounts(FILE *out, enum ho_format fmt, const struct ho_accounts_view *v,
                   struct ho_diag *diag)
{
    ho_rc rc = HO_OK;
    switch (fmt) {
    case HO_FORMAT_JSON:
        rc = accounts_json(out, v, diag);
        break;
    case HO_FORMAT_CSV:
        rc = accounts_csv(out, v);
        break;
    case HO_FORMAT_TABLE:
        rc = accounts_table(out, v);
        break;
    default:
        return ho_diag_set(diag, HO_EINVAL, "unknown output format");
    }
    if (rc == HO_OK && ferror(out))
        rc = ho_diag_set(diag, HO_EIO, "cannot write the report");
    return rc;
}
