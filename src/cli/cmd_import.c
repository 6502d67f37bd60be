/* SPDX-License-Identifier: MIT */
/*
 * cli/cmd_import.c - `handoff import [--db FILE] [--defs FILE] [--force]
 * [--errors-file FILE] PATH...`.
 *
 * Every record goes through the engine: invalid ones are reported as
 * file:line: reason and skipped, duplicates (an id already stored) change
 * nothing, the good records of every file are kept, and everything accepted
 * is committed in one transaction with the recomputed leads.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/exitcode.h"
#include "cli/import.h"
#include "cli/import_errors.h"
#include "engine/engine.h"
#include "ingest/reader.h"

static const char usage_text[] =
    "usage: handoff import [--db FILE] [--defs FILE] [--force] [--errors-file FILE] PATH...\n"
    "\n"
    "Imports events from JSON Lines (.jsonl, .ndjson, .json; '-' reads stdin) and\n"
    "CSV (.csv, header row of field names: id,ts,type,lead,account,channel,campaign,\n"
    "props.NAME,traits.NAME) and updates every lead they touch.  --defs validates\n"
    "and activates a definitions file first (all leads are recomputed when it\n"
    "changes); it must be signed by marketing and sales unless --force.\n"
    "Rejected records are reported as FILE:LINE: reason (the first 20 of each\n"
    "reason, then a count per reason); the rest are kept.  --errors-file FILE\n"
    "writes every rejected record there.\n"
    "Re-importing an event id changes nothing.  Late and out-of-order events give\n"
    "exactly the state of processing all events in time order.\n"
    "\n"
    "exit status: 0 all imported, 1 error or every record rejected, 2 usage,\n"
    "3 some records were rejected\n";

struct import_ctx {
    struct ho_engine *eng;
    const char *path;
    size_t added, duplicates;
    bool progress;
    struct ho_import_errors errors;
};

static ho_rc
report_rejected(void *arg, uint64_t line, const struct ho_diag *why)
{
    struct import_ctx *ctx = arg;
    ho_import_errors_add(&ctx->errors, ctx->path, line, why->msg);
    return HO_OK;
}

static ho_rc
sink(void *arg, const struct ho_event_draft *d, uint64_t line, struct ho_diag *diag)
{
    struct import_ctx *ctx = arg;
    bool dup;
    (void)line;
    ho_rc rc = ho_engine_add(ctx->eng, d, &dup, diag);
    if (rc == HO_OK) {
        if (dup)
            ctx->duplicates++;
        else
            ctx->added++;
    }
    return rc;
}

/* A one-line progress bar on a terminal; nothing when stderr is piped. */
static void
show_progress(void *arg, uint64_t done, uint64_t total)
{
    struct import_ctx *ctx = arg;
    if (!ctx->progress || total == 0)
        return;
    int pct = (int)(done * 100 / total);
    char bar[41];
    int fill = pct * 40 / 100;
    memset(bar, '#', (size_t)fill);
    memset(bar + fill, ' ', (size_t)(40 - fill));
    bar[40] = '\0';
    fprintf(stderr, "\r%s [%s] %3d%% %zu events", ctx->path, bar, pct, ctx->added);
    if (done >= total)
        fputc('\n', stderr);
}

/* Events in the files, estimated from their size (~150 bytes a line). */
static size_t
estimated_events(char *const *paths, size_t n)
{
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(paths[i], &st) == 0 && S_ISREG(st.st_mode))
            bytes += (size_t)st.st_size;
    }
    return bytes / 150;
}

/* Read every path into the engine; an exit code. */
static int
ingest_paths(struct import_ctx *ctx, char *const *paths, size_t n_paths)
{
    struct ho_ingest_opts cb = {
        .sink = sink, .reject = report_rejected, .progress = show_progress, .ctx = ctx};
    for (size_t i = 0; i < n_paths; i++) {
        struct ho_diag diag = {0};
        struct ho_ingest_stats st;
        ctx->path = paths[i];
        if (ho_ingest_file(paths[i], HO_INGEST_AUTO, &cb, &st, &diag) != HO_OK)
            return ho_cli_fail(&diag);
    }
    return HO_EXIT_OK;
}

/* 0 when nothing was rejected, 3 when some records were, 1 when every
 * record was (nothing new and nothing already stored came in). */
static int
import_exit(const struct import_ctx *ctx)
{
    if (ctx->errors.total == 0)
        return HO_EXIT_OK;
    if (ctx->added == 0 && ctx->duplicates == 0) {
        ho_cli_error("every record was rejected: nothing imported");
        return HO_EXIT_ERROR;
    }
    return HO_EXIT_PARTIAL;
}

/* Import, commit and report; errors_all receives every rejected record. */
static int
import_into(struct ho_cli *cli, char *const *paths, size_t n_paths, FILE *errors_all,
            const char *errors_file)
{
    struct import_ctx ctx = {.eng = cli->eng, .progress = isatty(STDERR_FILENO) != 0};
    ho_import_errors_init(&ctx.errors, errors_all);
    ho_engine_reserve(cli->eng, estimated_events(paths, n_paths));
    int ex = ingest_paths(&ctx, paths, n_paths);
    struct ho_diag diag = {0};
    struct ho_commit_stats cs;
    if (ex == HO_EXIT_OK && ho_engine_commit(cli->eng, cli->defs_changed, &cs, &diag) != HO_OK)
        ex = ho_cli_fail(&diag);
    if (ex == HO_EXIT_OK) {
        ho_import_errors_summary(&ctx.errors, errors_file);
        fprintf(stderr,
                "imported %zu new events (%zu duplicates skipped, %zu rejected); "
                "%zu leads updated, %zu journeys\n",
                ctx.added, ctx.duplicates, ctx.errors.total, cs.leads, cs.journeys);
        ex = import_exit(&ctx);
    }
    ho_import_errors_release(&ctx.errors);
    return ex;
}

int
ho_cli_import_paths(struct ho_cli *cli, char *const *paths, size_t n_paths,
                    const char *errors_file)
{
    FILE *all = NULL;
    if (errors_file && !(all = fopen(errors_file, "w"))) {
        ho_cli_error("cannot write the errors file '%s': %s", errors_file, strerror(errno));
        return HO_EXIT_ERROR;
    }
    int ex = import_into(cli, paths, n_paths, all, errors_file);
    if (all && fclose(all) != 0 && ex != HO_EXIT_ERROR) {
        ho_cli_error("cannot write the errors file '%s': %s", errors_file, strerror(errno));
        ex = HO_EXIT_ERROR;
    }
    return ex;
}

int
ho_cmd_import(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'}, {"defs", required_argument, NULL, 'D'},
        {"force", no_argument, NULL, 'f'},    {"help", no_argument, NULL, 'h'},
        {"errors-file", required_argument, NULL, 'e'}, {NULL, 0, NULL, 0}};
    const char *db = NULL, *defs = NULL, *errors_file = NULL;
    bool force = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:D:fe:h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'D': defs = optarg; break;
        case 'f': force = true; break;
        case 'e': errors_file = optarg; break;
        case 'h': return ho_cli_usage(usage_text, true);
        default: return ho_cli_usage(usage_text, false);
        }
    }
    if (optind >= argc)
        return ho_cli_usage(usage_text, false);
    struct ho_cli cli;
    int ex = ho_cli_open(&cli, db);
    if (ex == HO_EXIT_OK && defs)
        ex = ho_cli_activate_defs_file(&cli, defs, force);
    if (ex == HO_EXIT_OK)
        ex = ho_cli_open_engine(&cli);
    if (ex == HO_EXIT_OK)
        ex = ho_cli_import_paths(&cli, argv + optind, (size_t)(argc - optind), errors_file);
    ho_cli_close(&cli);
    return ex;
}
