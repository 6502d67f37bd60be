/* SPDX-License-Identifier: MIT */
/*
 * http/server.c - the listener (libmicrohttpd, a thread pool), the routing
 * table, request bodies read within their limits, responses, the request
 * log and the shutdown drain.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#define ZLIB_CONST /* next_in points at const input */
#include <zlib.h>

#include "app/app.h"
#include "engine/engine.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "http/http.h"
#include "http/auth.h"
#include "http/http_int.h"
#include "http/routes.h"

struct ho_http_server {
    struct ho_app app; /* the writer's: only the writer thread touches its engine */
    const char *db_path;
    struct MHD_Daemon *d;
    MHD_socket listen_fd;
    struct ho_http_writer *w;
    struct ho_http_auth *auth;
    struct ho_http_metrics m;
    atomic_int active; /* requests between their first call and completion */
    atomic_bool draining;
    atomic_uint_least64_t seq;
    uint16_t port;
    const char *defs_path;
    bool force;
    const char *clock_file; /* tests only (ho_http_opts) */
};

/*---- addresses ----*/

bool
ho_http_is_loopback(uint32_t addr)
{
    return (addr >> 24) == 127;
}

ho_rc
ho_http_parse_listen(const char *text, uint32_t *addr, uint16_t *port, struct ho_diag *diag)
{
    const char *colon = strrchr(text, ':');
    if (!colon || colon == text || colon[1] == '\0')
        return ho_diag_set(diag, HO_EINVAL, "'%s': write HOST:PORT, e.g. 127.0.0.1:8080", text);
    char host[64];
    size_t hl = (size_t)(colon - text);
    if (hl >= sizeof(host))
        return ho_diag_set(diag, HO_EINVAL, "'%s': host too long", text);
    memcpy(host, text, hl);
    host[hl] = '\0';
    char *end;
    errno = 0;
    unsigned long p = strtoul(colon + 1, &end, 10);
    if (errno || *end || p > 65535 || colon[1] == '-' || colon[1] == '+')
        return ho_diag_set(diag, HO_EINVAL, "'%s': the port must be a number 0-65535", text);
    struct in_addr in;
    if (strcmp(host, "localhost") == 0)
        in.s_addr = htonl(INADDR_LOOPBACK);
    else if (inet_pton(AF_INET, host, &in) != 1)
        return ho_diag_set(diag, HO_EINVAL, "'%s': the host must be an IPv4 address or localhost",
                           text);
    *addr = ntohl(in.s_addr);
    *port = (uint16_t)p;
    return HO_OK;
}

/*---- clocks ----*/

int64_t
ho_http_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t
mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/*---- responses ----*/

static int
dump_cb(const char *buffer, size_t size, void *data)
{
    ho_buf_add(data, buffer, size);
    return 0;
}

void
ho_http_json_to_buf(json_t *j, struct ho_buf *out)
{
    (void)json_dump_callback(j, dump_cb, out, JSON_COMPACT | JSON_PRESERVE_ORDER);
}

enum MHD_Result
ho_http_respond(struct ho_http_req *rq, unsigned status, const char *type, const char *body,
                size_t len)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    (void)MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    (void)MHD_add_response_header(r, "X-Request-Id", rq->id);
    if (status == 503)
        (void)MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "1");
    if (status == 401)
        (void)MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
                                      rq->route && rq->route->kind == HO_ROUTE_SEGMENT
                                          ? "Basic realm=\"handoff\""
                                          : "Bearer realm=\"handoff\"");
    if (atomic_load(&rq->srv->draining))
        (void)MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
    enum MHD_Result res = MHD_queue_response(rq->conn, status, r);
    MHD_destroy_response(r);
    rq->status = status;
    rq->responded = true;
    return res;
}

enum MHD_Result
ho_http_respond_json(struct ho_http_req *rq, unsigned status, json_t *j)
{
    struct ho_buf b = HO_BUF_INIT;
    ho_http_json_to_buf(j, &b);
    json_decref(j);
    ho_buf_addc(&b, '\n');
    enum MHD_Result res = ho_http_respond(rq, status, "application/json", b.ptr, b.len);
    ho_buf_release(&b);
    return res;
}

enum MHD_Result
ho_http_problem(struct ho_http_req *rq, unsigned status, const char *slug, const char *title,
                const char *detail, json_t *extra)
{
    json_t *j = json_object();
    char type[128];
    (void)snprintf(type, sizeof(type), "/problems/%s", slug);
    json_object_set_new(j, "type", json_string(type));
    json_object_set_new(j, "title", json_string(title));
    json_object_set_new(j, "status", json_integer(status));
    json_object_set_new(j, "detail", json_string(detail));
    json_object_set_new(j, "instance", json_string(rq->path));
    if (rq->route && rq->route->kind == HO_ROUTE_SEGMENT) {
        /* Segment SDKs read code and message from any non-2xx body. */
        char code[64];
        size_t i = 0;
        for (; slug[i] && i + 1 < sizeof(code); i++)
            code[i] = slug[i] == '-' ? '_' : slug[i];
        code[i] = '\0';
        json_object_set_new(j, "success", json_false());
        json_object_set_new(j, "code", json_string(code));
        json_object_set_new(j, "message", json_string(detail));
    }
    if (extra)
        json_object_update(j, extra);
    json_decref(extra);
    struct ho_buf b = HO_BUF_INIT;
    ho_http_json_to_buf(j, &b);
    json_decref(j);
    ho_buf_addc(&b, '\n');
    enum MHD_Result res = ho_http_respond(rq, status, "application/problem+json", b.ptr, b.len);
    ho_buf_release(&b);
    return res;
}

/*---- the request log ----*/

/* Append a logfmt value, quoted when it needs to be. */
static void
logfmt_value(struct ho_buf *b, const char *v)
{
    bool plain = *v != '\0';
    for (const char *p = v; *p && plain; p++)
        plain = (unsigned char)*p > ' ' && *p != '"' && *p != '=' && *p != '\\' && *p != 0x7f;
    if (plain) {
        ho_buf_adds(b, v);
        return;
    }
    ho_buf_addc(b, '"');
    for (const char *p = v; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '"' || c == '\\')
            ho_buf_printf(b, "\\%c", c);
        else if (c < ' ' || c == 0x7f)
            ho_buf_printf(b, "\\x%02x", c);
        else
            ho_buf_addc(b, (char)c);
    }
    ho_buf_addc(b, '"');
}

static void
log_request(const struct ho_http_req *rq)
{
    char ts[HO_TIME_STRLEN];
    struct ho_buf b = HO_BUF_INIT;
    ho_buf_printf(
        &b, "time=%s level=info msg=request request_id=", ho_time_format(ho_http_now_ms(), ts));
    logfmt_value(&b, rq->id);
    ho_buf_adds(&b, " method=");
    logfmt_value(&b, rq->method);
    ho_buf_adds(&b, " path=");
    logfmt_value(&b, rq->path);
    ho_buf_printf(&b, " status=%u bytes_in=%zu duration_ms=%.3f", rq->status, rq->body_seen,
                  (double)(mono_us() - rq->t0_us) / 1000.0);
    if (rq->events)
        ho_buf_printf(&b, " events=%zu", rq->events);
    ho_buf_addc(&b, '\n');
    (void)fwrite(b.ptr, 1, b.len, stderr);
    ho_buf_release(&b);
}

/*---- requests ----*/

static bool
valid_request_id(const char *v)
{
    size_t n = 0;
    for (; v[n]; n++) {
        char c = v[n];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || c == '.' || c == ':';
        if (!ok || n >= 64)
            return false;
    }
    return n > 0;
}

static struct ho_http_req *
req_new(struct ho_http_server *srv, struct MHD_Connection *c, const char *url, const char *method)
{
    struct ho_http_req *rq = ho_xcalloc(1, sizeof(*rq));
    rq->srv = srv;
    rq->conn = c;
    rq->t0_us = mono_us();
    rq->path = ho_xstrdup(url);
    rq->method = ho_xstrdup(method);
    ho_buf_init(&rq->body);
    const char *given = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Request-Id");
    if (given && valid_request_id(given)) {
        memcpy(rq->id, given, strlen(given) + 1);
    } else {
        uint64_t n = atomic_fetch_add(&srv->seq, 1) + 1;
        (void)snprintf(rq->id, sizeof(rq->id), "%08" PRIx64 "-%06" PRIu64,
                       (uint64_t)ho_http_now_ms() / 1000, n);
    }
    rq->route = ho_http_route_find(method, url, &rq->route_error);
    rq->limit = rq->route ? rq->route->max_body : 64 << 10;
    atomic_fetch_add(&srv->active, 1);
    return rq;
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
             enum MHD_RequestTerminationCode toe)
{
    (void)c;
    (void)toe;
    struct ho_http_server *srv = cls;
    struct ho_http_req *rq = *con_cls;
    if (!rq)
        return;
    *con_cls = NULL;
    ho_http_metrics_request(&srv->m,
                            rq->route ? ho_http_route_index(rq->route) : HO_HTTP_MAX_ROUTES,
                            rq->responded ? rq->status : 0, mono_us() - rq->t0_us);
    log_request(rq);
    ho_http_job_free(rq->job);
    if (rq->z) {
        inflateEnd(rq->z);
        ho_xfree(rq->z);
    }
    ho_buf_release(&rq->body);
    ho_xfree(rq->path);
    ho_xfree(rq->method);
    ho_xfree(rq);
    atomic_fetch_sub(&srv->active, 1);
}

static enum MHD_Result
too_large(struct ho_http_req *rq)
{
    char detail[160];
    (void)snprintf(detail, sizeof(detail), "the body is larger than %zu bytes, the limit of %s",
                   rq->limit, rq->path);
    json_t *x = json_object();
    json_object_set_new(x, "limit", json_integer((json_int_t)rq->limit));
    return ho_http_problem(rq, 413, "body-too-large", "Body too large", detail, x);
}

enum MHD_Result
ho_http_authorize(struct ho_http_req *rq, const char *token, size_t len, bool *ok)
{
    enum ho_auth_result a =
        ho_http_auth_check(rq->srv->auth, token, len, (enum ho_token_scope)rq->route->need);
    *ok = a == HO_AUTH_OK;
    if (a == HO_AUTH_OK)
        return MHD_YES;
    if (a == HO_AUTH_FORBIDDEN) {
        char detail[160];
        (void)snprintf(detail, sizeof(detail), "this token's scope does not allow %s (needs %s)",
                       rq->path, ho_token_scope_name((enum ho_token_scope)rq->route->need));
        return ho_http_problem(rq, 403, "forbidden", "Insufficient scope", detail, NULL);
    }
    return ho_http_problem(rq, 401, "unauthorized", "Unauthorized",
                           a == HO_AUTH_MISSING ? "no token: send Authorization: Bearer TOKEN (a "
                                                  "Segment write key as the Basic auth user)"
                                                : "the token is not valid (unknown or revoked)",
                           NULL);
}

/* The token of the Authorization header: Bearer TOKEN, or Basic with the
 * token as the user (Segment's write key; the password is ignored). */
static enum MHD_Result
authorize_headers(struct ho_http_req *rq, bool *ok)
{
    const char *h =
        MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    *ok = false;
    if (!h && rq->route->kind == HO_ROUTE_SEGMENT) {
        rq->auth_deferred = true; /* writeKey in the body */
        *ok = true;
        return MHD_YES;
    }
    if (h && strncasecmp(h, "Bearer ", 7) == 0) {
        const char *t = h + 7;
        while (*t == ' ')
            t++;
        return ho_http_authorize(rq, t, strlen(t), ok);
    }
    if (h && strncasecmp(h, "Basic ", 6) == 0) {
        char *pass = NULL;
        char *user = MHD_basic_auth_get_username_password(rq->conn, &pass);
        enum MHD_Result r = ho_http_authorize(rq, user, user ? strlen(user) : 0, ok);
        if (user)
            MHD_free(user);
        if (pass)
            MHD_free(pass);
        return r;
    }
    return ho_http_authorize(rq, NULL, 0, ok);
}

/* Content-Encoding: identity (or none), gzip or deflate; else 415. */
static enum MHD_Result
start_decoding(struct ho_http_req *rq, bool *ok)
{
    const char *enc =
        MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_ENCODING);
    *ok = true;
    if (!enc || strcasecmp(enc, "identity") == 0)
        return MHD_YES;
    if (strcasecmp(enc, "gzip") == 0 || strcasecmp(enc, "deflate") == 0) {
        rq->z = ho_xcalloc(1, sizeof(*rq->z));
        if (inflateInit2(rq->z, 15 + 32) == Z_OK) /* +32: gzip or zlib header, detected */
            return MHD_YES;
        ho_xfree(rq->z);
        rq->z = NULL;
    }
    *ok = false;
    char detail[160];
    (void)snprintf(detail, sizeof(detail), "Content-Encoding '%.64s': send identity or gzip", enc);
    return ho_http_problem(rq, 415, "unsupported-encoding", "Unsupported Content-Encoding", detail,
                           NULL);
}

/* Inflate data[0..n) into the body, at most up to the limit (past it the
 * body is over and the rest is dropped). */
static void
inflate_chunk(struct ho_http_req *rq, const char *data, size_t n)
{
    z_stream *z = rq->z;
    z->next_in = (const Bytef *)data;
    z->avail_in = (uInt)n;
    while (z->avail_in > 0 && !rq->z_end && !rq->z_bad && !rq->over) {
        ho_buf_reserve(&rq->body, 16384);
        z->next_out = (Bytef *)rq->body.ptr + rq->body.len;
        z->avail_out = 16384;
        int ret = inflate(z, Z_NO_FLUSH);
        rq->body.len += 16384 - z->avail_out;
        rq->body.ptr[rq->body.len] = '\0';
        if (ret == Z_STREAM_END)
            rq->z_end = true;
        else if (ret != Z_OK && ret != Z_BUF_ERROR)
            rq->z_bad = true;
        else if (ret == Z_BUF_ERROR && z->avail_out != 0)
            break; /* needs more input */
        if (rq->body.len > rq->limit)
            rq->over = true;
    }
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
           const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    (void)version;
    struct ho_http_server *srv = cls;
    struct ho_http_req *rq = *con_cls;
    if (!rq) {
        rq = req_new(srv, c, url, method);
        *con_cls = rq;
        if (rq->route && rq->route->need >= 0) { /* before any byte of the body */
            bool ok;
            enum MHD_Result r = authorize_headers(rq, &ok);
            if (!ok)
                return r;
        }
        /* A declared length over the limit is refused before any byte of
         * the body is read. */
        const char *cl =
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > rq->limit)
            return too_large(rq);
        bool ok;
        enum MHD_Result r = start_decoding(rq, &ok);
        return ok ? MHD_YES : r;
    }
    if (*upload_size) {
        rq->body_seen += *upload_size;
        if (rq->z && rq->body_seen > rq->limit)
            rq->over = true; /* the compressed bytes count against the limit too */
        if (rq->z && !rq->over)
            inflate_chunk(rq, upload, *upload_size);
        else if (!rq->over && rq->body.len + *upload_size <= rq->limit)
            ho_buf_add(&rq->body, upload, *upload_size);
        else
            rq->over = true; /* the rest is read and dropped, never kept */
        *upload_size = 0;
        return MHD_YES;
    }
    if (rq->answer) { /* resumed: the writer is done with the job */
        enum MHD_Result (*answer)(struct ho_http_req *, struct ho_http_job *) = rq->answer;
        rq->answer = NULL;
        return answer(rq, rq->job);
    }
    if (rq->responded)
        return MHD_YES;
    if (rq->over)
        return too_large(rq);
    if (rq->z && (rq->z_bad || !rq->z_end))
        return ho_http_problem(rq, 400, "invalid-encoding", "Invalid compressed body",
                               "the body is not a complete gzip or deflate stream", NULL);
    return ho_http_dispatch(rq);
}

/*---- waiting for the commit without a thread ----*/

/* The writer's callback (its thread): the commit holding the job is done. */
static void
job_done(struct ho_http_job *job, void *ctx)
{
    (void)job;
    struct ho_http_req *rq = ctx;
    MHD_resume_connection(rq->conn);
}

enum MHD_Result
ho_http_commit_then(struct ho_http_req *rq, struct ho_http_job *job,
                    enum MHD_Result (*answer)(struct ho_http_req *rq, struct ho_http_job *job))
{
    rq->job = job;
    if (job->n == 0)
        return answer(rq, job);
    rq->answer = answer;
    job->on_done = job_done;
    job->on_done_ctx = rq;
    /* Suspended before the writer can see the job, so that its resume
     * always follows the suspension. */
    MHD_suspend_connection(rq->conn);
    ho_http_writer_queue(rq->srv->w, job);
    return MHD_YES;
}

/*---- start and stop ----*/

/* The deadline timer's clock: the wall clock, or (tests) the time written
 * in the clock file (RFC 3339 or a date); the wall clock when it cannot be
 * read. */
static int64_t
server_clock(void *ctx)
{
    const struct ho_http_server *srv = ctx;
    if (!srv->clock_file)
        return ho_http_now_ms();
    FILE *f = fopen(srv->clock_file, "r");
    char line[128];
    int64_t t = 0;
    bool ok = f && fgets(line, sizeof(line), f);
    if (f)
        fclose(f);
    size_t n = ok ? strcspn(line, "\r\n") : 0;
    if (!ok || ho_time_parse(line, n, &t, NULL) != HO_OK)
        return ho_http_now_ms();
    return t;
}

ho_rc
ho_http_start(const struct ho_http_opts *o, struct ho_http_server **out, struct ho_buf *errors,
              struct ho_diag *diag)
{
    *out = NULL;
    json_object_seed(0); /* before any thread: jansson's hash seed */
    struct ho_http_server *srv = ho_xcalloc(1, sizeof(*srv));
    srv->db_path = o->db_path ? o->db_path : HO_APP_DEFAULT_DB;
    srv->listen_fd = MHD_INVALID_SOCKET;
    struct ho_app_open_opts ao = { .db_path = srv->db_path,
                                   .mode = HO_STORE_READ_WRITE,
                                   .durability = HO_DURABLE_FULL };
    srv->defs_path = o->defs_path;
    srv->force = o->force;
    struct ho_buf text = HO_BUF_INIT;
    ho_rc rc = ho_app_open(&srv->app, &ao, diag);
    if (rc == HO_OK && o->defs_path)
        rc = ho_app_read_defs_file(o->defs_path, &text, diag);
    if (rc == HO_OK && o->defs_path)
        rc = ho_app_activate_defs(&srv->app, ho_buf_cstr(&text), text.len, o->defs_path, o->force,
                                  ho_http_now_ms(), errors, diag);
    ho_buf_release(&text);
    if (rc == HO_OK)
        rc = ho_app_open_engine(&srv->app, NULL, diag);
    struct ho_commit_stats cs;
    if (rc == HO_OK && srv->app.defs_changed) /* every lead under the new definitions */
        rc = ho_engine_commit(srv->app.eng, true, &cs, diag);
    if (rc == HO_OK)
        rc = ho_http_auth_new(srv->db_path, &srv->auth, diag);
    srv->m.db_path = srv->db_path;
    if (rc == HO_OK)
        rc = ho_http_writer_start(&srv->app, &srv->m, &srv->w, diag);
    if (rc == HO_OK) {
        srv->clock_file = o->clock_file;
        ho_http_writer_timer(srv->w, server_clock, srv,
                             o->tick_ms ? o->tick_ms : HO_HTTP_DEFAULT_TICK_MS);
    }
    if (rc != HO_OK) {
        ho_http_auth_free(srv->auth);
        ho_app_close(&srv->app);
        ho_xfree(srv);
        return rc;
    }
    struct sockaddr_in sa = { 0 };
    sa.sin_family = AF_INET;
    sa.sin_port = htons(o->port);
    sa.sin_addr.s_addr = htonl(o->addr);
    unsigned threads = o->threads ? o->threads : 1;
    /* Suspend/resume: a request waiting for its commit holds no thread. */
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
    srv->d = MHD_start_daemon(
        flags, o->port, NULL, NULL, on_request, srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
        MHD_OPTION_CONNECTION_TIMEOUT, 30U, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 << 10),
        MHD_OPTION_END);
    if (!srv->d) {
        char a[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, &sa.sin_addr, a, sizeof(a));
        ho_http_writer_stop(srv->w);
        ho_http_auth_free(srv->auth);
        ho_app_close(&srv->app);
        ho_xfree(srv);
        return ho_diag_set(diag, HO_EIO,
                           "cannot listen on %s:%u (in use, or not an address of "
                           "this machine)",
                           a, o->port);
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->d, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : o->port;
    *out = srv;
    return HO_OK;
}

ho_rc
ho_http_reload(struct ho_http_server *srv, struct ho_buf *errors, int64_t *version, bool *changed,
               struct ho_diag *diag)
{
    struct ho_http_reload r = { .path = srv->defs_path, .force = srv->force };
    ho_buf_init(&r.errors);
    ho_http_writer_reload(srv->w, &r);
    if (errors)
        ho_buf_add(errors, r.errors.ptr ? r.errors.ptr : "", r.errors.len);
    ho_buf_release(&r.errors);
    *version = r.version;
    *changed = r.changed;
    if (r.rc != HO_OK && diag)
        *diag = r.diag;
    return r.rc;
}

void
ho_http_on_commit(struct ho_http_server *srv, const struct ho_http_commit_hook *h)
{
    ho_http_writer_on_commit(srv->w, h);
}

uint16_t
ho_http_port(const struct ho_http_server *srv)
{
    return srv->port;
}

ho_rc
ho_http_stop(struct ho_http_server *srv, struct ho_diag *diag)
{
    (void)diag;
    atomic_store(&srv->draining, true);
    srv->listen_fd = MHD_quiesce_daemon(srv->d);
    /* The requests in flight finish (their events are committed by the
     * writer, which still runs); give up on them after ~10 s. */
    for (int i = 0; i < 1000 && atomic_load(&srv->active) > 0; i++) {
        struct timespec ts = { 0, 10 * 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(srv->d);
    if (srv->listen_fd != MHD_INVALID_SOCKET)
        close(srv->listen_fd);
    ho_http_writer_stop(srv->w); /* the jobs queued are committed first */
    ho_http_auth_free(srv->auth);
    ho_app_close(&srv->app);
    ho_xfree(srv);
    return HO_OK;
}

/*---- what the routes read ----*/

const char *
ho_http_db_path(const struct ho_http_req *rq)
{
    return rq->srv->db_path;
}

struct ho_http_writer *
ho_http_writer_of(const struct ho_http_req *rq)
{
    return rq->srv->w;
}

const struct ho_http_metrics *
ho_http_metrics_of(const struct ho_http_req *rq)
{
    return &rq->srv->m;
}

bool
ho_http_draining(const struct ho_http_req *rq)
{
    return atomic_load(&rq->srv->draining);
}
