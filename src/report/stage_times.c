/* SPDX-License-Identifier: MIT */
/*
 * report/stage_times.c - time in stage, contact rate and MQL aging as a
 * table, JSON or CSV.
 */
#include "report/money.h"

#include <math.h>

#include "base/timefmt.h"
#include "core/stage_times.h"
#include "report/money_fmt.h"

/* Hours of a duration in ms (-1 = none: NAN). */
static double
hours(int64_t ms)
{
    return ms < 0 ? NAN : (double)ms / (double)HO_MS_PER_HOUR;
}

static json_t *
ms_json(int64_t ms)
{
    return ms < 0 ? json_null() : json_integer((json_int_t)ms);
}

static json_t *
stage_json(const struct ho_stage_time *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "stage", json_string(ho_stage_name(s->stage)));
    json_object_set_new(o, "entered", json_integer((json_int_t)s->entered));
    json_object_set_new(o, "left", json_integer((json_int_t)s->left));
    json_object_set_new(o, "median_ms", ms_json(s->median_ms));
    json_object_set_new(o, "p90_ms", ms_json(s->p90_ms));
    json_object_set_new(o, "median_hours", ho_money_json_num(hours(s->median_ms)));
    json_object_set_new(o, "p90_hours", ho_money_json_num(hours(s->p90_ms)));
    return o;
}

/* Is slot k's stage one the definitions use? */
static bool
shown(const struct ho_stage_times *t, const struct ho_stage_group *g, int k)
{
    return ho_stage_in_set(&t->set, g->stages[k].stage);
}

static json_t *
group_json(const struct ho_money_view *v, const struct ho_stage_times *t,
           const struct ho_stage_group *g)
{
    json_t *o = json_object(), *stages = json_array(), *aging = json_object();
    json_object_set_new(o, "group", json_string(ho_money_name(v->strings, g->key, "all")));
    for (int k = 0; k < HO_STAGE_TIMES_N; k++) {
        if (shown(t, g, k))
            json_array_append_new(stages, stage_json(&g->stages[k]));
    }
    json_object_set_new(o, "stages", stages);
    json_object_set_new(o, "mqls", json_integer((json_int_t)g->mqls));
    json_object_set_new(o, "contact_rate", ho_money_json_rate(g->contact));
    json_object_set_new(aging, "late", json_integer((json_int_t)g->aged_late));
    json_object_set_new(aging, "untouched", json_integer((json_int_t)g->aged_untouched));
    json_object_set_new(aging, "waiting", json_integer((json_int_t)g->waiting));
    json_object_set_new(aging, "aged", ho_money_json_rate(g->aged));
    json_object_set_new(o, "mql_aging", aging);
    return o;
}

static ho_rc
times_json(FILE *out, const struct ho_money_view *v, const struct ho_stage_times *t,
           struct ho_diag *diag)
{
    json_t *root = json_object(), *groups = json_array();
    ho_money_json_period(root, v, ho_dim_name(t->by));
    json_object_set_new(root, "at", ho_money_json_time(t->at));
    json_object_set_new(root, "aging_hours", ho_money_json_num(hours(t->aging_ms)));
    for (size_t g = 0; g < t->n; g++)
        json_array_append_new(groups, group_json(v, t, &t->groups[g]));
    json_object_set_new(root, "groups", groups);
    return ho_json_write(out, root, diag);
}

static void
csv_ms(FILE *out, int64_t ms)
{
    if (ms >= 0)
        fprintf(out, "%lld", (long long)ms);
}

static ho_rc
times_csv(FILE *out, const struct ho_money_view *v, const struct ho_stage_times *t)
{
    fputs("group,metric,stage,entered,left,median_ms,p90_ms,median_hours,p90_hours,num,den,pct,"
          "late,untouched,waiting\n",
          out);
    for (size_t k = 0; k < t->n; k++) {
        const struct ho_stage_group *g = &t->groups[k];
        const char *name = ho_money_name(v->strings, g->key, "all");
        for (int s = 0; s < HO_STAGE_TIMES_N; s++) {
            const struct ho_stage_time *st = &g->stages[s];
            if (!shown(t, g, s))
                continue;
            ho_csv_field(out, name);
            fprintf(out, ",time_in_stage,%s,%llu,%llu,", ho_stage_name(st->stage),
                    (unsigned long long)st->entered, (unsigned long long)st->left);
            csv_ms(out, st->median_ms);
            fputc(',', out);
            csv_ms(out, st->p90_ms);
            fputc(',', out);
            ho_money_csv_num(out, hours(st->median_ms));
            fputc(',', out);
            ho_money_csv_num(out, hours(st->p90_ms));
            fputs(",,,,,,\n", out);
        }
        ho_csv_field(out, name);
        fputs(",contact_rate,mql,,,,,,", out);
        ho_csv_rate(out, g->contact);
        fputs(",,,\n", out);
        ho_csv_field(out, name);
        fputs(",mql_aging,mql,,,,,,", out);
        ho_csv_rate(out, g->aged);
        fprintf(out, ",%llu,%llu,%llu\n", (unsigned long long)g->aged_late,
                (unsigned long long)g->aged_untouched, (unsigned long long)g->waiting);
    }
    return HO_OK;
}

static void
group_table(FILE *out, const struct ho_money_view *v, const struct ho_stage_times *t,
            const struct ho_stage_group *g)
{
    char a[HO_TIME_STRLEN], b[HO_TIME_STRLEN], r[64];
    if (t->by != HO_DIM_ALL)
        fprintf(out, "\n%s %s\n", ho_dim_name(t->by), ho_money_name(v->strings, g->key, "all"));
    fprintf(out, "%-12s %8s %8s %12s %12s\n", "stage", "entered", "left", "median", "p90");
    for (int k = 0; k < HO_STAGE_TIMES_N; k++) {
        const struct ho_stage_time *s = &g->stages[k];
        if (!shown(t, g, k))
            continue;
        fprintf(out, "%-12s %8llu %8llu %12s %12s\n", ho_stage_name(s->stage),
                (unsigned long long)s->entered, (unsigned long long)s->left,
                ho_format_duration(s->median_ms, a), ho_format_duration(s->p90_ms, b));
    }
    fprintf(out, "contact rate (MQLs with a conversation): %s\n",
            ho_money_rate_text(g->contact, r));
    fprintf(out,
            "MQL aging (untouched > %s h): %s  [late %llu, never contacted %llu; waiting %llu]\n",
            ho_money_text(hours(t->aging_ms), a), ho_money_rate_text(g->aged, r),
            (unsigned long long)g->aged_late, (unsigned long long)g->aged_untouched,
            (unsigned long long)g->waiting);
}

static ho_rc
times_table(FILE *out, const struct ho_money_view *v, const struct ho_stage_times *t)
{
    char period[96], at[HO_TIME_STRLEN];
    fprintf(out, "Time in stage (entry to the next stage), %s; aging as of %s\n",
            ho_money_period_text(v, period), ho_time_format(t->at, at));
    for (size_t g = 0; g < t->n; g++)
        group_table(out, v, t, &t->groups[g]);
    if (t->n == 0)
        fprintf(out, "(no journeys in this period)\n");
    return HO_OK;
}

ho_rc
ho_report_stage_times(FILE *out, enum ho_format fmt, const struct ho_money_view *v,
                      const struct ho_stage_times *t, struct ho_diag *diag)
{
    switch (fmt) {
    case HO_FORMAT_JSON:
        return times_json(out, v, t, diag);
    case HO_FORMAT_CSV:
        return times_csv(out, v, t);
    case HO_FORMAT_TABLE:
        return times_table(out, v, t);
    }
    return ho_diag_set(diag, HO_EINVAL, "unknown output format");
}
