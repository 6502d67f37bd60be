/* SPDX-License-Identifier: MIT */
/*
 * cli/cmd_token.c - `handoff token create --scope SCOPE [--name N]`,
 * `handoff token list`, `handoff token revoke ID` (API tokens of serve).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "app/tokens.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/exitcode.h"

static const char usage_text[] =
    "usage: handoff token create --scope ingest|read|write|admin [--name NAME] [--db FILE]\n"
    "       handoff token list [--db FILE]\n"
    "       handoff token revoke ID [--db FILE]\n"
    "\n"
    "API tokens of `handoff serve`.  create prints the new token once on stdout:\n"
    "only its SHA-256 is stored, so it cannot be shown again.  Scopes: ingest (the\n"
    "ingestion routes; a Segment write key is an ingest token, sent as the Basic\n"
    "auth user), read (leads, reports, metrics), write (read and ingest), admin\n"
    "(everything).  list shows each token's id, scope, name, creation time and\n"
    "revocation; revoke ID stops it (a running server refuses it within a second).\n";

static int
create(const char *db, const char *scope_text, const char *name)
{
    enum ho_token_scope scope;
    if (!scope_text || !ho_token_scope_parse(scope_text, &scope)) {
        ho_cli_error("--scope: write ingest, read, write or admin");
        return HO_EXIT_USAGE;
    }
    struct ho_app app;
    int ex = ho_cli_open_as(&app, db, HO_CLI_WRITE);
    struct ho_diag diag = { 0 };
    char text[HO_TOKEN_TEXT_LEN + 1];
    struct ho_token_row row;
    if (ex == HO_EXIT_OK &&
        ho_app_token_create(&app, scope, name, ho_cli_now(), text, &row, &diag) != HO_OK)
        ex = ho_cli_fail(&diag);
    if (ex == HO_EXIT_OK) {
        printf("%s\n", text);
        fprintf(stderr, "created token %s (scope %s); it is shown only now\n", row.id, row.scope);
    }
    ho_cli_close(&app);
    return ex;
}

static int
list(const char *db)
{
    struct ho_app app;
    int ex = ho_cli_open_as(&app, db, HO_CLI_READ);
    struct ho_diag diag = { 0 };
    struct ho_token_row *rows = NULL;
    size_t n = 0;
    if (ex == HO_EXIT_OK && ho_store_load_tokens(app.st, &rows, &n, &diag) != HO_OK)
        ex = ho_cli_fail(&diag);
    if (ex == HO_EXIT_OK)
        printf("%-16s  %-6s  %-20s  %-24s  %s\n", "ID", "SCOPE", "NAME", "CREATED", "REVOKED");
    for (size_t i = 0; ex == HO_EXIT_OK && i < n; i++) {
        char c[HO_TIME_STRLEN], r[HO_TIME_STRLEN];
        printf("%-16s  %-6s  %-20s  %-24s  %s\n", rows[i].id, rows[i].scope,
               rows[i].name[0] ? rows[i].name : "-", ho_time_format(rows[i].created, c),
               rows[i].revoked ? ho_time_format(rows[i].revoked, r) : "-");
    }
    ho_xfree(rows);
    ho_cli_close(&app);
    return ex;
}

static int
revoke(const char *db, const char *id)
{
    struct ho_app app;
    int ex = ho_cli_open_as(&app, db, HO_CLI_WRITE);
    struct ho_diag diag = { 0 };
    if (ex == HO_EXIT_OK && ho_app_token_revoke(&app, id, ho_cli_now(), &diag) != HO_OK)
        ex = ho_cli_fail(&diag);
    if (ex == HO_EXIT_OK)
        fprintf(stderr, "revoked token %s\n", id);
    ho_cli_close(&app);
    return ex;
}

int
ho_cmd_token(int argc, char **argv)
{
    static const struct option opts[] = { { "db", required_argument, NULL, 'd' },
                                          { "scope", required_argument, NULL, 's' },
                                          { "name", required_argument, NULL, 'n' },
                                          { "help", no_argument, NULL, 'h' },
                                          { NULL, 0, NULL, 0 } };
    if (argc < 2 || argv[1][0] == '-') {
        bool help = argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));
        return ho_cli_usage(usage_text, help);
    }
    const char *sub = argv[1];
    const char *db = NULL, *scope = NULL, *name = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc - 1, argv + 1, "d:s:n:h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 's':
            scope = optarg;
            break;
        case 'n':
            name = optarg;
            break;
        case 'h':
            return ho_cli_usage(usage_text, true);
        default:
            return ho_cli_usage(usage_text, false);
        }
    }
    int rest = argc - 1 - optind;
    if (strcmp(sub, "create") == 0 && rest == 0)
        return create(db, scope, name);
    if (strcmp(sub, "list") == 0 && rest == 0 && !scope && !name)
        return list(db);
    if (strcmp(sub, "revoke") == 0 && rest == 1 && !scope && !name)
        return revoke(db, argv[1 + optind]);
    return ho_cli_usage(usage_text, false);
}
