/* SPDX-License-Identifier: MIT */
/*
 * cli/cli.c - shared command plumbing.
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/timefmt.h"
#include "cli/exitcode.h"
#include "defs/defs_yaml.h"
#include "engine/engine.h"
#include "report/report.h"
#include "store/store.h"

void
ho_cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("handoff: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int
ho_cli_fail(const struct ho_diag *d)
{
    if (d->where[0] && d->line)
        fprintf(stderr, "%s:%u:%u: %s\n", d->where, d->line, d->column, d->msg);
    else if (d->where[0])
        fprintf(stderr, "%s: %s\n", d->where, d->msg);
    else
        ho_cli_error("%s", d->msg[0] ? d->msg : ho_rc_str(d->rc));
    return ho_exit_from_rc(d->rc);
}

/* --durability of this run (one command per process). */
static enum ho_durability durability = HO_DURABLE_FULL;

int
ho_cli_set_durability(const char *arg)
{
    if (strcmp(arg, "full") == 0)
        durability = HO_DURABLE_FULL;
    else if (strcmp(arg, "normal") == 0)
        durability = HO_DURABLE_NORMAL;
    else {
        ho_cli_error("--durability '%s': write full or normal", arg);
        return HO_EXIT_USAGE;
    }
    return HO_EXIT_OK;
}

/* Print the definitions' problems (when any), then the diag. */
static int
fail_with(struct ho_buf *errors, const struct ho_diag *d)
{
    fputs(ho_buf_cstr(errors), stderr);
    return ho_cli_fail(d);
}

int
ho_cli_open_as(struct ho_app *cli, const char *db_path, enum ho_cli_access access)
{
    static const enum ho_store_mode modes[] = {
        [HO_CLI_READ] = HO_STORE_READ_ONLY,
        [HO_CLI_WRITE] = HO_STORE_READ_WRITE,
        [HO_CLI_CREATE] = HO_STORE_CREATE,
    };
    struct ho_diag diag = { 0 };
    struct ho_buf note = HO_BUF_INIT;
    struct ho_app_open_opts o = {
        .db_path = db_path, .mode = modes[access], .durability = durability, .note = &note
    };
    ho_rc rc = ho_app_open(cli, &o, &diag);
    fputs(ho_buf_cstr(&note), stderr);
    ho_buf_release(&note);
    if (rc != HO_OK)
        return ho_cli_fail(&diag);
    return HO_EXIT_OK;
}

int
ho_cli_open(struct ho_app *cli, const char *db_path)
{
    return ho_cli_open_as(cli, db_path, HO_CLI_WRITE);
}

int
ho_cli_load_active_defs(struct ho_app *cli)
{
    struct ho_diag diag = { 0 };
    struct ho_buf errors = HO_BUF_INIT;
    ho_rc rc = ho_app_load_active_defs(cli, &errors, &diag);
    int ex = HO_EXIT_OK;
    if (rc == HO_ENOTFOUND)
        ho_cli_error("database '%s' has no definitions yet: import with --defs FILE "
                     "(see examples/definitions.yaml) or run 'handoff init'",
                     cli->db_path);
    if (rc == HO_ENOTFOUND)
        ex = HO_EXIT_ERROR;
    else if (rc != HO_OK)
        ex = fail_with(&errors, &diag);
    ho_buf_release(&errors);
    return ex;
}

static int
activate_text(struct ho_app *cli, const char *text, size_t len, const char *name, bool force)
{
    struct ho_diag diag = { 0 };
    struct ho_buf errors = HO_BUF_INIT;
    ho_rc rc = ho_app_activate_defs(cli, text, len, name, force, ho_cli_now(), &errors, &diag);
    int ex = rc == HO_OK ? HO_EXIT_OK : fail_with(&errors, &diag);
    ho_buf_release(&errors);
    return ex;
}

int
ho_cli_activate_defs_file(struct ho_app *cli, const char *path, bool force)
{
    struct ho_diag diag = { 0 };
    struct ho_buf text = HO_BUF_INIT;
    int ex = HO_EXIT_OK;
    if (ho_app_read_defs_file(path, &text, &diag) != HO_OK)
        ex = ho_cli_fail(&diag);
    else
        ex = activate_text(cli, ho_buf_cstr(&text), text.len, path, force);
    ho_buf_release(&text);
    return ex;
}

int
ho_cli_activate_example_defs(struct ho_app *cli)
{
    return activate_text(cli, ho_example_definitions, ho_example_definitions_len,
                         "examples/definitions.yaml", false);
}

int
ho_cli_open_engine(struct ho_app *cli)
{
    struct ho_diag diag = { 0 };
    if (!cli->have_defs) {
        int ex = ho_cli_load_active_defs(cli);
        if (ex != HO_EXIT_OK)
            return ex;
    }
    if (ho_app_open_engine(cli, NULL, &diag) != HO_OK)
        return ho_cli_fail(&diag);
    return HO_EXIT_OK;
}

void
ho_cli_close(struct ho_app *cli)
{
    ho_app_close(cli);
}

bool
ho_cli_db_arg(int c, const char *arg, struct ho_cli_db_args *a)
{
    switch (c) {
    case 'd':
        a->db = arg;
        return true;
    case 'D':
        a->defs = arg;
        return true;
    case 'f':
        a->force = true;
        return true;
    default:
        return false;
    }
}

int
ho_cli_open_with_defs(struct ho_app *cli, const struct ho_cli_db_args *a, bool example)
{
    int ex = ho_cli_open_as(cli, a->db, HO_CLI_CREATE);
    if (ex == HO_EXIT_OK && a->defs)
        ex = ho_cli_activate_defs_file(cli, a->defs, a->force);
    else if (ex == HO_EXIT_OK && example)
        ex = ho_cli_activate_example_defs(cli);
    return ex;
}

int
ho_cli_parse_time(const char *opt, const char *text, int64_t *out)
{
    struct ho_diag diag = { 0 };
    if (ho_time_parse(text, strlen(text), out, &diag) != HO_OK) {
        ho_cli_error("%s '%s': %s (write e.g. 2026-03-02 or 2026-03-02T14:05:09Z)", opt, text,
                     diag.msg);
        return HO_EXIT_USAGE;
    }
    return HO_EXIT_OK;
}

static const char *program = "handoff";

void
ho_cli_set_program(const char *argv0)
{
    if (argv0 && *argv0)
        program = argv0;
}

const char *
ho_cli_program(void)
{
    return program;
}

int64_t
ho_cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
ho_cli_data_as_of(struct ho_app *cli)
{
    return ho_app_data_as_of(cli);
}

int
ho_cli_set_format(int *fmt, int want)
{
    if (*fmt != HO_FORMAT_TABLE && *fmt != want) {
        ho_cli_error("--json and --csv cannot be used together: pick one");
        return HO_EXIT_USAGE;
    }
    *fmt = want;
    return HO_EXIT_OK;
}

int
ho_cli_usage(const char *text, bool asked)
{
    fputs(text, asked ? stdout : stderr);
    return asked ? HO_EXIT_OK : HO_EXIT_USAGE;
}

int
ho_cli_finish_stdout(int ex)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        ho_cli_error("cannot write to standard output");
        return HO_EXIT_ERROR;
    }
    return ex;
}

int
ho_cli_run_reader(const char *db, int (*run)(struct ho_app *cli, const void *args),
                  const void *args)
{
    struct ho_app app;
    int ex = ho_cli_open_as(&app, db, HO_CLI_READ);
    if (ex == HO_EXIT_OK)
        ex = ho_cli_load_active_defs(&app);
    if (ex == HO_EXIT_OK)
        ex = run(&app, args);
    ho_cli_close(&app);
    return ex == HO_EXIT_OK ? ho_cli_finish_stdout(ex) : ex;
}
