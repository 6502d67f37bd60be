/* SPDX-License-Identifier: MIT */
/*
 * report/sales.c - speed to lead, SLA compliance and the live queue, as a
 * table, JSON or CSV.  Figures come from core/speed.h and core/sla.h.
 */
#include "report/sales.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

#include "base/strtab.h"
#include "base/timefmt.h"
#include "core/sla.h"
#include "core/speed.h"
#include "report/report_int.h"

static const char *
name_of(const struct ho_strtab *s, uint32_t id, const char *none)
{
    return id ? ho_strtab_str(s, id) : none;
}

/* Minutes with two decimals, or JSON null for "no data" (-1). */
static json_t *
minutes_json(int64_t ms)
{
    return ms < 0 ? json_null() : json_real(round((double)ms / 600.0) / 100.0);
}

static json_t *
group_json(const struct ho_strtab *s, const char *key_name, const struct ho_speed_group *g)
{
    json_t *o = json_object();
    if (key_name)
        json_object_set_new(o, key_name, json_string(name_of(s, g->key, "(none)")));
    json_object_set_new(o, "journeys", json_integer((json_int_t)g->journeys));
    json_object_set_new(o, "contacted", json_integer((json_int_t)g->contacted));
    json_object_set_new(o, "median_raw_minutes", minutes_json(g->median_raw));
    json_object_set_new(o, "p90_raw_minutes", minutes_json(g->p90_raw));
    json_object_set_new(o, "median_business_minutes", minutes_json(g->median_business));
    json_object_set_new(o, "p90_business_minutes", minutes_json(g->p90_business));
    return o;
}

static json_t *
groups_json(const struct ho_strtab *s, const char *key, const struct ho_speed_group *g, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, group_json(s, key, &g[i]));
    return arr;
}

static ho_rc
speed_json(FILE *out, const struct ho_speed *sp, const struct ho_strtab *s, struct ho_diag *diag)
{
    json_t *root = json_object(), *buckets = json_array(), *chans = json_array();
    for (int b = 0; b < HO_SPEED__COUNT; b++) {
        json_t *o = json_object();
        json_object_set_new(o, "bucket",
                            json_string(ho_speed_bucket_name((enum ho_speed_bucket)b)));
        json_object_set_new(o, "journeys", json_integer((json_int_t)sp->bucket_sql[b].den));
        json_object_set_new(o, "sql", ho_json_rate(sp->bucket_sql[b]));
        json_array_append_new(buckets, o);
    }
    for (int c = 0; c < 4; c++) {
        json_t *o = json_object();
        json_object_set_new(o, "channels", json_integer(c));
        json_object_set_new(o, "sql", ho_json_rate(sp->channels_sql[c]));
        json_array_append_new(chans, o);
    }
    json_object_set_new(root, "buckets", buckets);
    json_object_set_new(root, "by_contact_channels_48h", chans);
    json_object_set_new(root, "all", group_json(s, NULL, &sp->all));
    json_object_set_new(root, "by_rep", groups_json(s, "rep", sp->by_rep, sp->n_rep));
    json_object_set_new(root, "by_channel",
                        groups_json(s, "channel", sp->by_channel, sp->n_channel));
    return ho_json_write(out, root, diag);
}

static void
groups_table(FILE *out, const struct ho_strtab *s, const char *title,
             const struct ho_speed_group *g, size_t n)
{
    char a[HO_TIME_STRLEN], b[HO_TIME_STRLEN], c[HO_TIME_STRLEN], d[HO_TIME_STRLEN];
    fprintf(out, "\n%-16s %8s %9s %10s %10s %10s %10s\n", title, "mqls", "contacted", "median",
            "p90", "median biz", "p90 biz");
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%-16s %8llu %9llu %10s %10s %10s %10s\n", name_of(s, g[i].key, "(all)"),
                (unsigned long long)g[i].journeys, (unsigned long long)g[i].contacted,
                ho_format_duration(g[i].median_raw, a), ho_format_duration(g[i].p90_raw, b),
                ho_format_duration(g[i].median_business, c),
                ho_format_duration(g[i].p90_business, d));
}

static ho_rc
speed_table(FILE *out, const struct ho_speed *sp, const struct ho_strtab *s)
{
    char pct[16];
    fprintf(out, "Speed to lead: time from MQL to the first contact attempt\n\n");
    fprintf(out, "%-8s %8s %8s %8s\n", "bucket", "mqls", "sqls", "mql>sql");
    for (int b = 0; b < HO_SPEED__COUNT; b++) {
        struct ho_rate r = sp->bucket_sql[b];
        fprintf(out, "%-8s %8llu %8llu %8s\n", ho_speed_bucket_name((enum ho_speed_bucket)b),
                (unsigned long long)r.den, (unsigned long long)r.num,
                ho_format_pct(r.num, r.den, pct));
    }
    fprintf(out, "\n%-26s %8s %8s %8s\n", "channels reached in 48 h", "mqls", "sqls", "mql>sql");
    for (int c = 0; c < 4; c++) {
        struct ho_rate r = sp->channels_sql[c];
        fprintf(out, "%-26d %8llu %8llu %8s\n", c, (unsigned long long)r.den,
                (unsigned long long)r.num, ho_format_pct(r.num, r.den, pct));
    }
    groups_table(out, s, "all", &sp->all, 1);
    groups_table(out, s, "rep", sp->by_rep, sp->n_rep);
    groups_table(out, s, "channel", sp->by_channel, sp->n_channel);
    return HO_OK;
}

static ho_rc
speed_csv(FILE *out, const struct ho_speed *sp, const struct ho_strtab *s)
{
    fputs("section,key,journeys,sql,pct,contacted,median_raw_ms,p90_raw_ms,median_business_ms,"
          "p90_business_ms\n",
          out);
    for (int b = 0; b < HO_SPEED__COUNT; b++) {
        struct ho_rate r = sp->bucket_sql[b];
        fprintf(out, "bucket,%s,%llu,%llu,", ho_speed_bucket_name((enum ho_speed_bucket)b),
                (unsigned long long)r.den, (unsigned long long)r.num);
        if (r.den)
            fprintf(out, "%.2f", ho_round2(ho_rate_pct(r)));
        fputs(",,,,,\n", out);
    }
    const struct {
        const char *section;
        const struct ho_speed_group *g;
        size_t n;
    } parts[] = { { "all", &sp->all, 1 },
                  { "rep", sp->by_rep, sp->n_rep },
                  { "channel", sp->by_channel, sp->n_channel } };
    for (size_t p = 0; p < HO_ARRAY_LEN(parts); p++) {
        for (size_t i = 0; i < parts[p].n; i++) {
            const struct ho_speed_group *g = &parts[p].g[i];
            fprintf(out, "%s,%s,%llu,,,%llu,%lld,%lld,%lld,%lld\n", parts[p].section,
                    name_of(s, g->key, ""), (unsigned long long)g->journeys,
                    (unsigned long long)g->contacted, (long long)g->median_raw,
                    (long long)g->p90_raw, (long long)g->median_business,
                    (long long)g->p90_business);
        }
    }
    return HO_OK;
}

ho_rc
ho_report_speed(FILE *out, enum ho_format fmt, const struct ho_speed *sp,
                const struct ho_strtab *strings, struct ho_diag *diag)
{
    switch (fmt) {
    case HO_FORMAT_JSON:
        return speed_json(out, sp, strings, diag);
    case HO_FORMAT_CSV:
        return speed_csv(out, sp, strings);
    case HO_FORMAT_TABLE:
        return speed_table(out, sp, strings);
    }
    return ho_diag_set(diag, HO_EINVAL, "unknown output format");
}
