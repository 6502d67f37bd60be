/* SPDX-License-Identifier: MIT */
/*
 * report/leads.c - render the lead list.
 */
#include "report/leads.h"

#include <string.h>

#include "base/timefmt.h"
#include "core/lead_list.h"
#include "core/stage.h"
#include "report/report_int.h"

static json_t *
text_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

static json_t *
time_or_null(int64_t t)
{
    char ts[HO_TIME_STRLEN];
    return t == HO_TIME_NONE ? json_null() : json_string(ho_time_format(t, ts));
}

static json_t *
lead_json(const struct ho_lead_item *l, bool by_journey, const char *count_name)
{
    json_t *o = json_object();
    json_object_set_new(o, "lead", json_string(l->lead));
    json_object_set_new(o, "account", text_or_null(l->account));
    json_object_set_new(o, "stage", json_string(ho_stage_name(l->stage)));
    json_object_set_new(o, "score", json_real(ho_round2(l->fit + l->behavior)));
    json_object_set_new(o, "fit", json_real(ho_round2(l->fit)));
    json_object_set_new(o, "behavior", json_real(ho_round2(l->behavior)));
    json_object_set_new(o, "channel", text_or_null(l->channel));
    json_object_set_new(o, "rep", text_or_null(l->rep));
    json_object_set_new(o, "mql_at", time_or_null(l->mql_at));
    json_object_set_new(o, "last_event", time_or_null(l->last_event));
    if (by_journey)
        json_object_set_new(o, count_name, json_integer((json_int_t)l->journeys));
    return o;
}

static ho_rc
leads_json(FILE *out, const struct ho_leads_view *v, struct ho_diag *diag)
{
    char ts[HO_TIME_STRLEN];
    json_t *root = json_object(), *arr = json_array();
    json_object_set_new(root, "as_of", json_string(ho_time_format(v->as_of, ts)));
    json_object_set_new(root, "total", json_integer((json_int_t)v->n_total));
    json_object_set_new(root, "shown", json_integer((json_int_t)v->n_shown));
    const char *count_name = v->count_name ? v->count_name : "journeys";
    if (v->by_journey)
        json_object_set_new(root, count_name, json_integer((json_int_t)v->n_journeys));
    for (size_t i = 0; i < v->n_shown; i++)
        json_array_append_new(arr, lead_json(&v->items[i], v->by_journey, count_name));
    json_object_set_new(root, "leads", arr);
    if (v->paged)
        json_object_set_new(root, "next_cursor",
                            v->next_cursor ? json_string(v->next_cursor) : json_null());
    return ho_json_write(out, root, diag);
}

static const char *
time_text(int64_t t, const char *none, char out[HO_TIME_STRLEN])
{
    return t == HO_TIME_NONE ? none : ho_time_format(t, out);
}

static void
leads_csv(FILE *out, const struct ho_leads_view *v)
{
    fputs("lead,account,stage,score,fit,behavior,channel,rep,mql_at,last_event\n", out);
    for (size_t i = 0; i < v->n_shown; i++) {
        const struct ho_lead_item *l = &v->items[i];
        char a[HO_TIME_STRLEN], b[HO_TIME_STRLEN];
        ho_csv_field(out, l->lead);
        fputc(',', out);
        ho_csv_field(out, l->account);
        fprintf(out, ",%s,%.2f,%.2f,%.2f,", ho_stage_name(l->stage),
                ho_round2(l->fit + l->behavior), ho_round2(l->fit), ho_round2(l->behavior));
        ho_csv_field(out, l->channel);
        fputc(',', out);
        ho_csv_field(out, l->rep);
        fprintf(out, ",%s,%s\n", time_text(l->mql_at, "", a), time_text(l->last_event, "", b));
    }
}

static const char *
dash(const char *s)
{
    return *s ? s : "-";
}

/* Column widths of the texts that vary: lead, account, channel, rep. */
struct widths {
    int lead, account, channel, rep;
};

static int
wider(int w, const char *s)
{
    size_t n = strlen(s);
    return n > (size_t)w ? (int)(n > 200 ? 200 : n) : w;
}

static struct widths
measure(const struct ho_leads_view *v)
{
    struct widths w = { 4, 7, 7, 3 };
    for (size_t i = 0; i < v->n_shown; i++) {
        const struct ho_lead_item *l = &v->items[i];
        w.lead = wider(w.lead, l->lead);
        w.account = wider(w.account, dash(l->account));
        w.channel = wider(w.channel, dash(l->channel));
        w.rep = wider(w.rep, dash(l->rep));
    }
    return w;
}

static void
leads_table(FILE *out, const struct ho_leads_view *v)
{
    char ts[HO_TIME_STRLEN], a[HO_TIME_STRLEN], b[HO_TIME_STRLEN];
    struct widths w = measure(v);
    fprintf(out, "leads as of %s\n\n", ho_time_format(v->as_of, ts));
    fprintf(out, "%-*s  %-*s  %-12s  %6s  %6s  %9s  %-*s  %-*s  %-20s  %s\n", w.lead, "lead",
            w.account, "account", "stage", "score", "fit", "behaviour", w.channel, "channel", w.rep,
            "rep", "mql_at", "last_event");
    for (size_t i = 0; i < v->n_shown; i++) {
        const struct ho_lead_item *l = &v->items[i];
        fprintf(out, "%-*s  %-*s  %-12s  %6.2f  %6.2f  %9.2f  %-*s  %-*s  %-20s  %s\n", w.lead,
                l->lead, w.account, dash(l->account), ho_stage_name(l->stage),
                ho_round2(l->fit + l->behavior), ho_round2(l->fit), ho_round2(l->behavior),
                w.channel, dash(l->channel), w.rep, dash(l->rep), time_text(l->mql_at, "-", a),
                time_text(l->last_event, "-", b));
    }
    if (v->n_total == 0)
        fputs("(no lead matches)\n", out);
    fprintf(out, "\nshowing %zu of %zu", v->n_shown, v->n_total);
    if (v->by_journey)
        fprintf(out, " (%zu %s)", v->n_journeys, v->count_name ? v->count_name : "journeys");
    fputc('\n', out);
}

ho_rc
ho_report_leads(FILE *out, enum ho_format fmt, const struct ho_leads_view *v, struct ho_diag *diag)
{
    switch (fmt) {
    case HO_FORMAT_JSON:
        return leads_json(out, v, diag);
    case HO_FORMAT_CSV:
        leads_csv(out, v);
        return HO_OK;
    case HO_FORMAT_TABLE:
        leads_table(out, v);
        return HO_OK;
    }
    return HO_OK;
}
