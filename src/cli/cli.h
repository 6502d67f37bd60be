/* SPDX-License-Identifier: MIT */
/*
 * cli/cli.h - what the commands share: opening the database, loading the
 * active definitions, opening the engine, printing errors.
 *
 * Only cli/ prints to the terminal and exits; everything below returns ho_rc.
 */
#ifndef HO_CLI_CLI_H
#define HO_CLI_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/compiler.h"
#include "base/rc.h"
#include "core/defs.h"

struct ho_engine;
struct ho_store;

#define HO_DEFAULT_DB "handoff.db"

struct ho_cli {
    const char *db_path;
    struct ho_store *st;
    struct ho_defs defs;
    bool have_defs;
    int64_t defs_id;
    bool defs_changed; /* a new definitions version was activated by this run */
    struct ho_engine *eng;
};

/* Print "handoff: <msg>" on stderr. */
void ho_cli_error(const char *fmt, ...) HO_PRINTF(1, 2);
/* Print a diag (with its position when known) and return the exit code for it. */
int ho_cli_fail(const struct ho_diag *d);

enum ho_cli_access {
    HO_CLI_READ,   /* reports, explain, queue: read-only, never blocks a writer or waits */
    HO_CLI_WRITE,  /* the database must exist ("no such database FILE") */
    HO_CLI_CREATE, /* init and import: created when missing */
};

/* Open the database (db_path, default handoff.db) for access; prints a
 * schema migration note when there is one. */
int ho_cli_open_as(struct ho_cli *cli, const char *db_path, enum ho_cli_access access);
/* ho_cli_open_as(..., HO_CLI_WRITE). */
int ho_cli_open(struct ho_cli *cli, const char *db_path);
/* --durability full|normal for the writes of this run; 0 or 2 (usage). */
int ho_cli_set_durability(const char *arg);
/* Load the active definitions from the database. */
int ho_cli_load_active_defs(struct ho_cli *cli);
/* Validate the definitions file at path and make it the active version
 * (refused when it is not signed by both owners, unless force). */
int ho_cli_activate_defs_file(struct ho_cli *cli, const char *path, bool force);
/* Activate the built-in example definitions. */
int ho_cli_activate_example_defs(struct ho_cli *cli);
/* Open the engine (loads the event log). */
int ho_cli_open_engine(struct ho_cli *cli);
void ho_cli_close(struct ho_cli *cli);

/* Parse --at/--from/--to values: an RFC 3339 time or a date. 0 or 2 (usage). */
int ho_cli_parse_time(const char *opt, const char *text, int64_t *out);

/* The program as it was invoked (argv[0], "handoff" until main sets it), for
 * hints that must run as typed. */
void ho_cli_set_program(const char *argv0);
const char *ho_cli_program(void);

/* The current time in ms (the only clock read, at the edge). */
int64_t ho_cli_now(void);

/* The data's as-of time: the latest event imported (0 when nothing was).
 * Every report and explain is computed as of it unless --at is given. */
int64_t ho_cli_data_as_of(struct ho_cli *cli);
/* Record the output format an option asks for (an enum ho_format) in *fmt:
 * 0, or 2 (usage, printed) when another format was already asked for, as in
 * --json --csv: conflicting output flags never silently pick one. */
int ho_cli_set_format(int *fmt, int want);

/* Terminal tables fit the terminal (cli/fit_output.c).  The width: HO_COLUMNS
 * when set (forces fitting, for tests and scripts); else, when standard
 * output is a terminal, COLUMNS or the terminal's own width; else 0 (a pipe
 * or a file is never cut). */
size_t ho_cli_terminal_width(void);
/* From here on, hold standard output back to fit it to that width (nothing
 * when wide, or when the width is 0). */
void ho_cli_fit_begin(bool wide);
/* Write what was held back, fitted, with the --wide footnote when a line was
 * cut.  Safe to call when not fitting; main() calls it after every command. */
void ho_cli_fit_end(void);

/* Write a command's usage text and return HO_EXIT_USAGE (or 0 for --help). */
int ho_cli_usage(const char *text, bool asked);

struct ho_cli_report_opts {
    const char *db;
    int fmt; /* enum ho_format */
    bool by_channel;
    bool whole_period;
    int64_t from, to;
    int64_t at; /* the as-of time: --at, else the data's latest event (ho_cli_data_as_of) */
    /* report attribution --model (cli/cmd_report_attr.c) */
    int attr_model;      /* enum ho_attr_model; used when has_attr_model */
    bool has_attr_model; /* else W-shaped */
    /* report funnel --by/--period/--flow, whatif, rules (cli/cmd_report_funnel.c) */
    int by;            /* enum ho_dim; HO_DIM_ALL: by_channel decides */
    int period;        /* enum ho_cohort_period (whole_period also means all) */
    int64_t window;    /* --window in ms; 0 = 30 days */
    const char *stage; /* --stage RATE (whatif) */
    double delta;      /* --delta in percentage points (has_delta) */
    int64_t months;    /* --months; 0 = 3 */
    double visitors;   /* --visitors per month (has_visitors) */
    double deal;       /* --deal, revenue per customer (has_deal) */
    const char *rates; /* --rates name=pct,... */
    bool flow;         /* --flow: the flow view instead of cohorts */
    bool at_given;     /* --at was given (else at is the data's as-of time) */
    bool wide;         /* --wide: tables are not fitted to the terminal */
    bool has_delta, has_visitors, has_deal;
    /* report pipeline --gross-margin (cli/cmd_report_money.c) */
    bool has_gross_margin;
    double gross_margin; /* percent, 0 < PCT <= 100 */
};

/* Long options of the funnel-family reports: getopt values past any char, in
 * a range of their own (0x300..0x3ff) so other reports' option values do not
 * collide in parse_opts' switch. */
enum {
    HO_OPT_FLOW = 0x300,
    HO_OPT_WINDOW,
    HO_OPT_STAGE,
    HO_OPT_DELTA,
    HO_OPT_MONTHS,
    HO_OPT_VISITORS,
    HO_OPT_RATES,
    HO_OPT_DEAL,
};

/* Apply option c ('b' --by, 'p' --period or an HO_OPT_*) with its argument
 * to o; prints the problem and returns HO_EXIT_USAGE when arg is invalid. */
int ho_cli_report_funnel_opt(int c, const char *arg, struct ho_cli_report_opts *o);
/* The dimension the funnel is split by (--by, or channel for by_channel);
 * returns an enum ho_dim. */
int ho_cli_report_dim_of(const struct ho_cli_report_opts *o);
/* The flow view, what-if and rules reports (cli/cmd_report_funnel.c).
 * ho_cli_report_whatif accepts cli == NULL in planning mode (--visitors). */
int ho_cli_report_flow(struct ho_cli *cli, const struct ho_cli_report_opts *o);
int ho_cli_report_whatif(struct ho_cli *cli, const struct ho_cli_report_opts *o);
int ho_cli_report_rules(struct ho_cli *cli, const struct ho_cli_report_opts *o);

/* Print the funnel report from cli's database (definitions loaded). */
int ho_cli_report_funnel(struct ho_cli *cli, const struct ho_cli_report_opts *o);
/* Speed to lead and SLA compliance (cli/cmd_report_sales.c). */
int ho_cli_report_speed(struct ho_cli *cli, const struct ho_cli_report_opts *o);
int ho_cli_report_sla(struct ho_cli *cli, const struct ho_cli_report_opts *o);
/* Visitors -> leads -> MQLs by month (cli/cmd_report_top.c). */
int ho_cli_report_top(struct ho_cli *cli, const struct ho_cli_report_opts *o);
/* Were anonymous visitors ingested (then the funnel table starts at them)? */
bool ho_cli_has_visitors(struct ho_cli *cli);

/* Options of the money reports: getopt values in a range of their own
 * (0x500..0x5ff). */
enum {
    HO_OPT_GROSS_MARGIN = 0x500,
};
/* --wide, taken by every report: a value of its own (0x900). */
enum {
    HO_OPT_WIDE = 0x900,
};
/* Apply option c (HO_OPT_GROSS_MARGIN) with its argument to o; prints the
 * problem and returns HO_EXIT_USAGE when arg is invalid. */
int ho_cli_report_money_opt(int c, const char *arg, struct ho_cli_report_opts *o);
/* Dispositions, time in stage, pipeline and money, closed-won audit
 * (cli/cmd_report_money.c). */
int ho_cli_report_dispositions(struct ho_cli *cli, const struct ho_cli_report_opts *o);
int ho_cli_report_stages(struct ho_cli *cli, const struct ho_cli_report_opts *o);
int ho_cli_report_pipeline(struct ho_cli *cli, const struct ho_cli_report_opts *o);
int ho_cli_report_closed_won(struct ho_cli *cli, const struct ho_cli_report_opts *o);

/* Options of report attribution: getopt values in a range of their own
 * (0x700..0x7ff). */
enum {
    HO_OPT_MODEL = 0x700,
};
/* Apply option c (HO_OPT_MODEL) with its argument to o; prints the problem
 * and returns HO_EXIT_USAGE when arg is invalid. */
int ho_cli_report_attr_opt(int c, const char *arg, struct ho_cli_report_opts *o);
/* Attribution (cli/cmd_report_attr.c) and accounts with PQLs
 * (cli/cmd_report_accounts.c), DESIGN.md §5 reports 8 and 9. */
int ho_cli_report_attribution(struct ho_cli *cli, const struct ho_cli_report_opts *o);
int ho_cli_report_accounts(struct ho_cli *cli, const struct ho_cli_report_opts *o);

#endif /* HO_CLI_CLI_H */
