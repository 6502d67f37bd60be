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
#include <sys/mman.h>

#include "base/buf.h"
#include "base/strtab.h"
#include "base/xalloc.h"
#include "core/event.h"
#include "core/journey.h"
#include "store/backend.h"
#include "store/batch.h"
#include "store/dict.h"
#include "store/le.h"
#include "store/pack.h"

struct ho_store {
    const struct ho_store_ops *ops;
    struct ho_store_backend *b;
    bool in_tx;
    bool read_only;
    bool cleared;     /* derived state deleted in this transaction: no per-lead deletes */
    uint64_t fp_mask; /* fingerprint bits kept (all but under the test hook) */
    /* the fingerprint set's shape (meta), read once a transaction */
    int id_bits;
    int64_t id_records;
    bool id_shape_known, id_shape_tx;
    struct ho_batch_encoder enc;
    struct ho_store_dict dict;
    struct ho_buf key, data; /* scratch for one owner row */
    /* The dictionary of the journey pack as stored: text -> id (the
     * strtab's dense ids are the stored ids).  Caught up with what other
     * writers added at the first put of each transaction; dropped at a
     * rollback, since it may hold ids that were never committed. */
    struct ho_strtab *jdict;
    int64_t jdict_gen; /* meta 'journey_dict' the copy is of */
    bool jdict_synced;
    struct ho_buf pack;                 /* scratch for one lead's blob */
    struct ho_buf pack_key, pack_chunk; /* scratch for one chunk */
    /* The chunks of the pack this transaction changed or read to change,
     * sorted by key; written at commit (or before a read), dropped after. */
    struct pack_chunk **chunks;
    size_t n_chunks, cap_chunks;
    bool chunks_complete; /* the table was cleared in this transaction: every chunk is here */
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
    ho_buf_init(&st->pack);
    ho_buf_init(&st->pack_key);
    ho_buf_init(&st->pack_chunk);
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
    if (rc == HO_OK && !st->read_only)
        rc = ho_store_fill_pack(st, diag);
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
    ho_buf_release(&st->pack);
    ho_buf_release(&st->pack_key);
    ho_buf_release(&st->pack_chunk);
    ho_strtab_free(st->jdict);
    ho_xfree(st);
}

/* ---- transactions ---- */

static ho_rc flush_chunks(struct ho_store *st, struct ho_diag *diag);
static void drop_chunks(struct ho_store *st);

ho_rc
ho_store_begin(struct ho_store *st, struct ho_diag *diag)
{
    if (st->read_only)
        return ho_diag_set(diag, HO_EINVAL, "the database was opened read-only");
    ho_rc rc = st->ops->begin(st->b, diag);
    st->in_tx = rc == HO_OK;
    st->jdict_synced = false;
    st->id_shape_known = false; /* another writer may have grown the id set */
    return rc;
}

ho_rc
ho_store_commit(struct ho_store *st, struct ho_diag *diag)
{
    ho_rc rc = flush_chunks(st, diag);
    if (rc == HO_OK)
        rc = st->ops->commit(st->b, diag);
    if (rc == HO_OK) {
        st->in_tx = st->cleared = false;
        ho_store_dict_end(&st->dict, true);
        drop_chunks(st); /* others may change the table from here on */
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
    ho_strtab_free(st->jdict);
    st->jdict = NULL;
    st->jdict_synced = false;
    drop_chunks(st);
    st->id_shape_known = false;
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
    /* eight bytes at a time, then murmur3's 64-bit finaliser: ids are
     * short texts, so most of the time goes to whole words */
    uint64_t h = UINT64_C(0x9e3779b97f4a7c15) ^ len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, id + i, 8);
        h = (h ^ w) * UINT64_C(0xc4ceb9fe1a85ec53);
        h ^= h >> 29;
    }
    uint64_t tail = 0;
    memcpy(&tail, id + i, len - i);
    h = (h ^ tail) * UINT64_C(0xc4ceb9fe1a85ec53);
    h ^= h >> 33;
    h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h *= UINT64_C(0xc4ceb9fe1a85ec53);
    h ^= h >> 33;
    return h & st->fp_mask;
}

/*
 * The fingerprint set: buckets by the fingerprint's top `bits` bits, each one
 * row holding its (fingerprint, owner row) records sorted, 12 bytes each
 * (the fingerprint, then the owner as 32 bits, little-endian).  One row per
 * bucket instead of one per event: a bulk import writes each bucket once,
 * and a lookup reads one row and searches it.  The number of buckets grows
 * with the set (meta 'id_bucket_bits', 'id_records'), doubling in place
 * when a bucket would hold more than twice ID_BUCKET_TARGET records on
 * average, so a bucket stays about a page whatever the size of the log.
 */
#define ID_RECORD        12
#define ID_BUCKET_TARGET 300
#define ID_BITS_MIN      6
#define ID_BITS_MAX      24

static int64_t
bucket_of(uint64_t fp, int bits)
{
    return bits ? (int64_t)(fp >> (64 - bits)) : 0;
}

/* The set's shape as stored: once per transaction (another writer may have
 * grown it), and once for a handle reading outside one. */
static ho_rc
load_id_shape(struct ho_store *st, struct ho_diag *diag)
{
    if (st->id_shape_known && (st->id_shape_tx || !st->in_tx))
        return HO_OK;
    int64_t bits = 0, records = 0;
    ho_rc rc = st->ops->meta_get(st->b, "id_bucket_bits", &bits, diag);
    if (rc == HO_OK)
        rc = st->ops->meta_get(st->b, "id_records", &records, diag);
    if (rc == HO_ENOTFOUND) {
        ho_diag_clear(diag);
        rc = HO_OK;
        bits = records = 0;
    }
    if (rc == HO_OK && (bits < 0 || bits > ID_BITS_MAX))
        rc = ho_diag_set(diag, HO_ESTORE, "the event ids have a damaged shape (%lld bits)",
                         (long long)bits);
    if (rc != HO_OK)
        return rc;
    st->id_bits = (int)bits;
    st->id_records = records;
    st->id_shape_known = true;
    st->id_shape_tx = st->in_tx;
    return HO_OK;
}

static uint64_t
record_fp(const uint8_t *r)
{
    return ho_le_get_u64(r);
}

static int64_t
record_owner(const uint8_t *r)
{
    return (int64_t)ho_le_get_u32(r + 8);
}

static void
put_record(struct ho_buf *out, uint64_t fp, int64_t owner)
{
    uint8_t r[ID_RECORD];
    ho_le_put_u64(r, fp);
    ho_le_put_u32(r + 8, (uint32_t)owner);
    ho_buf_add(out, r, sizeof(r));
}

/* Read a bucket into st->data (empty when it has none). */
static ho_rc
read_bucket(struct ho_store *st, int64_t bucket, struct ho_diag *diag)
{
    ho_buf_reset(&st->data);
    ho_rc rc = st->ops->id_bucket_get(st->b, bucket, &st->data, diag);
    if (rc == HO_ENOTFOUND)
        return HO_OK;
    if (rc == HO_OK && st->data.len % ID_RECORD)
        return ho_diag_set(diag, HO_ESTORE, "the event ids are damaged (bucket %lld)",
                           (long long)bucket);
    return rc;
}

ho_rc
ho_store_id_owners(struct ho_store *st, uint64_t fp, int64_t **owners, size_t *n,
                   struct ho_diag *diag)
{
    size_t cap = 0;
    *owners = NULL;
    *n = 0;
    ho_rc rc = load_id_shape(st, diag);
    if (rc == HO_OK && st->id_bits == 0)
        return HO_OK; /* nothing stored yet */
    if (rc == HO_OK)
        rc = read_bucket(st, bucket_of(fp, st->id_bits), diag);
    const uint8_t *d = (const uint8_t *)st->data.ptr;
    size_t count = rc == HO_OK ? st->data.len / ID_RECORD : 0, lo = 0, hi = count;
    while (lo < hi) { /* the first record with a fingerprint >= fp */
        size_t mid = lo + (hi - lo) / 2;
        if (record_fp(d + mid * ID_RECORD) < fp)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < count && record_fp(d + i * ID_RECORD) == fp; i++) {
        HO_GROW(*owners, cap, *n + 1);
        (*owners)[(*n)++] = record_owner(d + i * ID_RECORD);
    }
    return rc;
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

static size_t
group_slot(const struct owner_groups *g, uint64_t key)
{
    size_t i = (size_t)((key * UINT64_C(0x9e3779b97f4a7c15)) >> 20) & (g->slots - 1);
    while (g->keys[i] && g->keys[i] != key)
        i = (i + 1) & (g->slots - 1);
    return i;
}

/* Double the table (kept at most half full) and put the groups back. */
static void
grow_groups(struct owner_groups *g)
{
    uint64_t *old = g->keys;
    uint32_t *old_group = g->group;
    size_t old_slots = g->slots;
    g->slots = g->slots ? 2 * g->slots : 1024;
    g->keys = ho_xcalloc(g->slots, sizeof(*g->keys));
    g->group = ho_xmalloc(ho_size_mul(g->slots, sizeof(*g->group)));
    for (size_t i = 0; i < old_slots; i++) {
        if (old[i]) {
            size_t j = group_slot(g, old[i]);
            g->keys[j] = old[i];
            g->group[j] = old_group[i];
        }
    }
    ho_xfree(old);
    ho_xfree(old_group);
}

static uint32_t
group_of(struct owner_groups *g, struct ho_owner_key k, size_t *owner_cap)
{
    uint64_t key = ((uint64_t)k.kind << 32 | k.text) + 1;
    if (2 * (g->n_groups + 1) > g->slots)
        grow_groups(g);
    size_t i = group_slot(g, key);
    if (!g->keys[i]) {
        g->keys[i] = key;
        g->group[i] = (uint32_t)g->n_groups;
        HO_GROW(g->owner, *owner_cap, g->n_groups + 1);
        g->owner[g->n_groups++] = k;
    }
    return g->group[i];
}

/* Events [from, to) of log by owner (a table sized by owners, not events:
 * a bulk import has millions of events and a tenth as many owners). */
static void
group_events(struct owner_groups *g, const struct ho_eventlog *log, size_t from, size_t to)
{
    size_t n = to - from, owner_cap = 0;
    uint32_t group = ho_strtab_find(log->strings, "group", 5);
    uint32_t k_anon = ho_strtab_find(log->strings, "anonymous_id", 12);
    memset(g, 0, sizeof(*g));
    uint32_t *of = ho_xmalloc(ho_size_mul(n + 1, sizeof(*of)));
    for (size_t i = 0; i < n; i++)
        of[i] = group_of(g, owner_of(log, &log->events[from + i], group, k_anon), &owner_cap);
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
    ho_xfree(g->keys); /* the groups are numbered: the table is done */
    ho_xfree(g->group);
    g->keys = NULL;
    g->group = NULL;
}

/* Tell the dictionary which strings of the append may be shared (every
 * field but event ids and leads) and in which owner group each appears. */
static ho_rc
note_shared_strings(struct ho_store_dict *d, const struct ho_eventlog *log,
                    const struct owner_groups *g, struct ho_diag *diag)
{
    ho_rc rc = ho_store_dict_begin_append(d, log, diag);
    if (rc != HO_OK)
        return rc;
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
    return HO_OK;
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

/* The fingerprints of one bucket of an append, with the owner row of each. */
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
 * the end of its blob (no decode); *row_id is the row. */
static ho_rc
append_to_owner(struct ho_store *st, struct ho_eventlog *log, struct ho_owner_key k,
                const uint32_t *idx, size_t n, int64_t *row_id, struct ho_diag *diag)
{
    struct ho_owner_row row = { 0 };
    owner_text(log, k, &st->key);
    /* an empty log (a first import) has no row to look up */
    ho_rc rc = st->id_records
                   ? st->ops->owner_get(st->b, st->key.ptr, st->key.len, &row, &st->data, diag)
                   : HO_ENOTFOUND;
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
    *row_id = row.id;
    return link_accounts(st, log, idx, n, diag);
}

/* Merge the sorted pairs p[0..n) (all of one bucket) into that bucket's
 * records; a pair stored already, or twice in p, is kept once (*added
 * counts the new ones). */
static ho_rc
merge_bucket(struct ho_store *st, const struct id_pair *p, size_t n, struct ho_buf *out,
             int64_t *added, struct ho_diag *diag)
{
    int64_t bucket = bucket_of(p[0].fp, st->id_bits);
    ho_rc rc = read_bucket(st, bucket, diag);
    if (rc != HO_OK)
        return rc;
    const uint8_t *d = (const uint8_t *)st->data.ptr;
    size_t have = st->data.len / ID_RECORD, i = 0, j = 0;
    ho_buf_reset(out);
    while (i < have || j < n) {
        struct id_pair old = { 0, 0 };
        if (i < have)
            old = (struct id_pair){ record_fp(d + i * ID_RECORD), record_owner(d + i * ID_RECORD) };
        int c = i == have ? 1 : j == n ? -1 : cmp_id_pair(&old, &p[j]);
        const struct id_pair *next = c <= 0 ? &old : &p[j];
        if (next->owner > UINT32_MAX)
            return ho_diag_set(diag, HO_ELIMIT, "too many owners in the event log");
        put_record(out, next->fp, next->owner);
        *added += c > 0;
        i += c <= 0;
        j += c >= 0;
        while (j < n && cmp_id_pair(next, &p[j]) == 0)
            j++; /* the same pair twice in one append */
    }
    return st->ops->id_bucket_put(st->b, bucket, (const uint8_t *)out->ptr, out->len, diag);
}

static uint64_t
event_fp(const struct ho_store *st, const struct ho_eventlog *log, uint32_t event)
{
    uint32_t id = log->events[event].id;
    return ho_store_fingerprint(st, ho_strtab_str(log->strings, id),
                                ho_strtab_strlen(log->strings, id));
}

/* Split every bucket in two (one more bit), in place: from the last bucket
 * down, so rows 2b and 2b + 1 are written after their old contents moved. */
static ho_rc
double_buckets(struct ho_store *st, struct ho_diag *diag)
{
    int bits = st->id_bits;
    struct ho_buf low = HO_BUF_INIT, high = HO_BUF_INIT;
    ho_rc rc = HO_OK;
    for (int64_t b = ((int64_t)1 << bits) - 1; b >= 0 && rc == HO_OK; b--) {
        rc = read_bucket(st, b, diag);
        ho_buf_reset(&low);
        ho_buf_reset(&high);
        const uint8_t *d = (const uint8_t *)st->data.ptr;
        for (size_t i = 0; rc == HO_OK && i < st->data.len / ID_RECORD; i++) {
            bool upper = (record_fp(d + i * ID_RECORD) >> (63 - bits)) & 1;
            ho_buf_add(upper ? &high : &low, d + i * ID_RECORD, ID_RECORD);
        }
        if (rc == HO_OK)
            rc = st->ops->id_bucket_put(st->b, 2 * b, (const uint8_t *)low.ptr, low.len, diag);
        if (rc == HO_OK)
            rc =
                st->ops->id_bucket_put(st->b, 2 * b + 1, (const uint8_t *)high.ptr, high.len, diag);
    }
    ho_buf_release(&low);
    ho_buf_release(&high);
    if (rc == HO_OK)
        st->id_bits = bits + 1;
    return rc;
}

/* Before adding up to n records: choose the first shape, or double the
 * buckets while they would average over twice the target. */
static ho_rc
shape_for(struct ho_store *st, size_t n, struct ho_diag *diag)
{
    ho_rc rc = load_id_shape(st, diag);
    int64_t total = st->id_records + (int64_t)n;
    if (rc == HO_OK && st->id_bits == 0) {
        st->id_bits = ID_BITS_MIN;
        while (st->id_bits < ID_BITS_MAX && total > ((int64_t)ID_BUCKET_TARGET << st->id_bits))
            st->id_bits++;
        return HO_OK;
    }
    while (rc == HO_OK && st->id_bits < ID_BITS_MAX &&
           total > ((int64_t)2 * ID_BUCKET_TARGET << st->id_bits))
        rc = double_buckets(st, diag);
    return rc;
}

/*
 * Record the fingerprint of every event of the append with its owner row
 * (row_of, by group), bucket by bucket: a counting pass orders the events
 * by bucket (a few bytes an event, not a sorted copy of every pair), then
 * each bucket's pairs are sorted and merged into its row.
 */
static ho_rc
put_ids(struct ho_store *st, const struct ho_eventlog *log, const struct owner_groups *g,
        const int64_t *row_of, struct ho_diag *diag)
{
    size_t n = g->start[g->n_groups];
    ho_rc rc = shape_for(st, n, diag);
    if (rc != HO_OK)
        return rc;
    size_t buckets = (size_t)1 << st->id_bits;
    uint32_t *bucket = ho_xmalloc(ho_size_mul(n + 1, sizeof(*bucket)));
    uint32_t *group_at = ho_xmalloc(ho_size_mul(n + 1, sizeof(*group_at)));
    size_t *start = ho_xcalloc(buckets + 1, sizeof(*start));
    for (size_t k = 0; k < g->n_groups; k++) {
        for (size_t p = g->start[k]; p < g->start[k + 1]; p++) {
            bucket[p] = (uint32_t)bucket_of(event_fp(st, log, g->list[p]), st->id_bits);
            group_at[p] = (uint32_t)k;
            start[bucket[p] + 1]++;
        }
    }
    for (size_t b = 0; b < buckets; b++)
        start[b + 1] += start[b];
    uint32_t *order = ho_xmalloc(ho_size_mul(n + 1, sizeof(*order)));
    for (size_t p = 0; p < n; p++)
        order[start[bucket[p]]++] = (uint32_t)p; /* start[b] ends at bucket b + 1's start */
    ho_xfree(bucket);
    struct id_pairs pairs = { 0 };
    struct ho_buf out = HO_BUF_INIT;
    int64_t added = 0;
    for (size_t b = 0, at = 0; b < buckets && rc == HO_OK; at = start[b++]) {
        pairs.n = 0;
        HO_GROW(pairs.p, pairs.cap, start[b] - at + 1);
        for (size_t q = at; q < start[b]; q++)
            pairs.p[pairs.n++] = (struct id_pair){ event_fp(st, log, g->list[order[q]]),
                                                   row_of[group_at[order[q]]] };
        if (pairs.n > 1)
            qsort(pairs.p, pairs.n, sizeof(*pairs.p), cmp_id_pair);
        if (pairs.n)
            rc = merge_bucket(st, pairs.p, pairs.n, &out, &added, diag);
    }
    st->id_records += added;
    if (rc == HO_OK)
        rc = st->ops->meta_set(st->b, "id_bucket_bits", st->id_bits, diag);
    if (rc == HO_OK)
        rc = st->ops->meta_set(st->b, "id_records", st->id_records, diag);
    ho_buf_release(&out);
    ho_xfree(pairs.p);
    ho_xfree(order);
    ho_xfree(start);
    ho_xfree(group_at);
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
    ho_rc rc = load_id_shape(st, diag); /* id_records: whether any event is stored */
    if (rc != HO_OK)
        return rc;
    struct owner_groups g;
    group_events(&g, log, from, to);
    int64_t *row_of = ho_xcalloc(g.n_groups + 1, sizeof(*row_of));
    rc = note_shared_strings(&st->dict, log, &g, diag);
    for (size_t k = 0; k < g.n_groups && rc == HO_OK; k++)
        rc = append_to_owner(st, log, g.owner[k], g.list + g.start[k], g.start[k + 1] - g.start[k],
                             &row_of[k], diag);
    if (rc == HO_OK)
        rc = put_ids(st, log, &g, row_of, diag);
    ho_xfree(row_of);
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

static void drop_dict(struct ho_store *st);

ho_rc
ho_store_clear_state(struct ho_store *st, struct ho_diag *diag)
{
    ho_rc rc = st->ops->clear_state(st->b, diag);
    if (rc == HO_OK)
        st->cleared = st->in_tx;
    drop_dict(st); /* emptied too */
    drop_chunks(st);
    st->chunks_complete = rc == HO_OK && st->in_tx;
    return rc;
}

void
ho_store_end_bulk(struct ho_store *st)
{
    st->cleared = false;
}

/* ---- the compact journey table (store/pack.h) ---- */

static void
drop_dict(struct ho_store *st)
{
    ho_strtab_free(st->jdict);
    st->jdict = NULL;
    st->jdict_synced = false;
}

static ho_rc
dict_add(void *ctx, uint32_t id, const char *text, size_t len, struct ho_diag *diag)
{
    struct ho_store *st = ctx;
    if (len == 0 || ho_strtab_intern(st->jdict, text, len) != id)
        return ho_diag_set(diag, HO_ESTORE, "the journey dictionary is damaged (id %u)", id);
    return HO_OK;
}

/* Catch st->jdict up with the stored dictionary (others may have added to
 * it since): once per transaction, at every put outside one. */
static ho_rc
dict_sync(struct ho_store *st, struct ho_diag *diag)
{
    if (st->jdict_synced && st->in_tx)
        return HO_OK;
    int64_t gen = 0;
    ho_rc rc = st->ops->meta_get(st->b, "journey_dict", &gen, NULL);
    if (rc != HO_OK && rc != HO_ENOTFOUND)
        return ho_diag_set(diag, rc, "cannot read the journey dictionary's generation");
    if (st->jdict && gen != st->jdict_gen) /* emptied by a rebuild since */
        drop_dict(st);
    st->jdict_gen = gen;
    if (!st->jdict)
        st->jdict = ho_strtab_new();
    rc = st->ops->jdict_scan(st->b, ho_strtab_count(st->jdict) - 1, dict_add, st, diag);
    if (rc != HO_OK) {
        drop_dict(st);
        return rc;
    }
    st->jdict_synced = true;
    return HO_OK;
}

/* The dictionary id of text (NULL or "": 0), adding it when new. */
static ho_rc
dict_id(struct ho_store *st, const char *text, uint32_t *out, struct ho_diag *diag)
{
    *out = 0;
    if (!text || !*text)
        return HO_OK;
    size_t len = strlen(text);
    uint32_t id = ho_strtab_find(st->jdict, text, len);
    if (id) {
        *out = id;
        return HO_OK;
    }
    id = ho_strtab_intern(st->jdict, text, len);
    ho_rc rc = st->ops->jdict_put(st->b, id, text, len, diag);
    if (rc != HO_OK) {
        drop_dict(st);
        return rc;
    }
    *out = id;
    return HO_OK;
}

/* l's blob into st->pack. */
static ho_rc
encode_pack(struct ho_store *st, const struct ho_lead_record *l, struct ho_diag *diag)
{
    struct ho_pack_lead h = { .stage = HO_STAGE_LEAD, .n_journeys = (uint32_t)l->n_journeys };
    if (l->stage)
        (void)ho_stage_parse(l->stage, &h.stage); /* unknown: lead, as the SQL rows read */
    h.account = l->account ? l->account : "";
    h.account_len = strlen(h.account);
    if (h.account_len > UINT32_MAX)
        return ho_diag_set(diag, HO_EINVAL, "lead '%s': account too long", l->lead);
    ho_rc rc = dict_id(st, l->channel, &h.channel, diag);
    if (rc == HO_OK)
        rc = dict_id(st, l->campaign, &h.campaign, diag);
    if (rc == HO_OK)
        rc = dict_id(st, l->heard_about, &h.heard_about, diag);
    if (rc == HO_OK)
        rc = dict_id(st, l->employees, &h.employees, diag);
    ho_buf_reset(&st->pack);
    ho_pack_encode_header(&st->pack, &h);
    for (size_t i = 0; i < l->n_journeys && rc == HO_OK; i++) {
        const struct ho_journey_record *jr = &l->journeys[i];
        struct ho_journey j = *jr->j;
        rc = dict_id(st, jr->reason, &j.reason, diag);
        if (rc == HO_OK)
            rc = dict_id(st, jr->rep, &j.rep, diag);
        if (rc == HO_OK)
            rc = dict_id(st, jr->pool, &j.pool, diag);
        ho_pack_encode_journey(&st->pack, &j);
    }
    ho_pack_encode_account(&st->pack, &h);
    return rc;
}

/* The chunks: leads in key ranges, each chunk holding the blobs of the
 * leads from its key (its first lead; "" for the first chunk) to the next
 * chunk's, so a scan reads a few hundred rows in lead order and a commit
 * rewrites only the chunks of the leads it put. */
#define CHUNK_LEADS 256 /* a chunk above this many leads is split in two */

struct pack_entry {
    char *mem; /* owned: the lead, NUL, the blob */
    size_t lead_len, blob_len;
};

struct pack_chunk {
    char *key; /* owned, NUL-terminated */
    size_t key_len;
    struct pack_entry *e; /* sorted by lead */
    size_t n, cap;
    bool dirty;
};

static int
text_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t n = alen < blen ? alen : blen;
    int c = n ? memcmp(a, b, n) : 0; /* a key "" may come as NULL */
    if (c)
        return c;
    return alen < blen ? -1 : alen > blen;
}

static struct pack_chunk *
chunk_new(const char *key, size_t len)
{
    struct pack_chunk *c = ho_xcalloc(1, sizeof(*c));
    c->key = ho_xmalloc(len + 1);
    if (len)
        memcpy(c->key, key, len);
    c->key[len] = '\0';
    c->key_len = len;
    return c;
}

static void
chunk_free(struct pack_chunk *c)
{
    for (size_t i = 0; i < c->n; i++)
        ho_xfree(c->e[i].mem);
    ho_xfree(c->e);
    ho_xfree(c->key);
    ho_xfree(c);
}

static void
drop_chunks(struct ho_store *st)
{
    for (size_t i = 0; i < st->n_chunks; i++)
        chunk_free(st->chunks[i]);
    ho_xfree(st->chunks);
    st->chunks = NULL;
    st->n_chunks = st->cap_chunks = 0;
    st->chunks_complete = false;
}

static struct pack_entry
entry_new(const char *lead, size_t lead_len, const uint8_t *blob, size_t blob_len)
{
    struct pack_entry e = { ho_xmalloc(ho_size_add(lead_len + 1, blob_len)), lead_len, blob_len };
    memcpy(e.mem, lead, lead_len);
    e.mem[lead_len] = '\0';
    if (blob_len)
        memcpy(e.mem + lead_len + 1, blob, blob_len);
    return e;
}

/* How many entries of c sort at or before lead (*hit: one equals it). */
static size_t
entry_rank(const struct pack_chunk *c, const char *lead, size_t len, bool *hit)
{
    size_t lo = 0, hi = c->n;
    *hit = false;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = text_cmp(c->e[mid].mem, c->e[mid].lead_len, lead, len);
        if (cmp == 0) {
            *hit = true;
            return mid + 1;
        }
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void
chunk_insert(struct pack_chunk *c, size_t at, struct pack_entry e)
{
    HO_GROW(c->e, c->cap, c->n + 1);
    memmove(c->e + at + 1, c->e + at, (c->n - at) * sizeof(*c->e));
    c->e[at] = e;
    c->n++;
}

static ho_rc
chunk_decode(struct pack_chunk *c, const uint8_t *data, size_t len, struct ho_diag *diag)
{
    struct ho_pack_iter it;
    const char *lead;
    const uint8_t *blob;
    size_t lead_len, blob_len;
    int more = ho_pack_iter_init(&it, data, len) ? 1 : -1;
    while (more > 0 && (more = ho_pack_iter_next(&it, &lead, &lead_len, &blob, &blob_len)) > 0)
        chunk_insert(c, c->n, entry_new(lead, lead_len, blob, blob_len));
    if (more < 0)
        return ho_diag_set(diag, HO_ESTORE, "the journey pack chunk '%s' is damaged", c->key);
    return HO_OK;
}

/* How many cached chunks have a key at or before lead. */
static size_t
chunk_rank(const struct ho_store *st, const char *lead, size_t len)
{
    size_t lo = 0, hi = st->n_chunks;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (text_cmp(st->chunks[mid]->key, st->chunks[mid]->key_len, lead, len) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void
cache_insert(struct ho_store *st, size_t at, struct pack_chunk *c)
{
    HO_GROW(st->chunks, st->cap_chunks, st->n_chunks + 1);
    memmove(st->chunks + at + 1, st->chunks + at, (st->n_chunks - at) * sizeof(*st->chunks));
    st->chunks[at] = c;
    st->n_chunks++;
}

/* The chunk lead belongs to (the greatest key at or before it, cached or
 * stored), cached (read from the table when it is not yet); *at is its
 * index in the cache. */
static ho_rc
chunk_of(struct ho_store *st, const char *lead, size_t len, size_t *at, struct ho_diag *diag)
{
    size_t rank = chunk_rank(st, lead, len);
    const struct pack_chunk *cached = rank ? st->chunks[rank - 1] : NULL;
    if (!st->chunks_complete) {
        ho_rc rc = st->ops->pack_get(st->b, lead, &st->pack_key, NULL, diag);
        if (rc != HO_OK && rc != HO_ENOTFOUND)
            return rc;
        if (rc == HO_OK && (!cached || text_cmp(st->pack_key.ptr, st->pack_key.len, cached->key,
                                                cached->key_len) > 0)) {
            rc = st->ops->pack_get(st->b, lead, &st->pack_key, &st->pack_chunk, diag);
            if (rc != HO_OK)
                return rc == HO_ENOTFOUND ? ho_diag_set(diag, HO_ESTORE,
                                                        "a journey pack chunk "
                                                        "vanished")
                                          : rc;
            struct pack_chunk *c = chunk_new(st->pack_key.ptr, st->pack_key.len);
            rc = chunk_decode(c, (const uint8_t *)st->pack_chunk.ptr, st->pack_chunk.len, diag);
            if (rc != HO_OK) {
                chunk_free(c);
                return rc;
            }
            cache_insert(st, rank, c);
            *at = rank;
            return HO_OK;
        }
    }
    if (!cached) { /* no chunk yet: the first, which every lead sorts after */
        struct pack_chunk *c = chunk_new("", 0);
        c->dirty = true;
        cache_insert(st, 0, c);
        *at = 0;
        return HO_OK;
    }
    *at = rank - 1;
    return HO_OK;
}

/* Put lead's blob (blob_len 0: none) into chunk `at`, splitting it when
 * it grows too big. */
static void
chunk_put(struct ho_store *st, size_t at, const char *lead, size_t len, const uint8_t *blob,
          size_t blob_len)
{
    struct pack_chunk *c = st->chunks[at];
    bool hit;
    size_t rank = entry_rank(c, lead, len, &hit);
    if (hit) {
        ho_xfree(c->e[rank - 1].mem);
        if (blob_len) {
            c->e[rank - 1] = entry_new(lead, len, blob, blob_len);
        } else {
            memmove(c->e + rank - 1, c->e + rank, (c->n - rank) * sizeof(*c->e));
            c->n--;
        }
        c->dirty = true;
    } else if (blob_len) {
        chunk_insert(c, rank, entry_new(lead, len, blob, blob_len));
        c->dirty = true;
    }
    if (c->n <= CHUNK_LEADS)
        return;
    size_t half = c->n / 2;
    struct pack_chunk *upper = chunk_new(c->e[half].mem, c->e[half].lead_len);
    HO_GROW(upper->e, upper->cap, c->n - half);
    memcpy(upper->e, c->e + half, (c->n - half) * sizeof(*c->e));
    upper->n = c->n - half;
    upper->dirty = true;
    c->n = half;
    cache_insert(st, at + 1, upper);
}

/* Write every changed chunk. */
static ho_rc
flush_chunks(struct ho_store *st, struct ho_diag *diag)
{
    ho_rc rc = HO_OK;
    for (size_t i = 0; i < st->n_chunks && rc == HO_OK; i++) {
        struct pack_chunk *c = st->chunks[i];
        if (!c->dirty)
            continue;
        ho_buf_reset(&st->pack_chunk);
        ho_pack_chunk_start(&st->pack_chunk, (uint32_t)c->n);
        for (size_t k = 0; k < c->n; k++)
            ho_pack_chunk_add(&st->pack_chunk, c->e[k].mem, c->e[k].lead_len,
                              (const uint8_t *)c->e[k].mem + c->e[k].lead_len + 1,
                              c->e[k].blob_len);
        rc = st->ops->pack_put(st->b, c->key, (const uint8_t *)st->pack_chunk.ptr,
                               st->pack_chunk.len, diag);
        c->dirty = rc != HO_OK;
    }
    return rc;
}

static ho_rc
put_pack(struct ho_store *st, const struct ho_lead_record *l, struct ho_diag *diag)
{
    if (l->n_journeys == 0 && st->cleared) /* no blob, and no old one */
        return HO_OK;
    if (l->n_journeys > UINT32_MAX)
        return ho_diag_set(diag, HO_EINVAL, "lead '%s': too many journeys", l->lead);
    size_t len = strlen(l->lead);
    if (len > UINT32_MAX / 2)
        return ho_diag_set(diag, HO_EINVAL, "lead id too long");
    ho_rc rc = HO_OK;
    ho_buf_reset(&st->pack);
    if (l->n_journeys) {
        rc = dict_sync(st, diag);
        if (rc == HO_OK)
            rc = encode_pack(st, l, diag);
    }
    size_t at = 0;
    if (rc == HO_OK)
        rc = chunk_of(st, l->lead, len, &at, diag);
    if (rc == HO_OK)
        chunk_put(st, at, l->lead, len, (const uint8_t *)st->pack.ptr, st->pack.len);
    if (rc == HO_OK && !st->in_tx) { /* each statement commits on its own */
        rc = flush_chunks(st, diag);
        drop_chunks(st);
    }
    return rc;
}

ho_rc
ho_store_put_lead(struct ho_store *st, const struct ho_lead_record *l, struct ho_diag *diag)
{
    ho_rc rc = st->ops->put_lead(st->b, l, !st->cleared, diag);
    if (rc == HO_OK)
        rc = put_pack(st, l, diag);
    return rc;
}

/* A read of the pack: the stored dictionary's texts, each interned into
 * the caller's table the first time a row uses it, so that texts are
 * interned in the same order as reading the SQL rows would. */
struct pack_read {
    struct ho_store *st;
    struct ho_strtab *strings;
    struct ho_buf texts; /* the dictionary's texts, NUL-separated */
    struct dict_slot {
        size_t off, len;
        uint32_t id; /* in strings; UINT32_MAX: not interned yet */
        bool present;
    } * slots; /* by dictionary id */
    size_t n_slots, cap_slots;
    struct ho_journey_row *rows;
    size_t n, cap;
    ho_store_brief_fn brief; /* scan_journeys */
    void *brief_ctx;
    struct ho_buf lead; /* scan_journeys: the lead, NUL-terminated */
};

static ho_rc
read_dict_entry(void *ctx, uint32_t id, const char *text, size_t len, struct ho_diag *diag)
{
    (void)diag;
    struct pack_read *r = ctx;
    if (id >= r->n_slots) {
        HO_GROW(r->slots, r->cap_slots, (size_t)id + 1);
        memset(r->slots + r->n_slots, 0, ((size_t)id + 1 - r->n_slots) * sizeof(*r->slots));
        r->n_slots = (size_t)id + 1;
    }
    r->slots[id] = (struct dict_slot){ r->texts.len, len, UINT32_MAX, true };
    ho_buf_add(&r->texts, text, len);
    ho_buf_addc(&r->texts, '\0');
    return HO_OK;
}

/* The caller's id of dictionary id `id` (0: none). */
static ho_rc
map_text(struct pack_read *r, uint32_t id, uint32_t *out, struct ho_diag *diag)
{
    if (id == 0) {
        *out = 0;
        return HO_OK;
    }
    if (id >= r->n_slots || !r->slots[id].present) { /* added since the dictionary was read */
        ho_rc rc = r->st->ops->jdict_scan(r->st->b, r->n_slots ? (uint32_t)r->n_slots - 1 : 0,
                                          read_dict_entry, r, diag);
        if (rc != HO_OK)
            return rc;
        if (id >= r->n_slots || !r->slots[id].present)
            return ho_diag_set(diag, HO_ESTORE,
                               "the journey pack names dictionary id %u, which "
                               "is not stored",
                               id);
    }
    struct dict_slot *d = &r->slots[id];
    if (d->id == UINT32_MAX)
        d->id = ho_strtab_intern(r->strings, r->texts.ptr + d->off, d->len);
    *out = d->id;
    return HO_OK;
}

static ho_rc
damaged_pack(const char *lead, size_t len, struct ho_diag *diag)
{
    return ho_diag_set(diag, HO_ESTORE, "the journey pack of lead '%.*s' is damaged",
                       len > 200 ? 200 : (int)len, lead);
}

/* fn for every lead of a chunk. */
static ho_rc
each_lead(const char *key, const uint8_t *data, size_t data_len,
          ho_rc (*fn)(struct pack_read *r, const char *lead, size_t len, const uint8_t *blob,
                      size_t blob_len, struct ho_diag *diag),
          struct pack_read *r, struct ho_diag *diag)
{
    struct ho_pack_iter it;
    const char *lead;
    const uint8_t *blob;
    size_t lead_len, blob_len;
    int more = ho_pack_iter_init(&it, data, data_len) ? 1 : -1;
    ho_rc rc = HO_OK;
    while (rc == HO_OK && more > 0 &&
           (more = ho_pack_iter_next(&it, &lead, &lead_len, &blob, &blob_len)) > 0)
        rc = fn(r, lead, lead_len, blob, blob_len, diag);
    if (rc == HO_OK && more < 0)
        rc = ho_diag_set(diag, HO_ESTORE, "the journey pack chunk '%s' is damaged", key);
    return rc;
}

static ho_rc
read_pack_rows(struct pack_read *r, const char *lead, size_t len, const uint8_t *data,
               size_t data_len, struct ho_diag *diag)
{
    struct ho_pack_lead h;
    if (!ho_pack_decode_header(data, data_len, &h))
        return damaged_pack(lead, len, diag);
    uint32_t lead_id = ho_strtab_intern(r->strings, lead, len), account_id = 0;
    HO_GROW(r->rows, r->cap, r->n + h.n_journeys);
    ho_rc rc = HO_OK;
    for (uint32_t i = 0; i < h.n_journeys && rc == HO_OK; i++) {
        struct ho_journey_row *row = &r->rows[r->n];
        memset(row, 0, sizeof(*row));
        if (!ho_pack_decode_journey(data, i, &row->j))
            return damaged_pack(lead, len, diag);
        row->lead = lead_id;
        /* the order the SQL columns are interned in */
        rc = map_text(r, h.channel, &row->channel, diag);
        if (rc == HO_OK)
            rc = map_text(r, row->j.reason, &row->j.reason, diag);
        if (rc == HO_OK)
            rc = map_text(r, row->j.rep, &row->j.rep, diag);
        if (rc == HO_OK)
            rc = map_text(r, row->j.pool, &row->j.pool, diag);
        if (rc == HO_OK)
            rc = map_text(r, h.campaign, &row->campaign, diag);
        if (rc == HO_OK && i == 0) /* interned when the first row needs it */
            account_id = ho_strtab_intern(r->strings, h.account, h.account_len);
        row->account = account_id;
        if (rc == HO_OK)
            rc = map_text(r, h.heard_about, &row->heard_about, diag);
        if (rc == HO_OK)
            rc = map_text(r, h.employees, &row->employees, diag);
        r->n++;
    }
    return rc;
}

/* Ask for huge pages under a large buffer about to be filled: one page
 * fault per 2 MiB instead of per 4 KiB (a few ms on a million journeys).
 * Only a hint; nothing changes where the system has none. */
static void
huge_pages(void *p, size_t len)
{
#ifdef MADV_HUGEPAGE
    uintptr_t page = 4096, at = (uintptr_t)p;
    uintptr_t from = (at + page - 1) & ~(page - 1), to = (at + len) & ~(page - 1);
    if (len >= ((size_t)4 << 20) && to > from) /* offsets from p: no integer-to-pointer cast */
        (void)madvise((char *)p + (from - at), to - from, MADV_HUGEPAGE);
#else
    (void)p;
    (void)len;
#endif
}

/* Start loading the string-table slots of every lead and account of a
 * chunk: the interns that follow then mostly hit the cache. */
static void
prefetch_chunk(struct pack_read *r, const uint8_t *data, size_t data_len)
{
    struct ho_pack_iter it;
    const char *lead;
    const uint8_t *blob;
    size_t lead_len, blob_len;
    struct ho_pack_lead h;
    if (!ho_pack_iter_init(&it, data, data_len))
        return;
    while (ho_pack_iter_next(&it, &lead, &lead_len, &blob, &blob_len) > 0) {
        ho_strtab_prefetch(r->strings, lead, lead_len);
        if (ho_pack_decode_header(blob, blob_len, &h))
            ho_strtab_prefetch(r->strings, h.account, h.account_len);
    }
}

static ho_rc
read_chunk_rows(void *ctx, const char *key, size_t len, const uint8_t *data, size_t data_len,
                struct ho_diag *diag)
{
    (void)len;
    prefetch_chunk(ctx, data, data_len);
    return each_lead(key, data, data_len, read_pack_rows, ctx, diag);
}

static void
pack_read_release(struct pack_read *r)
{
    ho_buf_release(&r->texts);
    ho_buf_release(&r->lead);
    ho_xfree(r->slots);
    ho_xfree(r->rows);
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
    struct pack_read r = { .st = st, .strings = strings };
    ho_buf_init(&r.texts);
    ho_buf_init(&r.lead);
    size_t blobs = 0, bytes = 0;
    ho_rc rc = flush_chunks(st, diag); /* this transaction's puts first */
    if (rc == HO_OK)
        rc = st->ops->pack_size(st->b, &blobs, &bytes, diag);
    if (rc == HO_OK && blobs) {
        /* at most this many journeys and leads (a lead's blob holds at
         * least one journey): the rows allocated once, and a string table
         * that does not rehash (a lead and an account per lead) */
        size_t min_lead = HO_PACK_HEADER + HO_PACK_JOURNEY + 8;
        r.cap = bytes / HO_PACK_JOURNEY + 1;
        r.rows = ho_xmalloc(ho_size_mul(r.cap, sizeof(*r.rows)));
        huge_pages(r.rows, r.cap * sizeof(*r.rows));
        ho_strtab_reserve(strings, ho_size_mul(bytes / min_lead + 1, 2));
    }
    if (rc == HO_OK)
        rc = st->ops->jdict_scan(st->b, 0, read_dict_entry, &r, diag);
    if (rc == HO_OK)
        rc = st->ops->pack_scan(st->b, read_chunk_rows, &r, diag);
    if (rc == HO_OK) {
        *rows = r.rows;
        *n = r.n;
        r.rows = NULL;
    }
    pack_read_release(&r);
    if (rc == HO_ENOTFOUND) /* no complete pack: the SQL rows */
        return st->ops->load_journeys(st->b, strings, rows, n, diag);
    return rc;
}

static ho_rc
scan_pack_rows(struct pack_read *r, const char *lead, size_t len, const uint8_t *data,
               size_t data_len, struct ho_diag *diag)
{
    struct ho_pack_lead h;
    if (!ho_pack_decode_header(data, data_len, &h))
        return damaged_pack(lead, len, diag);
    ho_buf_reset(&r->lead);
    ho_buf_add(&r->lead, lead, len);
    for (uint32_t i = 0; i < h.n_journeys; i++) {
        struct ho_journey j;
        if (!ho_pack_decode_journey(data, i, &j))
            return damaged_pack(lead, len, diag);
        struct ho_journey_brief b = {
            .lead = ho_buf_cstr(&r->lead),
            .lead_stage = h.stage,
            .last = j.last,
            .closed = j.closed,
            .at_mql = j.entered[HO_STAGE_MQL],
            .first_contact_at = j.first_contact_at,
            .contact_made_at = j.contact_made_at,
        };
        r->brief(r->brief_ctx, &b);
    }
    return HO_OK;
}

static ho_rc
scan_chunk_rows(void *ctx, const char *key, size_t len, const uint8_t *data, size_t data_len,
                struct ho_diag *diag)
{
    (void)len;
    return each_lead(key, data, data_len, scan_pack_rows, ctx, diag);
}

ho_rc
ho_store_scan_journeys(struct ho_store *st, ho_store_brief_fn fn, void *ctx, struct ho_diag *diag)
{
    struct pack_read r = { .st = st, .brief = fn, .brief_ctx = ctx };
    ho_buf_init(&r.lead);
    ho_rc rc = flush_chunks(st, diag);
    if (rc == HO_OK)
        rc = st->ops->pack_scan(st->b, scan_chunk_rows, &r, diag);
    ho_buf_release(&r.lead);
    if (rc == HO_ENOTFOUND)
        return st->ops->scan_journeys(st->b, fn, ctx, diag);
    return rc;
}

ho_rc
ho_store_put_visitor(struct ho_store *st, const char *anon, int64_t ts, const char *lead,
                     const char *event_id, struct ho_diag *diag)
{
    return st->ops->put_visitor(st->b, anon, ts, lead, event_id, diag);
}

ho_rc
ho_store_load_routing(struct ho_store *st, struct ho_strtab *strings, bool held,
                      struct ho_journey_row **rows, size_t *n, struct ho_diag *diag)
{
    return st->ops->load_routing(st->b, strings, held, rows, n, diag);
}

ho_rc
ho_store_scan_open_mql(struct ho_store *st, int64_t mql_before, ho_store_brief_fn fn, void *ctx,
                       struct ho_diag *diag)
{
    return st->ops->scan_open_mql(st->b, mql_before, fn, ctx, diag);
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

/* ---- filling the pack from the SQL rows ---- */

/* One lead's SQL rows as the record put_pack() writes. */
static ho_rc
fill_lead(struct ho_store *st, const struct ho_strtab *s, const struct ho_journey_row *rows,
          size_t n, const char *stage, struct ho_journey_record **jr, size_t *cap,
          struct ho_diag *diag)
{
    HO_GROW(*jr, *cap, n);
    for (size_t i = 0; i < n; i++)
        (*jr)[i] = (struct ho_journey_record){
            .j = &rows[i].j,
            .reason = ho_strtab_str(s, rows[i].j.reason),
            .rep = ho_strtab_str(s, rows[i].j.rep),
            .pool = ho_strtab_str(s, rows[i].j.pool),
        };
    struct ho_lead_record l = {
        .lead = ho_strtab_str(s, rows[0].lead),
        .account = ho_strtab_str(s, rows[0].account),
        .channel = ho_strtab_str(s, rows[0].channel),
        .stage = stage,
        .campaign = ho_strtab_str(s, rows[0].campaign),
        .heard_about = ho_strtab_str(s, rows[0].heard_about),
        .employees = ho_strtab_str(s, rows[0].employees),
        .journeys = *jr,
        .n_journeys = n,
    };
    return put_pack(st, &l, diag);
}

static ho_rc
fill_from_rows(struct ho_store *st, struct ho_diag *diag)
{
    struct ho_strtab *s = ho_strtab_new();
    struct ho_journey_row *rows = NULL;
    struct ho_lead_row *leads = NULL;
    struct ho_journey_record *jr = NULL;
    size_t n = 0, n_leads = 0, cap = 0;
    ho_rc rc = st->ops->load_journeys(st->b, s, &rows, &n, diag);
    if (rc == HO_OK)
        rc = st->ops->load_leads(st->b, s, &leads, &n_leads, diag);
    if (rc == HO_OK)
        rc = st->ops->pack_reset(st->b, diag);
    st->chunks_complete = rc == HO_OK;
    /* both in lead order: the lead's stage is found walking along */
    size_t k = 0;
    for (size_t i = 0; i < n && rc == HO_OK;) {
        size_t end = i + 1;
        while (end < n && rows[end].lead == rows[i].lead)
            end++;
        const char *lead = ho_strtab_str(s, rows[i].lead);
        while (k < n_leads && strcmp(ho_strtab_str(s, leads[k].lead), lead) < 0)
            k++;
        enum ho_stage stage = HO_STAGE_LEAD;
        if (k < n_leads && leads[k].lead == rows[i].lead)
            stage = (enum ho_stage)leads[k].stage;
        rc = fill_lead(st, s, rows + i, end - i, ho_stage_name(stage), &jr, &cap, diag);
        i = end;
    }
    ho_xfree(jr);
    ho_xfree(leads);
    ho_xfree(rows);
    ho_strtab_free(s);
    return rc;
}

ho_rc
ho_store_fill_pack(struct ho_store *st, struct ho_diag *diag)
{
    int64_t complete = 0;
    ho_rc rc = st->ops->meta_get(st->b, "journey_pack", &complete, NULL);
    if (rc == HO_OK && complete == 1)
        return HO_OK;
    rc = ho_store_begin(st, diag);
    if (rc != HO_OK)
        return rc;
    complete = 0; /* again, under the write lock: another process may have */
    if (st->ops->meta_get(st->b, "journey_pack", &complete, NULL) != HO_OK || complete != 1)
        rc = fill_from_rows(st, diag);
    if (rc == HO_OK)
        rc = ho_store_commit(st, diag);
    if (rc != HO_OK)
        ho_store_rollback(st);
    return rc;
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

/* ---- idempotency keys ---- */

ho_rc
ho_store_get_idempotency(struct ho_store *st, const char *key, struct ho_idem_row *out,
                         struct ho_diag *diag)
{
    return st->ops->get_idempotency(st->b, key, out, diag);
}

ho_rc
ho_store_put_idempotency(struct ho_store *st, const char *key, const struct ho_idem_row *row,
                         int64_t now, struct ho_diag *diag)
{
    return st->ops->put_idempotency(st->b, key, row, now, diag);
}
