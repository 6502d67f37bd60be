/* SPDX-License-Identifier: MIT */
/*
 * cli/cmd_import.c - `handoff import [--db FILE] [--defs FILE] [--force]
 * [--errors-file FILE] [--from segment] PATH...`.
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

#include "app/import.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/exitcode.h"
#include "cli/import.h"
#include "cli/import_errors.h"
#include "core/event.h"
#include "engine/engine.h"
#include "report/report.h"

static const char usage_text[] =
    "usage: handoff import [--db FILE] [--defs FILE] [--force] [--errors-file FILE]\n"
    "                      [--durability full|normal]\n"
    "                      [--from segment|hubspot|salesforce] PATH...\n"
    "\n"
    "Imports events from JSON Lines (.jsonl, .ndjson, .json; '-' reads stdin) and\n"
    "CSV (.csv, header row of field names: id,ts,type,lead,account,channel,campaign,\n"
    "props.NAME,traits.NAME) and updates every lead they touch.  --defs validates\n"
    "and activates a definitions file first (all leads are recomputed when it\n"
    "changes), stored as a numbered version (its version: must be that number, see\n"
    "handoff defs history); it needs a sign-off from each owner side (the file's\n"
    "owners.*.signed, or handoff defs sign) unless --force.\n"
    "Rejected records are reported as FILE:LINE: reason (the first 20 of each\n"
    "reason, then a count per reason); the rest are kept.  --errors-file FILE\n"
    "writes every rejected record there.\n"
    "--from segment reads JSON Lines of Segment / RudderStack messages (file and\n"
    "warehouse exports: messageId, type, userId, anonymousId, timestamp, ...);\n"
    "without --from, a .jsonl/.ndjson/.json file whose first record has messageId\n"
    "and type is read as Segment, and import says so.\n"
    "--from hubspot reads HubSpot contacts or companies exports, --from salesforce\n"
    "Salesforce Leads, Contacts or Opportunities exports (labels or API names):\n"
    "each record gives its events at their own dates, e.g. a contact an identify at\n"
    "its Create Date and a stage event per lifecycle date, a company a group; the\n"
    "definitions' mapping: section comes first (README: Importing from a CRM).\n"
    "Without --from, a .csv whose header shows such an export ('Record ID', 'Lead\n"
    "ID', 'Opportunity ID', 'Stage', ...) is read as one, and import says so.\n"
    "Re-importing an event id changes nothing; an id already stored with other\n"
    "content is a conflict: both are printed and the stored event is kept.  Late\n"
    "and out-of-order events give exactly the state of processing all events in\n"
    "time order.  Imports may run at the same time as other imports, sales actions\n"
    "and reports on one database: each event id is stored once.\n"
    "--durability full (default): once import returns, its events survive power\n"
    "loss; normal: they survive a crash of handoff, not of the machine.\n"
    "\n"
    "exit status: 0 all imported, 1 error or every record rejected, 2 usage,\n"
    "3 some records were rejected or conflicted\n";

enum { OPT_FROM = 256 }; /* long-only: -f is --force */

struct import_ctx {
    bool progress;
    struct ho_import_errors errors;
};

static ho_rc
report_rejected(void *arg, const char *source, uint64_t line, const struct ho_diag *why)
{
    struct import_ctx *ctx = arg;
    ho_import_errors_add(&ctx->errors, source, line, why->msg);
    return HO_OK;
}

/* A record repeats a stored event id with other content: show both, the
 * stored one is kept.  No source: another writer stored it during this
 * import (found at the commit, the line is no longer known). */
static ho_rc
report_conflict(void *arg, const char *source, uint64_t line, const struct ho_eventlog *kept_log,
                const struct ho_event *kept, const struct ho_eventlog *new_log,
                const struct ho_event *refused, struct ho_diag *diag)
{
    (void)arg;
    if (source)
        fprintf(stderr,
                "%s:%llu: event id '%s' is already stored with different content; "
                "the stored event is kept\n  stored: ",
                source, (unsigned long long)line, ho_eventlog_str(kept_log, kept->id));
    else
        fprintf(stderr,
                "event id '%s' was stored by another writer during this import with "
                "different content; the stored event is kept\n  stored: ",
                ho_eventlog_str(kept_log, kept->id));
    ho_rc rc = ho_report_event_line(stderr, kept_log, kept, diag);
    fputs("\n  new:    ", stderr);
    if (rc == HO_OK)
        rc = ho_report_event_line(stderr, new_log, refused, diag);
    fputc('\n', stderr);
    return rc;
}

static void
report_detected(void *arg, const char *source, const char *what)
{
    (void)arg;
    fprintf(stderr, "%s: detected a %s by its header\n", source, what);
}

/* A one-line progress bar on a terminal; nothing when stderr is piped. */
static void
show_progress(void *arg, const char *source, uint64_t done, uint64_t total, size_t added)
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
    fprintf(stderr, "\r%s [%s] %3d%% %zu events", source, bar, pct, added);
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

/* The format of path: fmt when given, else detected (and said so). */
static enum ho_ingest_format
path_format(const char *path, enum ho_ingest_format fmt)
{
    if (fmt != HO_INGEST_AUTO)
        return fmt;
    fmt = ho_ingest_detect(path);
    if (fmt == HO_INGEST_SEGMENT)
        fprintf(stderr,
                "%s: detected a Segment / RudderStack export (its first record has "
                "messageId and type); reading it as --from segment\n",
                path);
    return fmt;
}

/* Read every path into the import (fmt: --from, or AUTO); an exit code. */
static int
ingest_paths(struct ho_app_import *im, char *const *paths, size_t n_paths,
             enum ho_ingest_format fmt)
{
    for (size_t i = 0; i < n_paths; i++) {
        struct ho_diag diag = { 0 };
        if (ho_app_import_file_as(im, paths[i], path_format(paths[i], fmt), &diag) != HO_OK)
            return ho_cli_fail(&diag);
    }
    return HO_EXIT_OK;
}

/* Print the summary line; the exit code: 0 when nothing was rejected or
 * conflicted, 3 when some records were, 1 when every record was rejected
 * (nothing new and nothing already stored came in). */
static int
import_summary(const struct import_ctx *ctx, const struct ho_app_import *im,
               const struct ho_commit_stats *cs)
{
    size_t conflicts = im->conflicts + cs->late_conflicts;
    fprintf(stderr,
            "imported %zu new events (%zu duplicates skipped, %zu rejected); "
            "%zu leads updated, %zu journeys\n",
            cs->events, im->duplicates + cs->late_duplicates, ctx->errors.total, cs->leads,
            cs->journeys);
    if (conflicts)
        fprintf(stderr,
                "%zu duplicate ids with different content: the stored events were kept"
                "%s\n",
                conflicts,
                cs->late_conflicts ? " (some stored by another writer during this import)" : "");
    if (ctx->errors.total && im->added == 0 && im->duplicates == 0) {
        ho_cli_error("every record was rejected: nothing imported");
        return HO_EXIT_ERROR;
    }
    return ctx->errors.total || conflicts ? HO_EXIT_PARTIAL : HO_EXIT_OK;
}

/* Import, commit and report; errors_all receives every rejected record. */
static int
import_into(struct ho_app *cli, char *const *paths, size_t n_paths, FILE *errors_all,
            const char *errors_file, enum ho_ingest_format fmt, enum ho_crm_source from)
{
    struct import_ctx ctx = { .progress = isatty(STDERR_FILENO) != 0 };
    struct ho_app_import_hooks hooks = { .ctx = &ctx,
                                         .reject = report_rejected,
                                         .conflict = report_conflict,
                                         .progress = show_progress,
                                         .detected = report_detected };
    struct ho_app_import im;
    ho_import_errors_init(&ctx.errors, errors_all);
    ho_app_import_begin(&im, cli, &hooks, estimated_events(paths, n_paths));
    im.from = from;
    int ex = ingest_paths(&im, paths, n_paths, fmt);
    struct ho_diag diag = { 0 };
    struct ho_commit_stats cs;
    /* Another writer may have stored some of the queued ids meanwhile: the
     * commit dropped those (cs.late_*) and the hook showed the conflicts. */
    if (ex == HO_EXIT_OK && ho_app_import_commit(&im, &cs, &diag) != HO_OK)
        ex = ho_cli_fail(&diag);
    if (ex == HO_EXIT_OK) {
        ho_import_errors_summary(&ctx.errors, errors_file);
        ex = import_summary(&ctx, &im, &cs);
    }
    ho_import_errors_release(&ctx.errors);
    return ex;
}

static int
import_paths_as(struct ho_app *cli, char *const *paths, size_t n_paths, const char *errors_file,
                enum ho_ingest_format fmt, enum ho_crm_source from)
{
    FILE *all = NULL;
    if (errors_file && !(all = fopen(errors_file, "w"))) {
        ho_cli_error("cannot write the errors file '%s': %s", errors_file, strerror(errno));
        return HO_EXIT_ERROR;
    }
    int ex = import_into(cli, paths, n_paths, all, errors_file, fmt, from);
    if (all && fclose(all) != 0 && ex != HO_EXIT_ERROR) {
        ho_cli_error("cannot write the errors file '%s': %s", errors_file, strerror(errno));
        ex = HO_EXIT_ERROR;
    }
    return ex;
}

int
ho_cli_import_paths(struct ho_app *cli, char *const *paths, size_t n_paths, const char *errors_file)
{
    return import_paths_as(cli, paths, n_paths, errors_file, HO_INGEST_AUTO, HO_CRM_NONE);
}

/* --from NAME: a Segment export is a format of its own, a CRM export CSV
 * read through its mapping; false (after a message) for an unknown name. */
static bool
parse_from(const char *name, enum ho_ingest_format *fmt, enum ho_crm_source *from)
{
    if (strcmp(name, "segment") == 0) {
        *fmt = HO_INGEST_SEGMENT;
        return true;
    }
    if (strcmp(name, "hubspot") == 0 || strcmp(name, "salesforce") == 0) {
        *from = name[0] == 'h' ? HO_CRM_HUBSPOT : HO_CRM_SALESFORCE;
        return true;
    }
    ho_cli_error("unknown --from '%s' (known: segment, hubspot, salesforce)", name);
    return false;
}

int
ho_cmd_import(int argc, char **argv)
{
    static const struct option opts[] = { HO_CLI_DB_LONG_OPTS,
                                          { "help", no_argument, NULL, 'h' },
                                          { "errors-file", required_argument, NULL, 'e' },
                                          { "durability", required_argument, NULL, 'u' },
                                          { "from", required_argument, NULL, OPT_FROM },
                                          { NULL, 0, NULL, 0 } };
    struct ho_cli_db_args db = { 0 };
    const char *errors_file = NULL;
    enum ho_ingest_format fmt = HO_INGEST_AUTO;
    enum ho_crm_source from = HO_CRM_NONE;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, HO_CLI_DB_SHORT_OPTS "e:hu:", opts, NULL)) != -1) {
        if (ho_cli_db_arg(c, optarg, &db))
            continue;
        switch (c) {
        case 'e':
            errors_file = optarg;
            break;
        case OPT_FROM:
            if (!parse_from(optarg, &fmt, &from))
                return HO_EXIT_USAGE;
            break;
        case 'u':
            if (ho_cli_set_durability(optarg) != HO_EXIT_OK)
                return HO_EXIT_USAGE;
            break;
        case 'h':
            return ho_cli_usage(usage_text, true);
        default:
            return ho_cli_usage(usage_text, false);
        }
    }
    if (optind >= argc)
        return ho_cli_usage(usage_text, false);
    struct ho_app cli;
    int ex = ho_cli_open_with_defs(&cli, &db, false);
    if (ex == HO_EXIT_OK)
        ex = ho_cli_open_engine(&cli);
    if (ex == HO_EXIT_OK)
        ex = import_paths_as(&cli, argv + optind, (size_t)(argc - optind), errors_file, fmt, from);
    ho_cli_close(&cli);
    return ex;
}
