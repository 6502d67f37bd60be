/* SPDX-License-Identifier: MIT */
/*
 * cli/cmd_rebuild.c - `handoff rebuild [--db FILE]`: recompute every lead
 * from the stored event log under the active definitions.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/exitcode.h"
#include "engine/engine.h"

static const char usage_text[] =
    "usage: handoff rebuild [--db FILE] [--durability full|normal]\n"
    "\n"
    "Recomputes every lead's score, stage and journeys from the stored event log\n"
    "under the active definitions, replacing the derived state in one transaction.\n"
    "The result is identical to what the imports produced.  Reports keep reading\n"
    "the previous state until it commits.  --durability: see 'handoff import --help'.\n";

int
ho_cmd_rebuild(int argc, char **argv)
{
    static const struct option opts[] = { { "db", required_argument, NULL, 'd' },
                                          { "help", no_argument, NULL, 'h' },
                                          { "durability", required_argument, NULL, 'u' },
                                          { NULL, 0, NULL, 0 } };
    const char *db = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:hu:", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'u':
            if (ho_cli_set_durability(optarg) != HO_EXIT_OK)
                return HO_EXIT_USAGE;
            break;
        case 'h':
            return ho_cli_usage(usage_text, true);
        default:
            return ho_cli_usage(usage_text, false);
        }
    }
    if (optind != argc)
        return ho_cli_usage(usage_text, false);
    struct ho_app cli;
    int ex = ho_cli_open(&cli, db);
    if (ex == HO_EXIT_OK)
        ex = ho_cli_open_engine(&cli);
    if (ex == HO_EXIT_OK) {
        struct ho_diag diag = { 0 };
        struct ho_commit_stats stats;
        if (ho_engine_rebuild(cli.eng, &stats, &diag) != HO_OK)
            ex = ho_cli_fail(&diag);
        else
            fprintf(stderr, "rebuilt %zu leads, %zu journeys\n", stats.leads, stats.journeys);
    }
    ho_cli_close(&cli);
    return ex;
}
