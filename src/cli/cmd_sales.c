/* SPDX-License-Identifier: MIT */
/*
 * cli/cmd_sales.c - the sales actions as events (DESIGN.md §2, §7):
 * `handoff accept|reject|qualify|nurture|contact|opportunity|won|lost|assign
 * LEAD [options]`.
 *
 * One table of command specs (the event type, the options each command takes
 * and requires, whether it may create a lead with --create) drives one
 * implementation.  A
 * command builds a single event draft and hands it to the engine exactly as
 * an import would, so it is validated, de-duplicated by id and replayed like
 * the same event in a file.  Everything that can refuse the command (options,
 * reason codes, reps, the lead's existence) is checked before anything is
 * written.  The default event id is a function of the type, the lead and the
 * time, so repeating a command with the same --at changes nothing.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/timefmt.h"
#include "app/lead.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/exitcode.h"
#include "core/defs.h"
#include "core/event.h"
#include "core/replay.h"
#include "engine/engine.h"

/* Every option a sales command may take; each command takes a subset. */
enum opt_index {
    OPT_REP,
    OPT_AT,
    OPT_ID,
    OPT_DB,
    OPT_HELP,
    OPT_REASON,
    OPT_NOTE,
    OPT_NEED,
    OPT_AUTHORITY,
    OPT_BUDGET,
    OPT_TIMELINE,
    OPT_REVISIT,
    OPT_VIA,
    OPT_MADE,
    OPT_AMOUNT,
    OPT_OPPORTUNITY,
    OPT_CREATE,
    OPT_DURABILITY,
    OPT__COUNT
};

#define BIT(i)      (1u << (i))
#define COMMON_OPTS (BIT(OPT_AT) | BIT(OPT_ID) | BIT(OPT_DB) | BIT(OPT_HELP) | BIT(OPT_DURABILITY))
/* getopt_long values: above every char, so no option has a short form but -h. */
#define OPT_VAL_BASE 256

struct opt_def {
    const char *name;
    int has_arg;      /* no_argument: a flag whose value is "true" (prop "false" when absent) */
    const char *prop; /* props key the value becomes; NULL: not a prop */
};

static const struct opt_def opt_defs[OPT__COUNT] = {
    [OPT_REP] = { "rep", required_argument, "rep" },
    [OPT_AT] = { "at", required_argument, NULL },
    [OPT_ID] = { "id", required_argument, NULL },
    [OPT_DB] = { "db", required_argument, NULL },
    [OPT_HELP] = { "help", no_argument, NULL },
    [OPT_REASON] = { "reason", required_argument, "reason" },
    [OPT_NOTE] = { "note", required_argument, "note" },
    [OPT_NEED] = { "need", no_argument, "need" },
    [OPT_AUTHORITY] = { "authority", no_argument, "authority" },
    [OPT_BUDGET] = { "budget", no_argument, "budget" },
    [OPT_TIMELINE] = { "timeline", required_argument, "timeline" },
    [OPT_REVISIT] = { "revisit", required_argument, "revisit_at" },
    [OPT_VIA] = { "via", required_argument, "via" },
    [OPT_MADE] = { "made", no_argument, NULL },
    [OPT_AMOUNT] = { "amount", required_argument, "amount" },
    [OPT_OPPORTUNITY] = { "opportunity", required_argument, "opportunity" },
    [OPT_CREATE] = { "create", no_argument, NULL },
    [OPT_DURABILITY] = { "durability", required_argument, NULL },
};

enum sales_flags {
    SALES_MAY_CREATE = 1u << 0,  /* with --create, a lead not seen yet is created
                                  * (sales-sourced); without it the command is refused */
    SALES_REASON_CODE = 1u << 1, /* --reason must be a code of the definitions */
    SALES_ASSIGN = 1u << 2,      /* second argument REP, one of the definitions' reps */
};

#define SLICE(lit)             \
    {                          \
        (lit), sizeof(lit) - 1 \
    }

static const struct ho_draft_kv manual_assignment[] = {
    { SLICE("pool"), SLICE("manual") },
    { SLICE("rule"), SLICE("manual") },
};

struct sales_cmd {
    const char *name;
    const char *type;                /* event type */
    const char *made_type;           /* event type with --made; NULL: no --made */
    unsigned takes;                  /* BIT(OPT_*) beyond COMMON_OPTS */
    unsigned needs;                  /* BIT(OPT_*) that must be given */
    unsigned flags;                  /* enum sales_flags */
    const struct ho_draft_kv *fixed; /* props every event of this command carries */
    size_t n_fixed;
    const char *synopsis;
    const char *help;
};

enum sales_cmd_index {
    CMD_ACCEPT,
    CMD_REJECT,
    CMD_QUALIFY,
    CMD_NURTURE,
    CMD_CONTACT,
    CMD_OPPORTUNITY,
    CMD_WON,
    CMD_LOST,
    CMD_ASSIGN,
};

static const struct sales_cmd sales_cmds[] = {
    [CMD_ACCEPT] = { "accept", "sales_accept", NULL, BIT(OPT_REP) | BIT(OPT_CREATE), 0,
                     SALES_MAY_CREATE, NULL, 0, "LEAD [--create]",
                     "Sales accepts the lead (event sales_accept): an MQL becomes an SAL; with\n"
                     "--create a lead not seen yet starts a sales-sourced journey at sal.\n" },
    [CMD_REJECT] = { "reject", "sales_reject", NULL, BIT(OPT_REP) | BIT(OPT_REASON) | BIT(OPT_NOTE),
                     BIT(OPT_REASON), SALES_REASON_CODE, NULL, 0,
                     "LEAD --reason CODE [--note TEXT]",
                     "Sales rejects the lead (event sales_reject) with a reason code of the\n"
                     "definitions (reasons:); the code's outcome decides whether the lead is\n"
                     "disqualified or nurtured.\n" },
    [CMD_QUALIFY] = { "qualify", "sales_qualify", NULL,
                      BIT(OPT_REP) | BIT(OPT_NEED) | BIT(OPT_AUTHORITY) | BIT(OPT_BUDGET) |
                          BIT(OPT_TIMELINE) | BIT(OPT_CREATE),
                      0, SALES_MAY_CREATE, NULL, 0,
                      "LEAD [--need] [--authority] [--budget] [--timeline T] [--create]",
                      "Sales qualifies the lead (event sales_qualify, props need, authority and\n"
                      "budget true when given, else false): the lead becomes an SQL.\n" },
    [CMD_NURTURE] = { "nurture", "nurture", NULL, BIT(OPT_REP) | BIT(OPT_REASON) | BIT(OPT_REVISIT),
                      BIT(OPT_REASON), SALES_REASON_CODE, NULL, 0,
                      "LEAD --reason CODE [--revisit DATE]",
                      "Moves the lead to nurture (event nurture) with a reason code of the\n"
                      "definitions and the time to revisit it (props revisit_at).\n" },
    [CMD_CONTACT] = { "contact", "contact_attempt", "contact_made",
                      BIT(OPT_REP) | BIT(OPT_VIA) | BIT(OPT_MADE) | BIT(OPT_CREATE), BIT(OPT_VIA),
                      SALES_MAY_CREATE, NULL, 0,
                      "LEAD --via call|email|linkedin [--made] [--create]",
                      "Records a contact attempt (event contact_attempt), or with --made a\n"
                      "conversation that took place (contact_made).\n" },
    [CMD_OPPORTUNITY] = { "opportunity", "opportunity_created", NULL,
                          BIT(OPT_REP) | BIT(OPT_AMOUNT) | BIT(OPT_OPPORTUNITY) | BIT(OPT_CREATE),
                          BIT(OPT_AMOUNT), SALES_MAY_CREATE, NULL, 0,
                          "LEAD --amount N [--opportunity ID] [--create]",
                          "Opens an opportunity of the given amount (event "
                          "opportunity_created).\n" },
    [CMD_WON] = { "won", "opportunity_won", NULL, BIT(OPT_REP), 0, 0, NULL, 0, "LEAD",
                  "The lead's opportunity was won (event opportunity_won): a customer.\n" },
    [CMD_LOST] = { "lost", "opportunity_lost", NULL, BIT(OPT_REP) | BIT(OPT_REASON),
                   BIT(OPT_REASON), 0, NULL, 0, "LEAD --reason TEXT",
                   "The lead's opportunity was lost (event opportunity_lost, free-text "
                   "reason).\n" },
    [CMD_ASSIGN] = { "assign", "assign", NULL, 0, 0, SALES_ASSIGN, manual_assignment,
                     HO_ARRAY_LEN(manual_assignment), "LEAD REP",
                     "Assigns the lead to REP by hand (event assign, props rep=REP, pool=manual,\n"
                     "rule=manual).  When the definitions list reps, REP must be one of them.\n" },
};

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
    "accept, qualify, contact and opportunity take --create to start it as a\n"
    "sales-sourced lead.  When the definitions list reps, --rep (and assign's REP)\n"
    "must be one of them.\n"
    "Prints \"LEAD: STAGE (journey N)\" after the change.\n"
    "exit status: 0 ok, 1 error (unknown lead, reason or rep), 2 usage\n";

/* What the command line said.  val[i] is option i's value: argv text,
 * "true" for a flag, a formatted time, or NULL when not given. */
struct sales_args {
    const char *val[OPT__COUNT];
    const char *lead;
    int64_t at;
    char at_text[HO_TIME_STRLEN];
    char revisit_text[HO_TIME_STRLEN];
    const char *sql_event; /* the definitions' stages.sql.requires (qualify writes it) */
};

static int
usage(const struct sales_cmd *cmd, bool asked)
{
    struct ho_buf b = HO_BUF_INIT;
    ho_buf_printf(&b,
                  "usage: handoff %s %s%s [--at TIME] [--id ID] [--db FILE]\n       [--durability "
                  "full|normal]\n\n%s",
                  cmd->name, cmd->synopsis, (cmd->takes & BIT(OPT_REP)) ? " [--rep R]" : "",
                  cmd->help);
    if (cmd->takes & BIT(OPT_REP))
        ho_buf_adds(&b, "\n  --rep R     the rep who acted (props rep)");
    if (cmd->takes & BIT(OPT_CREATE))
        ho_buf_adds(&b, "\n  --create    start a sales-sourced lead when LEAD is not known yet");
    ho_buf_adds(&b, common_help);
    int ex = ho_cli_usage(ho_buf_cstr(&b), asked);
    ho_buf_release(&b);
    return ex;
}

/* The getopt_long table of the options cmd takes, ended by a zero entry. */
static void
option_table(const struct sales_cmd *cmd, struct option out[OPT__COUNT + 1])
{
    size_t n = 0;
    for (int i = 0; i < OPT__COUNT; i++) {
        if ((cmd->takes | COMMON_OPTS) & BIT(i))
            out[n++] =
                (struct option){ opt_defs[i].name, opt_defs[i].has_arg, NULL, OPT_VAL_BASE + i };
    }
    out[n] = (struct option){ NULL, 0, NULL, 0 };
}

static int
refuse_value(const char *opt, const char *text, const char *expected)
{
    ho_cli_error("--%s '%s': expected %s", opt, text, expected);
    return HO_EXIT_USAGE;
}

/* Parse argv into *a.  *help is set when --help was asked (usage printed). */
static int
parse_options(const struct sales_cmd *cmd, int argc, char **argv, struct sales_args *a, bool *help)
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
            return refuse_value(opt_defs[c - OPT_VAL_BASE].name, "", "a value");
        a->val[c - OPT_VAL_BASE] = optarg ? optarg : "true";
    }
    size_t n_args = (cmd->flags & SALES_ASSIGN) ? 2 : 1;
    if ((size_t)(argc - optind) != n_args || argv[optind][0] == '\0' || argv[argc - 1][0] == '\0')
        return usage(cmd, false);
    a->lead = argv[optind];
    if (cmd->flags & SALES_ASSIGN)
        a->val[OPT_REP] = argv[optind + 1];
    return HO_EXIT_OK;
}

/* An amount as it may be stored as a JSON number: digits with an optional
 * fraction ("48000", "1250.50"). */
static bool
is_amount(const char *text)
{
    size_t len = strlen(text);
    size_t digits = strspn(text, "0123456789");
    if (digits == 0)
        return false;
    if (text[digits] == '.')
        digits += 1 + strspn(text + digits + 1, "0123456789");
    return digits == len && text[len - 1] != '.';
}

/* Check and normalise the values that need no database: times, --via, --amount. */
static int
check_values(struct sales_args *a)
{
    a->at = ho_cli_now();
    if (a->val[OPT_AT] && ho_cli_parse_time("--at", a->val[OPT_AT], &a->at) != HO_EXIT_OK)
        return HO_EXIT_USAGE;
    ho_time_format(a->at, a->at_text);
    if (a->val[OPT_REVISIT]) {
        int64_t t;
        if (ho_cli_parse_time("--revisit", a->val[OPT_REVISIT], &t) != HO_EXIT_OK)
            return HO_EXIT_USAGE;
        a->val[OPT_REVISIT] = ho_time_format(t, a->revisit_text);
    }
    const char *via = a->val[OPT_VIA];
    if (via && strcmp(via, "call") != 0 && strcmp(via, "email") != 0 &&
        strcmp(via, "linkedin") != 0)
        return refuse_value("via", via, "call, email or linkedin");
    const char *amt = a->val[OPT_AMOUNT];
    if (amt && !is_amount(amt))
        return refuse_value("amount", amt, "a number >= 0, e.g. 48000");
    return HO_EXIT_OK;
}

/* "a, b, c": the reason codes of defs, or "none defined". */
static void
reason_codes(const struct ho_defs *defs, struct ho_buf *out)
{
    for (size_t i = 0; i < defs->n_reasons; i++)
        ho_buf_printf(out, "%s%s", i ? ", " : "", defs->reasons[i].code);
    if (defs->n_reasons == 0)
        ho_buf_adds(out, "none defined");
}

/* A required option is missing: a usage error, naming the valid reason
 * codes when the active definitions can be read. */
static int
refuse_missing(const struct sales_cmd *cmd, const struct sales_args *a, int opt)
{
    struct ho_buf codes = HO_BUF_INIT;
    if (opt == OPT_REASON && (cmd->flags & SALES_REASON_CODE)) {
        struct ho_app cli;
        if (ho_cli_open_as(&cli, a->val[OPT_DB], HO_CLI_READ) == HO_EXIT_OK &&
            ho_cli_load_active_defs(&cli) == HO_EXIT_OK)
            reason_codes(&cli.defs, &codes);
        ho_cli_close(&cli);
    }
    if (codes.len)
        ho_cli_error("%s needs --%s CODE (valid: %s)", cmd->name, opt_defs[opt].name,
                     ho_buf_cstr(&codes));
    else
        ho_cli_error("%s needs --%s", cmd->name, opt_defs[opt].name);
    ho_buf_release(&codes);
    return usage(cmd, false);
}

static int
check_required(const struct sales_cmd *cmd, const struct sales_args *a)
{
    for (int i = 0; i < OPT__COUNT; i++) {
        if ((cmd->needs & BIT(i)) && !a->val[i])
            return refuse_missing(cmd, a, i);
    }
    return HO_EXIT_OK;
}

/* A reason code must be one of the definitions' closed list. */
static int
check_reason(const struct ho_defs *defs, const char *reason)
{
    struct ho_buf codes = HO_BUF_INIT;
    if (ho_defs_reason(defs, reason))
        return HO_EXIT_OK;
    reason_codes(defs, &codes);
    ho_cli_error("unknown reason '%s' (valid: %s)", reason, ho_buf_cstr(&codes));
    ho_buf_release(&codes);
    return HO_EXIT_ERROR;
}

/* When the definitions list reps, an assignment must name one of them. */
static int
check_rep(const struct ho_defs *defs, const char *rep)
{
    struct ho_buf reps = HO_BUF_INIT;
    for (size_t i = 0; i < defs->n_reps; i++) {
        if (strcmp(defs->reps[i].id, rep) == 0)
            return HO_EXIT_OK;
    }
    if (defs->n_reps == 0)
        return HO_EXIT_OK;
    for (size_t i = 0; i < defs->n_reps; i++)
        ho_buf_printf(&reps, "%s%s", i ? ", " : "", defs->reps[i].id);
    ho_cli_error("unknown rep '%s' (valid: %s)", rep, ho_buf_cstr(&reps));
    ho_buf_release(&reps);
    return HO_EXIT_ERROR;
}

/* Checks against the active definitions: the reason code and the rep
 * (--rep, or assign's REP). */
static int
check_against_defs(const struct sales_cmd *cmd, const struct sales_args *a,
                   const struct ho_defs *defs)
{
    int ex = HO_EXIT_OK;
    if (cmd->flags & SALES_REASON_CODE)
        ex = check_reason(defs, a->val[OPT_REASON]);
    if (ex == HO_EXIT_OK && a->val[OPT_REP])
        ex = check_rep(defs, a->val[OPT_REP]);
    return ex;
}

/* An unknown lead: refused, saying how to create it where that is possible. */
static int
refuse_unknown_lead(const struct sales_cmd *cmd, const char *lead, const char *db)
{
    if (cmd->flags & SALES_MAY_CREATE)
        ho_cli_error("no lead '%s' in %s: check the spelling, or pass --create to start "
                     "a sales-sourced lead",
                     lead, db);
    else
        ho_cli_error("no lead '%s' in %s", lead, db);
    return HO_EXIT_ERROR;
}

static struct ho_slice
slice_of(const char *s)
{
    return (struct ho_slice){ s, strlen(s) };
}

/* The props of the event into kv (room for OPT__COUNT + n_fixed); returns the count. */
static size_t
event_props(const struct sales_cmd *cmd, const struct sales_args *a, struct ho_draft_kv *kv)
{
    size_t n = 0;
    for (int i = 0; i < OPT__COUNT; i++) {
        const char *v = a->val[i];
        bool flag = opt_defs[i].has_arg == no_argument;
        if (!v && flag && (cmd->takes & BIT(i)))
            v = "false";
        if (v && opt_defs[i].prop)
            kv[n++] = (struct ho_draft_kv){ slice_of(opt_defs[i].prop), slice_of(v) };
    }
    for (size_t i = 0; i < cmd->n_fixed; i++)
        kv[n++] = cmd->fixed[i];
    return n;
}

/* The event type: the command's, or its --made variant; qualify writes the
 * event the definitions make an SQL with (stages.sql.requires). */
static const char *
event_type(const struct sales_cmd *cmd, const struct sales_args *a)
{
    if (cmd == &sales_cmds[CMD_QUALIFY] && a->sql_event)
        return a->sql_event;
    return a->val[OPT_MADE] ? cmd->made_type : cmd->type;
}

/* The event id: --id, or cli-TYPE-LEAD-MS (the same command at the same time
 * gives the same id, so it is recorded once). */
static void
event_id(const struct sales_cmd *cmd, const struct sales_args *a, struct ho_buf *out)
{
    if (a->val[OPT_ID])
        ho_buf_adds(out, a->val[OPT_ID]);
    else
        ho_buf_printf(out, "cli-%s-%s-%lld", event_type(cmd, a), a->lead, (long long)a->at);
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
record(struct ho_app *cli, const struct sales_cmd *cmd, const struct sales_args *a)
{
    struct ho_draft_kv kv[OPT__COUNT + 2];
    struct ho_diag diag = { 0 };
    struct ho_buf id = HO_BUF_INIT;
    HO_ASSERT(cmd->n_fixed <= 2);
    event_id(cmd, a, &id);
    struct ho_app_action act = { .id = ho_buf_cstr(&id),
                                 .ts = a->at_text,
                                 .type = event_type(cmd, a),
                                 .lead = a->lead,
                                 .props = kv,
                                 .n_props = event_props(cmd, a, kv),
                                 .create = a->val[OPT_CREATE] != NULL };
    struct ho_app_action_result res;
    int ex = HO_EXIT_OK;
    ho_rc rc = ho_app_apply_action(cli, &act, &res, &diag);
    if (rc != HO_OK && res.unknown_lead)
        ex = refuse_unknown_lead(cmd, a->lead, cli->db_path);
    else if (rc != HO_OK)
        ex = ho_cli_fail(&diag);
    else if (res.duplicate)
        printf("%s: unchanged (event %s was already recorded)\n", a->lead, ho_buf_cstr(&id));
    else
        print_state(a->lead, &res);
    ho_buf_release(&id);
    return ex;
}

static int
run_sales(enum sales_cmd_index which, int argc, char **argv)
{
    const struct sales_cmd *cmd = &sales_cmds[which];
    struct sales_args a = { 0 };
    struct ho_app cli;
    bool help = false;
    int ex = parse_options(cmd, argc, argv, &a, &help);
    if (ex != HO_EXIT_OK || help)
        return ex;
    ex = check_values(&a);
    if (ex == HO_EXIT_OK)
        ex = check_required(cmd, &a);
    if (ex == HO_EXIT_OK && a.val[OPT_DURABILITY])
        ex = ho_cli_set_durability(a.val[OPT_DURABILITY]);
    if (ex != HO_EXIT_OK)
        return ex;
    ex = ho_cli_open(&cli, a.val[OPT_DB]);
    if (ex == HO_EXIT_OK)
        ex = ho_cli_load_active_defs(&cli);
    if (ex == HO_EXIT_OK)
        ex = check_against_defs(cmd, &a, &cli.defs);
    if (ex == HO_EXIT_OK)
        a.sql_event = cli.defs.sql_requires;
    if (ex == HO_EXIT_OK)
        ex = ho_cli_open_engine(&cli);
    if (ex == HO_EXIT_OK)
        ex = record(&cli, cmd, &a);
    ho_cli_close(&cli);
    return ex;
}

int
ho_cmd_accept(int argc, char **argv)
{
    return run_sales(CMD_ACCEPT, argc, argv);
}

int
ho_cmd_reject(int argc, char **argv)
{
    return run_sales(CMD_REJECT, argc, argv);
}

int
ho_cmd_qualify(int argc, char **argv)
{
    return run_sales(CMD_QUALIFY, argc, argv);
}

int
ho_cmd_nurture(int argc, char **argv)
{
    return run_sales(CMD_NURTURE, argc, argv);
}

int
ho_cmd_contact(int argc, char **argv)
{
    return run_sales(CMD_CONTACT, argc, argv);
}

int
ho_cmd_opportunity(int argc, char **argv)
{
    return run_sales(CMD_OPPORTUNITY, argc, argv);
}

int
ho_cmd_won(int argc, char **argv)
{
    return run_sales(CMD_WON, argc, argv);
}

int
ho_cmd_lost(int argc, char **argv)
{
    return run_sales(CMD_LOST, argc, argv);
}

int
ho_cmd_assign(int argc, char **argv)
{
    return run_sales(CMD_ASSIGN, argc, argv);
}
