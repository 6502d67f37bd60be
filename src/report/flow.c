/* SPDX-License-Identifier: MIT */
/*
 * report/flow.c - the flow view (stage entries in a rolling window) as a
 * table, JSON or CSV.
 */
#include "report/report.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "base/strtab.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "core/flow.h"
#include "core/funnel.h"
#include "report/report_int.h"

static const char *
stage_short(enum ho_stage s)
{
    switch (s) {
    case HO_STAGE_MEETING:
        return "mtg";
    case HO_STAGE_OPPORTUNITY:
        return "opp";
    case HO_STAGE_CUSTOMER:
        return "won";
    default:
        return ho_stage_name(s);
    }
}

static const char flow_note[] =
    "rates are entries of the later stage / entries of the earlier stage in the same window; "
    "the two ends are mostly different journeys and a skipped stage has no entry, so a rate "
    "can exceed 100%: it measures throughput, not conversion";

static bool
is_split(const struct ho_flow_view *v)
{
    return v->by && strcmp(v->by, "all") != 0;
}

/* The rows to print: the groups and the total, or the total alone. */
struct flow_row {
    const char *name;
    const struct ho_flow_group *g;
};

static size_t
flow_rows(const struct ho_flow_view *v, struct flow_row *rows, size_t cap)
{
    size_t k = 0;
    if (is_split(v)) {
        for (size_t i = 0; i < v->flow->n && k + 1 < cap; i++) {
            const struct ho_flow_group *g = &v->flow->groups[i];
            rows[k++] = (struct flow_row){ ho_strtab_str(v->strings, g->group), g };
        }
    }
    rows[k++] = (struct flow_row){ is_split(v) ? "(all)" : "all", &v->flow->total };
    return k;
}

static json_t *
group_json(const struct ho_flow_view *v, const struct flow_row *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "group", json_string(r->name));
    if (is_split(v) && strcmp(v->by, "channel") == 0)
        json_object_set_new(o, "channel", json_string(r->name));
    struct ho_report_cols fc;
    ho_report_cols_of(v->stages, &fc);
    json_t *entries = json_object();
    for (size_t i = 0; i < fc.n_stages; i++)
        json_object_set_new(entries, ho_stage_name(fc.stages[i]),
                            json_integer((json_int_t)r->g->entries[fc.stages[i]]));
    json_object_set_new(o, "entries", entries);
    json_t *rates = json_object();
    for (size_t i = 0; i < fc.n_rates; i++)
        json_object_set_new(rates, ho_transition_name(fc.rates[i]),
                            ho_json_rate(ho_flow_rate(r->g, fc.rates[i])));
    json_object_set_new(o, "rates", rates);
    return o;
}

static ho_rc
flow_json(FILE *out, const struct ho_flow_view *v, const struct flow_row *rows, size_t n,
          struct ho_diag *diag)
{
    char ts[HO_TIME_STRLEN];
    json_t *root = json_object();
    json_object_set_new(root, "view", json_string("flow"));
    json_t *w = json_object();
    json_object_set_new(w, "from_exclusive", json_string(ho_time_format(v->flow->from_ms, ts)));
    json_object_set_new(w, "to_inclusive", json_string(ho_time_format(v->flow->to_ms, ts)));
    json_object_set_new(w, "length", json_string(ho_format_window(v->window_ms, ts)));
    json_object_set_new(w, "length_ms", json_integer((json_int_t)v->window_ms));
    json_object_set_new(root, "window", w);
    json_object_set_new(root, "by", json_string(is_split(v) ? v->by : "all"));
    json_object_set_new(root, "note", json_string(flow_note));
    json_t *groups = json_array();
    for (size_t i = 0; i + 1 < n; i++)
        json_array_append_new(groups, group_json(v, &rows[i]));
    if (!is_split(v))
        json_array_append_new(groups, group_json(v, &rows[n - 1]));
    json_object_set_new(root, "groups", groups);
    json_object_set_new(root, "total", group_json(v, &rows[n - 1]));
    return ho_json_write(out, root, diag);
}

static ho_rc
flow_csv(FILE *out, const struct ho_flow_view *v, const struct flow_row *rows, size_t n)
{
    char from[HO_TIME_STRLEN], to[HO_TIME_STRLEN];
    struct ho_report_cols fc;
    ho_report_cols_of(v->stages, &fc);
    fputs("window_from_exclusive,window_to_inclusive,", out);
    ho_csv_field(out, is_split(v) ? v->by : "group");
    for (size_t i = 0; i < fc.n_stages; i++)
        fprintf(out, ",%s", ho_stage_name(fc.stages[i]));
    for (size_t i = 0; i < fc.n_rates; i++)
        ho_csv_rate_header(out, ho_transition_name(fc.rates[i]));
    fputc('\n', out);
    ho_time_format(v->flow->from_ms, from);
    ho_time_format(v->flow->to_ms, to);
    for (size_t k = 0; k < n; k++) {
        fprintf(out, "%s,%s,", from, to);
        ho_csv_field(out, rows[k].name);
        for (size_t i = 0; i < fc.n_stages; i++)
            fprintf(out, ",%" PRIu64, rows[k].g->entries[fc.stages[i]]);
        for (size_t i = 0; i < fc.n_rates; i++)
            ho_csv_rate(out, ho_flow_rate(rows[k].g, fc.rates[i]));
        fputc('\n', out);
    }
    return HO_OK;
}

static ho_rc
flow_table(FILE *out, const struct ho_flow_view *v, const struct flow_row *rows, size_t n)
{
    char from[HO_TIME_STRLEN], to[HO_TIME_STRLEN], len[HO_TIME_STRLEN], r1[48];
    fprintf(out, "Flow: stage entries in the %s window (%s, %s]%s%s\n",
            ho_format_window(v->window_ms, len), ho_time_format(v->flow->from_ms, from),
            ho_time_format(v->flow->to_ms, to), is_split(v) ? ", by " : "",
            is_split(v) ? v->by : "");
    fprintf(out, "Note: %s.\n", flow_note);
    int w = 15;
    for (size_t k = 0; k < n; k++) {
        int len_k = (int)strlen(rows[k].name);
        w = len_k > w ? (len_k < 80 ? len_k : 80) : w;
    }
    struct ho_report_cols fc;
    ho_report_cols_of(v->stages, &fc);
    fprintf(out, "%-*s", w, is_split(v) ? v->by : "group");
    for (size_t i = 0; i < fc.n_stages; i++)
        fprintf(out, " %6s", stage_short(fc.stages[i]));
    for (size_t i = 0; i < fc.n_rates; i++)
        fprintf(out, " %18s", ho_rate_short(fc.rates[i]));
    fputc('\n', out);
    for (size_t k = 0; k < n; k++) {
        const uint64_t *e = rows[k].g->entries;
        fprintf(out, "%-*s", w, rows[k].name);
        for (size_t i = 0; i < fc.n_stages; i++)
            fprintf(out, " %6" PRIu64, e[fc.stages[i]]);
        for (size_t i = 0; i < fc.n_rates; i++)
            fprintf(out, " %18s", ho_format_rate(ho_flow_rate(rows[k].g, fc.rates[i]), r1));
        fputc('\n', out);
    }
    return HO_OK;
}

static ho_rc
render(FILE *out, enum ho_format fmt, const struct ho_flow_view *v, const struct flow_row *rows,
       size_t n, struct ho_diag *diag)
{
    switch (fmt) {
    case HO_FORMAT_JSON:
        return flow_json(out, v, rows, n, diag);
    case HO_FORMAT_CSV:
        return flow_csv(out, v, rows, n);
    case HO_FORMAT_TABLE:
        return flow_table(out, v, rows, n);
    }
    return ho_diag_set(diag, HO_EINVAL, "unknown output format");
}

ho_rc
ho_report_flow(FILE *out, enum ho_format fmt, const struct ho_flow_view *v, struct ho_diag *diag)
{
    size_t cap = v->flow->n + 1;
    struct flow_row *rows = ho_xcalloc(cap, sizeof(*rows));
    size_t n = flow_rows(v, rows, cap);
    ho_rc rc = render(out, fmt, v, rows, n, diag);
    ho_xfree(rows);
    return rc;
}
