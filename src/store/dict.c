/* SPDX-License-Identifier: MIT */
/*
 * store/dict.c - the persistent dictionary of shared strings (dict.h).
 */
#include "store/dict.h"

#include <stdbool.h>
#include <string.h>

#include "base/strtab.h"
#include "base/xalloc.h"
#include "core/event.h"
#include "store/backend.h"

#define NOT_IN_DICT UINT32_MAX

void
ho_store_dict_init(struct ho_store_dict *d, const struct ho_store_ops *ops,
                   struct ho_store_backend *b)
{
    memset(d, 0, sizeof(*d));
    d->ops = ops;
    d->b = b;
    ho_buf_init(&d->text);
}

void
ho_store_dict_release(struct ho_store_dict *d)
{
    ho_xfree(d->dict_of);
    ho_xfree(d->sid_of);
    ho_xfree(d->use);
    ho_xfree(d->seen_in);
    ho_xfree(d->noted);
    ho_xfree(d->added);
    ho_buf_release(&d->text);
    memset(d, 0, sizeof(*d));
}

/* Point the maps at the string table of log (a different table: start over). */
static void
bind(struct ho_store_dict *d, const struct ho_eventlog *log)
{
    uint64_t serial = ho_strtab_serial(log->strings);
    if (serial == d->serial)
        return;
    d->serial = serial;
    if (d->dict_of)
        memset(d->dict_of, 0, d->dict_of_cap * sizeof(*d->dict_of));
    if (d->sid_of)
        memset(d->sid_of, 0, d->sid_of_cap * sizeof(*d->sid_of));
    if (d->use)
        memset(d->use, 0, d->use_cap);
    if (d->seen_in)
        memset(d->seen_in, 0, d->use_cap * sizeof(*d->seen_in));
    d->n_noted = 0;
}

static void
fail(struct ho_store_dict *d, ho_rc rc)
{
    if (d->err == HO_OK)
        d->err = rc;
}

static void
remember(struct ho_store_dict *d, uint32_t sid, uint32_t id)
{
    HO_GROW_ZEROED(d->dict_of, d->dict_of_cap, (size_t)sid + 1);
    d->dict_of[sid] = id;
    if (id != NOT_IN_DICT) {
        HO_GROW_ZEROED(d->sid_of, d->sid_of_cap, (size_t)id + 1);
        d->sid_of[id] = sid;
    }
}

static uint32_t
id_of(void *ctx, const struct ho_eventlog *log, uint32_t sid)
{
    struct ho_store_dict *d = ctx;
    bind(d, log);
    uint32_t known = sid < d->dict_of_cap ? d->dict_of[sid] : 0;
    if (known && known != NOT_IN_DICT) /* e.g. read back from a dictionary reference */
        return known;
    uint8_t use = sid < d->use_cap ? d->use[sid] : 0;
    if (use == 0 || d->err != HO_OK)
        return 0;
    if (known == 0 && d->empty) {
        known = NOT_IN_DICT;
        remember(d, sid, known);
    }
    if (known == 0) { /* first sight in this process: ask the store */
        int64_t id = 0;
        const char *text = ho_strtab_str(log->strings, sid);
        size_t len = ho_strtab_strlen(log->strings, sid);
        ho_rc rc = d->ops->dict_id(d->b, text, len, &id, &d->why);
        if (rc != HO_OK && rc != HO_ENOTFOUND)
            fail(d, rc);
        known = rc == HO_OK && id > 0 && id < NOT_IN_DICT ? (uint32_t)id : NOT_IN_DICT;
        remember(d, sid, known);
    }
    if (known == NOT_IN_DICT && use == 2) { /* shared by this append: add it */
        int64_t id = 0;
        ho_rc rc = d->ops->dict_put(d->b, ho_strtab_str(log->strings, sid),
                                    ho_strtab_strlen(log->strings, sid), &id, &d->why);
        if (rc != HO_OK || id <= 0 || id >= NOT_IN_DICT) {
            fail(d, rc != HO_OK ? rc : HO_ESTORE);
            return 0;
        }
        known = (uint32_t)id;
        remember(d, sid, known);
        HO_GROW(d->added, d->added_cap, d->n_added + 1);
        d->added[d->n_added++] = known;
    }
    return known == NOT_IN_DICT ? 0 : known;
}

static uint32_t
string_of(void *ctx, struct ho_eventlog *log, uint64_t id)
{
    struct ho_store_dict *d = ctx;
    bind(d, log);
    if (id == 0 || id >= NOT_IN_DICT)
        return 0;
    if (id < d->sid_of_cap && d->sid_of[id])
        return d->sid_of[id];
    ho_buf_reset(&d->text);
    ho_rc rc = d->ops->dict_text(d->b, (int64_t)id, &d->text, &d->why);
    if (rc != HO_OK) {
        fail(d, rc == HO_ENOTFOUND ? HO_ESTORE : rc);
        return 0;
    }
    uint32_t sid = ho_strtab_intern(log->strings, d->text.len ? d->text.ptr : "", d->text.len);
    if (sid == 0) /* the empty string is never a dictionary entry */
        return 0;
    remember(d, sid, (uint32_t)id);
    return sid;
}

struct ho_batch_dict
ho_store_dict_hooks(struct ho_store_dict *d)
{
    return (struct ho_batch_dict){ .id_of = id_of, .string_of = string_of, .ctx = d };
}

ho_rc
ho_store_dict_begin_append(struct ho_store_dict *d, const struct ho_eventlog *log,
                           struct ho_diag *diag)
{
    bind(d, log);
    /* Entries are only ever removed by a rollback, which takes the newest:
     * with any entry stored, entry 1 is.  Without, a first import asks
     * nothing about the strings it sees. */
    struct ho_buf probe = HO_BUF_INIT;
    ho_rc rc = d->ops->dict_text(d->b, 1, &probe, diag);
    ho_buf_release(&probe);
    d->empty = rc == HO_ENOTFOUND;
    if (rc != HO_OK && rc != HO_ENOTFOUND)
        return rc;
    /* Forget only what the last append noted: the maps are as long as the
     * string table, which in a long-lived engine (serve) grows with every
     * event id, so clearing them whole cost every commit that length. */
    for (size_t i = 0; i < d->n_noted; i++) {
        d->use[d->noted[i]] = 0;
        d->seen_in[d->noted[i]] = 0;
    }
    d->n_noted = 0;
    size_t n = ho_strtab_count(log->strings);
    if (n > d->use_cap) {
        d->use = ho_xrealloc(d->use, n);
        d->seen_in = ho_xrealloc(d->seen_in, ho_size_mul(n, sizeof(*d->seen_in)));
        memset(d->use + d->use_cap, 0, n - d->use_cap);
        memset(d->seen_in + d->use_cap, 0, (n - d->use_cap) * sizeof(*d->seen_in));
        d->use_cap = n;
    }
    return HO_OK;
}

void
ho_store_dict_note(struct ho_store_dict *d, uint32_t sid, uint32_t group)
{
    if (sid == 0 || sid >= d->use_cap)
        return;
    if (d->use[sid] == 0) {
        HO_GROW(d->noted, d->noted_cap, d->n_noted + 1);
        d->noted[d->n_noted++] = sid;
        d->use[sid] = 1;
        d->seen_in[sid] = group + 1;
    } else if (d->seen_in[sid] != group + 1) {
        d->use[sid] = 2;
    }
}

ho_rc
ho_store_dict_failure(struct ho_store_dict *d, struct ho_diag *diag)
{
    ho_rc rc = d->err;
    if (rc != HO_OK)
        (void)ho_diag_set(diag, rc, "%s", d->why.msg[0] ? d->why.msg : "dictionary failure");
    d->err = HO_OK;
    memset(&d->why, 0, sizeof(d->why));
    return rc;
}

void
ho_store_dict_end(struct ho_store_dict *d, bool committed)
{
    for (size_t i = 0; !committed && i < d->n_added; i++) {
        uint32_t id = d->added[i];
        uint32_t sid = id < d->sid_of_cap ? d->sid_of[id] : 0;
        if (sid)
            d->sid_of[id] = 0;
        if (sid && sid < d->dict_of_cap)
            d->dict_of[sid] = 0;
    }
    d->n_added = 0;
}
