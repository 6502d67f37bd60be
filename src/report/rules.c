/* SPDX-License-Identifier: MIT */
/*
 * report/rules.c - the rules report (SQL conversion of the MQLs each rule
 * contributed to) as a table, JSON or CSV.
 */
#include "report/report.h"

#include <math.h>
#include <string.h>

#include "core/rules_report.h"
#include "report/report_int.h"

static const char rules_heading[] =
    "MQL journeys by the rules that held at the MQL, and how many of them reached SQL";

static json_t *
rule_json(const struct ho_rule_stat *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "rule", json_string(s->name));
    json_object_set_new(o, "kind", json_string(s->is_fit ? "fit" : "behavior"));
    json_object_set_new(o, "points", json_real(s->points));
    json_object_set_new(o, "tracked", json_boolean(s->tracked));
    json_object_set_new(o, "with_rule", ho_json_rate(s->share));
    json_object_set_new(o, "sql", ho_json_rate(s->sql));
    json_object_set_new(o, "lift", s->has_lift ? json_real(ho_round2(s->lift)) : json_null());
    json_object_set_new(o, "signal", json_string(ho_rule_signal_name(s->signal)));
    json_object_set_new(o, "note", json_string(ho_rule_signal_text(s)));
    json_object_set_new(o, "rejected_bad_fit", json_integer((json_int_t)s->bad_fit));
    json_object_set_new(o, "rejected_bad_scoring", json_integer((json_int_t)s->bad_scoring));
    json_object_set_new(o, "mostly_rejected", json_boolean(s->mostly_rejected));
    return o;
}

static json_t *
criterion_json(const struct ho_criterion_stat *c)
{
    json_t *o = json_object();
    json_object_set_new(o, "criterion", json_string(c->name));
    json_object_set_new(o, "tracked", json_boolean(c->tracked));
    json_object_set_new(o, "credited", ho_json_rate(c->credited));
    json_object_set_new(o, "held", ho_json_rate(c->held));
    return o;
}

static ho_rc
rules_json(FILE *out, const struct ho_rules_report *r, struct ho_diag *diag)
{
    json_t *root = json_object();
    json_object_set_new(root, "overall", ho_json_rate(r->overall));
    json_t *th = json_object();
    json_object_set_new(th, "min_journeys", json_integer(HO_RULES_MIN_JOURNEYS));
    json_object_set_new(th, "low_lift", json_real(HO_RULES_LOW_LIFT));
    json_object_set_new(th, "high_lift", json_real(HO_RULES_HIGH_LIFT));
    json_object_set_new(root, "thresholds", th);
    json_t *rules = json_array();
    for (size_t i = 0; i < r->n; i++)
        json_array_append_new(rules, rule_json(&r->rules[i]));
    json_object_set_new(root, "rules", rules);
    json_t *criteria = json_array();
    for (size_t i = 0; i < r->n_criteria; i++)
        json_array_append_new(criteria, criterion_json(&r->criteria[i]));
    json_object_set_new(root, "criteria", criteria);
    return ho_json_write(out, root, diag);
}

/* One row per MQL criterion, kind "criterion": with_rule and sql are the
 * journeys it held for (and of them those that reached sql), credited_*
 * those credited to it. */
static void
criteria_csv(FILE *out, const struct ho_rules_report *r)
{
    for (size_t i = 0; i < r->n_criteria; i++) {
        const struct ho_criterion_stat *c = &r->criteria[i];
        ho_csv_field(out, c->name);
        fprintf(out, ",criterion,,%s", c->tracked ? "true" : "false");
        ho_csv_rate(out, (struct ho_rate){ c->held.den, r->overall.den });
        ho_csv_rate(out, c->held);
        ho_csv_rate(out, r->overall);
        fputs(",,,", out);
        ho_csv_rate(out, c->credited);
        fputc('\n', out);
    }
}

static ho_rc
rules_csv(FILE *out, const struct ho_rules_report *r)
{
    fputs("rule,kind,points,tracked,with_rule_num,with_rule_den,with_rule_pct,sql_num,sql_den,"
          "sql_pct,overall_num,overall_den,overall_pct,lift,signal,note,credited_num,"
          "credited_den,credited_pct\n",
          out);
    for (size_t i = 0; i < r->n; i++) {
        const struct ho_rule_stat *s = &r->rules[i];
        ho_csv_field(out, s->name);
        fprintf(out, ",%s,%g,%s", s->is_fit ? "fit" : "behavior", s->points,
                s->tracked ? "true" : "false");
        ho_csv_rate(out, s->share);
        ho_csv_rate(out, s->sql);
        ho_csv_rate(out, r->overall);
        fputc(',', out);
        if (s->has_lift)
            fprintf(out, "%.2f", ho_round2(s->lift));
        fprintf(out, ",%s,", ho_rule_signal_name(s->signal));
        ho_csv_field(out, ho_rule_signal_text(s));
        fputs(",,,\n", out);
    }
    criteria_csv(out, r);
    return HO_OK;
}

static void
criteria_table(FILE *out, const struct ho_rules_report *r)
{
    char r1[48], r2[48];
    int w = 15;
    for (size_t i = 0; i < r->n_criteria; i++) {
        int len = (int)strlen(r->criteria[i].name);
        w = len > w ? (len < 60 ? len : 60) : w;
    }
    fprintf(out, "\nMQL criteria: credited = the first that held at the MQL (definitions order),\n"
                 "held = every journey it held for; each with how many reached SQL\n");
    fprintf(out, "%-*s %18s %18s\n", w, "criterion", "credited: SQL", "held: SQL");
    for (size_t i = 0; i < r->n_criteria; i++) {
        const struct ho_criterion_stat *c = &r->criteria[i];
        fprintf(out, "%-*s %18s %18s\n", w, c->name, ho_format_rate(c->credited, r1),
                ho_format_rate(c->held, r2));
    }
}

/* The rules whose MQLs sales mostly rejected as bad fit or over-scored. */
static void
rejections_table(FILE *out, const struct ho_rules_report *r)
{
    for (size_t i = 0; i < r->n; i++) {
        const struct ho_rule_stat *s = &r->rules[i];
        if (!s->mostly_rejected)
            continue;
        fprintf(out,
                "flagged: %s: %llu of its %llu MQLs rejected as bad_fit (%llu) or "
                "bad_scoring (%llu): %s\n",
                s->name, (unsigned long long)s->bad_fit + (unsigned long long)s->bad_scoring,
                (unsigned long long)s->sql.den, (unsigned long long)s->bad_fit,
                (unsigned long long)s->bad_scoring, ho_rule_rejection_text(s));
    }
}

static ho_rc
rules_table(FILE *out, const struct ho_rules_report *r)
{
    char r1[48], r2[48], lift[16];
    fprintf(out, "%s\n", rules_heading);
    fprintf(out, "Overall MQL->SQL: %s; lift = the rule's SQL rate / the overall rate\n",
            ho_format_rate(r->overall, r1));
    int w = 15;
    for (size_t i = 0; i < r->n; i++) {
        int len = (int)strlen(r->rules[i].name);
        w = len > w ? (len < 60 ? len : 60) : w;
    }
    fprintf(out, "%-*s %-8s %7s %18s %18s %6s  %s\n", w, "rule", "kind", "points", "MQLs with it",
            "reached SQL", "lift", "");
    for (size_t i = 0; i < r->n; i++) {
        const struct ho_rule_stat *s = &r->rules[i];
        if (s->has_lift)
            snprintf(lift, sizeof(lift), "%.2f", ho_round2(s->lift));
        else
            snprintf(lift, sizeof(lift), "n/a");
        fprintf(out, "%-*s %-8s %7g %18s %18s %6s  %s\n", w, s->name,
                s->is_fit ? "fit" : "behavior", s->points, ho_format_rate(s->share, r1),
                ho_format_rate(s->sql, r2), lift, ho_rule_signal_text(s));
    }
    if (r->n == 0)
        fprintf(out, "(the definitions have no rules)\n");
    rejections_table(out, r);
    criteria_table(out, r);
    return HO_OK;
}

ho_rc
ho_report_rules(FILE *out, enum ho_format fmt, const struct ho_rules_report *r,
                struct ho_diag *diag)
{
    switch (fmt) {
    case HO_FORMAT_JSON:
        return rules_json(out, r, diag);
    case HO_FORMAT_CSV:
        return rules_csv(out, r);
    case HO_FORMAT_TABLE:
        return rules_table(out, r);
    }
    return ho_diag_set(diag, HO_EINVAL, "unknown output format");
}
