/* SPDX-License-Identifier: MIT */
/*
 * http/routes.c - the routing table and its handlers.
 *
 * Ingestion goes through the writer (http/writer.c); reads open their own
 * read-only handle on the database per request (one snapshot, never the
 * writer's engine), so they need no lock and see every acknowledged event.
 */
#include <stddef.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/lead.h"
#include "app/leads.h"
#include "app/reports.h"
#include "app/tokens.h"
#include "base/strtab.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "http/http.h"
#include "http/http_int.h"
#include "http/routes.h"
#include "report/sales.h"

#define SEG(p, t, lim)                                               \
    {                                                                \
        "POST", "/v1/" p, t, lim, HO_ROUTE_SEGMENT, HO_TSCOPE_INGEST \
    }

static const struct ho_route routes[] = {
    { "GET", "/livez", NULL, 0, HO_ROUTE_LIVEZ, -1 },
    { "GET", "/readyz", NULL, 0, HO_ROUTE_READYZ, -1 },
    { "GET", "/metrics", NULL, 0, HO_ROUTE_METRICS, HO_TSCOPE_READ },
    { "POST", "/v1/events", NULL, HO_HTTP_MAX_EVENTS_BODY, HO_ROUTE_EVENTS, HO_TSCOPE_INGEST },
    SEG("identify", "identify", HO_HTTP_MAX_SEGMENT_BODY),
    SEG("i", "identify", HO_HTTP_MAX_SEGMENT_BODY),
    SEG("track", "track", HO_HTTP_MAX_SEGMENT_BODY),
    SEG("t", "track", HO_HTTP_MAX_SEGMENT_BODY),
    SEG("page", "page", HO_HTTP_MAX_SEGMENT_BODY),
    SEG("p", "page", HO_HTTP_MAX_SEGMENT_BODY),
    SEG("screen", "screen", HO_HTTP_MAX_SEGMENT_BODY),
    SEG("s", "screen", HO_HTTP_MAX_SEGMENT_BODY),
    SEG("group", "group", HO_HTTP_MAX_SEGMENT_BODY),
    SEG("g", "group", HO_HTTP_MAX_SEGMENT_BODY),
    SEG("alias", "alias", HO_HTTP_MAX_SEGMENT_BODY),
    SEG("a", "alias", HO_HTTP_MAX_SEGMENT_BODY),
    SEG("batch", NULL, HO_HTTP_MAX_SEGMENT_BATCH),
    SEG("b", NULL, HO_HTTP_MAX_SEGMENT_BATCH),
    { "GET", "/v1/leads", NULL, 0, HO_ROUTE_LEADS, HO_TSCOPE_READ },
    { "GET", "/v1/leads/", NULL, 0, HO_ROUTE_LEAD, HO_TSCOPE_READ },
    { "GET", "/v1/reports/", NULL, 0, HO_ROUTE_REPORT, HO_TSCOPE_READ },
    { "GET", "/v1/definitions", NULL, 0, HO_ROUTE_DEFINITIONS, HO_TSCOPE_READ },
    { "GET", "/v1/queue", NULL, 0, HO_ROUTE_QUEUE, HO_TSCOPE_READ },
    { "POST", "/v1/leads/", NULL, HO_HTTP_MAX_ACTION_BODY, HO_ROUTE_ACTION, HO_TSCOPE_WRITE },
    { "GET", "/v1/alerts", NULL, 0, HO_ROUTE_ALERTS, HO_TSCOPE_READ },
    /* write, as a sales action: an operator's act on delivery state (the body is ignored) */
    { "POST", "/v1/alerts/", NULL, HO_HTTP_MAX_ACTION_BODY, HO_ROUTE_ALERT_RETRY, HO_TSCOPE_WRITE },
    /* the dashboard: public, it asks for a token and sends it to /v1 */
    { "GET", "/", NULL, 0, HO_ROUTE_INDEX, -1 },
    { "GET", "/assets/", NULL, 0, HO_ROUTE_ASSET, -1 },
};

#define ACTION_SUFFIX "/actions"
#define RETRY_SUFFIX  "/retry"

/* The suffix after {id} of a route kind, or NULL. */
static const char *
id_suffix(enum ho_route_kind kind)
{
    return kind == HO_ROUTE_ACTION        ? ACTION_SUFFIX
           : kind == HO_ROUTE_ALERT_RETRY ? RETRY_SUFFIX
                                          : NULL;
}

/* PREFIX{id}SUFFIX: an id without '/' before the suffix. */
static bool
suffix_path_matches(const struct ho_route *r, const char *suffix, const char *path)
{
    size_t n = strlen(r->path), len = strlen(path), sn = strlen(suffix);
    if (strncmp(path, r->path, n) != 0 || len <= n + sn || strcmp(path + len - sn, suffix) != 0)
        return false;
    const char *slash = strchr(path + n, '/');
    return slash == path + len - sn;
}

static bool
path_matches(const struct ho_route *r, const char *path)
{
    size_t n = strlen(r->path);
    if (id_suffix(r->kind))
        return suffix_path_matches(r, id_suffix(r->kind), path);
    if (n > 1 && r->path[n - 1] == '/') /* "/" itself is exact */
        return strncmp(path, r->path, n) == 0 && path[n] != '\0' && !strchr(path + n, '/');
    return strcmp(path, r->path) == 0;
}

const struct ho_route *
ho_http_route_find(const char *method, const char *path, enum ho_route_error *err)
{
    *err = HO_ROUTE_NOT_FOUND;
    for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
        if (!path_matches(&routes[i], path))
            continue;
        if (strcmp(routes[i].method, method) == 0 ||
            (strcmp(method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0))
            return &routes[i];
        *err = HO_ROUTE_BAD_METHOD;
    }
    return NULL;
}

#define N_ROUTES (sizeof(routes) / sizeof(routes[0]))
_Static_assert(N_ROUTES <= HO_HTTP_MAX_ROUTES, "raise HO_HTTP_MAX_ROUTES");

/* "METHOD PATH" of each route, the path parameters as {id}, {name}. */
static char route_labels[N_ROUTES][48];
static pthread_once_t labels_once = PTHREAD_ONCE_INIT;

static void
make_labels(void)
{
    for (size_t i = 0; i < N_ROUTES; i++) {
        const struct ho_route *r = &routes[i];
        const char *param = r->kind == HO_ROUTE_LEAD          ? "{id}"
                            : r->kind == HO_ROUTE_REPORT      ? "{name}"
                            : r->kind == HO_ROUTE_ASSET       ? "{name}"
                            : r->kind == HO_ROUTE_ACTION      ? "{id}" ACTION_SUFFIX
                            : r->kind == HO_ROUTE_ALERT_RETRY ? "{id}" RETRY_SUFFIX
                                                              : "";
        (void)snprintf(route_labels[i], sizeof(route_labels[i]), "%s %s%s", r->method, r->path,
                       param);
    }
}

static const char *
route_label(size_t i)
{
    pthread_once(&labels_once, make_labels);
    return route_labels[i];
}

size_t
ho_http_route_index(const struct ho_route *r)
{
    return (size_t)(r - routes);
}

void
ho_http_routes_print(FILE *out)
{
    for (size_t i = 0; i < N_ROUTES; i++)
        fprintf(out, "%s\n", route_label(i));
}

/*---- health and metrics ----*/

static enum MHD_Result
health(struct ho_http_req *rq, bool ready)
{
    bool ok = !ready || !ho_http_draining(rq);
    json_t *j = json_object();
    json_object_set_new(j, "status", json_string(ok ? "pass" : "fail"));
    return ho_http_respond_json(rq, ok ? 200 : 503, j);
}

static enum MHD_Result
metrics(struct ho_http_req *rq)
{
    struct ho_buf b = HO_BUF_INIT;
    ho_http_metrics_text(ho_http_metrics_of(rq), N_ROUTES, route_label, &b);
    enum MHD_Result res =
        ho_http_respond(rq, 200, "text/plain; version=0.0.4; charset=utf-8", b.ptr, b.len);
    ho_buf_release(&b);
    return res;
}

/*---- ingestion ----*/

/* 400 for a body that is not JSON, located by line and column. */
static enum MHD_Result
invalid_json(struct ho_http_req *rq, const struct ho_diag *diag)
{
    const char *msg = diag->msg;
    json_t *x = json_object();
    char detail[640];
    if (diag->column) {
        uint32_t line, col;
        ho_http_locate(rq->body.ptr ? rq->body.ptr : "", rq->body.len, diag->column, &line, &col);
        const char *rest = strstr(msg, ": ");
        if (strncmp(msg, "invalid JSON at column ", 23) == 0 && rest)
            msg = rest + 2;
        (void)snprintf(detail, sizeof(detail), "invalid JSON at line %u, column %u: %s", line, col,
                       msg);
        json_object_set_new(x, "line", json_integer(line));
        json_object_set_new(x, "column", json_integer(col));
    } else {
        (void)snprintf(detail, sizeof(detail), "%s", msg);
    }
    return ho_http_problem(rq, 400, "invalid-json", "Malformed JSON body", detail, x);
}

static enum MHD_Result
commit_failed(struct ho_http_req *rq, const struct ho_diag *diag)
{
    char detail[640];
    (void)snprintf(detail, sizeof(detail),
                   "the events could not be stored (%s); nothing is acknowledged, retry",
                   diag->msg);
    return ho_http_problem(rq, 503, "store-unavailable", "Events not stored", detail, NULL);
}

static const char *
status_name(enum ho_http_item_status s)
{
    return s == HO_ITEM_ACCEPTED ? "accepted" : s == HO_ITEM_DUPLICATE ? "duplicate" : "rejected";
}

/* {"accepted":..,"duplicate":..,"rejected":..,"results":[...]} of a job;
 * only_rejected: list only the rejected items. */
static json_t *
job_results(const struct ho_http_job *job, bool only_rejected, size_t *n_rejected)
{
    size_t count[3] = { 0 };
    json_t *arr = json_array();
    for (size_t i = 0; i < job->n; i++) {
        const struct ho_http_item *it = &job->items[i];
        count[it->status]++;
        if (only_rejected && it->status != HO_ITEM_REJECTED)
            continue;
        json_t *r = json_object();
        json_object_set_new(r, "index", json_integer((json_int_t)i));
        if (it->id)
            json_object_set_new(r, "id", json_string(it->id));
        json_object_set_new(r, "status", json_string(status_name(it->status)));
        if (it->conflict)
            json_object_set_new(r, "conflict", json_true());
        if (it->reason)
            json_object_set_new(r, "reason", json_string(it->reason));
        json_array_append_new(arr, r);
    }
    json_t *j = json_object();
    json_object_set_new(j, "accepted", json_integer((json_int_t)count[HO_ITEM_ACCEPTED]));
    json_object_set_new(j, "duplicate", json_integer((json_int_t)count[HO_ITEM_DUPLICATE]));
    json_object_set_new(j, "rejected", json_integer((json_int_t)count[HO_ITEM_REJECTED]));
    json_object_set_new(j, "results", arr);
    *n_rejected = count[HO_ITEM_REJECTED];
    return j;
}

/* The answer of POST /v1/events once the writer is done with job. */
static enum MHD_Result
events_answer(struct ho_http_req *rq, struct ho_http_job *job)
{
    if (job->rc != HO_OK)
        return commit_failed(rq, &job->diag);
    size_t rejected;
    json_t *j = job_results(job, false, &rejected);
    if (job->n && rejected == job->n)
        return ho_http_problem(rq, 422, "invalid-events", "No event was accepted",
                               job->n == 1 ? job->items[0].reason : "every event was rejected", j);
    return ho_http_respond_json(rq, 200, j);
}

static enum MHD_Result
post_events(struct ho_http_req *rq)
{
    struct ho_http_job *job = ho_http_job_new(HO_ITEM_NATIVE);
    struct ho_diag diag = { 0 };
    const char *body = rq->body.ptr ? rq->body.ptr : "";
    if (ho_http_split_events(body, rq->body.len, &job->items, &job->n, &diag) != HO_OK) {
        ho_http_job_free(job);
        return invalid_json(rq, &diag);
    }
    rq->events = job->n;
    return ho_http_commit_then(rq, job, events_answer);
}

/* The answer of a Segment route once the writer is done with job. */
static enum MHD_Result
segment_answer(struct ho_http_req *rq, struct ho_http_job *job)
{
    if (job->rc != HO_OK)
        return commit_failed(rq, &job->diag);
    size_t rejected;
    json_t *j = job_results(job, true, &rejected);
    const char *type = rq->route->segment_type;
    if (type && rejected) {
        json_decref(j);
        return ho_http_problem(rq, 400, "invalid-event", "Event rejected", job->items[0].reason,
                               NULL);
    }
    json_object_set_new(j, "success", json_true());
    if (type) { /* a single message: Segment's body */
        json_decref(j);
        j = json_pack("{s:b}", "success", 1);
    }
    return ho_http_respond_json(rq, 200, j);
}

static enum MHD_Result
post_segment(struct ho_http_req *rq)
{
    if (rq->auth_deferred) { /* the write key may be in the body */
        struct ho_buf key = HO_BUF_INIT;
        (void)ho_http_segment_write_key(rq->body.ptr ? rq->body.ptr : "", rq->body.len, &key);
        bool ok;
        enum MHD_Result r = ho_http_authorize(rq, key.ptr, key.len, &ok);
        ho_buf_release(&key);
        if (!ok)
            return r;
    }
    struct ho_http_job *job = ho_http_job_new(HO_ITEM_SEGMENT);
    struct ho_diag diag = { 0 };
    const char *body = rq->body.ptr ? rq->body.ptr : "";
    ho_rc rc = ho_http_split_segment(body, rq->body.len, rq->route->segment_type, ho_http_now_ms(),
                                     &job->arena, &job->items, &job->n, &diag);
    if (rc != HO_OK) {
        ho_http_job_free(job);
        return rc == HO_ELIMIT
                   ? ho_http_problem(rq, 413, "body-too-large", "Body too large", diag.msg, NULL)
                   : invalid_json(rq, &diag);
    }
    rq->events = job->n;
    return ho_http_commit_then(rq, job, segment_answer);
}

/*---- reads ----*/

static enum MHD_Result
store_problem(struct ho_http_req *rq, const struct ho_diag *diag)
{
    return ho_http_problem(rq, 503, "store-unavailable", "Database unavailable", diag->msg, NULL);
}

/* Open a read-only handle with the engine (explain) or the definitions. */
static ho_rc
open_reader(struct ho_http_req *rq, struct ho_app *app, bool engine, struct ho_diag *diag)
{
    struct ho_app_open_opts o = { .db_path = ho_http_db_path(rq), .mode = HO_STORE_READ_ONLY };
    ho_rc rc = ho_app_open(app, &o, diag);
    if (rc == HO_OK && engine)
        rc = ho_app_open_engine(app, NULL, diag);
    else if (rc == HO_OK)
        rc = ho_app_load_active_defs(app, NULL, diag);
    return rc;
}

/* Run fn's output into a memory stream and answer it as JSON. */
static enum MHD_Result
respond_stream(struct ho_http_req *rq, char *buf, size_t len)
{
    enum MHD_Result res = ho_http_respond(rq, 200, "application/json", buf ? buf : "", len);
    ho_xfree(buf);
    return res;
}

static enum MHD_Result
get_lead(struct ho_http_req *rq)
{
    const char *lead = rq->path + strlen(rq->route->path);
    const char *at_text = MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, "at");
    int64_t at = INT64_MAX;
    struct ho_diag diag = { 0 };
    if (at_text && strcmp(at_text, "now") == 0) {
        at = ho_http_now_ms();
    } else if (at_text && ho_time_parse(at_text, strlen(at_text), &at, &diag) != HO_OK) {
        char detail[640];
        (void)snprintf(detail, sizeof(detail), "at '%s': %s", at_text, diag.msg);
        return ho_http_problem(rq, 400, "invalid-parameter", "Invalid parameter", detail, NULL);
    }
    struct ho_app app;
    ho_rc rc = open_reader(rq, &app, true, &diag);
    if (rc != HO_OK) {
        ho_app_close(&app);
        return store_problem(rq, &diag);
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    rc = out ? ho_app_explain(&app, lead, at, out, HO_FORMAT_JSON, &diag)
             : ho_diag_set(&diag, HO_EIO, "out of memory");
    if (out)
        fclose(out);
    ho_app_close(&app);
    if (rc == HO_OK)
        return respond_stream(rq, buf, len);
    ho_xfree(buf);
    if (rc == HO_ENOTFOUND) {
        char detail[640];
        (void)snprintf(detail, sizeof(detail), "no lead '%s'", lead);
        return ho_http_problem(rq, 404, "not-found", "No such lead", detail, NULL);
    }
    return store_problem(rq, &diag);
}

/* The query of GET /v1/leads into the lead list's options. */
struct leads_query {
    struct ho_app_leads_opts *o;
    bool bad;
    char detail[640]; /* why, when bad */
};

/* The field of o that the text parameter key sets; NULL: not a text one. */
static const char **
leads_text_param(struct ho_app_leads_opts *o, const char *key)
{
/* clang-format off */
#define TEXT(name) { #name, offsetof(struct ho_app_leads_opts, name) }
    /* clang-format on */
    static const struct {
        const char *name;
        size_t offset;
    } texts[] = { TEXT(stage),     TEXT(rep),       TEXT(channel),    TEXT(account),
                  TEXT(q),         TEXT(mql_since), TEXT(sort),       TEXT(cohort),
                  TEXT(reached),   TEXT(by),        TEXT(group),      TEXT(closed),
                  TEXT(closed_in), TEXT(reason),    TEXT(category),   TEXT(cursor),
                  TEXT(speed),     TEXT(sla),       TEXT(sla_status), TEXT(spend_cohort),
                  TEXT(from),      TEXT(to) };
#undef TEXT
    for (size_t i = 0; i < HO_ARRAY_LEN(texts); i++) {
        if (strcmp(key, texts[i].name) == 0)
            return (const char **)(void *)((char *)o + texts[i].offset);
    }
    return NULL;
}

static enum MHD_Result
leads_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    struct leads_query *q = cls;
    struct ho_app_leads_opts *o = q->o;
    const char *v = value ? value : "";
    char *end = NULL;
    const char **text = leads_text_param(o, key);
    if (text) {
        *text = v; /* checked by ho_app_leads_check() */
    } else if (strcmp(key, "score_above") == 0) {
        o->score_above = strtod(v, &end);
        o->has_score_above = true;
        q->bad = !*v || *end;
        if (q->bad)
            (void)snprintf(q->detail, sizeof(q->detail), "score_above '%.256s': write a number", v);
    } else if (strcmp(key, "limit") == 0) {
        unsigned long long n = strtoull(v, &end, 10);
        o->limit = (size_t)n;
        q->bad = !*v || *end || *v == '-' || n == 0 || n > HO_HTTP_MAX_LEADS_PAGE;
        if (q->bad)
            (void)snprintf(q->detail, sizeof(q->detail),
                           "limit '%.256s': write a whole number from 1 to %d", v,
                           HO_HTTP_MAX_LEADS_PAGE);
    } else if (strcmp(key, "at") == 0) {
        o->at_given = true;
        if (strcmp(v, "now") == 0)
            o->at = ho_http_now_ms();
        else if ((q->bad = ho_time_parse(v, strlen(v), &o->at, NULL) != HO_OK))
            (void)snprintf(q->detail, sizeof(q->detail),
                           "at '%.256s': write a date, an RFC 3339 time or now", v);
    } else {
        q->bad = true;
        (void)snprintf(q->detail, sizeof(q->detail), "GET /v1/leads has no parameter '%.256s'",
                       key);
    }
    return q->bad ? MHD_NO : MHD_YES; /* stop at the first bad one */
}

static enum MHD_Result
get_leads(struct ho_http_req *rq)
{
    struct ho_app_leads_opts o = HO_APP_LEADS_OPTS_INIT;
    struct leads_query q = { .o = &o };
    (void)MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, leads_arg, &q);
    if (q.bad)
        return ho_http_problem(rq, 400, "invalid-parameter", "Invalid parameter", q.detail, NULL);
    /* pages (http.h): by lead id unless asked otherwise, so that a walk is stable */
    o.paged = true;
    o.limit = o.limit ? o.limit : HO_HTTP_LEADS_PAGE;
    if (!o.sort && !o.cursor)
        o.sort = "lead";
    struct ho_diag diag = { 0 };
    if (ho_app_leads_check(&o, &diag) != HO_OK)
        return ho_http_problem(rq, 400, "invalid-parameter", "Invalid parameter", diag.msg, NULL);
    struct ho_app app;
    ho_rc rc = open_reader(rq, &app, false, &diag);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = rc == HO_OK ? open_memstream(&buf, &len) : NULL;
    if (rc == HO_OK)
        rc = out ? ho_app_leads(&app, &o, out, HO_FORMAT_JSON, &diag)
                 : ho_diag_set(&diag, HO_EIO, "out of memory");
    if (out)
        fclose(out);
    ho_app_close(&app);
    if (rc == HO_OK)
        return respond_stream(rq, buf, len);
    ho_xfree(buf);
    if (rc == HO_EINVAL)
        return ho_http_problem(rq, 400, "invalid-parameter", "Invalid parameter", diag.msg, NULL);
    return store_problem(rq, &diag);
}

/* The query's parameters as "name=value" (or "name") texts. */
struct query {
    char **pairs;
    size_t n, cap;
};

static enum MHD_Result
query_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    struct query *q = cls;
    struct ho_buf b = HO_BUF_INIT;
    ho_buf_adds(&b, key);
    if (value) {
        ho_buf_addc(&b, '=');
        ho_buf_adds(&b, value);
    }
    ho_grow((void **)&q->pairs, &q->cap, q->n + 1, sizeof(*q->pairs));
    q->pairs[q->n++] = ho_xstrdup(ho_buf_cstr(&b));
    ho_buf_release(&b);
    return MHD_YES;
}

static enum MHD_Result
get_report(struct ho_http_req *rq)
{
    const char *name = rq->path + strlen(rq->route->path);
    const struct ho_report_def *r = ho_report_find(name);
    if (!r) {
        struct ho_buf list = HO_BUF_INIT;
        ho_buf_printf(&list, "no report '%s' (available: ", name);
        for (size_t i = 0; i < ho_report_count(); i++)
            ho_buf_printf(&list, "%s%s", i ? ", " : "", ho_report_at(i)->name);
        ho_buf_addc(&list, ')');
        enum MHD_Result res =
            ho_http_problem(rq, 404, "not-found", "No such report", ho_buf_cstr(&list), NULL);
        ho_buf_release(&list);
        return res;
    }
    struct query q = { 0 };
    (void)MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, query_arg, &q);
    void *opts = ho_report_opts_new(r);
    struct ho_diag diag = { 0 };
    ho_rc rc = ho_report_opts_apply(r, opts, (const char *const *)q.pairs, q.n, &diag);
    for (size_t i = 0; i < q.n; i++)
        ho_xfree(q.pairs[i]);
    ho_xfree(q.pairs);
    enum MHD_Result res;
    if (rc != HO_OK) {
        res = ho_http_problem(rq, 400, "invalid-parameter", "Invalid parameter", diag.msg, NULL);
        ho_report_opts_free(opts);
        return res;
    }
    struct ho_app app;
    bool offline = r->offline && r->offline(opts);
    memset(&app, 0, sizeof(app));
    rc = offline ? HO_OK : open_reader(rq, &app, false, &diag);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = NULL;
    if (rc == HO_OK) {
        out = open_memstream(&buf, &len);
        struct ho_report_out ro = { .out = out, .fmt = HO_FORMAT_JSON, .now = ho_http_now_ms() };
        rc = out ? ho_report_run(offline ? NULL : &app, r, opts, &ro, &diag)
                 : ho_diag_set(&diag, HO_EIO, "out of memory");
        if (out)
            fclose(out);
        if (rc == HO_OK)
            res = respond_stream(rq, buf, len);
        else
            ho_xfree(buf);
    }
    if (rc == HO_EINVAL || rc == HO_ENOTFOUND)
        res = ho_http_problem(rq, 400, "invalid-parameter", "Invalid parameter", diag.msg, NULL);
    else if (rc != HO_OK)
        res = store_problem(rq, &diag);
    if (!offline)
        ho_app_close(&app);
    ho_report_opts_free(opts);
    return res;
}

static json_t *
owner_json(const struct ho_owner *o)
{
    json_t *j = json_object();
    json_object_set_new(j, "name", o->name ? json_string(o->name) : json_null());
    if (o->signed_days >= 0) {
        int64_t y;
        unsigned m, d;
        char day[32];
        ho_civil_from_days(o->signed_days, &y, &m, &d);
        (void)snprintf(day, sizeof(day), "%04lld-%02u-%02u", (long long)y, m, d);
        json_object_set_new(j, "signed", json_string(day));
    } else {
        json_object_set_new(j, "signed", json_null());
    }
    return j;
}

/* The active definitions: their version, owners' sign-offs and text. */
static enum MHD_Result
get_definitions(struct ho_http_req *rq)
{
    struct ho_app app;
    struct ho_diag diag = { 0 };
    ho_rc rc = open_reader(rq, &app, false, &diag);
    struct ho_buf text = HO_BUF_INIT;
    int64_t id = 0;
    if (rc == HO_OK)
        rc = ho_store_active_defs(app.st, &text, &id, &diag);
    enum MHD_Result res;
    if (rc == HO_OK) {
        json_t *j = json_object();
        json_object_set_new(j, "id", json_integer(id));
        json_object_set_new(j, "version", json_integer(app.defs.version));
        json_object_set_new(j, "marketing", owner_json(&app.defs.marketing));
        json_object_set_new(j, "sales", owner_json(&app.defs.sales));
        json_object_set_new(j, "text", json_stringn(text.ptr ? text.ptr : "", text.len));
        res = ho_http_respond_json(rq, 200, j);
    } else {
        res = store_problem(rq, &diag);
    }
    ho_buf_release(&text);
    ho_app_close(&app);
    return res;
}

/* The query of GET /v1/queue: rep, breached, at. */
struct queue_query {
    struct ho_queue_filter filter;
    int64_t now;
    bool bad;
    char detail[640];
};

static enum MHD_Result
queue_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    struct queue_query *q = cls;
    const char *v = value ? value : "";
    if (strcmp(key, "rep") == 0) {
        q->filter.rep = v;
    } else if (strcmp(key, "breached") == 0) {
        q->bad = value && strcmp(v, "true") != 0 && strcmp(v, "1") != 0 &&
                 strcmp(v, "false") != 0 && strcmp(v, "0") != 0;
        q->filter.breached = !value || strcmp(v, "true") == 0 || strcmp(v, "1") == 0;
        if (q->bad)
            (void)snprintf(q->detail, sizeof(q->detail),
                           "breached '%.256s': write true or false (or nothing)", v);
    } else if (strcmp(key, "at") == 0) {
        if (strcmp(v, "now") != 0 && (q->bad = ho_time_parse(v, strlen(v), &q->now, NULL) != HO_OK))
            (void)snprintf(q->detail, sizeof(q->detail),
                           "at '%.256s': write a date, an RFC 3339 time or now", v);
    } else {
        q->bad = true;
        (void)snprintf(q->detail, sizeof(q->detail), "GET /v1/queue has no parameter '%.256s'",
                       key);
    }
    return q->bad ? MHD_NO : MHD_YES;
}

/* The live SLA queue (`handoff queue --json`), as of now or ?at=. */
static enum MHD_Result
get_queue(struct ho_http_req *rq)
{
    struct queue_query q = { .now = ho_http_now_ms() };
    (void)MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, queue_arg, &q);
    if (q.bad)
        return ho_http_problem(rq, 400, "invalid-parameter", "Invalid parameter", q.detail, NULL);
    struct ho_app app;
    struct ho_diag diag = { 0 };
    ho_rc rc = open_reader(rq, &app, false, &diag);
    struct ho_strtab *strings = ho_strtab_new();
    struct ho_clock_row *clocks = NULL;
    size_t n = 0;
    if (rc == HO_OK)
        rc = ho_store_load_clocks(app.st, strings, &clocks, &n, &diag);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = rc == HO_OK ? open_memstream(&buf, &len) : NULL;
    if (rc == HO_OK) {
        struct ho_sla_view v = {
            .defs = &app.defs, .strings = strings, .clocks = clocks, .n = n, .now = q.now
        };
        rc = out ? ho_report_queue(out, HO_FORMAT_JSON, &v, &q.filter, &diag)
                 : ho_diag_set(&diag, HO_EIO, "out of memory");
    }
    if (out)
        fclose(out);
    ho_xfree(clocks);
    ho_strtab_free(strings);
    ho_app_close(&app);
    if (rc == HO_OK)
        return respond_stream(rq, buf, len);
    ho_xfree(buf);
    return store_problem(rq, &diag);
}

enum MHD_Result
ho_http_dispatch(struct ho_http_req *rq)
{
    if (!rq->route) {
        bool method = rq->route_error == HO_ROUTE_BAD_METHOD;
        char detail[320];
        (void)snprintf(detail, sizeof(detail),
                       method ? "%.32s is not allowed on %.256s" : "no route %.32s %.256s",
                       rq->method, rq->path);
        return ho_http_problem(rq, method ? 405 : 404, method ? "method-not-allowed" : "not-found",
                               method ? "Method not allowed" : "Not found", detail, NULL);
    }
    switch (rq->route->kind) {
    case HO_ROUTE_LIVEZ:
        return health(rq, false);
    case HO_ROUTE_READYZ:
        return health(rq, true);
    case HO_ROUTE_METRICS:
        return metrics(rq);
    case HO_ROUTE_EVENTS:
        return post_events(rq);
    case HO_ROUTE_SEGMENT:
        return post_segment(rq);
    case HO_ROUTE_LEADS:
        return get_leads(rq);
    case HO_ROUTE_LEAD:
        return get_lead(rq);
    case HO_ROUTE_REPORT:
        return get_report(rq);
    case HO_ROUTE_DEFINITIONS:
        return get_definitions(rq);
    case HO_ROUTE_QUEUE:
        return get_queue(rq);
    case HO_ROUTE_ACTION:
        return ho_http_post_action(rq);
    case HO_ROUTE_INDEX:
    case HO_ROUTE_ASSET:
        return ho_http_get_asset(rq);
    case HO_ROUTE_ALERTS:
        return ho_http_get_alerts(rq);
    case HO_ROUTE_ALERT_RETRY:
        return ho_http_post_alert_retry(rq);
    }
    return MHD_NO;
}
