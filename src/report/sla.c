/* SPDX-License-Identifier: MIT */
/*
 * report/sla.c - SLA compliance and the live queue.
 */
#include "report/sales.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

#include "base/strtab.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "core/defs.h"
#include "core/funnel.h"
#include "core/sla.h"
#include "core/stage.h"
#include "report/report_int.h"

static const char *
text(const struct ho_sla_view *v, uint32_t id, const char *none)
{
    return id ? ho_strtab_str(v->strings, id) : none;
}

static json_t *
summary_json(const struct ho_sla_view *v, const struct ho_sla_summary *s, const char *key)
{
    json_t *o = json_object();
    json_object_set_new(o, "sla", json_string(text(v, s->name, "")));
    if (key)
        json_object_set_new(o, key, json_string(text(v, s->key, "(none)")));
    for (int k = 0; k < HO_SLA__COUNT; k++)
        json_object_set_new(o, ho_sla_status_name((enum ho_sla_status)k),
                            json_integer((json_int_t)s->count[k]));
    uint64_t met = s->count[HO_SLA_MET], den = met + s->count[HO_SLA_BREACHED];
    json_t *r = json_object();
    json_object_set_new(r, "num", json_integer((json_int_t)met));
    json_object_set_new(r, "den", json_integer((json_int_t)den));
    json_object_set_new(
        r, "pct", den ? json_real(round(10000.0 * (double)met / (double)den) / 100) : json_null());
    json_object_set_new(o, "met_rate", r);
    return o;
}

/* Time left in minutes, to 2 decimals: the one unit of JSON and CSV. */
static double
left_minutes(int64_t left_ms)
{
    return round((double)left_ms / 600) / 100;
}

static json_t *
clock_json(const struct ho_sla_view *v, const struct ho_clock_row *c, const struct ho_clock_eval *e)
{
    char ts[HO_TIME_STRLEN];
    json_t *o = json_object();
    json_object_set_new(o, "lead", json_string(text(v, c->lead, "")));
    json_object_set_new(o, "journey", json_integer(c->journey));
    json_object_set_new(o, "sla", json_string(text(v, c->name, "")));
    json_object_set_new(o, "status", json_string(ho_sla_status_name(e->status)));
    json_object_set_new(o, "started", json_string(ho_time_format(c->started, ts)));
    json_object_set_new(o, "deadline", json_string(ho_time_format(e->deadline, ts)));
    json_object_set_new(o, "stopped",
                        c->stopped == HO_TIME_NONE ? json_null()
                                                   : json_string(ho_time_format(c->stopped, ts)));
    json_object_set_new(o, "business_minutes",
                        json_real(round((double)e->business_ms / 600) / 100));
    json_object_set_new(o, "raw_minutes", json_real(round((double)e->raw_ms / 600) / 100));
    json_object_set_new(o, "left_minutes", json_real(left_minutes(e->left_ms)));
    json_object_set_new(o, "clock", json_string(c->raw ? "raw" : "business"));
    json_object_set_new(o, "rep", c->rep ? json_string(text(v, c->rep, "")) : json_null());
    json_object_set_new(o, "pool", c->pool ? json_string(text(v, c->pool, "")) : json_null());
    json_object_set_new(o, "channel",
                        c->channel ? json_string(text(v, c->channel, "")) : json_null());
    const char *crit = ho_defs_criterion_name(v->defs, c->criterion);
    json_object_set_new(o, "mql_rule", *crit ? json_string(crit) : json_null());
    return o;
}

static json_t *
summaries_json(const struct ho_sla_view *v, enum ho_sla_by by, const char *key)
{
    struct ho_sla_summary *s;
    size_t n;
    ho_sla_summarise(&v->defs->calendar, v->clocks, v->n, v->now, by, &s, &n);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, summary_json(v, &s[i], key));
    ho_xfree(s);
    return arr;
}

static ho_rc
sla_json(FILE *out, const struct ho_sla_view *v, struct ho_diag *diag)
{
    char ts[HO_TIME_STRLEN];
    json_t *root = json_object(), *breaches = json_array();
    json_object_set_new(root, "as_of", json_string(ho_time_format(v->now, ts)));
    json_object_set_new(root, "slas", summaries_json(v, HO_SLA_BY_ALL, NULL));
    json_object_set_new(root, "by_rep", summaries_json(v, HO_SLA_BY_REP, "rep"));
    json_object_set_new(root, "by_channel", summaries_json(v, HO_SLA_BY_CHANNEL, "channel"));
    for (size_t i = 0; i < v->n; i++) {
        struct ho_clock_eval e;
        ho_sla_eval(&v->defs->calendar, &v->clocks[i], v->now, &e);
        if (e.status == HO_SLA_BREACHED)
            json_array_append_new(breaches, clock_json(v, &v->clocks[i], &e));
    }
    json_object_set_new(root, "breaches", breaches);
    return ho_json_write(out, root, diag);
}

static void
summaries_table(FILE *out, const struct ho_sla_view *v, enum ho_sla_by by, const char *title)
{
    struct ho_sla_summary *s;
    size_t n;
    char pct[16];
    ho_sla_summarise(&v->defs->calendar, v->clocks, v->n, v->now, by, &s, &n);
    fprintf(out, "\n%-14s %-14s %8s %8s %8s %9s %9s\n", "sla", title, "met", "breached", "open",
            "cancelled", "met rate");
    for (size_t i = 0; i < n; i++) {
        uint64_t met = s[i].count[HO_SLA_MET], br = s[i].count[HO_SLA_BREACHED];
        fprintf(out, "%-14s %-14s %8llu %8llu %8llu %9llu %9s\n", text(v, s[i].name, ""),
                by == HO_SLA_BY_ALL ? "all" : text(v, s[i].key, "(none)"), (unsigned long long)met,
                (unsigned long long)br, (unsigned long long)s[i].count[HO_SLA_OPEN],
                (unsigned long long)s[i].count[HO_SLA_CANCELLED],
                ho_format_pct(met, met + br, pct));
    }
    ho_xfree(s);
}

static ho_rc
sla_table(FILE *out, const struct ho_sla_view *v)
{
    char ts[HO_TIME_STRLEN];
    fprintf(out, "SLA compliance as of %s (met rate = met / (met + breached))\n",
            ho_time_format(v->now, ts));
    summaries_table(out, v, HO_SLA_BY_ALL, "");
    summaries_table(out, v, HO_SLA_BY_REP, "rep");
    summaries_table(out, v, HO_SLA_BY_CHANNEL, "channel");
    return HO_OK;
}

static ho_rc
sla_csv(FILE *out, const struct ho_sla_view *v)
{
    static const enum ho_sla_by bys[] = { HO_SLA_BY_ALL, HO_SLA_BY_REP, HO_SLA_BY_CHANNEL };
    static const char *const by_names[] = { "all", "rep", "channel" };
    fputs("by,key,sla,met,breached,open,cancelled,met_num,met_den,met_pct\n", out);
    for (size_t b = 0; b < HO_ARRAY_LEN(bys); b++) {
        struct ho_sla_summary *s;
        size_t n;
        ho_sla_summarise(&v->defs->calendar, v->clocks, v->n, v->now, bys[b], &s, &n);
        for (size_t i = 0; i < n; i++) {
            uint64_t met = s[i].count[HO_SLA_MET], den = met + s[i].count[HO_SLA_BREACHED];
            fprintf(out, "%s,%s,%s,%llu,%llu,%llu,%llu,%llu,%llu,", by_names[b],
                    bys[b] == HO_SLA_BY_ALL ? "" : text(v, s[i].key, ""), text(v, s[i].name, ""),
                    (unsigned long long)met, (unsigned long long)s[i].count[HO_SLA_BREACHED],
                    (unsigned long long)s[i].count[HO_SLA_OPEN],
                    (unsigned long long)s[i].count[HO_SLA_CANCELLED], (unsigned long long)met,
                    (unsigned long long)den);
            if (den)
                fprintf(out, "%.2f", round(10000.0 * (double)met / (double)den) / 100);
            fputc('\n', out);
        }
        ho_xfree(s);
    }
    return HO_OK;
}

ho_rc
ho_report_sla(FILE *out, enum ho_format fmt, const struct ho_sla_view *v, struct ho_diag *diag)
{
    switch (fmt) {
    case HO_FORMAT_JSON:
        return sla_json(out, v, diag);
    case HO_FORMAT_CSV:
        return sla_csv(out, v);
    case HO_FORMAT_TABLE:
        return sla_table(out, v);
    }
    return ho_diag_set(diag, HO_EINVAL, "unknown output format");
}

/* ---- the queue ---- */

static bool
in_queue(const struct ho_sla_view *v, const struct ho_clock_row *c, const struct ho_clock_eval *e,
         const struct ho_queue_filter *f)
{
    if (c->stopped != HO_TIME_NONE || c->started > v->now)
        return false;
    if (f->breached && e->status != HO_SLA_BREACHED)
        return false;
    return !f->rep || (c->rep && strcmp(text(v, c->rep, ""), f->rep) == 0);
}

ho_rc
ho_report_queue(FILE *out, enum ho_format fmt, const struct ho_sla_view *v,
                const struct ho_queue_filter *f, struct ho_diag *diag)
{
    char ts[HO_TIME_STRLEN], left[HO_TIME_STRLEN];
    json_t *arr = fmt == HO_FORMAT_JSON ? json_array() : NULL;
    if (fmt == HO_FORMAT_TABLE)
        fprintf(out, "%-28s %-12s %-20s %-12s %-10s %-10s %s\n", "lead", "sla", "waiting since",
                "left", "rep", "pool", "mql rule");
    if (fmt == HO_FORMAT_CSV)
        fputs("lead,journey,sla,started,deadline,left_minutes,status,rep,pool,mql_rule\n", out);
    for (size_t i = 0; i < v->n; i++) {
        const struct ho_clock_row *c = &v->clocks[i];
        struct ho_clock_eval e;
        ho_sla_eval(&v->defs->calendar, c, v->now, &e);
        if (!in_queue(v, c, &e, f))
            continue;
        const char *crit = ho_defs_criterion_name(v->defs, c->criterion);
        if (arr) {
            json_array_append_new(arr, clock_json(v, c, &e));
        } else if (fmt == HO_FORMAT_CSV) {
            fprintf(out, "%s,%u,%s,%s,", text(v, c->lead, ""), c->journey, text(v, c->name, ""),
                    ho_time_format(c->started, ts));
            fprintf(out, "%s,%.2f,%s,%s,%s,%s\n", ho_time_format(e.deadline, ts),
                    left_minutes(e.left_ms), ho_sla_status_name(e.status), text(v, c->rep, ""),
                    text(v, c->pool, ""), crit);
        } else {
            ho_duration_format(e.left_ms, left);
            fprintf(out, "%-28s %-12s %-20s %-12s %-10s %-10s %s\n", text(v, c->lead, ""),
                    text(v, c->name, ""), ho_time_format(c->started, ts),
                    e.left_ms < 0 ? "OVERDUE" : left, text(v, c->rep, "unassigned"),
                    text(v, c->pool, "-"), crit);
        }
    }
    return arr ? ho_json_write(out, arr, diag) : HO_OK;
}

/* ---- revisits ---- */

ho_rc
ho_report_revisits(FILE *out, enum ho_format fmt, const struct ho_strtab *strings,
                   const struct ho_journey_row *rows, const size_t *idx, size_t n,
                   struct ho_diag *diag)
{
    char a[HO_TIME_STRLEN], b[HO_TIME_STRLEN];
    json_t *arr = fmt == HO_FORMAT_JSON ? json_array() : NULL;
    if (fmt == HO_FORMAT_TABLE)
        fprintf(out, "%-28s %-8s %-20s %-20s %-14s %s\n", "lead", "journey", "revisit at",
                "nurtured at", "reason", "rep");
    if (fmt == HO_FORMAT_CSV)
        fputs("lead,journey,revisit_at,nurtured_at,reason,rep\n", out);
    for (size_t i = 0; i < n; i++) {
        const struct ho_journey_row *r = &rows[idx[i]];
        const char *lead = ho_strtab_str(strings, r->lead);
        const char *reason = r->j.reason ? ho_strtab_str(strings, r->j.reason) : "";
        const char *rep = r->j.rep ? ho_strtab_str(strings, r->j.rep) : "";
        ho_time_format(r->j.revisit_at, a);
        ho_time_format(r->j.entered[HO_STAGE_NURTURE], b);
        if (arr) {
            json_t *o = json_object();
            json_object_set_new(o, "lead", json_string(lead));
            json_object_set_new(o, "journey", json_integer(r->j.n));
            json_object_set_new(o, "revisit_at", json_string(a));
            json_object_set_new(o, "nurtured_at", json_string(b));
            json_object_set_new(o, "reason", *reason ? json_string(reason) : json_null());
            json_object_set_new(o, "rep", *rep ? json_string(rep) : json_null());
            json_array_append_new(arr, o);
        } else if (fmt == HO_FORMAT_CSV) {
            fprintf(out, "%s,%u,%s,%s,%s,%s\n", lead, r->j.n, a, b, reason, rep);
        } else {
            fprintf(out, "%-28s %-8u %-20s %-20s %-14s %s\n", lead, r->j.n, a, b, reason, rep);
        }
    }
    return arr ? ho_json_write(out, arr, diag) : HO_OK;
}
