/* SPDX-License-Identifier: MIT */
/*
 * tests/support/store_faults.c - see store_faults.h.  Every op forwards to
 * the wrapped backend; commit and the reads first count, and fail when the
 * count reaches the one asked for.
 */
#include "store_faults.h"

#include "base/xalloc.h"
#include "store/backend.h"
#include "store/store.h"

/* The fault backend's handle (handed out as a struct ho_store_backend *). */
struct faults {
    const struct ho_store_ops *ops;
    struct ho_store_backend *b;
    struct ho_store_faults *f;
};

static struct faults *
fb(struct ho_store_backend *b)
{
    return (struct faults *)(void *)b;
}

/* Count a read; HO_ESTORE when it is the one to fail. */
static ho_rc
read_fault(struct faults *x, const char *what, struct ho_diag *diag)
{
    x->f->reads++;
    if (x->f->fail_read && x->f->reads == x->f->fail_read)
        return ho_diag_set(diag, HO_ESTORE, "injected fault: read %u (%s) failed", x->f->reads,
                           what);
    return HO_OK;
}

static void
fx_close(struct ho_store_backend *b)
{
    struct faults *x = fb(b);
    x->ops->close(x->b);
    ho_xfree(x);
}

static ho_rc
fx_begin(struct ho_store_backend *b, struct ho_diag *diag)
{
    return fb(b)->ops->begin(fb(b)->b, diag);
}

static ho_rc
fx_commit(struct ho_store_backend *b, struct ho_diag *diag)
{
    struct faults *x = fb(b);
    x->f->commits++;
    if (x->f->fail_commit && x->f->commits == x->f->fail_commit)
        return ho_diag_set(diag, HO_ESTORE, "injected fault: commit %u failed", x->f->commits);
    return x->ops->commit(x->b, diag);
}

static void
fx_rollback(struct ho_store_backend *b)
{
    fb(b)->ops->rollback(fb(b)->b);
}

static ho_rc
fx_schema_version(struct ho_store_backend *b, int64_t *out, struct ho_diag *diag)
{
    ho_rc rc = read_fault(fb(b), "schema version", diag);
    return rc == HO_OK ? fb(b)->ops->schema_version(fb(b)->b, out, diag) : rc;
}

static ho_rc
fx_active_defs(struct ho_store_backend *b, struct ho_buf *text, int64_t *id, struct ho_diag *diag)
{
    ho_rc rc = read_fault(fb(b), "active definitions", diag);
    return rc == HO_OK ? fb(b)->ops->active_defs(fb(b)->b, text, id, diag) : rc;
}

static ho_rc
fx_insert_defs(struct ho_store_backend *b, int64_t version, const char *text, size_t len,
               bool forced, int64_t now_ms, int64_t *id, struct ho_diag *diag)
{
    return fb(b)->ops->insert_defs(fb(b)->b, version, text, len, forced, now_ms, id, diag);
}

static ho_rc
fx_defs_versions(struct ho_store_backend *b, struct ho_strtab *strings,
                 struct ho_defs_version_row **rows, size_t *n, struct ho_diag *diag)
{
    *rows = NULL;
    *n = 0;
    ho_rc rc = read_fault(fb(b), "definitions versions", diag);
    return rc == HO_OK ? fb(b)->ops->defs_versions(fb(b)->b, strings, rows, n, diag) : rc;
}

static ho_rc
fx_defs_text(struct ho_store_backend *b, int64_t id, struct ho_buf *text, struct ho_diag *diag)
{
    ho_rc rc = read_fault(fb(b), "definitions text", diag);
    return rc == HO_OK ? fb(b)->ops->defs_text(fb(b)->b, id, text, diag) : rc;
}

static ho_rc
fx_defs_add(struct ho_store_backend *b, const struct ho_defs_version_row *v,
            const struct ho_strtab *strings, const char *text, size_t len, struct ho_diag *diag)
{
    return fb(b)->ops->defs_add(fb(b)->b, v, strings, text, len, diag);
}

static ho_rc
fx_defs_set_hash(struct ho_store_backend *b, int64_t id, const char *hash, struct ho_diag *diag)
{
    return fb(b)->ops->defs_set_hash(fb(b)->b, id, hash, diag);
}

static ho_rc
fx_defs_activate(struct ho_store_backend *b, const struct ho_defs_activation_row *a,
                 const struct ho_strtab *strings, struct ho_diag *diag)
{
    return fb(b)->ops->defs_activate(fb(b)->b, a, strings, diag);
}

static ho_rc
fx_defs_activations(struct ho_store_backend *b, struct ho_strtab *strings,
                    struct ho_defs_activation_row **rows, size_t *n, struct ho_diag *diag)
{
    *rows = NULL;
    *n = 0;
    ho_rc rc = read_fault(fb(b), "activations", diag);
    return rc == HO_OK ? fb(b)->ops->defs_activations(fb(b)->b, strings, rows, n, diag) : rc;
}

static ho_rc
fx_defs_sign(struct ho_store_backend *b, const struct ho_defs_signoff_row *s,
             const struct ho_strtab *strings, struct ho_diag *diag)
{
    return fb(b)->ops->defs_sign(fb(b)->b, s, strings, diag);
}

static ho_rc
fx_defs_signoffs(struct ho_store_backend *b, struct ho_strtab *strings,
                 struct ho_defs_signoff_row **rows, size_t *n, struct ho_diag *diag)
{
    *rows = NULL;
    *n = 0;
    ho_rc rc = read_fault(fb(b), "sign-offs", diag);
    return rc == HO_OK ? fb(b)->ops->defs_signoffs(fb(b)->b, strings, rows, n, diag) : rc;
}

static ho_rc
fx_owner_get(struct ho_store_backend *b, const char *key, size_t len, struct ho_owner_row *row,
             struct ho_buf *data, struct ho_diag *diag)
{
    ho_rc rc = read_fault(fb(b), "event log", diag);
    return rc == HO_OK ? fb(b)->ops->owner_get(fb(b)->b, key, len, row, data, diag) : rc;
}

static ho_rc
fx_owner_get_id(struct ho_store_backend *b, int64_t id, struct ho_buf *key, struct ho_buf *data,
                struct ho_diag *diag)
{
    ho_rc rc = read_fault(fb(b), "event log", diag);
    return rc == HO_OK ? fb(b)->ops->owner_get_id(fb(b)->b, id, key, data, diag) : rc;
}

static ho_rc
fx_owner_put(struct ho_store_backend *b, const char *key, size_t len, struct ho_owner_row *row,
             const uint8_t *data, size_t data_len, struct ho_diag *diag)
{
    return fb(b)->ops->owner_put(fb(b)->b, key, len, row, data, data_len, diag);
}

static ho_rc
fx_owner_scan(struct ho_store_backend *b, ho_store_owner_fn fn, void *ctx, struct ho_diag *diag)
{
    ho_rc rc = read_fault(fb(b), "event log", diag);
    return rc == HO_OK ? fb(b)->ops->owner_scan(fb(b)->b, fn, ctx, diag) : rc;
}

static ho_rc
fx_id_bucket_get(struct ho_store_backend *b, int64_t bucket, struct ho_buf *data,
                 struct ho_diag *diag)
{
    ho_rc rc = read_fault(fb(b), "event ids", diag);
    return rc == HO_OK ? fb(b)->ops->id_bucket_get(fb(b)->b, bucket, data, diag) : rc;
}

static ho_rc
fx_id_bucket_put(struct ho_store_backend *b, int64_t bucket, const uint8_t *data, size_t len,
                 struct ho_diag *diag)
{
    return fb(b)->ops->id_bucket_put(fb(b)->b, bucket, data, len, diag);
}

static ho_rc
fx_related(struct ho_store_backend *b, enum ho_store_relation rel, const char *key,
           ho_store_related_fn fn, void *ctx, struct ho_diag *diag)
{
    ho_rc rc = read_fault(fb(b), "relations", diag);
    return rc == HO_OK ? fb(b)->ops->related(fb(b)->b, rel, key, fn, ctx, diag) : rc;
}

static ho_rc
fx_link_account(struct ho_store_backend *b, const char *lead, const char *account,
                struct ho_diag *diag)
{
    return fb(b)->ops->link_account(fb(b)->b, lead, account, diag);
}

static ho_rc
fx_dict_id(struct ho_store_backend *b, const char *text, size_t len, int64_t *id,
           struct ho_diag *diag)
{
    ho_rc rc = read_fault(fb(b), "dictionary", diag);
    return rc == HO_OK ? fb(b)->ops->dict_id(fb(b)->b, text, len, id, diag) : rc;
}

static ho_rc
fx_dict_text(struct ho_store_backend *b, int64_t id, struct ho_buf *text, struct ho_diag *diag)
{
    ho_rc rc = read_fault(fb(b), "dictionary", diag);
    return rc == HO_OK ? fb(b)->ops->dict_text(fb(b)->b, id, text, diag) : rc;
}

static ho_rc
fx_dict_put(struct ho_store_backend *b, const char *text, size_t len, int64_t *id,
            struct ho_diag *diag)
{
    return fb(b)->ops->dict_put(fb(b)->b, text, len, id, diag);
}

static ho_rc
fx_legacy_batches(struct ho_store_backend *b, ho_store_owner_fn fn, void *ctx, struct ho_diag *diag)
{
    return fb(b)->ops->legacy_batches(fb(b)->b, fn, ctx, diag);
}

static ho_rc
fx_drop_legacy(struct ho_store_backend *b, struct ho_diag *diag)
{
    return fb(b)->ops->drop_legacy(fb(b)->b, diag);
}

static ho_rc
fx_clear_state(struct ho_store_backend *b, struct ho_diag *diag)
{
    return fb(b)->ops->clear_state(fb(b)->b, diag);
}

static ho_rc
fx_put_lead(struct ho_store_backend *b, const struct ho_lead_record *l, bool replace,
            struct ho_diag *diag)
{
    return fb(b)->ops->put_lead(fb(b)->b, l, replace, diag);
}

static ho_rc
fx_put_visitor(struct ho_store_backend *b, const char *anon, int64_t ts, const char *lead,
               const char *event_id, struct ho_diag *diag)
{
    return fb(b)->ops->put_visitor(fb(b)->b, anon, ts, lead, event_id, diag);
}

static ho_rc
fx_pack_put(struct ho_store_backend *b, const char *lead, const uint8_t *data, size_t len,
            struct ho_diag *diag)
{
    return fb(b)->ops->pack_put(fb(b)->b, lead, data, len, diag);
}

static ho_rc
fx_pack_scan(struct ho_store_backend *b, ho_store_pack_fn fn, void *ctx, struct ho_diag *diag)
{
    ho_rc rc = read_fault(fb(b), "journey pack", diag);
    return rc == HO_OK ? fb(b)->ops->pack_scan(fb(b)->b, fn, ctx, diag) : rc;
}

static ho_rc
fx_pack_size(struct ho_store_backend *b, size_t *blobs, size_t *bytes, struct ho_diag *diag)
{
    ho_rc rc = read_fault(fb(b), "journey pack size", diag);
    return rc == HO_OK ? fb(b)->ops->pack_size(fb(b)->b, blobs, bytes, diag) : rc;
}

static ho_rc
fx_pack_get(struct ho_store_backend *b, const char *key, struct ho_buf *found, struct ho_buf *data,
            struct ho_diag *diag)
{
    ho_rc rc = read_fault(fb(b), "journey pack chunk", diag);
    return rc == HO_OK ? fb(b)->ops->pack_get(fb(b)->b, key, found, data, diag) : rc;
}

static ho_rc
fx_pack_reset(struct ho_store_backend *b, struct ho_diag *diag)
{
    return fb(b)->ops->pack_reset(fb(b)->b, diag);
}

static ho_rc
fx_jdict_put(struct ho_store_backend *b, uint32_t id, const char *text, size_t len,
             struct ho_diag *diag)
{
    return fb(b)->ops->jdict_put(fb(b)->b, id, text, len, diag);
}

static ho_rc
fx_jdict_scan(struct ho_store_backend *b, uint32_t after, ho_store_jdict_fn fn, void *ctx,
              struct ho_diag *diag)
{
    ho_rc rc = read_fault(fb(b), "journey dictionary", diag);
    return rc == HO_OK ? fb(b)->ops->jdict_scan(fb(b)->b, after, fn, ctx, diag) : rc;
}

static ho_rc
fx_load_leads(struct ho_store_backend *b, struct ho_strtab *strings, struct ho_lead_row **rows,
              size_t *n, struct ho_diag *diag)
{
    *rows = NULL;
    *n = 0;
    ho_rc rc = read_fault(fb(b), "leads", diag);
    return rc == HO_OK ? fb(b)->ops->load_leads(fb(b)->b, strings, rows, n, diag) : rc;
}

static ho_rc
fx_load_journeys(struct ho_store_backend *b, struct ho_strtab *strings,
                 struct ho_journey_row **rows, size_t *n, struct ho_diag *diag)
{
    *rows = NULL;
    *n = 0;
    ho_rc rc = read_fault(fb(b), "journeys", diag);
    return rc == HO_OK ? fb(b)->ops->load_journeys(fb(b)->b, strings, rows, n, diag) : rc;
}

static ho_rc
fx_scan_journeys(struct ho_store_backend *b, ho_store_brief_fn fn, void *ctx, struct ho_diag *diag)
{
    ho_rc rc = read_fault(fb(b), "journey scan", diag);
    return rc == HO_OK ? fb(b)->ops->scan_journeys(fb(b)->b, fn, ctx, diag) : rc;
}

static ho_rc
fx_scan_open_mql(struct ho_store_backend *b, int64_t mql_before, ho_store_brief_fn fn, void *ctx,
                 struct ho_diag *diag)
{
    ho_rc rc = read_fault(fb(b), "open MQL scan", diag);
    return rc == HO_OK ? fb(b)->ops->scan_open_mql(fb(b)->b, mql_before, fn, ctx, diag) : rc;
}

static ho_rc
fx_load_routing(struct ho_store_backend *b, struct ho_strtab *strings, bool held,
                struct ho_journey_row **rows, size_t *n, struct ho_diag *diag)
{
    *rows = NULL;
    *n = 0;
    ho_rc rc = read_fault(fb(b), "routing journeys", diag);
    return rc == HO_OK ? fb(b)->ops->load_routing(fb(b)->b, strings, held, rows, n, diag) : rc;
}

static ho_rc
fx_load_clocks(struct ho_store_backend *b, struct ho_strtab *strings, struct ho_clock_row **rows,
               size_t *n, struct ho_diag *diag)
{
    *rows = NULL;
    *n = 0;
    ho_rc rc = read_fault(fb(b), "SLA clocks", diag);
    return rc == HO_OK ? fb(b)->ops->load_clocks(fb(b)->b, strings, rows, n, diag) : rc;
}

static ho_rc
fx_load_visitors(struct ho_store_backend *b, struct ho_visitor_row **rows, size_t *n,
                 struct ho_diag *diag)
{
    *rows = NULL;
    *n = 0;
    ho_rc rc = read_fault(fb(b), "visitors", diag);
    return rc == HO_OK ? fb(b)->ops->load_visitors(fb(b)->b, rows, n, diag) : rc;
}

static ho_rc
fx_load_router(struct ho_store_backend *b, struct ho_router *r, struct ho_diag *diag)
{
    ho_rc rc = read_fault(fb(b), "routing state", diag);
    return rc == HO_OK ? fb(b)->ops->load_router(fb(b)->b, r, diag) : rc;
}

static ho_rc
fx_save_router(struct ho_store_backend *b, const struct ho_router *r, struct ho_diag *diag)
{
    return fb(b)->ops->save_router(fb(b)->b, r, diag);
}

static ho_rc
fx_meta_get(struct ho_store_backend *b, const char *key, int64_t *out, struct ho_diag *diag)
{
    ho_rc rc = read_fault(fb(b), "setting", diag);
    return rc == HO_OK ? fb(b)->ops->meta_get(fb(b)->b, key, out, diag) : rc;
}

static ho_rc
fx_meta_set(struct ho_store_backend *b, const char *key, int64_t value, struct ho_diag *diag)
{
    return fb(b)->ops->meta_set(fb(b)->b, key, value, diag);
}

static ho_rc
fx_put_spend(struct ho_store_backend *b, const char *channel, int64_t month, double amount,
             struct ho_diag *diag)
{
    return fb(b)->ops->put_spend(fb(b)->b, channel, month, amount, diag);
}

static ho_rc
fx_load_spend(struct ho_store_backend *b, struct ho_strtab *strings, struct ho_spend_row **rows,
              size_t *n, struct ho_diag *diag)
{
    *rows = NULL;
    *n = 0;
    ho_rc rc = read_fault(fb(b), "spend", diag);
    return rc == HO_OK ? fb(b)->ops->load_spend(fb(b)->b, strings, rows, n, diag) : rc;
}

static ho_rc
fx_put_token(struct ho_store_backend *b, const struct ho_token_row *t, struct ho_diag *diag)
{
    return fb(b)->ops->put_token(fb(b)->b, t, diag);
}

static ho_rc
fx_load_tokens(struct ho_store_backend *b, struct ho_token_row **rows, size_t *n,
               struct ho_diag *diag)
{
    ho_rc rc = read_fault(fb(b), "tokens", diag);
    return rc == HO_OK ? fb(b)->ops->load_tokens(fb(b)->b, rows, n, diag) : rc;
}

static ho_rc
fx_revoke_token(struct ho_store_backend *b, const char *id, int64_t now, struct ho_diag *diag)
{
    return fb(b)->ops->revoke_token(fb(b)->b, id, now, diag);
}

static ho_rc
fx_get_idempotency(struct ho_store_backend *b, const char *key, struct ho_idem_row *out,
                   struct ho_diag *diag)
{
    return fb(b)->ops->get_idempotency(fb(b)->b, key, out, diag);
}

static ho_rc
fx_put_idempotency(struct ho_store_backend *b, const char *key, const struct ho_idem_row *row,
                   int64_t now, struct ho_diag *diag)
{
    return fb(b)->ops->put_idempotency(fb(b)->b, key, row, now, diag);
}

static ho_rc
fx_put_alert(struct ho_store_backend *b, const struct ho_alert_fact *f, const char *status,
             int64_t created, int64_t gen, struct ho_diag *diag)
{
    return fb(b)->ops->put_alert(fb(b)->b, f, status, created, gen, diag);
}

static ho_rc
fx_load_alerts(struct ho_store_backend *b, const struct ho_outbox_query *q,
               struct ho_outbox_row **rows, size_t *n, struct ho_diag *diag)
{
    ho_rc rc = read_fault(fb(b), "outbox", diag);
    return rc == HO_OK ? fb(b)->ops->load_alerts(fb(b)->b, q, rows, n, diag) : rc;
}

static ho_rc
fx_alert_attempt(struct ho_store_backend *b, const struct ho_outbox_row *r, struct ho_diag *diag)
{
    return fb(b)->ops->alert_attempt(fb(b)->b, r, diag);
}

static ho_rc
fx_alert_retry(struct ho_store_backend *b, const char *id, int64_t now, size_t *n,
               struct ho_diag *diag)
{
    return fb(b)->ops->alert_retry(fb(b)->b, id, now, n, diag);
}

static ho_rc
fx_count_alerts(struct ho_store_backend *b, struct ho_outbox_counts *out, struct ho_diag *diag)
{
    return fb(b)->ops->count_alerts(fb(b)->b, out, diag);
}

const struct ho_store_ops ho_faults_ops = {
    .name = "faults",
    .close = fx_close,
    .begin = fx_begin,
    .commit = fx_commit,
    .rollback = fx_rollback,
    .schema_version = fx_schema_version,
    .active_defs = fx_active_defs,
    .insert_defs = fx_insert_defs,
    .defs_versions = fx_defs_versions,
    .defs_text = fx_defs_text,
    .defs_add = fx_defs_add,
    .defs_set_hash = fx_defs_set_hash,
    .defs_activate = fx_defs_activate,
    .defs_activations = fx_defs_activations,
    .defs_sign = fx_defs_sign,
    .defs_signoffs = fx_defs_signoffs,
    .owner_get = fx_owner_get,
    .owner_get_id = fx_owner_get_id,
    .owner_put = fx_owner_put,
    .owner_scan = fx_owner_scan,
    .id_bucket_get = fx_id_bucket_get,
    .id_bucket_put = fx_id_bucket_put,
    .related = fx_related,
    .link_account = fx_link_account,
    .dict_id = fx_dict_id,
    .dict_text = fx_dict_text,
    .dict_put = fx_dict_put,
    .legacy_batches = fx_legacy_batches,
    .drop_legacy = fx_drop_legacy,
    .clear_state = fx_clear_state,
    .put_lead = fx_put_lead,
    .put_visitor = fx_put_visitor,
    .pack_put = fx_pack_put,
    .pack_scan = fx_pack_scan,
    .pack_size = fx_pack_size,
    .pack_get = fx_pack_get,
    .pack_reset = fx_pack_reset,
    .jdict_put = fx_jdict_put,
    .jdict_scan = fx_jdict_scan,
    .load_leads = fx_load_leads,
    .load_journeys = fx_load_journeys,
    .scan_journeys = fx_scan_journeys,
    .scan_open_mql = fx_scan_open_mql,
    .load_routing = fx_load_routing,
    .load_clocks = fx_load_clocks,
    .load_visitors = fx_load_visitors,
    .load_router = fx_load_router,
    .save_router = fx_save_router,
    .meta_get = fx_meta_get,
    .meta_set = fx_meta_set,
    .put_spend = fx_put_spend,
    .load_spend = fx_load_spend,
    .put_token = fx_put_token,
    .load_tokens = fx_load_tokens,
    .revoke_token = fx_revoke_token,
    .get_idempotency = fx_get_idempotency,
    .put_idempotency = fx_put_idempotency,
    .put_alert = fx_put_alert,
    .load_alerts = fx_load_alerts,
    .alert_attempt = fx_alert_attempt,
    .alert_retry = fx_alert_retry,
    .count_alerts = fx_count_alerts,
};

struct ho_store_backend *
ho_faults_wrap(const struct ho_store_ops *inner_ops, struct ho_store_backend *inner,
               struct ho_store_faults *faults)
{
    struct faults *x = ho_xcalloc(1, sizeof(*x));
    x->ops = inner_ops;
    x->b = inner;
    x->f = faults;
    return (struct ho_store_backend *)(void *)x;
}

ho_rc
ho_faults_open_sqlite(const char *path, const struct ho_store_opts *opts,
                      struct ho_store_faults *faults, struct ho_store **out, struct ho_diag *diag)
{
    struct ho_store_opts dflt = { .mode = HO_STORE_CREATE, .durability = HO_DURABLE_FULL };
    struct ho_store_backend *inner = NULL;
    *out = NULL;
    if (!opts)
        opts = &dflt;
    ho_rc rc = ho_sqlite_open(path, opts, &inner, diag);
    if (rc == HO_OK)
        *out = ho_store_over(&ho_faults_ops, ho_faults_wrap(&ho_sqlite_ops, inner, faults),
                             opts->mode == HO_STORE_READ_ONLY);
    return rc;
}
