/* SPDX-License-Identifier: MIT */
/*
 * store/sqlite_int.h - for the SQLite backend's own files only (sqlite.c,
 * schema.c): the layout and its migrations.  Nothing outside the backend
 * sees a sqlite3 handle; the rest of the store goes through the ops
 * (store/backend.h).
 */
#ifndef HO_STORE_SQLITE_INT_H
#define HO_STORE_SQLITE_INT_H

#include <sqlite3.h>
#include <stdbool.h>

#include "base/rc.h"

struct ho_buf;

/*
 * Check the schema version of db (store/schema.c).  A newer version is
 * refused; an empty database gets the tables and an older one is migrated
 * (after a backup copy, named in note), both only when writable.
 */
HO_MUST_CHECK ho_rc ho_schema_prepare(sqlite3 *db, const char *path, bool writable,
                                      struct ho_buf *note, struct ho_diag *diag);

#endif /* HO_STORE_SQLITE_INT_H */
