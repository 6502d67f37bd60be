/* SPDX-License-Identifier: MIT */
/*
 * store/spend.c - marketing spend per channel and calendar month, in a
 * table of its own: spend(channel, month 'YYYY-MM', amount), one row per
 * channel and month.
 */
#include "store/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "base/strtab.h"
#include "base/xalloc.h"
#include "core/pipeline.h"
#include "store/store_int.h"

static ho_rc
spend_error(sqlite3 *db, const char *what, struct ho_diag *diag)
{
    return ho_diag_set(diag, HO_ESTORE, "%s: %s", what, sqlite3_errmsg(db));
}

/* Prepare sql on the spend table (created with the schema, store/schema.c). */
static ho_rc
prepare(struct ho_store *st, const char *sql, sqlite3_stmt **out, struct ho_diag *diag)
{
    sqlite3 *db = ho_store_db(st);
    *out = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, out, NULL) != SQLITE_OK)
        return spend_error(db, "cannot prepare a spend statement", diag);
    return HO_OK;
}

/* "YYYY-MM" of a month index (y * 12 + m - 1). */
static void
month_text(int64_t month, char out[32])
{
    snprintf(out, 32, "%04lld-%02lld", (long long)(month / 12), (long long)(month % 12 + 1));
}

/* The month index of "YYYY-MM"; false when the text is not one. */
static bool
month_parse(const unsigned char *s, int len, int64_t *out)
{
    if (!s || len != 7 || s[4] != '-')
        return false;
    int64_t y = 0, m = 0;
    for (int i = 0; i < 7; i++) {
        if (i == 4)
            continue;
        if (s[i] < '0' || s[i] > '9')
            return false;
        if (i < 4)
            y = y * 10 + (s[i] - '0');
        else
            m = m * 10 + (s[i] - '0');
    }
    if (m < 1 || m > 12)
        return false;
    *out = y * 12 + m - 1;
    return true;
}

ho_rc
ho_store_put_spend(struct ho_store *st, const char *channel, int64_t month, double amount,
                   struct ho_diag *diag)
{
    sqlite3_stmt *s;
    char text[32];
    if (month < 0 || month >= (int64_t)10000 * 12)
        return ho_diag_set(diag, HO_EINVAL, "spend month out of range");
    ho_rc rc = prepare(
        st, "INSERT OR REPLACE INTO spend(channel, month, amount) VALUES (?1, ?2, ?3)", &s, diag);
    if (rc != HO_OK)
        return rc;
    month_text(month, text);
    sqlite3_bind_text(s, 1, channel, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, text, -1, SQLITE_STATIC);
    sqlite3_bind_double(s, 3, amount);
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = spend_error(ho_store_db(st), "cannot store spend", diag);
    sqlite3_finalize(s);
    return rc;
}

ho_rc
ho_store_load_spend(struct ho_store *st, struct ho_strtab *strings, struct ho_spend_row **rows,
                    size_t *n, struct ho_diag *diag)
{
    sqlite3_stmt *s;
    size_t cap = 0;
    *rows = NULL;
    *n = 0;
    ho_rc rc =
        prepare(st, "SELECT channel, month, amount FROM spend ORDER BY channel, month", &s, diag);
    if (rc != HO_OK)
        return rc;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        const unsigned char *channel = sqlite3_column_text(s, 0);
        int64_t month;
        if (!channel || !month_parse(sqlite3_column_text(s, 1), sqlite3_column_bytes(s, 1), &month))
            continue; /* not written by handoff: ignored rather than guessed */
        HO_GROW(*rows, cap, *n + 1);
        (*rows)[(*n)++] =
            (struct ho_spend_row){ .channel = ho_strtab_intern(strings, (const char *)channel,
                                                               (size_t)sqlite3_column_bytes(s, 0)),
                                   .month = month,
                                   .amount = sqlite3_column_double(s, 2) };
    }
    if (step != SQLITE_DONE)
        rc = spend_error(ho_store_db(st), "cannot read spend", diag);
    sqlite3_finalize(s);
    return rc;
}
