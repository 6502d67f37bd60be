/* SPDX-License-Identifier: MIT */
/*
 * cli/cmd_import.c - `handoff import [--db FILE] [--defs FILE] [--force] PATH...`.
 *
 * Every record goes through the engine: invalid ones are reported as
 * file:line: reason and skipped, duplicates (an id already stored) change
 * nothing, the good records of every file are kept, and everything accepted
 * is committed in one transaction with the recomputed leads.
 */
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
#include "core/event.h"
#include "engine/engine.h"
#include "ingest/reader.h"
#include "report/report.h"

static const char usage_text[] =
    "usage: handoff import [--db FILE] [--defs FILE] [--force] [--durability full|normal]\n"
    "                      PATH...\n"
    "\n"
    "Imports events from JSON Lines (.jsonl, .ndjson, .json; '-' reads stdin) and\n"
    "CSV (.csv, header row of field names: id,ts,type,lead,account,channel,campaign,\n"
    "props.NAME,traits.NAME) and updates every lead they touch.  --defs validates\n"
    "and activates a definitions file first (all leads are recomputed when it\n"
    "changes); it must be signed by marketing and sales unless --force.\n"
    "Rejected records are reported as FILE:LINE: reason; the rest are kept.\n"
    "Re-importing an event id changes nothing; an id already stored with other\n"
    "content is a conflict: both are printed and the stored event is kept.  Late\n"
    "and out-of-order events give exactly the state of processing all events in\n"
    "time order.  Imports may run at the same time as other imports, sales actions\n"
    "and reports on one database: each event id is stored once.\n"
    "--durability full (default): once import returns, its events survive power\n"
    "loss; normal: they survive a crash of handoff, not of the machine.\n"
    "\n"
    "exit status: 0 all imported, 1 error, 2 usage, 3 some records were rejected\n"
    "or conflicted\n";

struct import_ctx {
    struct ho_engine *eng;
    const char *path;
    size_t added, duplicates, conflicts, rejected;
    bool progress;
};

static ho_rc
report_rejected(void *arg, uint64_t line, const struct ho_diag *why)
{
    struct import_ctx *ctx = arg;
    ctx->rejected++;
    fprintf(stderr, "%s:%llu: %s\n", ctx->path, (unsigned long long)line, why->msg);
    return HO_OK;
}

/* The record at line repeats a stored event id with other content: show
 * both, the stored one is kept. */
static ho_rc
report_conflict(struct import_ctx *ctx, uint64_t line, struct ho_diag *diag)
{
    const struct ho_eventlog *kept_log, *new_log;
    const struct ho_event *kept, *refused;
    if (!ho_engine_conflict(ctx->eng, &kept_log, &kept, &new_log, &refused))
        return HO_OK;
    ctx->conflicts++;
    fprintf(stderr, "%s:%llu: event id '%s' is already stored with different content; "
            "the stored event is kept\n  stored: ", ctx->path, (unsigned long long)line,
            ho_eventlog_str(kept_log, kept->id));
    ho_rc rc = ho_report_event_line(stderr, kept_log, kept, diag);
    fputs("\n  new:    ", stderr);
    if (rc == HO_OK)
        rc = ho_report_event_line(stderr, new_log, refused, diag);
    fputc('\n', stderr);
    return rc;
}

/* Both sides of each conflict the commit found with another writer's events
 * (the line is no longer known then). */
static ho_rc
report_late_conflicts(struct ho_engine *eng, struct ho_diag *diag)
{
    const struct ho_event *kept, *refused;
    const struct ho_eventlog *log = ho_engine_log(eng);
    size_t n = ho_engine_late_conflict(eng, 0, &kept, &refused);
    ho_rc rc = HO_OK;
    for (size_t i = 0; i < n && rc == HO_OK; i++) {
        (void)ho_engine_late_conflict(eng, i, &kept, &refused);
        fprintf(stderr, "event id '%s' was stored by another writer during this import with "
                "different content; the stored event is kept\n  stored: ",
                ho_eventlog_str(log, kept->id));
        rc = ho_report_event_line(stderr, log, kept, diag);
        fputs("\n  new:    ", stderr);
        if (rc == HO_OK)
            rc = ho_report_event_line(stderr, log, refused, diag);
        fputc('\n', stderr);
    }
    return rc;
}

static ho_rc
sink(void *arg, const struct ho_event_draft *d, uint64_t line, struct ho_diag *diag)
{
    struct import_ctx *ctx = arg;
    bool dup;
    ho_rc rc = ho_engine_add(ctx->eng, d, &dup, diag);
    if (rc == HO_OK && dup)
        ctx->duplicates++;
    else if (rc == HO_OK)
        ctx->added++;
    if (rc == HO_OK && dup)
        rc = report_conflict(ctx, line, diag);
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

int
ho_cli_import_paths(struct ho_cli *cli, char *const *paths, size_t n_paths)
{
    struct import_ctx ctx = {.eng = cli->eng, .progress = isatty(STDERR_FILENO) != 0};
    struct ho_ingest_opts cb = {
        .sink = sink, .reject = report_rejected, .progress = show_progress, .ctx = &ctx};
    int ex = HO_EXIT_OK;
    ho_engine_reserve(cli->eng, estimated_events(paths, n_paths));
    for (size_t i = 0; i < n_paths && ex == HO_EXIT_OK; i++) {
        struct ho_diag diag = {0};
        struct ho_ingest_stats st;
        ctx.path = paths[i];
        if (ho_ingest_file(paths[i], HO_INGEST_AUTO, &cb, &st, &diag) != HO_OK)
            ex = ho_cli_fail(&diag);
    }
    if (ex != HO_EXIT_OK)
        return ex;
    struct ho_diag diag = {0};
    struct ho_commit_stats cs;
    if (ho_engine_commit(cli->eng, cli->defs_changed, &cs, &diag) != HO_OK)
        return ho_cli_fail(&diag);
    /* Another writer may have stored some of the queued ids meanwhile: the
     * commit dropped those (cs.late_*). */
    if (report_late_conflicts(cli->eng, &diag) != HO_OK)
        return ho_cli_fail(&diag);
    size_t conflicts = ctx.conflicts + cs.late_conflicts;
    fprintf(stderr,
            "imported %zu new events (%zu duplicates skipped, %zu rejected); "
            "%zu leads updated, %zu journeys\n",
            cs.events, ctx.duplicates + cs.late_duplicates, ctx.rejected, cs.leads, cs.journeys);
    if (conflicts)
        fprintf(stderr, "%zu duplicate ids with different content: the stored events were kept"
                "%s\n", conflicts,
                cs.late_conflicts ? " (some stored by another writer during this import)" : "");
    return ctx.rejected || conflicts ? HO_EXIT_PARTIAL : HO_EXIT_OK;
}

int
ho_cmd_import(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'}, {"defs", required_argument, NULL, 'D'},
        {"force", no_argument, NULL, 'f'},    {"help", no_argument, NULL, 'h'},
        {"durability", required_argument, NULL, 'u'}, {NULL, 0, NULL, 0}};
    const char *db = NULL, *defs = NULL;
    bool force = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:D:fhu:", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'D': defs = optarg; break;
        case 'f': force = true; break;
        case 'u':
            if (ho_cli_set_durability(optarg) != HO_EXIT_OK)
                return HO_EXIT_USAGE;
            break;
        case 'h': return ho_cli_usage(usage_text, true);
        default: return ho_cli_usage(usage_text, false);
        }
    }
    if (optind >= argc)
        return ho_cli_usage(usage_text, false);
    struct ho_cli cli;
    int ex = ho_cli_open_as(&cli, db, HO_CLI_CREATE);
    if (ex == HO_EXIT_OK && defs)
        ex = ho_cli_activate_defs_file(&cli, defs, force);
    if (ex == HO_EXIT_OK)
        ex = ho_cli_open_engine(&cli);
    if (ex == HO_EXIT_OK)
        ex = ho_cli_import_paths(&cli, argv + optind, (size_t)(argc - optind));
    ho_cli_close(&cli);
    return ex;
}
