/* SPDX-License-Identifier: MIT */
/*
 * cli/cmd_explain.c - `handoff explain LEAD [--at TIME] [--json] [--db FILE]`.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app/lead.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/exitcode.h"
#include "report/report.h"

static const char usage_text[] =
    "usage: handoff explain LEAD [--at TIME|now] [--json] [--wide] [--db FILE]\n"
    "\n"
    "Shows every rule of the active definitions with its points before and after\n"
    "decay and the events it matched, the fit, behaviour and total score, the MQL\n"
    "thresholds, the disqualifier that holds, and each journey with its stage entry\n"
    "times.  By default the lead is shown as of the data's latest event (of any\n"
    "lead), the as-of time every report uses, so a quiet lead's score is decayed\n"
    "exactly as in the reports; --at shows the lead as it was at a past time\n"
    "(events after it are ignored), --at now decays the score to the present.\n"
    "For a lead that became an MQL it shows the MQL moment first: the criterion\n"
    "credited and the score then.  On a terminal the text is fitted to its width;\n"
    "--wide shows every column.\n"
    "\n"
    "Routing lists each assignment decision: the rep (or unassigned), pool and\n"
    "rule, how (weighted round robin, account owner, manual), the reps passed over\n"
    "and why (away, at capacity) and, for a re-route, since when the lead waited.\n"
    "SLA clocks show business time in business hours and working days of the\n"
    "calendar, raw clocks in wall time.\n";

int
ho_cmd_explain(int argc, char **argv)
{
    static const struct option opts[] = {
        { "at", required_argument, NULL, 'a' }, { "json", no_argument, NULL, 'j' },
        { "db", required_argument, NULL, 'd' }, { "help", no_argument, NULL, 'h' },
        { "wide", no_argument, NULL, 'w' },     { NULL, 0, NULL, 0 }
    };
    const char *db = NULL;
    int64_t at = INT64_MAX;
    enum ho_format fmt = HO_FORMAT_TABLE;
    bool wide = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "a:jd:wh", opts, NULL)) != -1) {
        switch (c) {
        case 'a':
            if (strcmp(optarg, "now") == 0)
                at = ho_cli_now();
            else if (ho_cli_parse_time("--at", optarg, &at) != HO_EXIT_OK)
                return HO_EXIT_USAGE;
            break;
        case 'j':
            fmt = HO_FORMAT_JSON;
            break;
        case 'w':
            wide = true;
            break;
        case 'd':
            db = optarg;
            break;
        case 'h':
            return ho_cli_usage(usage_text, true);
        default:
            return ho_cli_usage(usage_text, false);
        }
    }
    if (optind != argc - 1)
        return ho_cli_usage(usage_text, false);
    if (fmt == HO_FORMAT_TABLE)
        ho_cli_fit_begin(wide);
    struct ho_app cli;
    int ex = ho_cli_open_as(&cli, db, HO_CLI_READ);
    if (ex == HO_EXIT_OK)
        ex = ho_cli_open_engine(&cli);
    struct ho_diag diag = { 0 };
    if (ex == HO_EXIT_OK && ho_app_explain(&cli, argv[optind], at, stdout, fmt, &diag) != HO_OK)
        ex = ho_cli_fail(&diag);
    ho_cli_close(&cli);
    return ex;
}
