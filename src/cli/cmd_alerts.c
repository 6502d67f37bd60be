/* SPDX-License-Identifier: MIT */
/*
 * cli/cmd_alerts.c - `handoff alerts deliver|list|retry|test` (issue 11): the
 * alert outbox and its delivery worker (notify/deliver.h).
 */
#include <curl/curl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/timefmt.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/exitcode.h"
#include "notify/deliver.h"
#include "notify/outbox_json.h"
#include "store/store.h"

#define POLL_MS 200

static const char usage_text[] =
    "usage: handoff alerts deliver [--once | --drain] [--db FILE]\n"
    "       handoff alerts list [--status pending|sent|dead|skipped_backfill|skipped_rebuild]\n"
    "                           [--failed] [--since TIME] [--json] [--db FILE]\n"
    "       handoff alerts retry ID|--failed [--db FILE]\n"
    "       handoff alerts test DESTINATION|REP [--db FILE]\n"
    "\n"
    "Alerts are recorded in the alert outbox by the commit that causes them\n"
    "(import, serve, the sales commands).  deliver sends the pending ones to their\n"
    "destinations (signed Standard Webhooks, Slack incoming webhooks) and retries\n"
    "failures with exponential backoff until notify.retry_for, then marks them\n"
    "dead; it runs until SIGTERM or SIGINT, or one round with --once, or until no\n"
    "alert is pending with --drain.  list shows the outbox, oldest first (--failed:\n"
    "the dead ones).  retry ID makes an alert pending again with a new retry_for\n"
    "horizon; --failed, every dead one.  test sends one signed sample lead.mql\n"
    "(lead " HO_DELIVER_SAMPLE_LEAD ") to a destination of notify or to a rep's\n"
    "webhook, records nothing and exits 0 when it answered 2xx.\n";

static volatile sig_atomic_t stop_requested;

static void
on_stop(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static void
sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    (void)nanosleep(&ts, NULL);
}

static size_t
pending_count(struct ho_store *st)
{
    struct ho_outbox_query q = { .status = "pending", .due_by = INT64_MAX, .since = INT64_MIN };
    struct ho_outbox_row *rows = NULL;
    size_t n = 0;
    if (ho_store_load_alerts(st, &q, &rows, &n, NULL) != HO_OK)
        n = 0;
    ho_outbox_rows_free(rows, n);
    return n;
}

static int
deliver_loop(struct ho_app *app, bool once, bool drain)
{
    struct ho_deliverer *w = NULL;
    struct ho_diag diag = { 0 };
    if (ho_deliver_new(app->st, &app->defs, &w, &diag) != HO_OK)
        return ho_cli_fail(&diag);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_stop;
    (void)sigaction(SIGTERM, &sa, NULL);
    (void)sigaction(SIGINT, &sa, NULL);
    int ex = HO_EXIT_OK;
    struct ho_deliver_stats total = { 0 };
    while (!stop_requested) {
        struct ho_deliver_stats s;
        if (ho_deliver_round(w, ho_deliver_now(), &s, &diag) != HO_OK) {
            ex = ho_cli_fail(&diag);
            break;
        }
        total.sent += s.sent;
        total.failed += s.failed;
        total.dead += s.dead;
        if (once || (drain && pending_count(app->st) == 0))
            break;
        sleep_ms(POLL_MS);
    }
    ho_deliver_free(w);
    fprintf(stderr, "alerts: %zu sent, %zu failed attempts to retry, %zu dead\n", total.sent,
            total.failed, total.dead);
    return ex;
}

static int
deliver(const char *db, bool once, bool drain)
{
    struct ho_app app;
    int ex = ho_cli_open_as(&app, db, HO_CLI_WRITE);
    if (ex == HO_EXIT_OK)
        ex = ho_cli_load_active_defs(&app);
    if (ex == HO_EXIT_OK && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        ho_cli_error("cannot start libcurl");
        ex = HO_EXIT_ERROR;
    } else if (ex == HO_EXIT_OK) {
        ex = deliver_loop(&app, once, drain);
        curl_global_cleanup();
    }
    ho_cli_close(&app);
    return ex;
}

static void
print_table(const struct ho_outbox_row *rows, size_t n)
{
    printf("%-21s  %-18s  %-24s  %-8s  %-16s  %-8s  %s\n", "ID", "TYPE", "LEAD", "TARGET", "STATUS",
           "ATTEMPTS", "LAST");
    for (size_t i = 0; i < n; i++) {
        const struct ho_outbox_row *r = &rows[i];
        char last[32] = "-";
        if (r->http_status)
            (void)snprintf(last, sizeof(last), "HTTP %lld", (long long)r->http_status);
        printf("%-21s  %-18s  %-24s  %-8s  %-16s  %-8lld  %s\n", r->id, r->kind, r->lead, r->target,
               r->status, (long long)r->attempts,
               r->last_error && !r->http_status ? r->last_error : last);
    }
}

static int
list(const char *db, const char *status, int64_t since, bool json)
{
    struct ho_app app;
    int ex = ho_cli_open_as(&app, db, HO_CLI_READ);
    struct ho_diag diag = { 0 };
    struct ho_outbox_query q = { .status = status, .due_by = INT64_MAX, .since = since };
    struct ho_outbox_row *rows = NULL;
    size_t n = 0;
    if (ex == HO_EXIT_OK && ho_store_load_alerts(app.st, &q, &rows, &n, &diag) != HO_OK)
        ex = ho_cli_fail(&diag);
    if (ex == HO_EXIT_OK && json) {
        struct ho_buf out = HO_BUF_INIT;
        ho_outbox_json(rows, n, &out);
        printf("%s\n", ho_buf_cstr(&out));
        ho_buf_release(&out);
    } else if (ex == HO_EXIT_OK) {
        print_table(rows, n);
    }
    ho_outbox_rows_free(rows, n);
    ho_cli_close(&app);
    return ex;
}

static int
retry(const char *db, const char *id)
{
    struct ho_app app;
    int ex = ho_cli_open_as(&app, db, HO_CLI_WRITE);
    struct ho_diag diag = { 0 };
    size_t n = 0;
    ho_rc rc = ex == HO_EXIT_OK ? ho_store_begin(app.st, &diag) : HO_OK;
    if (ex == HO_EXIT_OK && rc == HO_OK)
        rc = ho_store_alert_retry(app.st, id, ho_cli_now(), &n, &diag);
    if (ex == HO_EXIT_OK && rc == HO_OK)
        rc = ho_store_commit(app.st, &diag);
    if (ex == HO_EXIT_OK && rc != HO_OK) {
        ho_store_rollback(app.st);
        ex = ho_cli_fail(&diag);
    }
    if (ex == HO_EXIT_OK)
        fprintf(stderr, "%zu alert rows pending again\n", n);
    ho_cli_close(&app);
    return ex;
}

static int
send_test(const char *db, const char *name)
{
    struct ho_app app;
    int ex = ho_cli_open_as(&app, db, HO_CLI_READ);
    if (ex == HO_EXIT_OK)
        ex = ho_cli_load_active_defs(&app);
    struct ho_deliverer *w = NULL;
    struct ho_diag diag = { 0 };
    if (ex == HO_EXIT_OK && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        ho_cli_error("cannot start libcurl");
        ex = HO_EXIT_ERROR;
    } else if (ex == HO_EXIT_OK) {
        long status = 0;
        ho_rc rc = ho_deliver_new(app.st, &app.defs, &w, &diag);
        if (rc == HO_OK)
            rc = ho_deliver_test(w, name, ho_deliver_now(), &status, &diag);
        if (rc == HO_OK)
            fprintf(stderr, "alerts test: '%s' answered HTTP %ld\n", name, status);
        else
            ex = ho_cli_fail(&diag);
        ho_deliver_free(w);
        curl_global_cleanup();
    }
    ho_cli_close(&app);
    return ex;
}

struct alerts_args {
    const char *db, *status;
    int64_t since;
    bool once, drain, json, failed;
};

static int
parse(int argc, char **argv, struct alerts_args *a)
{
    static const struct option opts[] = { { "db", required_argument, NULL, 'd' },
                                          { "status", required_argument, NULL, 's' },
                                          { "since", required_argument, NULL, 'S' },
                                          { "once", no_argument, NULL, 'o' },
                                          { "drain", no_argument, NULL, 'r' },
                                          { "json", no_argument, NULL, 'j' },
                                          { "failed", no_argument, NULL, 'f' },
                                          { "help", no_argument, NULL, 'h' },
                                          { NULL, 0, NULL, 0 } };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:s:S:orjfh", opts, NULL)) != -1) {
        if (c == 'd')
            a->db = optarg;
        else if (c == 's')
            a->status = optarg;
        else if (c == 'S' && ho_cli_parse_time("--since", optarg, &a->since) != HO_EXIT_OK)
            return HO_EXIT_USAGE;
        else if (c == 'o')
            a->once = true;
        else if (c == 'r')
            a->drain = true;
        else if (c == 'j')
            a->json = true;
        else if (c == 'f')
            a->failed = true;
        else if (c == 'h')
            return ho_cli_usage(usage_text, true);
        else if (c != 'S')
            return ho_cli_usage(usage_text, false);
    }
    return -1;
}

static bool
known_status(const char *s)
{
    static const char *const names[] = { "pending", "sent", "dead", "skipped_backfill",
                                         "skipped_rebuild" };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcmp(s, names[i]) == 0)
            return true;
    }
    return false;
}

int
ho_cmd_alerts(int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-') {
        bool help = argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));
        return ho_cli_usage(usage_text, help);
    }
    const char *sub = argv[1];
    struct alerts_args a = { .since = INT64_MIN };
    int ex = parse(argc - 1, argv + 1, &a);
    if (ex >= 0)
        return ex;
    int rest = argc - 1 - optind;
    if (strcmp(sub, "deliver") == 0 && rest == 0 && !(a.once && a.drain))
        return deliver(a.db, a.once, a.drain);
    if (strcmp(sub, "list") == 0 && rest == 0) {
        if (a.failed)
            a.status = "dead";
        if (a.status && !known_status(a.status)) {
            ho_cli_error("--status: write pending, sent, dead, skipped_backfill or "
                         "skipped_rebuild, not '%s'",
                         a.status);
            return HO_EXIT_USAGE;
        }
        return list(a.db, a.status, a.since, a.json);
    }
    if (strcmp(sub, "retry") == 0 && ((rest == 1 && !a.failed) || (rest == 0 && a.failed)))
        return retry(a.db, a.failed ? NULL : argv[1 + optind]);
    if (strcmp(sub, "test") == 0 && rest == 1)
        return send_test(a.db, argv[1 + optind]);
    return ho_cli_usage(usage_text, false);
}
