/* SPDX-License-Identifier: MIT */
/*
 * report/top_funnel.c - visitors -> leads -> MQLs by month, as a table, JSON
 * or CSV.  Figures come from core/top_funnel.h.
 */
#include "report/top_funnel.h"

#include <jansson.h>
#include <math.h>

#include "base/timefmt.h"
#include "core/funnel.h"
#include "core/top_funnel.h"
#include "report/report_int.h"

json_t *
ho_report_top_funnel_json(const struct ho_top_month *m, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        char month[HO_TIME_STRLEN];
        json_t *o = json_object();
        json_object_set_new(
            o, "month", json_string(ho_time_format_month(ho_month_index_start(m[i].month), month)));
        json_object_set_new(o, "visitors", json_integer((json_int_t)m[i].visitors));
        json_object_set_new(o, "leads", json_integer((json_int_t)m[i].leads));
        json_object_set_new(o, "visitor_lead",
                            ho_json_rate((struct ho_rate){ m[i].visitor_leads, m[i].visitors }));
        json_object_set_new(o, "lead_mql",
                            ho_json_rate((struct ho_rate){ m[i].lead_mqls, m[i].leads }));
        json_object_set_new(o, "incomplete", json_boolean(m[i].incomplete));
        json_array_append_new(arr, o);
    }
    return arr;
}

ho_rc
ho_report_top_funnel(FILE *out, enum ho_format fmt, const struct ho_top_month *m, size_t n,
                     struct ho_diag *diag)
{
    char month[HO_TIME_STRLEN], p1[16], p2[16];
    if (fmt == HO_FORMAT_JSON) {
        json_t *root = json_object();
        json_object_set_new(root, "months", ho_report_top_funnel_json(m, n));
        return ho_json_write(out, root, diag);
    }
    if (fmt == HO_FORMAT_CSV)
        fputs("month,visitors,visitor_leads,visitor_lead_pct,leads,lead_mqls,lead_mql_pct,"
              "incomplete\n",
              out);
    else
        fprintf(out,
                "Top of the funnel by month (visitors by first visit, leads by creation)\n"
                "%-8s %9s %9s %9s %9s %9s %9s\n",
                "month", "visitors", "->lead", "v>lead", "leads", "->mql", "lead>mql");
    for (size_t i = 0; i < n; i++) {
        ho_time_format_month(ho_month_index_start(m[i].month), month);
        ho_format_pct(m[i].visitor_leads, m[i].visitors, p1);
        ho_format_pct(m[i].lead_mqls, m[i].leads, p2);
        if (fmt == HO_FORMAT_CSV)
            fprintf(out, "%s,%llu,%llu,%s,%llu,%llu,%s,%s\n", month,
                    (unsigned long long)m[i].visitors, (unsigned long long)m[i].visitor_leads,
                    m[i].visitors ? p1 : "", (unsigned long long)m[i].leads,
                    (unsigned long long)m[i].lead_mqls, m[i].leads ? p2 : "",
                    m[i].incomplete ? "true" : "false");
        else
            fprintf(out, "%-8s %9llu %9llu %9s %9llu %9llu %9s%s\n", month,
                    (unsigned long long)m[i].visitors, (unsigned long long)m[i].visitor_leads, p1,
                    (unsigned long long)m[i].leads, (unsigned long long)m[i].lead_mqls, p2,
                    m[i].incomplete ? " (incomplete)" : "");
    }
    return HO_OK;
}
