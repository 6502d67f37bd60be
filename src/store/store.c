/* SPDX-License-Identifier: MIT */
/*
 * store/store.c - what every backend shares, and the dispatch of each
 * ho_store_* call to the backend's ops (store/backend.h).
 *
 * Shared here: the transaction flag (and "read-only handles never begin"),
 * the handle's event-log cursor with the append conflict check (another
 * writer appended since this handle loaded), the batch encoding of events,
 * the comparison that keeps activating the same definitions a no-op, and
 * the bulk mode after ho_store_clear_state().
 */
#include "store/store.h"

#include <string.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "core/event.h"
#include "core/journey.h"
#include "store/backend.h"
#include "store/batch.h"

#define BATCH_EVENTS 65536

struct ho_store {
    const struct ho_store_ops *ops;
    struct ho_store_backend *b;
    bool in_tx;
    bool read_only;
    bool cleared;    /* derived state deleted in this transaction: no per-lead deletes */
    int64_t log_seq; /* the last event batch this handle loaded or wrote */
    int64_t tx_seq;  /* log_seq when the transaction began (restored on rollback) */
    struct ho_batch_encoder enc;
};

struct ho_store *
ho_store_over(const struct ho_store_ops *ops, struct ho_store_backend *b, bool read_only)
{
    struct ho_store *st = ho_xcalloc(1, sizeof(*st));
    st->ops = ops;
    st->b = b;
    st->read_only = read_only;
    ho_batch_encoder_init(&st->enc);
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
    if (rc == HO_OK)
        *out = ho_store_over(&ho_sqlite_ops, b, opts->mode == HO_STORE_READ_ONLY);
    return rc;
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
    st->tx_seq = st->log_seq;
    return rc;
}

ho_rc
ho_store_commit(struct ho_store *st, struct ho_diag *diag)
{
    ho_rc rc = st->ops->commit(st->b, diag);
    if (rc == HO_OK)
        st->in_tx = st->cleared = false;
    return rc;
}

void
ho_store_rollback(struct ho_store *st)
{
    if (!st->in_tx)
        return;
    st->ops->rollback(st->b);
    st->in_tx = st->cleared = false;
    st->log_seq = st->tx_seq; /* what this handle appended is gone */
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

/* ---- definitions versions, sign-offs, activations ---- */

ho_rc
ho_store_defs_versions(struct ho_store *st, struct ho_strtab *strings,
                       struct ho_defs_version_row **rows, size_t *n, struct ho_diag *diag)
{
    return st->ops->defs_versions(st->b, strings, rows, n, diag);
}

ho_rc
ho_store_defs_text(struct ho_store *st, int64_t id, struct ho_buf *text, struct ho_diag *diag)
{
    return st->ops->defs_text(st->b, id, text, diag);
}

ho_rc
ho_store_defs_add(struct ho_store *st, const struct ho_defs_version_row *v,
                  const struct ho_strtab *strings, const char *text, size_t len,
                  struct ho_diag *diag)
{
    if (!st->in_tx)
        return ho_diag_set(diag, HO_EINVAL, "a definitions version is stored inside a transaction");
    return st->ops->defs_add(st->b, v, strings, text, len, diag);
}

ho_rc
ho_store_defs_set_hash(struct ho_store *st, int64_t id, const char *hash, struct ho_diag *diag)
{
    return st->ops->defs_set_hash(st->b, id, hash, diag);
}

ho_rc
ho_store_defs_activate(struct ho_store *st, const struct ho_defs_activation_row *a,
                       const struct ho_strtab *strings, struct ho_diag *diag)
{
    if (!st->in_tx)
        return ho_diag_set(diag, HO_EINVAL, "definitions are activated inside a transaction");
    return st->ops->defs_activate(st->b, a, strings, diag);
}

ho_rc
ho_store_defs_activations(struct ho_store *st, struct ho_strtab *strings,
                          struct ho_defs_activation_row **rows, size_t *n, struct ho_diag *diag)
{
    return st->ops->defs_activations(st->b, strings, rows, n, diag);
}

ho_rc
ho_store_defs_sign(struct ho_store *st, const struct ho_defs_signoff_row *s,
                   const struct ho_strtab *strings, struct ho_diag *diag)
{
    return st->ops->defs_sign(st->b, s, strings, diag);
}

ho_rc
ho_store_defs_signoffs(struct ho_store *st, struct ho_strtab *strings,
                       struct ho_defs_signoff_row **rows, size_t *n, struct ho_diag *diag)
{
    return st->ops->defs_signoffs(st->b, strings, rows, n, diag);
}

/* ---- event log ---- */

static ho_rc
append_batch(struct ho_store *st, const struct ho_eventlog *log, size_t from, size_t to,
             struct ho_buf *blob, struct ho_diag *diag)
{
    int64_t min_ts = INT64_MAX, max_ts = INT64_MIN;
    for (size_t i = from; i < to; i++) {
        int64_t ts = log->events[i].ts;
        min_ts = ts < min_ts ? ts : min_ts;
        max_ts = ts > max_ts ? ts : max_ts;
    }
    ho_batch_encode(&st->enc, log, from, to, blob);
    int64_t seq = 0;
    ho_rc rc = st->ops->append_batch(st->b, to - from, min_ts, max_ts, (const uint8_t *)blob->ptr,
                                     blob->len, &seq, diag);
    if (rc == HO_OK)
        st->log_seq = seq;
    return rc;
}

ho_rc
ho_store_append_events(struct ho_store *st, const struct ho_eventlog *log, size_t from, size_t to,
                       struct ho_diag *diag)
{
    if (from >= to)
        return HO_OK;
    if (!st->in_tx)
        return ho_diag_set(diag, HO_EINVAL, "events are appended inside a transaction");
    int64_t tail = 0;
    ho_rc rc = st->ops->log_tail(st->b, &tail, diag);
    if (rc == HO_OK && tail != st->log_seq)
        rc = ho_diag_set(diag, HO_ECONFLICT,
                         "the event log grew since this process read it (another writer): "
                         "load the new events before appending");
    struct ho_buf blob = HO_BUF_INIT;
    for (size_t i = from; i < to && rc == HO_OK; i += BATCH_EVENTS) {
        size_t end = to - i > BATCH_EVENTS ? i + BATCH_EVENTS : to;
        rc = append_batch(st, log, i, end, &blob, diag);
    }
    ho_buf_release(&blob);
    return rc;
}

struct load_ctx {
    struct ho_store *st;
    struct ho_eventlog *log;
};

static ho_rc
load_batch(void *arg, int64_t seq, const uint8_t *data, size_t len, struct ho_diag *diag)
{
    struct load_ctx *c = arg;
    ho_rc rc = ho_batch_decode(data ? data : (const uint8_t *)"", len, c->log, diag);
    if (rc == HO_OK) /* stored by others: a rollback does not undo loading it */
        c->st->log_seq = c->st->tx_seq = seq;
    return rc;
}

ho_rc
ho_store_load_events(struct ho_store *st, struct ho_eventlog *log, struct ho_diag *diag)
{
    struct load_ctx c = { st, log };
    return st->ops->read_batches(st->b, st->log_seq, load_batch, &c, diag);
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
                     struct ho_diag *diag)
{
    return st->ops->put_visitor(st->b, anon, ts, lead, diag);
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
