/* SPDX-License-Identifier: MIT */
/*
 * cli/cmd_sales.c - the sales actions as events (DESIGN.md §2, §7):
 * `handoff accept|reject|qualify|nurture|contact|opportunity|won|lost|assign|meeting
 * LEAD [options]`.
 *
 * A thin adapter over app/sales.h: the options become the action's fields,
 * and the checks, the event and its default id (cli-TYPE-LEAD-MS: repeating
 * a command with the same --at changes nothing) are the app's, the same as
 * POST /v1/leads/{id}/actions.  Everything that can refuse the command is
 * checked before anything is written.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/timefmt.h"
#include "app/lead.h"
#include "app/sales.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/exitcode.h"
#include "core/defs.h"
#include "core/event.h"
#include "core/replay.h"
#include "engine/engine.h"

/* The CLI's options: the action's fields (app/sales.h), then its own. */
enum opt_index { OPT_DB = HO_SF__COUNT, OPT_HELP, OPT_DURABILITY, OPT__COUNT };

#define BIT(i)      (1u << (i))
#define COMMON_OPTS (HO_SF_COMMON | BIT(OPT_DB) | BIT(OPT_HELP) | BIT(OPT_DURABILITY))
/* getopt_long values: above every char, so no option has a short form but -h. */
#define OPT_VAL_BASE 256

static const char *const cli_opt_names[] = {
    [OPT_DB - HO_SF__COUNT] = "db",
    [OPT_HELP - HO_SF__COUNT] = "help",
    [OPT_DURABILITY - HO_SF__COUNT] = "durability",
};

static const char *
opt_name(int i)
{
    return i < HO_SF__COUNT ? ho_sales_fields[i].name : cli_opt_names[i - HO_SF__COUNT];
}

static int
opt_has_arg(int i)
{
    if (i < HO_SF__COUNT)
        return ho_sales_fields[i].flag ? no_argument : required_argument;
    return i == OPT_HELP ? no_argument : required_argument;
}

/* The options cmd takes on the command line: assign's REP is its second
 * argument, not --rep. */
static unsigned
cli_takes(const struct ho_sales_cmd *cmd)
{
    unsigned t = cmd->takes;
    if (cmd->flags & HO_SALES_ASSIGN)
        t &= ~BIT(HO_SF_REP);
    return t;
}

static const char common_help[] =
    "\n"
    "  --at TIME   when it happened (RFC 3339 or a date; default now)\n"
    "  --id ID     idempotency key (default cli-TYPE-LEAD-MS: the same command\n"
    "              with the same --at is recorded once)\n"
    "  --db FILE   database (default handoff.db)\n"
    "  --durability full|normal\n"
    "              full (default): the action survives power loss once this returns;\n"
    "              normal: it survives a crash of handoff, not of the machine\n"
    "\n"
    "\n"
    "A lead the database has not seen is refused (a typo must not create a lead);\n"
    "accept, qualify, contact, opportunity and meeting take --create to start it as\n"
    "a sales-sourced lead.  When the definitions list reps, --rep (and assign's REP)\n"
    "must be one of them.\n"
    "Prints \"LEAD: STAGE (journey N)\" after the change.\n"
    "exit status: 0 ok, 1 error (unknown lead, reason or rep), 2 usage\n";

/* What the command line said: the action (its fields, app/sales.h) and
 * the CLI's own options (--db, --durability). */
struct sales_args {
    struct ho_sales_req req;
    const char *db, *durability;
};

static int
usage(const struct ho_sales_cmd *cmd, bool asked)
{
    struct ho_buf b = HO_BUF_INIT;
    bool rep = cli_takes(cmd) & BIT(HO_SF_REP);
    ho_buf_printf(&b,
                  "usage: handoff %s %s%s [--at TIME] [--id ID] [--db FILE]\n       [--durability "
                  "full|normal]\n\n%s",
                  cmd->name, cmd->synopsis, rep ? " [--rep R]" : "", cmd->help);
    if (rep)
        ho_buf_adds(&b, "\n  --rep R     the rep who acted (props rep)");
    if (cmd->takes & BIT(HO_SF_CREATE))
        ho_buf_adds(&b, "\n  --create    start a sales-sourced lead when LEAD is not known yet");
    ho_buf_adds(&b, common_help);
    int ex = ho_cli_usage(ho_buf_cstr(&b), asked);
    ho_buf_release(&b);
    return ex;
}

/* The getopt_long table of the options cmd takes, ended by a zero entry. */
static void
option_table(const struct ho_sales_cmd *cmd, struct option out[OPT__COUNT + 1])
{
    size_t n = 0;
    for (int i = 0; i < OPT__COUNT; i++) {
        if ((cli_takes(cmd) | COMMON_OPTS) & BIT(i))
            out[n++] = (struct option){ opt_name(i), opt_has_arg(i), NULL, OPT_VAL_BASE + i };
    }
    out[n] = (struct option){ NULL, 0, NULL, 0 };
}

static int
refuse_value(const char *opt, const char *text, const char *expected)
{
    ho_cli_error("--%s '%s': expected %s", opt, text, expected);
    return HO_EXIT_USAGE;
}

static void
set_option(struct sales_args *a, int i, const char *v)
{
    if (i == OPT_DB)
        a->db = v;
    else if (i == OPT_DURABILITY)
        a->durability = v;
    else
        a->req.val[i] = v;
}

/* Parse argv into *a.  *help is set when --help was asked (usage printed). */
static int
parse_options(const struct ho_sales_cmd *cmd, int argc, char **argv, struct sales_args *a,
              bool *help)
{
    struct option opts[OPT__COUNT + 1];
    int c;
    option_table(cmd, opts);
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        *help = c == 'h' || c == OPT_VAL_BASE + OPT_HELP;
        if (*help)
            return usage(cmd, true);
        if (c < OPT_VAL_BASE || c >= OPT_VAL_BASE + OPT__COUNT)
            return usage(cmd, false);
        if (optarg && optarg[0] == '\0')
            return refuse_value(opt_name(c - OPT_VAL_BASE), "", "a value");
        set_option(a, c - OPT_VAL_BASE, optarg ? optarg : "true");
    }
    size_t n_args = (cmd->flags & HO_SALES_ASSIGN) ? 2 : 1;
    if ((size_t)(argc - optind) != n_args || argv[optind][0] == '\0' || argv[argc - 1][0] == '\0')
        return usage(cmd, false);
    a->req.lead = argv[optind];
    if (cmd->flags & HO_SALES_ASSIGN)
        a->req.val[HO_SF_REP] = argv[optind + 1];
    return HO_EXIT_OK;
}

/* Check and normalise the values that need no database: times, --via, --amount. */
static int
check_values(struct sales_args *a)
{
    struct ho_sales_error err = { 0 };
    if (ho_sales_check_values(&a->req, ho_cli_now(), &err) == HO_OK)
        return HO_EXIT_OK;
    ho_cli_error("--%s", err.diag.msg);
    return HO_EXIT_USAGE;
}

/* A required option is missing: a usage error, naming the valid reason
 * codes when the active definitions can be read. */
static int
refuse_missing(const struct ho_sales_cmd *cmd, const struct sales_args *a, int opt)
{
    struct ho_buf codes = HO_BUF_INIT;
    if (opt == HO_SF_REASON && (cmd->flags & HO_SALES_REASON_CODE)) {
        struct ho_app cli;
        if (ho_cli_open_as(&cli, a->db, HO_CLI_READ) == HO_EXIT_OK &&
            ho_cli_load_active_defs(&cli) == HO_EXIT_OK)
            ho_sales_reason_codes(&cli.defs, &codes);
        ho_cli_close(&cli);
    }
    if (codes.len)
        ho_cli_error("%s needs --%s CODE (valid: %s)", cmd->name, opt_name(opt),
                     ho_buf_cstr(&codes));
    else
        ho_cli_error("%s needs --%s", cmd->name, opt_name(opt));
    ho_buf_release(&codes);
    return usage(cmd, false);
}

static int
check_required(const struct sales_args *a)
{
    int missing = ho_sales_missing(&a->req);
    return missing < 0 ? HO_EXIT_OK : refuse_missing(a->req.cmd, a, missing);
}

/* Checks against the active definitions: the reason code and the rep
 * (--rep, or assign's REP). */
static int
check_against_defs(const struct sales_args *a, const struct ho_defs *defs)
{
    struct ho_sales_error err = { 0 };
    if (ho_sales_check_defs(&a->req, defs, &err) == HO_OK)
        return HO_EXIT_OK;
    ho_cli_error("%s", err.diag.msg);
    return HO_EXIT_ERROR;
}

/* An unknown lead: refused, saying how to create it where that is possible. */
static int
refuse_unknown_lead(const struct ho_sales_cmd *cmd, const char *lead, const char *db)
{
    if (cmd->flags & HO_SALES_MAY_CREATE)
        ho_cli_error("no lead '%s' in %s: check the spelling, or pass --create to start "
                     "a sales-sourced lead",
                     lead, db);
    else
        ho_cli_error("no lead '%s' in %s", lead, db);
    return HO_EXIT_ERROR;
}

static void
print_state(const char *lead, const struct ho_app_action_result *res)
{
    char journey[32] = "no journey";
    if (res->journey)
        (void)snprintf(journey, sizeof(journey), "journey %u", res->journey);
    printf("%s: %s (%s%s)\n", lead, ho_stage_name(res->stage), journey,
           res->is_new ? ", new lead" : "");
}

/* Check the lead, record the event, commit and print the lead's new state. */
static int
record(struct ho_app *cli, const struct sales_args *a)
{
    struct ho_diag diag = { 0 };
    struct ho_buf id = HO_BUF_INIT;
    struct ho_app_action_result res;
    const char *lead = a->req.lead;
    int ex = HO_EXIT_OK;
    ho_rc rc = ho_sales_apply(cli, &a->req, "cli", &id, &res, &diag);
    if (rc != HO_OK && res.unknown_lead)
        ex = refuse_unknown_lead(a->req.cmd, lead, cli->db_path);
    else if (rc != HO_OK)
        ex = ho_cli_fail(&diag);
    else if (res.duplicate)
        printf("%s: unchanged (event %s was already recorded)\n", lead, ho_buf_cstr(&id));
    else
        print_state(lead, &res);
    ho_buf_release(&id);
    return ex;
}

static int
run_sales(const char *name, int argc, char **argv)
{
    const struct ho_sales_cmd *cmd = ho_sales_find(name);
    struct sales_args a = { .req = { .cmd = cmd } };
    struct ho_app cli;
    bool help = false;
    HO_ASSERT(cmd != NULL);
    int ex = parse_options(cmd, argc, argv, &a, &help);
    if (ex != HO_EXIT_OK || help)
        return ex;
    ex = check_values(&a);
    if (ex == HO_EXIT_OK)
        ex = check_required(&a);
    if (ex == HO_EXIT_OK && a.durability)
        ex = ho_cli_set_durability(a.durability);
    if (ex != HO_EXIT_OK)
        return ex;
    ex = ho_cli_open(&cli, a.db);
    if (ex == HO_EXIT_OK)
        ex = ho_cli_load_active_defs(&cli);
    if (ex == HO_EXIT_OK)
        ex = check_against_defs(&a, &cli.defs);
    if (ex == HO_EXIT_OK)
        ex = ho_cli_open_engine(&cli);
    if (ex == HO_EXIT_OK)
        ex = record(&cli, &a);
    ho_cli_close(&cli);
    return ex;
}

int
ho_cmd_accept(int argc, char **argv)
{
    return run_sales("accept", argc, argv);
}

int
ho_cmd_reject(int argc, char **argv)
{
    return run_sales("reject", argc, argv);
}

int
ho_cmd_qualify(int argc, char **argv)
{
    return run_sales("qualify", argc, argv);
}

int
ho_cmd_nurture(int argc, char **argv)
{
    return run_sales("nurture", argc, argv);
}

int
ho_cmd_contact(int argc, char **argv)
{
    return run_sales("contact", argc, argv);
}

int
ho_cmd_opportunity(int argc, char **argv)
{
    return run_sales("opportunity", argc, argv);
}

int
ho_cmd_won(int argc, char **argv)
{
    return run_sales("won", argc, argv);
}

int
ho_cmd_lost(int argc, char **argv)
{
    return run_sales("lost", argc, argv);
}

int
ho_cmd_assign(int argc, char **argv)
{
    return run_sales("assign", argc, argv);
}

int
ho_cmd_meeting(int argc, char **argv)
{
    return run_sales("meeting", argc, argv);
}
