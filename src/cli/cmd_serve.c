/* SPDX-License-Identifier: MIT */
/*
 * cli/cmd_serve.c - `handoff serve [--db FILE] [--listen HOST:PORT]
 * [--threads N]`.
 */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/alerts_thread.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/exitcode.h"
#include "http/http.h"

static const char usage_text[] =
    "usage: handoff serve [--db FILE] [--listen HOST:PORT] [--threads N] [--alerts]\n"
    "                     [--defs FILE [--force]] [--tick MS] | --routes\n"
    "\n"
    "Runs the HTTP service on one database: POST /v1/events (the JSON Lines event\n"
    "format, one object or an array), the Segment HTTP API (/v1/track, identify,\n"
    "page, screen, group, alias, batch and /v1/t, i, p, s, g, a, b), GET /v1/leads\n"
    "(the lead list, its options as query parameters), GET /v1/queue, GET\n"
    "/v1/leads/ID (explain JSON, ?at=), GET /v1/reports/NAME?OPTION=VALUE...,\n"
    "GET /v1/definitions, /metrics,\n"
    "/livez, /readyz, and the dashboard at / (its files under /assets/).  A 2xx\n"
    "on an ingestion route means its events are committed (synchronous=FULL):\n"
    "they survive a crash or power loss after the response.\n"
    "--listen defaults to 127.0.0.1:8080; a non-loopback address is bound only\n"
    "when given here.  --threads: request threads (default: one per core; a request\n"
    "waiting for its commit holds none).  SIGTERM or SIGINT stops accepting,\n"
    "finishes the requests in flight, commits and exits 0.\n"
    "Every route but /livez, /readyz and the dashboard's files needs a token\n"
    "(handoff token create; the dashboard asks for one and sends it itself):\n"
    "Authorization: Bearer TOKEN, or a Segment write key (an ingest token) as the\n"
    "Basic auth user or writeKey.  Bodies may be gzip or deflate.\n"
    "Each request is logged on stderr as one logfmt line with its X-Request-Id.\n"
    "--defs FILE activates the definitions file at start (both owners' sign-off, or\n"
    "--force) and SIGHUP reads it again: a file with problems is rejected with its\n"
    "located errors in the log and the old definitions keep serving; without --defs,\n"
    "SIGHUP reloads the database's active definitions.\n"
    "--tick MS: every MS milliseconds (default 1000) the server records what the\n"
    "clock made due without an event: MQL aging, re-routing of waiting journeys,\n"
    "and the data's as-of time the SLA clocks and reports are measured to.\n"
    "--alerts also runs the alert delivery worker (handoff alerts deliver) as a thread.\n"
    "--routes prints the routing table (docs/openapi.json describes every route).\n";

/* Serve until SIGTERM or SIGINT (returned); SIGHUP reloads the definitions. */
static int
wait_for_stop(struct ho_http_server *srv, sigset_t *set, struct ho_buf *errors)
{
    struct ho_diag diag = { 0 };
    int sig = 0;
    for (;;) {
        if (sigwait(set, &sig) != 0)
            continue;
        if (sig != SIGHUP)
            break;
        int64_t version = 0;
        bool changed = false;
        ho_buf_reset(errors);
        if (ho_http_reload(srv, errors, &version, &changed, &diag) == HO_OK) {
            fprintf(stderr, "level=info msg=\"definitions reloaded\" version=%lld changed=%s\n",
                    (long long)version, changed ? "true" : "false");
        } else {
            fputs(ho_buf_cstr(errors), stderr);
            fprintf(stderr,
                    "level=error msg=\"definitions rejected; the old ones keep serving\" "
                    "reason=\"%s\"\n",
                    diag.msg);
        }
    }
    return sig;
}

/* A number of optarg's option from lo to hi, or a usage error naming it. */
static bool
ranged_number(const char *option, const char *what, long lo, long hi, long *out)
{
    char *end;
    long n = strtol(optarg, &end, 10);
    if (*end || end == optarg || n < lo || n > hi) {
        ho_cli_error("--%s '%s': write %s from %ld to %ld", option, optarg, what, lo, hi);
        return false;
    }
    *out = n;
    return true;
}

/* One request thread per core: requests waiting for their commit are
 * suspended and hold none, so more threads only add switching. */
static unsigned
default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 256 ? 256 : (unsigned)n;
}

struct serve_args {
    struct ho_http_opts o;
    const char *listen;
    bool with_alerts;
};

/* The options into *a: HO_EXIT_OK with *done false to serve; otherwise the
 * exit code (--help and --routes are done, a usage error too). */
static int
parse_args(int argc, char **argv, struct serve_args *a, bool *done)
{
    static const struct option opts[] = {
        { "db", required_argument, NULL, 'd' },      { "listen", required_argument, NULL, 'l' },
        { "threads", required_argument, NULL, 't' }, { "help", no_argument, NULL, 'h' },
        { "routes", no_argument, NULL, 'r' },        { "defs", required_argument, NULL, 'D' },
        { "force", no_argument, NULL, 'f' },         { "tick", required_argument, NULL, 'T' },
        { "alerts", no_argument, NULL, 'a' },        { NULL, 0, NULL, 0 }
    };
    memset(a, 0, sizeof(*a));
    a->o = (struct ho_http_opts){ .addr = 0x7f000001, .port = 8080, .threads = default_threads() };
    a->o.clock_file = getenv("HO_TEST_CLOCK_FILE"); /* tests only: README */
    *done = true;
    long n = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:l:t:hrD:fT:a", opts, NULL)) != -1) {
        switch (c) {
        case 'T':
            if (!ranged_number("tick", "milliseconds", 10, 60000, &n))
                return HO_EXIT_USAGE;
            a->o.tick_ms = (unsigned)n;
            break;
        case 't':
            if (!ranged_number("threads", "a number", 1, 256, &n))
                return HO_EXIT_USAGE;
            a->o.threads = (unsigned)n;
            break;
        case 'd':
            a->o.db_path = optarg;
            break;
        case 'l':
            a->listen = optarg;
            break;
        case 'h':
            return ho_cli_usage(usage_text, true);
        case 'r':
            ho_http_routes_print(stdout);
            return HO_EXIT_OK;
        case 'D':
            a->o.defs_path = optarg;
            break;
        case 'f':
            a->o.force = true;
            break;
        case 'a':
            a->with_alerts = true;
            break;
        default:
            return ho_cli_usage(usage_text, false);
        }
    }
    if (optind != argc)
        return ho_cli_usage(usage_text, false);
    *done = false;
    return HO_EXIT_OK;
}

int
ho_cmd_serve(int argc, char **argv)
{
    struct serve_args args;
    bool done;
    int ex = parse_args(argc, argv, &args, &done);
    if (done)
        return ex;
    struct ho_http_opts o = args.o;
    const char *listen = args.listen;
    bool with_alerts = args.with_alerts;
    struct ho_diag diag = { 0 };
    if (listen && ho_http_parse_listen(listen, &o.addr, &o.port, &diag) != HO_OK) {
        ho_cli_error("--listen %s", diag.msg);
        return HO_EXIT_USAGE;
    }
    if (!listen && !ho_http_is_loopback(o.addr)) { /* only --listen names another address */
        ho_cli_error("refusing to listen on a non-loopback address without --listen");
        return HO_EXIT_USAGE;
    }
    /* The threads started by the server inherit this mask: the signals
     * reach only the sigwait below. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    struct ho_http_server *srv;
    struct ho_buf errors = HO_BUF_INIT;
    if (ho_http_start(&o, &srv, &errors, &diag) != HO_OK) {
        fputs(ho_buf_cstr(&errors), stderr);
        ho_buf_release(&errors);
        return ho_cli_fail(&diag);
    }
    fprintf(stderr, "level=info msg=listening addr=%u.%u.%u.%u:%u db=%s threads=%u loopback=%s\n",
            o.addr >> 24, (o.addr >> 16) & 255, (o.addr >> 8) & 255, o.addr & 255,
            ho_http_port(srv), o.db_path ? o.db_path : "handoff.db", o.threads,
            ho_http_is_loopback(o.addr) ? "true" : "false");
    struct ho_alerts_thread *alerts = NULL;
    struct ho_http_commit_hook wake = { ho_alerts_thread_wake, NULL };
    if (with_alerts && ho_alerts_thread_start(o.db_path, &alerts) != HO_EXIT_OK)
        fputs("level=error msg=\"alert delivery not started\"\n", stderr);
    if (alerts) {
        wake.ctx = alerts;
        ho_http_on_commit(srv, &wake);
    }
    int sig = wait_for_stop(srv, &set, &errors);
    ho_buf_release(&errors);
    fprintf(stderr, "level=info msg=stopping signal=%s\n", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    /* the server first: its last commits may still wake the delivery thread */
    ho_rc stopped = ho_http_stop(srv, &diag);
    ho_alerts_thread_stop(alerts);
    if (stopped != HO_OK)
        return ho_cli_fail(&diag);
    fputs("level=info msg=stopped\n", stderr);
    return HO_EXIT_OK;
}
