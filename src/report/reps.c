/* SPDX-License-Identifier: MIT */
/*
 * report/reps.c - render each rep's load: open journeys against capacity,
 * away periods (and whether away now), SLA clocks open and breached, MQLs
 * received in the as-of time's ISO week.
 */
#include "report/reps.h"

#include <stdio.h>

#include "base/buf.h"
#include "base/timefmt.h"
#include "core/defs.h"
#include "core/reps.h"
#include "report/report_int.h"

static char *
date_text(int64_t day, char out[HO_TIME_STRLEN])
{
    int64_t y;
    unsigned m, d;
    ho_civil_from_days(day, &y, &m, &d);
    snprintf(out, HO_TIME_STRLEN, "%04lld-%02u-%02u", (long long)y, m, d);
    return out;
}

/* "2026-03-02..2026-03-06 2026-04-01..2026-04-01", or "-". */
static void
away_text(const struct ho_rep *rep, const char *sep, struct ho_buf *out)
{
    char a[HO_TIME_STRLEN], b[HO_TIME_STRLEN];
    for (size_t i = 0; i < rep->n_away; i++)
        ho_buf_printf(out, "%s%s..%s", i ? sep : "", date_text(rep->away_from[i], a),
                      date_text(rep->away_to[i], b));
    if (rep->n_away == 0)
        ho_buf_adds(out, "-");
}

static json_t *
rep_json(const struct ho_defs *d, const struct ho_rep_load *l)
{
    const struct ho_rep *rep = &d->reps[l->rep];
    char a[HO_TIME_STRLEN], b[HO_TIME_STRLEN];
    json_t *o = json_object(), *away = json_array();
    json_object_set_new(o, "rep", json_string(rep->id));
    json_object_set_new(o, "open_journeys", json_integer(l->open));
    json_object_set_new(o, "capacity", rep->capacity ? json_integer(rep->capacity) : json_null());
    json_object_set_new(o, "away_now", json_boolean(l->away));
    for (size_t i = 0; i < rep->n_away; i++) {
        json_t *p = json_object();
        json_object_set_new(p, "from", json_string(date_text(rep->away_from[i], a)));
        json_object_set_new(p, "to", json_string(date_text(rep->away_to[i], b)));
        json_array_append_new(away, p);
    }
    json_object_set_new(o, "away", away);
    json_object_set_new(o, "sla_open", json_integer(l->sla_open));
    json_object_set_new(o, "sla_breached", json_integer(l->sla_breached));
    json_object_set_new(o, "mqls_this_week", json_integer(l->mqls_week));
    return o;
}

static ho_rc
reps_json(FILE *out, const struct ho_defs *d, const struct ho_reps_load *r, struct ho_diag *diag)
{
    char ts[HO_TIME_STRLEN], wk[32];
    json_t *root = json_object(), *arr = json_array();
    json_object_set_new(root, "as_of", json_string(ho_time_format(r->at, ts)));
    snprintf(wk, sizeof(wk), "%04lld-W%02u", (long long)r->iso_year, r->iso_week);
    json_object_set_new(root, "week", json_string(wk));
    json_object_set_new(root, "week_start", json_string(ho_time_format(r->week_start, ts)));
    for (size_t i = 0; i < r->n; i++)
        json_array_append_new(arr, rep_json(d, &r->reps[i]));
    json_object_set_new(root, "reps", arr);
    return ho_json_write(out, root, diag);
}

static void
reps_csv(FILE *out, const struct ho_defs *d, const struct ho_reps_load *r)
{
    fputs("rep,open_journeys,capacity,away_now,away,sla_open,sla_breached,mqls_this_week\n", out);
    for (size_t i = 0; i < r->n; i++) {
        const struct ho_rep_load *l = &r->reps[i];
        const struct ho_rep *rep = &d->reps[l->rep];
        struct ho_buf away = HO_BUF_INIT;
        away_text(rep, " ", &away);
        ho_csv_field(out, rep->id);
        fprintf(out, ",%u,", l->open);
        if (rep->capacity)
            fprintf(out, "%u", rep->capacity);
        fprintf(out, ",%s,", l->away ? "true" : "false");
        ho_csv_field(out, rep->n_away ? ho_buf_cstr(&away) : "");
        fprintf(out, ",%u,%u,%u\n", l->sla_open, l->sla_breached, l->mqls_week);
        ho_buf_release(&away);
    }
}

static void
reps_table(FILE *out, const struct ho_defs *d, const struct ho_reps_load *r)
{
    char ts[HO_TIME_STRLEN], wk[32];
    snprintf(wk, sizeof(wk), "%04lld-W%02u", (long long)r->iso_year, r->iso_week);
    fprintf(out, "reps as of %s (MQLs received in ISO week %s)\n\n", ho_time_format(r->at, ts), wk);
    fprintf(out, "%-12s %-14s %-8s %-9s %-12s %-10s %s\n", "rep", "open/capacity", "away now",
            "SLA open", "SLA breached", "MQLs week", "away");
    for (size_t i = 0; i < r->n; i++) {
        const struct ho_rep_load *l = &r->reps[i];
        const struct ho_rep *rep = &d->reps[l->rep];
        char load[48];
        struct ho_buf away = HO_BUF_INIT;
        if (rep->capacity)
            snprintf(load, sizeof(load), "%u/%u", l->open, rep->capacity);
        else
            snprintf(load, sizeof(load), "%u/unlimited", l->open);
        away_text(rep, ", ", &away);
        fprintf(out, "%-12s %-14s %-8s %-9u %-12u %-10u %s\n", rep->id, load,
                l->away ? "yes" : "no", l->sla_open, l->sla_breached, l->mqls_week,
                ho_buf_cstr(&away));
        ho_buf_release(&away);
    }
    if (r->n == 0)
        fputs("(no reps in the definitions)\n", out);
}

ho_rc
ho_report_reps(FILE *out, enum ho_format fmt, const struct ho_defs *d, const struct ho_reps_load *r,
               struct ho_diag *diag)
{
    switch (fmt) {
    case HO_FORMAT_JSON:
        return reps_json(out, d, r, diag);
    case HO_FORMAT_CSV:
        reps_csv(out, d, r);
        return HO_OK;
    case HO_FORMAT_TABLE:
        reps_table(out, d, r);
        return HO_OK;
    }
    return HO_OK;
}
