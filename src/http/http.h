/* SPDX-License-Identifier: MIT */
/*
 * http/http.h - `handoff serve`: the HTTP front door (libmicrohttpd).
 *
 * One engine, loaded once at start, is owned by one writer thread
 * (http/writer.c): a request hands it its events and its connection is
 * suspended (no thread waits) until the commit that holds them (group
 * commit: everything that arrived while the previous commit ran goes into
 * the next one) resumes it, so a 2xx means the events are in the store.
 * Sales actions still wait on their thread for their commit.  Reads (explain, reports)
 * open their own read-only store handle per request and never touch the
 * writer's engine.
 *
 *     struct ho_http_server *srv;
 *     ho_http_start(&opts, &srv, diag);   // signals blocked by the caller
 *     ... wait for SIGTERM ...
 *     ho_http_stop(srv);                  // stop accepting, drain, commit
 */
#ifndef HO_HTTP_HTTP_H
#define HO_HTTP_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/buf.h"
#include "base/compiler.h"
#include "base/rc.h"

/* Body limits (bytes), enforced while reading: 413 past them. */
#define HO_HTTP_MAX_EVENTS_BODY   ((size_t)4 << 20)   /* POST /v1/events */
#define HO_HTTP_MAX_SEGMENT_BODY  ((size_t)32 << 10)  /* one Segment message */
#define HO_HTTP_MAX_SEGMENT_BATCH ((size_t)500 << 10) /* POST /v1/batch */
#define HO_HTTP_MAX_BATCH_EVENTS  2500
#define HO_HTTP_MAX_ACTION_BODY   ((size_t)16 << 10) /* POST /v1/leads/{id}/actions */
/* GET /v1/leads: rows a page, by default and at most (?limit=) */
#define HO_HTTP_LEADS_PAGE     100
#define HO_HTTP_MAX_LEADS_PAGE 1000

struct ho_http_opts {
    const char *db_path;    /* NULL: HO_APP_DEFAULT_DB */
    uint32_t addr;          /* IPv4, host byte order */
    uint16_t port;          /* 0: any free port (ho_http_port() tells) */
    unsigned threads;       /* request threads, >= 1 (serve: one per core) */
    const char *defs_path;  /* activated at start and read again on reload; NULL: none */
    bool force;             /* activate it without both owners' sign-off */
    unsigned tick_ms;       /* the deadline timer's period; 0: HO_HTTP_DEFAULT_TICK_MS */
    const char *clock_file; /* tests only: the timer's clock is the time this file holds */
};

#define HO_HTTP_DEFAULT_TICK_MS 1000

struct ho_http_server;

/* Parse "HOST:PORT" (HOST a dotted IPv4 address or "localhost") into *addr
 * and *port.  HO_EINVAL with the reason. */
HO_MUST_CHECK ho_rc ho_http_parse_listen(const char *text, uint32_t *addr, uint16_t *port,
                                         struct ho_diag *diag);
/* Whether addr (host byte order) is a loopback address (127.0.0.0/8). */
bool ho_http_is_loopback(uint32_t addr);

/* Open the database, load the engine, start the writer and the listener.
 * Block SIGTERM/SIGINT/SIGPIPE in the calling thread first: the threads
 * started here inherit the mask.  Owned: ho_http_stop(). */
HO_MUST_CHECK ho_rc ho_http_start(const struct ho_http_opts *o, struct ho_http_server **out,
                                  struct ho_buf *errors, struct ho_diag *diag);
/* Reload the definitions (SIGHUP): the --defs file again, or the
 * database's active ones.  A file that fails to load changes nothing: its
 * located problems are appended to errors and the old definitions keep
 * serving.  *version: the version serving afterwards. */
HO_MUST_CHECK ho_rc ho_http_reload(struct ho_http_server *srv, struct ho_buf *errors,
                                   int64_t *version, bool *changed, struct ho_diag *diag);

/* The port listened on. */
uint16_t ho_http_port(const struct ho_http_server *srv);

/* Something to call after each commit of the server (on its writer's
 * thread; it must be quick and must not call the server): the alert
 * delivery thread is woken this way, so a new alert goes out at once. */
struct ho_http_commit_hook {
    void (*fn)(void *ctx);
    void *ctx;
};
/* Set (or with NULL clear) the hook; h must outlive the server's commits
 * (until ho_http_stop() returns). */
void ho_http_on_commit(struct ho_http_server *srv, const struct ho_http_commit_hook *h);
/* Stop accepting, let the requests in flight finish (at most ~10 s), commit
 * what was queued, close everything.  HO_OK, or the final commit's error. */
HO_MUST_CHECK ho_rc ho_http_stop(struct ho_http_server *srv, struct ho_diag *diag);

/* The routing table, one "METHOD PATH" line a route ({id}, {name} for
 * the path parameters), as docs/openapi.json must list them. */
void ho_http_routes_print(FILE *out);

#endif /* HO_HTTP_HTTP_H */
