/* SPDX-License-Identifier: MIT */
/*
 * cli/cmd_init.c - `handoff init [--db FILE] [--defs FILE] [--force]`.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/exitcode.h"

static const char usage_text[] =
    "usage: handoff init [--db FILE] [--defs FILE] [--force]\n"
    "\n"
    "Creates the database (default ./handoff.db) and activates the definitions\n"
    "FILE, or the built-in example (examples/definitions.yaml) when none is given.\n"
    "The file is stored as a numbered version (in a new database version 1: its\n"
    "version: must say 1).  It needs a\n"
    "sign-off from each owner side (the file's owners.*.signed dates, recorded as\n"
    "such) unless --force; a forced activation is recorded.  Later versions: see\n"
    "handoff defs propose, sign, activate.\n";

int
ho_cmd_init(int argc, char **argv)
{
    static const struct option opts[] = { HO_CLI_DB_LONG_OPTS,
                                          { "help", no_argument, NULL, 'h' },
                                          { NULL, 0, NULL, 0 } };
    struct ho_cli_db_args db = { 0 };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, HO_CLI_DB_SHORT_OPTS "h", opts, NULL)) != -1) {
        if (ho_cli_db_arg(c, optarg, &db))
            continue;
        if (c == 'h')
            return ho_cli_usage(usage_text, true);
        return ho_cli_usage(usage_text, false);
    }
    if (optind != argc)
        return ho_cli_usage(usage_text, false);
    struct ho_app cli;
    int ex = ho_cli_open_with_defs(&cli, &db, true);
    if (ex == HO_EXIT_OK)
        fprintf(stderr, "%s: definitions version %lld active\n", cli.db_path,
                (long long)cli.defs.version);
    ho_cli_close(&cli);
    return ex;
}
