/* SPDX-License-Identifier: MIT */
/*
 * store/sqlite.c - the SQLite backend: ho_sqlite_ops (store/backend.h).
 *
 * One file, WAL, synchronous=FULL or NORMAL (ho_store_opts).  Statements are
 * prepared once per handle and reset after each use; text is bound, never
 * pasted into SQL.  The layout, its version check and migrations are in
 * store/schema.c.  This file moves rows; what the rows mean is core's.
 */
#include "store/backend.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/strtab.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "core/alerts.h"
#include "core/defs.h"
#include "core/event.h"
#include "core/funnel.h"
#include "core/journey.h"
#include "core/pipeline.h"
#include "core/route.h"
#include "store/sqlite_int.h"

/* How long a writer waits for another writer's transaction (a big import
 * holds the lock while it appends and recomputes); readers only ever wait
 * for a WAL recovery after a crash. */
#define WRITER_WAIT_MS 120000
#define READER_WAIT_MS 5000

/* A visitor belongs to the lead of its earliest linking event by (ts, id),
 * the order a replay uses (engine/lead_index.h); every SET of the upsert
 * reads the old row, so the same test decides all three columns. */
#define EARLIER_LINK                                                                          \
    "excluded.linked_at IS NOT NULL AND (linked_at IS NULL OR excluded.linked_at < linked_at" \
    " OR (excluded.linked_at = linked_at AND excluded.link_id < link_id))"

/* The stages of the journeys columns at_lead .. at_disqualified, in column
 * order; at_meeting (added in schema version 6) comes last in each
 * statement. */
#define HO_SQL_AT_STAGES 9
static const enum ho_stage sql_at_stage[HO_SQL_AT_STAGES] = {
    HO_STAGE_LEAD,        HO_STAGE_MQL,         HO_STAGE_SAL,
    HO_STAGE_SQL,         HO_STAGE_OPPORTUNITY, HO_STAGE_CUSTOMER,
    HO_STAGE_CLOSED_LOST, HO_STAGE_NURTURE,     HO_STAGE_DISQUALIFIED,
};

/* What routing reads of a journey (read_routing_row()). */
#define ROUTING_COLUMNS                                                                           \
    "lead, n, first_stage, closed, at_lead, at_mql, at_sal, at_sql, at_opportunity,"              \
    " at_customer, at_closed_lost, at_nurture, at_disqualified, rep, pool, assigned_at, account," \
    " at_meeting"

enum stmt_id {
    S_BEGIN,
    S_COMMIT,
    S_ROLLBACK,
    S_DEFS_ACTIVE,
    S_DEFS_DEACTIVATE,
    S_DEFS_INSERT,
    S_OWNER_GET,
    S_OWNER_GET_ID,
    S_OWNER_INSERT,
    S_OWNER_UPDATE,
    S_OWNER_SCAN,
    S_ID_BUCKET_GET,
    S_ID_BUCKET_PUT,
    S_ACCOUNTS_OF_LEAD,
    S_LEADS_OF_ACCOUNT,
    S_VISITORS_OF_LEAD,
    S_LEAD_OF_VISITOR,
    S_LINK_ACCOUNT,
    S_DICT_ID,
    S_DICT_TEXT,
    S_DICT_PUT,
    S_LEAD_UPSERT,
    S_JOURNEY_DELETE,
    S_JOURNEY_INSERT,
    S_JOURNEY_SELECT,
    S_META_GET,
    S_META_SET,
    S_CLOCK_DELETE,
    S_CLOCK_INSERT,
    S_CLOCK_SELECT,
    S_ROUTER_SELECT,
    S_ROUTER_UPSERT,
    S_JOURNEY_SCAN,
    S_JOURNEY_SCAN_MQL,
    S_ROUTING_HELD,
    S_ROUTING_WAITING,
    S_LEADS_SELECT,
    S_VISITOR_UPSERT,
    S_VISITOR_SELECT,
    S_SPEND_UPSERT,
    S_SPEND_SELECT,
    S_DEFS_LIST,
    S_DEFS_TEXT,
    S_DEFS_ADD,
    S_DEFS_SET_HASH,
    S_DEFS_SET_ACTIVE,
    S_ACTIVATION_INSERT,
    S_ACTIVATION_SELECT,
    S_SIGNOFF_INSERT,
    S_SIGNOFF_SELECT,
    /* the compact journey table: optional (a read-only handle on a version-3
     * database written before it existed has no such tables) */
    S_PACK_PUT,
    S_PACK_DELETE,
    S_PACK_SCAN,
    S_PACK_SIZE,
    S_PACK_FIND,
    S_PACK_GET,
    S_JDICT_PUT,
    S_JDICT_SCAN,
    S_TOKEN_INSERT,
    S_TOKEN_SELECT,
    S_TOKEN_REVOKE,
    S_IDEM_GET,
    S_IDEM_PUT,
    S_OUTBOX_PUT,
    S_OUTBOX_SELECT,
    S_OUTBOX_ATTEMPT,
    S_OUTBOX_RETRY,
    S_OUTBOX_RETRY_DEAD,
    S_OUTBOX_COUNT,
    S__COUNT
};
#define S_FIRST_OPTIONAL S_PACK_PUT

static const char *const stmt_sql[S__COUNT] = {
    [S_BEGIN] = "BEGIN IMMEDIATE",
    [S_COMMIT] = "COMMIT",
    [S_ROLLBACK] = "ROLLBACK",
    [S_DEFS_ACTIVE] = "SELECT id, text FROM definitions WHERE active = 1",
    [S_DEFS_DEACTIVATE] = "UPDATE definitions SET active = 0 WHERE active = 1",
    [S_DEFS_INSERT] = "INSERT INTO definitions(version, text, activated_at, forced, active) "
                      "VALUES (?1, ?2, ?3, ?4, 1)",
    [S_OWNER_GET] = "SELECT id, data, n_events, chunks FROM event_owners WHERE owner = ?1",
    [S_OWNER_GET_ID] = "SELECT owner, data FROM event_owners WHERE id = ?1",
    [S_OWNER_INSERT] =
        "INSERT INTO event_owners(owner, n_events, data, chunks) VALUES (?1, ?2, ?3, ?4)",
    [S_OWNER_UPDATE] =
        "UPDATE event_owners SET n_events = ?2, data = ?3, chunks = ?4 WHERE id = ?1",
    [S_OWNER_SCAN] = "SELECT id, data FROM event_owners ORDER BY id",
    [S_ID_BUCKET_GET] = "SELECT data FROM event_ids WHERE bucket = ?1",
    [S_ID_BUCKET_PUT] = "INSERT OR REPLACE INTO event_ids(bucket, data) VALUES (?1, ?2)",
    [S_ACCOUNTS_OF_LEAD] = "SELECT account FROM lead_accounts WHERE lead = ?1",
    [S_LEADS_OF_ACCOUNT] = "SELECT lead FROM lead_accounts WHERE account = ?1",
    [S_VISITORS_OF_LEAD] = "SELECT anonymous_id FROM visitors WHERE lead = ?1",
    [S_LEAD_OF_VISITOR] = "SELECT lead FROM visitors WHERE anonymous_id = ?1 AND lead IS NOT NULL",
    [S_LINK_ACCOUNT] = "INSERT OR IGNORE INTO lead_accounts(lead, account) VALUES (?1, ?2)",
    [S_DICT_ID] = "SELECT id FROM dict WHERE text = ?1",
    [S_DICT_TEXT] = "SELECT text FROM dict WHERE id = ?1",
    [S_DICT_PUT] = "INSERT INTO dict(text) VALUES (?1) ON CONFLICT(text) DO NOTHING",
    [S_LEAD_UPSERT] =
        "INSERT OR REPLACE INTO leads(lead, account, channel, source, stage, disqualified_by, "
        "sales_disqualified, fit, behavior, score, as_of, created, last_event, defs_id, journeys,"
        " campaign, heard_about, employees, last_behavior) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
        " ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    [S_JOURNEY_DELETE] = "DELETE FROM journeys WHERE lead = ?1",
    [S_JOURNEY_INSERT] =
        "INSERT INTO journeys(lead, n, channel, cohort, first_stage, furthest, last_stage, closed,"
        " criterion, mql_rule, reason, at_lead, at_mql, at_sal, at_sql, at_opportunity,"
        " at_customer, at_closed_lost, at_nurture, at_disqualified, rep, pool, assigned_at,"
        " first_contact_at, contact_made_at, contact_channels_48h, amount, campaign, revisit_at,"
        " rules_at_mql, account, monthly, heard_about, employees, criteria_at_mql, at_meeting)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
        " ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35,"
        " ?36)",
    [S_JOURNEY_SELECT] =
        "SELECT lead, n, channel, first_stage, furthest, last_stage, closed, criterion, reason,"
        " at_lead, at_mql, at_sal, at_sql, at_opportunity, at_customer, at_closed_lost,"
        " at_nurture, at_disqualified, rep, pool, assigned_at, first_contact_at, contact_made_at,"
        " contact_channels_48h, amount, campaign, revisit_at, rules_at_mql, account, monthly,"
        " heard_about, employees, criteria_at_mql, at_meeting FROM journeys ORDER BY lead, n",
    [S_CLOCK_DELETE] = "DELETE FROM sla_clocks WHERE lead = ?1",
    [S_CLOCK_INSERT] = "INSERT INTO sla_clocks(lead, journey, name, sla, started_at, stopped_at,"
                       " stop_event, within_ms, raw) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [S_CLOCK_SELECT] =
        "SELECT c.lead, c.journey, c.name, c.sla, c.started_at, c.stopped_at, c.stop_event,"
        " c.within_ms, c.raw, j.rep, j.pool, j.channel, j.criterion FROM sla_clocks c"
        " JOIN journeys j ON j.lead = c.lead AND j.n = c.journey ORDER BY c.started_at, c.lead",
    [S_ROUTER_SELECT] = "SELECT pool, rep, credit FROM router_state ORDER BY pool, rep",
    [S_ROUTER_UPSERT] =
        "INSERT OR REPLACE INTO router_state(pool, rep, credit) VALUES (?1, ?2, ?3)",
    [S_JOURNEY_SCAN] =
        "SELECT j.lead, l.stage, j.last_stage, j.closed, j.at_mql, j.first_contact_at,"
        " j.contact_made_at FROM journeys j JOIN leads l ON l.lead = j.lead",
    /* the WHERE repeats the partial index journeys_open_mql's (store/schema.c) */
    [S_JOURNEY_SCAN_MQL] =
        "SELECT j.lead, l.stage, j.last_stage, j.closed, j.at_mql, j.first_contact_at,"
        " j.contact_made_at FROM journeys j JOIN leads l ON l.lead = j.lead"
        " WHERE j.last_stage = 'mql' AND j.closed = 0 AND j.first_contact_at IS NULL"
        " AND j.contact_made_at IS NULL AND j.at_mql <= ?1",
    [S_ROUTING_HELD] = "SELECT " ROUTING_COLUMNS " FROM journeys WHERE rep IS NOT NULL"
                       " ORDER BY lead, n",
    /* the WHERE repeats the partial index journeys_waiting's (store/schema.c) */
    [S_ROUTING_WAITING] = "SELECT " ROUTING_COLUMNS " FROM journeys WHERE rep IS NULL"
                          " AND assigned_at IS NOT NULL AND closed = 0",
    [S_LEADS_SELECT] = "SELECT lead, account, channel, stage, fit, behavior, last_event,"
                       " last_behavior, created FROM leads ORDER BY lead",
    [S_VISITOR_UPSERT] =
        "INSERT INTO visitors(anonymous_id, first_seen, lead, linked_at, link_id)"
        " VALUES (?1, ?2, ?3, ?4, ?5)"
        " ON CONFLICT(anonymous_id) DO UPDATE SET first_seen = min(first_seen, "
        "excluded.first_seen),"
        " lead = CASE WHEN " EARLIER_LINK " THEN excluded.lead ELSE lead END,"
        " linked_at = CASE WHEN " EARLIER_LINK " THEN excluded.linked_at ELSE linked_at END,"
        " link_id = CASE WHEN " EARLIER_LINK " THEN excluded.link_id ELSE link_id END",
    [S_VISITOR_SELECT] = "SELECT first_seen, linked_at FROM visitors",
    [S_META_GET] = "SELECT value FROM meta WHERE key = ?1",
    [S_META_SET] = "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)",
    [S_SPEND_UPSERT] = "INSERT OR REPLACE INTO spend(channel, month, amount) VALUES (?1, ?2, ?3)",
    [S_SPEND_SELECT] = "SELECT channel, month, amount FROM spend ORDER BY channel, month",
    [S_DEFS_LIST] = "SELECT id, version, hash, author, proposed_at, activated_at, forced, active"
                    " FROM definitions ORDER BY id",
    [S_DEFS_TEXT] = "SELECT text FROM definitions WHERE id = ?1",
    [S_DEFS_ADD] = "INSERT INTO definitions(id, version, text, activated_at, forced, active, hash,"
                   " author, proposed_at) VALUES (?1, ?2, ?3, 0, 0, 0, ?4, ?5, ?6)",
    [S_DEFS_SET_HASH] = "UPDATE definitions SET hash = ?2 WHERE id = ?1",
    [S_DEFS_SET_ACTIVE] =
        "UPDATE definitions SET active = 1,"
        " forced = CASE WHEN activated_at = 0 THEN ?3 ELSE forced END,"
        " activated_at = CASE WHEN activated_at = 0 THEN ?2 ELSE activated_at END WHERE id = ?1",
    [S_ACTIVATION_INSERT] = "INSERT INTO definition_activations(defs_id, at, forced, activated_by,"
                            " missing, effective, restatement) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    /* rows from before schema 5 took effect when they were recorded */
    [S_ACTIVATION_SELECT] = "SELECT seq, defs_id, at, forced, activated_by, missing,"
                            " coalesce(effective, at), restatement"
                            " FROM definition_activations ORDER BY seq",
    [S_SIGNOFF_INSERT] = "INSERT INTO definition_signoffs(defs_id, side, signer, hash, at,"
                         " from_file) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [S_SIGNOFF_SELECT] = "SELECT defs_id, side, signer, hash, at, from_file"
                         " FROM definition_signoffs ORDER BY defs_id, rowid",
    [S_PACK_PUT] = "INSERT OR REPLACE INTO journey_pack(lead, data) VALUES (?1, ?2)",
    [S_PACK_DELETE] = "DELETE FROM journey_pack WHERE lead = ?1",
    [S_PACK_SCAN] = "SELECT lead, data FROM journey_pack ORDER BY lead",
    [S_PACK_SIZE] = "SELECT count(*), total(length(data)) FROM journey_pack",
    [S_PACK_FIND] = "SELECT lead FROM journey_pack WHERE lead <= ?1 ORDER BY lead DESC LIMIT 1",
    [S_PACK_GET] =
        "SELECT lead, data FROM journey_pack WHERE lead <= ?1 ORDER BY lead DESC LIMIT 1",
    [S_JDICT_PUT] = "INSERT INTO journey_dict(id, text) VALUES (?1, ?2)",
    [S_JDICT_SCAN] = "SELECT id, text FROM journey_dict WHERE id > ?1 ORDER BY id",
    [S_TOKEN_INSERT] =
        "INSERT INTO tokens(id, name, scope, hash, created) VALUES (?1, ?2, ?3, ?4, ?5)",
    [S_TOKEN_SELECT] =
        "SELECT id, name, scope, hash, created, revoked FROM tokens ORDER BY created, id",
    [S_TOKEN_REVOKE] = "UPDATE tokens SET revoked = ?2 WHERE id = ?1 AND revoked IS NULL",
    [S_IDEM_GET] = "SELECT fingerprint, status, body FROM idempotency_keys WHERE key = ?1",
    [S_IDEM_PUT] = "INSERT INTO idempotency_keys(key, fingerprint, status, body, created)"
                   " VALUES (?1, ?2, ?3, ?4, ?5)",
    /* a row of an earlier commit stays as it is; this commit's own (gen) is refreshed */
    [S_OUTBOX_PUT] =
        "INSERT INTO outbox(id, target, kind, lead, at, rep, stage_from, stage_to, fit, behavior,"
        " criterion, top_rules, sla, deadline, reason, category, status, next_at, created,"
        " retry_from, gen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
        " ?15, ?16, ?17, ?18, ?18, ?18, ?19) ON CONFLICT(id, target) DO UPDATE SET"
        " at = excluded.at, rep = excluded.rep, stage_from = excluded.stage_from,"
        " stage_to = excluded.stage_to, fit = excluded.fit, behavior = excluded.behavior,"
        " criterion = excluded.criterion, top_rules = excluded.top_rules,"
        " deadline = excluded.deadline, reason = excluded.reason, category = excluded.category"
        " WHERE gen = excluded.gen",
    [S_OUTBOX_SELECT] =
        "SELECT seq, id, target, kind, lead, rep, stage_from, stage_to, criterion, top_rules, sla,"
        " reason, category, status, last_error, at, deadline, created, next_at, sent_at,"
        " retry_from, fit, behavior, attempts, http_status FROM outbox"
        " WHERE (?1 IS NULL OR status = ?1) AND next_at <= ?2 AND at >= ?3 ORDER BY seq"
        " LIMIT ?4",
    [S_OUTBOX_ATTEMPT] = "UPDATE outbox SET status = ?2, attempts = ?3, http_status = ?4,"
                         " last_error = ?5, next_at = ?6, sent_at = ?7 WHERE seq = ?1",
    [S_OUTBOX_RETRY] = "UPDATE outbox SET status = 'pending', next_at = ?2, retry_from = ?2"
                       " WHERE id = ?1",
    [S_OUTBOX_COUNT] = "SELECT status, count(*) FROM outbox GROUP BY status",
    [S_OUTBOX_RETRY_DEAD] = "UPDATE outbox SET status = 'pending', next_at = ?1, retry_from = ?1"
                            " WHERE status = 'dead'",
};

struct ho_store_backend {
    sqlite3 *db;
    sqlite3_stmt *stmt[S__COUNT];
    bool read_only;
};

static ho_rc
db_error(struct ho_store_backend *st, struct ho_diag *diag, const char *what)
{
    return ho_diag_set(diag, HO_ESTORE, "%s: %s", what, sqlite3_errmsg(st->db));
}

/* Step a statement that returns no rows, then reset it. */
static ho_rc
exec_stmt(struct ho_store_backend *st, enum stmt_id id, struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[id];
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return db_error(st, diag, stmt_sql[id]);
    return HO_OK;
}

/* A writer waiting for the write lock tries again every millisecond (up to
 * WRITER_WAIT_MS): SQLite's own busy timeout backs off to 100 ms sleeps, so
 * a second writer beside serve's back-to-back group commits (the alert
 * delivery thread, a CLI command) would miss the gaps between them. */
static int
writer_busy(void *arg, int tries)
{
    (void)arg;
    if (tries >= WRITER_WAIT_MS)
        return 0;
    (void)usleep(1000);
    return 1;
}

/* "file:PATH?immutable=1" with PATH percent-encoded where a URI needs it. */
static void
immutable_uri(const char *path, struct ho_buf *out)
{
    ho_buf_adds(out, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#' || *p < 0x21 || *p >= 0x7f)
            ho_buf_printf(out, "%%%02X", *p);
        else
            ho_buf_addc(out, (char)*p);
    }
    ho_buf_adds(out, "?immutable=1");
}

/* The connection: read-only, or read-write (created when allowed).  A
 * missing file is HO_ENOTFOUND unless it may be created, so a mistyped
 * path never leaves an empty database behind.  immutable: read a file
 * nobody can write (no -shm can be created next to it) without locking. */
static ho_rc
open_connection(struct ho_store_backend *st, const char *path, enum ho_store_mode mode,
                bool immutable, struct ho_diag *diag)
{
    struct stat sb;
    bool memory = strcmp(path, ":memory:") == 0 || path[0] == '\0';
    if (mode != HO_STORE_CREATE && !memory && stat(path, &sb) != 0)
        return ho_diag_set(diag, HO_ENOTFOUND, "no such database '%s'", path);
    int flags = SQLITE_OPEN_NOMUTEX;
    if (mode == HO_STORE_READ_ONLY)
        flags |= SQLITE_OPEN_READONLY;
    else
        flags |= SQLITE_OPEN_READWRITE | (mode == HO_STORE_CREATE ? SQLITE_OPEN_CREATE : 0);
    struct ho_buf uri = HO_BUF_INIT;
    if (immutable)
        immutable_uri(path, &uri);
    int rc = sqlite3_open_v2(immutable ? ho_buf_cstr(&uri) : path, &st->db,
                             flags | (immutable ? SQLITE_OPEN_URI : 0), NULL);
    ho_buf_release(&uri);
    if (rc != SQLITE_OK)
        return ho_diag_set(diag, HO_ESTORE, "cannot open database '%s': %s", path,
                           st->db ? sqlite3_errmsg(st->db) : "out of memory");
    if (mode == HO_STORE_READ_ONLY)
        sqlite3_busy_timeout(st->db, READER_WAIT_MS);
    else
        sqlite3_busy_handler(st->db, writer_busy, NULL);
    return HO_OK;
}

/* Connection settings.  A 256 MiB page cache keeps the lead and journey
 * B-trees in memory during a large recompute instead of spilling to the
 * file.  Only a writer sets WAL (it is stored in the file) and synchronous. */
static ho_rc
configure(struct ho_store_backend *st, const char *path, const struct ho_store_opts *o,
          struct ho_diag *diag)
{
    const char *sql = "PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;"
                      " PRAGMA mmap_size=4294967296;";
    if (o->mode != HO_STORE_READ_ONLY)
        sql = o->durability == HO_DURABLE_NORMAL
                  ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                    " PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;"
                  : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                    " PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;";
    char *err = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &err) != SQLITE_OK) {
        ho_rc rc = ho_diag_set(diag, HO_ESTORE, "cannot initialise database '%s': %s", path,
                               err ? err : sqlite3_errmsg(st->db));
        sqlite3_free(err);
        return rc;
    }
    return HO_OK;
}

static ho_rc
prepare_all(struct ho_store_backend *st, struct ho_diag *diag)
{
    for (int i = 0; i < S__COUNT; i++) {
        if (sqlite3_prepare_v3(st->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &st->stmt[i],
                               NULL) == SQLITE_OK)
            continue;
        if (i < S_FIRST_OPTIONAL || !st->read_only)
            return db_error(st, diag, "cannot prepare statement");
        sqlite3_finalize(st->stmt[i]);
        st->stmt[i] = NULL; /* no journey pack: its reads say HO_ENOTFOUND */
    }
    return HO_OK;
}

/* A reader holds one read transaction for its whole life: every query sees
 * the same committed snapshot, whatever a writer commits meanwhile (WAL). */
static ho_rc
begin_snapshot(struct ho_store_backend *st, struct ho_diag *diag)
{
    if (sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return db_error(st, diag, "cannot start a read transaction");
    return HO_OK;
}

static void sq_close(struct ho_store_backend *st);

/* Open, configure, check the schema and prepare: one attempt. */
static ho_rc
open_store(const char *path, const struct ho_store_opts *opts, bool immutable,
           struct ho_store_backend **out, struct ho_diag *diag)
{
    *out = NULL;
    struct ho_store_backend *st = ho_xcalloc(1, sizeof(*st));
    st->read_only = opts->mode == HO_STORE_READ_ONLY;
    ho_rc rc = open_connection(st, path, opts->mode, immutable, diag);
    if (rc == HO_OK)
        rc = configure(st, path, opts, diag);
    if (rc == HO_OK && st->read_only)
        rc = begin_snapshot(st, diag);
    if (rc == HO_OK)
        rc = ho_schema_prepare(st->db, path, !st->read_only, opts->note, diag);
    if (rc == HO_OK)
        rc = prepare_all(st, diag);
    if (rc != HO_OK) {
        sq_close(st);
        return rc;
    }
    *out = st;
    return HO_OK;
}

ho_rc
ho_sqlite_open(const char *path, const struct ho_store_opts *opts, struct ho_store_backend **out,
               struct ho_diag *diag)
{
    ho_rc rc = open_store(path, opts, false, out, diag);
    /* A WAL file needs its -shm beside it even to be read; when that cannot
     * be created (a read-only copy in a read-only directory), nobody can be
     * writing this file either, so read it as immutable. */
    if (rc == HO_ESTORE && opts->mode == HO_STORE_READ_ONLY && access(path, W_OK) != 0) {
        ho_diag_clear(diag);
        rc = open_store(path, opts, true, out, diag);
    }
    return rc;
}

static void
sq_close(struct ho_store_backend *st)
{
    if (!st)
        return;
    for (int i = 0; i < S__COUNT; i++)
        sqlite3_finalize(st->stmt[i]);
    if (st->read_only && st->db)
        (void)sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL); /* end the snapshot */
    sqlite3_close(st->db);
    ho_xfree(st);
}

static ho_rc
sq_begin(struct ho_store_backend *st, struct ho_diag *diag)
{
    return exec_stmt(st, S_BEGIN, diag);
}

static ho_rc
sq_commit(struct ho_store_backend *st, struct ho_diag *diag)
{
    return exec_stmt(st, S_COMMIT, diag);
}

static void
sq_rollback(struct ho_store_backend *st)
{
    (void)exec_stmt(st, S_ROLLBACK, NULL);
}

/* ---- definitions ---- */

static ho_rc
sq_active_defs(struct ho_store_backend *st, struct ho_buf *text, int64_t *out_id,
               struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_DEFS_ACTIVE];
    int rc = sqlite3_step(s);
    ho_rc result = HO_OK;
    if (rc == SQLITE_ROW) {
        *out_id = sqlite3_column_int64(s, 0);
        ho_buf_add(text, sqlite3_column_text(s, 1), (size_t)sqlite3_column_bytes(s, 1));
    } else if (rc == SQLITE_DONE) {
        result = ho_diag_set(diag, HO_ENOTFOUND, "no definitions have been activated");
    } else {
        result = db_error(st, diag, "cannot read the active definitions");
    }
    sqlite3_reset(s);
    return result;
}

static ho_rc
sq_insert_defs(struct ho_store_backend *st, int64_t version, const char *text, size_t len,
               bool forced, int64_t now_ms, int64_t *out_id, struct ho_diag *diag)
{
    ho_rc rc = exec_stmt(st, S_DEFS_DEACTIVATE, diag);
    if (rc != HO_OK)
        return rc;
    sqlite3_stmt *s = st->stmt[S_DEFS_INSERT];
    sqlite3_bind_int64(s, 1, version);
    sqlite3_bind_text(s, 2, text, (int)len, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, now_ms);
    sqlite3_bind_int(s, 4, forced);
    rc = exec_stmt(st, S_DEFS_INSERT, diag);
    if (rc == HO_OK)
        *out_id = sqlite3_last_insert_rowid(st->db);
    return rc;
}

/* ---- definitions versions, sign-offs, activations ---- */

/* Column col as an id of strings (0 for NULL or empty). */
static uint32_t
col_intern(sqlite3_stmt *s, int col, struct ho_strtab *strings)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    return t ? ho_strtab_intern(strings, (const char *)t, (size_t)sqlite3_column_bytes(s, col)) : 0;
}

/* Bind strings' text of id (NULL for 0). */
static void
bind_id_text(sqlite3_stmt *s, int col, const struct ho_strtab *strings, uint32_t id)
{
    if (id == 0)
        sqlite3_bind_null(s, col);
    else
        sqlite3_bind_text(s, col, ho_strtab_str(strings, id), (int)ho_strtab_strlen(strings, id),
                          SQLITE_STATIC);
}

static ho_rc
sq_defs_versions(struct ho_store_backend *st, struct ho_strtab *strings,
                 struct ho_defs_version_row **rows, size_t *n, struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_DEFS_LIST];
    size_t cap = 0;
    int rc;
    *rows = NULL;
    *n = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        HO_GROW(*rows, cap, *n + 1);
        struct ho_defs_version_row *r = &(*rows)[(*n)++];
        r->id = sqlite3_column_int64(s, 0);
        r->version = sqlite3_column_int64(s, 1);
        r->hash = col_intern(s, 2, strings);
        r->author = col_intern(s, 3, strings);
        r->proposed_at = sqlite3_column_int64(s, 4);
        r->activated_at = sqlite3_column_int64(s, 5);
        r->forced = sqlite3_column_int(s, 6) != 0;
        r->active = sqlite3_column_int(s, 7) != 0;
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? HO_OK : db_error(st, diag, "cannot read the definitions versions");
}

static ho_rc
sq_defs_text(struct ho_store_backend *st, int64_t id, struct ho_buf *text, struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_DEFS_TEXT];
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    ho_rc result = HO_OK;
    if (rc == SQLITE_ROW)
        ho_buf_add(text, sqlite3_column_text(s, 0), (size_t)sqlite3_column_bytes(s, 0));
    else if (rc == SQLITE_DONE)
        result = ho_diag_set(diag, HO_ENOTFOUND, "no definitions version %lld", (long long)id);
    else
        result = db_error(st, diag, "cannot read a definitions version");
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return result;
}

static ho_rc
sq_defs_add(struct ho_store_backend *st, const struct ho_defs_version_row *v,
            const struct ho_strtab *strings, const char *text, size_t len, struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_DEFS_ADD];
    sqlite3_bind_int64(s, 1, v->id);
    sqlite3_bind_int64(s, 2, v->version);
    sqlite3_bind_text(s, 3, text, (int)len, SQLITE_STATIC);
    bind_id_text(s, 4, strings, v->hash);
    bind_id_text(s, 5, strings, v->author);
    sqlite3_bind_int64(s, 6, v->proposed_at);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (rc == SQLITE_CONSTRAINT)
        return ho_diag_set(diag, HO_ECONFLICT, "definitions version %lld is already stored",
                           (long long)v->id);
    return rc == SQLITE_DONE ? HO_OK : db_error(st, diag, "cannot store a definitions version");
}

static ho_rc
sq_defs_set_hash(struct ho_store_backend *st, int64_t id, const char *hash, struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_DEFS_SET_HASH];
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_text(s, 2, hash, -1, SQLITE_STATIC);
    return exec_stmt(st, S_DEFS_SET_HASH, diag);
}

static ho_rc
sq_defs_activate(struct ho_store_backend *st, const struct ho_defs_activation_row *a,
                 const struct ho_strtab *strings, struct ho_diag *diag)
{
    ho_rc rc = exec_stmt(st, S_DEFS_DEACTIVATE, diag);
    if (rc != HO_OK)
        return rc;
    sqlite3_stmt *s = st->stmt[S_DEFS_SET_ACTIVE];
    sqlite3_bind_int64(s, 1, a->defs_id);
    sqlite3_bind_int64(s, 2, a->at);
    sqlite3_bind_int(s, 3, a->forced);
    rc = exec_stmt(st, S_DEFS_SET_ACTIVE, diag);
    if (rc == HO_OK && sqlite3_changes(st->db) != 1)
        rc = ho_diag_set(diag, HO_ENOTFOUND, "no definitions version %lld", (long long)a->defs_id);
    if (rc != HO_OK)
        return rc;
    s = st->stmt[S_ACTIVATION_INSERT];
    sqlite3_bind_int64(s, 1, a->defs_id);
    sqlite3_bind_int64(s, 2, a->at);
    sqlite3_bind_int(s, 3, a->forced);
    bind_id_text(s, 4, strings, a->by);
    bind_id_text(s, 5, strings, a->missing);
    sqlite3_bind_int64(s, 6, a->effective);
    sqlite3_bind_int(s, 7, a->restatement);
    return exec_stmt(st, S_ACTIVATION_INSERT, diag);
}

static ho_rc
sq_defs_activations(struct ho_store_backend *st, struct ho_strtab *strings,
                    struct ho_defs_activation_row **rows, size_t *n, struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_ACTIVATION_SELECT];
    size_t cap = 0;
    int rc;
    *rows = NULL;
    *n = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        HO_GROW(*rows, cap, *n + 1);
        struct ho_defs_activation_row *r = &(*rows)[(*n)++];
        r->seq = sqlite3_column_int64(s, 0);
        r->defs_id = sqlite3_column_int64(s, 1);
        r->at = sqlite3_column_int64(s, 2);
        r->forced = sqlite3_column_int(s, 3) != 0;
        r->by = col_intern(s, 4, strings);
        r->missing = col_intern(s, 5, strings);
        r->effective = sqlite3_column_int64(s, 6);
        r->restatement = sqlite3_column_int(s, 7) != 0;
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? HO_OK : db_error(st, diag, "cannot read the activations");
}

static ho_rc
sq_defs_sign(struct ho_store_backend *st, const struct ho_defs_signoff_row *r,
             const struct ho_strtab *strings, struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_SIGNOFF_INSERT];
    sqlite3_bind_int64(s, 1, r->defs_id);
    sqlite3_bind_text(s, 2, r->side == HO_SIDE_SALES ? "sales" : "marketing", -1, SQLITE_STATIC);
    bind_id_text(s, 3, strings, r->by);
    bind_id_text(s, 4, strings, r->hash);
    sqlite3_bind_int64(s, 5, r->at);
    sqlite3_bind_int(s, 6, r->from_file);
    return exec_stmt(st, S_SIGNOFF_INSERT, diag);
}

static ho_rc
sq_defs_signoffs(struct ho_store_backend *st, struct ho_strtab *strings,
                 struct ho_defs_signoff_row **rows, size_t *n, struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_SIGNOFF_SELECT];
    size_t cap = 0;
    int rc;
    *rows = NULL;
    *n = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        HO_GROW(*rows, cap, *n + 1);
        struct ho_defs_signoff_row *r = &(*rows)[(*n)++];
        const unsigned char *side = sqlite3_column_text(s, 1);
        r->defs_id = sqlite3_column_int64(s, 0);
        r->side =
            side && strcmp((const char *)side, "sales") == 0 ? HO_SIDE_SALES : HO_SIDE_MARKETING;
        r->by = col_intern(s, 2, strings);
        r->hash = col_intern(s, 3, strings);
        r->at = sqlite3_column_int64(s, 4);
        r->from_file = sqlite3_column_int(s, 5) != 0;
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? HO_OK : db_error(st, diag, "cannot read the sign-offs");
}

/* ---- event log, by owner ---- */

/* Copy column col of s's current row into out (a blob or text). */
static void
column_into(sqlite3_stmt *s, int col, struct ho_buf *out)
{
    const void *p = sqlite3_column_blob(s, col);
    size_t len = (size_t)sqlite3_column_bytes(s, col);
    ho_buf_reset(out);
    if (p && len)
        ho_buf_add(out, p, len);
}

/* Step s once for a single-row read: HO_OK with a row, HO_ENOTFOUND
 * without, HO_ESTORE on failure; the caller resets s. */
static ho_rc
step_one(struct ho_store_backend *st, sqlite3_stmt *s, const char *what, struct ho_diag *diag)
{
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW)
        return HO_OK;
    if (step == SQLITE_DONE)
        return HO_ENOTFOUND;
    return db_error(st, diag, what);
}

static ho_rc
sq_owner_get(struct ho_store_backend *st, const char *key, size_t len, struct ho_owner_row *row,
             struct ho_buf *data, struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_OWNER_GET];
    sqlite3_bind_text(s, 1, key, (int)len, SQLITE_STATIC);
    ho_rc rc = step_one(st, s, "cannot read the event log", diag);
    if (rc == HO_OK) {
        row->id = sqlite3_column_int64(s, 0);
        column_into(s, 1, data);
        row->n_events = (size_t)sqlite3_column_int64(s, 2);
        row->chunks = (size_t)sqlite3_column_int64(s, 3);
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return rc;
}

static ho_rc
sq_owner_get_id(struct ho_store_backend *st, int64_t id, struct ho_buf *key, struct ho_buf *data,
                struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_OWNER_GET_ID];
    sqlite3_bind_int64(s, 1, id);
    ho_rc rc = step_one(st, s, "cannot read the event log", diag);
    if (rc == HO_OK) {
        column_into(s, 0, key);
        column_into(s, 1, data);
    }
    sqlite3_reset(s);
    return rc;
}

static ho_rc
sq_owner_put(struct ho_store_backend *st, const char *key, size_t len, struct ho_owner_row *row,
             const uint8_t *data, size_t data_len, struct ho_diag *diag)
{
    enum stmt_id which = row->id ? S_OWNER_UPDATE : S_OWNER_INSERT;
    sqlite3_stmt *s = st->stmt[which];
    if (row->id)
        sqlite3_bind_int64(s, 1, row->id);
    else
        sqlite3_bind_text(s, 1, key, (int)len, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)row->n_events);
    sqlite3_bind_blob64(s, 3, data, data_len, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, (sqlite3_int64)row->chunks);
    ho_rc rc = exec_stmt(st, which, diag);
    if (rc == HO_OK && !row->id)
        row->id = sqlite3_last_insert_rowid(st->db);
    return rc;
}

/* fn for every row of s (columns: id, blob), then reset s. */
static ho_rc
scan_blobs(struct ho_store_backend *st, sqlite3_stmt *s, ho_store_owner_fn fn, void *ctx,
           struct ho_diag *diag)
{
    ho_rc rc = HO_OK;
    int step = SQLITE_DONE;
    while (rc == HO_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        const uint8_t *data = sqlite3_column_blob(s, 1);
        size_t len = (size_t)sqlite3_column_bytes(s, 1);
        rc = fn(ctx, sqlite3_column_int64(s, 0), data, len, diag);
    }
    if (rc == HO_OK && step != SQLITE_DONE)
        rc = db_error(st, diag, "cannot read the event log");
    sqlite3_reset(s);
    return rc;
}

static ho_rc
sq_owner_scan(struct ho_store_backend *st, ho_store_owner_fn fn, void *ctx, struct ho_diag *diag)
{
    return scan_blobs(st, st->stmt[S_OWNER_SCAN], fn, ctx, diag);
}

static ho_rc
sq_id_bucket_get(struct ho_store_backend *st, int64_t bucket, struct ho_buf *data,
                 struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_ID_BUCKET_GET];
    sqlite3_bind_int64(s, 1, bucket);
    ho_rc rc = step_one(st, s, "cannot read the event ids", diag);
    if (rc == HO_OK)
        column_into(s, 0, data);
    sqlite3_reset(s);
    return rc;
}

static ho_rc
sq_id_bucket_put(struct ho_store_backend *st, int64_t bucket, const uint8_t *data, size_t len,
                 struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_ID_BUCKET_PUT];
    sqlite3_bind_int64(s, 1, bucket);
    sqlite3_bind_blob64(s, 2, data, len, SQLITE_STATIC);
    return exec_stmt(st, S_ID_BUCKET_PUT, diag);
}

static ho_rc
sq_related(struct ho_store_backend *st, enum ho_store_relation rel, const char *key,
           ho_store_related_fn fn, void *ctx, struct ho_diag *diag)
{
    static const enum stmt_id by_rel[] = {
        [HO_REL_ACCOUNTS_OF_LEAD] = S_ACCOUNTS_OF_LEAD,
        [HO_REL_LEADS_OF_ACCOUNT] = S_LEADS_OF_ACCOUNT,
        [HO_REL_VISITORS_OF_LEAD] = S_VISITORS_OF_LEAD,
        [HO_REL_LEAD_OF_VISITOR] = S_LEAD_OF_VISITOR,
    };
    sqlite3_stmt *s = st->stmt[by_rel[rel]];
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    ho_rc rc = HO_OK;
    int step = SQLITE_DONE;
    while (rc == HO_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(s, 0);
        if (text)
            rc = fn(ctx, text, (size_t)sqlite3_column_bytes(s, 0), diag);
    }
    if (rc == HO_OK && step != SQLITE_DONE)
        rc = db_error(st, diag, "cannot read which events a lead's history holds");
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return rc;
}

static ho_rc
sq_link_account(struct ho_store_backend *st, const char *lead, const char *account,
                struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_LINK_ACCOUNT];
    sqlite3_bind_text(s, 1, lead, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, account, -1, SQLITE_STATIC);
    return exec_stmt(st, S_LINK_ACCOUNT, diag);
}

static ho_rc
sq_dict_id(struct ho_store_backend *st, const char *text, size_t len, int64_t *id,
           struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_DICT_ID];
    sqlite3_bind_text(s, 1, text, (int)len, SQLITE_STATIC);
    ho_rc rc = step_one(st, s, "cannot read the dictionary", diag);
    if (rc == HO_OK)
        *id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return rc;
}

static ho_rc
sq_dict_text(struct ho_store_backend *st, int64_t id, struct ho_buf *text, struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_DICT_TEXT];
    sqlite3_bind_int64(s, 1, id);
    ho_rc rc = step_one(st, s, "cannot read the dictionary", diag);
    if (rc == HO_OK)
        column_into(s, 0, text);
    sqlite3_reset(s);
    return rc;
}

static ho_rc
sq_dict_put(struct ho_store_backend *st, const char *text, size_t len, int64_t *id,
            struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_DICT_PUT];
    sqlite3_bind_text(s, 1, text, (int)len, SQLITE_STATIC);
    ho_rc rc = exec_stmt(st, S_DICT_PUT, diag);
    return rc == HO_OK ? sq_dict_id(st, text, len, id, diag) : rc;
}

/* The batches of a schema-2 database, prepared on demand: the table is
 * gone once they are converted. */
static ho_rc
sq_legacy_batches(struct ho_store_backend *st, ho_store_owner_fn fn, void *ctx,
                  struct ho_diag *diag)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, "SELECT seq, data FROM event_batches ORDER BY seq", -1, &s,
                           NULL) != SQLITE_OK) {
        sqlite3_finalize(s);
        return HO_ENOTFOUND;
    }
    ho_rc rc = fn ? scan_blobs(st, s, fn, ctx, diag) : HO_OK;
    sqlite3_finalize(s);
    return rc;
}

static ho_rc
sq_drop_legacy(struct ho_store_backend *st, struct ho_diag *diag)
{
    if (sqlite3_exec(st->db, "DROP TABLE IF EXISTS event_batches", NULL, NULL, NULL) != SQLITE_OK)
        return db_error(st, diag, "cannot drop the converted event batches");
    return HO_OK;
}

/* ---- derived state ---- */

/* Empty the journey pack and its dictionary, mark the pack complete, and
 * count the dictionary's generation up. */
#define PACK_RESET_SQL                                                     \
    " DELETE FROM journey_pack; DELETE FROM journey_dict;"                 \
    " INSERT OR REPLACE INTO meta(key, value) VALUES ('journey_pack', 1);" \
    " INSERT OR REPLACE INTO meta(key, value) VALUES ('journey_dict',"     \
    " coalesce((SELECT value FROM meta WHERE key = 'journey_dict'), 0) + 1);"

static ho_rc
sq_clear_state(struct ho_store_backend *st, struct ho_diag *diag)
{
    char *err = NULL;
    if (sqlite3_exec(st->db,
                     "DELETE FROM sla_clocks; DELETE FROM journeys; DELETE FROM leads;"
                     " DELETE FROM visitors;" PACK_RESET_SQL,
                     NULL, NULL, &err) != SQLITE_OK) {
        ho_rc rc = ho_diag_set(diag, HO_ESTORE, "cannot clear derived state: %s", err);
        sqlite3_free(err);
        return rc;
    }
    return HO_OK;
}

static void
bind_text_or_null(sqlite3_stmt *s, int col, const char *text)
{
    if (text && *text)
        sqlite3_bind_text(s, col, text, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, col);
}

static void
bind_time_or_null(sqlite3_stmt *s, int col, int64_t t)
{
    if (t == HO_TIME_NONE)
        sqlite3_bind_null(s, col);
    else
        sqlite3_bind_int64(s, col, t);
}

static ho_rc
put_journey(struct ho_store_backend *st, const struct ho_lead_record *l, size_t i,
            struct ho_diag *diag)
{
    const struct ho_journey_record *jr = &l->journeys[i];
    const struct ho_journey *j = jr->j;
    sqlite3_stmt *s = st->stmt[S_JOURNEY_INSERT];
    char month[HO_TIME_STRLEN];
    sqlite3_bind_text(s, 1, l->lead, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, j->n);
    bind_text_or_null(s, 3, l->channel);
    sqlite3_bind_text(s, 4, ho_time_format_month(ho_journey_start(j), month), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 5, ho_stage_name(j->first), -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, ho_stage_name(j->furthest), -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 7, ho_stage_name(j->last), -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 8, j->closed);
    sqlite3_bind_int(s, 9, j->criterion);
    bind_text_or_null(s, 10, jr->criterion);
    bind_text_or_null(s, 11, jr->reason);
    for (int k = 0; k < HO_SQL_AT_STAGES; k++)
        bind_time_or_null(s, 12 + k, j->entered[sql_at_stage[k]]);
    bind_text_or_null(s, 21, jr->rep);
    bind_text_or_null(s, 22, jr->pool);
    bind_time_or_null(s, 23, j->assigned_at);
    bind_time_or_null(s, 24, j->first_contact_at);
    bind_time_or_null(s, 25, j->contact_made_at);
    sqlite3_bind_int(s, 26, j->contact_channels_48h);
    if (j->has_amount)
        sqlite3_bind_double(s, 27, j->amount);
    else
        sqlite3_bind_null(s, 27);
    bind_text_or_null(s, 28, l->campaign);
    bind_time_or_null(s, 29, j->revisit_at);
    sqlite3_bind_int64(s, 30, (sqlite3_int64)j->rules_at_mql);
    bind_text_or_null(s, 31, l->account);
    if (j->has_amount)
        sqlite3_bind_double(s, 32, j->monthly);
    else
        sqlite3_bind_null(s, 32);
    bind_text_or_null(s, 33, l->heard_about);
    bind_text_or_null(s, 34, l->employees);
    sqlite3_bind_int64(s, 35, (sqlite3_int64)j->criteria_at_mql);
    bind_time_or_null(s, 36, j->entered[HO_STAGE_MEETING]);
    return exec_stmt(st, S_JOURNEY_INSERT, diag);
}

static ho_rc
put_clock(struct ho_store_backend *st, const struct ho_lead_record *l, size_t i,
          struct ho_diag *diag)
{
    const struct ho_clock_record *cr = &l->clocks[i];
    const struct ho_sla_clock *c = cr->c;
    sqlite3_stmt *s = st->stmt[S_CLOCK_INSERT];
    sqlite3_bind_text(s, 1, l->lead, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, l->journeys[c->journey].j->n);
    sqlite3_bind_text(s, 3, cr->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, c->sla);
    sqlite3_bind_int64(s, 5, c->started);
    bind_time_or_null(s, 6, c->stopped);
    bind_text_or_null(s, 7, cr->stop);
    sqlite3_bind_int64(s, 8, cr->within_ms);
    sqlite3_bind_int(s, 9, cr->raw);
    return exec_stmt(st, S_CLOCK_INSERT, diag);
}

static ho_rc
sq_put_lead(struct ho_store_backend *st, const struct ho_lead_record *l, bool replace,
            struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_LEAD_UPSERT];
    sqlite3_bind_text(s, 1, l->lead, -1, SQLITE_STATIC);
    bind_text_or_null(s, 2, l->account);
    bind_text_or_null(s, 3, l->channel);
    bind_text_or_null(s, 4, l->source);
    sqlite3_bind_text(s, 5, l->stage, -1, SQLITE_STATIC);
    bind_text_or_null(s, 6, l->disqualified_by);
    sqlite3_bind_int(s, 7, l->sales_disqualified);
    sqlite3_bind_double(s, 8, l->fit);
    sqlite3_bind_double(s, 9, l->behavior);
    sqlite3_bind_double(s, 10, l->fit + l->behavior);
    sqlite3_bind_int64(s, 11, l->as_of);
    bind_time_or_null(s, 12, l->created);
    bind_time_or_null(s, 13, l->last_event);
    sqlite3_bind_int64(s, 14, l->defs_id);
    sqlite3_bind_int64(s, 15, (sqlite3_int64)l->n_journeys);
    bind_text_or_null(s, 16, l->campaign);
    bind_text_or_null(s, 17, l->heard_about);
    bind_text_or_null(s, 18, l->employees);
    bind_time_or_null(s, 19, l->last_behavior);
    ho_rc rc = exec_stmt(st, S_LEAD_UPSERT, diag);
    if (rc != HO_OK)
        return rc;
    if (replace) {
        sqlite3_bind_text(st->stmt[S_JOURNEY_DELETE], 1, l->lead, -1, SQLITE_STATIC);
        rc = exec_stmt(st, S_JOURNEY_DELETE, diag);
    }
    for (size_t i = 0; i < l->n_journeys && rc == HO_OK; i++)
        rc = put_journey(st, l, i, diag);
    if (rc == HO_OK && replace) {
        sqlite3_bind_text(st->stmt[S_CLOCK_DELETE], 1, l->lead, -1, SQLITE_STATIC);
        rc = exec_stmt(st, S_CLOCK_DELETE, diag);
    }
    for (size_t i = 0; i < l->n_clocks && rc == HO_OK; i++)
        rc = put_clock(st, l, i, diag);
    return rc;
}

static enum ho_stage
column_stage(sqlite3_stmt *s, int col)
{
    enum ho_stage st = HO_STAGE_LEAD;
    const char *name = (const char *)sqlite3_column_text(s, col);
    if (name)
        (void)ho_stage_parse(name, &st);
    return st;
}

static uint32_t
column_intern(sqlite3_stmt *s, int col, struct ho_strtab *strings)
{
    const char *text = (const char *)sqlite3_column_text(s, col);
    return text ? ho_strtab_intern(strings, text, (size_t)sqlite3_column_bytes(s, col)) : 0;
}

static int64_t
column_time(sqlite3_stmt *s, int col)
{
    return sqlite3_column_type(s, col) == SQLITE_NULL ? HO_TIME_NONE : sqlite3_column_int64(s, col);
}

static void
read_journey_row(sqlite3_stmt *s, struct ho_strtab *strings, struct ho_journey_row *row)
{
    memset(row, 0, sizeof(*row));
    row->lead = column_intern(s, 0, strings);
    row->j.n = (uint32_t)sqlite3_column_int64(s, 1);
    row->channel = column_intern(s, 2, strings);
    row->j.first = column_stage(s, 3);
    row->j.furthest = column_stage(s, 4);
    row->j.last = column_stage(s, 5);
    row->j.closed = sqlite3_column_int(s, 6) != 0;
    row->j.criterion = sqlite3_column_int(s, 7);
    row->j.reason = column_intern(s, 8, strings);
    for (int k = 0; k < HO_SQL_AT_STAGES; k++)
        row->j.entered[sql_at_stage[k]] = column_time(s, 9 + k);
    row->j.entered[HO_STAGE_MEETING] = column_time(s, 33);
    row->j.rep = column_intern(s, 18, strings);
    row->j.pool = column_intern(s, 19, strings);
    row->j.assigned_at = column_time(s, 20);
    row->j.first_contact_at = column_time(s, 21);
    row->j.contact_made_at = column_time(s, 22);
    row->j.contact_channels_48h = (uint8_t)sqlite3_column_int(s, 23);
    row->j.has_amount = sqlite3_column_type(s, 24) != SQLITE_NULL;
    row->j.amount = row->j.has_amount ? sqlite3_column_double(s, 24) : 0.0;
    row->campaign = column_intern(s, 25, strings);
    row->j.revisit_at = column_time(s, 26);
    row->j.rules_at_mql = (uint64_t)sqlite3_column_int64(s, 27);
    row->account = column_intern(s, 28, strings);
    row->j.monthly = row->j.has_amount ? sqlite3_column_double(s, 29) : 0.0;
    row->heard_about = column_intern(s, 30, strings);
    row->employees = column_intern(s, 31, strings);
    row->j.criteria_at_mql = (uint64_t)sqlite3_column_int64(s, 32);
}

static void
read_routing_row(sqlite3_stmt *s, struct ho_strtab *strings, struct ho_journey_row *row)
{
    memset(row, 0, sizeof(*row));
    row->lead = column_intern(s, 0, strings);
    row->j.n = (uint32_t)sqlite3_column_int64(s, 1);
    row->j.first = column_stage(s, 2);
    row->j.closed = sqlite3_column_int(s, 3) != 0;
    for (int k = 0; k < HO_SQL_AT_STAGES; k++)
        row->j.entered[sql_at_stage[k]] = column_time(s, 4 + k);
    row->j.entered[HO_STAGE_MEETING] = column_time(s, 17);
    row->j.rep = column_intern(s, 13, strings);
    row->j.pool = column_intern(s, 14, strings);
    row->j.assigned_at = column_time(s, 15);
    row->account = column_intern(s, 16, strings);
    row->j.first_contact_at = row->j.contact_made_at = row->j.revisit_at = HO_TIME_NONE;
}

static ho_rc
sq_load_routing(struct ho_store_backend *st, struct ho_strtab *strings, bool held,
                struct ho_journey_row **rows, size_t *n, struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[held ? S_ROUTING_HELD : S_ROUTING_WAITING];
    size_t cap = 0;
    *rows = NULL;
    *n = 0;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        HO_GROW(*rows, cap, *n + 1);
        read_routing_row(s, strings, &(*rows)[(*n)++]);
    }
    sqlite3_reset(s);
    if (step != SQLITE_DONE) {
        ho_xfree(*rows);
        *rows = NULL;
        *n = 0;
        return db_error(st, diag, "cannot read journeys");
    }
    return HO_OK;
}

static ho_rc
count_journeys(struct ho_store_backend *st, int64_t *out)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM journeys", -1, &s, NULL) != SQLITE_OK)
        return HO_ESTORE;
    ho_rc rc = sqlite3_step(s) == SQLITE_ROW ? HO_OK : HO_ESTORE;
    *out = rc == HO_OK ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    return rc;
}

static ho_rc
sq_load_journeys(struct ho_store_backend *st, struct ho_strtab *strings,
                 struct ho_journey_row **rows, size_t *n, struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_JOURNEY_SELECT];
    size_t cap = 0;
    *rows = NULL;
    *n = 0;
    int step;
    int64_t count = 0;
    if (count_journeys(st, &count) == HO_OK && count > 0) {
        /* one allocation, and a string table that does not rehash */
        cap = (size_t)count;
        *rows = ho_xmalloc(ho_size_mul(cap, sizeof(**rows)));
        ho_strtab_reserve(strings, cap + cap / 4);
    }
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        HO_GROW(*rows, cap, *n + 1);
        read_journey_row(s, strings, &(*rows)[(*n)++]);
    }
    sqlite3_reset(s);
    if (step != SQLITE_DONE)
        return db_error(st, diag, "cannot read journeys");
    return HO_OK;
}

static ho_rc
sq_meta_get(struct ho_store_backend *st, const char *key, int64_t *out, struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_META_GET];
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    int step = sqlite3_step(s);
    ho_rc rc = HO_OK;
    if (step == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0);
    else if (step == SQLITE_DONE)
        rc = ho_diag_set(diag, HO_ENOTFOUND, "no setting '%s'", key);
    else
        rc = db_error(st, diag, "cannot read a setting");
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return rc;
}

static ho_rc
sq_meta_set(struct ho_store_backend *st, const char *key, int64_t value, struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_META_SET];
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, value);
    return exec_stmt(st, S_META_SET, diag);
}

static ho_rc
sq_load_clocks(struct ho_store_backend *st, struct ho_strtab *strings, struct ho_clock_row **rows,
               size_t *n, struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_CLOCK_SELECT];
    size_t cap = 0;
    *rows = NULL;
    *n = 0;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        HO_GROW(*rows, cap, *n + 1);
        struct ho_clock_row *r = &(*rows)[(*n)++];
        r->lead = column_intern(s, 0, strings);
        r->journey = (uint32_t)sqlite3_column_int64(s, 1);
        r->name = column_intern(s, 2, strings);
        r->sla = (uint32_t)sqlite3_column_int64(s, 3);
        r->started = sqlite3_column_int64(s, 4);
        r->stopped = column_time(s, 5);
        r->stop_event = column_intern(s, 6, strings);
        r->within_ms = sqlite3_column_int64(s, 7);
        r->raw = sqlite3_column_int(s, 8) != 0;
        r->rep = column_intern(s, 9, strings);
        r->pool = column_intern(s, 10, strings);
        r->channel = column_intern(s, 11, strings);
        r->criterion = sqlite3_column_int(s, 12);
    }
    sqlite3_reset(s);
    if (step != SQLITE_DONE)
        return db_error(st, diag, "cannot read SLA clocks");
    return HO_OK;
}

static ho_rc
sq_load_router(struct ho_store_backend *st, struct ho_router *r, struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_ROUTER_SELECT];
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        const char *pool = (const char *)sqlite3_column_text(s, 0);
        const char *rep = (const char *)sqlite3_column_text(s, 1);
        if (pool && rep)
            ho_router_state_set(r, pool, rep, sqlite3_column_int64(s, 2));
    }
    sqlite3_reset(s);
    if (step != SQLITE_DONE)
        return db_error(st, diag, "cannot read the routing state");
    return HO_OK;
}

static ho_rc
sq_save_router(struct ho_store_backend *st, const struct ho_router *r, struct ho_diag *diag)
{
    ho_rc rc = HO_OK;
    for (size_t i = 0; i < ho_router_state_count(r) && rc == HO_OK; i++) {
        const char *pool, *rep;
        int64_t credit;
        ho_router_state_get(r, i, &pool, &rep, &credit);
        sqlite3_stmt *s = st->stmt[S_ROUTER_UPSERT];
        sqlite3_bind_text(s, 1, pool, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, rep, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 3, credit);
        rc = exec_stmt(st, S_ROUTER_UPSERT, diag);
    }
    return rc;
}

/* fn for each row of the brief statement s (columns as S_JOURNEY_SCAN). */
static ho_rc
scan_briefs(struct ho_store_backend *st, sqlite3_stmt *s, ho_store_brief_fn fn, void *ctx,
            struct ho_diag *diag)
{
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        struct ho_journey_brief b = {
            .lead = (const char *)sqlite3_column_text(s, 0),
            .lead_stage = column_stage(s, 1),
            .last = column_stage(s, 2),
            .closed = sqlite3_column_int(s, 3) != 0,
            .at_mql = column_time(s, 4),
            .first_contact_at = column_time(s, 5),
            .contact_made_at = column_time(s, 6),
        };
        if (b.lead)
            fn(ctx, &b);
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (step != SQLITE_DONE)
        return db_error(st, diag, "cannot read journeys");
    return HO_OK;
}

static ho_rc
sq_scan_journeys(struct ho_store_backend *st, ho_store_brief_fn fn, void *ctx, struct ho_diag *diag)
{
    return scan_briefs(st, st->stmt[S_JOURNEY_SCAN], fn, ctx, diag);
}

static ho_rc
sq_scan_open_mql(struct ho_store_backend *st, int64_t mql_before, ho_store_brief_fn fn, void *ctx,
                 struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_JOURNEY_SCAN_MQL];
    sqlite3_bind_int64(s, 1, mql_before);
    return scan_briefs(st, s, fn, ctx, diag);
}

static ho_rc
sq_load_leads(struct ho_store_backend *st, struct ho_strtab *strings, struct ho_lead_row **rows,
              size_t *n, struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_LEADS_SELECT];
    size_t cap = 0;
    *rows = NULL;
    *n = 0;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        HO_GROW(*rows, cap, *n + 1);
        struct ho_lead_row *r = &(*rows)[(*n)++];
        r->lead = column_intern(s, 0, strings);
        r->account = column_intern(s, 1, strings);
        r->channel = column_intern(s, 2, strings);
        r->stage = (int)column_stage(s, 3);
        r->fit = sqlite3_column_double(s, 4);
        r->behavior = sqlite3_column_double(s, 5);
        r->last_event = column_time(s, 6);
        r->last_behavior = column_time(s, 7);
        r->created = column_time(s, 8);
    }
    sqlite3_reset(s);
    if (step != SQLITE_DONE)
        return db_error(st, diag, "cannot read leads");
    return HO_OK;
}

static ho_rc
sq_put_visitor(struct ho_store_backend *st, const char *anon, int64_t ts, const char *lead,
               const char *event_id, struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_VISITOR_UPSERT];
    sqlite3_bind_text(s, 1, anon, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, ts);
    bind_text_or_null(s, 3, lead);
    bind_time_or_null(s, 4, lead && *lead ? ts : HO_TIME_NONE);
    bind_text_or_null(s, 5, lead && *lead ? event_id : NULL);
    return exec_stmt(st, S_VISITOR_UPSERT, diag);
}

static ho_rc
sq_load_visitors(struct ho_store_backend *st, struct ho_visitor_row **rows, size_t *n,
                 struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_VISITOR_SELECT];
    size_t cap = 0;
    *rows = NULL;
    *n = 0;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        HO_GROW(*rows, cap, *n + 1);
        (*rows)[*n].first_seen = sqlite3_column_int64(s, 0);
        (*rows)[*n].linked_at = column_time(s, 1);
        (*n)++;
    }
    sqlite3_reset(s);
    if (step != SQLITE_DONE)
        return db_error(st, diag, "cannot read visitors");
    return HO_OK;
}

/* ---- the compact journey table (store/pack.h) ---- */

static ho_rc
sq_pack_put(struct ho_store_backend *st, const char *lead, const uint8_t *data, size_t len,
            struct ho_diag *diag)
{
    enum stmt_id which = len ? S_PACK_PUT : S_PACK_DELETE;
    sqlite3_stmt *s = st->stmt[which];
    if (!s)
        return ho_diag_set(diag, HO_ESTORE, "the database has no journey pack");
    sqlite3_bind_text(s, 1, lead, -1, SQLITE_STATIC);
    if (len)
        sqlite3_bind_blob64(s, 2, data, len, SQLITE_STATIC);
    return exec_stmt(st, which, diag);
}

static ho_rc
sq_pack_scan(struct ho_store_backend *st, ho_store_pack_fn fn, void *ctx, struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_PACK_SCAN];
    int64_t complete = 0;
    if (!s || sq_meta_get(st, "journey_pack", &complete, NULL) != HO_OK || complete != 1)
        return HO_ENOTFOUND;
    ho_rc rc = HO_OK;
    int step = SQLITE_DONE;
    while (rc == HO_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        const char *lead = (const char *)sqlite3_column_text(s, 0);
        size_t lead_len = (size_t)sqlite3_column_bytes(s, 0);
        const uint8_t *data = sqlite3_column_blob(s, 1);
        size_t len = (size_t)sqlite3_column_bytes(s, 1);
        if (lead && data)
            rc = fn(ctx, lead, lead_len, data, len, diag);
    }
    if (rc == HO_OK && step != SQLITE_DONE)
        rc = db_error(st, diag, "cannot read the journey pack");
    sqlite3_reset(s);
    return rc;
}

static ho_rc
sq_pack_reset(struct ho_store_backend *st, struct ho_diag *diag)
{
    if (sqlite3_exec(st->db, PACK_RESET_SQL, NULL, NULL, NULL) != SQLITE_OK)
        return db_error(st, diag, "cannot empty the journey pack");
    return HO_OK;
}

static ho_rc
sq_pack_get(struct ho_store_backend *st, const char *key, struct ho_buf *found, struct ho_buf *data,
            struct ho_diag *diag)
{
    enum stmt_id which = data ? S_PACK_GET : S_PACK_FIND;
    sqlite3_stmt *s = st->stmt[which];
    if (!s)
        return HO_ENOTFOUND;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    ho_rc rc = step_one(st, s, "cannot read the journey pack", diag);
    if (rc == HO_OK) {
        column_into(s, 0, found);
        if (data)
            column_into(s, 1, data);
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return rc;
}

static ho_rc
sq_pack_size(struct ho_store_backend *st, size_t *blobs, size_t *bytes, struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_PACK_SIZE];
    *blobs = *bytes = 0;
    if (!s)
        return HO_OK;
    ho_rc rc = step_one(st, s, "cannot read the journey pack", diag);
    if (rc == HO_OK) {
        *blobs = (size_t)sqlite3_column_int64(s, 0);
        *bytes = (size_t)sqlite3_column_double(s, 1);
    }
    sqlite3_reset(s);
    return rc == HO_ENOTFOUND ? HO_OK : rc;
}

static ho_rc
sq_jdict_put(struct ho_store_backend *st, uint32_t id, const char *text, size_t len,
             struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_JDICT_PUT];
    if (!s)
        return ho_diag_set(diag, HO_ESTORE, "the database has no journey pack");
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_text(s, 2, text, (int)len, SQLITE_STATIC);
    return exec_stmt(st, S_JDICT_PUT, diag);
}

static ho_rc
sq_jdict_scan(struct ho_store_backend *st, uint32_t after, ho_store_jdict_fn fn, void *ctx,
              struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_JDICT_SCAN];
    if (!s)
        return HO_OK; /* no table: no entries */
    sqlite3_bind_int64(s, 1, after);
    ho_rc rc = HO_OK;
    int step = SQLITE_DONE;
    while (rc == HO_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        sqlite3_int64 id = sqlite3_column_int64(s, 0);
        const char *text = (const char *)sqlite3_column_text(s, 1);
        if (id <= 0 || id > UINT32_MAX || !text)
            rc = ho_diag_set(diag, HO_ESTORE, "the journey dictionary is damaged");
        else
            rc = fn(ctx, (uint32_t)id, text, (size_t)sqlite3_column_bytes(s, 1), diag);
    }
    if (rc == HO_OK && step != SQLITE_DONE)
        rc = db_error(st, diag, "cannot read the journey dictionary");
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return rc;
}

static ho_rc
sq_schema_version(struct ho_store_backend *st, int64_t *out, struct ho_diag *diag)
{
    return sq_meta_get(st, "schema_version", out, diag);
}

/* ---- spend: spend(channel, month 'YYYY-MM', amount), one row per channel
 * and month ---- */

static ho_rc
sq_put_spend(struct ho_store_backend *st, const char *channel, int64_t month, double amount,
             struct ho_diag *diag)
{
    char text[32];
    ho_store_month_text(month, text);
    sqlite3_stmt *s = st->stmt[S_SPEND_UPSERT];
    sqlite3_bind_text(s, 1, channel, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, text, -1, SQLITE_TRANSIENT);
    sqlite3_bind_double(s, 3, amount);
    return exec_stmt(st, S_SPEND_UPSERT, diag);
}

static ho_rc
sq_load_spend(struct ho_store_backend *st, struct ho_strtab *strings, struct ho_spend_row **rows,
              size_t *n, struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_SPEND_SELECT];
    size_t cap = 0;
    *rows = NULL;
    *n = 0;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        const char *channel = (const char *)sqlite3_column_text(s, 0);
        const char *month_text = (const char *)sqlite3_column_text(s, 1);
        int64_t month;
        if (!channel || !month_text ||
            !ho_store_month_parse(month_text, (size_t)sqlite3_column_bytes(s, 1), &month))
            continue; /* not written by handoff: ignored rather than guessed */
        HO_GROW(*rows, cap, *n + 1);
        (*rows)[(*n)++] = (struct ho_spend_row){
            .channel = ho_strtab_intern(strings, channel, (size_t)sqlite3_column_bytes(s, 0)),
            .month = month,
            .amount = sqlite3_column_double(s, 2),
        };
    }
    sqlite3_reset(s);
    if (step != SQLITE_DONE)
        return db_error(st, diag, "cannot read spend");
    return HO_OK;
}

/* ---- tokens: tokens(id, name, scope, hash, created, revoked) ---- */

static ho_rc
sq_put_token(struct ho_store_backend *st, const struct ho_token_row *t, struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_TOKEN_INSERT];
    sqlite3_bind_text(s, 1, t->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, t->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, t->scope, -1, SQLITE_STATIC);
    sqlite3_bind_blob(s, 4, t->hash, HO_TOKEN_HASH_LEN, SQLITE_STATIC);
    sqlite3_bind_int64(s, 5, t->created);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (rc == SQLITE_CONSTRAINT)
        return ho_diag_set(diag, HO_ECONFLICT, "token '%s' exists already", t->id);
    if (rc != SQLITE_DONE)
        return db_error(st, diag, stmt_sql[S_TOKEN_INSERT]);
    return HO_OK;
}

static void
copy_text(char *out, size_t cap, const unsigned char *text)
{
    (void)snprintf(out, cap, "%s", text ? (const char *)text : "");
}

static ho_rc
sq_load_tokens(struct ho_store_backend *st, struct ho_token_row **rows, size_t *n,
               struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_TOKEN_SELECT];
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        if (sqlite3_column_bytes(s, 3) != HO_TOKEN_HASH_LEN)
            continue; /* not written by handoff */
        HO_GROW(*rows, cap, *n + 1);
        struct ho_token_row *t = &(*rows)[(*n)++];
        memset(t, 0, sizeof(*t));
        copy_text(t->id, sizeof(t->id), sqlite3_column_text(s, 0));
        copy_text(t->name, sizeof(t->name), sqlite3_column_text(s, 1));
        copy_text(t->scope, sizeof(t->scope), sqlite3_column_text(s, 2));
        memcpy(t->hash, sqlite3_column_blob(s, 3), HO_TOKEN_HASH_LEN);
        t->created = sqlite3_column_int64(s, 4);
        t->revoked = sqlite3_column_int64(s, 5);
    }
    sqlite3_reset(s);
    if (step != SQLITE_DONE)
        return db_error(st, diag, "cannot read tokens");
    return HO_OK;
}

static ho_rc
sq_revoke_token(struct ho_store_backend *st, const char *id, int64_t now, struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_TOKEN_REVOKE];
    sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, now);
    ho_rc rc = exec_stmt(st, S_TOKEN_REVOKE, diag);
    if (rc == HO_OK && sqlite3_changes(st->db) == 0)
        return ho_diag_set(diag, HO_ENOTFOUND, "no active token '%s'", id);
    return rc;
}

/* ---- idempotency_keys(key, fingerprint, status, body, created) ---- */

static ho_rc
sq_get_idempotency(struct ho_store_backend *st, const char *key, struct ho_idem_row *out,
                   struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_IDEM_GET];
    if (!s)
        return ho_diag_set(diag, HO_ENOTFOUND, "no idempotency key '%s'", key);
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        ho_buf_add(&out->fingerprint, sqlite3_column_text(s, 0),
                   (size_t)sqlite3_column_bytes(s, 0));
        out->status = (unsigned)sqlite3_column_int(s, 1);
        ho_buf_add(&out->body, sqlite3_column_text(s, 2), (size_t)sqlite3_column_bytes(s, 2));
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (step == SQLITE_DONE)
        return ho_diag_set(diag, HO_ENOTFOUND, "no idempotency key '%s'", key);
    if (step != SQLITE_ROW)
        return db_error(st, diag, "cannot read idempotency keys");
    return HO_OK;
}

static ho_rc
sq_put_idempotency(struct ho_store_backend *st, const char *key, const struct ho_idem_row *row,
                   int64_t now, struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_IDEM_PUT];
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, row->fingerprint.ptr ? row->fingerprint.ptr : "",
                      (int)row->fingerprint.len, SQLITE_STATIC);
    sqlite3_bind_int(s, 3, (int)row->status);
    sqlite3_bind_text(s, 4, row->body.ptr ? row->body.ptr : "", (int)row->body.len, SQLITE_STATIC);
    sqlite3_bind_int64(s, 5, now);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (rc == SQLITE_CONSTRAINT)
        return ho_diag_set(diag, HO_ECONFLICT, "idempotency key '%s' exists already", key);
    if (rc != SQLITE_DONE)
        return db_error(st, diag, stmt_sql[S_IDEM_PUT]);
    return HO_OK;
}

/* ---- the alert outbox: outbox(seq, id, target, ...; store/schema.c) ---- */

static void
bind_opt_text(sqlite3_stmt *s, int i, const char *text)
{
    if (text)
        sqlite3_bind_text(s, i, text, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, i);
}

static ho_rc
sq_put_alert(struct ho_store_backend *st, const struct ho_alert_fact *f, const char *status,
             int64_t created, int64_t gen, struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_OUTBOX_PUT];
    if (!s)
        return ho_diag_set(diag, HO_ESTORE, "the database has no alert outbox");
    const char *texts[] = { f->id,         f->target,  ho_alert_kind_name(f->kind),
                            f->lead,       NULL,       f->rep,
                            f->stage_from, f->stage_to };
    for (int i = 0; i < 8; i++) {
        if (i != 4)
            bind_opt_text(s, i + 1, texts[i]);
    }
    sqlite3_bind_int64(s, 5, f->at);
    sqlite3_bind_double(s, 9, f->fit);
    sqlite3_bind_double(s, 10, f->behavior);
    bind_opt_text(s, 11, f->criterion);
    bind_opt_text(s, 12, f->top_rules);
    bind_opt_text(s, 13, f->sla);
    sqlite3_bind_int64(s, 14, f->deadline);
    bind_opt_text(s, 15, f->reason);
    bind_opt_text(s, 16, f->category);
    sqlite3_bind_text(s, 17, status, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 18, created);
    sqlite3_bind_int64(s, 19, gen);
    return exec_stmt(st, S_OUTBOX_PUT, diag);
}

static char *
column_dup(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? ho_xstrdup((const char *)t) : NULL;
}

static void
read_outbox_row(sqlite3_stmt *s, struct ho_outbox_row *r)
{
    r->seq = sqlite3_column_int64(s, 0);
    char **texts[] = { &r->id,         &r->target,   &r->kind,      &r->lead,      &r->rep,
                       &r->stage_from, &r->stage_to, &r->criterion, &r->top_rules, &r->sla,
                       &r->reason,     &r->category, &r->status,    &r->last_error };
    for (int i = 0; i < 14; i++)
        *texts[i] = column_dup(s, i + 1);
    int64_t *times[] = {
        &r->at, &r->deadline, &r->created, &r->next_at, &r->sent_at, &r->retry_from
    };
    for (int i = 0; i < 6; i++)
        *times[i] = sqlite3_column_int64(s, 15 + i);
    r->fit = sqlite3_column_double(s, 21);
    r->behavior = sqlite3_column_double(s, 22);
    r->attempts = sqlite3_column_int64(s, 23);
    r->http_status = sqlite3_column_int64(s, 24);
}

static ho_rc
sq_load_alerts(struct ho_store_backend *st, const struct ho_outbox_query *q,
               struct ho_outbox_row **rows, size_t *n, struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_OUTBOX_SELECT];
    if (!s)
        return HO_OK; /* a read-only database written before the outbox: no alerts */
    bind_opt_text(s, 1, q->status);
    sqlite3_bind_int64(s, 2, q->due_by);
    sqlite3_bind_int64(s, 3, q->since);
    sqlite3_bind_int64(s, 4, q->limit ? (int64_t)q->limit : -1);
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        HO_GROW(*rows, cap, *n + 1);
        struct ho_outbox_row *r = &(*rows)[(*n)++];
        memset(r, 0, sizeof(*r));
        read_outbox_row(s, r);
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (step != SQLITE_DONE)
        return db_error(st, diag, "cannot read the alert outbox");
    return HO_OK;
}

static ho_rc
sq_alert_attempt(struct ho_store_backend *st, const struct ho_outbox_row *r, struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_OUTBOX_ATTEMPT];
    if (!s)
        return ho_diag_set(diag, HO_ESTORE, "the database has no alert outbox");
    sqlite3_bind_int64(s, 1, r->seq);
    sqlite3_bind_text(s, 2, r->status, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, r->attempts);
    sqlite3_bind_int64(s, 4, r->http_status);
    bind_opt_text(s, 5, r->last_error);
    sqlite3_bind_int64(s, 6, r->next_at);
    sqlite3_bind_int64(s, 7, r->sent_at);
    return exec_stmt(st, S_OUTBOX_ATTEMPT, diag);
}

static ho_rc
sq_alert_retry(struct ho_store_backend *st, const char *id, int64_t now, size_t *n,
               struct ho_diag *diag)
{
    enum stmt_id which = id ? S_OUTBOX_RETRY : S_OUTBOX_RETRY_DEAD;
    sqlite3_stmt *s = st->stmt[which];
    if (!s)
        return ho_diag_set(diag, HO_ESTORE, "the database has no alert outbox");
    if (id) {
        sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 2, now);
    } else {
        sqlite3_bind_int64(s, 1, now);
    }
    ho_rc rc = exec_stmt(st, which, diag);
    if (rc != HO_OK)
        return rc;
    *n = (size_t)sqlite3_changes(st->db);
    if (id && *n == 0)
        return ho_diag_set(diag, HO_ENOTFOUND, "no alert '%s'", id);
    return HO_OK;
}

static ho_rc
sq_count_alerts(struct ho_store_backend *st, struct ho_outbox_counts *out, struct ho_diag *diag)
{
    sqlite3_stmt *s = st->stmt[S_OUTBOX_COUNT];
    if (!s)
        return HO_OK; /* a read-only database written before the outbox: no alerts */
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        const char *status = (const char *)sqlite3_column_text(s, 0);
        uint64_t n = (uint64_t)sqlite3_column_int64(s, 1);
        if (!status)
            continue;
        if (strcmp(status, "pending") == 0)
            out->pending += n;
        else if (strcmp(status, "sent") == 0)
            out->sent += n;
        else if (strcmp(status, "dead") == 0)
            out->dead += n;
        else
            out->skipped += n;
    }
    sqlite3_reset(s);
    if (step != SQLITE_DONE)
        return db_error(st, diag, "cannot count the alert outbox");
    return HO_OK;
}

const struct ho_store_ops ho_sqlite_ops = {
    .name = "sqlite",
    .close = sq_close,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .schema_version = sq_schema_version,
    .active_defs = sq_active_defs,
    .insert_defs = sq_insert_defs,
    .defs_versions = sq_defs_versions,
    .defs_text = sq_defs_text,
    .defs_add = sq_defs_add,
    .defs_set_hash = sq_defs_set_hash,
    .defs_activate = sq_defs_activate,
    .defs_activations = sq_defs_activations,
    .defs_sign = sq_defs_sign,
    .defs_signoffs = sq_defs_signoffs,

    .owner_get = sq_owner_get,
    .owner_get_id = sq_owner_get_id,
    .owner_put = sq_owner_put,
    .owner_scan = sq_owner_scan,
    .id_bucket_get = sq_id_bucket_get,
    .id_bucket_put = sq_id_bucket_put,
    .related = sq_related,
    .link_account = sq_link_account,
    .dict_id = sq_dict_id,
    .dict_text = sq_dict_text,
    .dict_put = sq_dict_put,
    .legacy_batches = sq_legacy_batches,
    .drop_legacy = sq_drop_legacy,
    .clear_state = sq_clear_state,
    .put_lead = sq_put_lead,
    .put_visitor = sq_put_visitor,
    .pack_put = sq_pack_put,
    .pack_scan = sq_pack_scan,
    .pack_size = sq_pack_size,
    .pack_get = sq_pack_get,
    .pack_reset = sq_pack_reset,
    .jdict_put = sq_jdict_put,
    .jdict_scan = sq_jdict_scan,
    .load_leads = sq_load_leads,
    .load_journeys = sq_load_journeys,
    .scan_journeys = sq_scan_journeys,
    .scan_open_mql = sq_scan_open_mql,
    .load_routing = sq_load_routing,
    .load_clocks = sq_load_clocks,
    .load_visitors = sq_load_visitors,
    .load_router = sq_load_router,
    .save_router = sq_save_router,
    .meta_get = sq_meta_get,
    .meta_set = sq_meta_set,
    .put_spend = sq_put_spend,
    .load_spend = sq_load_spend,
    .put_token = sq_put_token,
    .load_tokens = sq_load_tokens,
    .revoke_token = sq_revoke_token,
    .get_idempotency = sq_get_idempotency,
    .put_idempotency = sq_put_idempotency,
    .put_alert = sq_put_alert,
    .load_alerts = sq_load_alerts,
    .alert_attempt = sq_alert_attempt,
    .alert_retry = sq_alert_retry,
    .count_alerts = sq_count_alerts,
};
