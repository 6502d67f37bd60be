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

int
ho_cli_open_as(struct ho_app *cli, const char *db_path, enum ho_cli_access access)
{
    static const enum ho_store_mode modes[] = {
        [HO_CLI_READ] = HO_STORE_READ_ONLY,
        [HO_CLI_WRITE] = HO_STORE_READ_WRITE,
        [HO_CLI_CREATE] = HO_STORE_CREATE,
    };
    struct ho_diag diag = {0};
    struct ho_buf note = HO_BUF_INIT;
    memset(cli, 0, sizeof(*cli));
    ho_defs_init(&cli->defs);
    cli->db_path = db_path ? db_path : HO_DEFAULT_DB;
    struct ho_store_opts o = {.mode = modes[access], .durability = durability, .note = &note};
    ho_rc rc = ho_store_open_with(cli->db_path, &o, &cli->st, &diag);
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

static int
load_defs_text(struct ho_app *cli, const char *text, size_t len, const char *name)
{
    struct ho_diag diag = {0};
    struct ho_buf errors = HO_BUF_INIT;
    struct ho_defs defs;
    ho_rc rc = ho_defs_load_yaml(text, len, name, &defs, &errors, &diag);
    if (rc != HO_OK) {
        fputs(ho_buf_cstr(&errors), stderr);
        ho_buf_release(&errors);
        return ho_cli_fail(&diag);
    }
    ho_buf_release(&errors);
    ho_defs_release(&cli->defs);
    cli->defs = defs;
    cli->have_defs = true;
    return HO_EXIT_OK;
}

int
ho_cli_load_active_defs(struct ho_app *cli)
{
    struct ho_diag diag = {0};
    struct ho_buf text = HO_BUF_INIT;
    ho_rc rc = ho_store_active_defs(cli->st, &text, &cli->defs_id, &diag);
    if (rc == HO_ENOTFOUND) {
        ho_buf_release(&text);
        ho_cli_error("database '%s' has no definitions yet: import with --defs FILE "
                     "(see examples/definitions.yaml) or run 'handoff init'",
                     cli->db_path);
        return HO_EXIT_ERROR;
    }
    if (rc != HO_OK) {
        ho_buf_release(&text);
        return ho_cli_fail(&diag);
    }
    int ex = load_defs_text(cli, ho_buf_cstr(&text), text.len, "(active definitions)");
    ho_buf_release(&text);
    return ex;
}

static int
activate_text(struct ho_app *cli, const char *text, size_t len, const char *name, bool force)
{
    int ex = load_defs_text(cli, text, len, name);
    if (ex != HO_EXIT_OK)
        return ex;
    if (!ho_defs_is_signed(&cli->defs) && !force) {
        ho_cli_error("%s: definitions version %lld is not signed by both marketing and sales "
                     "(owners.marketing.signed, owners.sales.signed); sign it or pass --force",
                     name, (long long)cli->defs.version);
        return HO_EXIT_ERROR;
    }
    struct ho_diag diag = {0};
    int64_t before = 0;
    struct ho_buf cur = HO_BUF_INIT;
    if (ho_store_active_defs(cli->st, &cur, &before, NULL) != HO_OK)
        before = 0; /* none active yet */
    ho_buf_release(&cur);
    if (ho_store_activate_defs(cli->st, cli->defs.version, text, len,
                               !ho_defs_is_signed(&cli->defs), ho_cli_now(), &cli->defs_id,
                               &diag) != HO_OK)
        return ho_cli_fail(&diag);
    cli->defs_changed = cli->defs_id != before;
    return HO_EXIT_OK;
}

int
ho_cli_activate_defs_file(struct ho_app *cli, const char *path, bool force)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        ho_cli_error("cannot open definitions file '%s': %s", path, strerror(errno));
        return HO_EXIT_ERROR;
    }
    struct ho_buf text = HO_BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && text.len <= HO_DEFS_MAX_FILE_BYTES)
        ho_buf_add(&text, chunk, n);
    bool bad = ferror(f) != 0;
    fclose(f);
    if (bad || text.len > HO_DEFS_MAX_FILE_BYTES) {
        ho_buf_release(&text);
        ho_cli_error("cannot read definitions file '%s': %s", path,
                     bad ? "read error" : "larger than 4 MiB");
        return HO_EXIT_ERROR;
    }
    int ex = activate_text(cli, ho_buf_cstr(&text), text.len, path, force);
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
    struct ho_diag diag = {0};
    if (!cli->have_defs) {
        int ex = ho_cli_load_active_defs(cli);
        if (ex != HO_EXIT_OK)
            return ex;
    }
    if (ho_engine_open(cli->st, &cli->defs, cli->defs_id, &cli->eng, &diag) != HO_OK)
        return ho_cli_fail(&diag);
    return HO_EXIT_OK;
}

void
ho_cli_close(struct ho_app *cli)
{
    ho_engine_free(cli->eng);
    ho_store_close(cli->st);
    ho_defs_release(&cli->defs);
    memset(cli, 0, sizeof(*cli));
}

int
ho_cli_parse_time(const char *opt, const char *text, int64_t *out)
{
    struct ho_diag diag = {0};
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
    int64_t as_of = 0;
    if (ho_store_meta_get_i64(cli->st, "as_of", &as_of, NULL) != HO_OK)
        as_of = 0; /* nothing imported yet */
    return as_of;
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
