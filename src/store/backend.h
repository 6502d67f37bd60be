/* SPDX-License-Identifier: MIT */
/*
 * store/backend.h - the interface a storage backend implements: struct
 * ho_store_ops, a table of functions over the backend's own handle (SQLite's
 * VFS and curl's vtls are the models).  store/store.c holds what every
 * backend shares (the transaction flag, the event-log cursor and the
 * conflict check, the batch encoding, "do not delete what was just
 * cleared") and dispatches each ho_store_* call to the ops; a backend only
 * moves rows.  Business rules stay in core: a backend hands rows over and
 * decides nothing (e.g. MQL aging reads ho_store_scan_open_mql() and asks
 * ho_journey_untouched_mql()).
 *
 * The SQLite backend is store/sqlite.c.  A test backend (tests/support/
 * store_faults.c) wraps another backend's ops to fail calls on purpose; the
 * conformance suite (tests/unit/store/test_store_conformance.c) runs against
 * every backend through this table only.
 *
 * Contract for every op: HO_OK, or an error code with the reason in diag
 * (diag may be NULL).  Out-params hold nothing the caller must free on
 * failure unless the op says so.  Texts passed in are borrowed for the call.
 */
#ifndef HO_STORE_BACKEND_H
#define HO_STORE_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/rc.h"
#include "store/store.h"

struct ho_buf;
struct ho_clock_row;
struct ho_journey_brief;
struct ho_journey_row;
struct ho_lead_record;
struct ho_lead_row;
struct ho_router;
struct ho_spend_row;
struct ho_strtab;
struct ho_visitor_row;

/* One owner's row of the event log, besides its key and blob. */
struct ho_owner_row {
    int64_t id;      /* 0: not stored yet */
    size_t n_events; /* in the blob */
    size_t chunks;   /* encoded batches the blob holds, one per commit that appended */
};

/* Called for each blob of the compact journey table (store/pack.h): the
 * lead (NUL-terminated) and its blob, both borrowed for the call. */
typedef ho_rc (*ho_store_pack_fn)(void *ctx, const char *lead, size_t len, const uint8_t *data,
                                  size_t data_len, struct ho_diag *diag);
/* Called for each entry of the dictionary of the compact journey table. */
typedef ho_rc (*ho_store_jdict_fn)(void *ctx, uint32_t id, const char *text, size_t len,
                                   struct ho_diag *diag);

/* A backend's own handle; each backend defines it. */
struct ho_store_backend;

/* Called for each stored owner row of events (store.h "the event log by
 * owner"): its row id and its blob (store/batch.h). */
typedef ho_rc (*ho_store_owner_fn)(void *ctx, int64_t id, const uint8_t *data, size_t len,
                                   struct ho_diag *diag);
struct ho_store_ops {
    const char *name; /* "sqlite", ... */
    void (*close)(struct ho_store_backend *b);

    /* One write transaction at a time (the backend takes the write lock at
     * begin).  rollback is only called inside one. */
    ho_rc (*begin)(struct ho_store_backend *b, struct ho_diag *diag);
    ho_rc (*commit)(struct ho_store_backend *b, struct ho_diag *diag);
    void (*rollback)(struct ho_store_backend *b);

    /* The stored layout's version (the backend migrated it at open). */
    ho_rc (*schema_version)(struct ho_store_backend *b, int64_t *out, struct ho_diag *diag);

    /* The active definitions; HO_ENOTFOUND when none. */
    ho_rc (*active_defs)(struct ho_store_backend *b, struct ho_buf *text, int64_t *id,
                         struct ho_diag *diag);
    /* Inside a transaction: deactivate the active version, insert text as
     * the active one; *id is its row id. */
    ho_rc (*insert_defs)(struct ho_store_backend *b, int64_t version, const char *text, size_t len,
                         bool forced, int64_t now_ms, int64_t *id, struct ho_diag *diag);

    /* Definitions versions, sign-offs and activations (store/store.h).
     * defs_add inserts with the given number, refusing a taken one
     * (HO_ECONFLICT); defs_activate deactivates every other version, marks
     * this one active and appends the activation (HO_ENOTFOUND: no such
     * version).  Texts of rows passed in are ids of strings. */
    ho_rc (*defs_versions)(struct ho_store_backend *b, struct ho_strtab *strings,
                           struct ho_defs_version_row **rows, size_t *n, struct ho_diag *diag);
    ho_rc (*defs_text)(struct ho_store_backend *b, int64_t id, struct ho_buf *text,
                       struct ho_diag *diag);
    ho_rc (*defs_add)(struct ho_store_backend *b, const struct ho_defs_version_row *v,
                      const struct ho_strtab *strings, const char *text, size_t len,
                      struct ho_diag *diag);
    ho_rc (*defs_set_hash)(struct ho_store_backend *b, int64_t id, const char *hash,
                           struct ho_diag *diag);
    ho_rc (*defs_activate)(struct ho_store_backend *b, const struct ho_defs_activation_row *a,
                           const struct ho_strtab *strings, struct ho_diag *diag);
    ho_rc (*defs_activations)(struct ho_store_backend *b, struct ho_strtab *strings,
                              struct ho_defs_activation_row **rows, size_t *n,
                              struct ho_diag *diag);
    ho_rc (*defs_sign)(struct ho_store_backend *b, const struct ho_defs_signoff_row *s,
                       const struct ho_strtab *strings, struct ho_diag *diag);
    ho_rc (*defs_signoffs)(struct ho_store_backend *b, struct ho_strtab *strings,
                           struct ho_defs_signoff_row **rows, size_t *n, struct ho_diag *diag);
    /* The event log, one row per owner (store.h): a blob of one or more
     * encoded batches (store/batch.h) and how many.  owner_get gives the
     * row of key (HO_ENOTFOUND when none); owner_get_id the same by row id,
     * with its key; owner_put inserts (row->id 0; sets it) or replaces a
     * row; owner_scan calls fn for every row, stopping at fn's first
     * error. */
    ho_rc (*owner_get)(struct ho_store_backend *b, const char *key, size_t len,
                       struct ho_owner_row *row, struct ho_buf *data, struct ho_diag *diag);
    ho_rc (*owner_get_id)(struct ho_store_backend *b, int64_t id, struct ho_buf *key,
                          struct ho_buf *data, struct ho_diag *diag);
    ho_rc (*owner_put)(struct ho_store_backend *b, const char *key, size_t len,
                       struct ho_owner_row *row, const uint8_t *data, size_t data_len,
                       struct ho_diag *diag);
    ho_rc (*owner_scan)(struct ho_store_backend *b, ho_store_owner_fn fn, void *ctx,
                        struct ho_diag *diag);
    /* Event-id fingerprints, kept by store.c in buckets (one row each, an
     * opaque blob to the backend): read one (HO_ENOTFOUND when it has none)
     * or store it. */
    ho_rc (*id_bucket_get)(struct ho_store_backend *b, int64_t bucket, struct ho_buf *data,
                           struct ho_diag *diag);
    ho_rc (*id_bucket_put)(struct ho_store_backend *b, int64_t bucket, const uint8_t *data,
                           size_t len, struct ho_diag *diag);
    /* Which owners a lead's replay reads: fn for every text of the relation
     * rel of key (store.h enum ho_store_relation); link_account records
     * that lead was seen with account. */
    ho_rc (*related)(struct ho_store_backend *b, enum ho_store_relation rel, const char *key,
                     ho_store_related_fn fn, void *ctx, struct ho_diag *diag);
    ho_rc (*link_account)(struct ho_store_backend *b, const char *lead, const char *account,
                          struct ho_diag *diag);
    /* The dictionary of shared strings (store/dict.h): the id of a text
     * (HO_ENOTFOUND when it has none), the text of an id (appended to
     * text; HO_ENOTFOUND), and adding a text (its id, existing or new). */
    ho_rc (*dict_id)(struct ho_store_backend *b, const char *text, size_t len, int64_t *id,
                     struct ho_diag *diag);
    ho_rc (*dict_text)(struct ho_store_backend *b, int64_t id, struct ho_buf *text,
                       struct ho_diag *diag);
    ho_rc (*dict_put)(struct ho_store_backend *b, const char *text, size_t len, int64_t *id,
                      struct ho_diag *diag);
    /* A database of schema version 2 or older kept its events in batches:
     * legacy_batches calls fn for each (fn NULL: only says whether there
     * are any; HO_ENOTFOUND when there are none left), drop_legacy removes
     * them once converted. */
    ho_rc (*legacy_batches)(struct ho_store_backend *b, ho_store_owner_fn fn, void *ctx,
                            struct ho_diag *diag);
    ho_rc (*drop_legacy)(struct ho_store_backend *b, struct ho_diag *diag);

    /* Derived state.  put_lead inserts or replaces the lead; when replace,
     * the lead's old journeys and clocks are deleted first (false right
     * after clear_state, when there are none).  clear_state also empties
     * the compact journey table and marks it complete (below). */
    ho_rc (*clear_state)(struct ho_store_backend *b, struct ho_diag *diag);
    ho_rc (*put_lead)(struct ho_store_backend *b, const struct ho_lead_record *l, bool replace,
                      struct ho_diag *diag);
    ho_rc (*put_visitor)(struct ho_store_backend *b, const char *anon, int64_t ts, const char *lead,
                         const char *event_id, struct ho_diag *diag);

    /* The compact journey table (store/pack.h), kept by store.c next to
     * the rows put_lead writes, in the same transaction: blobs by a text
     * key (store.c's: the first lead of a chunk of leads).  pack_put
     * replaces key's blob (len 0: deletes it); pack_scan calls fn for every
     * blob in the order of the key's bytes (as ORDER BY), stopping at fn's
     * first error, and is HO_ENOTFOUND when the table is not complete: a
     * database whose state was written before the table existed, until
     * clear_state (a rebuild) fills it.  The dictionary maps the ids in the
     * blobs to texts; ids are store.c's, added with jdict_put; jdict_scan
     * calls fn for every entry with id > after, in id order.  clear_state
     * empties it too and adds one to the setting 'journey_dict' (so a
     * writer's copy of it knows it is stale). */
    ho_rc (*pack_put)(struct ho_store_backend *b, const char *lead, const uint8_t *data, size_t len,
                      struct ho_diag *diag);
    ho_rc (*pack_scan)(struct ho_store_backend *b, ho_store_pack_fn fn, void *ctx,
                       struct ho_diag *diag);
    /* The blob whose key is the greatest <= key (in the order of pack_scan)
     * into *found (its key) and, when data is not NULL, *data;
     * HO_ENOTFOUND when there is none. */
    ho_rc (*pack_get)(struct ho_store_backend *b, const char *key, struct ho_buf *found,
                      struct ho_buf *data, struct ho_diag *diag);
    /* Empty the table and the dictionary and mark the table complete (the
     * part of clear_state that concerns them; before store.c fills the
     * table from the SQL rows of a database written without it). */
    ho_rc (*pack_reset)(struct ho_store_backend *b, struct ho_diag *diag);
    /* How many blobs the table holds and their total bytes (to size a read). */
    ho_rc (*pack_size)(struct ho_store_backend *b, size_t *blobs, size_t *bytes,
                       struct ho_diag *diag);
    ho_rc (*jdict_put)(struct ho_store_backend *b, uint32_t id, const char *text, size_t len,
                       struct ho_diag *diag);
    ho_rc (*jdict_scan)(struct ho_store_backend *b, uint32_t after, ho_store_jdict_fn fn, void *ctx,
                        struct ho_diag *diag);

    /* Reads, as in store/store.h (rows owned by the caller).  load_journeys
     * and scan_journeys read the SQL rows: store.c uses them only when
     * pack_scan is HO_ENOTFOUND. */
    ho_rc (*load_leads)(struct ho_store_backend *b, struct ho_strtab *strings,
                        struct ho_lead_row **rows, size_t *n, struct ho_diag *diag);
    ho_rc (*load_journeys)(struct ho_store_backend *b, struct ho_strtab *strings,
                           struct ho_journey_row **rows, size_t *n, struct ho_diag *diag);
    ho_rc (*scan_journeys)(struct ho_store_backend *b, ho_store_brief_fn fn, void *ctx,
                           struct ho_diag *diag);
    /* scan_journeys for the journeys that are open, last at mql, with no
     * first_contact_at nor contact_made_at, and at_mql <= mql_before (a
     * backend keeps an index on them; MQL aging reads this every commit). */
    ho_rc (*scan_open_mql)(struct ho_store_backend *b, int64_t mql_before, ho_store_brief_fn fn,
                           void *ctx, struct ho_diag *diag);
    /* As ho_store_load_routing(). */
    ho_rc (*load_routing)(struct ho_store_backend *b, struct ho_strtab *strings, bool held,
                          struct ho_journey_row **rows, size_t *n, struct ho_diag *diag);
    ho_rc (*load_clocks)(struct ho_store_backend *b, struct ho_strtab *strings,
                         struct ho_clock_row **rows, size_t *n, struct ho_diag *diag);
    ho_rc (*load_visitors)(struct ho_store_backend *b, struct ho_visitor_row **rows, size_t *n,
                           struct ho_diag *diag);

    ho_rc (*load_router)(struct ho_store_backend *b, struct ho_router *r, struct ho_diag *diag);
    ho_rc (*save_router)(struct ho_store_backend *b, const struct ho_router *r,
                         struct ho_diag *diag);

    ho_rc (*meta_get)(struct ho_store_backend *b, const char *key, int64_t *out,
                      struct ho_diag *diag);
    ho_rc (*meta_set)(struct ho_store_backend *b, const char *key, int64_t value,
                      struct ho_diag *diag);

    /* Spend; month is a month index already checked by store.c. */
    ho_rc (*put_spend)(struct ho_store_backend *b, const char *channel, int64_t month,
                       double amount, struct ho_diag *diag);
    ho_rc (*load_spend)(struct ho_store_backend *b, struct ho_strtab *strings,
                        struct ho_spend_row **rows, size_t *n, struct ho_diag *diag);

    /* API tokens (store.h). */
    ho_rc (*put_token)(struct ho_store_backend *b, const struct ho_token_row *t,
                       struct ho_diag *diag);
    ho_rc (*load_tokens)(struct ho_store_backend *b, struct ho_token_row **rows, size_t *n,
                         struct ho_diag *diag);
    ho_rc (*revoke_token)(struct ho_store_backend *b, const char *id, int64_t now,
                          struct ho_diag *diag);

    /* Idempotency keys (store.h). */
    ho_rc (*get_idempotency)(struct ho_store_backend *b, const char *key, struct ho_idem_row *out,
                             struct ho_diag *diag);
    ho_rc (*put_idempotency)(struct ho_store_backend *b, const char *key,
                             const struct ho_idem_row *row, int64_t now, struct ho_diag *diag);
    /* The alert outbox (store.h). */
    ho_rc (*put_alert)(struct ho_store_backend *b, const struct ho_alert_fact *f,
                       const char *status, int64_t created, int64_t gen, struct ho_diag *diag);
    ho_rc (*load_alerts)(struct ho_store_backend *b, const struct ho_outbox_query *q,
                         struct ho_outbox_row **rows, size_t *n, struct ho_diag *diag);
    ho_rc (*alert_attempt)(struct ho_store_backend *b, const struct ho_outbox_row *r,
                           struct ho_diag *diag);
    ho_rc (*alert_retry)(struct ho_store_backend *b, const char *id, int64_t now, size_t *n,
                         struct ho_diag *diag);
    ho_rc (*count_alerts)(struct ho_store_backend *b, struct ho_outbox_counts *out,
                          struct ho_diag *diag);
};

/*
 * A store over backend b (owned from here: closed by ho_store_close()) with
 * its ops (borrowed, static).  read_only: begin is refused.  Never fails.
 */
struct ho_store *ho_store_over(const struct ho_store_ops *ops, struct ho_store_backend *b,
                               bool read_only);

/* Convert the event batches of a schema-2 database to rows by owner, in one
 * transaction (store.c; ho_store_open_with() calls it for writable
 * handles).  HO_OK when there is nothing to convert. */
HO_MUST_CHECK ho_rc ho_store_convert_legacy(struct ho_store *st, struct ho_diag *diag);

/* Fill the compact journey table from the SQL rows when it is not complete
 * (a database written before it existed, or rows written by other means),
 * in one transaction (ho_store_open_with() calls it for writable handles).
 * HO_OK when it is complete already. */
HO_MUST_CHECK ho_rc ho_store_fill_pack(struct ho_store *st, struct ho_diag *diag);

/* The backend behind st and its ops (borrowed): for wrapping backends and
 * the conformance suite. */
struct ho_store_backend *ho_store_backend_of(struct ho_store *st);
const struct ho_store_ops *ho_store_ops_of(const struct ho_store *st);

/* ---- the SQLite backend (store/sqlite.c) ---- */

extern const struct ho_store_ops ho_sqlite_ops;

/* Open the SQLite database at path (see ho_store_open_with()).  *out is
 * closed with ho_sqlite_ops.close. */
HO_MUST_CHECK ho_rc ho_sqlite_open(const char *path, const struct ho_store_opts *opts,
                                   struct ho_store_backend **out, struct ho_diag *diag);

/* ---- helpers for backends (store/spend.c) ---- */

/* "YYYY-MM" of a month index (y * 12 + m - 1, years 0..9999). */
void ho_store_month_text(int64_t month, char out[32]);
/* The month index of "YYYY-MM" (len bytes); false when the text is not one. */
bool ho_store_month_parse(const char *s, size_t len, int64_t *out);

#endif /* HO_STORE_BACKEND_H */
