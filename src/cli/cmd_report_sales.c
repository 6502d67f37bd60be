/* SPDX-License-Identifier: MIT */
/*
 * cli/cmd_report_sales.c - `queue`: the live SLA queue of the sales side
 * of the hand-off, read from the stored journeys and SLA clocks.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/strtab.h"
#include "base/xalloc.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/exitcode.h"
#include "core/revisit.h"
#include "report/sales.h"
#include "store/store.h"

/* Load the clocks and hand them to fn with a view of them. */
static int
with_clocks(struct ho_app *cli, int64_t now,
            int (*fn)(const struct ho_sla_view *v, const void *arg), const void *arg)
{
    struct ho_diag diag = { 0 };
    struct ho_strtab *strings = ho_strtab_new();
    struct ho_clock_row *clocks = NULL;
    size_t n = 0;
    int ex;
    if (ho_store_load_clocks(cli->st, strings, &clocks, &n, &diag) != HO_OK) {
        ex = ho_cli_fail(&diag);
    } else {
        struct ho_sla_view v = {
            .defs = &cli->defs, .strings = strings, .clocks = clocks, .n = n, .now = now
        };
        ex = fn(&v, arg);
    }
    ho_xfree(clocks);
    ho_strtab_free(strings);
    return ex;
}

/* ---- handoff queue ---- */

static const char queue_usage[] =
    "usage: handoff queue [--rep R] [--breached] [--revisits] [--at TIME|now] [--json|--csv]\n"
    "                     [--wide] [--db FILE]\n"
    "\n"
    "The live list of who is waiting: every running SLA clock (a new MQL nobody\n"
    "has called yet, an MQL nobody accepted, an SAL without a disposition),\n"
    "oldest first, with the time left or OVERDUE on the SLA's own clock\n"
    "(business or raw), the rep and pool it was routed to and the rule that made\n"
    "the MQL.  --rep shows one rep's queue, --breached only what is overdue.\n"
    "--revisits lists instead the nurtured leads whose revisit date (nurture\n"
    "--revisit DATE) has come and who have not come back as an MQL since.\n"
    "JSON and CSV give the time left as left_minutes (negative when overdue).\n"
    "--json and --csv together are a usage error.  On a terminal the table is\n"
    "fitted to its width (trailing columns dropped, with a note); --wide shows\n"
    "every column.\n";

struct queue_args {
    enum ho_format fmt;
    struct ho_queue_filter filter;
    bool revisits;
    int64_t now;
};

static int
print_revisits(struct ho_app *cli, const struct queue_args *q)
{
    struct ho_diag diag = { 0 };
    struct ho_strtab *strings = ho_strtab_new();
    struct ho_journey_row *rows = NULL;
    size_t n = 0, *idx = NULL;
    int ex = HO_EXIT_OK;
    if (ho_store_load_journeys(cli->st, strings, &rows, &n, &diag) != HO_OK) {
        ex = ho_cli_fail(&diag);
    } else {
        size_t due = ho_revisits_due(rows, n, q->now, &idx);
        if (ho_report_revisits(stdout, q->fmt, strings, rows, idx, due, &diag) != HO_OK)
            ex = ho_cli_fail(&diag);
    }
    ho_xfree(idx);
    ho_xfree(rows);
    ho_strtab_free(strings);
    return ex;
}

static int
print_queue(const struct ho_sla_view *v, const void *arg)
{
    const struct queue_args *q = arg;
    struct ho_diag diag = { 0 };
    if (ho_report_queue(stdout, q->fmt, v, &q->filter, &diag) != HO_OK)
        return ho_cli_fail(&diag);
    return HO_EXIT_OK;
}

int
ho_cmd_queue(int argc, char **argv)
{
    static const struct option opts[] = {
        { "rep", required_argument, NULL, 'r' }, { "breached", no_argument, NULL, 'b' },
        { "at", required_argument, NULL, 'a' },  { "json", no_argument, NULL, 'j' },
        { "csv", no_argument, NULL, 'c' },       { "db", required_argument, NULL, 'd' },
        { "revisits", no_argument, NULL, 'v' },  { "help", no_argument, NULL, 'h' },
        { "wide", no_argument, NULL, 'w' },      { NULL, 0, NULL, 0 }
    };
    struct queue_args q = { .fmt = HO_FORMAT_TABLE };
    int fmt = HO_FORMAT_TABLE;
    bool wide = false;
    const char *db = NULL;
    int64_t now = ho_cli_now();
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "r:ba:jcd:vwh", opts, NULL)) != -1) {
        switch (c) {
        case 'r':
            q.filter.rep = optarg;
            break;
        case 'b':
            q.filter.breached = true;
            break;
        case 'v':
            q.revisits = true;
            break;
        case 'w':
            wide = true;
            break;
        case 'a':
            if (strcmp(optarg, "now") != 0 && ho_cli_parse_time("--at", optarg, &now) != HO_EXIT_OK)
                return HO_EXIT_USAGE;
            break;
        case 'j':
        case 'c':
            if (ho_cli_set_format(&fmt, c == 'j' ? HO_FORMAT_JSON : HO_FORMAT_CSV) != HO_EXIT_OK)
                return HO_EXIT_USAGE;
            break;
        case 'd':
            db = optarg;
            break;
        case 'h':
            return ho_cli_usage(queue_usage, true);
        default:
            return ho_cli_usage(queue_usage, false);
        }
    }
    if (optind != argc)
        return ho_cli_usage(queue_usage, false);
    q.fmt = (enum ho_format)fmt;
    if (q.fmt == HO_FORMAT_TABLE)
        ho_cli_fit_begin(wide);
    struct ho_app cli;
    int ex = ho_cli_open_as(&cli, db, HO_CLI_READ);
    if (ex == HO_EXIT_OK)
        ex = ho_cli_load_active_defs(&cli);
    q.now = now;
    if (ex == HO_EXIT_OK)
        ex = q.revisits ? print_revisits(&cli, &q) : with_clocks(&cli, now, print_queue, &q);
    ho_cli_close(&cli);
    return ex;
}
