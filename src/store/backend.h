/* SPDX-License-Identifier: MIT */
/*
 * store/backend.h - the interface a storage backend implements: struct
 * ho_store_ops, a table of functions over the backend's own handle (SQLite's
 * VFS and curl's vtls are the models).  store/store.c holds what every
 * backend shares (the transaction flag, the event-log cursor and the
 * conflict check, the batch encoding, "do not delete what was just
 * cleared") and dispatches each ho_store_* call to the ops; a backend only
 * moves rows.  Business rules stay in core: a backend hands rows over and
 * decides nothing (e.g. MQL aging reads ho_store_scan_journeys() and asks
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
    /* Event-id fingerprints: the owners holding an event whose id has
     * fingerprint fp (appended to *owners, growing it), and recording one. */
    ho_rc (*id_owners)(struct ho_store_backend *b, int64_t fp, int64_t **owners, size_t *n,
                       size_t *cap, struct ho_diag *diag);
    ho_rc (*put_id)(struct ho_store_backend *b, int64_t fp, int64_t owner, struct ho_diag *diag);
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
     * after clear_state, when there are none). */
    ho_rc (*clear_state)(struct ho_store_backend *b, struct ho_diag *diag);
    ho_rc (*put_lead)(struct ho_store_backend *b, const struct ho_lead_record *l, bool replace,
                      struct ho_diag *diag);
    ho_rc (*put_visitor)(struct ho_store_backend *b, const char *anon, int64_t ts, const char *lead,
                         const char *event_id, struct ho_diag *diag);

    /* Reads, as in store/store.h (rows owned by the caller). */
    ho_rc (*load_leads)(struct ho_store_backend *b, struct ho_strtab *strings,
                        struct ho_lead_row **rows, size_t *n, struct ho_diag *diag);
    ho_rc (*load_journeys)(struct ho_store_backend *b, struct ho_strtab *strings,
                           struct ho_journey_row **rows, size_t *n, struct ho_diag *diag);
    ho_rc (*scan_journeys)(struct ho_store_backend *b, ho_store_brief_fn fn, void *ctx,
                           struct ho_diag *diag);
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
