/* SPDX-License-Identifier: MIT */
/*
 * cli/cmd_reps.c - `handoff reps`: each rep's load, read from the stored
 * journeys and SLA clocks.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/strtab.h"
#include "base/xalloc.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/exitcode.h"
#include "core/funnel.h"
#include "core/reps.h"
#include "core/sla.h"
#include "report/reps.h"
#include "store/store.h"

static const char reps_usage[] =
    "usage: handoff reps [--at TIME] [--json|--csv] [--db FILE]\n"
    "\n"
    "Each rep of the definitions at one time (default: the data's latest event):\n"
    "  open/capacity  journeys assigned to the rep and not ended (customer,\n"
    "                 closed_lost, nurture, disqualified), against `capacity`\n"
    "  away now       whether that day is one of the rep's `away` days\n"
    "  SLA open       the rep's SLA clocks running within their SLA\n"
    "  SLA breached   the rep's clocks breached by then (stopped late, or running\n"
    "                 past the deadline)\n"
    "  MQLs week      MQLs the rep received (routed or assigned) in the ISO week\n"
    "                 (Monday to Sunday, calendar time zone) of that time\n"
    "  away           the rep's away periods, first and last day included\n";

struct reps_args {
    enum ho_format fmt;
    int64_t at;
    bool at_given;
};

/* Parse the options; *stop when the command ends here (--help or a usage
 * error) with the exit code returned. */
static int
parse_args(int argc, char **argv, struct reps_args *a, const char **db, bool *stop)
{
    static const struct option opts[] = {
        { "at", required_argument, NULL, 'a' }, { "json", no_argument, NULL, 'j' },
        { "csv", no_argument, NULL, 'c' },      { "db", required_argument, NULL, 'd' },
        { "help", no_argument, NULL, 'h' },     { NULL, 0, NULL, 0 }
    };
    bool json = false, csv = false;
    int c;
    *stop = true;
    optind = 1;
    while ((c = getopt_long(argc, argv, "a:jcd:h", opts, NULL)) != -1) {
        switch (c) {
        case 'a':
            if (ho_cli_parse_time("--at", optarg, &a->at) != HO_EXIT_OK)
                return HO_EXIT_USAGE;
            a->at_given = true;
            break;
        case 'j':
            json = true;
            break;
        case 'c':
            csv = true;
            break;
        case 'd':
            *db = optarg;
            break;
        case 'h':
            return ho_cli_usage(reps_usage, true);
        default:
            return ho_cli_usage(reps_usage, false);
        }
    }
    if (optind != argc)
        return ho_cli_usage(reps_usage, false);
    if (json && csv) {
        ho_cli_error("--json and --csv cannot be used together: pick one");
        return HO_EXIT_USAGE;
    }
    a->fmt = json ? HO_FORMAT_JSON : csv ? HO_FORMAT_CSV : HO_FORMAT_TABLE;
    *stop = false;
    return HO_EXIT_OK;
}

static int
print_reps(struct ho_app *cli, const struct reps_args *a)
{
    struct ho_diag diag = { 0 };
    struct ho_strtab *strings = ho_strtab_new();
    struct ho_journey_row *rows = NULL;
    struct ho_clock_row *clocks = NULL;
    size_t n_rows = 0, n_clocks = 0;
    int64_t at = a->at;
    int ex = HO_EXIT_OK;
    if (!a->at_given && ho_store_meta_get_i64(cli->st, "as_of", &at, NULL) != HO_OK)
        at = 0; /* nothing imported yet */
    if (ho_store_load_journeys(cli->st, strings, &rows, &n_rows, &diag) != HO_OK ||
        ho_store_load_clocks(cli->st, strings, &clocks, &n_clocks, &diag) != HO_OK) {
        ex = ho_cli_fail(&diag);
    } else {
        struct ho_reps_load load;
        ho_reps_load_compute(&cli->defs, strings, rows, n_rows, clocks, n_clocks, at, &load);
        if (ho_report_reps(stdout, a->fmt, &cli->defs, &load, &diag) != HO_OK)
            ex = ho_cli_fail(&diag);
        ho_reps_load_release(&load);
    }
    ho_xfree(clocks);
    ho_xfree(rows);
    ho_strtab_free(strings);
    return ex;
}

int
ho_cmd_reps(int argc, char **argv)
{
    struct reps_args a = { .fmt = HO_FORMAT_TABLE };
    const char *db = NULL;
    bool stop;
    int ex = parse_args(argc, argv, &a, &db, &stop);
    if (stop)
        return ex;
    struct ho_app cli;
    ex = ho_cli_open_as(&cli, db, HO_CLI_READ); /* a read-only view */
    if (ex == HO_EXIT_OK)
        ex = ho_cli_load_active_defs(&cli);
    if (ex == HO_EXIT_OK)
        ex = print_reps(&cli, &a);
    ho_cli_close(&cli);
    return ex;
}
