/* SPDX-License-Identifier: MIT */
/*
 * cli/cmd_demo.c - `handoff demo`: the main job on the embedded default.
 *
 * Generates a deterministic, realistic year of B2B leads, imports it through
 * the real import path into a fresh SQLite file with the example definitions
 * and prints the funnel by channel.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/strtab.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "app/app.h"
#include "app/reports.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/exitcode.h"
#include "cli/import.h"
#include "core/funnel.h"
#include "demo/demo_gen.h"
#include "report/report.h"
#include "store/store.h"

static const char usage_text[] =
    "usage: handoff demo [--dir DIR] [--leads N] [--seed N] [--wide]\n"
    "\n"
    "Writes DIR/events.jsonl (default DIR: handoff-demo; 24,000 leads, about\n"
    "600,000 events over 12 months), imports it into a fresh DIR/handoff.db with\n"
    "the example definitions and prints the funnel by channel over the whole year.\n"
    "It ends with commands to try next, written to run as typed from the same\n"
    "directory (this program's path, the database's path, a lead that became an\n"
    "MQL).  --wide: do not fit the funnel table to the terminal.\n";

static int
generate(const char *path, const struct ho_demo_opts *o)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        ho_cli_error("cannot create '%s': %s", path, strerror(errno));
        return HO_EXIT_ERROR;
    }
    struct ho_diag diag = { 0 };
    struct ho_demo_stats st;
    ho_rc rc = ho_demo_generate(o, f, NULL, &st, &diag);
    if (fclose(f) != 0 && rc == HO_OK)
        rc = ho_diag_set(&diag, HO_EIO, "cannot write '%s'", path);
    if (rc != HO_OK)
        return ho_cli_fail(&diag);
    fprintf(stderr, "generated %llu events for %u leads in %u accounts: %s\n",
            (unsigned long long)st.events, st.leads, st.accounts, path);
    return HO_EXIT_OK;
}

static void
remove_db(const char *db)
{
    static const char *const suffixes[] = { "", "-wal", "-shm" };
    for (size_t i = 0; i < HO_ARRAY_LEN(suffixes); i++) {
        struct ho_buf p = HO_BUF_INIT;
        ho_buf_printf(&p, "%s%s", db, suffixes[i]);
        (void)unlink(ho_buf_cstr(&p));
        ho_buf_release(&p);
    }
}

static int
parse_u64(const char *opt, const char *s, uint64_t max, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || v == 0 || v > max) {
        ho_cli_error("%s '%s': expected a whole number from 1 to %llu", opt, s,
                     (unsigned long long)max);
        return HO_EXIT_USAGE;
    }
    *out = v;
    return HO_EXIT_OK;
}

/* text quoted for a POSIX shell when it holds anything but [A-Za-z0-9_./@:+-]. */
static void
shell_word(struct ho_buf *out, const char *text)
{
    if (*text && strspn(text, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                              "0123456789_./@:+-") == strlen(text)) {
        ho_buf_adds(out, text);
        return;
    }
    ho_buf_addc(out, '\'');
    for (const char *p = text; *p; p++) {
        if (*p == '\'')
            ho_buf_adds(out, "'\\''");
        else
            ho_buf_addc(out, *p);
    }
    ho_buf_addc(out, '\'');
}

/* A lead that became an MQL (the first stored), for the explain hint; NULL
 * when there is none.  Owned by the caller. */
static char *
an_mql_lead(struct ho_app *cli)
{
    struct ho_strtab *strings = ho_strtab_new();
    struct ho_journey_row *rows = NULL;
    size_t n = 0;
    char *lead = NULL;
    if (ho_store_load_journeys(cli->st, strings, &rows, &n, NULL) == HO_OK) {
        for (size_t i = 0; i < n && !lead; i++) {
            if (rows[i].j.entered[HO_STAGE_MQL] != HO_TIME_NONE)
                lead = ho_xstrdup(ho_strtab_str(strings, rows[i].lead));
        }
    }
    ho_xfree(rows);
    ho_strtab_free(strings);
    return lead;
}

/* One hint: the program, the command, --db and what follows. */
static void
hint(const char *label, const char *command, const char *db, const char *rest)
{
    struct ho_buf line = HO_BUF_INIT;
    shell_word(&line, ho_cli_program());
    ho_buf_printf(&line, " %s --db ", command);
    shell_word(&line, db);
    ho_buf_adds(&line, rest);
    printf("%-7s%s\n", label, ho_buf_cstr(&line));
    ho_buf_release(&line);
}

/* The commands to try next, each runnable as typed from this directory. */
static void
print_hints(struct ho_app *cli, const char *db)
{
    struct ho_buf explain = HO_BUF_INIT;
    char *lead = an_mql_lead(cli);
    printf("\nDatabase: %s\n", db);
    hint("Next:", "report funnel", db, " --by channel");
    hint("", "queue", db, "");
    if (lead) {
        ho_buf_adds(&explain, "explain ");
        shell_word(&explain, lead);
        hint("", ho_buf_cstr(&explain), db, "");
    }
    ho_buf_release(&explain);
    ho_xfree(lead);
}

/* The funnel by channel over the whole period, as of the end of the data's
 * last month (the start of the next): every month of the demo data is
 * complete, none is marked incomplete. */
static int
print_funnel(struct ho_app *app)
{
    const struct ho_report_def *r = ho_report_find("funnel");
    void *ro = ho_report_opts_new(r);
    struct ho_report_common *c = ro;
    c->at_given = true;
    c->at = ho_month_index_start(ho_time_month_index(ho_app_data_as_of(app)) + 1);
    int ex = HO_EXIT_ERROR;
    if (ho_report_opts_set(r, ro, "by", "channel", NULL) == HO_OK &&
        ho_report_opts_set(r, ro, "period", "all", NULL) == HO_OK)
        ex = ho_cli_run_report(app, r, ro, HO_FORMAT_TABLE);
    ho_report_opts_free(ro);
    return ex;
}

static int
run_demo(const char *dir, const struct ho_demo_opts *o, bool wide)
{
    struct ho_buf events = HO_BUF_INIT, db = HO_BUF_INIT;
    ho_buf_printf(&events, "%s/events.jsonl", dir);
    ho_buf_printf(&db, "%s/handoff.db", dir);
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        ho_cli_error("cannot create directory '%s': %s", dir, strerror(errno));
        ho_buf_release(&events);
        ho_buf_release(&db);
        return HO_EXIT_ERROR;
    }
    int ex = generate(ho_buf_cstr(&events), o);
    struct ho_app cli;
    memset(&cli, 0, sizeof(cli));
    if (ex == HO_EXIT_OK) {
        remove_db(ho_buf_cstr(&db));
        ex = ho_cli_open_as(&cli, ho_buf_cstr(&db), HO_CLI_CREATE);
    }
    if (ex == HO_EXIT_OK)
        ex = ho_cli_activate_example_defs(&cli);
    if (ex == HO_EXIT_OK)
        ex = ho_cli_open_engine(&cli);
    if (ex == HO_EXIT_OK) {
        char *paths[] = { events.ptr };
        ex = ho_cli_import_paths(&cli, paths, 1, NULL);
    }
    if (ex == HO_EXIT_OK) {
        printf("\n");
        ho_cli_fit_begin(wide);
        ex = print_funnel(&cli);
        ho_cli_fit_end(); /* the hints below must stay whole: they are to be run */
        print_hints(&cli, ho_buf_cstr(&db));
    }
    if (cli.st)
        ho_cli_close(&cli);
    ho_buf_release(&events);
    ho_buf_release(&db);
    return ex;
}

int
ho_cmd_demo(int argc, char **argv)
{
    static const struct option opts[] = {
        { "dir", required_argument, NULL, 'd' },  { "leads", required_argument, NULL, 'l' },
        { "seed", required_argument, NULL, 's' }, { "help", no_argument, NULL, 'h' },
        { "wide", no_argument, NULL, 'w' },       { NULL, 0, NULL, 0 }
    };
    const char *dir = "handoff-demo";
    bool wide = false;
    struct ho_demo_opts o;
    ho_demo_opts_default(&o);
    uint64_t v;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:l:s:wh", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            dir = optarg;
            break;
        case 'l':
            if (parse_u64("--leads", optarg, HO_DEMO_MAX_LEADS, &v) != HO_EXIT_OK)
                return HO_EXIT_USAGE;
            o.leads = (uint32_t)v;
            break;
        case 's':
            if (parse_u64("--seed", optarg, UINT64_MAX, &v) != HO_EXIT_OK)
                return HO_EXIT_USAGE;
            o.seed = v;
            break;
        case 'w':
            wide = true;
            break;
        case 'h':
            return ho_cli_usage(usage_text, true);
        default:
            return ho_cli_usage(usage_text, false);
        }
    }
    if (optind != argc)
        return ho_cli_usage(usage_text, false);
    return run_demo(dir, &o, wide);
}
