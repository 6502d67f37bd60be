/* SPDX-License-Identifier: MIT */
/*
 * cli/cmd_spend.c - `handoff import-spend FILE.csv`: marketing spend per
 * channel and calendar month, for the cost figures of `report pipeline`.
 *
 * The file is CSV with a header row naming the columns channel, month and
 * amount (in any order; other columns are refused so that a wrong file is
 * not half-read).  Each bad row is reported as FILE:LINE: reason and
 * skipped; the good rows are kept, all in one transaction.  A channel and
 * month imported again replaces the earlier amount.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/timefmt.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/exitcode.h"
#include "ingest/spend_csv.h"
#include "store/store.h"

static const char usage_text[] =
    "usage: handoff import-spend [--db FILE] FILE.csv\n"
    "\n"
    "Imports marketing spend per channel and calendar month for the cost figures\n"
    "of 'handoff report pipeline' (cost per MQL and SQL, marketing efficiency\n"
    "ratio, CAC and CAC payback).  FILE.csv has a header row and one row per\n"
    "channel and month:\n"
    "\n"
    "    channel,month,amount\n"
    "    paid_search,2026-03,12000\n"
    "    webinar,2026-03,4500.50\n"
    "\n"
    "channel is a channel of the active definitions (or other), month is YYYY-MM\n"
    "(UTC calendar month), amount a non-negative number without thousands\n"
    "separators.  Importing a channel and month again replaces its amount.\n"
    "Rejected rows are reported as FILE:LINE: reason; the rest are kept.\n"
    "\n"
    "exit status: 0 all imported, 1 error, 2 usage, 3 some rows were rejected\n";

struct spend_file {
    const char *path;
    struct ho_store *st;
    struct ho_spend_parser parser;
    size_t imported, rejected;
};

/* Report a rejected row as FILE:LINE: reason. */
static void
reject(struct spend_file *f, unsigned long line, const char *msg)
{
    f->rejected++;
    fprintf(stderr, "%s:%lu: %s\n", f->path, line, msg);
}

/* One line: the header or a row; a store failure is the only error. */
static ho_rc
import_line(struct spend_file *f, char *line, unsigned long lineno, struct ho_diag *diag)
{
    struct ho_diag why = { 0 };
    struct ho_spend_row row;
    bool is_row;
    if (ho_spend_parse_line(&f->parser, line, &is_row, &row, &why) != HO_OK) {
        reject(f, lineno, why.msg);
        return HO_OK;
    }
    if (!is_row)
        return HO_OK;
    ho_rc rc = ho_store_put_spend(f->st, row.channel, row.month, row.amount, diag);
    if (rc == HO_OK)
        f->imported++;
    return rc;
}

/* Strip the line end; false when the line did not fit in the buffer. */
static bool
chomp(char *line, FILE *in)
{
    size_t len = strlen(line);
    bool whole = len > 0 && line[len - 1] == '\n';
    if (!whole && !feof(in))
        return false;
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        line[--len] = '\0';
    return true;
}

/* Skip the rest of an over-long line. */
static void
skip_line(FILE *in)
{
    int c;
    do {
        c = fgetc(in);
    } while (c != EOF && c != '\n');
}

static ho_rc
import_lines(struct spend_file *f, FILE *in, struct ho_diag *diag)
{
    char line[HO_SPEND_MAX_LINE];
    unsigned long lineno = 0;
    while (fgets(line, sizeof(line), in)) {
        lineno++;
        if (!chomp(line, in)) {
            skip_line(in);
            reject(f, lineno, "line too long");
            if (!f->parser.have_header)
                return HO_OK;
            continue;
        }
        if (*line == '\0' && f->parser.have_header)
            continue;
        ho_rc rc = import_line(f, line, lineno, diag);
        if (rc != HO_OK)
            return rc;
        if (!f->parser.have_header)
            return HO_OK; /* a bad header: nothing else can be read */
    }
    if (ferror(in))
        return ho_diag_set(diag, HO_EIO, "cannot read '%s'", f->path);
    if (!f->parser.have_header)
        reject(f, 1, "empty file: the header channel,month,amount is missing");
    return HO_OK;
}

static int
import_file(struct ho_app *cli, const char *path)
{
    struct ho_diag diag = { 0 };
    struct spend_file f = { .path = path, .st = cli->st };
    ho_spend_parser_init(&f.parser, &cli->defs);
    FILE *in = fopen(path, "rb");
    if (!in) {
        ho_cli_error("cannot open '%s': %s", path, strerror(errno));
        return HO_EXIT_ERROR;
    }
    ho_rc rc = ho_store_begin(cli->st, &diag);
    if (rc == HO_OK)
        rc = import_lines(&f, in, &diag);
    if (rc == HO_OK)
        rc = ho_store_commit(cli->st, &diag);
    fclose(in);
    if (rc != HO_OK) {
        ho_store_rollback(cli->st);
        return ho_cli_fail(&diag);
    }
    fprintf(stderr, "imported %zu spend rows (%zu rejected)\n", f.imported, f.rejected);
    return f.rejected ? HO_EXIT_PARTIAL : HO_EXIT_OK;
}

int
ho_cmd_import_spend(int argc, char **argv)
{
    static const struct option opts[] = { { "db", required_argument, NULL, 'd' },
                                          { "help", no_argument, NULL, 'h' },
                                          { NULL, 0, NULL, 0 } };
    const char *db = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'h':
            return ho_cli_usage(usage_text, true);
        default:
            return ho_cli_usage(usage_text, false);
        }
    }
    if (optind != argc - 1)
        return ho_cli_usage(usage_text, false);
    struct ho_app cli;
    int ex = ho_cli_open(&cli, db);
    if (ex == HO_EXIT_OK)
        ex = ho_cli_load_active_defs(&cli);
    if (ex == HO_EXIT_OK)
        ex = import_file(&cli, argv[optind]);
    ho_cli_close(&cli);
    return ex;
}
