/* SPDX-License-Identifier: MIT */
/*
 * cli/cmd_leads.c - `handoff leads`: list and filter leads (app/leads.h).
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/leads.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/exitcode.h"
#include "report/report.h"

/* Rows the terminal table shows unless --limit; JSON and CSV list them all. */
#define TABLE_LIMIT 50

static const char leads_usage[] =
    "usage: handoff leads [--db FILE] [--stage S] [--rep R] [--channel C]\n"
    "                     [--mql-since DATE] [--score-above N] [--account A] [--q TEXT]\n"
    "                     [--cohort C] [--reached S,..] [--by DIM --group G]\n"
    "                     [--closed D [--closed-in M] [--reason R] [--category C]]\n"
    "                     [--speed BUCKET] [--sla NAME [--sla-status S]]\n"
    "                     [--spend-cohort mql|sql [--from T] [--to T]]\n"
    "                     [--sort FIELD] [--limit N] [--at TIME|now] [--json|--csv] [--wide]\n"
    "\n"
    "Lists the leads with their stage, score (fit + behaviour, decayed to the as-of\n"
    "time: the data's latest event unless --at, as in explain and every report),\n"
    "channel, rep (of the latest journey), latest MQL time and last event.\n"
    "Filters combine (all must hold):\n"
    "  --stage S        the lead's stage: lead, mql, sal, sql, opportunity, customer,\n"
    "                   closed_lost, nurture or disqualified (meeting with a meeting stage)\n"
    "  --rep R, --channel C, --account A   exactly that rep, channel, account\n"
    "  --mql-since DATE became an MQL at or after DATE: today (the as-of day in the\n"
    "                   definitions' calendar time zone, or UTC), a date (its start\n"
    "                   in that zone) or an RFC 3339 time\n"
    "  --score-above N  score strictly above N\n"
    "  --q TEXT         TEXT in the lead or the account, ignoring case\n"
    "The leads behind a cell of report funnel: one of the lead's journeys\n"
    "  --cohort C       is of MQL cohort C: a month 2026-03, a quarter 2026-Q1 or all\n"
    "  --reached S,..   reached every one of these stages (mql, sal, sql, meeting,\n"
    "                   opportunity, customer), as the funnel counts them\n"
    "  --by DIM --group G  has G as its --by value (channel, campaign, rep, rule, ...)\n"
    "  and the list says how many such journeys (a cell counts journeys).\n"
    "The leads behind report dispositions: one of the lead's journeys\n"
    "  --closed D       was closed in D: nurture, disqualified or nurture,disqualified\n"
    "  --closed-in M    in month M (2026-03, UTC)   --reason CODE  with that reason\n"
    "                   code ((none): without one)   --category C  of that category\n"
    "The leads behind report speed: one MQL journey\n"
    "  --speed BUCKET   first contacted within <=5m, <=1h, <=24h, <=7d, >7d or never\n"
    "The leads behind report sla: a clock of SLA NAME (the list counts clocks)\n"
    "  --sla NAME       of that SLA   --sla-status S  met, breached, open or cancelled\n"
    "                   at the as-of time (not with the journey conditions)\n"
    "The leads behind report pipeline's cost table: one journey\n"
    "  --spend-cohort mql|sql  in its channel's spend cohort (an MQL counted there;\n"
    "                   sql: also counted as an SQL) for the report's --from/--to\n"
    "                   at the as-of time; --by channel --group G for one channel\n"
    "--sort score (default, highest first), mql_at or last_event (newest first) or\n"
    "lead; ties by lead.  --limit N shows the first N (default 50 in the table, all\n"
    "in JSON and CSV); the table ends with \"showing N of M\".\n"
    "\n"
    "Today's new MQLs:  handoff leads --stage mql --mql-since today\n"
    "March's MQLs that became SQLs:  handoff leads --cohort 2026-03 --reached mql,sql\n";

struct leads_args {
    struct ho_app_leads_opts o;
    const char *db;
    int fmt; /* enum ho_format */
    bool wide, limit_given, help;
};

static int
parse_score(const char *s, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(v)) {
        ho_cli_error("--score-above '%s': write a number, e.g. 40", s);
        return HO_EXIT_USAGE;
    }
    *out = v;
    return HO_EXIT_OK;
}

static int
parse_limit(const char *s, size_t *out)
{
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v < 1) {
        ho_cli_error("--limit '%s': write a whole number of at least 1", s);
        return HO_EXIT_USAGE;
    }
    *out = (size_t)v;
    return HO_EXIT_OK;
}

static int
parse_at(const char *s, struct ho_app_leads_opts *o)
{
    o->at_given = true;
    if (strcmp(s, "now") == 0) {
        o->at = ho_cli_now();
        return HO_EXIT_OK;
    }
    return ho_cli_parse_time("--at", s, &o->at);
}

/* Take option c with its argument; an exit code (HO_EXIT_OK to go on). */
static int
take(int c, const char *arg, struct leads_args *a)
{
    struct ho_app_leads_opts *o = &a->o;
    switch (c) {
    case 'd':
        a->db = arg;
        return HO_EXIT_OK;
    case 's':
        o->stage = arg;
        return HO_EXIT_OK;
    case 'r':
        o->rep = arg;
        return HO_EXIT_OK;
    case 'C':
        o->channel = arg;
        return HO_EXIT_OK;
    case 'm':
        o->mql_since = arg;
        return HO_EXIT_OK;
    case 'A':
        o->account = arg;
        return HO_EXIT_OK;
    case 'q':
        o->q = arg;
        return HO_EXIT_OK;
    case 'S':
        o->sort = arg;
        return HO_EXIT_OK;
    case 'K':
        o->cohort = arg;
        return HO_EXIT_OK;
    case 'R':
        o->reached = arg;
        return HO_EXIT_OK;
    case 'B':
        o->by = arg;
        return HO_EXIT_OK;
    case 'G':
        o->group = arg;
        return HO_EXIT_OK;
    case 'X':
        o->closed = arg;
        return HO_EXIT_OK;
    case 'I':
        o->closed_in = arg;
        return HO_EXIT_OK;
    case 'E':
        o->reason = arg;
        return HO_EXIT_OK;
    case 'Y':
        o->category = arg;
        return HO_EXIT_OK;
    case 'V':
        o->speed = arg;
        return HO_EXIT_OK;
    case 'L':
        o->sla = arg;
        return HO_EXIT_OK;
    case 'T':
        o->sla_status = arg;
        return HO_EXIT_OK;
    case 'P':
        o->spend_cohort = arg;
        return HO_EXIT_OK;
    case 'F':
        o->from = arg;
        return HO_EXIT_OK;
    case 'U':
        o->to = arg;
        return HO_EXIT_OK;
    case 'w':
        a->wide = true;
        return HO_EXIT_OK;
    case 'j':
        return ho_cli_set_format(&a->fmt, HO_FORMAT_JSON);
    case 'c':
        return ho_cli_set_format(&a->fmt, HO_FORMAT_CSV);
    case 'a':
        return parse_at(arg, o);
    case 'p':
        o->has_score_above = true;
        return parse_score(arg, &o->score_above);
    case 'l':
        a->limit_given = true;
        return parse_limit(arg, &o->limit);
    case 'h':
        a->help = true;
        return HO_EXIT_OK;
    default:
        return ho_cli_usage(leads_usage, false);
    }
}

/* Parse argv into a; *stop when the command ends here with the exit code
 * returned (--help, a usage error). */
static int
parse_args(int argc, char **argv, struct leads_args *a, bool *stop)
{
    static const struct option opts[] = { { "db", required_argument, NULL, 'd' },
                                          { "stage", required_argument, NULL, 's' },
                                          { "rep", required_argument, NULL, 'r' },
                                          { "channel", required_argument, NULL, 'C' },
                                          { "mql-since", required_argument, NULL, 'm' },
                                          { "score-above", required_argument, NULL, 'p' },
                                          { "account", required_argument, NULL, 'A' },
                                          { "q", required_argument, NULL, 'q' },
                                          { "sort", required_argument, NULL, 'S' },
                                          { "cohort", required_argument, NULL, 'K' },
                                          { "reached", required_argument, NULL, 'R' },
                                          { "by", required_argument, NULL, 'B' },
                                          { "group", required_argument, NULL, 'G' },
                                          { "closed", required_argument, NULL, 'X' },
                                          { "closed-in", required_argument, NULL, 'I' },
                                          { "reason", required_argument, NULL, 'E' },
                                          { "category", required_argument, NULL, 'Y' },
                                          { "speed", required_argument, NULL, 'V' },
                                          { "sla", required_argument, NULL, 'L' },
                                          { "sla-status", required_argument, NULL, 'T' },
                                          { "spend-cohort", required_argument, NULL, 'P' },
                                          { "from", required_argument, NULL, 'F' },
                                          { "to", required_argument, NULL, 'U' },
                                          { "limit", required_argument, NULL, 'l' },
                                          { "at", required_argument, NULL, 'a' },
                                          { "json", no_argument, NULL, 'j' },
                                          { "csv", no_argument, NULL, 'c' },
                                          { "wide", no_argument, NULL, 'w' },
                                          { "help", no_argument, NULL, 'h' },
                                          { NULL, 0, NULL, 0 } };
    int c;
    *stop = true;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        int ex = take(c, optarg, a);
        if (ex != HO_EXIT_OK)
            return ex;
    }
    if (a->help)
        return ho_cli_usage(leads_usage, true);
    if (optind != argc)
        return ho_cli_usage(leads_usage, false);
    struct ho_diag diag = { 0 };
    if (ho_app_leads_check(&a->o, &diag) != HO_OK) {
        ho_cli_error("--%s", diag.msg);
        return HO_EXIT_USAGE;
    }
    if (!a->limit_given)
        a->o.limit = a->fmt == HO_FORMAT_TABLE ? TABLE_LIMIT : 0;
    *stop = false;
    return HO_EXIT_OK;
}

int
ho_cmd_leads(int argc, char **argv)
{
    struct leads_args a = { .o = HO_APP_LEADS_OPTS_INIT, .fmt = HO_FORMAT_TABLE };
    bool stop;
    int ex = parse_args(argc, argv, &a, &stop);
    if (stop)
        return ex;
    if (a.fmt == HO_FORMAT_TABLE)
        ho_cli_fit_begin(a.wide);
    struct ho_app cli;
    ex = ho_cli_open_as(&cli, a.db, HO_CLI_READ); /* a read-only view */
    if (ex == HO_EXIT_OK)
        ex = ho_cli_open_engine(&cli);
    struct ho_diag diag = { 0 };
    if (ex == HO_EXIT_OK && ho_app_leads(&cli, &a.o, stdout, (enum ho_format)a.fmt, &diag) != HO_OK)
        ex = ho_cli_fail(&diag);
    ho_cli_close(&cli);
    return ex;
}
