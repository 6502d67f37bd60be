/* SPDX-License-Identifier: MIT */
/*
 * http/body.c - request bodies into events: the native array or object,
 * and Segment messages with what their route and envelope imply.
 *
 * The split only finds where each event's text is (the generic JSON
 * scanner checks the whole body, so a malformed body is refused with its
 * position before anything is stored); decoding each event is the writer's.
 */
#include <inttypes.h>
#include <string.h>

#include "base/timefmt.h"
#include "base/xalloc.h"
#include "http/http.h"
#include "http/http_int.h"
#include "ingest/json_scan.h"

void
ho_http_locate(const char *text, size_t len, uint32_t col, uint32_t *line, uint32_t *column)
{
    uint32_t l = 1, c = 1, chars = 1;
    for (size_t i = 0; i < len && chars < col; i++) {
        unsigned char b = (unsigned char)text[i];
        if ((b & 0xC0) == 0x80)
            continue;
        chars++;
        if (b == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    *line = l;
    *column = c;
}

static void
push_item(struct ho_http_item **items, size_t *n, size_t *cap, const char *text, size_t len)
{
    ho_grow((void **)items, cap, *n + 1, sizeof(**items));
    memset(&(*items)[*n], 0, sizeof(**items));
    (*items)[*n].text = text;
    (*items)[*n].len = len;
    (*n)++;
}

/* The elements of the array at sc->pos == '[' (at level depth), each
 * checked as JSON: their [start, end) byte ranges appended to items. */
static ho_rc
split_array(struct ho_json_scan *sc, unsigned depth, struct ho_http_item **items, size_t *n,
            size_t *cap)
{
    sc->pos++;
    ho_json_skip_ws(sc);
    if (ho_json_peek(sc) == ']') {
        sc->pos++;
        return HO_OK;
    }
    for (;;) {
        ho_json_skip_ws(sc);
        size_t start = sc->pos;
        ho_rc rc = ho_json_skip_value(sc, depth);
        if (rc != HO_OK)
            return rc;
        push_item(items, n, cap, (const char *)sc->s + start, sc->pos - start);
        ho_json_skip_ws(sc);
        int ch = ho_json_peek(sc);
        sc->pos++;
        if (ch == ']')
            return HO_OK;
        if (ch != ',')
            return ho_json_syntax_err(sc, sc->pos - 1, "',' or ']'");
    }
}

static ho_rc
expect_end(struct ho_json_scan *sc)
{
    ho_json_skip_ws(sc);
    if (sc->pos != sc->len)
        return ho_json_syntax_err(sc, sc->pos, "the end of the body");
    return HO_OK;
}

ho_rc
ho_http_split_events(const char *text, size_t len, struct ho_http_item **items, size_t *n,
                     struct ho_diag *diag)
{
    struct ho_json_buffers jb = { 0 };
    struct ho_json_scan sc;
    size_t cap = 0;
    *items = NULL;
    *n = 0;
    ho_json_scan_begin(&sc, &jb, text, len, diag);
    ho_json_skip_ws(&sc);
    ho_rc rc;
    int ch = ho_json_peek(&sc);
    if (ch == '[') {
        rc = split_array(&sc, 1, items, n, &cap);
    } else if (ch == '{') {
        size_t start = sc.pos;
        rc = ho_json_skip_value(&sc, 0);
        if (rc == HO_OK)
            push_item(items, n, &cap, text + start, sc.pos - start);
    } else {
        rc = ho_json_syntax_err(&sc, sc.pos, "an event object or an array of events");
    }
    if (rc == HO_OK)
        rc = expect_end(&sc);
    ho_json_buffers_release(&jb);
    if (rc != HO_OK) {
        ho_xfree(*items);
        *items = NULL;
        *n = 0;
    }
    return rc;
}

/*---- Segment ----*/

static bool
key_is(const struct ho_json_scan *sc, struct ho_json_span key, const char *name)
{
    size_t n = strlen(name);
    return key.len == n && memcmp(ho_json_resolve(sc, key), name, n) == 0;
}

/* What a batch's messages take from its envelope when they lack it
 * (Segment: context and integrations are merged into each message; here a
 * message's own member wins whole), and sentAt for the skew correction. */
static const char *const inherited[] = { "sentAt", "context", "integrations" };
#define N_INHERITED (sizeof(inherited) / sizeof(inherited[0]))

/* The envelope's values of those members (raw JSON), len 0: absent. */
struct envelope {
    const char *text;
    size_t off[N_INHERITED], len[N_INHERITED];
};

static int
inherited_index(const struct ho_json_scan *sc, struct ho_json_span key)
{
    for (size_t i = 0; i < N_INHERITED; i++)
        if (key_is(sc, key, inherited[i]))
            return (int)i;
    return -1;
}

/* What a message's top level already has. */
struct msg_keys {
    struct ho_json_scan sc; /* first: the callbacks reach this struct */
    bool has_type, has_received;
    bool has[N_INHERITED];
    size_t type_off, type_len; /* the raw "type" value, quotes included */
};

static ho_rc
msg_member(struct ho_json_scan *sc, unsigned depth, struct ho_json_span key, size_t key_pos,
           const void *ctx)
{
    (void)key_pos;
    (void)ctx;
    struct msg_keys *k = (struct msg_keys *)sc;
    size_t start = sc->pos;
    bool is_type = key_is(sc, key, "type");
    if (is_type) {
        k->has_type = true;
        k->type_off = start;
    } else if (key_is(sc, key, "receivedAt")) {
        k->has_received = true;
    } else if (inherited_index(sc, key) >= 0) {
        k->has[inherited_index(sc, key)] = true;
    }
    ho_rc rc = ho_json_skip_value(sc, depth);
    if (is_type)
        k->type_len = sc->pos - start;
    return rc;
}

/* Append message text[0..len) to arena with the members it lacks:
 * "type" (route_type), "receivedAt" (now), the envelope's (env: a batch). */
static ho_rc
rewrite_message(const char *text, size_t len, const char *route_type, const char *received,
                const struct envelope *env, struct ho_buf *arena, struct ho_diag *why)
{
    struct ho_json_buffers jb = { 0 };
    struct msg_keys k = { 0 };
    ho_json_scan_begin(&k.sc, &jb, text, len, why);
    ho_json_skip_ws(&k.sc);
    ho_rc rc;
    if (ho_json_peek(&k.sc) != '{')
        rc = ho_diag_set(why, HO_EPARSE, "a Segment message must be a JSON object, found %s",
                         ho_json_type_at(&k.sc));
    else
        rc = ho_json_parse_object(&k.sc, 1, msg_member, NULL);
    if (rc == HO_OK)
        rc = expect_end(&k.sc);
    size_t open = 0;
    while (rc == HO_OK && text[open] != '{')
        open++;
    if (rc == HO_OK && route_type && k.has_type) {
        size_t n = strlen(route_type);
        if (k.type_len != n + 2 || memcmp(text + k.type_off + 1, route_type, n) != 0)
            rc = ho_diag_set(why, HO_EPARSE, "field 'type' %.*s does not match the route's '%s'",
                             (int)(k.type_len > 64 ? 64 : k.type_len), text + k.type_off,
                             route_type);
    }
    ho_json_buffers_release(&jb);
    if (rc != HO_OK)
        return rc;
    ho_buf_addc(arena, '{');
    size_t before = arena->len;
    if (route_type && !k.has_type)
        ho_buf_printf(arena, "\"type\":\"%s\",", route_type);
    if (!k.has_received)
        ho_buf_printf(arena, "\"receivedAt\":\"%s\",", received);
    for (size_t i = 0; env && i < N_INHERITED; i++)
        if (env->len[i] && !k.has[i])
            ho_buf_printf(arena, "\"%s\":%.*s,", inherited[i], (int)env->len[i],
                          env->text + env->off[i]);
    /* The rest after '{': an empty object loses the last comma added. */
    size_t p = open + 1;
    while (p < len && (text[p] == ' ' || text[p] == '\t' || text[p] == '\r' || text[p] == '\n'))
        p++;
    if (p < len && text[p] == '}' && arena->len > before)
        arena->len--;
    ho_buf_add(arena, text + open + 1, len - open - 1);
    return HO_OK;
}

/* The batch envelope: where its messages and its sentAt are. */
struct batch_env {
    struct ho_json_scan sc; /* first */
    struct ho_http_item *items;
    size_t n, cap;
    bool have_batch;
    struct envelope env;
};

static ho_rc
env_member(struct ho_json_scan *sc, unsigned depth, struct ho_json_span key, size_t key_pos,
           const void *ctx)
{
    (void)key_pos;
    (void)ctx;
    struct batch_env *e = (struct batch_env *)sc;
    if (key_is(sc, key, "batch")) {
        if (ho_json_peek(sc) != '[')
            return ho_diag_set(sc->diag, HO_EPARSE, "field 'batch' must be an array, found %s",
                               ho_json_type_at(sc));
        e->have_batch = true;
        return split_array(sc, depth + 1, &e->items, &e->n, &e->cap);
    }
    size_t start = sc->pos;
    int i = inherited_index(sc, key);
    int want = i == 0 ? '"' : '{'; /* sentAt a string, the others objects */
    bool keep = i >= 0 && ho_json_peek(sc) == want;
    ho_rc rc = ho_json_skip_value(sc, depth);
    if (rc == HO_OK && keep) {
        e->env.off[i] = start;
        e->env.len[i] = sc->pos - start;
    }
    return rc;
}

ho_rc
ho_http_split_segment(const char *text, size_t len, const char *route_type, int64_t now_ms,
                      struct ho_buf *arena, struct ho_http_item **items, size_t *n,
                      struct ho_diag *diag)
{
    char received[HO_TIME_STRLEN];
    ho_time_format(now_ms, received);
    *items = NULL;
    *n = 0;
    struct ho_json_buffers jb = { 0 };
    struct batch_env e = { 0 };
    e.env.text = text;
    ho_rc rc = HO_OK;
    if (route_type) {
        push_item(&e.items, &e.n, &e.cap, text, len);
    } else {
        ho_json_scan_begin(&e.sc, &jb, text, len, diag);
        ho_json_skip_ws(&e.sc);
        if (ho_json_peek(&e.sc) != '{')
            rc = ho_json_syntax_err(&e.sc, e.sc.pos, "a batch object");
        else
            rc = ho_json_parse_object(&e.sc, 1, env_member, NULL);
        if (rc == HO_OK)
            rc = expect_end(&e.sc);
        if (rc == HO_OK && !e.have_batch)
            rc = ho_diag_set(diag, HO_EPARSE, "missing field 'batch'");
        if (rc == HO_OK && e.n > HO_HTTP_MAX_BATCH_EVENTS)
            rc = ho_diag_set(diag, HO_ELIMIT, "more than %d events in one batch",
                             HO_HTTP_MAX_BATCH_EVENTS);
        for (size_t i = 0; rc == HO_OK && i < e.n; i++)
            if (e.items[i].len > HO_HTTP_MAX_SEGMENT_BODY)
                rc = ho_diag_set(diag, HO_ELIMIT, "event %zu of the batch is larger than %zu bytes",
                                 i, HO_HTTP_MAX_SEGMENT_BODY);
        ho_json_buffers_release(&jb);
    }
    /* Rewrite each message into the arena; offsets first (it moves). */
    size_t *offs = rc == HO_OK ? ho_xcalloc(e.n + 1, sizeof(*offs)) : NULL;
    for (size_t i = 0; rc == HO_OK && i < e.n; i++) {
        struct ho_diag why = { 0 };
        offs[i] = arena->len;
        ho_rc r = rewrite_message(e.items[i].text, e.items[i].len, route_type, received,
                                  route_type ? NULL : &e.env, arena, &why);
        if (r == HO_OK) {
            e.items[i].len = arena->len - offs[i];
        } else if (route_type && why.column) {
            rc = r; /* the whole body is the message: malformed JSON is the request's */
            if (diag)
                *diag = why;
        } else {
            arena->len = offs[i];
            e.items[i].len = 0;
            e.items[i].reason = ho_xstrdup(why.msg);
            e.items[i].status = HO_ITEM_REJECTED;
        }
    }
    for (size_t i = 0; rc == HO_OK && i < e.n; i++)
        e.items[i].text = e.items[i].reason ? NULL : ho_buf_cstr(arena) + offs[i];
    ho_xfree(offs);
    if (rc != HO_OK) {
        for (size_t i = 0; i < e.n; i++)
            ho_xfree(e.items[i].reason);
        ho_xfree(e.items);
        return rc;
    }
    *items = e.items;
    *n = e.n;
    return HO_OK;
}

/* The writeKey member of a Segment body. */
struct key_find {
    struct ho_json_scan sc; /* first */
    struct ho_buf *out;
    bool found;
};

static ho_rc
key_member(struct ho_json_scan *sc, unsigned depth, struct ho_json_span key, size_t key_pos,
           const void *ctx)
{
    (void)key_pos;
    (void)ctx;
    struct key_find *k = (struct key_find *)sc;
    if (!key_is(sc, key, "writeKey") || ho_json_peek(sc) != '"')
        return ho_json_skip_value(sc, depth);
    struct ho_json_span v;
    ho_rc rc = ho_json_scan_string(sc, &v);
    if (rc == HO_OK) {
        ho_buf_reset(k->out);
        ho_buf_add(k->out, ho_json_resolve(sc, v), v.len);
        k->found = true;
    }
    return rc;
}

ho_rc
ho_http_segment_write_key(const char *text, size_t len, struct ho_buf *out)
{
    struct ho_json_buffers jb = { 0 };
    struct key_find k = { .out = out };
    ho_json_scan_begin(&k.sc, &jb, text, len, NULL);
    ho_json_skip_ws(&k.sc);
    ho_rc rc =
        ho_json_peek(&k.sc) == '{' ? ho_json_parse_object(&k.sc, 1, key_member, NULL) : HO_EPARSE;
    ho_json_buffers_release(&jb);
    return rc == HO_OK && k.found ? HO_OK : HO_ENOTFOUND;
}
