/* SPDX-License-Identifier: MIT */
/*
 * tests/support/json_event.c - the jansson reference event decoder (see
 * json_event.h).
 *
 * Deliberately written the obvious way, independent of the production
 * decoder (ingest/event_map.c on ingest/json_scan.c): parse the whole
 * document, check its depth, then walk the top-level object in document
 * order (jansson keeps insertion order).
 * The JSON tree stays alive in the decoder because string values are
 * handed out as slices of it.
 */
#include "support/json_event.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/xalloc.h"
#include "core/event.h"
#include "ingest/event_map.h"
#include "ingest/json_scan.h"
#include "ingest/utf8.h"

#define MSG_MAX 200

struct pend {
    size_t koff, klen; /* key text in scr */
    const char *vptr;  /* value text in the JSON tree, or NULL: in scr */
    size_t voff, vlen;
};

struct ho_json_event_decoder {
    json_t *root; /* owned: the last decoded document */
    char *scr;    /* owned: flattened keys and value texts */
    size_t scr_len, scr_cap;
    struct pend pend[2][HO_EVENT_MAX_KV];
    size_t npend[2];
    struct ho_draft_kv kv[2][HO_EVENT_MAX_KV];
};

struct ho_json_event_decoder *
ho_json_event_decoder_new(void)
{
    return ho_xcalloc(1, sizeof(struct ho_json_event_decoder));
}

void
ho_json_event_decoder_free(struct ho_json_event_decoder *dec)
{
    if (dec == NULL)
        return;
    json_decref(dec->root);
    ho_xfree(dec->scr);
    ho_xfree(dec);
}

static size_t
scr_add(struct ho_json_event_decoder *d, const char *p, size_t n)
{
    size_t off = d->scr_len;
    HO_GROW(d->scr, d->scr_cap, ho_size_add(d->scr_len, n) + 1);
    if (n != 0)
        memcpy(d->scr + off, p, n);
    d->scr_len += n;
    return off;
}

static const char *
type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "object";
    case JSON_ARRAY:
        return "array";
    case JSON_STRING:
        return "string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "boolean";
    case JSON_NULL:
        return "null";
    }
    return "value";
}

/* Nesting depth: an object or array counts 1 plus its deepest child. */
static size_t
depth_of(const json_t *v) /* NOLINT(misc-no-recursion): jansson caps the depth */
{
    size_t max = 0;
    if (json_is_object(v)) {
        for (void *it = json_object_iter((json_t *)v); it != NULL;
             it = json_object_iter_next((json_t *)v, it)) {
            size_t d = depth_of(json_object_iter_value(it));
            max = d > max ? d : max;
            if (max > HO_JSON_MAX_DEPTH)
                break;
        }
        return max + 1;
    }
    if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v) && max <= HO_JSON_MAX_DEPTH; i++) {
            size_t d = depth_of(json_array_get(v, i));
            max = d > max ? d : max;
        }
        return max + 1;
    }
    return 0;
}

/* The shortest "%.Ng" text that reads back as the same double. */
static void
format_real(double v, char *out, size_t n)
{
    for (int prec = 1; prec <= 17; prec++) {
        (void)snprintf(out, n, "%.*g", prec, v);
        if (strtod(out, NULL) == v)
            return;
    }
}

/* The text of a leaf value: stored in *p (borrowed) or in scratch. */
static void
leaf_text(struct ho_json_event_decoder *d, const json_t *v, struct pend *pk)
{
    char num[64];
    const char *lit = NULL;
    pk->vptr = NULL;
    switch (json_typeof(v)) {
    case JSON_STRING:
        pk->vptr = json_string_value(v);
        pk->vlen = json_string_length(v);
        return;
    case JSON_INTEGER:
        (void)snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        lit = num;
        break;
    case JSON_REAL:
        format_real(json_real_value(v), num, sizeof(num));
        lit = num;
        break;
    case JSON_TRUE:
        lit = "true";
        break;
    case JSON_FALSE:
        lit = "false";
        break;
    case JSON_NULL:
        lit = "null";
        break;
    case JSON_ARRAY: {
        /* Two passes (size, then text) so the text lands in our own buffer. */
        size_t need = json_dumpb(v, NULL, 0, JSON_COMPACT);
        HO_ASSERT(need > 0);
        HO_GROW(d->scr, d->scr_cap, ho_size_add(d->scr_len, need));
        size_t got = json_dumpb(v, d->scr + d->scr_len, need, JSON_COMPACT);
        HO_ASSERT(got == need);
        pk->voff = d->scr_len;
        pk->vlen = need;
        d->scr_len += need;
        return;
    }
    case JSON_OBJECT:
        break;
    }
    HO_ASSERT(lit != NULL);
    pk->vlen = strlen(lit);
    pk->voff = scr_add(d, lit, pk->vlen);
}

/* Flatten the object obj (under the key prefix path[0..plen) in scratch)
 * into group g. */
static ho_rc /* NOLINTNEXTLINE(misc-no-recursion): depth checked first */
flatten(struct ho_json_event_decoder *d, const json_t *obj, int g, const char *gname, size_t poff,
        size_t plen, struct ho_diag *diag)
{
    for (void *it = json_object_iter((json_t *)obj); it != NULL;
         it = json_object_iter_next((json_t *)obj, it)) {
        const char *k = json_object_iter_key(it);
        size_t klen = json_object_iter_key_len(it);
        const json_t *v = json_object_iter_value(it);
        size_t flen = plen ? plen + 1 + klen : klen;
        size_t off = d->scr_len;
        if (!json_is_object(v) && d->npend[0] + d->npend[1] >= HO_EVENT_MAX_KV)
            return ho_diag_set(diag, HO_ELIMIT, "field '%s': more than %d props and traits", gname,
                               HO_EVENT_MAX_KV);
        if (!json_is_object(v) && flen > HO_EVENT_MAX_STRLEN)
            return ho_diag_set(diag, HO_ELIMIT, "field '%s': a key is longer than %d bytes", gname,
                               HO_EVENT_MAX_STRLEN);
        /* The flattened key (+1: never NULL, even for an empty first key). */
        HO_GROW(d->scr, d->scr_cap, ho_size_add(d->scr_len, flen) + 1);
        if (plen) {
            memmove(d->scr + off, d->scr + poff, plen);
            d->scr[off + plen] = '.';
        }
        memcpy(d->scr + off + (plen ? plen + 1 : 0), k, klen);
        d->scr_len += flen;
        if (json_is_object(v)) {
            ho_rc rc = flatten(d, v, g, gname, off, flen, diag);
            if (rc != HO_OK)
                return rc;
            continue;
        }
        struct pend *pk = &d->pend[g][d->npend[g]++];
        pk->koff = off;
        pk->klen = flen;
        leaf_text(d, v, pk);
    }
    return HO_OK;
}

static const char *const string_fields[] = { "id",      "ts",      "type",     "lead",
                                             "account", "channel", "campaign", "anonymous_id" };

/* Handle one top-level member (k, v); unknown members are ignored. */
static ho_rc
top_member(struct ho_json_event_decoder *d, const char *k, const json_t *v,
           struct ho_event_draft *out, struct ho_diag *diag)
{
    struct ho_slice *dst[] = { &out->id,      &out->ts,      &out->type,     &out->lead,
                               &out->account, &out->channel, &out->campaign, &out->anonymous };
    if (json_is_null(v))
        return HO_OK;
    for (size_t i = 0; i < HO_ARRAY_LEN(string_fields); i++) {
        if (strcmp(k, string_fields[i]) != 0)
            continue;
        if (!json_is_string(v))
            return ho_diag_set(diag, HO_EPARSE, "field '%s' must be a string, found %s",
                               string_fields[i], type_name(v));
        dst[i]->len = json_string_length(v);
        dst[i]->ptr = dst[i]->len ? json_string_value(v) : NULL;
        return HO_OK;
    }
    int g = strcmp(k, "props") == 0 ? 0 : strcmp(k, "traits") == 0 ? 1 : -1;
    if (g < 0)
        return HO_OK;
    if (!json_is_object(v))
        return ho_diag_set(diag, HO_EPARSE, "field '%s' must be an object, found %s", k,
                           type_name(v));
    return flatten(d, v, g, g == 0 ? "props" : "traits", 0, 0, diag);
}

static void
materialize(struct ho_json_event_decoder *d, struct ho_event_draft *out)
{
    for (int g = 0; g < 2; g++) {
        for (size_t i = 0; i < d->npend[g]; i++) {
            const struct pend *p = &d->pend[g][i];
            struct ho_draft_kv *kv = &d->kv[g][i];
            kv->key = (struct ho_slice){ d->scr + p->koff, p->klen };
            kv->val = (struct ho_slice){ p->vptr ? p->vptr : d->scr + p->voff, p->vlen };
            if (kv->val.len == 0)
                kv->val.ptr = NULL;
        }
    }
    out->props = d->npend[0] ? d->kv[0] : NULL;
    out->n_props = d->npend[0];
    out->traits = d->npend[1] ? d->kv[1] : NULL;
    out->n_traits = d->npend[1];
}

static ho_rc
parse(struct ho_json_event_decoder *d, const char *text, size_t len, struct ho_diag *diag)
{
    json_error_t err;
    /* jansson 2.14 skips a NUL byte right after a number or a literal (its
     * lexer takes the pushed-back 0 for an empty look-ahead), so it would
     * accept {"a":1\0}.  A NUL is never valid JSON: reject it first. */
    const char *nul = memchr(text, '\0', len);
    if (nul != NULL) {
        uint32_t col = ho_utf8_column(text, (size_t)(nul - text));
        return ho_diag_at(diag, HO_EPARSE, 0, col, "invalid JSON at column %u: NUL byte", col);
    }
    d->root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    if (d->root == NULL) {
        uint32_t col = err.column > 0 ? (uint32_t)err.column : (uint32_t)err.position + 1;
        return ho_diag_at(diag, HO_EPARSE, 0, col, "invalid JSON at column %u: %s", col, err.text);
    }
    if (!json_is_object(d->root))
        return ho_diag_at(diag, HO_EPARSE, 0, 1,
                          "invalid JSON at column 1: expected '{' (each line holds one JSON "
                          "object), found %s",
                          type_name(d->root));
    if (depth_of(d->root) > HO_JSON_MAX_DEPTH)
        return ho_diag_set(diag, HO_ELIMIT, "nesting deeper than %d levels", HO_JSON_MAX_DEPTH);
    return HO_OK;
}

ho_rc
ho_json_event_decode(struct ho_json_event_decoder *dec, const char *text, size_t len,
                     struct ho_event_draft *out, struct ho_diag *diag)
{
    ho_rc rc;

    memset(out, 0, sizeof(*out));
    json_decref(dec->root);
    dec->root = NULL;
    dec->scr_len = 0;
    dec->npend[0] = dec->npend[1] = 0;
    if (len > HO_EVENT_JSON_MAX_LEN)
        return ho_diag_set(diag, HO_ELIMIT, "line longer than %zu bytes", HO_EVENT_JSON_MAX_LEN);
    rc = parse(dec, text, len, diag);
    for (void *it = rc == HO_OK ? json_object_iter(dec->root) : NULL; it != NULL;
         it = json_object_iter_next(dec->root, it)) {
        rc = top_member(dec, json_object_iter_key(it), json_object_iter_value(it), out, diag);
        if (rc != HO_OK)
            break;
    }
    if (rc != HO_OK) {
        memset(out, 0, sizeof(*out));
        return rc;
    }
    materialize(dec, out);
    return HO_OK;
}

/*---- equivalence ----*/

static bool
slice_eq(struct ho_slice a, struct ho_slice b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

/* Is s[0..n) exactly one JSON number?  *is_int: without fraction/exponent. */
static bool
json_number(struct ho_slice s, bool *is_int)
{
    size_t i = 0;
    *is_int = true;
    if (i < s.len && s.ptr[i] == '-')
        i++;
    size_t digits = i;
    while (i < s.len && s.ptr[i] >= '0' && s.ptr[i] <= '9')
        i++;
    if (i == digits)
        return false;
    for (; i < s.len; i++) {
        char c = s.ptr[i];
        if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'))
            return false;
        *is_int = false;
    }
    return s.len < 512;
}

static bool
numbers_eq(struct ho_slice a, struct ho_slice b)
{
    char x[512];
    char y[512];
    bool ia, ib;
    if (!json_number(a, &ia) || !json_number(b, &ib))
        return false;
    memcpy(x, a.ptr, a.len);
    x[a.len] = '\0';
    memcpy(y, b.ptr, b.len);
    y[b.len] = '\0';
    if (ia && ib)
        return strtoll(x, NULL, 10) == strtoll(y, NULL, 10);
    return strtod(x, NULL) == strtod(y, NULL);
}

static bool
arrays_eq(struct ho_slice a, struct ho_slice b)
{
    if (a.len == 0 || b.len == 0 || a.ptr[0] != '[' || b.ptr[0] != '[')
        return false;
    json_t *x = json_loadb(a.ptr, a.len, 0, NULL);
    json_t *y = json_loadb(b.ptr, b.len, 0, NULL);
    bool eq = x != NULL && y != NULL && json_equal(x, y);
    json_decref(x);
    json_decref(y);
    return eq;
}

static bool
value_eq(struct ho_slice a, struct ho_slice b)
{
    return slice_eq(a, b) || numbers_eq(a, b) || arrays_eq(a, b);
}

/* Printable form of a slice for messages: its text, or "" when absent. */
static const char *
shown(struct ho_slice s)
{
    return s.len ? s.ptr : "";
}

static int
shown_len(struct ho_slice s)
{
    return (int)(s.len > MSG_MAX ? MSG_MAX : s.len);
}

static bool
kvs_same(const struct ho_draft_kv *a, size_t na, const struct ho_draft_kv *b, size_t nb,
         const char *group, char *why, size_t n)
{
    if (na != nb) {
        (void)snprintf(why, n, "%s: %zu pairs against %zu", group, na, nb);
        return false;
    }
    for (size_t i = 0; i < na; i++) {
        if (!slice_eq(a[i].key, b[i].key) || !value_eq(a[i].val, b[i].val)) {
            (void)snprintf(why, n, "%s[%zu]: '%.*s'='%.*s' against '%.*s'='%.*s'", group, i,
                           shown_len(a[i].key), shown(a[i].key), shown_len(a[i].val),
                           shown(a[i].val), shown_len(b[i].key), shown(b[i].key),
                           shown_len(b[i].val), shown(b[i].val));
            return false;
        }
    }
    return true;
}

bool
ho_json_event_same(const struct ho_event_draft *a, const struct ho_event_draft *b, char *why,
                   size_t n)
{
    char sink[1];
    const struct ho_slice *fa[] = { &a->id,      &a->ts,      &a->type,     &a->lead,
                                    &a->account, &a->channel, &a->campaign, &a->anonymous };
    const struct ho_slice *fb[] = { &b->id,      &b->ts,      &b->type,     &b->lead,
                                    &b->account, &b->channel, &b->campaign, &b->anonymous };
    if (why == NULL) {
        why = sink;
        n = sizeof(sink);
    }
    for (size_t i = 0; i < HO_ARRAY_LEN(fa); i++) {
        if (!slice_eq(*fa[i], *fb[i])) {
            (void)snprintf(why, n, "field '%s': '%.*s' against '%.*s'", string_fields[i],
                           shown_len(*fa[i]), shown(*fa[i]), shown_len(*fb[i]), shown(*fb[i]));
            return false;
        }
    }
    return kvs_same(a->props, a->n_props, b->props, b->n_props, "props", why, n) &&
           kvs_same(a->traits, a->n_traits, b->traits, b->n_traits, "traits", why, n);
}
