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
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/timefmt.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/exitcode.h"
#include "core/match.h"
#include "store/store.h"

#define SPEND_MAX_LINE 4096
#define SPEND_FIELDS   3

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

/* Column of each field in the file. */
enum { COL_CHANNEL, COL_MONTH, COL_AMOUNT };

struct spend_file {
    const char *path;
    const struct ho_defs *defs;
    struct ho_store *st;
    int col[SPEND_FIELDS]; /* file column of channel, month, amount */
    size_t imported, rejected;
};

/*
 * Read one field starting at *r in place (the unquoted text is written over
 * the field from its start, NUL-terminated) and leave *r just after the
 * delimiter.  A quoted field ("a,b", "" for a quote) must end right before
 * a delimiter.  Returns the delimiter (',' or '\0'), or -1 for an
 * unterminated quote or text after a closing quote.
 */
static int
read_field(char **r)
{
    char *p = *r;
    char *w = p;
    if (*p == '"') {
        p++;
        while (*p != '\0' && !(*p == '"' && p[1] != '"')) {
            if (*p == '"')
                p++; /* the first of "" */
            *w++ = *p++;
        }
        if (*p != '"')
            return -1;
        p++;
    } else {
        while (*p != '\0' && *p != ',')
            *w++ = *p++;
    }
    int delim = (unsigned char)*p;
    if (delim != ',' && delim != '\0')
        return -1;
    *r = delim ? p + 1 : p;
    *w = '\0';
    return delim;
}

/*
 * Split line (modified in place) into at most max fields; RFC 4180 quotes
 * are understood.  Returns the field count, or -1 for an unterminated or
 * misplaced quote; a count above max means too many fields.
 */
static int
split_fields(char *line, char **fields, int max)
{
    int n = 0;
    char *r = line;
    for (;;) {
        char *start = r;
        int delim = read_field(&r);
        if (delim < 0)
            return -1;
        if (n < max)
            fields[n] = start;
        n++;
        if (delim == '\0')
            return n;
    }
}

static void reject(struct spend_file *f, unsigned long line, const char *fmt, ...) HO_PRINTF(3, 4);

/* Report a rejected row as FILE:LINE: reason. */
static void
reject(struct spend_file *f, unsigned long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    f->rejected++;
    fprintf(stderr, "%s:%lu: ", f->path, line);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* "YYYY-MM" into a month index; false when it is not one. */
static bool
parse_month(const char *s, int64_t *out)
{
    char date[16];
    int64_t ms;
    if (strlen(s) != 7 || s[4] != '-')
        return false;
    snprintf(date, sizeof(date), "%s-01", s);
    if (ho_time_parse(date, strlen(date), &ms, NULL) != HO_OK)
        return false;
    *out = ho_time_month_index(ms);
    return true;
}

/* A plain decimal: digits with at most one point (no sign, exponent, hex). */
static bool
parse_amount(const char *s, double *out)
{
    size_t digits = 0, points = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (*p == '.')
            points++;
        else
            return false;
    }
    return digits > 0 && points <= 1 && ho_parse_number(s, out);
}

/* The definitions' spelling of a channel name (case-insensitive), or NULL. */
static const char *
known_channel(const struct ho_defs *defs, const char *name)
{
    for (size_t i = 0; i < defs->n_channels; i++) {
        if (strcasecmp(defs->channels[i].name, name) == 0)
            return defs->channels[i].name;
    }
    return strcasecmp(name, "other") == 0 ? "other" : NULL;
}

static ho_rc
import_row(struct spend_file *f, char *line, unsigned long lineno, struct ho_diag *diag)
{
    char *fields[SPEND_FIELDS];
    int n = split_fields(line, fields, SPEND_FIELDS);
    if (n < 0) {
        reject(f, lineno, "unterminated or misplaced quote");
        return HO_OK;
    }
    if (n != SPEND_FIELDS) {
        reject(f, lineno, "expected 3 fields (channel,month,amount), found %d", n);
        return HO_OK;
    }
    const char *channel = known_channel(f->defs, fields[f->col[COL_CHANNEL]]);
    const char *month_text = fields[f->col[COL_MONTH]];
    const char *amount_text = fields[f->col[COL_AMOUNT]];
    int64_t month;
    double amount;
    if (!channel) {
        reject(f, lineno, "unknown channel '%s' (use a channel of the definitions, or other)",
               fields[f->col[COL_CHANNEL]]);
    } else if (!parse_month(month_text, &month)) {
        reject(f, lineno, "month '%s': write YYYY-MM, e.g. 2026-03", month_text);
    } else if (!parse_amount(amount_text, &amount)) {
        reject(f, lineno, "amount '%s': write a non-negative number, e.g. 12000 or 4500.50",
               amount_text);
    } else {
        ho_rc rc = ho_store_put_spend(f->st, channel, month, amount, diag);
        if (rc != HO_OK)
            return rc;
        f->imported++;
    }
    return HO_OK;
}

/* Map the header's column names onto f->col; false (reported) when wrong. */
static bool
read_header(struct spend_file *f, char *line)
{
    static const char *const names[SPEND_FIELDS] = { "channel", "month", "amount" };
    char *fields[SPEND_FIELDS];
    int n = split_fields(line, fields, SPEND_FIELDS);
    int seen = 0;
    for (int i = 0; n == SPEND_FIELDS && i < n; i++) {
        for (int k = 0; k < SPEND_FIELDS; k++) {
            if (strcasecmp(fields[i], names[k]) == 0 && !(seen & (1 << k))) {
                f->col[k] = i;
                seen |= 1 << k;
            }
        }
    }
    if (n == SPEND_FIELDS && seen == (1 << SPEND_FIELDS) - 1)
        return true;
    reject(f, 1, "the header must name the columns channel,month,amount");
    return false;
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
    char line[SPEND_MAX_LINE];
    unsigned long lineno = 0;
    bool header = false;
    while (fgets(line, sizeof(line), in)) {
        lineno++;
        if (!chomp(line, in)) {
            skip_line(in);
            reject(f, lineno, "line longer than %d bytes", SPEND_MAX_LINE - 1);
            if (!header)
                return HO_OK;
            continue;
        }
        char *text = line;
        if (lineno == 1 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
            text += 3; /* a UTF-8 byte order mark, as spreadsheets write */
        if (!header) {
            if (!read_header(f, text))
                return HO_OK;
            header = true;
        } else if (*text) {
            ho_rc rc = import_row(f, text, lineno, diag);
            if (rc != HO_OK)
                return rc;
        }
    }
    if (ferror(in))
        return ho_diag_set(diag, HO_EIO, "cannot read '%s'", f->path);
    if (!header)
        reject(f, 1, "empty file: the header channel,month,amount is missing");
    return HO_OK;
}

static int
import_file(struct ho_cli *cli, const char *path)
{
    struct ho_diag diag = { 0 };
    struct spend_file f = { .path = path, .defs = &cli->defs, .st = cli->st };
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
    struct ho_cli cli;
    int ex = ho_cli_open(&cli, db);
    if (ex == HO_EXIT_OK)
        ex = ho_cli_load_active_defs(&cli);
    if (ex == HO_EXIT_OK)
        ex = import_file(&cli, argv[optind]);
    ho_cli_close(&cli);
    return ex;
}
