/* SPDX-License-Identifier: MIT */
/*
 * cli/cmd_defs_versions.c - the stored definitions versions (issue 14):
 * `handoff defs propose|sign|activate|history|show`.  The use cases are in
 * app/defs_versions.h; this file parses argv and prints.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/defs_versions.h"
#include "base/buf.h"
#include "base/timefmt.h"
#include "core/defs_diff.h"
#include "cli/cli.h"
#include "cli/cmd_defs_int.h"
#include "cli/exitcode.h"
#include "defs/defs_yaml.h"
#include "engine/engine.h"

enum {
    OPT_DB = 'd',
    OPT_BY = 'b',
    OPT_AS = 'a',
    OPT_FILE = 'F',
    OPT_HASH = 'H',
    OPT_FORCE = 'f',
    OPT_EFFECTIVE = 'E'
};

struct opts {
    const char *db, *by, *as, *file, *hash;
    bool force, json, table;
    int64_t effective; /* INT64_MIN: not given (now) */
};

/* Parse the options of a subcommand (argv[0] is its name); the positional
 * arguments are argv[optind..argc).  0, or an exit code (usage, --help). */
static int
parse(int argc, char **argv, struct opts *o, const char *usage)
{
    static const struct option long_opts[] = { { "db", required_argument, NULL, OPT_DB },
                                               { "by", required_argument, NULL, OPT_BY },
                                               { "as", required_argument, NULL, OPT_AS },
                                               { "file", required_argument, NULL, OPT_FILE },
                                               { "hash", required_argument, NULL, OPT_HASH },
                                               { "force", no_argument, NULL, OPT_FORCE },
                                               { "effective", required_argument, NULL,
                                                 OPT_EFFECTIVE },
                                               { "json", no_argument, NULL, 'j' },
                                               { "help", no_argument, NULL, 'h' },
                                               { "table", no_argument, NULL, 't' },
                                               { NULL, 0, NULL, 0 } };
    int c;
    memset(o, 0, sizeof(*o));
    o->effective = INT64_MIN;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:fh", long_opts, NULL)) != -1) {
        switch (c) {
        case OPT_DB:
            o->db = optarg;
            break;
        case OPT_BY:
            o->by = optarg;
            break;
        case OPT_AS:
            o->as = optarg;
            break;
        case OPT_FILE:
            o->file = optarg;
            break;
        case OPT_HASH:
            o->hash = optarg;
            break;
        case OPT_FORCE:
            o->force = true;
            break;
        case OPT_EFFECTIVE:
            if (ho_cli_parse_time("--effective", optarg, &o->effective) != HO_EXIT_OK)
                return HO_EXIT_USAGE;
            break;
        case 'j':
            o->json = true;
            break;
        case 't':
            o->table = true;
            break;
        case 'h':
            return ho_cli_usage(usage, true) == HO_EXIT_OK ? -1 : HO_EXIT_USAGE;
        default:
            return ho_cli_usage(usage, false);
        }
    }
    return HO_EXIT_OK;
}

/* A version number argument; false (and a usage message) when not one. */
static bool
parse_number(const char *s, int64_t *out)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < 1)
        return false;
    *out = v;
    return true;
}

static int
open_db(struct ho_app *app, const char *db, enum ho_cli_access access)
{
    return ho_cli_open_as(app, db, access);
}

/* After a new version became active: recompute every lead under it. */
static int
recompute(struct ho_app *app)
{
    struct ho_diag diag = { 0 };
    struct ho_commit_stats stats;
    int ex = ho_cli_open_engine(app);
    if (ex == HO_EXIT_OK && ho_engine_rebuild(app->eng, &stats, &diag) != HO_OK)
        ex = ho_cli_fail(&diag);
    else if (ex == HO_EXIT_OK)
        fprintf(stderr, "recomputed %zu leads, %zu journeys under version %lld\n", stats.leads,
                stats.journeys, (long long)app->defs_id);
    return ex;
}

/* ---- propose ---- */

static const char propose_usage[] =
    "usage: handoff defs propose FILE --by NAME [--db FILE]\n"
    "\n"
    "Stores FILE as a draft version (not active).  The store numbers versions\n"
    "1, 2, 3 ... and identifies each by the SHA-256 of its content (comments,\n"
    "layout, version: and the owners' signed: left out); the file's version:\n"
    "must be the number it gets: the next free one for new content, the stored\n"
    "one for content already stored.  Then each owner signs it\n"
    "(handoff defs sign N) and it is activated (handoff defs activate N).\n";

int
ho_cmd_defs_propose(int argc, char **argv)
{
    struct opts o;
    int ex = parse(argc, argv, &o, propose_usage);
    if (ex != HO_EXIT_OK)
        return ex < 0 ? HO_EXIT_OK : ex;
    if (optind + 1 != argc || o.by == NULL)
        return ho_cli_usage(propose_usage, false);
    const char *path = argv[optind];
    struct ho_diag diag = { 0 };
    struct ho_buf text = HO_BUF_INIT, errors = HO_BUF_INIT;
    struct ho_app app;
    struct ho_defs_stored st;
    ex = open_db(&app, o.db, HO_CLI_CREATE);
    if (ex == HO_EXIT_OK && ho_app_read_defs_file(path, &text, &diag) != HO_OK)
        ex = ho_cli_fail(&diag);
    if (ex == HO_EXIT_OK && ho_app_defs_propose(&app, ho_buf_cstr(&text), text.len, path, o.by,
                                                ho_cli_now(), &errors, &st, &diag) != HO_OK) {
        fputs(ho_buf_cstr(&errors), stderr);
        ex = ho_cli_fail(&diag);
    }
    if (ex == HO_EXIT_OK && st.existed)
        printf("%s is definitions version %lld already (hash %.12s): nothing stored\n", path,
               (long long)st.number, st.hash);
    else if (ex == HO_EXIT_OK)
        printf("stored %s as definitions version %lld (hash %.12s), not active; next: handoff "
               "defs sign %lld --as marketing|sales --by NAME\n",
               path, (long long)st.number, st.hash, (long long)st.number);
    ho_buf_release(&text);
    ho_buf_release(&errors);
    ho_cli_close(&app);
    return ex;
}

/* ---- sign ---- */

static const char sign_usage[] =
    "usage: handoff defs sign N --as marketing|sales --by NAME [--file FILE] [--hash HASH]\n"
    "                        [--db FILE]\n"
    "\n"
    "Records NAME's sign-off for one owner side on stored version N, bound to\n"
    "the hash of its content (handoff defs show N, handoff defs history).\n"
    "--file FILE: the copy you reviewed; refused when its content is not\n"
    "version N's (it changed since it was proposed).  --hash HASH: the hash\n"
    "(or its first digits) you reviewed; refused when it is not version N's.\n";

int
ho_cmd_defs_sign(int argc, char **argv)
{
    struct opts o;
    int64_t number = 0;
    int ex = parse(argc, argv, &o, sign_usage);
    if (ex != HO_EXIT_OK)
        return ex < 0 ? HO_EXIT_OK : ex;
    if (optind + 1 != argc || !parse_number(argv[optind], &number) || o.by == NULL || o.as == NULL)
        return ho_cli_usage(sign_usage, false);
    enum ho_defs_side side = HO_SIDE_MARKETING;
    if (strcmp(o.as, "sales") == 0)
        side = HO_SIDE_SALES;
    else if (strcmp(o.as, "marketing") != 0) {
        ho_cli_error("--as '%s': write --as marketing or --as sales", o.as);
        return HO_EXIT_USAGE;
    }
    struct ho_diag diag = { 0 };
    struct ho_buf text = HO_BUF_INIT;
    struct ho_app app;
    struct ho_defs_sign_check check = { .file = o.file, .hash_prefix = o.hash };
    ex = open_db(&app, o.db, HO_CLI_WRITE);
    if (ex == HO_EXIT_OK && o.file && ho_app_read_defs_file(o.file, &text, &diag) != HO_OK)
        ex = ho_cli_fail(&diag);
    check.file_text = ho_buf_cstr(&text);
    check.file_len = text.len;
    if (ex == HO_EXIT_OK &&
        ho_app_defs_sign(&app, number, side, o.by, &check, ho_cli_now(), &diag) != HO_OK)
        ex = ho_cli_fail(&diag);
    if (ex == HO_EXIT_OK)
        printf("version %lld signed for %s by %s\n", (long long)number, o.as, o.by);
    ho_buf_release(&text);
    ho_cli_close(&app);
    return ex;
}

/* ---- activate ---- */

static const char activate_usage[] =
    "usage: handoff defs activate N [--effective TIME] [--force] [--by NAME] [--db FILE]\n"
    "       handoff defs activate FILE [--force] [--db FILE]\n"
    "\n"
    "Makes stored version N the active one.  It takes over the leads at the\n"
    "data's as-of time, the latest event imported (or at --effective TIME, never\n"
    "before the version before it took effect): events up to then stay judged by\n"
    "the version that was in force, every lead is re-evaluated under N at that\n"
    "time, and later events are judged by N.  To judge all history by one\n"
    "version, restate it with handoff rebuild --as-of-version N (recorded).\n"
    "It needs a sign-off from each owner side its owners: section lists (both\n"
    "when it lists none) on its current hash; the refusal names the side that\n"
    "is missing.  --force activates it anyway and records that it was forced,\n"
    "what was missing and --by.  Every activation is recorded with its time\n"
    "(handoff defs history).\n"
    "With FILE: stores it as a version first (as init/import --defs do; the\n"
    "file's owners.*.signed dates count as sign-offs, recorded as such).\n";

int
ho_cmd_defs_activate(int argc, char **argv)
{
    struct opts o;
    int64_t number = 0;
    int ex = parse(argc, argv, &o, activate_usage);
    if (ex != HO_EXIT_OK)
        return ex < 0 ? HO_EXIT_OK : ex;
    if (optind + 1 != argc)
        return ho_cli_usage(activate_usage, false);
    struct ho_app app;
    struct ho_diag diag = { 0 };
    bool by_number = parse_number(argv[optind], &number);
    ex = open_db(&app, o.db, by_number ? HO_CLI_WRITE : HO_CLI_CREATE);
    struct ho_defs_activate_opts ao = { .force = o.force, .by = o.by, .effective = o.effective };
    if (!by_number && o.effective != INT64_MIN) {
        fputs("handoff defs activate: --effective needs a stored version number (store the "
              "file with defs propose first)\n",
              stderr);
        ex = ex == HO_EXIT_OK ? HO_EXIT_USAGE : ex;
    }
    if (ex == HO_EXIT_OK && by_number &&
        ho_app_defs_activate_with(&app, number, &ao, ho_cli_now(), &diag) != HO_OK)
        ex = ho_cli_fail(&diag);
    else if (ex == HO_EXIT_OK && !by_number)
        ex = ho_cli_activate_defs_file(&app, argv[optind], o.force);
    if (ex == HO_EXIT_OK && !app.defs_changed)
        fprintf(stderr, "definitions version %lld is active already\n", (long long)app.defs_id);
    else if (ex == HO_EXIT_OK) {
        fprintf(stderr, "definitions version %lld active\n", (long long)app.defs_id);
        ex = recompute(&app);
    }
    ho_cli_close(&app);
    return ex;
}

/* ---- history ---- */

static const char history_usage[] =
    "usage: handoff defs history [--db FILE] [--json]\n"
    "\n"
    "Lists every stored definitions version: its number, the first 12 digits of\n"
    "its content hash, who proposed it and when, its sign-offs (a sign-off on an\n"
    "earlier hash is shown as stale; 'from the file' marks the owners.*.signed\n"
    "dates of a file activated with init/import --defs), and when it was active.\n";

static void
json_str(const char *s)
{
    if (s == NULL) {
        fputs("null", stdout);
        return;
    }
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            printf("\\%c", *p);
        else if (*p < 0x20)
            printf("\\u%04x", *p);
        else
            putchar(*p);
    }
    putchar('"');
}

static void
json_time(int64_t ms)
{
    char t[HO_TIME_STRLEN];
    if (ms == 0)
        fputs("null", stdout);
    else
        json_str(ho_time_format(ms, t));
}

static void
print_history_json(const struct ho_defs_history *h)
{
    fputs("{\"versions\":[", stdout);
    for (size_t i = 0; i < h->n; i++) {
        const struct ho_defs_history_item *it = &h->items[i];
        printf("%s{\"number\":%lld,\"version\":%lld,\"hash\":", i ? "," : "", (long long)it->number,
               (long long)it->version);
        json_str(it->hash);
        fputs(",\"author\":", stdout);
        json_str(it->author);
        fputs(",\"proposed_at\":", stdout);
        json_time(it->proposed_at);
        printf(",\"active\":%s,\"signoffs\":[", it->active ? "true" : "false");
        for (size_t k = 0; k < it->n_signoffs; k++) {
            const struct ho_defs_signoff_info *s = &it->signoffs[k];
            printf("%s{\"side\":\"%s\",\"by\":", k ? "," : "", ho_defs_side_name(s->side));
            json_str(s->by);
            fputs(",\"at\":", stdout);
            json_time(s->at);
            printf(",\"from_file\":%s,\"current\":%s}", s->from_file ? "true" : "false",
                   s->current ? "true" : "false");
        }
        fputs("],\"active_spans\":[", stdout);
        for (size_t k = 0; k < it->n_spans; k++) {
            const struct ho_defs_span *sp = &it->spans[k];
            printf("%s{\"from\":", k ? "," : "");
            json_time(sp->from);
            fputs(",\"to\":", stdout);
            json_time(sp->to);
            printf(",\"forced\":%s,\"by\":", sp->forced ? "true" : "false");
            json_str(sp->by);
            fputs(",\"missing\":", stdout);
            json_str(sp->missing);
            fputs(",\"effective\":", stdout);
            json_time(sp->effective);
            printf(",\"restatement\":%s}", sp->restatement ? "true" : "false");
        }
        fputs("]}", stdout);
    }
    fputs("]}\n", stdout);
}

static void
print_signoff(const struct ho_defs_signoff_info *s)
{
    char t[HO_TIME_STRLEN];
    printf("  signed: %-9s by %s at %s%s%s\n", ho_defs_side_name(s->side), s->by,
           ho_time_format(s->at, t), s->from_file ? " (from the file)" : "",
           s->current ? "" : " (stale: another hash)");
}

static void
print_span(const struct ho_defs_span *sp)
{
    char t1[HO_TIME_STRLEN], t2[HO_TIME_STRLEN];
    printf("  active: %s -> %s", ho_time_format(sp->from, t1),
           sp->to ? ho_time_format(sp->to, t2) : "now");
    if (sp->forced)
        printf(" (forced%s%s%s%s)", sp->missing ? ": not signed by " : "",
               sp->missing ? sp->missing : "", sp->by ? ", by " : "", sp->by ? sp->by : "");
    else if (sp->by)
        printf(" (by %s)", sp->by);
    if (sp->restatement)
        fputs("; restatement: it judges all history", stdout);
    else if (sp->effective != sp->from)
        printf("; in force from %s", ho_time_format(sp->effective, t1));
    putchar('\n');
}

static void
print_history_table(const struct ho_defs_history *h)
{
    char t[HO_TIME_STRLEN];
    if (h->n == 0)
        puts("no definitions versions stored yet");
    for (size_t i = 0; i < h->n; i++) {
        const struct ho_defs_history_item *it = &h->items[i];
        printf("version %lld  hash %.12s", (long long)it->number, it->hash);
        if (it->version != it->number)
            printf("  (file says version %lld)", (long long)it->version);
        if (it->proposed_at)
            printf("  proposed %s", ho_time_format(it->proposed_at, t));
        if (it->author)
            printf(" by %s", it->author);
        puts(it->active ? "  [active]" : "");
        if (it->n_signoffs == 0)
            puts("  signed: nobody yet");
        for (size_t k = 0; k < it->n_signoffs; k++)
            print_signoff(&it->signoffs[k]);
        for (size_t k = 0; k < it->n_spans; k++)
            print_span(&it->spans[k]);
    }
}

int
ho_cmd_defs_history(int argc, char **argv)
{
    struct opts o;
    int ex = parse(argc, argv, &o, history_usage);
    if (ex != HO_EXIT_OK)
        return ex < 0 ? HO_EXIT_OK : ex;
    if (optind != argc)
        return ho_cli_usage(history_usage, false);
    struct ho_app app;
    struct ho_diag diag = { 0 };
    struct ho_defs_history h = { 0 };
    ex = open_db(&app, o.db, HO_CLI_READ);
    if (ex == HO_EXIT_OK && ho_app_defs_history(&app, &h, &diag) != HO_OK)
        ex = ho_cli_fail(&diag);
    if (ex == HO_EXIT_OK && o.json)
        print_history_json(&h);
    else if (ex == HO_EXIT_OK)
        print_history_table(&h);
    ho_defs_history_release(&h);
    ho_cli_close(&app);
    return ex;
}

/* ---- show ---- */

static const char show_usage[] = "usage: handoff defs show [N] [--db FILE]\n"
                                 "\n"
                                 "Prints the stored text of version N (default: the active one)\n"
                                 "exactly as it was stored; its number and hash go to stderr.\n";

int
ho_cmd_defs_show(int argc, char **argv)
{
    struct opts o;
    int64_t number = 0;
    int ex = parse(argc, argv, &o, show_usage);
    if (ex != HO_EXIT_OK)
        return ex < 0 ? HO_EXIT_OK : ex;
    if (optind + 1 < argc || (optind < argc && !parse_number(argv[optind], &number)))
        return ho_cli_usage(show_usage, false);
    struct ho_app app;
    struct ho_diag diag = { 0 };
    struct ho_buf text = HO_BUF_INIT;
    ex = open_db(&app, o.db, HO_CLI_READ);
    if (ex == HO_EXIT_OK && ho_app_defs_text(&app, number, &text, &number, &diag) != HO_OK)
        ex = ho_cli_fail(&diag);
    if (ex == HO_EXIT_OK) {
        char hash[HO_DEFS_HASH_HEX + 1];
        struct ho_buf normal = HO_BUF_INIT;
        hash[0] = '\0';
        if (ho_defs_normal_form(ho_buf_cstr(&text), text.len, &normal, NULL) == HO_OK)
            (void)ho_defs_sha256_hex(normal.ptr ? normal.ptr : "", normal.len, hash);
        ho_buf_release(&normal);
        fprintf(stderr, "definitions version %lld, hash %s\n", (long long)number, hash);
        fwrite(ho_buf_cstr(&text), 1, text.len, stdout);
    }
    ho_buf_release(&text);
    ho_cli_close(&app);
    return ex;
}

/* ---- diff ---- */

static const char diff_usage[] =
    "usage: handoff defs diff A B [--db FILE] [--table | --json]\n"
    "\n"
    "What changed from A to B, rule by rule, in words (\"fit rule senior_title:\n"
    "points 10 -> 15\"): points, caps, windows, thresholds, criteria, disqualifiers,\n"
    "SLAs, routing (and its order), reps, reasons, channels, stages, mapping.\n"
    "A and B are stored version numbers (with --db) or definitions files.\n"
    "--table: one row per change (kind, item, field, before, after); --json.\n";

/* The text of a diff side: a stored version number, or a file. */
static int
diff_side(struct ho_app *app, bool *opened, const struct opts *o, const char *arg,
          struct ho_buf *text, char *name, size_t name_size)
{
    struct ho_diag diag = { 0 };
    int64_t number = 0;
    if (!parse_number(arg, &number)) {
        (void)snprintf(name, name_size, "%s", arg);
        return ho_app_read_defs_file(arg, text, &diag) == HO_OK ? HO_EXIT_OK : ho_cli_fail(&diag);
    }
    (void)snprintf(name, name_size, "version %lld", (long long)number);
    if (!*opened) {
        int ex = open_db(app, o->db, HO_CLI_READ);
        if (ex != HO_EXIT_OK)
            return ex;
        *opened = true;
    }
    if (ho_app_defs_text(app, number, text, &number, &diag) != HO_OK)
        return ho_cli_fail(&diag);
    return HO_EXIT_OK;
}

static void
print_diff_json(const char *a, const char *b, const struct ho_defs_diff *d)
{
    struct ho_buf words = HO_BUF_INIT;
    fputs("{\"from\":", stdout);
    json_str(a);
    fputs(",\"to\":", stdout);
    json_str(b);
    fputs(",\"changes\":[", stdout);
    for (size_t i = 0; i < d->n; i++) {
        const struct ho_defs_change *c = &d->v[i];
        ho_buf_reset(&words);
        ho_defs_change_words(c, &words);
        printf("%s{\"kind\":\"%s\",\"section\":", i ? "," : "", ho_defs_change_kind_name(c->kind));
        json_str(c->section);
        fputs(",\"item\":", stdout);
        json_str(c->item);
        fputs(",\"field\":", stdout);
        json_str(c->field);
        fputs(",\"before\":", stdout);
        json_str(c->before);
        fputs(",\"after\":", stdout);
        json_str(c->after);
        fputs(",\"text\":", stdout);
        json_str(ho_buf_cstr(&words));
        putchar('}');
    }
    fputs("]}\n", stdout);
    ho_buf_release(&words);
}

static void
print_diff_table(const struct ho_defs_diff *d)
{
    printf("%-8s %-40s %-20s %-24s %s\n", "CHANGE", "ITEM", "FIELD", "BEFORE", "AFTER");
    for (size_t i = 0; i < d->n; i++) {
        const struct ho_defs_change *c = &d->v[i];
        printf("%-8s %-40s %-20s %-24s %s\n", ho_defs_change_kind_name(c->kind), c->item,
               c->field[0] ? c->field : "-", c->before ? c->before : "-",
               c->after ? c->after : "-");
    }
}

int
ho_cmd_defs_diff(int argc, char **argv)
{
    struct opts o;
    int ex = parse(argc, argv, &o, diff_usage);
    if (ex != HO_EXIT_OK)
        return ex < 0 ? HO_EXIT_OK : ex;
    if (optind + 2 != argc || (o.json && o.table))
        return ho_cli_usage(diff_usage, false);
    struct ho_app app;
    bool opened = false;
    struct ho_buf ta = HO_BUF_INIT, tb = HO_BUF_INIT;
    struct ho_defs_diff d = { 0 };
    struct ho_diag diag = { 0 };
    char na[300], nb[300];
    memset(&app, 0, sizeof(app));
    ex = diff_side(&app, &opened, &o, argv[optind], &ta, na, sizeof(na));
    if (ex == HO_EXIT_OK)
        ex = diff_side(&app, &opened, &o, argv[optind + 1], &tb, nb, sizeof(nb));
    if (ex == HO_EXIT_OK && ho_defs_diff_texts(ho_buf_cstr(&ta), ta.len, na, ho_buf_cstr(&tb),
                                               tb.len, nb, &d, &diag) != HO_OK)
        ex = ho_cli_fail(&diag);
    if (ex == HO_EXIT_OK && o.json)
        print_diff_json(na, nb, &d);
    else if (ex == HO_EXIT_OK && o.table)
        print_diff_table(&d);
    else if (ex == HO_EXIT_OK) {
        struct ho_buf words = HO_BUF_INIT;
        if (d.n == 0)
            printf("%s and %s: no changes\n", na, nb);
        for (size_t i = 0; i < d.n; i++) {
            ho_buf_reset(&words);
            ho_defs_change_words(&d.v[i], &words);
            puts(ho_buf_cstr(&words));
        }
        ho_buf_release(&words);
    }
    ho_defs_diff_release(&d);
    ho_buf_release(&ta);
    ho_buf_release(&tb);
    if (opened)
        ho_cli_close(&app);
    return ex;
}
