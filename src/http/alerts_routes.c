/* SPDX-License-Identifier: MIT */
/*
 * http/alerts_routes.c - the alert outbox over HTTP (issue 11):
 * GET /v1/alerts (`handoff alerts list --json`) and
 * POST /v1/alerts/{id}/retry (`handoff alerts retry ID`).
 *
 * The list reads a read-only snapshot as every read does.  A retry writes
 * the outbox rows of one alert on its own writable handle (as the delivery
 * thread does), not through the writer: it changes delivery state, no lead,
 * so it need not wait for or join a group commit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "http/http.h"
#include "http/http_int.h"
#include "http/routes.h"
#include "notify/outbox_json.h"
#include "store/store.h"

#define ALERTS_PAGE_DEFAULT 1000
#define ALERTS_PAGE_MAX     10000

/* The query of GET /v1/alerts: status, failed, since, limit. */
struct alerts_query {
    struct ho_outbox_query q;
    bool failed;
    bool bad;
    char detail[640]; /* why, when bad */
};

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

static bool
parse_flag(const char *value, bool *out)
{
    if (!value || strcmp(value, "true") == 0 || strcmp(value, "1") == 0)
        *out = true;
    else if (strcmp(value, "false") == 0 || strcmp(value, "0") == 0)
        *out = false;
    else
        return false;
    return true;
}

static void
parse_limit(struct alerts_query *a, const char *v)
{
    char *end = NULL;
    unsigned long long n = strtoull(v, &end, 10);
    a->q.limit = (size_t)n;
    a->bad = !*v || *end || *v == '-' || n == 0 || n > ALERTS_PAGE_MAX;
    if (a->bad)
        (void)snprintf(a->detail, sizeof(a->detail),
                       "limit '%.256s': write a whole number from 1 to %d", v, ALERTS_PAGE_MAX);
}

static enum MHD_Result
alerts_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    struct alerts_query *a = cls;
    const char *v = value ? value : "";
    if (strcmp(key, "status") == 0) {
        a->q.status = v;
        if ((a->bad = !known_status(v)))
            (void)snprintf(a->detail, sizeof(a->detail),
                           "status '%.256s': write pending, sent, dead, skipped_backfill or "
                           "skipped_rebuild",
                           v);
    } else if (strcmp(key, "failed") == 0) {
        if ((a->bad = !parse_flag(value, &a->failed)))
            (void)snprintf(a->detail, sizeof(a->detail),
                           "failed '%.256s': write true or false (or nothing)", v);
    } else if (strcmp(key, "since") == 0) {
        if ((a->bad = ho_time_parse(v, strlen(v), &a->q.since, NULL) != HO_OK))
            (void)snprintf(a->detail, sizeof(a->detail),
                           "since '%.256s': write a date or an RFC 3339 time", v);
    } else if (strcmp(key, "limit") == 0) {
        parse_limit(a, v);
    } else {
        a->bad = true;
        (void)snprintf(a->detail, sizeof(a->detail), "GET /v1/alerts has no parameter '%.256s'",
                       key);
    }
    return a->bad ? MHD_NO : MHD_YES; /* stop at the first bad one */
}

static enum MHD_Result
store_problem(struct ho_http_req *rq, const struct ho_diag *diag)
{
    return ho_http_problem(rq, 503, "store-unavailable", "Database unavailable", diag->msg, NULL);
}

enum MHD_Result
ho_http_get_alerts(struct ho_http_req *rq)
{
    struct alerts_query a = {
        .q = { .due_by = INT64_MAX, .since = INT64_MIN, .limit = ALERTS_PAGE_DEFAULT }
    };
    (void)MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, alerts_arg, &a);
    if (!a.bad && a.failed && a.q.status && strcmp(a.q.status, "dead") != 0) {
        a.bad = true;
        (void)snprintf(a.detail, sizeof(a.detail),
                       "failed means status=dead: give one of them, not status=%.64s", a.q.status);
    }
    if (a.bad)
        return ho_http_problem(rq, 400, "invalid-parameter", "Invalid parameter", a.detail, NULL);
    if (a.failed)
        a.q.status = "dead";
    struct ho_app app;
    struct ho_app_open_opts o = { .db_path = ho_http_db_path(rq), .mode = HO_STORE_READ_ONLY };
    struct ho_diag diag = { 0 };
    struct ho_outbox_row *rows = NULL;
    size_t n = 0;
    ho_rc rc = ho_app_open(&app, &o, &diag);
    if (rc == HO_OK)
        rc = ho_store_load_alerts(app.st, &a.q, &rows, &n, &diag);
    ho_app_close(&app);
    if (rc != HO_OK)
        return store_problem(rq, &diag);
    struct ho_buf out = HO_BUF_INIT;
    ho_outbox_json(rows, n, &out);
    ho_outbox_rows_free(rows, n);
    enum MHD_Result res = ho_http_respond(rq, 200, "application/json", out.ptr, out.len);
    ho_buf_release(&out);
    return res;
}

/* Make alert id pending again at now on a writable handle; *n rows changed. */
static ho_rc
retry_alert(const char *db_path, const char *id, int64_t now, size_t *n, struct ho_diag *diag)
{
    struct ho_app app;
    struct ho_app_open_opts o = { .db_path = db_path, .mode = HO_STORE_READ_WRITE };
    ho_rc rc = ho_app_open(&app, &o, diag);
    bool begun = false;
    if (rc == HO_OK)
        begun = (rc = ho_store_begin(app.st, diag)) == HO_OK;
    if (rc == HO_OK)
        rc = ho_store_alert_retry(app.st, id, now, n, diag);
    if (rc == HO_OK)
        rc = ho_store_commit(app.st, diag);
    if (rc != HO_OK && begun)
        ho_store_rollback(app.st);
    ho_app_close(&app);
    return rc;
}

enum MHD_Result
ho_http_post_alert_retry(struct ho_http_req *rq)
{
    const char *path = rq->path + strlen(rq->route->path);
    struct ho_buf id = HO_BUF_INIT;
    ho_buf_add(&id, path, strlen(path) - strlen("/retry"));
    struct ho_diag diag = { 0 };
    size_t n = 0;
    ho_rc rc = retry_alert(ho_http_db_path(rq), ho_buf_cstr(&id), ho_http_now_ms(), &n, &diag);
    enum MHD_Result res;
    if (rc == HO_OK) {
        json_t *j = json_object();
        json_object_set_new(j, "id", json_string(ho_buf_cstr(&id)));
        json_object_set_new(j, "status", json_string("pending"));
        json_object_set_new(j, "rows", json_integer((json_int_t)n));
        res = ho_http_respond_json(rq, 200, j);
    } else if (rc == HO_ENOTFOUND) {
        res = ho_http_problem(rq, 404, "not-found", "No such alert", diag.msg, NULL);
    } else {
        res = store_problem(rq, &diag);
    }
    ho_buf_release(&id);
    return res;
}
