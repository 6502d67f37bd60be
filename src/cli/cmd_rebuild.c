/* SPDX-License-Identifier: MIT */
/*
 * cli/cmd_rebuild.c - `handoff rebuild [--db FILE] [--as-of-version N]`:
 * recompute every lead from the stored event log, under the versions in
 * force over time or, restated, under one version.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "app/defs_versions.h"

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/exitcode.h"
#include "engine/engine.h"

static const char usage_text[] =
    "usage: handoff rebuild [--db FILE] [--durability full|normal]\n"
    "       handoff rebuild --as-of-version N [--force] [--by NAME] [--db FILE]\n"
    "\n"
    "Recomputes every lead's score, stage and journeys from the stored event log,\n"
    "each event judged by the definitions version in force at its time (handoff\n"
    "defs history), replacing the derived state in one transaction.  The result\n"
    "is identical to what the imports produced.  Reports keep reading the\n"
    "previous state until it commits.  --durability: see 'handoff import --help'.\n"
    "\n"
    "--as-of-version N restates all history under stored version N: N becomes\n"
    "the active version and judges every event, and the restatement is recorded\n"
    "(defs history shows it).  N needs both owners' sign-offs unless --force,\n"
    "as for defs activate.\n";

struct rebuild_args {
    const char *db, *by;
    int64_t as_of_version; /* 0: not given */
    bool force;
};

static int
parse_args(int argc, char **argv, struct rebuild_args *a)
{
    static const struct option opts[] = { { "db", required_argument, NULL, 'd' },
                                          { "help", no_argument, NULL, 'h' },
                                          { "durability", required_argument, NULL, 'u' },
                                          { "as-of-version", required_argument, NULL, 'V' },
                                          { "force", no_argument, NULL, 'f' },
                                          { "by", required_argument, NULL, 'b' },
                                          { NULL, 0, NULL, 0 } };
    int c;
    char *end;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:hu:", opts, NULL)) != -1) {
        if (c == 'd')
            a->db = optarg;
        else if (c == 'b')
            a->by = optarg;
        else if (c == 'f')
            a->force = true;
        else if (c == 'u' && ho_cli_set_durability(optarg) != HO_EXIT_OK)
            return HO_EXIT_USAGE;
        else if (c == 'V' && ((a->as_of_version = strtoll(optarg, &end, 10)) < 1 || *end)) {
            fprintf(stderr,
                    "handoff rebuild: --as-of-version '%s' is not a stored version "
                    "number (see handoff defs history)\n",
                    optarg);
            return HO_EXIT_USAGE;
        } else if (c == 'h')
            return ho_cli_usage(usage_text, true) == HO_EXIT_OK ? -1 : HO_EXIT_USAGE;
        else if (c != 'u' && c != 'V')
            return ho_cli_usage(usage_text, false);
    }
    if (optind != argc || ((a->force || a->by) && !a->as_of_version))
        return ho_cli_usage(usage_text, false);
    return HO_EXIT_OK;
}

/* Record the restatement: version a->as_of_version judges all history. */
static int
restate(struct ho_app *cli, const struct rebuild_args *a)
{
    struct ho_diag diag = { 0 };
    struct ho_defs_activate_opts o = { .force = a->force, .by = a->by, .restate = true };
    if (ho_app_defs_activate_with(cli, a->as_of_version, &o, ho_cli_now(), &diag) != HO_OK)
        return ho_cli_fail(&diag);
    fprintf(stderr, "restating all history under definitions version %lld (recorded)\n",
            (long long)a->as_of_version);
    return HO_EXIT_OK;
}

int
ho_cmd_rebuild(int argc, char **argv)
{
    struct rebuild_args a = { 0 };
    int ex = parse_args(argc, argv, &a);
    if (ex != HO_EXIT_OK)
        return ex < 0 ? HO_EXIT_OK : ex;
    struct ho_app cli;
    ex = ho_cli_open(&cli, a.db);
    if (ex == HO_EXIT_OK && a.as_of_version)
        ex = restate(&cli, &a);
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
