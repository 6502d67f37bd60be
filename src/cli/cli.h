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

/* Open the database (cli->db_path, default handoff.db). */
int ho_cli_open(struct ho_cli *cli, const char *db_path);
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

/* The current time in ms (the only clock read, at the edge). */
int64_t ho_cli_now(void);

/* Write a command's usage text and return HO_EXIT_USAGE (or 0 for --help). */
int ho_cli_usage(const char *text, bool asked);

struct ho_cli_report_opts {
    const char *db;
    int fmt; /* enum ho_format */
    bool by_channel;
    bool whole_period;
    int64_t from, to;
    int64_t at; /* "now" for running SLA clocks */
};

/* Print the funnel report from cli's database (definitions loaded). */
int ho_cli_report_funnel(struct ho_cli *cli, const struct ho_cli_report_opts *o);
/* Speed to lead and SLA compliance (cli/cmd_report_sales.c). */
int ho_cli_report_speed(struct ho_cli *cli, const struct ho_cli_report_opts *o);
int ho_cli_report_sla(struct ho_cli *cli, const struct ho_cli_report_opts *o);
/* Visitors -> leads -> MQLs by month (cli/cmd_report_top.c). */
int ho_cli_report_top(struct ho_cli *cli, const struct ho_cli_report_opts *o);

#endif /* HO_CLI_CLI_H */
