/* SPDX-License-Identifier: MIT */
/*
 * store/schema.c - the database layout, its version, and migrations.
 *
 * The layout's version is meta('schema_version').  Version 1 databases were
 * written while tables and columns were still being added without the
 * number changing, so their layout varies; version 2 is the first whose
 * layout the number fixes.  Migrating 1 -> 2 copies the file first (a
 * backup next to it), then, in one transaction, creates the missing tables
 * and adds the missing columns (compared with this layout built in memory).
 * Version 3 keeps the event log by owner (event_owners, event_ids, dict,
 * lead_accounts; store/store.h) and adds partial indexes on journeys for
 * what every commit reads (the open MQLs aging checks, the journeys routing
 * re-routes): migrating creates those here, and store.c then converts the
 * old event_batches rows and drops them, in one transaction of its own
 * (ho_store_open_with()).  The compact journey table (journey_dict,
 * journey_pack) came within version 3: see PACK_SQL.
 * Version 4 may only add tables and columns to schema_sql: migrating 3 -> 4
 * is upgrade_layout() alone; it adds the alert outbox (OUTBOX_SQL).
 * Version 5 adds the activations' effective time and restatement flag (the
 * definitions timeline); version 6 adds journeys.at_meeting (the optional
 * meeting stage, issue 14 item 8): both upgrade_layout() alone, as for 4.
 * A newer version than HO_SCHEMA_VERSION is refused: this binary does not
 * know what the newer one changed.
 */
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "store/store.h"
#include "store/sqlite_int.h"

/* The compact journey table (store/pack.h) and its dictionary.  Added to
 * version 3 before it was released: a version-3 database without them gets
 * them at its next writable open, and its journeys are read from the SQL
 * rows until a rebuild fills the pack (meta 'journey_pack' = 1 says it is
 * complete; a new database starts complete). */
#define PACK_SQL                                                                          \
    "CREATE TABLE IF NOT EXISTS journey_dict(id INTEGER PRIMARY KEY, text TEXT NOT NULL " \
    "UNIQUE);\n"                                                                          \
    "CREATE TABLE IF NOT EXISTS journey_pack(\n"                                          \
    "  lead TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;\n"

static const char pack_sql[] = PACK_SQL;

/* The alert outbox (issue 11, version 4): one row per (alert id, target),
 * written in the commit that causes it; delivery state beside it. */
#define OUTBOX_SQL                                                                               \
    "CREATE TABLE IF NOT EXISTS outbox(\n"                                                       \
    "  seq INTEGER PRIMARY KEY, id TEXT NOT NULL, target TEXT NOT NULL, kind TEXT NOT NULL,\n"   \
    "  lead TEXT NOT NULL, at INTEGER NOT NULL, rep TEXT, stage_from TEXT, stage_to TEXT,\n"     \
    "  fit REAL, behavior REAL, criterion TEXT, top_rules TEXT, sla TEXT, deadline INTEGER,\n"   \
    "  reason TEXT, category TEXT, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,\n" \
    "  http_status INTEGER NOT NULL DEFAULT 0, last_error TEXT, next_at INTEGER NOT NULL,\n"     \
    "  created INTEGER NOT NULL, sent_at INTEGER NOT NULL DEFAULT 0,\n"                          \
    "  retry_from INTEGER NOT NULL, gen INTEGER NOT NULL, UNIQUE(id, target));\n"                \
    "CREATE INDEX IF NOT EXISTS outbox_pending ON outbox(next_at) WHERE status = 'pending';\n"

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER);\n"
    "CREATE TABLE IF NOT EXISTS definitions(\n"
    "  id INTEGER PRIMARY KEY, version INTEGER NOT NULL, text TEXT NOT NULL,\n"
    "  activated_at INTEGER NOT NULL, forced INTEGER NOT NULL DEFAULT 0,\n"
    "  active INTEGER NOT NULL DEFAULT 0, hash TEXT, author TEXT, proposed_at INTEGER);\n"
    "CREATE TABLE IF NOT EXISTS definition_signoffs(\n"
    "  defs_id INTEGER NOT NULL REFERENCES definitions(id), side TEXT NOT NULL,\n"
    "  signer TEXT NOT NULL, hash TEXT NOT NULL, at INTEGER NOT NULL,\n"
    "  from_file INTEGER NOT NULL DEFAULT 0);\n"
    "CREATE TABLE IF NOT EXISTS definition_activations(\n"
    "  seq INTEGER PRIMARY KEY, defs_id INTEGER NOT NULL REFERENCES definitions(id),\n"
    "  at INTEGER NOT NULL, forced INTEGER NOT NULL DEFAULT 0, activated_by TEXT,\n"
    "  missing TEXT, effective INTEGER, restatement INTEGER NOT NULL DEFAULT 0);\n"
    "CREATE TABLE IF NOT EXISTS event_owners(\n"
    "  id INTEGER PRIMARY KEY, owner TEXT NOT NULL UNIQUE, n_events INTEGER NOT NULL,\n"
    "  chunks INTEGER NOT NULL, data BLOB NOT NULL);\n"
    "CREATE TABLE IF NOT EXISTS event_ids(bucket INTEGER PRIMARY KEY, data BLOB NOT NULL);\n"
    "CREATE TABLE IF NOT EXISTS dict(id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);\n"
    "CREATE TABLE IF NOT EXISTS lead_accounts(\n"
    "  lead TEXT NOT NULL, account TEXT NOT NULL, PRIMARY KEY(lead, account)) WITHOUT ROWID;\n"
    "CREATE INDEX IF NOT EXISTS lead_accounts_account ON lead_accounts(account, lead);\n"
    "CREATE TABLE IF NOT EXISTS leads(\n"
    "  lead TEXT PRIMARY KEY, account TEXT, channel TEXT, source TEXT, stage TEXT NOT NULL,\n"
    "  disqualified_by TEXT, sales_disqualified INTEGER NOT NULL, fit REAL, behavior REAL,\n"
    "  score REAL, as_of INTEGER, created INTEGER, last_event INTEGER,\n"
    "  defs_id INTEGER REFERENCES definitions(id), journeys INTEGER NOT NULL, campaign TEXT,\n"
    "  heard_about TEXT, employees TEXT, last_behavior INTEGER);\n"
    "CREATE TABLE IF NOT EXISTS journeys(\n"
    "  lead TEXT NOT NULL, n INTEGER NOT NULL, channel TEXT, cohort TEXT,\n"
    "  first_stage TEXT NOT NULL, furthest TEXT NOT NULL, last_stage TEXT NOT NULL,\n"
    "  closed INTEGER NOT NULL, criterion INTEGER NOT NULL, mql_rule TEXT, reason TEXT,\n"
    "  at_lead INTEGER, at_mql INTEGER, at_sal INTEGER, at_sql INTEGER,\n"
    "  at_opportunity INTEGER, at_customer INTEGER, at_closed_lost INTEGER,\n"
    "  at_nurture INTEGER, at_disqualified INTEGER,\n"
    "  rep TEXT, pool TEXT, assigned_at INTEGER, first_contact_at INTEGER,\n"
    "  contact_made_at INTEGER, contact_channels_48h INTEGER NOT NULL DEFAULT 0,\n"
    "  amount REAL, campaign TEXT, revisit_at INTEGER, rules_at_mql INTEGER NOT NULL DEFAULT 0,\n"
    "  account TEXT, monthly REAL, heard_about TEXT, employees TEXT,\n"
    "  criteria_at_mql INTEGER NOT NULL DEFAULT 0, at_meeting INTEGER,\n"
    "  PRIMARY KEY(lead, n)) WITHOUT ROWID;\n"
    /* the journeys MQL aging can pick (store/sqlite.c S_JOURNEY_SCAN_MQL) */
    "CREATE INDEX IF NOT EXISTS journeys_open_mql ON journeys(at_mql) WHERE last_stage = 'mql'\n"
    "  AND closed = 0 AND first_contact_at IS NULL AND contact_made_at IS NULL;\n"
    /* the journeys waiting unassigned in a pool (S_ROUTING_WAITING) */
    "CREATE INDEX IF NOT EXISTS journeys_waiting ON journeys(lead, n) WHERE rep IS NULL\n"
    "  AND assigned_at IS NOT NULL AND closed = 0;\n"
    "CREATE TABLE IF NOT EXISTS sla_clocks(\n"
    "  lead TEXT NOT NULL, journey INTEGER NOT NULL, name TEXT NOT NULL, sla INTEGER NOT NULL,\n"
    "  started_at INTEGER NOT NULL, stopped_at INTEGER, stop_event TEXT,\n"
    "  within_ms INTEGER NOT NULL, raw INTEGER NOT NULL);\n"
    "CREATE INDEX IF NOT EXISTS sla_clocks_lead ON sla_clocks(lead);\n"
    "CREATE TABLE IF NOT EXISTS visitors(\n"
    "  anonymous_id TEXT PRIMARY KEY, first_seen INTEGER NOT NULL, lead TEXT,\n"
    "  linked_at INTEGER, link_id TEXT) WITHOUT ROWID;\n"
    "CREATE INDEX IF NOT EXISTS visitors_lead ON visitors(lead);\n"
    "CREATE TABLE IF NOT EXISTS router_state(\n"
    "  pool TEXT NOT NULL, rep TEXT NOT NULL, credit INTEGER NOT NULL,\n"
    "  PRIMARY KEY(pool, rep)) WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS spend(channel TEXT NOT NULL, month TEXT NOT NULL,\n"
    "  amount REAL NOT NULL, PRIMARY KEY(channel, month)) WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS tokens(id TEXT PRIMARY KEY, name TEXT, scope TEXT NOT NULL,\n"
    "  hash BLOB NOT NULL UNIQUE, created INTEGER NOT NULL, revoked INTEGER) WITHOUT "
    "ROWID;\n"
    /* POST /v1/leads/{id}/actions: an Idempotency-Key's request and response */
    "CREATE TABLE IF NOT EXISTS idempotency_keys(key TEXT PRIMARY KEY,\n"
    "  fingerprint TEXT NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL,\n"
    "  created INTEGER NOT NULL) WITHOUT ROWID;\n" PACK_SQL OUTBOX_SQL;

static ho_rc
schema_error(sqlite3 *db, struct ho_diag *diag, const char *path, const char *what)
{
    return ho_diag_set(diag, HO_ESTORE, "database '%s': %s: %s", path, what, sqlite3_errmsg(db));
}

/* Run one statement with an optional text parameter; *out gets column 0 of
 * the first row when out is not NULL (untouched when there is no row). */
static int
run_sql(sqlite3 *db, const char *sql, const char *param, int64_t *out)
{
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK)
        return rc;
    if (param)
        sqlite3_bind_text(s, 1, param, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (out)
            *out = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The stored version: 0 for a database without tables, -1 for one with
 * tables but no handoff meta table (not ours). */
static ho_rc
read_version(sqlite3 *db, const char *path, int64_t *version, struct ho_diag *diag)
{
    int64_t tables = 0, has_meta = 0;
    *version = 0;
    if (run_sql(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'", NULL, &tables) !=
            SQLITE_OK ||
        run_sql(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
                NULL, &has_meta) != SQLITE_OK)
        return schema_error(db, diag, path, "cannot read the schema");
    if (tables == 0)
        return HO_OK;
    if (!has_meta) {
        *version = -1;
        return HO_OK;
    }
    if (run_sql(db, "SELECT value FROM meta WHERE key = ?1", "schema_version", version) !=
        SQLITE_OK)
        return schema_error(db, diag, path, "cannot read the schema version");
    return HO_OK;
}

static ho_rc
set_version(sqlite3 *db, const char *path, struct ho_diag *diag)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)", -1, &s,
                           NULL) != SQLITE_OK)
        return schema_error(db, diag, path, "cannot set the schema version");
    sqlite3_bind_text(s, 1, "schema_version", -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, HO_SCHEMA_VERSION);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? HO_OK
                             : schema_error(db, diag, path, "cannot set the schema version");
}

/* The first free backup name "<path>.schema-vN.bak[.K]" into name. */
static void
backup_name(const char *path, int64_t from, struct ho_buf *name)
{
    struct stat sb;
    for (int k = 0; k < 100; k++) {
        ho_buf_reset(name);
        ho_buf_printf(name, "%s.schema-v%lld.bak", path, (long long)from);
        if (k)
            ho_buf_printf(name, ".%d", k);
        if (stat(ho_buf_cstr(name), &sb) != 0)
            break;
    }
}

/* Copy the whole database at path to a new file named in name.  The caller
 * holds the write lock, so a second (reading) connection copies exactly the
 * committed state the migration starts from. */
static ho_rc
backup_copy(const char *path, int64_t from, struct ho_buf *name, struct ho_diag *diag)
{
    backup_name(path, from, name);
    sqlite3 *src = NULL, *dst = NULL;
    int rc = sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_open_v2(ho_buf_cstr(name), &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                             NULL);
    sqlite3_backup *b = rc == SQLITE_OK ? sqlite3_backup_init(dst, "main", src, "main") : NULL;
    rc = SQLITE_ERROR;
    if (b) {
        int step = sqlite3_backup_step(b, -1);
        rc =
            sqlite3_backup_finish(b) == SQLITE_OK && step == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
    }
    ho_rc out = HO_OK;
    if (rc != SQLITE_OK)
        out = ho_diag_set(diag, HO_ESTORE, "cannot write the backup copy '%s' before migrating: %s",
                          ho_buf_cstr(name), dst ? sqlite3_errmsg(dst) : "cannot open it");
    sqlite3_close(dst);
    sqlite3_close(src);
    return out;
}

static bool
has_column(sqlite3 *db, const char *table, const char *col)
{
    sqlite3_stmt *s;
    int64_t n = 0;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2", -1, &s,
                           NULL) != SQLITE_OK)
        return false;
    sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, col, -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n > 0;
}

/* Add to table every column the current layout (in mem) has and db lacks,
 * as a plain column of the declared type with its default. */
static ho_rc
add_missing_columns(sqlite3 *db, sqlite3 *mem, const char *table, const char *path,
                    struct ho_diag *diag)
{
    sqlite3_stmt *want;
    if (sqlite3_prepare_v2(mem, "SELECT name, type, dflt_value FROM pragma_table_info(?1)", -1,
                           &want, NULL) != SQLITE_OK)
        return schema_error(mem, diag, path, "cannot read the current layout");
    sqlite3_bind_text(want, 1, table, -1, SQLITE_STATIC);
    ho_rc rc = HO_OK;
    struct ho_buf sql = HO_BUF_INIT;
    while (rc == HO_OK && sqlite3_step(want) == SQLITE_ROW) {
        const char *col = (const char *)sqlite3_column_text(want, 0);
        const char *type = (const char *)sqlite3_column_text(want, 1);
        const char *dflt = (const char *)sqlite3_column_text(want, 2);
        if (!col || has_column(db, table, col))
            continue;
        /* Names, types and defaults come from this file's own schema text,
         * never from input; DDL cannot take bound parameters. */
        ho_buf_reset(&sql);
        ho_buf_printf(&sql, "ALTER TABLE \"%s\" ADD COLUMN \"%s\" %s", table, col,
                      type ? type : "");
        if (dflt)
            ho_buf_printf(&sql, " DEFAULT %s", dflt);
        if (sqlite3_exec(db, ho_buf_cstr(&sql), NULL, NULL, NULL) != SQLITE_OK)
            rc = schema_error(db, diag, path, "cannot add a column");
    }
    sqlite3_finalize(want);
    ho_buf_release(&sql);
    return rc;
}

/* Bring every table of db up to the current layout. */
static ho_rc
upgrade_layout(sqlite3 *db, const char *path, struct ho_diag *diag)
{
    if (sqlite3_exec(db, schema_sql, NULL, NULL, NULL) != SQLITE_OK)
        return schema_error(db, diag, path, "cannot create the tables");
    sqlite3 *mem = NULL;
    if (sqlite3_open(":memory:", &mem) != SQLITE_OK ||
        sqlite3_exec(mem, schema_sql, NULL, NULL, NULL) != SQLITE_OK) {
        sqlite3_close(mem);
        return ho_diag_set(diag, HO_ESTORE, "cannot build the current layout");
    }
    sqlite3_stmt *tables;
    ho_rc rc = HO_OK;
    if (sqlite3_prepare_v2(mem, "SELECT name FROM sqlite_master WHERE type = 'table'", -1, &tables,
                           NULL) != SQLITE_OK)
        rc = schema_error(mem, diag, path, "cannot list the current tables");
    while (rc == HO_OK && sqlite3_step(tables) == SQLITE_ROW)
        rc = add_missing_columns(db, mem, (const char *)sqlite3_column_text(tables, 0), path, diag);
    sqlite3_finalize(tables);
    sqlite3_close(mem);
    return rc;
}

/* Create the tables of a new database, or migrate an older one (backup
 * first), inside one write transaction. */
static ho_rc
create_or_migrate(sqlite3 *db, const char *path, struct ho_buf *note, struct ho_diag *diag)
{
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return schema_error(db, diag, path, "cannot lock to set up the schema");
    int64_t version = 0;
    ho_rc rc = read_version(db, path, &version, diag); /* again: another process may have */
    struct ho_buf backup = HO_BUF_INIT;
    if (rc == HO_OK && version > 0 && version < HO_SCHEMA_VERSION)
        rc = backup_copy(path, version, &backup, diag);
    if (rc == HO_OK && version < HO_SCHEMA_VERSION)
        rc = upgrade_layout(db, path, diag);
    if (rc == HO_OK && version < HO_SCHEMA_VERSION)
        rc = set_version(db, path, diag);
    if (rc == HO_OK && version == 0 &&
        sqlite3_exec(db, "INSERT OR REPLACE INTO meta(key, value) VALUES ('journey_pack', 1)", NULL,
                     NULL, NULL) != SQLITE_OK)
        rc = schema_error(db, diag, path, "cannot mark the journey pack complete");
    if (rc == HO_OK && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        rc = schema_error(db, diag, path, "cannot commit the schema");
    if (rc != HO_OK)
        (void)sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    if (rc == HO_OK && backup.len && note)
        ho_buf_printf(note,
                      "migrated database '%s' from schema version %lld to %d; "
                      "a copy of the old file is at '%s'\n",
                      path, (long long)version, HO_SCHEMA_VERSION, ho_buf_cstr(&backup));
    ho_buf_release(&backup);
    return rc;
}

ho_rc
ho_schema_prepare(sqlite3 *db, const char *path, bool writable, struct ho_buf *note,
                  struct ho_diag *diag)
{
    int64_t version = 0;
    ho_rc rc = read_version(db, path, &version, diag);
    if (rc != HO_OK)
        return rc;
    if (version < 0)
        return ho_diag_set(diag, HO_ESTORE, "'%s' is not a handoff database", path);
    if (version > HO_SCHEMA_VERSION)
        return ho_diag_set(diag, HO_ESTORE,
                           "database '%s' has schema version %lld, newer than this handoff "
                           "understands (%d): use the handoff that wrote it, or a newer one",
                           path, (long long)version, HO_SCHEMA_VERSION);
    if (version == HO_SCHEMA_VERSION) {
        if (writable && sqlite3_exec(db, pack_sql, NULL, NULL, NULL) != SQLITE_OK)
            return schema_error(db, diag, path, "cannot create the journey pack");
        return HO_OK;
    }
    if (!writable && version == 0)
        return ho_diag_set(diag, HO_ESTORE,
                           "database '%s' is empty: create it with 'handoff init' or "
                           "'handoff import'",
                           path);
    if (!writable)
        return ho_diag_set(diag, HO_ESTORE,
                           "database '%s' has schema version %lld, older than this handoff's "
                           "(%d): run a writing command once (e.g. 'handoff rebuild') to "
                           "migrate it",
                           path, (long long)version, HO_SCHEMA_VERSION);
    return create_or_migrate(db, path, note, diag);
}
