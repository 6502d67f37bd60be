/* SPDX-License-Identifier: MIT */
/*
 * cli/cmd_report.c - `handoff report NAME [options]`: the flags onto the
 * report's options (app/reports.h), then the report run by name.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app/reports.h"
#include "base/buf.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/exitcode.h"
#include "report/report.h"

static const char usage_text[] =
    "usage: handoff report funnel [--by DIM] [--period month|quarter|all] [--from DATE]\n"
    "                             [--to DATE] [--json|--csv] [--db FILE]\n"
    "       handoff report funnel --flow [--window 30d] [--at TIME] [--by DIM]\n"
    "                             [--json|--csv] [--db FILE]\n"
    "\n"
    "funnel  journeys by MQL cohort (the month of the MQL, or of the first stage of a\n"
    "        sales-sourced journey), optionally split by --by DIM: channel (first\n"
    "        touch), channel_group, campaign, rep, rule (the MQL criterion), segment\n"
    "        (account size band) or source (self-reported): how many reached mql,\n"
    "        sal, sql, opportunity and customer (a skipped stage counts as reached;\n"
    "        the stages of the definitions' stage set: no sal with stages.sal: false,\n"
    "        meeting between sql and opportunity with stages.meeting),\n"
    "        each stage-to-stage rate as num/den, the MQL->SQL tier and a\n"
    "        plain-words diagnosis against the healthy ranges of the definitions.\n"
    "        --from/--to select cohorts whose start falls in [from, to); --period\n"
    "        quarter makes quarterly cohorts (2026-Q1), --period all one cohort of\n"
    "        the whole range.  JSON: \"by\" names the dimension and each cohort's\n"
    "        \"group\" its value (\"(none)\" for journeys without one); with --by\n"
    "        channel or no --by each cohort also keeps the field \"channel\".  CSV:\n"
    "        the group column is named after the dimension.\n"
    "        --flow shows the flow view instead: stage entries in a rolling window\n"
    "        (--window, default 30d, ending at --at or else at the data's latest\n"
    "        event, the end included) and each rate as entries of the later stage /\n"
    "        entries of the earlier stage in the same window.  Those are mostly\n"
    "        different journeys, so a flow rate can exceed 100%; 0/0 prints n/a.\n"
    "\n"
    "usage: handoff report whatif [--stage RATE --delta PTS] [--months N] [--json|--csv]\n"
    "                             [--db FILE]\n"
    "       handoff report whatif --visitors N --rates NAME=PCT,... [--deal AMOUNT]\n"
    "                             [--stage RATE --delta PTS] [--json|--csv]\n"
    "\n"
    "whatif  the funnel per month projected before and after changing one stage's\n"
    "        rate by PTS percentage points (clamped to 0..100), e.g. --stage mql_sql\n"
    "        --delta +5: SQLs, opportunities, customers and revenue.  Measured on the\n"
    "        last N (default 3) complete cohort months: MQLs per month, the mql_sql,\n"
    "        sql_opportunity and opportunity_customer rates (counted as report\n"
    "        funnel counts them) and the average amount of their won opportunities.\n"
    "        Planning without data (no database needed): --visitors per month,\n"
    "        --rates with every rate in percent (visitor_lead, lead_mql, mql_sql,\n"
    "        sql_opportunity, opportunity_customer) and --deal, the revenue per\n"
    "        customer.  The inputs used are printed; fractions are kept (2 decimals\n"
    "        shown).\n"
    "\n"
    "usage: handoff report rules [--from DATE] [--to DATE] [--json|--csv] [--db FILE]\n"
    "\n"
    "rules   for every fit and behaviour rule of the definitions, in order: the MQL\n"
    "        journeys it contributed to (it held at the MQL), how many of them\n"
    "        reached SQL (num/den) against the overall MQL->SQL rate, and the lift\n"
    "        (rule rate / overall rate).  A lift under 0.5 on 5 or more journeys\n"
    "        flags an over-scored signal, 2 or more a strong one.  Rules after the\n"
    "        first 64 are not tracked.  Then each MQL criterion (min_score, each\n"
    "        or_any set): the journeys credited to it (the first that held at the\n"
    "        MQL, in definitions order) and every journey it held for, each with\n"
    "        how many reached SQL (JSON \"criteria\", CSV kind criterion).\n"
    "        --from/--to select MQLs by time.\n"
    "\n"
    "usage: handoff report speed [--from DATE] [--to DATE] [--json|--csv] [--db FILE]\n"
    "\n"
    "speed   time from MQL to the first contact attempt: journeys and their SQL rate\n"
    "        in buckets <=5m, <=1h, <=24h, <=7d, >7d, never; the SQL rate by how\n"
    "        many contact channels (call, email, LinkedIn) reached the lead in 48 h;\n"
    "        median and p90 response time (nearest rank, as for stages), raw and\n"
    "        in business hours, overall, per rep and per channel.  --from/--to\n"
    "        select MQLs by time.\n"
    "\n"
    "usage: handoff report sla [--at TIME|now] [--json|--csv] [--db FILE]\n"
    "\n"
    "sla     per SLA of the definitions: met, breached, open and cancelled clocks\n"
    "        and the met rate (met / (met + breached)), overall, per rep and per\n"
    "        channel; JSON lists the breaching journeys oldest first.  Running\n"
    "        clocks are measured to the as-of time (below).\n"
    "\n"
    "usage: handoff report top [--from DATE] [--to DATE] [--at TIME|now] [--json|--csv]\n"
    "                          [--db FILE]\n"
    "\n"
    "top     the top of the funnel by month: anonymous visitors (events with an\n"
    "        anonymous_id) by first visit and how many became leads (an event naming\n"
    "        both), and leads by creation and how many became MQLs.\n"
    "\n"
    "usage: handoff report dispositions|stages|pipeline|closed-won [--by DIM] [--from DATE]\n"
    "                             [--to DATE] [--at TIME|now] [--json|--csv] [--db FILE]\n"
    "       handoff report pipeline ... [--gross-margin PCT]\n"
    "\n"
    "dispositions  journeys closed in nurture or disqualified (sales_reject,\n"
    "        nurture, disqualify, MQL aging) by reason and category, top reason\n"
    "        first: count, share (num/den) and what each category tells marketing\n"
    "        (bad_fit: targeting, bad_timing: nurture, bad_data: forms/enrichment,\n"
    "        bad_scoring: scoring rules, no_response: speed or channel, expired:\n"
    "        follow-up capacity).  Sales reason codes are the definitions' closed\n"
    "        list (reasons:): import and the sales commands reject a sales_reject,\n"
    "        nurture or disqualify whose code is not on it, so history from a CRM\n"
    "        maps its own codes onto the list through the definitions' mapping:\n"
    "        section (read by the CRM importers).  uncategorized holds the journeys\n"
    "        closed without a sales reason: none given, or a disqualify rule's\n"
    "        reason (e.g. student, competitor).  --from/--to select by the time\n"
    "        the journey closed.\n"
    "stages  median and p90 time from entering mql, sal, sql and opportunity (the\n"
    "        stage set's: meeting too, sal not when it is off) to\n"
    "        entering the journey's next stage (whichever comes next), for stays\n"
    "        that began in [from, to).  Percentiles are nearest rank: the p-th is\n"
    "        the shortest stay with at least p% of the stays at or below it (of\n"
    "        1, 2, 3 and 10 h the median is 2 h and p90 10 h; no interpolation).\n"
    "        Then the contact rate (MQLs with a contact_made);\n"
    "        MQL aging: MQLs whose first contact came more than 24 h after the MQL,\n"
    "        or that have none and are older than 24 h at the as-of time.\n"
    "pipeline  qualified pipeline (opportunity amounts of journeys that passed\n"
    "        MQL) and its share of all pipeline with its tier (below_floor < 30% <=\n"
    "        floor < 40% <= healthy <= 60% < stretch), win rate (won / (won +\n"
    "        lost)), average deal, average sales cycle (opportunity -> customer,\n"
    "        days), open opportunities at the end of the period (or the as-of time),\n"
    "        pipeline velocity = open opportunities x average deal x win rate /\n"
    "        cycle days, SQLs per month, and the lead velocity rate of the last\n"
    "        complete month before the as-of time with its inputs.  With spend\n"
    "        imported (handoff import-spend), per channel: cost per MQL and per SQL\n"
    "        by cohort (each month's spend over the channel's marketing-sourced MQLs\n"
    "        whose journey began that month, and of them those that reached SQL;\n"
    "        per month too; blended = the sum of the same spends over the sum of\n"
    "        the same counts; JSON cost_basis says so), marketing efficiency ratio\n"
    "        (spend / qualified pipeline; 15 significant digits in JSON/CSV, 3 in\n"
    "        the table), CAC (spend / new customers) and, with --gross-margin PCT,\n"
    "        CAC payback months (CAC / (monthly revenue x margin)).  CSV rows are\n"
    "        section,key,metric,value.\n"
    "closed-won  for the won MQL journeys against all MQL journeys (MQL in\n"
    "        [from, to)): channel, the MQL rule (the credited criterion), time to\n"
    "        first contact, each fit rule held at the MQL, each MQL criterion held\n"
    "        at the MQL (criterion:NAME), and the account size band, each value\n"
    "        with its share among won and among all and the lift (won share / all\n"
    "        share).\n"
    "        --by DIM gives one block per value of DIM (as for funnel).\n"
    "\n"
    "usage: handoff report attribution [--model first|last|linear|u|w|full|decay]\n"
    "                             [--by channel|campaign] [--from DATE] [--to DATE]\n"
    "                             [--json|--csv] [--db FILE]\n"
    "\n"
    "attribution  the amount of every opportunity (opportunity_created with an\n"
    "        amount, created in [from, to)) credited to the channels or campaigns\n"
    "        of the touches before it: events with a channel (top-level, or\n"
    "        utm_medium/utm_source), pooled over all leads of the account.  Models:\n"
    "        first, last (100% to that touch), linear (1/n), u (40% first, 40% the\n"
    "        MQL touch, 20% over the touches between), w (default: 30% first, 30%\n"
    "        MQL touch, 30% opportunity-creation touch, 10% the rest), full (22.5%\n"
    "        each to first, MQL, opportunity creation and closed won, 10% the rest;\n"
    "        a won deal's touches run to the close), decay (2^(-age/7 days),\n"
    "        normalised).  Milestones on one touch add up; a missing one's share\n"
    "        goes to the others pro rata.  The parameters are printed with the\n"
    "        report; opportunities without a touch before them are listed apart.\n"
    "\n"
    "usage: handoff report accounts [--at TIME|now] [--json|--csv] [--db FILE]\n"
    "\n"
    "accounts  per account: contacts, engaged contacts (behaviour in the last\n"
    "        accounts.window before the as-of time), score (each lead's score at\n"
    "        the as-of time: the leads' behaviour decayed to it + the best fit),\n"
    "        account-qualified (engaged >= accounts.engaged_contacts or score >=\n"
    "        accounts.min_score) and\n"
    "        whether a journey reached SQL; the account->SQL rate of qualified\n"
    "        accounts.  PQLs (definitions: pql.all product-usage criteria) and the\n"
    "        PQL->SQL rate, apart from every MQL figure.\n"
    "\n"
    "As of: every report is computed as of one time, the data's latest event\n"
    "(the same time explain uses), or --at TIME (--at now: the clock).  A month\n"
    "or quarter that had not ended at that time is marked (incomplete) in the\n"
    "table and \"incomplete\": true in JSON/CSV, and is never compared as if it\n"
    "were complete.\n"
    "\n"
    "Every report: --json or --csv instead of the table (both together: exit 2).\n"
    "On a terminal the table is fitted to its width (COLUMNS, or the terminal's;\n"
    "HO_COLUMNS=N forces it): trailing columns are dropped, with a note; --wide\n"
    "shows every column.  Piped or redirected output is never cut.\n";

/* Long options without a letter: getopt values past any char. */
enum {
    OPT_FLOW = 0x300,
    OPT_WINDOW,
    OPT_STAGE,
    OPT_DELTA,
    OPT_MONTHS,
    OPT_VISITORS,
    OPT_RATES,
    OPT_DEAL,
    OPT_GROSS_MARGIN,
    OPT_MODEL,
    OPT_WIDE,
};

static const struct option long_opts[] = {
    { "by", required_argument, NULL, 'b' },
    { "from", required_argument, NULL, 'f' },
    { "to", required_argument, NULL, 't' },
    { "json", no_argument, NULL, 'j' },
    { "csv", no_argument, NULL, 'c' },
    { "db", required_argument, NULL, 'd' },
    { "period", required_argument, NULL, 'p' },
    { "at", required_argument, NULL, 'a' },
    { "help", no_argument, NULL, 'h' },
    { "flow", no_argument, NULL, OPT_FLOW },
    { "window", required_argument, NULL, OPT_WINDOW },
    { "stage", required_argument, NULL, OPT_STAGE },
    { "delta", required_argument, NULL, OPT_DELTA },
    { "months", required_argument, NULL, OPT_MONTHS },
    { "visitors", required_argument, NULL, OPT_VISITORS },
    { "rates", required_argument, NULL, OPT_RATES },
    { "deal", required_argument, NULL, OPT_DEAL },
    { "gross-margin", required_argument, NULL, OPT_GROSS_MARGIN },
    { "model", required_argument, NULL, OPT_MODEL },
    { "wide", no_argument, NULL, OPT_WIDE },
    { NULL, 0, NULL, 0 },
};

/* What the command line asks for besides the report's own options. */
struct report_args {
    const char *db;
    int fmt; /* enum ho_format */
    bool wide;
};

static const char *
long_name(int c)
{
    for (size_t i = 0; long_opts[i].name; i++) {
        if (long_opts[i].val == c)
            return long_opts[i].name;
    }
    return NULL;
}

/* Hand --NAME ARG to the report's options.  Every report accepts every
 * report flag, as it always has: a flag the report does not take is still
 * checked, then ignored. */
static int
set_report_opt(const struct ho_report_def *r, void *ro, const char *name, const char *arg)
{
    struct ho_diag diag = { 0 };
    ho_rc rc = r ? ho_report_opts_set(r, ro, name, arg, &diag) : HO_ENOTFOUND;
    if (rc == HO_ENOTFOUND) {
        ho_diag_clear(&diag);
        rc = ho_report_opt_check(ho_report_opt_kind_find(name), arg, &diag);
    }
    if (rc != HO_OK) {
        ho_cli_error("--%s %s", name, diag.msg);
        return HO_EXIT_USAGE;
    }
    return HO_EXIT_OK;
}

/* HO_EXIT_OK, -1 after --help, or the usage exit code. */
static int
parse_opts(int argc, char **argv, const struct ho_report_def *r, void *ro, struct report_args *a)
{
    int c;
    *a = (struct report_args){ .fmt = HO_FORMAT_TABLE };
    optind = 1;
    while ((c = getopt_long(argc, argv, "b:f:t:jcd:p:a:h", long_opts, NULL)) != -1) {
        switch (c) {
        case 'j':
        case 'c':
            if (ho_cli_set_format(&a->fmt, c == 'j' ? HO_FORMAT_JSON : HO_FORMAT_CSV) != HO_EXIT_OK)
                return HO_EXIT_USAGE;
            break;
        case 'd':
            a->db = optarg;
            break;
        case OPT_WIDE:
            a->wide = true;
            break;
        case 'h':
            return ho_cli_usage(usage_text, true) == HO_EXIT_OK ? -1 : HO_EXIT_USAGE;
        case '?':
            return ho_cli_usage(usage_text, false);
        default:
            if (!long_name(c))
                return ho_cli_usage(usage_text, false);
            if (set_report_opt(r, ro, long_name(c), optarg) != HO_EXIT_OK)
                return HO_EXIT_USAGE;
            break;
        }
    }
    return HO_EXIT_OK;
}

static int
unknown_report(const char *name)
{
    struct ho_buf list = HO_BUF_INIT;
    for (size_t i = 0; i < ho_report_count(); i++) {
        if (i)
            ho_buf_adds(&list, ", ");
        ho_buf_adds(&list, ho_report_at(i)->name);
    }
    ho_cli_error("unknown report '%s' (available: %s)", name, ho_buf_cstr(&list));
    ho_buf_release(&list);
    return HO_EXIT_USAGE;
}

int
ho_cli_run_report(struct ho_app *app, const struct ho_report_def *r, const void *ro, int fmt)
{
    struct ho_diag diag = { 0 };
    struct ho_report_out out = { .out = stdout, .fmt = (enum ho_format)fmt, .now = ho_cli_now() };
    if (ho_report_run(app, r, ro, &out, &diag) != HO_OK)
        return ho_cli_fail(&diag);
    return HO_EXIT_OK;
}

/* Open the database read-only with its definitions and run r. */
static int
run_on_db(const struct ho_report_def *r, const void *ro, const struct report_args *a)
{
    if (r->offline && r->offline(ro))
        return ho_cli_run_report(NULL, r, ro, a->fmt); /* planning mode: no database needed */
    struct ho_app app;
    int ex = ho_cli_open_as(&app, a->db, HO_CLI_READ);
    if (ex == HO_EXIT_OK)
        ex = ho_cli_load_active_defs(&app);
    if (ex == HO_EXIT_OK)
        ex = ho_cli_run_report(&app, r, ro, a->fmt);
    ho_cli_close(&app);
    return ex;
}

int
ho_cmd_report(int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-') {
        bool help = argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));
        return ho_cli_usage(usage_text, help);
    }
    const struct ho_report_def *r = ho_report_find(argv[1]);
    void *ro = r ? ho_report_opts_new(r) : NULL;
    struct report_args a;
    int ex = parse_opts(argc - 1, argv + 1, r, ro, &a);
    if (ex == HO_EXIT_OK && !r)
        ex = unknown_report(argv[1]);
    if (ex == HO_EXIT_OK) {
        if (a.fmt == HO_FORMAT_TABLE)
            ho_cli_fit_begin(a.wide);
        ex = run_on_db(r, ro, &a);
    }
    ho_report_opts_free(ro);
    return ex < 0 ? HO_EXIT_OK : ex;
}
