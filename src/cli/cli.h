/* SPDX-License-Identifier: MIT */
/*
 * cli/cli.h - what the commands share: the app layer's use cases (app/app.h)
 * with their failures printed, exit codes, terminal output.
 *
 * Only cli/ prints to the terminal and exits; everything below returns ho_rc.
 */
#ifndef HO_CLI_CLI_H
#define HO_CLI_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "base/compiler.h"
#include "base/rc.h"
#include "core/defs.h"

#define HO_DEFAULT_DB HO_APP_DEFAULT_DB

/* A command's open database is the app layer's (app/app.h); these wrappers
 * print what goes wrong and return exit codes. */

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
int ho_cli_open_as(struct ho_app *cli, const char *db_path, enum ho_cli_access access);
/* ho_cli_open_as(..., HO_CLI_WRITE). */
int ho_cli_open(struct ho_app *cli, const char *db_path);
/* --durability full|normal for the writes of this run; 0 or 2 (usage). */
int ho_cli_set_durability(const char *arg);
/* Load the active definitions from the database. */
int ho_cli_load_active_defs(struct ho_app *cli);
/* A read-only command over a whole database with its active definitions:
 * open db read-only, load the definitions, run(cli, args), close, and
 * check that standard output took everything.  The exit code. */
int ho_cli_run_reader(const char *db, int (*run)(struct ho_app *cli, const void *args),
                      const void *args);
/* ex, or HO_EXIT_ERROR (said) when standard output could not be written. */
int ho_cli_finish_stdout(int ex);
/* Validate the definitions file at path and make it the active version
 * (refused when it is not signed by both owners, unless force). */
int ho_cli_activate_defs_file(struct ho_app *cli, const char *path, bool force);
/* Activate the built-in example definitions. */
int ho_cli_activate_example_defs(struct ho_app *cli);
/* Open the engine (loads the event log). */
int ho_cli_open_engine(struct ho_app *cli);
void ho_cli_close(struct ho_app *cli);

/* The --db FILE --defs FILE --force preamble of the commands that create a
 * database (init, import). */
struct ho_cli_db_args {
    const char *db;   /* --db, NULL: HO_DEFAULT_DB */
    const char *defs; /* --defs, NULL: keep the active (or, for init, the example) */
    bool force;       /* --force: activate definitions not signed by both owners */
};
/* Their getopt_long rows (values 'd', 'D', 'f') and short options. */
#define HO_CLI_DB_LONG_OPTS                                                           \
    { "db", required_argument, NULL, 'd' }, { "defs", required_argument, NULL, 'D' }, \
    {                                                                                 \
        "force", no_argument, NULL, 'f'                                               \
    }
#define HO_CLI_DB_SHORT_OPTS "d:D:f"
/* Take option c with arg into a when it is one of them (true), else false. */
bool ho_cli_db_arg(int c, const char *arg, struct ho_cli_db_args *a);
/* Create or open the database and activate a->defs (the built-in example
 * when none is given and example is set); an exit code. */
int ho_cli_open_with_defs(struct ho_app *cli, const struct ho_cli_db_args *a, bool example);

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
int64_t ho_cli_data_as_of(struct ho_app *cli);
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

struct ho_report_def;
/* Run report r (app/reports.h) with options ro on app (NULL offline) to
 * standard output in fmt (an enum ho_format), as of the clock when its at option says now;
 * prints any failure and returns the exit code. */
int ho_cli_run_report(struct ho_app *app, const struct ho_report_def *r, const void *ro, int fmt);

#endif /* HO_CLI_CLI_H */
