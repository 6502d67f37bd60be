/* SPDX-License-Identifier: MIT */
/*
 * cli/cmd_backtest.c - `handoff backtest CANDIDATE.yaml`: the stored history
 * replayed under a candidate definitions file, compared with the active
 * version (app/backtest.h).  Opens the database read-only.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/backtest.h"
#include "base/timefmt.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/exitcode.h"

static const char usage_text[] =
    "usage: handoff backtest CANDIDATE.yaml [--db FILE] [--from YYYY-MM] [--to YYYY-MM]\n"
    "                        [--by channel|source|campaign|segment|rep|rule] [--json|--csv]\n"
    "\n"
    "Replays the stored history under the candidate definitions, without writing\n"
    "anything, and compares with the active version: MQLs per month, the MQL->SQL\n"
    "rate, SQL and won recall (and how many days earlier the candidate qualifies\n"
    "them), precision, the SLA load per week and per rep, and every lead that\n"
    "flips with the rule responsible and its real outcome.  Leads sales never saw\n"
    "have an unknowable outcome and are left out of precision (counted apart).\n"
    "--from/--to keep the leads whose month (first MQL, else SQL) is in range.\n"
    "A candidate with errors is rejected with their locations (exit 1).\n";

struct bt_args {
    const char *db, *file;
    int64_t from, to;
    enum ho_bt_by by;
    bool json, csv;
};

/* "YYYY-MM" to a month index; false when malformed. */
static bool
parse_month(const char *s, int64_t *out)
{
    if (strlen(s) != 7 || s[4] != '-')
        return false;
    int64_t y = 0;
    int m = 0;
    for (int i = 0; i < 7; i++) {
        if (i == 4)
            continue;
        if (s[i] < '0' || s[i] > '9')
            return false;
        if (i < 4)
            y = y * 10 + (s[i] - '0');
        else
            m = m * 10 + (s[i] - '0');
    }
    if (m < 1 || m > 12)
        return false;
    *out = y * 12 + m - 1;
    return true;
}

static int
parse_args(int argc, char **argv, struct bt_args *a)
{
    static const struct option opts[] = {
        { "db", required_argument, NULL, 'd' }, { "from", required_argument, NULL, 'f' },
        { "to", required_argument, NULL, 't' }, { "by", required_argument, NULL, 'b' },
        { "json", no_argument, NULL, 'j' },     { "csv", no_argument, NULL, 'c' },
        { "help", no_argument, NULL, 'h' },     { NULL, 0, NULL, 0 }
    };
    memset(a, 0, sizeof(*a));
    a->from = INT64_MIN;
    a->to = INT64_MAX;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:f:t:b:jch", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            a->db = optarg;
            break;
        case 'f':
        case 't':
            if (!parse_month(optarg, c == 'f' ? &a->from : &a->to)) {
                ho_cli_error("--%s: '%s' is not a month YYYY-MM", c == 'f' ? "from" : "to", optarg);
                return HO_EXIT_USAGE;
            }
            break;
        case 'b':
            if (!ho_bt_by_parse(optarg, &a->by)) {
                ho_cli_error("--by: unknown dimension '%s' (channel, source, campaign, "
                             "segment, rep, rule)",
                             optarg);
                return HO_EXIT_USAGE;
            }
            break;
        case 'j':
            a->json = true;
            break;
        case 'c':
            a->csv = true;
            break;
        case 'h':
            return ho_cli_usage(usage_text, true);
        default:
            return ho_cli_usage(usage_text, false);
        }
    }
    if (optind + 1 != argc || (a->json && a->csv))
        return ho_cli_usage(usage_text, false);
    a->file = argv[optind];
    return HO_EXIT_OK;
}

static json_t *
ratio(size_t num, size_t den)
{
    json_t *o = json_object();
    json_object_set_new(o, "num", json_integer((json_int_t)num));
    json_object_set_new(o, "den", json_integer((json_int_t)den));
    json_object_set_new(o, "pct", den ? json_real(100.0 * (double)num / (double)den) : json_null());
    return o;
}

static json_t *
side_json(const struct ho_bt_report *r, const struct ho_bt_side *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "mqls", json_integer((json_int_t)s->mqls));
    json_object_set_new(o, "mql_sql", ratio(s->mql_sql, s->mqls));
    json_object_set_new(o, "sql_recall", ratio(s->sql_recalled, r->sql_leads));
    json_object_set_new(o, "won_recall", ratio(s->won_recalled, r->won_leads));
    json_object_set_new(o, "precision", ratio(s->mql_sql, s->known));
    json_object_set_new(o, "unknown_outcome", json_integer((json_int_t)s->unknown));
    return o;
}

/* The text of a count's key for table t ("months", "weeks", "reps", "groups"). */
static void
key_text(const struct ho_backtest *bt, const char *t, int64_t key, char out[HO_TIME_STRLEN],
         const char **text)
{
    if (strcmp(t, "months") == 0)
        *text = ho_time_format_month(ho_month_index_start(key), out);
    else if (strcmp(t, "weeks") == 0) {
        ho_time_format(key, out);
        out[10] = '\0';
        *text = out;
    } else
        *text = ho_backtest_str(bt, (uint32_t)key);
}

static json_t *
counts_json(const struct ho_backtest *bt, const char *t, const struct ho_bt_count *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        char buf[HO_TIME_STRLEN];
        const char *k;
        key_text(bt, t, v[i].key, buf, &k);
        json_t *o = json_object();
        json_object_set_new(o, "key", json_string(k));
        json_object_set_new(o, "active", json_integer((json_int_t)v[i].active));
        json_object_set_new(o, "candidate", json_integer((json_int_t)v[i].cand));
        json_object_set_new(o, "delta",
                            json_integer((json_int_t)v[i].cand - (json_int_t)v[i].active));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *
flips_json(const struct ho_backtest *bt)
{
    const struct ho_bt_report *r = &bt->report;
    json_t *a = json_array();
    for (size_t i = 0; i < r->n_flips; i++) {
        const struct ho_bt_lead *l = &bt->leads[r->flips[i]];
        bool newly;
        (void)ho_bt_flips(l, &newly);
        json_t *o = json_object();
        json_object_set_new(o, "lead", json_string(ho_backtest_str(bt, l->lead)));
        json_object_set_new(o, "change", json_string(newly ? "new_mql" : "no_longer_mql"));
        json_object_set_new(o, "rule", json_string(l->responsible ? l->responsible : ""));
        json_object_set_new(o, "outcome", json_string(ho_real_outcome_name(l->outcome)));
        json_array_append_new(a, o);
    }
    return a;
}

/* Do the two versions use different stage sets (sal, meeting)? */
static bool
stage_sets_differ(const struct ho_backtest *bt)
{
    const struct ho_stage_set_opts *a = &bt->active_set, *c = &bt->cand.stage_set;
    return a->no_sal != c->no_sal || a->meeting != c->meeting;
}

static json_t *
stage_list_json(const struct ho_stage_set_opts *set)
{
    enum ho_stage st[HO_STAGE__COUNT];
    size_t n = ho_stage_funnel_list(set, st);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(ho_stage_name(st[i])));
    return a;
}

static void
print_stage_list(const char *who, const struct ho_stage_set_opts *set)
{
    enum ho_stage st[HO_STAGE__COUNT];
    size_t n = ho_stage_funnel_list(set, st);
    printf("%s", who);
    for (size_t i = 0; i < n; i++)
        printf("%s%s", i ? ", " : "", ho_stage_name(st[i]));
}

/* The stage sets, when the candidate changes it: outcomes still come from
 * the history (a booked meeting before any qualification counts as SQL). */
static void
print_stage_sets(const struct ho_backtest *bt)
{
    if (!stage_sets_differ(bt))
        return;
    print_stage_list("  stage set: active ", &bt->active_set);
    print_stage_list("; candidate ", &bt->cand.stage_set);
    fputc('\n', stdout);
}

static int
print_json(const struct ho_backtest *bt)
{
    const struct ho_bt_report *r = &bt->report;
    json_t *o = json_object();
    if (stage_sets_differ(bt)) {
        json_t *sets = json_object();
        json_object_set_new(sets, "active", stage_list_json(&bt->active_set));
        json_object_set_new(sets, "candidate", stage_list_json(&bt->cand.stage_set));
        json_object_set_new(o, "stage_sets", sets);
    }
    json_object_set_new(o, "leads", json_integer((json_int_t)r->leads));
    json_object_set_new(o, "sql_leads", json_integer((json_int_t)r->sql_leads));
    json_object_set_new(o, "won_leads", json_integer((json_int_t)r->won_leads));
    json_object_set_new(o, "active", side_json(r, &r->active));
    json_object_set_new(o, "candidate", side_json(r, &r->cand));
    json_object_set_new(o, "median_days_earlier",
                        r->has_median ? json_real(r->median_days_earlier) : json_null());
    json_object_set_new(o, "median_n", json_integer((json_int_t)r->median_n));
    json_object_set_new(o, "months", counts_json(bt, "months", r->months, r->n_months));
    json_object_set_new(o, "sla_weeks", counts_json(bt, "weeks", r->weeks, r->n_weeks));
    json_object_set_new(o, "sla_reps", counts_json(bt, "reps", r->reps, r->n_reps));
    if (bt->by != HO_BT_BY_NONE)
        json_object_set_new(o, "groups", counts_json(bt, "groups", r->groups, r->n_groups));
    json_object_set_new(o, "new_mqls", json_integer((json_int_t)r->n_new));
    json_object_set_new(o, "no_longer_mqls", json_integer((json_int_t)r->n_gone));
    json_object_set_new(o, "flips_unknown_outcome", json_integer((json_int_t)r->n_flips_unknown));
    json_object_set_new(o, "flips", flips_json(bt));
    int rc = json_dumpf(o, stdout, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(6));
    json_decref(o);
    fputc('\n', stdout);
    return rc == 0 ? HO_EXIT_OK : HO_EXIT_ERROR;
}

/* One CSV field, quoted, with its quotes doubled (RFC 4180). */
static void
csv_field(const char *s)
{
    fputc('"', stdout);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', stdout);
        fputc(*s, stdout);
    }
    fputc('"', stdout);
}

static void
print_csv(const struct ho_backtest *bt)
{
    const struct ho_bt_report *r = &bt->report;
    static const char *const tables[] = { "months", "weeks", "reps", "groups" };
    const struct ho_bt_count *v[] = { r->months, r->weeks, r->reps, r->groups };
    size_t n[] = { r->n_months, r->n_weeks, r->n_reps, bt->by ? r->n_groups : 0 };
    fputs("table,key,active,candidate,delta\n", stdout);
    for (size_t t = 0; t < 4; t++) {
        for (size_t i = 0; i < n[t]; i++) {
            char buf[HO_TIME_STRLEN];
            const char *k;
            key_text(bt, tables[t], v[t][i].key, buf, &k);
            printf("%s,", tables[t]);
            csv_field(k);
            printf(",%zu,%zu,%lld\n", v[t][i].active, v[t][i].cand,
                   (long long)v[t][i].cand - (long long)v[t][i].active);
        }
    }
    fputs("\nlead,change,rule,outcome\n", stdout);
    for (size_t i = 0; i < r->n_flips; i++) {
        const struct ho_bt_lead *l = &bt->leads[r->flips[i]];
        bool newly;
        (void)ho_bt_flips(l, &newly);
        csv_field(ho_backtest_str(bt, l->lead));
        printf(",%s,%s,%s\n", newly ? "new_mql" : "no_longer_mql",
               l->responsible ? l->responsible : "", ho_real_outcome_name(l->outcome));
    }
}

static void
print_pct_line(const char *what, size_t an, size_t ad, size_t cn, size_t cd)
{
    printf("  %-22s active %zu/%zu", what, an, ad);
    if (ad)
        printf(" (%.1f%%)", 100.0 * (double)an / (double)ad);
    printf("   candidate %zu/%zu", cn, cd);
    if (cd)
        printf(" (%.1f%%)", 100.0 * (double)cn / (double)cd);
    fputc('\n', stdout);
}

/* "a median 1.5 days earlier" / "later" / "at the same time". */
static void
print_median(const struct ho_bt_report *r)
{
    double d = r->median_days_earlier;
    if (d == 0)
        printf("  the candidate makes SQL leads MQLs at the same time (median over %zu leads "
               "both make MQLs)\n",
               r->median_n);
    else
        printf("  the candidate makes SQL leads MQLs a median %.1f days %s (over %zu leads "
               "both make MQLs)\n",
               d < 0 ? -d : d, d > 0 ? "earlier" : "later", r->median_n);
}

/* One table of counts, headed by what its keys are. */
static void
print_counts(const struct ho_backtest *bt, const char *table, const char *head,
             const struct ho_bt_count *v, size_t n)
{
    printf("\n%-24s %8s %10s %7s\n", head, "active", "candidate", "delta");
    for (size_t i = 0; i < n; i++) {
        char buf[HO_TIME_STRLEN];
        const char *k;
        key_text(bt, table, v[i].key, buf, &k);
        printf("%-24s %8zu %10zu %+7lld\n",
               k[0]                         ? k
               : strcmp(table, "reps") == 0 ? "(not routed)"
                                            : "(none)",
               v[i].active, v[i].cand, (long long)v[i].cand - (long long)v[i].active);
    }
}

static void
print_text(const struct ho_backtest *bt)
{
    const struct ho_bt_report *r = &bt->report;
    const struct ho_bt_side *a = &r->active;
    const struct ho_bt_side *c = &r->cand;
    printf("backtest over %zu leads (%zu reached SQL, %zu customer)\n", r->leads, r->sql_leads,
           r->won_leads);
    print_stage_sets(bt);
    printf("  %-22s active %zu   candidate %zu   delta %+lld\n", "MQLs", a->mqls, c->mqls,
           (long long)c->mqls - (long long)a->mqls);
    print_pct_line("MQL->SQL", a->mql_sql, a->mqls, c->mql_sql, c->mqls);
    print_pct_line("SQL recall", a->sql_recalled, r->sql_leads, c->sql_recalled, r->sql_leads);
    print_pct_line("won recall", a->won_recalled, r->won_leads, c->won_recalled, r->won_leads);
    print_pct_line("precision", a->mql_sql, a->known, c->mql_sql, c->known);
    printf("  (precision leaves out MQLs sales never saw: active %zu, candidate %zu)\n", a->unknown,
           c->unknown);
    if (r->has_median)
        print_median(r);
    print_counts(bt, "months", "month", r->months, r->n_months);
    print_counts(bt, "weeks", "SLA load, week", r->weeks, r->n_weeks);
    print_counts(bt, "reps", "SLA load, rep", r->reps, r->n_reps);
    if (bt->by != HO_BT_BY_NONE)
        print_counts(bt, "groups", ho_bt_by_name(bt->by), r->groups, r->n_groups);
    printf("\nflips: %zu new MQLs, %zu no longer MQLs (%zu with unknowable outcome: "
           "sales never saw them)\n",
           r->n_new, r->n_gone, r->n_flips_unknown);
    for (size_t i = 0; i < r->n_flips; i++) {
        const struct ho_bt_lead *l = &bt->leads[r->flips[i]];
        bool newly;
        (void)ho_bt_flips(l, &newly);
        printf("  %-30s %-14s %-24s %s\n", ho_backtest_str(bt, l->lead),
               newly ? "new MQL" : "no longer MQL", l->responsible ? l->responsible : "",
               l->outcome == HO_REAL_UNKNOWN ? "unknowable outcome (sales never saw it)"
                                             : ho_real_outcome_name(l->outcome));
    }
}

static int
run(struct ho_app *app, const struct bt_args *a)
{
    struct ho_buf text = HO_BUF_INIT;
    struct ho_buf errors = HO_BUF_INIT;
    struct ho_diag diag = { 0 };
    struct ho_backtest bt;
    memset(&bt, 0, sizeof(bt));
    ho_rc rc = ho_app_read_defs_file(a->file, &text, &diag);
    if (rc == HO_OK)
        rc = ho_app_backtest(app, ho_buf_cstr(&text), text.len, a->file, a->by, a->from, a->to, &bt,
                             &errors, &diag);
    int ex = HO_EXIT_OK;
    if (rc != HO_OK) {
        if (errors.len > 0)
            fputs(ho_buf_cstr(&errors), stderr);
        ex = ho_cli_fail(&diag);
    } else if (a->json)
        ex = print_json(&bt);
    else if (a->csv)
        print_csv(&bt);
    else
        print_text(&bt);
    ho_backtest_release(&bt);
    ho_buf_release(&errors);
    ho_buf_release(&text);
    return ex;
}

static int
run_args(struct ho_app *app, const void *args)
{
    return run(app, args);
}

int
ho_cmd_backtest(int argc, char **argv)
{
    struct bt_args a;
    int ex = parse_args(argc, argv, &a);
    if (ex != HO_EXIT_OK)
        return ex;
    return ho_cli_run_reader(a.db, run_args, &a);
}
