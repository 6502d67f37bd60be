/* SPDX-License-Identifier: MIT */
/*
 * http/actions.c - POST /v1/leads/{id}/actions: a sales action over HTTP.
 *
 * The body {"action": "reject", "reason": "not_icp", ...} becomes the same
 * request the CLI builds from argv (app/sales.h), checked by the same code.
 * What needs no database is checked here; the rest (the reason list and
 * the reps of the active definitions, the lead's existence), the event and
 * its commit run on the writer's thread, which owns the engine, so the 2xx
 * comes only after the commit.
 *
 * Idempotency-Key: the first successful response to a key is stored with a
 * fingerprint of the request (idempotency_keys, on the writer's thread, so
 * two requests with one key never both apply).  A retry with the same key
 * and request gets that response again; with another request, 422.
 */
#include <stdio.h>
#include <string.h>

#include "app/sales.h"
#include "app/tokens.h"
#include "base/xalloc.h"
#include "http/http.h"
#include "http/http_int.h"
#include "http/routes.h"

#define MAX_KEY_LEN 255

/* What the request thread hands the writer, and what comes back. */
struct action_ctx {
    struct ho_sales_req req;
    const char *key;        /* Idempotency-Key; NULL: none */
    char fingerprint[65];   /* hex SHA-256 of the lead and the body */
    struct ho_buf key_id;   /* with a key and no id: the id derived from the key */
    struct ho_buf event_id; /* the event id used */
    /* set on the writer's thread */
    bool replayed;   /* the stored response of key is in status/body */
    bool key_reused; /* key is stored with another request */
    bool unknown_lead;
    struct ho_sales_error err; /* a refusal by the definitions (field >= 0 or msg) */
    bool refused;
    unsigned status;
    struct ho_buf body;
};

static void
hex(const unsigned char *in, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * n] = '\0';
}

static void
fingerprint(const char *lead, const char *body, size_t len, char out[65])
{
    struct ho_buf b = HO_BUF_INIT;
    unsigned char h[HO_TOKEN_HASH_LEN];
    ho_buf_adds(&b, lead);
    ho_buf_addc(&b, '\n');
    ho_buf_add(&b, body, len);
    ho_token_hash(b.ptr, b.len, h);
    hex(h, sizeof(h), out);
    ho_buf_release(&b);
}

/*---- the writer's side ----*/

static json_t *
result_json(const struct action_ctx *c, const struct ho_app_action_result *res, const char *type)
{
    json_t *j = json_object();
    json_object_set_new(j, "lead", json_string(c->req.lead));
    json_object_set_new(j, "action", json_string(c->req.cmd->name));
    json_object_set_new(j, "event_id", json_string(ho_buf_cstr(&c->event_id)));
    json_object_set_new(j, "event_type", json_string(type));
    json_object_set_new(j, "ts", json_string(c->req.at_text));
    json_object_set_new(j, "duplicate", json_boolean(res->duplicate));
    if (!res->duplicate) {
        json_object_set_new(j, "stage", json_string(ho_stage_name(res->stage)));
        json_object_set_new(j, "journey", json_integer(res->journey));
        json_object_set_new(j, "new_lead", json_boolean(res->is_new));
    }
    return j;
}

/* The stored response of the key, when there is one. */
static ho_rc
replay(struct ho_app *app, struct action_ctx *c, bool *found, struct ho_diag *diag)
{
    struct ho_idem_row row = { HO_BUF_INIT, 0, HO_BUF_INIT };
    ho_rc rc = ho_store_get_idempotency(app->st, c->key, &row, diag);
    *found = rc == HO_OK;
    if (rc == HO_OK && strcmp(ho_buf_cstr(&row.fingerprint), c->fingerprint) != 0) {
        c->key_reused = true;
    } else if (rc == HO_OK) {
        c->replayed = true;
        c->status = row.status;
        ho_buf_add(&c->body, row.body.ptr ? row.body.ptr : "", row.body.len);
    }
    ho_buf_release(&row.fingerprint);
    ho_buf_release(&row.body);
    if (rc == HO_ENOTFOUND) {
        memset(diag, 0, sizeof(*diag));
        return HO_OK;
    }
    return rc;
}

static ho_rc
remember(struct ho_app *app, struct action_ctx *c)
{
    struct ho_idem_row row = { HO_BUF_INIT, c->status, HO_BUF_INIT };
    struct ho_diag why = { 0 };
    ho_buf_adds(&row.fingerprint, c->fingerprint);
    ho_buf_add(&row.body, c->body.ptr, c->body.len);
    ho_rc rc = ho_store_put_idempotency(app->st, c->key, &row, ho_http_now_ms(), &why);
    if (rc != HO_OK) /* the event is committed: a retry is a duplicate by its id */
        fprintf(stderr, "level=warn msg=\"idempotency key not stored\" reason=\"%s\"\n", why.msg);
    ho_buf_release(&row.fingerprint);
    ho_buf_release(&row.body);
    return HO_OK;
}

static ho_rc
run_action(struct ho_app *app, void *ctx, struct ho_diag *diag)
{
    struct action_ctx *c = ctx;
    bool found = false;
    ho_rc rc = c->key ? replay(app, c, &found, diag) : HO_OK;
    if (rc != HO_OK || found)
        return rc;
    if (ho_sales_check_defs(&c->req, &app->defs, &c->err) != HO_OK) {
        c->refused = true;
        return HO_OK;
    }
    struct ho_app_action_result res;
    ho_buf_reset(&c->event_id);
    rc = ho_sales_apply(app, &c->req, "http", &c->event_id, &res, diag);
    if (rc != HO_OK && res.unknown_lead) {
        c->unknown_lead = true;
        return HO_OK;
    }
    if (rc != HO_OK)
        return rc;
    c->status = 200;
    json_t *j = result_json(c, &res, ho_sales_event_type(&c->req, &app->defs));
    ho_http_json_to_buf(j, &c->body);
    json_decref(j);
    return c->key ? remember(app, c) : HO_OK;
}

/*---- the request thread's side ----*/

/* 400 naming the field (a JSON pointer into the body, and its name). */
static enum MHD_Result
bad_field(struct ho_http_req *rq, unsigned status, const char *slug, const char *title,
          const char *field, const char *detail)
{
    json_t *x = json_object();
    if (field) {
        char ptr[96];
        (void)snprintf(ptr, sizeof(ptr), "/%.80s", field);
        json_object_set_new(x, "field", json_string(field));
        json_object_set_new(x, "pointer", json_string(ptr));
    }
    return ho_http_problem(rq, status, slug, title, detail, x);
}

static enum MHD_Result
invalid(struct ho_http_req *rq, const char *field, const char *detail)
{
    return bad_field(rq, 400, "invalid-action", "Invalid action", field, detail);
}

/* The field called name (at and its alias ts), or -1. */
static int
field_index(const char *name)
{
    if (strcmp(name, "ts") == 0)
        return HO_SF_AT;
    for (int i = 0; i < HO_SF__COUNT; i++) {
        if (strcmp(ho_sales_fields[i].name, name) == 0)
            return i;
    }
    return -1;
}

/* One member of the body into the request's field i: a flag is true or
 * false (false: not given), a text a non-empty string, an amount also a
 * number.  NULL, or why not in detail. */
static const char *
field_value(int i, json_t *v, char num[64], char detail[400], const char *key)
{
    if (ho_sales_fields[i].flag) {
        if (json_is_boolean(v))
            return json_is_true(v) ? "true" : NULL;
        (void)snprintf(detail, 400, "%s: expected true or false", key);
        return "";
    }
    if (i == HO_SF_AMOUNT && json_is_integer(v)) {
        (void)snprintf(num, 64, "%lld", (long long)json_integer_value(v));
        return num;
    }
    if (i == HO_SF_AMOUNT && json_is_real(v)) {
        (void)snprintf(num, 64, "%.15g", json_real_value(v));
        return num;
    }
    if (!json_is_string(v) || json_string_length(v) == 0 ||
        strlen(json_string_value(v)) != json_string_length(v)) {
        (void)snprintf(detail, 400, "%s: expected a non-empty string", key);
        return "";
    }
    return json_string_value(v);
}

/* The body's members into c->req (values borrowed from body); false with
 * the problem answered in *res. */
static bool
read_fields(struct ho_http_req *rq, json_t *body, struct action_ctx *c, char nums[][64],
            enum MHD_Result *res)
{
    const char *key;
    json_t *v;
    char detail[400] = "";
    json_object_foreach(body, key, v)
    {
        if (strcmp(key, "action") == 0)
            continue;
        int i = field_index(key);
        if (i < 0) {
            (void)snprintf(detail, sizeof(detail),
                           "no field '%.120s' (an action takes: at, id, "
                           "rep, reason, note, need, authority, budget, timeline, revisit, via, "
                           "made, amount, opportunity, create)",
                           key);
            *res = invalid(rq, key, detail);
            return false;
        }
        if (c->req.val[i]) { /* only at and its alias ts can meet */
            *res = invalid(rq, key, "at and ts name the same field: give one");
            return false;
        }
        const char *val = field_value(i, v, nums[i], detail, key);
        if (detail[0]) {
            *res = invalid(rq, key, detail);
            return false;
        }
        c->req.val[i] = val;
    }
    return true;
}

/* The action named by the body; NULL with the problem answered. */
static const struct ho_sales_cmd *
read_action(struct ho_http_req *rq, json_t *body, enum MHD_Result *res)
{
    json_t *a = json_object_get(body, "action");
    char detail[320];
    const struct ho_sales_cmd *cmd = json_is_string(a) ? ho_sales_find(json_string_value(a)) : NULL;
    if (cmd)
        return cmd;
    if (json_is_string(a))
        (void)snprintf(detail, sizeof(detail), "action '%.200s': write %s", json_string_value(a),
                       ho_sales_names());
    else
        (void)snprintf(detail, sizeof(detail), "action: write %s", ho_sales_names());
    *res = invalid(rq, "action", detail);
    return NULL;
}

/* The checks that need no database, the CLI's: fields the action takes,
 * values, required fields. */
static bool
check_request(struct ho_http_req *rq, struct action_ctx *c, enum MHD_Result *res)
{
    char detail[320];
    int extra = ho_sales_extra(&c->req);
    if (extra >= 0) {
        (void)snprintf(detail, sizeof(detail), "%s takes no field '%s'", c->req.cmd->name,
                       ho_sales_fields[extra].name);
        *res = invalid(rq, ho_sales_fields[extra].name, detail);
        return false;
    }
    struct ho_sales_error err = { 0 };
    if (ho_sales_check_values(&c->req, ho_http_now_ms(), &err) != HO_OK) {
        *res = invalid(rq, ho_sales_fields[err.field].name, err.diag.msg);
        return false;
    }
    int missing = ho_sales_missing(&c->req);
    if (missing >= 0) {
        (void)snprintf(detail, sizeof(detail), "%s needs %s", c->req.cmd->name,
                       ho_sales_fields[missing].name);
        *res = invalid(rq, ho_sales_fields[missing].name, detail);
        return false;
    }
    return true;
}

/* The Idempotency-Key header (an RFC 8941 string, quotes optional):
 * NULL when absent; false with the problem answered when not usable. */
static bool
read_key(struct ho_http_req *rq, struct action_ctx *c, struct ho_buf *key, enum MHD_Result *res)
{
    const char *h = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "Idempotency-Key");
    if (!h)
        return true;
    size_t n = strlen(h);
    if (n >= 2 && h[0] == '"' && h[n - 1] == '"') {
        h++;
        n -= 2;
    }
    bool ok = n > 0 && n <= MAX_KEY_LEN;
    for (size_t i = 0; ok && i < n; i++)
        ok = h[i] > 0x20 && h[i] < 0x7f && h[i] != '"' && h[i] != '\\';
    if (!ok) {
        *res = ho_http_problem(rq, 400, "invalid-header", "Invalid header",
                               "Idempotency-Key: write 1 to 255 visible ASCII characters "
                               "(no quotes or backslashes inside)",
                               json_pack("{s:s}", "header", "Idempotency-Key"));
        return false;
    }
    ho_buf_add(key, h, n);
    c->key = ho_buf_cstr(key);
    if (!c->req.val[HO_SF_ID]) { /* a retry of the key is the same event */
        char fp[65];
        fingerprint("key", c->key, n, fp);
        ho_buf_printf(&c->key_id, "http-%s-%.32s", c->req.cmd->name, fp);
        c->req.val[HO_SF_ID] = ho_buf_cstr(&c->key_id);
    }
    return true;
}

/* The writer's answer. */
static enum MHD_Result
answer(struct ho_http_req *rq, const struct ho_http_task *t, const struct action_ctx *c)
{
    char detail[640];
    if (t->rc == HO_EPARSE || t->rc == HO_ELIMIT || t->rc == HO_EINVAL)
        return ho_http_problem(rq, 422, "invalid-event", "Action not recorded", t->diag.msg, NULL);
    if (t->rc != HO_OK) {
        (void)snprintf(detail, sizeof(detail),
                       "the action could not be stored (%s); nothing is acknowledged, retry",
                       t->diag.msg);
        return ho_http_problem(rq, 503, "store-unavailable", "Action not stored", detail, NULL);
    }
    if (c->key_reused)
        return ho_http_problem(rq, 422, "idempotency-key-reused", "Idempotency-Key reused",
                               "this Idempotency-Key was used for another request; send a new "
                               "key for a new request",
                               json_pack("{s:s}", "header", "Idempotency-Key"));
    if (c->refused) {
        const char *f = c->err.field >= 0 ? ho_sales_fields[c->err.field].name : NULL;
        return bad_field(rq, 422, "invalid-action", "Action refused", f, c->err.diag.msg);
    }
    if (c->unknown_lead) {
        (void)snprintf(detail, sizeof(detail), "no lead '%.400s'%s", c->req.lead,
                       (c->req.cmd->flags & HO_SALES_MAY_CREATE)
                           ? ": check the spelling, or send \"create\": true to start a "
                             "sales-sourced lead"
                           : "");
        return ho_http_problem(rq, 404, "not-found", "No such lead", detail, NULL);
    }
    return ho_http_respond(rq, c->status, "application/json", c->body.ptr ? c->body.ptr : "",
                           c->body.len);
}

/* Parse and check the body into c; false with the problem answered. */
static bool
read_request(struct ho_http_req *rq, json_t **body, struct action_ctx *c, char nums[][64],
             enum MHD_Result *res)
{
    json_error_t e;
    *body = json_loadb(rq->body.ptr ? rq->body.ptr : "", rq->body.len, JSON_REJECT_DUPLICATES, &e);
    if (!*body || !json_is_object(*body)) {
        char detail[400];
        if (*body)
            (void)snprintf(detail, sizeof(detail), "the body must be a JSON object");
        else
            (void)snprintf(detail, sizeof(detail), "invalid JSON at line %d, column %d: %s", e.line,
                           e.column, e.text);
        *res = ho_http_problem(rq, 400, "invalid-json", "Malformed JSON body", detail,
                               *body ? NULL
                                     : json_pack("{s:i,s:i}", "line", e.line, "column", e.column));
        return false;
    }
    c->req.cmd = read_action(rq, *body, res);
    return c->req.cmd && read_fields(rq, *body, c, nums, res) && check_request(rq, c, res);
}

enum MHD_Result
ho_http_post_action(struct ho_http_req *rq)
{
    const char *path = rq->path + strlen(rq->route->path);
    struct ho_buf lead = HO_BUF_INIT, key = HO_BUF_INIT;
    ho_buf_add(&lead, path, strlen(path) - strlen("/actions"));
    struct action_ctx c = { .req = { .lead = ho_buf_cstr(&lead) } };
    char nums[HO_SF__COUNT][64];
    json_t *body = NULL;
    enum MHD_Result res = MHD_NO;
    ho_buf_init(&c.key_id);
    ho_buf_init(&c.event_id);
    ho_buf_init(&c.body);
    if (read_request(rq, &body, &c, nums, &res) && read_key(rq, &c, &key, &res)) {
        fingerprint(c.req.lead, rq->body.ptr ? rq->body.ptr : "", rq->body.len, c.fingerprint);
        struct ho_http_task t = { .run = run_action, .ctx = &c };
        rq->events = 1;
        ho_http_writer_run(ho_http_writer_of(rq), &t);
        res = answer(rq, &t, &c);
    }
    json_decref(body);
    ho_buf_release(&lead);
    ho_buf_release(&key);
    ho_buf_release(&c.key_id);
    ho_buf_release(&c.event_id);
    ho_buf_release(&c.body);
    return res;
}
