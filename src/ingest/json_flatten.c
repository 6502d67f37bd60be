/* SPDX-License-Identifier: MIT */
/*
 * ingest/json_flatten.c - props and traits as flat pairs (json_flatten.h).
 */
#include "ingest/json_flatten.h"

#include <string.h>

#include "base/xalloc.h"

void
ho_json_flat_reset(struct ho_json_flat *f)
{
    f->path_len = 0;
    f->npend[HO_FLAT_PROPS] = f->npend[HO_FLAT_TRAITS] = 0;
    f->stopped = false;
    f->err = HO_FLAT_OK;
}

void
ho_json_flat_release(struct ho_json_flat *f)
{
    ho_xfree(f->path);
    f->path = NULL;
    f->path_len = f->path_cap = 0;
}

static void
path_push(struct ho_json_flat *f, const char *key, size_t len)
{
    size_t need = ho_size_add(f->path_len, ho_size_add(len, 1));
    HO_GROW(f->path, f->path_cap, need);
    if (f->path_len > 0)
        f->path[f->path_len++] = '.';
    memcpy(f->path + f->path_len, key, len);
    f->path_len += len;
}

static void
stop(struct ho_json_flat *f, enum ho_flat_err e, enum ho_flat_group g, size_t key_pos)
{
    f->stopped = true;
    f->err = e;
    f->err_group = g;
    f->err_pos = key_pos;
}

void
ho_json_flat_emit(struct ho_json_flat *f, struct ho_json_scan *js, enum ho_flat_group g,
                  struct ho_json_span key, struct ho_json_span val, size_t key_pos, bool weak)
{
    struct ho_json_span k = key;
    if (f->stopped)
        return;
    if (f->npend[HO_FLAT_PROPS] + f->npend[HO_FLAT_TRAITS] >= HO_EVENT_MAX_KV) {
        stop(f, HO_FLAT_TOO_MANY, g, key_pos);
        return;
    }
    size_t flen = f->path_len > 0 ? f->path_len + 1 + key.len : key.len;
    if (flen > HO_EVENT_MAX_STRLEN) {
        stop(f, HO_FLAT_KEY_TOO_LONG, g, key_pos);
        return;
    }
    if (f->path_len > 0) {
        char *o = ho_json_scratch_reserve(js, flen);
        const char *kp = ho_json_resolve(js, key); /* after the reserve: stable */
        memcpy(o, f->path, f->path_len);
        o[f->path_len] = '.';
        memcpy(o + f->path_len + 1, kp, key.len);
        k = ho_json_scratch_commit(js, flen);
    }
    f->pend[g][f->npend[g]++] = (struct ho_flat_kv){ k, val, weak };
}

/* What a member callback of one object needs (passed as its ctx). */
struct flat_ctx {
    struct ho_json_flat *f;
    enum ho_flat_group g;
    bool weak;
};

/* A member of the object, at any depth: an object nests under its key. */
static ho_rc
flat_member(struct ho_json_scan *js, unsigned depth, struct ho_json_span key, size_t key_pos,
            const void *ctx)
{
    const struct flat_ctx *c = ctx;
    struct ho_json_flat *f = c->f;
    size_t start = js->pos;
    struct ho_json_span val;
    ho_rc rc;

    if (ho_json_peek(js) == '{') {
        size_t saved = f->path_len;
        path_push(f, ho_json_resolve(js, key), key.len);
        rc = ho_json_parse_object(js, depth + 1, flat_member, ctx);
        f->path_len = saved;
        return rc;
    }
    if (ho_json_peek(js) == '"') {
        rc = ho_json_scan_string(js, &val);
    } else {
        rc = ho_json_skip_value(js, depth); /* numbers, literals, arrays: as written */
        val = ho_json_text_span(start, js->pos - start);
    }
    if (rc == HO_OK)
        ho_json_flat_emit(f, js, c->g, key, val, key_pos, c->weak);
    return rc;
}

ho_rc
ho_json_flat_object(struct ho_json_flat *f, struct ho_json_scan *js, unsigned depth,
                    enum ho_flat_group g, bool weak)
{
    struct flat_ctx c = { f, g, weak };
    f->path_len = 0;
    return ho_json_parse_object(js, depth + 1, flat_member, &c);
}
