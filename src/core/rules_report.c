/* SPDX-License-Identifier: MIT */
/*
 * core/rules_report.c - SQL conversion of the MQLs each rule contributed to.
 */
#include "core/rules_report.h"

#include <string.h>

#include "base/xalloc.h"
#include "base/strtab.h"
#include "core/defs.h"
#include "core/dispositions.h"

static enum ho_rule_signal
signal_of(const struct ho_rule_stat *s)
{
    if (!s->tracked)
        return HO_RULE_UNTRACKED;
    if (s->sql.den == 0)
        return HO_RULE_NO_DATA;
    if (s->sql.den < HO_RULES_MIN_JOURNEYS || !s->has_lift)
        return HO_RULE_FEW;
    if (s->lift < HO_RULES_LOW_LIFT)
        return HO_RULE_LOW;
    if (s->lift >= HO_RULES_HIGH_LIFT)
        return HO_RULE_HIGH;
    return HO_RULE_IN_LINE;
}

static void
count_rules(struct ho_rules_report *out, uint64_t bits, bool reached_sql)
{
    for (size_t i = 0; i < out->n && i < 64; i++) {
        if (!(bits & (1ULL << i)))
            continue;
        out->rules[i].sql.den++;
        if (reached_sql)
            out->rules[i].sql.num++;
    }
}

static void
finish_rule(struct ho_rule_stat *s, struct ho_rate overall)
{
    s->share = (struct ho_rate){ s->sql.den, overall.den };
    s->has_lift = s->sql.den > 0 && overall.num > 0;
    if (s->has_lift)
        s->lift =
            ((double)s->sql.num / (double)s->sql.den) / ((double)overall.num / (double)overall.den);
    s->signal = signal_of(s);
}

static void
init_criteria(const struct ho_defs *defs, struct ho_rules_report *out)
{
    bool score = defs->mql.has_min_score || defs->mql.has_min_fit;
    out->criteria = ho_xcalloc(defs->mql.n_or_any + 2, sizeof(*out->criteria));
    for (int32_t k = score ? 0 : 1; (size_t)k <= defs->mql.n_or_any; k++) {
        struct ho_criterion_stat *c = &out->criteria[out->n_criteria++];
        c->criterion = k;
        c->name = ho_defs_criterion_name(defs, k);
        c->tracked = k < 64;
    }
}

static void
count_criteria(struct ho_rules_report *out, const struct ho_journey *j, bool reached_sql)
{
    for (size_t i = 0; i < out->n_criteria; i++) {
        struct ho_criterion_stat *c = &out->criteria[i];
        if (c->criterion == j->criterion) {
            c->credited.den++;
            c->credited.num += reached_sql;
        }
        if (c->tracked && (j->criteria_at_mql >> c->criterion) & 1U) {
            c->held.den++;
            c->held.num += reached_sql;
        }
    }
}

void
ho_rules_report_compute(const struct ho_defs *defs, const struct ho_journey_row *rows, size_t n,
                        int64_t from_ms, int64_t to_ms, struct ho_rules_report *out)
{
    memset(out, 0, sizeof(*out));
    out->n = defs->n_fit + defs->n_behavior;
    out->rules = ho_xcalloc(out->n + 1, sizeof(*out->rules));
    for (size_t i = 0; i < out->n; i++) {
        struct ho_rule_stat *s = &out->rules[i];
        bool fit = i < defs->n_fit;
        s->is_fit = fit;
        s->name = fit ? defs->fit[i].name : defs->behavior[i - defs->n_fit].name;
        s->points = fit ? defs->fit[i].points : defs->behavior[i - defs->n_fit].points;
        s->tracked = i < 64;
    }
    init_criteria(defs, out);
    for (size_t k = 0; k < n; k++) {
        const struct ho_journey *j = &rows[k].j;
        int64_t t = j->entered[HO_STAGE_MQL];
        if (t == HO_TIME_NONE || t < from_ms || t >= to_ms)
            continue;
        bool reached_sql = j->furthest >= HO_STAGE_SQL && j->furthest <= HO_STAGE_CUSTOMER;
        out->overall.den++;
        if (reached_sql)
            out->overall.num++;
        count_rules(out, j->rules_at_mql, reached_sql);
        count_criteria(out, j, reached_sql);
    }
    for (size_t i = 0; i < out->n; i++)
        finish_rule(&out->rules[i], out->overall);
}

void
ho_rules_report_release(struct ho_rules_report *r)
{
    ho_xfree(r->rules);
    ho_xfree(r->criteria);
    memset(r, 0, sizeof(*r));
}

const char *
ho_rule_signal_name(enum ho_rule_signal s)
{
    switch (s) {
    case HO_RULE_UNTRACKED:
        return "untracked";
    case HO_RULE_NO_DATA:
        return "no_data";
    case HO_RULE_FEW:
        return "few";
    case HO_RULE_IN_LINE:
        return "in_line";
    case HO_RULE_LOW:
        return "low";
    case HO_RULE_HIGH:
        return "high";
    }
    return "?";
}

const char *
ho_rule_signal_text(const struct ho_rule_stat *s)
{
    bool penalty = s->points < 0;
    switch (s->signal) {
    case HO_RULE_UNTRACKED:
        return "not tracked: journeys record the first 64 rules only";
    case HO_RULE_NO_DATA:
        return "no MQL journey had this rule";
    case HO_RULE_FEW:
        return "too few journeys to judge";
    case HO_RULE_IN_LINE:
        return "converts within half to double the average";
    case HO_RULE_LOW:
        return penalty ? "converts at under half the average: the penalty is deserved (a larger "
                         "one, or a disqualifier?)"
                       : "converts at under half the average: over-scored, lower its points";
    case HO_RULE_HIGH:
        return penalty ? "penalised, yet converts at double the average or more: review its points"
                       : "converts at double the average or more: a strong signal";
    }
    return "";
}

/* 1 for bad_fit, 2 for bad_scoring, 0 for any other closing. */
static int
rejection_kind(const struct ho_defs *defs, const struct ho_journey *j,
               const struct ho_strtab *strings)
{
    if (!j->closed || (j->last != HO_STAGE_NURTURE && j->last != HO_STAGE_DISQUALIFIED) ||
        j->reason == 0)
        return 0;
    const char *cat = ho_disposition_category(defs, ho_strtab_str(strings, j->reason));
    if (strcmp(cat, "bad_fit") == 0)
        return 1;
    return strcmp(cat, "bad_scoring") == 0 ? 2 : 0;
}

void
ho_rules_report_rejections(struct ho_rules_report *r, const struct ho_defs *defs,
                           const struct ho_journey_row *rows, size_t n, int64_t from_ms,
                           int64_t to_ms, const struct ho_strtab *strings)
{
    for (size_t k = 0; k < n; k++) {
        const struct ho_journey *j = &rows[k].j;
        int64_t t = j->entered[HO_STAGE_MQL];
        if (t == HO_TIME_NONE || t < from_ms || t >= to_ms)
            continue;
        int kind = rejection_kind(defs, j, strings);
        if (kind == 0)
            continue;
        for (size_t i = 0; i < r->n && i < 64; i++) {
            if (!(j->rules_at_mql & (1ULL << i)))
                continue;
            if (kind == 1)
                r->rules[i].bad_fit++;
            else
                r->rules[i].bad_scoring++;
        }
    }
    for (size_t i = 0; i < r->n; i++) {
        struct ho_rule_stat *s = &r->rules[i];
        s->mostly_rejected =
            s->sql.den >= HO_RULES_MIN_JOURNEYS && (s->bad_fit + s->bad_scoring) * 2 > s->sql.den;
    }
}

const char *
ho_rule_rejection_text(const struct ho_rule_stat *s)
{
    if (!s->mostly_rejected)
        return "";
    if (s->points < 0)
        return "most of its MQLs were rejected as bad fit or over-scored despite the penalty: "
               "a larger penalty, or a disqualifier?";
    return s->bad_fit >= s->bad_scoring
               ? "most of its MQLs were rejected as bad fit: tighten the rule or lower its points"
               : "most of its MQLs were rejected as over-scored: lower its points";
}
