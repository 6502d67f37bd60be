/* SPDX-License-Identifier: MIT */
/*
 * tests/support/store_dump.c - see store_dump.h.
 */
#include "store_dump.h"

#include <sqlite3.h>

#include "base/buf.h"
#include "base/compiler.h"

static void
dump_row(sqlite3_stmt *s, struct ho_buf *out)
{
    int cols = sqlite3_column_count(s);
    for (int c = 0; c < cols; c++) {
        if (c)
            ho_buf_addc(out, '|');
        const char *text = (const char *)sqlite3_column_text(s, c);
        ho_buf_adds(out, text ? text : "NULL");
    }
    ho_buf_addc(out, '\n');
}

static ho_rc
dump_query(sqlite3 *db, const char *sql, struct ho_buf *out)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        return HO_ESTORE;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW)
        dump_row(s, out);
    sqlite3_finalize(s);
    return step == SQLITE_DONE ? HO_OK : HO_ESTORE;
}

ho_rc
ho_test_dump_state(const char *path, struct ho_buf *out)
{
    static const char *const queries[] = {
        "SELECT lead, account, channel, source, stage, disqualified_by, sales_disqualified,"
        " printf('%.9f', fit), printf('%.9f', behavior), as_of, created, last_event, journeys"
        " FROM leads ORDER BY lead",
        "SELECT * FROM journeys ORDER BY lead, n",
        "SELECT * FROM sla_clocks ORDER BY lead, journey, name",
    };
    sqlite3 *db = NULL;
    ho_rc rc =
        sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK ? HO_OK : HO_ESTORE;
    for (size_t q = 0; q < HO_ARRAY_LEN(queries) && rc == HO_OK; q++)
        rc = dump_query(db, queries[q], out);
    sqlite3_close(db);
    return rc;
}
