/* SPDX-License-Identifier: MIT */
/*
 * store/store.c - what every backend shares, and the dispatch of each
 * ho_store_* call to the backend's ops (store/backend.h).
 *
 * Shared here: the transaction flag (and "read-only handles never begin"),
 * the event log by owner (which owner an event belongs to, the batch
 * encoding, appending without decoding, fingerprints of event ids, the
 * conversion of a schema-2 log),
 * the comparison that keeps activating the same definitions a no-op, and
 * the bulk mode after ho_store_clear_state().
 */
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/strtab.h"
#include "base/xalloc.h"
#include "core/event.h"
#include "core/journey.h"
#include "store/backend.h"
#include "store/batch.h"
#include "store/dict.h"

struct ho_store {
    const struct ho_store_ops *ops;
    struct ho_store_backend *b;
    bool in_tx;
    bool read_only;
    bool cleared;     /* derived state deleted in this transaction: no per-lead deletes */
    uint64_t fp_mask; /* fingerprint bits kept (all but under the test hook) */
    struct ho_batch_encoder enc;
    struct ho_store_dict dict;
    struct ho_buf key, data; /* scratch for one owner row */
};

struct ho_store *
ho_store_over(const struct ho_store_ops *ops, struct ho_store_backend *b, bool read_only)
{
    struct ho_store *st = ho_xcalloc(1, sizeof(*st));
    st->ops = ops;
    st->b = b;
    st->read_only = read_only;
    st->fp_mask = UINT64_MAX;
    const char *bits = getenv("HO_TEST_FINGERPRINT_BITS");
    char *end = NULL;
    long keep = bits ? strtol(bits, &end, 10) : 0;
    if (bits && end && *end == '\0' && keep > 0 && keep < 64)
        st->fp_mask = (UINT64_C(1) << keep) - 1;
    ho_batch_encoder_init(&st->enc);
    ho_store_dict_init(&st->dict, ops, b);
    ho_buf_init(&st->key);
    ho_buf_init(&st->data);
    return st;
}

struct ho_store_backend *
ho_store_backend_of(struct ho_store *st)
{
    return st->b;
}

const struct ho_store_ops *
ho_store_ops_of(const struct ho_store *st)
{
    return st->ops;
}

ho_rc
ho_store_open_with(const char *path, const struct ho_store_opts *opts, struct ho_store **out,
                   struct ho_diag *diag)
{
    struct ho_store_backend *b = NULL;
    *out = NULL;
    ho_rc rc = ho_sqlite_open(path, opts, &b, diag);
    if (rc != HO_OK)
        return rc;
    struct ho_store *st = ho_store_over(&ho_sqlite_ops, b, opts->mode == HO_STORE_READ_ONLY);
    if (!st->read_only)
        rc = ho_store_convert_legacy(st, diag);
    if (rc != HO_OK) {
        ho_store_close(st);
        return rc;
    }
    *out = st;
    return HO_OK;
}

ho_rc
ho_store_open(const char *path, struct ho_store **out, struct ho_diag *diag)
{
    struct ho_store_opts o = { .mode = HO_STORE_CREATE, .durability = HO_DURABLE_FULL };
    return ho_store_open_with(path, &o, out, diag);
}

void
ho_store_close(struct ho_store *st)
{
    if (!st)
        return;
    ho_store_rollback(st);
    st->ops->close(st->b);
    ho_batch_encoder_release(&st->enc);
    ho_store_dict_release(&st->dict);
    ho_buf_release(&st->key);
    ho_buf_release(&st->data);
    ho_xfree(st);
}

/* ---- transactions ---- */

ho_rc
ho_store_begin(struct ho_store *st, struct ho_diag *diag)
{
    if (st->read_only)
        return ho_diag_set(diag, HO_EINVAL, "the database was opened read-only");
    ho_rc rc = st->ops->begin(st->b, diag);
    st->in_tx = rc == HO_OK;
    return rc;
}

ho_rc
ho_store_commit(struct ho_store *st, struct ho_diag *diag)
{
    ho_rc rc = st->ops->commit(st->b, diag);
    if (rc == HO_OK) {
        st->in_tx = st->cleared = false;
        ho_store_dict_end(&st->dict, true);
    }
    return rc;
}

void
ho_store_rollback(struct ho_store *st)
{
    if (!st->in_tx)
        return;
    st->ops->rollback(st->b);
    st->in_tx = st->cleared = false;
    ho_store_dict_end(&st->dict, false);
}

ho_rc
ho_store_schema_version(struct ho_store *st, int64_t *out, struct ho_diag *diag)
{
    return st->ops->schema_version(st->b, out, diag);
}

/* ---- definitions ---- */

ho_rc
ho_store_active_defs(struct ho_store *st, struct ho_buf *text, int64_t *out_id,
                     struct ho_diag *diag)
{
    *out_id = 0;
    return st->ops->active_defs(st->b, text, out_id, diag);
}

static ho_rc
replace_active_defs(struct ho_store *st, int64_t version, const char *text, size_t len, bool forced,
                    int64_t now_ms, int64_t *out_id, struct ho_diag *diag)
{
    struct ho_buf cur = HO_BUF_INIT;
    int64_t cur_id = 0;
    ho_rc rc = ho_store_active_defs(st, &cur, &cur_id, NULL);
    bool same = rc == HO_OK && cur.len == len && memcmp(cur.ptr, text, len) == 0;
    ho_buf_release(&cur);
    *out_id = cur_id;
    if (same)
        return HO_OK;
    return st->ops->insert_defs(st->b, version, text, len, forced, now_ms, out_id, diag);
}

/* Deactivating the old version and inserting the new one are one
 * transaction (the caller's, or one of its own): never no active version. */
ho_rc
ho_store_activate_defs(struct ho_store *st, int64_t version, const char *text, size_t len,
                       bool forced, int64_t now_ms, int64_t *out_id, struct ho_diag *diag)
{
    bool own = !st->in_tx;
    ho_rc rc = own ? ho_store_begin(st, diag) : HO_OK;
    if (rc == HO_OK)
        rc = replace_active_defs(st, version, text, len, forced, now_ms, out_id, diag);
    if (own && rc == HO_OK)
        rc = ho_store_commit(st, diag);
    if (own && rc != HO_OK)
        ho_store_rollback(st);
    return rc;
}

/* ---- event log, by owner ---- */

/* When a blob holds this many batches, the next append rewrites it as one. */
#define MAX_CHUNKS 16

/* The owner event e is stored under (store.h). */
static struct ho_owner_key
owner_of(const struct ho_eventlog *log, const struct ho_event *e, uint32_t group, uint32_t k_anon)
{
    if (group && e->type == group && e->account)
        return (struct ho_owner_key){ HO_OWNER_ACCOUNT, e->account };
    if (e->lead)
        return (struct ho_owner_key){ HO_OWNER_LEAD, e->lead };
    if (e->account)
        return (struct ho_owner_key){ HO_OWNER_ACCOUNT, e->account };
    uint32_t anon = k_anon ? ho_event_prop(log, e, k_anon) : 0;
    if (anon)
        return (struct ho_owner_key){ HO_OWNER_VISITOR, anon };
    return (struct ho_owner_key){ HO_OWNER_NOBODY, e->id };
}

/* The row key of an owner: its kind's letter, then its text. */
static void
owner_text(const struct ho_eventlog *log, struct ho_owner_key k, struct ho_buf *out)
{
    ho_buf_reset(out);
    ho_buf_addc(out, (char)k.kind);
    ho_buf_add(out, ho_strtab_str(log->strings, k.text), ho_strtab_strlen(log->strings, k.text));
}

/* Decode a blob (batches over this store's dictionary) into log. */
static ho_rc
decode_blob(struct ho_store *st, const uint8_t *data, size_t len, struct ho_eventlog *log,
            struct ho_diag *diag)
{
    struct ho_batch_dict hooks = ho_store_dict_hooks(&st->dict);
    ho_rc rc = ho_batch_decode_dict(data ? data : (const uint8_t *)"", len, &hooks, log, diag);
    ho_rc why = ho_store_dict_failure(&st->dict, rc == HO_OK ? diag : NULL);
    return rc == HO_OK ? why : rc;
}

static ho_rc
decode_into(struct ho_store *st, struct ho_eventlog *log, const struct ho_buf *blob,
            struct ho_diag *diag)
{
    return decode_blob(st, (const uint8_t *)blob->ptr, blob->len, log, diag);
}

ho_rc
ho_store_read_owner(struct ho_store *st, struct ho_owner_key key, struct ho_eventlog *log,
                    int64_t *id, struct ho_diag *diag)
{
    struct ho_owner_row row = { 0 };
    *id = 0;
    owner_text(log, key, &st->key);
    ho_rc rc = st->ops->owner_get(st->b, st->key.ptr, st->key.len, &row, &st->data, diag);
    if (rc == HO_ENOTFOUND)
        return HO_OK;
    if (rc == HO_OK)
        rc = decode_into(st, log, &st->data, diag);
    if (rc == HO_OK)
        *id = row.id;
    return rc;
}

ho_rc
ho_store_read_owner_id(struct ho_store *st, int64_t id, struct ho_eventlog *log,
                       struct ho_owner_key *key, struct ho_diag *diag)
{
    ho_rc rc = st->ops->owner_get_id(st->b, id, &st->key, &st->data, diag);
    if (rc == HO_ENOTFOUND)
        return ho_diag_set(diag, HO_ESTORE, "the event log names a missing owner row %lld",
                           (long long)id);
    if (rc == HO_OK && st->key.len < 2)
        rc = ho_diag_set(diag, HO_ESTORE, "the event log has a damaged owner key");
    if (rc == HO_OK)
        rc = decode_into(st, log, &st->data, diag);
    if (rc == HO_OK) {
        key->kind = (enum ho_owner_kind)st->key.ptr[0];
        key->text = ho_strtab_intern(log->strings, st->key.ptr + 1, st->key.len - 1);
    }
    return rc;
}

struct load_ctx {
    struct ho_store *st;
    struct ho_eventlog *log;
};

static ho_rc
load_owner(void *arg, int64_t id, const uint8_t *data, size_t len, struct ho_diag *diag)
{
    struct load_ctx *c = arg;
    (void)id;
    return decode_blob(c->st, data, len, c->log, diag);
}

ho_rc
ho_store_load_events(struct ho_store *st, struct ho_eventlog *log, struct ho_diag *diag)
{
    struct load_ctx c = { st, log };
    return st->ops->owner_scan(st->b, load_owner, &c, diag);
}

uint64_t
ho_store_fingerprint(const struct ho_store *st, const char *id, size_t len)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325); /* FNV-1a, then a 64-bit finaliser */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)id[i]) * UINT64_C(0x100000001b3);
    h ^= h >> 33;
    h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h *= UINT64_C(0xc4ceb9fe1a85ec53);
    h ^= h >> 33;
    return h & st->fp_mask;
}

ho_rc
ho_store_id_owners(struct ho_store *st, uint64_t fp, int64_t **owners, size_t *n,
                   struct ho_diag *diag)
{
    size_t cap = 0;
    *owners = NULL;
    *n = 0;
    ho_rc rc = st->ops->id_owners(st->b, (int64_t)fp, owners, n, &cap, diag);
    if (rc != HO_OK) {
        ho_xfree(*owners);
        *owners = NULL;
        *n = 0;
    }
    return rc;
}

ho_rc
ho_store_put_id(struct ho_store *st, uint64_t fp, int64_t owner, struct ho_diag *diag)
{
    return st->ops->put_id(st->b, (int64_t)fp, owner, diag);
}

ho_rc
ho_store_related(struct ho_store *st, enum ho_store_relation rel, const char *key,
                 ho_store_related_fn fn, void *ctx, struct ho_diag *diag)
{
    return st->ops->related(st->b, rel, key, fn, ctx, diag);
}

ho_rc
ho_store_link_account(struct ho_store *st, const char *lead, const char *account,
                      struct ho_diag *diag)
{
    return st->ops->link_account(st->b, lead, account, diag);
}

/* The events of one append grouped by owner: CSR lists over a small
 * open-addressing table keyed by (kind, text). */
struct owner_groups {
    uint64_t *keys;  /* (kind << 32 | text) + 1; 0 = empty slot */
    uint32_t *group; /* slot -> group number */
    size_t slots;
    struct ho_owner_key *owner; /* by group */
    size_t n_groups;
    size_t *start;  /* CSR offsets, n_groups + 1 */
    uint32_t *list; /* event indices by group */
};

static uint32_t
group_of(struct owner_groups *g, struct ho_owner_key k)
{
    uint64_t key = ((uint64_t)k.kind << 32 | k.text) + 1;
    size_t i = (size_t)((key * UINT64_C(0x9e3779b97f4a7c15)) >> 20) & (g->slots - 1);
    while (g->keys[i] && g->keys[i] != key)
        i = (i + 1) & (g->slots - 1);
    if (!g->keys[i]) {
        g->keys[i] = key;
        g->group[i] = (uint32_t)g->n_groups;
        g->owner[g->n_groups++] = k;
    }
    return g->group[i];
}

static void
group_events(struct owner_groups *g, const struct ho_eventlog *log, size_t from, size_t to)
{
    size_t n = to - from;
    uint32_t group = ho_strtab_find(log->strings, "group", 5);
    uint32_t k_anon = ho_strtab_find(log->strings, "anonymous_id", 12);
    memset(g, 0, sizeof(*g));
    for (g->slots = 16; g->slots < 2 * n; g->slots *= 2) {
    }
    g->keys = ho_xcalloc(g->slots, sizeof(*g->keys));
    g->group = ho_xmalloc(ho_size_mul(g->slots, sizeof(*g->group)));
    g->owner = ho_xmalloc(ho_size_mul(n + 1, sizeof(*g->owner)));
    uint32_t *of = ho_xmalloc(ho_size_mul(n + 1, sizeof(*of)));
    for (size_t i = 0; i < n; i++)
        of[i] = group_of(g, owner_of(log, &log->events[from + i], group, k_anon));
    g->start = ho_xcalloc(g->n_groups + 1, sizeof(*g->start));
    for (size_t i = 0; i < n; i++)
        g->start[of[i] + 1]++;
    for (size_t k = 0; k < g->n_groups; k++)
        g->start[k + 1] += g->start[k];
    size_t *fill = ho_xmalloc(ho_size_mul(g->n_groups + 1, sizeof(*fill)));
    memcpy(fill, g->start, g->n_groups * sizeof(*fill));
    g->list = ho_xmalloc(ho_size_mul(n + 1, sizeof(*g->list)));
    for (size_t i = 0; i < n; i++)
        g->list[fill[of[i]]++] = (uint32_t)(from + i);
    ho_xfree(fill);
    ho_xfree(of);
}

/* Tell the dictionary which strings of the append may be shared (every
 * field but event ids and leads) and in which owner group each appears. */
static void
note_shared_strings(struct ho_store_dict *d, const struct ho_eventlog *log,
                    const struct owner_groups *g)
{
    ho_store_dict_begin_append(d, log);
    for (size_t k = 0; k < g->n_groups; k++) {
        for (size_t p = g->start[k]; p < g->start[k + 1]; p++) {
            const struct ho_event *e = &log->events[g->list[p]];
            const struct ho_kv *kv = ho_event_props(log, e);
            ho_store_dict_note(d, e->type, (uint32_t)k);
            ho_store_dict_note(d, e->account, (uint32_t)k);
            ho_store_dict_note(d, e->channel, (uint32_t)k);
            ho_store_dict_note(d, e->campaign, (uint32_t)k);
            for (size_t i = 0; i < (size_t)e->n_props + e->n_traits; i++) {
                ho_store_dict_note(d, kv[i].key, (uint32_t)k);
                ho_store_dict_note(d, kv[i].val, (uint32_t)k);
            }
        }
    }
}

static void
owner_groups_release(struct owner_groups *g)
{
    ho_xfree(g->keys);
    ho_xfree(g->group);
    ho_xfree(g->owner);
    ho_xfree(g->start);
    ho_xfree(g->list);
}

/* A blob of too many batches written again as one, with the events
 * idx[0..n) at its end: decoded after the end of log (and dropped again). */
static ho_rc
compact_with(struct ho_store *st, struct ho_eventlog *log, const uint32_t *idx, size_t n,
             struct ho_buf *blob, struct ho_diag *diag)
{
    size_t end = log->n;
    ho_rc rc = decode_into(st, log, blob, diag);
    if (rc != HO_OK)
        return rc;
    size_t stored = log->n - end;
    uint32_t *all = ho_xmalloc(ho_size_mul(stored + n + 1, sizeof(*all)));
    for (size_t i = 0; i < stored; i++)
        all[i] = (uint32_t)(end + i);
    memcpy(all + stored, idx, n * sizeof(*idx));
    struct ho_batch_dict hooks = ho_store_dict_hooks(&st->dict);
    ho_buf_reset(blob);
    ho_batch_append_list(&st->enc, log, all, stored + n, &hooks, blob);
    ho_xfree(all);
    ho_eventlog_truncate(log, end);
    return ho_store_dict_failure(&st->dict, diag);
}

/* The fingerprints of one append, with the owner row of each: inserted in
 * fingerprint order, so the id B-tree is written in one sweep. */
struct id_pairs {
    struct id_pair {
        uint64_t fp;
        int64_t owner;
    } * p;
    size_t n, cap;
};

static int
cmp_id_pair(const void *a, const void *b)
{
    const struct id_pair *x = a, *y = b;
    if (x->fp != y->fp)
        return x->fp < y->fp ? -1 : 1;
    return (x->owner > y->owner) - (x->owner < y->owner);
}

/* Record each distinct account the lead's events idx[0..n) name (usually
 * one, so a short list beats a set). */
static ho_rc
link_accounts(struct ho_store *st, const struct ho_eventlog *log, const uint32_t *idx, size_t n,
              struct ho_diag *diag)
{
    uint32_t seen[8];
    size_t n_seen = 0;
    ho_rc rc = HO_OK;
    for (size_t i = 0; i < n && rc == HO_OK; i++) {
        const struct ho_event *e = &log->events[idx[i]];
        bool known = !e->lead || !e->account;
        for (size_t k = 0; k < n_seen && !known; k++)
            known = seen[k] == e->account;
        if (known)
            continue;
        if (n_seen < HO_ARRAY_LEN(seen))
            seen[n_seen++] = e->account;
        rc = ho_store_link_account(st, ho_strtab_str(log->strings, e->lead),
                                   ho_strtab_str(log->strings, e->account), diag);
    }
    return rc;
}

/* Append the events idx[0..n) of log to owner k's row: one more batch at
 * the end of its blob (no decode), and the fingerprint of each id to ids. */
static ho_rc
append_to_owner(struct ho_store *st, struct ho_eventlog *log, struct ho_owner_key k,
                const uint32_t *idx, size_t n, struct id_pairs *ids, struct ho_diag *diag)
{
    struct ho_owner_row row = { 0 };
    owner_text(log, k, &st->key);
    ho_rc rc = st->ops->owner_get(st->b, st->key.ptr, st->key.len, &row, &st->data, diag);
    if (rc == HO_ENOTFOUND) {
        ho_buf_reset(&st->data);
        rc = HO_OK;
    }
    if (rc != HO_OK)
        return rc;
    if (row.chunks >= MAX_CHUNKS) {
        rc = compact_with(st, log, idx, n, &st->data, diag);
        row.chunks = 1;
    } else {
        struct ho_batch_dict hooks = ho_store_dict_hooks(&st->dict);
        ho_batch_append_list(&st->enc, log, idx, n, &hooks, &st->data);
        rc = ho_store_dict_failure(&st->dict, diag);
        row.chunks++;
    }
    if (rc != HO_OK)
        return rc;
    row.n_events += n;
    rc = st->ops->owner_put(st->b, st->key.ptr, st->key.len, &row, (const uint8_t *)st->data.ptr,
                            st->data.len, diag);
    if (rc != HO_OK)
        return rc;
    HO_GROW(ids->p, ids->cap, ids->n + n);
    for (size_t i = 0; i < n; i++) {
        uint32_t id = log->events[idx[i]].id;
        ids->p[ids->n++] = (struct id_pair){
            ho_store_fingerprint(st, ho_strtab_str(log->strings, id),
                                 ho_strtab_strlen(log->strings, id)),
            row.id,
        };
    }
    return link_accounts(st, log, idx, n, diag);
}

static ho_rc
put_ids(struct ho_store *st, struct id_pairs *ids, struct ho_diag *diag)
{
    if (ids->n > 1)
        qsort(ids->p, ids->n, sizeof(*ids->p), cmp_id_pair);
    ho_rc rc = HO_OK;
    for (size_t i = 0; i < ids->n && rc == HO_OK; i++) {
        if (i == 0 || cmp_id_pair(&ids->p[i - 1], &ids->p[i]) != 0)
            rc = ho_store_put_id(st, ids->p[i].fp, ids->p[i].owner, diag);
    }
    return rc;
}

ho_rc
ho_store_append_events(struct ho_store *st, struct ho_eventlog *log, size_t from, size_t to,
                       struct ho_diag *diag)
{
    if (from >= to)
        return HO_OK;
    if (!st->in_tx)
        return ho_diag_set(diag, HO_EINVAL, "events are appended inside a transaction");
    struct owner_groups g;
    struct id_pairs ids = { 0 };
    group_events(&g, log, from, to);
    note_shared_strings(&st->dict, log, &g);
    ho_rc rc = HO_OK;
    for (size_t k = 0; k < g.n_groups && rc == HO_OK; k++)
        rc = append_to_owner(st, log, g.owner[k], g.list + g.start[k], g.start[k + 1] - g.start[k],
                             &ids, diag);
    if (rc == HO_OK)
        rc = put_ids(st, &ids, diag);
    ho_xfree(ids.p);
    owner_groups_release(&g);
    return rc;
}

/* ---- converting a schema-2 event log ---- */

ho_rc
ho_store_convert_legacy(struct ho_store *st, struct ho_diag *diag)
{
    if (st->ops->legacy_batches(st->b, NULL, NULL, NULL) == HO_ENOTFOUND)
        return HO_OK; /* the usual case, decided without taking the write lock */
    ho_rc rc = ho_store_begin(st, diag);
    if (rc != HO_OK)
        return rc;
    struct ho_eventlog log;
    ho_eventlog_init(&log);
    struct load_ctx c = { st, &log };
    rc = st->ops->legacy_batches(st->b, load_owner, &c, diag);
    if (rc == HO_ENOTFOUND) { /* nothing to convert */
        ho_eventlog_release(&log);
        ho_store_rollback(st);
        return HO_OK;
    }
    if (rc == HO_OK)
        rc = ho_store_append_events(st, &log, 0, log.n, diag);
    if (rc == HO_OK)
        rc = st->ops->drop_legacy(st->b, diag);
    if (rc == HO_OK)
        rc = ho_store_commit(st, diag);
    if (rc != HO_OK)
        ho_store_rollback(st);
    ho_eventlog_release(&log);
    return rc;
}

/* ---- derived state ---- */

ho_rc
ho_store_clear_state(struct ho_store *st, struct ho_diag *diag)
{
    ho_rc rc = st->ops->clear_state(st->b, diag);
    if (rc == HO_OK)
        st->cleared = st->in_tx;
    return rc;
}

void
ho_store_end_bulk(struct ho_store *st)
{
    st->cleared = false;
}

ho_rc
ho_store_put_lead(struct ho_store *st, const struct ho_lead_record *l, struct ho_diag *diag)
{
    return st->ops->put_lead(st->b, l, !st->cleared, diag);
}

ho_rc
ho_store_put_visitor(struct ho_store *st, const char *anon, int64_t ts, const char *lead,
                     const char *event_id, struct ho_diag *diag)
{
    return st->ops->put_visitor(st->b, anon, ts, lead, event_id, diag);
}

ho_rc
ho_store_load_leads(struct ho_store *st, struct ho_strtab *strings, struct ho_lead_row **rows,
                    size_t *n, struct ho_diag *diag)
{
    *rows = NULL;
    *n = 0;
    return st->ops->load_leads(st->b, strings, rows, n, diag);
}

ho_rc
ho_store_load_journeys(struct ho_store *st, struct ho_strtab *strings, struct ho_journey_row **rows,
                       size_t *n, struct ho_diag *diag)
{
    *rows = NULL;
    *n = 0;
    return st->ops->load_journeys(st->b, strings, rows, n, diag);
}

ho_rc
ho_store_scan_journeys(struct ho_store *st, ho_store_brief_fn fn, void *ctx, struct ho_diag *diag)
{
    return st->ops->scan_journeys(st->b, fn, ctx, diag);
}

ho_rc
ho_store_load_clocks(struct ho_store *st, struct ho_strtab *strings, struct ho_clock_row **rows,
                     size_t *n, struct ho_diag *diag)
{
    *rows = NULL;
    *n = 0;
    return st->ops->load_clocks(st->b, strings, rows, n, diag);
}

ho_rc
ho_store_load_visitors(struct ho_store *st, struct ho_visitor_row **rows, size_t *n,
                       struct ho_diag *diag)
{
    *rows = NULL;
    *n = 0;
    return st->ops->load_visitors(st->b, rows, n, diag);
}

ho_rc
ho_store_load_router(struct ho_store *st, struct ho_router *r, struct ho_diag *diag)
{
    return st->ops->load_router(st->b, r, diag);
}

ho_rc
ho_store_save_router(struct ho_store *st, const struct ho_router *r, struct ho_diag *diag)
{
    return st->ops->save_router(st->b, r, diag);
}

ho_rc
ho_store_meta_get_i64(struct ho_store *st, const char *key, int64_t *out, struct ho_diag *diag)
{
    return st->ops->meta_get(st->b, key, out, diag);
}

ho_rc
ho_store_meta_set_i64(struct ho_store *st, const char *key, int64_t value, struct ho_diag *diag)
{
    return st->ops->meta_set(st->b, key, value, diag);
}

/* ---- spend ---- */

ho_rc
ho_store_put_spend(struct ho_store *st, const char *channel, int64_t month, double amount,
                   struct ho_diag *diag)
{
    if (month < 0 || month >= (int64_t)10000 * 12)
        return ho_diag_set(diag, HO_EINVAL, "spend month out of range");
    return st->ops->put_spend(st->b, channel, month, amount, diag);
}

ho_rc
ho_store_load_spend(struct ho_store *st, struct ho_strtab *strings, struct ho_spend_row **rows,
                    size_t *n, struct ho_diag *diag)
{
    *rows = NULL;
    *n = 0;
    return st->ops->load_spend(st->b, strings, rows, n, diag);
}

/* ---- tokens ---- */

ho_rc
ho_store_put_token(struct ho_store *st, const struct ho_token_row *t, struct ho_diag *diag)
{
    return st->ops->put_token(st->b, t, diag);
}

ho_rc
ho_store_load_tokens(struct ho_store *st, struct ho_token_row **rows, size_t *n,
                     struct ho_diag *diag)
{
    *rows = NULL;
    *n = 0;
    return st->ops->load_tokens(st->b, rows, n, diag);
}

ho_rc
ho_store_revoke_token(struct ho_store *st, const char *id, int64_t now, struct ho_diag *diag)
{
    return st->ops->revoke_token(st->b, id, now, diag);
}
