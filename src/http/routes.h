/* SPDX-License-Identifier: MIT */
/*
 * http/routes.h - the routing table and one request's state, shared by the
 * listener (http/server.c) and the handlers (http/routes.c).
 */
#ifndef HO_HTTP_ROUTES_H
#define HO_HTTP_ROUTES_H

#include <jansson.h>
#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

struct ho_http_server;
struct ho_http_metrics;
struct ho_http_writer;
struct ho_http_job;

enum ho_route_kind {
    HO_ROUTE_LIVEZ,
    HO_ROUTE_READYZ,
    HO_ROUTE_METRICS,
    HO_ROUTE_EVENTS,
    HO_ROUTE_SEGMENT,
    HO_ROUTE_LEADS,
    HO_ROUTE_LEAD,
    HO_ROUTE_REPORT,
    HO_ROUTE_DEFINITIONS,
    HO_ROUTE_QUEUE,
    HO_ROUTE_ACTION,      /* POST /v1/leads/{id}/actions (http/actions.c) */
    HO_ROUTE_INDEX,       /* GET /: the dashboard (http/assets.c) */
    HO_ROUTE_ASSET,       /* GET /assets/{name} */
    HO_ROUTE_ALERTS,      /* GET /v1/alerts (http/alerts_routes.c) */
    HO_ROUTE_ALERT_RETRY, /* POST /v1/alerts/{id}/retry (http/alerts_routes.c) */
};

struct ho_route {
    const char *method;
    const char *path;         /* ending in '/': a prefix, the rest is the {id} or {name} */
    const char *segment_type; /* HO_ROUTE_SEGMENT: the implied type; NULL: a batch */
    size_t max_body;
    enum ho_route_kind kind;
    int need; /* the enum ho_token_scope a caller needs; -1: none (health) */
};

/* Why no route was found. */
enum ho_route_error { HO_ROUTE_NOT_FOUND, HO_ROUTE_BAD_METHOD };

struct ho_http_req {
    struct ho_http_server *srv;
    struct MHD_Connection *conn;
    const struct ho_route *route; /* NULL: none (route_error says why) */
    enum ho_route_error route_error;
    char id[72]; /* X-Request-Id */
    char *path, *method;
    int64_t t0_us;
    struct ho_buf body;
    size_t limit, body_seen;
    bool over;      /* the body passed the limit: dropped, 413 */
    bool responded; /* a response is queued */
    unsigned status;
    size_t events;        /* events in the body, for the log */
    bool auth_deferred;   /* a Segment route without Authorization: the writeKey of the body */
    struct z_stream_s *z; /* Content-Encoding: gzip (or deflate): inflated as it arrives */
    bool z_end, z_bad;    /* the compressed stream ended; it was not valid */
    /* ho_http_commit_then(): the job with the writer, and what answers the
     * request once the connection is resumed after its commit */
    struct ho_http_job *job;
    enum MHD_Result (*answer)(struct ho_http_req *rq, struct ho_http_job *job);
};

/* The route for method and path, or NULL with *err set. */
const struct ho_route *ho_http_route_find(const char *method, const char *path,
                                          enum ho_route_error *err);

/* The index of r in the routing table. */
size_t ho_http_route_index(const struct ho_route *r);

/* GET / and GET /assets/{name}: the embedded dashboard (http/assets.c). */
enum MHD_Result ho_http_get_asset(struct ho_http_req *rq);

/* POST /v1/leads/{id}/actions (http/actions.c). */
enum MHD_Result ho_http_post_action(struct ho_http_req *rq);

/* GET /v1/alerts and POST /v1/alerts/{id}/retry (http/alerts_routes.c). */
enum MHD_Result ho_http_get_alerts(struct ho_http_req *rq);
enum MHD_Result ho_http_post_alert_retry(struct ho_http_req *rq);

/* Answer the request whose body is complete (http/routes.c). */
enum MHD_Result ho_http_dispatch(struct ho_http_req *rq);

/* Hand job (from ho_http_job_new(), owned by rq from now on) to the writer
 * and suspend rq's connection without blocking its thread; once the commit
 * that holds the job's events finished, the connection is resumed and
 * answer(rq, job) answers it.  A job without events is answered at once. */
enum MHD_Result ho_http_commit_then(struct ho_http_req *rq, struct ho_http_job *job,
                                    enum MHD_Result (*answer)(struct ho_http_req *rq,
                                                              struct ho_http_job *job));

/* Responses (http/server.c).  The json_t arguments are stolen. */
enum MHD_Result ho_http_respond(struct ho_http_req *rq, unsigned status, const char *type,
                                const char *body, size_t len);
enum MHD_Result ho_http_respond_json(struct ho_http_req *rq, unsigned status, json_t *j);
/* An RFC 9457 problem: type "/problems/SLUG"; on the Segment routes also
 * Segment's success/code/message.  extra's members are added (may be NULL). */
enum MHD_Result ho_http_problem(struct ho_http_req *rq, unsigned status, const char *slug,
                                const char *title, const char *detail, json_t *extra);
void ho_http_json_to_buf(json_t *j, struct ho_buf *out);

int64_t ho_http_now_ms(void);
const char *ho_http_db_path(const struct ho_http_req *rq);
struct ho_http_writer *ho_http_writer_of(const struct ho_http_req *rq);
const struct ho_http_metrics *ho_http_metrics_of(const struct ho_http_req *rq);
bool ho_http_draining(const struct ho_http_req *rq);
/* Check token[0..len) for rq's route; HO_AUTH_OK or the 401/403 answered. */
enum MHD_Result ho_http_authorize(struct ho_http_req *rq, const char *token, size_t len, bool *ok);

#endif /* HO_HTTP_ROUTES_H */
