/* SPDX-License-Identifier: MIT */
/*
 * store/store.h - persistence: the append-only event log, definitions
 * versions, and the derived lead and journey state.
 *
 * This is what callers use.  Behind it is an interface (store/backend.h,
 * struct ho_store_ops) that a backend implements; store/store.c dispatches
 * to it and holds what all backends share.  The SQLite backend
 * (store/sqlite.c) keeps one file in WAL mode.  The event
 * log is stored by owner (a lead, an account, a visitor): one row per owner
 * holding its events encoded compactly (store/batch.c), so a commit
 * rewrites the rows of the owners it touched and reading one lead's history
 * is a few row reads, never a decode of the whole log.
 *
 * Concurrency: one writer at a time (every write transaction is BEGIN
 * IMMEDIATE), readers on a WAL snapshot that never block and never write.
 * Event ids stay unique because the writer checks each new id against the
 * stored fingerprints inside its write transaction (the engine does).
 *
 * Derived state (leads, journeys) can always be rebuilt from the log.
 * All SQL goes through prepared statements.  Not thread-safe.
 */
#ifndef HO_STORE_STORE_H
#define HO_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/rc.h"
#include "core/journey.h"
#include "core/sla.h"
#include "core/stage.h"
#include "core/top_funnel.h"

struct ho_buf;
struct ho_eventlog;
struct ho_sla_clock;
struct ho_journey_row;
struct ho_strtab;
struct ho_store;

/* The layout version this build writes (meta 'schema_version'). */
#define HO_SCHEMA_VERSION 6

enum ho_store_mode {
    HO_STORE_READ_ONLY,  /* never writes; one snapshot for the handle's whole life */
    HO_STORE_READ_WRITE, /* the database must exist (HO_ENOTFOUND otherwise) */
    HO_STORE_CREATE,     /* created when missing */
};

enum ho_durability {
    HO_DURABLE_FULL,   /* synchronous=FULL: a commit survives power loss */
    HO_DURABLE_NORMAL, /* synchronous=NORMAL: survives a process crash, not power loss */
};

struct ho_store_opts {
    enum ho_store_mode mode;
    enum ho_durability durability;
    struct ho_buf *note; /* when not NULL: human notes (a migration) are appended */
};

/*
 * Open the database at path.  Refuses a schema version newer than
 * HO_SCHEMA_VERSION; migrates an older one (writable modes only, after a
 * backup copy).  Owned: ho_store_close().
 */
HO_MUST_CHECK ho_rc ho_store_open_with(const char *path, const struct ho_store_opts *opts,
                                       struct ho_store **out, struct ho_diag *diag);
/* ho_store_open_with() with HO_STORE_CREATE and full durability. */
HO_MUST_CHECK ho_rc ho_store_open(const char *path, struct ho_store **out, struct ho_diag *diag);
void ho_store_close(struct ho_store *st); /* NULL-safe */

/* One transaction at a time; rollback is safe to call when none is open. */
HO_MUST_CHECK ho_rc ho_store_begin(struct ho_store *st, struct ho_diag *diag);
HO_MUST_CHECK ho_rc ho_store_commit(struct ho_store *st, struct ho_diag *diag);
void ho_store_rollback(struct ho_store *st);

/* ---- definitions versions ---- */

/*
 * Store the definitions text as the active version.  When its text equals
 * the active version's, nothing changes.  *out_id is the row id of the
 * active version.  forced records that it was activated without both
 * signatures.
 */
HO_MUST_CHECK ho_rc ho_store_activate_defs(struct ho_store *st, int64_t version, const char *text,
                                           size_t len, bool forced, int64_t now_ms, int64_t *out_id,
                                           struct ho_diag *diag);
/* The active definitions text (appended to text) and its row id.
 * HO_ENOTFOUND when none was ever activated. */
HO_MUST_CHECK ho_rc ho_store_active_defs(struct ho_store *st, struct ho_buf *text, int64_t *out_id,
                                         struct ho_diag *diag);

/* ---- definitions versions: content-addressed, co-signed (issue 14) ----
 *
 * Every stored version has a number the store assigns (its row id: 1, 2, 3
 * ... in the order stored, never reused) and the SHA-256 of its normalised
 * content (defs/defs_hash.c).  Sign-offs are rows bound to a version and
 * the hash it had when signed; activations are rows with their time, so
 * the history says which version was active when.  Texts in rows are
 * interned into the caller's strings (0 = none). */

struct ho_defs_version_row {
    int64_t id;           /* the store-assigned number */
    int64_t version;      /* the file's version: as stored */
    uint32_t hash;        /* 0: stored before hashes (ho_store_defs_set_hash fills it) */
    uint32_t author;      /* who proposed it; 0 = not recorded */
    int64_t proposed_at;  /* 0 = not recorded */
    int64_t activated_at; /* activation recorded with the row itself (first one); 0 = none */
    bool forced;          /* that activation was forced */
    bool active;
};

enum ho_defs_side { HO_SIDE_MARKETING, HO_SIDE_SALES };

struct ho_defs_signoff_row {
    int64_t defs_id;
    enum ho_defs_side side;
    uint32_t by;   /* the signer's name */
    uint32_t hash; /* the content hash signed */
    int64_t at;
    bool from_file; /* taken from the file's owners.*.signed (init/import --defs) */
};

struct ho_defs_activation_row {
    int64_t seq; /* order of activation (0 when writing: the store assigns it) */
    int64_t defs_id;
    int64_t at;        /* when it was recorded */
    int64_t effective; /* when the version takes over the leads (core/timeline.h) */
    bool restatement;  /* rebuild --as-of-version: the version judges all history */
    bool forced;
    uint32_t by;      /* who activated it; 0 = not recorded */
    uint32_t missing; /* forced: the sign-offs that were missing ("sales"); 0 = none */
};

/* Every stored version, by number.  *rows owned by the caller (ho_xfree). */
HO_MUST_CHECK ho_rc ho_store_defs_versions(struct ho_store *st, struct ho_strtab *strings,
                                           struct ho_defs_version_row **rows, size_t *n,
                                           struct ho_diag *diag);
/* The text of version id, appended to text; HO_ENOTFOUND when none. */
HO_MUST_CHECK ho_rc ho_store_defs_text(struct ho_store *st, int64_t id, struct ho_buf *text,
                                       struct ho_diag *diag);
/* Inside a transaction: store text as version v->id (not active; v's hash,
 * author and proposed_at are looked up in strings).  HO_ECONFLICT when that
 * number is taken. */
HO_MUST_CHECK ho_rc ho_store_defs_add(struct ho_store *st, const struct ho_defs_version_row *v,
                                      const struct ho_strtab *strings, const char *text, size_t len,
                                      struct ho_diag *diag);
/* Record the content hash of a version stored without one. */
HO_MUST_CHECK ho_rc ho_store_defs_set_hash(struct ho_store *st, int64_t id, const char *hash,
                                           struct ho_diag *diag);
/* Inside a transaction: make a->defs_id the only active version and record
 * the activation (a's by and missing looked up in strings).  HO_ENOTFOUND
 * when there is no such version. */
HO_MUST_CHECK ho_rc ho_store_defs_activate(struct ho_store *st,
                                           const struct ho_defs_activation_row *a,
                                           const struct ho_strtab *strings, struct ho_diag *diag);
/* Every recorded activation, in order. */
HO_MUST_CHECK ho_rc ho_store_defs_activations(struct ho_store *st, struct ho_strtab *strings,
                                              struct ho_defs_activation_row **rows, size_t *n,
                                              struct ho_diag *diag);
/* Record a sign-off (its by and hash looked up in strings). */
HO_MUST_CHECK ho_rc ho_store_defs_sign(struct ho_store *st, const struct ho_defs_signoff_row *s,
                                       const struct ho_strtab *strings, struct ho_diag *diag);
/* Every sign-off, by version then in the order recorded. */
HO_MUST_CHECK ho_rc ho_store_defs_signoffs(struct ho_store *st, struct ho_strtab *strings,
                                           struct ho_defs_signoff_row **rows, size_t *n,
                                           struct ho_diag *diag);

/* ---- the event log, by owner ----
 *
 * Every event is stored under one owner (ho_store_owner_of()): a group event
 * naming an account under that account; else an event naming a lead under
 * the lead; else one naming an account under the account; else an
 * anonymous visit under its visitor; else (an event naming nobody) under its
 * own id.  An owner is one row holding its events as one blob
 * (store/batch.h), so "the events of lead L" is a few range reads: L's row,
 * the rows of the accounts L was seen with (ho_store_related()) and of the
 * visitors stitched to L.  Event ids are unique through a set of 64-bit
 * fingerprints of the id text, each recorded with the owner holding the
 * event: a fingerprint found there is checked against the stored ids of
 * those owners, so a collision never drops a distinct id.
 */

enum ho_owner_kind {
    HO_OWNER_LEAD = 'L',
    HO_OWNER_ACCOUNT = 'A',
    HO_OWNER_VISITOR = 'V',
    HO_OWNER_NOBODY = 'E', /* keyed by the event's own id */
};

struct ho_owner_key {
    enum ho_owner_kind kind;
    uint32_t text; /* interned in the log the event is in */
};

/* Append owner key's stored events to log; *id is its row id (0, with
 * nothing appended, when nothing is stored under it). */
HO_MUST_CHECK ho_rc ho_store_read_owner(struct ho_store *st, struct ho_owner_key key,
                                        struct ho_eventlog *log, int64_t *id, struct ho_diag *diag);
/* The same by row id (from ho_store_id_owners()); *key is interned into log. */
HO_MUST_CHECK ho_rc ho_store_read_owner_id(struct ho_store *st, int64_t id, struct ho_eventlog *log,
                                           struct ho_owner_key *key, struct ho_diag *diag);
/* Inside a transaction: append log->events[from, to) to the log, each
 * under its owner, with its id's fingerprint and the lead-account pairs it
 * names.  The caller has checked that no id is stored already.  log is
 * only borrowed as scratch: an owner row rewritten as one batch is decoded
 * after its end, and it is as it was on return. */
HO_MUST_CHECK ho_rc ho_store_append_events(struct ho_store *st, struct ho_eventlog *log,
                                           size_t from, size_t to, struct ho_diag *diag);
/* Append every stored event to log (a rebuild, a report over all history). */
HO_MUST_CHECK ho_rc ho_store_load_events(struct ho_store *st, struct ho_eventlog *log,
                                         struct ho_diag *diag);

/* The fingerprint of an event id.  HO_TEST_FINGERPRINT_BITS=N in the
 * environment at open keeps only its low N bits: a test hook that forces
 * collisions. */
uint64_t ho_store_fingerprint(const struct ho_store *st, const char *id, size_t len);
/* The row ids of the owners holding an event with fingerprint fp: *owners
 * (owned by the caller, ho_xfree; NULL when none) and *n. */
HO_MUST_CHECK ho_rc ho_store_id_owners(struct ho_store *st, uint64_t fp, int64_t **owners,
                                       size_t *n, struct ho_diag *diag);

enum ho_store_relation {
    HO_REL_ACCOUNTS_OF_LEAD, /* accounts named on the lead's events */
    HO_REL_LEADS_OF_ACCOUNT, /* leads whose events name the account */
    HO_REL_VISITORS_OF_LEAD, /* anonymous ids stitched to the lead (visitors table) */
    HO_REL_LEAD_OF_VISITOR,  /* the lead a visitor is stitched to, if any */
};

/* Called for each text of a relation; borrowed for the call. */
typedef ho_rc (*ho_store_related_fn)(void *ctx, const char *text, size_t len, struct ho_diag *diag);
/* fn for every text related to key by rel, stopping at fn's first error. */
HO_MUST_CHECK ho_rc ho_store_related(struct ho_store *st, enum ho_store_relation rel,
                                     const char *key, ho_store_related_fn fn, void *ctx,
                                     struct ho_diag *diag);
/* Inside a transaction: record that lead's events name account. */
HO_MUST_CHECK ho_rc ho_store_link_account(struct ho_store *st, const char *lead,
                                          const char *account, struct ho_diag *diag);

/* ---- derived state ---- */

/* Load every SLA clock with its journey's rep, pool and channel, interning
 * texts into strings.  *rows is owned by the caller (ho_xfree). */
HO_MUST_CHECK ho_rc ho_store_load_clocks(struct ho_store *st, struct ho_strtab *strings,
                                         struct ho_clock_row **rows, size_t *n,
                                         struct ho_diag *diag);

/* Record that anonymous visitor `anon` was seen at ts, together with lead
 * (NULL: alone) on the event event_id.  Keeps the earliest sighting and the
 * earliest link by (ts, event id), so the order of arrival does not matter. */
HO_MUST_CHECK ho_rc ho_store_put_visitor(struct ho_store *st, const char *anon, int64_t ts,
                                         const char *lead, const char *event_id,
                                         struct ho_diag *diag);
/* Load every visitor.  *rows is owned by the caller (ho_xfree). */
HO_MUST_CHECK ho_rc ho_store_load_visitors(struct ho_store *st, struct ho_visitor_row **rows,
                                           size_t *n, struct ho_diag *diag);

/* Load every lead (ordered by lead), interning into strings.  *rows is owned
 * by the caller (ho_xfree). */
HO_MUST_CHECK ho_rc ho_store_load_leads(struct ho_store *st, struct ho_strtab *strings,
                                        struct ho_lead_row **rows, size_t *n, struct ho_diag *diag);

/* Delete all derived rows: leads, journeys, clocks, visitors and the compact
 * journey table, which is complete from then on (before a rebuild).  Until
 * ho_store_end_bulk() or the end of the transaction, ho_store_put_lead()
 * skips deleting a lead's old rows: each lead must be put at most once. */
HO_MUST_CHECK ho_rc ho_store_clear_state(struct ho_store *st, struct ho_diag *diag);
void ho_store_end_bulk(struct ho_store *st);
/* Insert or replace one lead and all of its journeys. */
HO_MUST_CHECK ho_rc ho_store_put_lead(struct ho_store *st, const struct ho_lead_record *l,
                                      struct ho_diag *diag);

/*
 * Load every journey (ordered by lead, n) as report rows, interning lead and
 * channel names into strings.  *rows is owned by the caller (ho_xfree).
 * Read from the compact journey table (store/pack.h), which
 * ho_store_put_lead() keeps next to the SQL rows in the same transaction;
 * from the SQL rows when the database has none complete (written before it
 * existed, until a rebuild).  Texts are interned in the order the SQL rows
 * would give them, so the ids are the same either way.
 */
HO_MUST_CHECK ho_rc ho_store_load_journeys(struct ho_store *st, struct ho_strtab *strings,
                                           struct ho_journey_row **rows, size_t *n,
                                           struct ho_diag *diag);

/*
 * The journeys routing reads (engine/route_pass.c), as rows of which only
 * lead, account and of the journey n, first, closed, entered[], rep, pool
 * and assigned_at are read (the rest is zero, times HO_TIME_NONE): held,
 * those with a rep, ordered by lead, n; else those waiting, without a rep,
 * with assigned_at set and open (in no order; an index keeps them).
 * *rows is owned by the caller (ho_xfree).
 */
HO_MUST_CHECK ho_rc ho_store_load_routing(struct ho_store *st, struct ho_strtab *strings, bool held,
                                          struct ho_journey_row **rows, size_t *n,
                                          struct ho_diag *diag);

struct ho_router;
struct ho_journey_brief;

/* Called for each stored journey by ho_store_scan_journeys(). */
typedef void (*ho_store_brief_fn)(void *ctx, const struct ho_journey_brief *b);

/* Call fn for every stored journey (in no particular order) with its lead's
 * current stage: the rows MQL aging decides on (ho_journey_untouched_mql()). */
HO_MUST_CHECK ho_rc ho_store_scan_journeys(struct ho_store *st, ho_store_brief_fn fn, void *ctx,
                                           struct ho_diag *diag);
/* The same for only the journeys that can be untouched MQLs entered at or
 * before mql_before: open, at mql, no contact attempted or made, at_mql <=
 * mql_before (an index keeps them: a commit's aging check reads the due
 * ones, not every journey).  Core still decides on each. */
HO_MUST_CHECK ho_rc ho_store_scan_open_mql(struct ho_store *st, int64_t mql_before,
                                           ho_store_brief_fn fn, void *ctx, struct ho_diag *diag);

/* Load the routing rotation state (credits per pool and rep) into r. */
HO_MUST_CHECK ho_rc ho_store_load_router(struct ho_store *st, struct ho_router *r,
                                         struct ho_diag *diag);
/* Replace the stored rotation state with r's. */
HO_MUST_CHECK ho_rc ho_store_save_router(struct ho_store *st, const struct ho_router *r,
                                         struct ho_diag *diag);

/* A key/value setting (e.g. "as_of"). HO_ENOTFOUND when unset. */
HO_MUST_CHECK ho_rc ho_store_meta_get_i64(struct ho_store *st, const char *key, int64_t *out,
                                          struct ho_diag *diag);
HO_MUST_CHECK ho_rc ho_store_meta_set_i64(struct ho_store *st, const char *key, int64_t value,
                                          struct ho_diag *diag);

/* The layout version of the open database (HO_SCHEMA_VERSION once open:
 * an older one is migrated, a newer one refused). */
HO_MUST_CHECK ho_rc ho_store_schema_version(struct ho_store *st, int64_t *out,
                                            struct ho_diag *diag);

/* ---- marketing spend ---- */

struct ho_spend_row;

/*
 * Store the spend of channel in the calendar month with index month
 * (ho_time_month_index(): y * 12 + m - 1, years 0..9999), replacing what was
 * stored for that channel and month.  HO_EINVAL for a month out of range,
 * HO_ESTORE on a database failure.
 */
HO_MUST_CHECK ho_rc ho_store_put_spend(struct ho_store *st, const char *channel, int64_t month,
                                       double amount, struct ho_diag *diag);
/* Load every spend row (ordered by channel, month), interning channel names
 * into strings.  *rows is owned by the caller (ho_xfree); no rows when no
 * spend was ever imported. */
HO_MUST_CHECK ho_rc ho_store_load_spend(struct ho_store *st, struct ho_strtab *strings,
                                        struct ho_spend_row **rows, size_t *n,
                                        struct ho_diag *diag);

/* ---- API tokens (`handoff token`, http/auth.c): only their SHA-256 is stored ---- */

#define HO_TOKEN_HASH_LEN 32

struct ho_token_row {
    char id[24];    /* "tok_" + 12 hex digits of the hash: names it in list and revoke */
    char scope[8];  /* ingest, read, write, admin */
    char name[128]; /* may be empty */
    unsigned char hash[HO_TOKEN_HASH_LEN];
    int64_t created, revoked; /* ms; revoked 0: active */
};

/* Store a new token (its id and hash unique: HO_ECONFLICT otherwise). */
HO_MUST_CHECK ho_rc ho_store_put_token(struct ho_store *st, const struct ho_token_row *t,
                                       struct ho_diag *diag);
/* Every token, oldest first; *rows owned by the caller (ho_xfree). */
HO_MUST_CHECK ho_rc ho_store_load_tokens(struct ho_store *st, struct ho_token_row **rows, size_t *n,
                                         struct ho_diag *diag);
/* Revoke the active token id at now: HO_ENOTFOUND when there is none. */
HO_MUST_CHECK ho_rc ho_store_revoke_token(struct ho_store *st, const char *id, int64_t now,
                                          struct ho_diag *diag);

/* ---- Idempotency keys (POST /v1/leads/{id}/actions): the response a key got ---- */

struct ho_idem_row {
    struct ho_buf fingerprint; /* what identifies the request (method, path, body) */
    unsigned status;           /* the HTTP status answered */
    struct ho_buf body;        /* the response body answered */
};

/* The row of key, appended into *out's buffers: HO_ENOTFOUND when the key
 * was never stored. */
HO_MUST_CHECK ho_rc ho_store_get_idempotency(struct ho_store *st, const char *key,
                                             struct ho_idem_row *out, struct ho_diag *diag);
/* Store key's row at now (ms): HO_ECONFLICT when the key is stored already. */
HO_MUST_CHECK ho_rc ho_store_put_idempotency(struct ho_store *st, const char *key,
                                             const struct ho_idem_row *row, int64_t now,
                                             struct ho_diag *diag);
/* ---- the alert outbox (issue 11): rows derived in the commit that causes
 * them, one per (alert id, target), delivered by notify/deliver.c ---- */

struct ho_alert_fact;

/* One outbox row as read back; texts owned by the row (ho_outbox_rows_free). */
struct ho_outbox_row {
    int64_t seq; /* insertion order: delivery order */
    char *id, *target, *kind, *lead, *rep, *stage_from, *stage_to, *criterion, *top_rules;
    char *sla, *reason, *category, *status, *last_error;         /* NULL when none */
    int64_t at, deadline, created, next_at, sent_at, retry_from; /* ms; sent_at 0: not sent */
    double fit, behavior;
    int64_t attempts, http_status; /* http_status 0: none yet (or no answer) */
};

/* Which rows to read: status NULL = any; due_by: next_at <= due_by
 * (INT64_MAX = any); since: at >= since; limit 0 = all. */
struct ho_outbox_query {
    const char *status;
    int64_t due_by, since;
    size_t limit;
};

/* Record f with status ("pending", "skipped_backfill", "skipped_rebuild")
 * at created, inside the caller's write transaction.  A row with the same
 * (id, target) from an earlier commit is kept as it is (idempotent); one
 * written by this commit (the same gen) takes f's facts (a lead is
 * recomputed again after routing). */
HO_MUST_CHECK ho_rc ho_store_put_alert(struct ho_store *st, const struct ho_alert_fact *f,
                                       const char *status, int64_t created, int64_t gen,
                                       struct ho_diag *diag);
/* The rows q selects in seq order; *rows owned by the caller. */
HO_MUST_CHECK ho_rc ho_store_load_alerts(struct ho_store *st, const struct ho_outbox_query *q,
                                         struct ho_outbox_row **rows, size_t *n,
                                         struct ho_diag *diag);
void ho_outbox_rows_free(struct ho_outbox_row *rows, size_t n);
/* Write row seq's delivery state (status, attempts, http_status, last_error,
 * next_at, sent_at) from r. */
HO_MUST_CHECK ho_rc ho_store_alert_attempt(struct ho_store *st, const struct ho_outbox_row *r,
                                           struct ho_diag *diag);
/* Make alert id (every target; NULL: every dead row) pending again at now,
 * with a new retry horizon from now.  *n is the rows changed; HO_ENOTFOUND
 * when id names no row. */
HO_MUST_CHECK ho_rc ho_store_alert_retry(struct ho_store *st, const char *id, int64_t now,
                                         size_t *n, struct ho_diag *diag);

/* Outbox rows by status (for /metrics: pending is the outbox depth). */
struct ho_outbox_counts {
    uint64_t pending, sent, dead, skipped; /* skipped: skipped_backfill + skipped_rebuild */
};
/* Count the rows by status into *out (all 0 for a database without an outbox). */
HO_MUST_CHECK ho_rc ho_store_count_alerts(struct ho_store *st, struct ho_outbox_counts *out,
                                          struct ho_diag *diag);

#endif /* HO_STORE_STORE_H */
