/* SPDX-License-Identifier: MIT */
/*
 * cli/main.c - `handoff <command> [options]`: the command table.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/exitcode.h"

struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
    { "init", ho_cmd_init, "create a database with the example definitions" },
    { "import", ho_cmd_import, "import events (JSON Lines or CSV) and update every lead" },
    { "rebuild", ho_cmd_rebuild, "recompute all state from the stored event log" },
    { "backtest", ho_cmd_backtest, "compare a candidate definitions file with the active one" },
    { "explain", ho_cmd_explain, "show every point of one lead's score and its journeys" },
    { "report", ho_cmd_report,
      "reports: funnel, top, speed, sla, dispositions, stages, pipeline, closed-won,\n"
      "               attribution, accounts, whatif, rules" },
    { "leads", ho_cmd_leads, "list and filter leads: stage, rep, channel, MQL date, score, ..." },
    { "queue", ho_cmd_queue, "the live SLA queue: who is waiting, oldest first" },
    { "reps", ho_cmd_reps, "each rep's load: open journeys vs capacity, away, SLA clocks, MQLs" },
    { "defs", ho_cmd_defs, "definitions: check, propose, sign, activate, history, show, diff" },
    { "demo", ho_cmd_demo, "generate a realistic data set, import it, print the funnel" },
    { "demo-data", ho_cmd_demo_generate, "write the demo data set as JSON Lines / CSV" },
    { "accept", ho_cmd_accept, "sales accepts a lead (sal)" },
    { "reject", ho_cmd_reject, "sales rejects a lead with a reason code" },
    { "qualify", ho_cmd_qualify, "sales qualifies a lead (sql)" },
    { "nurture", ho_cmd_nurture, "move a lead to nurture with a reason code" },
    { "contact", ho_cmd_contact, "record a contact attempt (or --made: a conversation)" },
    { "opportunity", ho_cmd_opportunity, "open an opportunity with an amount" },
    { "won", ho_cmd_won, "the lead's opportunity was won (customer)" },
    { "lost", ho_cmd_lost, "the lead's opportunity was lost" },
    { "assign", ho_cmd_assign, "assign a lead to a rep by hand" },
    { "meeting", ho_cmd_meeting, "record a booked meeting (the meeting stage, when defined)" },
    { "import-spend", ho_cmd_import_spend, "import marketing spend per channel and month (CSV)" },
    { "token", ho_cmd_token, "API tokens of serve: create --scope S, list, revoke ID" },
    { "alerts", ho_cmd_alerts, "the alert outbox: deliver, list, retry ID (webhooks, Slack)" },
    { "serve", ho_cmd_serve,
      "the HTTP service: event ingestion (native, Segment), leads, reports" },
};

static int
usage(FILE *out)
{
    fputs("usage: handoff <command> [options]   (handoff <command> --help for more)\n\n"
          "commands:\n",
          out);
    for (size_t i = 0; i < HO_ARRAY_LEN(commands); i++)
        fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fputs("\nexit status: 0 ok, 1 error (an import where every record was rejected too),\n"
          "2 usage, 3 some input records were rejected\n",
          out);
    return out == stdout ? HO_EXIT_OK : HO_EXIT_USAGE;
}

int
main(int argc, char **argv)
{
    ho_cli_set_program(argv[0]);
    if (argc < 2)
        return usage(stderr);
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))
        return usage(stdout);
    if (!strcmp(argv[1], "--version")) {
        puts("handoff 0.1.0");
        return HO_EXIT_OK;
    }
    for (size_t i = 0; i < HO_ARRAY_LEN(commands); i++) {
        if (strcmp(argv[1], commands[i].name) == 0) {
            int rc = commands[i].fn(argc - 1, argv + 1);
            ho_cli_fit_end();
            if (fflush(stdout) != 0 || ferror(stdout)) {
                ho_cli_error("cannot write output");
                return HO_EXIT_ERROR;
            }
            return rc;
        }
    }
    ho_cli_error("unknown command '%s'", argv[1]);
    return usage(stderr);
}
