/* SPDX-License-Identifier: MIT */
/*
 * report/report_int.c - the helpers shared by the renderers of report/
 * (report_int.h) and the percentage text of report.h: rounding, rates,
 * durations, cohort labels, CSV fields and the JSON writer.
 */
#include "report/report_int.h"

#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "base/timefmt.h"
#include "core/funnel.h"
#include "report/report.h"

double
ho_round2(double v)
{
    return round(v * 100) / 100;
}

char *
ho_format_duration(int64_t ms, char out[HO_TIME_STRLEN])
{
    if (ms < 0)
        snprintf(out, HO_TIME_STRLEN, "n/a");
    else
        ho_duration_format(ms, out);
    return out;
}

char *
ho_format_pct(uint64_t num, uint64_t den, char out[16])
{
    if (!den)
        snprintf(out, 16, "n/a");
    else
        snprintf(out, 16, "%.1f%%", 100.0 * (double)num / (double)den);
    return out;
}

char *
ho_format_rate(struct ho_rate r, char out[48])
{
    char p[16];
    snprintf(out, 48, "%" PRIu64 "/%" PRIu64 " %s", r.num, r.den, ho_format_pct(r.num, r.den, p));
    return out;
}

char *
ho_cohort_label(enum ho_cohort_period p, int64_t ci, char out[HO_TIME_STRLEN])
{
    switch (p) {
    case HO_COHORT_MONTH:
        return ho_time_format_month(ho_month_index_start(ci), out);
    case HO_COHORT_QUARTER:
        snprintf(out, HO_TIME_STRLEN, "%04d-Q%d", (int)(ci / 12), (int)(ci % 12 / 3 + 1));
        return out;
    case HO_COHORT_ALL:
        break;
    }
    snprintf(out, HO_TIME_STRLEN, "all");
    return out;
}

json_t *
ho_json_rate(struct ho_rate r)
{
    json_t *o = json_object();
    json_object_set_new(o, "num", json_integer((json_int_t)r.num));
    json_object_set_new(o, "den", json_integer((json_int_t)r.den));
    json_object_set_new(o, "pct", r.den ? json_real(ho_round2(ho_rate_pct(r))) : json_null());
    return o;
}

char *
ho_format_window(int64_t ms, char out[HO_TIME_STRLEN])
{
    if (ms > 0 && ms % HO_MS_PER_DAY == 0)
        snprintf(out, HO_TIME_STRLEN, "%lld day%s", (long long)(ms / HO_MS_PER_DAY),
                 ms == HO_MS_PER_DAY ? "" : "s");
    else
        ho_duration_format(ms, out);
    return out;
}

ho_rc
ho_json_write(FILE *out, json_t *root, struct ho_diag *diag)
{
    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    json_decref(root);
    fputc('\n', out);
    return rc == 0 ? HO_OK : ho_diag_set(diag, HO_EIO, "cannot write the report");
}

void
ho_csv_rate(FILE *out, struct ho_rate r)
{
    fprintf(out, ",%" PRIu64 ",%" PRIu64 ",", r.num, r.den);
    if (r.den)
        fprintf(out, "%.2f", ho_round2(ho_rate_pct(r)));
}

void
ho_csv_rate_header(FILE *out, const char *name)
{
    fprintf(out, ",%s_num,%s_den,%s_pct", name, name, name);
}

/* RFC 4180: quote a field that holds a comma, quote or newline. */
void
ho_csv_field(FILE *out, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

void
ho_report_cols_of(const struct ho_stage_set_opts *set, struct ho_report_cols *c)
{
    c->n_stages = ho_stage_funnel_list(set, c->stages);
    c->n_rates = ho_funnel_transitions(set, c->rates);
}

const char *
ho_rate_short(enum ho_transition t)
{
    static const char *const names[HO_TR__COUNT] = {
        [HO_TR_LEAD_MQL] = "lead>mql",       [HO_TR_MQL_SAL] = "mql>sal",
        [HO_TR_SAL_SQL] = "sal>sql",         [HO_TR_MQL_SQL] = "mql>sql",
        [HO_TR_SQL_OPPORTUNITY] = "sql>opp", [HO_TR_OPPORTUNITY_CUSTOMER] = "opp>won",
        [HO_TR_SQL_MEETING] = "sql>mtg",     [HO_TR_MEETING_OPPORTUNITY] = "mtg>opp",
    };
    return names[t];
}
