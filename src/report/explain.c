/* SPDX-License-Identifier: MIT */
/*
 * report/explain.c - the `explain` view of one lead, as text or JSON.
 *
 * JSON shape (other tools rely on it): lead, stage, as_of, score {fit,
 * behavior, total}, mql {at, journey, criterion, score {fit, behavior,
 * total}} or null, thresholds, disqualifier, rules [{name, kind, points,
 * decayed_points, rule_points, holds, field, value, events [{id, ts, type,
 * points, decayed_points}]}], journeys [{n, cohort, criterion, outcome,
 * reason, score_at_mql, stages {stage: time}}].
 *
 * The MQL moment (mql, and the line above the score in text) is that of the
 * latest journey that entered mql: the score then and the criterion credited,
 * so a decayed score below the bar today still shows why the lead is an MQL.
 */
#include "report/report.h"
#include "report/report_int.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

#include "base/timefmt.h"
#include "core/calendar.h"
#include "core/defs.h"
#include "core/event.h"
#include "core/model.h"
#include "core/replay.h"
#include "core/sla.h"

/* Round to 6 decimals so JSON shows 29.999999 rather than 29.99999937… */
static double
round6(double v)
{
    return round(v * 1e6) / 1e6;
}

static const char *
rule_kind(const struct ho_rule_detail *d)
{
    return d->is_fit ? "fit" : d->is_window ? "window" : "behavior";
}

static json_t *
time_json(int64_t t)
{
    char buf[HO_TIME_STRLEN];
    return json_string(ho_time_format(t, buf));
}

static json_t *
score_json(double fit, double behavior)
{
    json_t *o = json_object();
    json_object_set_new(o, "fit", json_real(round6(fit)));
    json_object_set_new(o, "behavior", json_real(round6(behavior)));
    json_object_set_new(o, "total", json_real(round6(fit + behavior)));
    return o;
}

/* The latest journey that entered mql, or NULL (sales-sourced or never). */
static const struct ho_journey *
last_mql_journey(const struct ho_lead_result *r)
{
    for (size_t i = r->n_journeys; i > 0; i--) {
        const struct ho_journey *j = &r->journeys[i - 1];
        if (j->entered[HO_STAGE_MQL] != HO_TIME_NONE && j->criterion != HO_CRITERION_NONE)
            return j;
    }
    return NULL;
}

static json_t *
mql_json(const struct ho_model *m, const struct ho_lead_result *r)
{
    const struct ho_journey *j = last_mql_journey(r);
    if (!j)
        return json_null();
    json_t *o = json_object();
    json_object_set_new(o, "at", time_json(j->entered[HO_STAGE_MQL]));
    json_object_set_new(o, "journey", json_integer(j->n));
    json_object_set_new(o, "criterion", json_string(ho_criterion_name(m, j->criterion)));
    json_object_set_new(o, "score", score_json(j->fit_at_mql, j->behavior_at_mql));
    return o;
}

static json_t *
rule_events_json(const struct ho_model *m, const struct ho_rule_detail *d, size_t rule, int64_t at)
{
    json_t *arr = json_array();
    for (size_t k = 0; k < d->n_events; k++) {
        const struct ho_event *e = &m->log->events[d->events[k]];
        json_t *o = json_object();
        json_object_set_new(o, "id", json_string(ho_eventlog_str(m->log, e->id)));
        json_object_set_new(o, "ts", time_json(e->ts));
        json_object_set_new(o, "type", json_string(ho_eventlog_str(m->log, e->type)));
        json_object_set_new(o, "points", json_real(d->points));
        json_object_set_new(o, "decayed_points",
                            json_real(round6(ho_replay_event_points(m, rule, e->ts, at))));
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *
rules_json(const struct ho_model *m, const struct ho_lead_result *r,
           const struct ho_rule_detail *rules, size_t n)
{
    json_t *arr = json_array();
    size_t behavior_index = 0;
    for (size_t i = 0; i < n; i++) {
        const struct ho_rule_detail *d = &rules[i];
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(d->name));
        json_object_set_new(o, "kind", json_string(rule_kind(d)));
        json_object_set_new(o, "points", json_real(round6(d->raw)));
        json_object_set_new(o, "decayed_points", json_real(round6(d->decayed)));
        json_object_set_new(o, "rule_points", json_real(d->points));
        json_object_set_new(o, "holds", json_boolean(d->holds));
        json_object_set_new(o, "field", d->field ? json_string(d->field) : json_null());
        json_object_set_new(o, "value",
                            d->value && *d->value ? json_string(d->value) : json_null());
        json_object_set_new(o, "events",
                            d->is_fit ? json_array()
                                      : rule_events_json(m, d, behavior_index, r->as_of));
        if (!d->is_fit)
            behavior_index++;
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *
journey_json(const struct ho_model *m, const struct ho_journey *j)
{
    char month[HO_TIME_STRLEN];
    json_t *o = json_object();
    json_object_set_new(o, "n", json_integer(j->n));
    json_object_set_new(o, "cohort", json_string(ho_time_format_month(ho_journey_start(j), month)));
    const char *crit = ho_criterion_name(m, j->criterion);
    json_object_set_new(o, "criterion", *crit ? json_string(crit) : json_null());
    json_object_set_new(o, "outcome", json_string(ho_stage_name(j->last)));
    json_object_set_new(o, "reason",
                        j->reason ? json_string(ho_eventlog_str(m->log, j->reason)) : json_null());
    json_object_set_new(o, "score_at_mql",
                        *crit ? score_json(j->fit_at_mql, j->behavior_at_mql) : json_null());
    json_t *stages = json_object();
    for (int s = 0; s < HO_STAGE__COUNT; s++) {
        if (j->entered[s] != HO_TIME_NONE)
            json_object_set_new(stages, ho_stage_name((enum ho_stage)s), time_json(j->entered[s]));
    }
    json_object_set_new(o, "stages", stages);
    return o;
}

/* Evaluate clock i of r at r->as_of. */
static void
eval_clock(const struct ho_model *m, const struct ho_lead_result *r, size_t i,
           struct ho_clock_eval *out)
{
    const struct ho_sla_clock *c = &r->clocks[i];
    const struct ho_sla *sla = &m->defs->slas[c->sla];
    struct ho_clock_row row = { .started = c->started,
                                .stopped = c->stopped,
                                .stop_event = c->stop_event,
                                .within_ms = sla->within_ms,
                                .raw = sla->raw_clock };
    ho_sla_eval(&m->defs->calendar, &row, r->as_of, out);
}

static json_t *
clocks_json(const struct ho_model *m, const struct ho_lead_result *r)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < r->n_clocks; i++) {
        const struct ho_sla_clock *c = &r->clocks[i];
        struct ho_clock_eval e;
        eval_clock(m, r, i, &e);
        json_t *o = json_object();
        json_object_set_new(o, "sla", json_string(m->defs->slas[c->sla].name));
        json_object_set_new(o, "journey", json_integer(r->journeys[c->journey].n));
        json_object_set_new(o, "clock",
                            json_string(m->defs->slas[c->sla].raw_clock ? "raw" : "business"));
        json_object_set_new(o, "started", time_json(c->started));
        json_object_set_new(o, "stopped",
                            c->stopped == HO_TIME_NONE ? json_null() : time_json(c->stopped));
        json_object_set_new(o, "deadline", time_json(e.deadline));
        json_object_set_new(o, "status", json_string(ho_sla_status_name(e.status)));
        json_object_set_new(o, "business_minutes",
                            json_real(round((double)e.business_ms / 600) / 100));
        json_object_set_new(o, "raw_minutes", json_real(round((double)e.raw_ms / 600) / 100));
        /* the window on the clock's own time: business minutes unless raw */
        json_object_set_new(o, "within_minutes",
                            json_real(round((double)m->defs->slas[c->sla].within_ms / 600) / 100));
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *
thresholds_json(const struct ho_model *m)
{
    const struct ho_mql_def *q = &m->defs->mql;
    json_t *o = json_object();
    json_object_set_new(o, "min_score", q->has_min_score ? json_real(q->min_score) : json_null());
    json_object_set_new(o, "min_fit", q->has_min_fit ? json_real(q->min_fit) : json_null());
    json_t *sets = json_array();
    for (size_t k = 0; k < q->n_or_any; k++)
        json_array_append_new(sets, json_string(q->or_any[k].name));
    json_object_set_new(o, "or_any", sets);
    json_object_set_new(o, "half_life_days",
                        json_real((double)m->defs->half_life_ms / (double)HO_MS_PER_DAY));
    return o;
}

static ho_rc
explain_json(FILE *out, const struct ho_model *m, const struct ho_lead_result *r,
             const struct ho_rule_detail *rules, size_t n_rules, struct ho_diag *diag)
{
    json_t *root = json_object();
    json_object_set_new(root, "lead", json_string(ho_eventlog_str(m->log, r->lead)));
    json_object_set_new(root, "stage", json_string(ho_stage_name(r->stage)));
    json_object_set_new(root, "as_of", time_json(r->as_of));
    json_object_set_new(root, "definitions_version", json_integer(m->defs->version));
    json_object_set_new(root, "score", score_json(r->fit, r->behavior));
    json_object_set_new(root, "mql", mql_json(m, r));
    json_object_set_new(root, "thresholds", thresholds_json(m));
    json_object_set_new(root, "disqualifier",
                        r->disqualifier >= 0
                            ? json_string(m->defs->disqualify[r->disqualifier].reason)
                            : json_null());
    json_object_set_new(root, "channel",
                        r->channel ? json_string(ho_eventlog_str(m->log, r->channel))
                                   : json_null());
    json_object_set_new(root, "rules", rules_json(m, r, rules, n_rules));
    json_t *journeys = json_array();
    for (size_t i = 0; i < r->n_journeys; i++)
        json_array_append_new(journeys, journey_json(m, &r->journeys[i]));
    json_object_set_new(root, "journeys", journeys);
    json_object_set_new(root, "routing", ho_explain_routing_json(m, r));
    json_object_set_new(root, "sla", clocks_json(m, r));
    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
    json_decref(root);
    fputc('\n', out);
    return rc == 0 ? HO_OK : ho_diag_set(diag, HO_EIO, "cannot write the explanation");
}

/* What a fit rule read: ' (matched: title = "VP Sales")', ' (no match: no
 * title)'; nothing for a behaviour rule. */
static void
explain_fit_value_text(FILE *out, const struct ho_rule_detail *d)
{
    if (!d->is_fit)
        return;
    const char *how = d->holds ? "matched" : "no match";
    if (d->value && *d->value)
        fprintf(out, " (%s: %s = \"%s\")", how, d->field, d->value);
    else
        fprintf(out, " (%s: no %s)", how, d->field);
}

static void
explain_rules_text(FILE *out, const struct ho_model *m, const struct ho_lead_result *r,
                   const struct ho_rule_detail *rules, size_t n)
{
    char ts[HO_TIME_STRLEN];
    size_t behavior_index = 0;
    fprintf(out, "\n  %-20s %-8s %10s %10s  %s\n", "rule", "kind", "points", "decayed", "events");
    for (size_t i = 0; i < n; i++) {
        const struct ho_rule_detail *d = &rules[i];
        fprintf(out, "  %-20s %-8s %10.2f %10.2f  %zu", d->name, rule_kind(d), d->raw, d->decayed,
                d->n_events);
        explain_fit_value_text(out, d);
        fputc('\n', out);
        for (size_t k = 0; k < d->n_events; k++) {
            const struct ho_event *e = &m->log->events[d->events[k]];
            fprintf(out, "      %-24s %s", ho_eventlog_str(m->log, e->id),
                    ho_time_format(e->ts, ts));
            if (d->is_window) /* a window rule scores the count, not each event */
                fputc('\n', out);
            else
                fprintf(out, " %+g -> %.2f\n", d->points,
                        ho_replay_event_points(m, behavior_index, e->ts, r->as_of));
        }
        if (!d->is_fit)
            behavior_index++;
    }
}

static void
explain_journeys_text(FILE *out, const struct ho_model *m, const struct ho_lead_result *r)
{
    char ts[HO_TIME_STRLEN], month[HO_TIME_STRLEN];
    fprintf(out, "\n  journeys: %zu\n", r->n_journeys);
    for (size_t i = 0; i < r->n_journeys; i++) {
        const struct ho_journey *j = &r->journeys[i];
        const char *crit = ho_criterion_name(m, j->criterion);
        fprintf(out, "  #%u cohort %s, %s%s\n", j->n,
                ho_time_format_month(ho_journey_start(j), month),
                *crit ? "MQL by " : "sales-sourced", crit);
        for (int s = 0; s < HO_STAGE__COUNT; s++) {
            if (j->entered[s] != HO_TIME_NONE)
                fprintf(out, "      %-13s %s\n", ho_stage_name((enum ho_stage)s),
                        ho_time_format(j->entered[s], ts));
        }
        if (j->reason)
            fprintf(out, "      reason        %s\n", ho_eventlog_str(m->log, j->reason));
    }
}

/* A clock's window and time used: business clocks in business hours and
 * working days of the calendar (raw time beside), raw clocks in wall time. */
static void
explain_clock_text(FILE *out, const struct ho_model *m, const struct ho_sla *sla,
                   const struct ho_clock_eval *e)
{
    char a[HO_TIME_STRLEN], b[HO_TIME_STRLEN], c[HO_TIME_STRLEN];
    if (sla->raw_clock) {
        fprintf(out, "      within %s wall time; used %s (business %s)\n",
                ho_duration_format(sla->within_ms, a), ho_duration_format(e->raw_ms, b),
                ho_duration_format(e->business_ms, c));
        return;
    }
    int64_t day = ho_calendar_working_day_ms(&m->defs->calendar);
    fprintf(out, "      within %s; used %s (raw %s)\n",
            ho_business_duration_format(sla->within_ms, day, a),
            ho_business_duration_format(e->business_ms, day, b), ho_duration_format(e->raw_ms, c));
}

static void
explain_clocks_text(FILE *out, const struct ho_model *m, const struct ho_lead_result *r)
{
    char a[HO_TIME_STRLEN];
    if (r->n_clocks == 0)
        return;
    fprintf(out, "\n  SLA clocks (as of the time above)\n");
    for (size_t i = 0; i < r->n_clocks; i++) {
        const struct ho_sla *sla = &m->defs->slas[r->clocks[i].sla];
        struct ho_clock_eval e;
        eval_clock(m, r, i, &e);
        fprintf(out, "  #%u %-14s %-9s started %s\n", r->journeys[r->clocks[i].journey].n,
                sla->name, ho_sla_status_name(e.status), ho_time_format(r->clocks[i].started, a));
        explain_clock_text(out, m, sla, &e);
    }
}

/* The MQL moment: when, by which criterion (the one credited), the score
 * then; and a word when decay has since taken an open MQL below the bar. */
static void
explain_mql_text(FILE *out, const struct ho_model *m, const struct ho_lead_result *r)
{
    char ts[HO_TIME_STRLEN];
    const struct ho_journey *j = last_mql_journey(r);
    if (!j)
        return;
    fprintf(out, "  MQL at %s by %s (journey %u): fit %.2f + behaviour %.2f = %.2f\n",
            ho_time_format(j->entered[HO_STAGE_MQL], ts), ho_criterion_name(m, j->criterion),
            (unsigned)j->n, j->fit_at_mql, j->behavior_at_mql, j->fit_at_mql + j->behavior_at_mql);
    const struct ho_mql_def *q = &m->defs->mql;
    if (r->stage == HO_STAGE_MQL && q->has_min_score && r->fit + r->behavior < q->min_score)
        fprintf(out,
                "  (the score has decayed below %g since; an MQL stays an MQL until a "
                "sales action, nurture or expiry)\n",
                q->min_score);
}

static ho_rc
explain_text(FILE *out, const struct ho_model *m, const struct ho_lead_result *r,
             const struct ho_rule_detail *rules, size_t n_rules)
{
    char ts[HO_TIME_STRLEN];
    const struct ho_mql_def *q = &m->defs->mql;
    fprintf(out, "lead %s: %s (as of %s, definitions version %lld)\n",
            ho_eventlog_str(m->log, r->lead), ho_stage_name(r->stage), ho_time_format(r->as_of, ts),
            (long long)m->defs->version);
    explain_mql_text(out, m, r);
    fprintf(out, "  score: fit %.2f + behaviour %.2f = %.2f\n", r->fit, r->behavior,
            r->fit + r->behavior);
    if (q->has_min_score || q->has_min_fit)
        fprintf(out, "  MQL when total >= %g and fit >= %g", q->min_score, q->min_fit);
    for (size_t k = 0; k < q->n_or_any; k++)
        fprintf(out, "%s or all of %s", k || q->has_min_score ? "," : "  MQL when",
                q->or_any[k].name);
    fprintf(out, "\n  half-life %g days; channel %s\n",
            (double)m->defs->half_life_ms / (double)HO_MS_PER_DAY,
            r->channel ? ho_eventlog_str(m->log, r->channel) : "(none)");
    if (r->disqualifier >= 0)
        fprintf(out, "  disqualified by rule: %s\n", m->defs->disqualify[r->disqualifier].reason);
    if (r->sales_disqualified)
        fprintf(out, "  disqualified by sales\n");
    explain_rules_text(out, m, r, rules, n_rules);
    explain_journeys_text(out, m, r);
    ho_explain_routing_text(out, m, r);
    explain_clocks_text(out, m, r);
    return HO_OK;
}

ho_rc
ho_report_explain(FILE *out, enum ho_format fmt, const struct ho_model *m,
                  const struct ho_lead_result *r, const struct ho_rule_detail *rules,
                  size_t n_rules, struct ho_diag *diag)
{
    switch (fmt) {
    case HO_FORMAT_JSON:
        return explain_json(out, m, r, rules, n_rules, diag);
    case HO_FORMAT_TABLE:
        return explain_text(out, m, r, rules, n_rules);
    case HO_FORMAT_CSV:
        break;
    }
    return ho_diag_set(diag, HO_EINVAL, "explain has no CSV form: use --json");
}
