/* SPDX-License-Identifier: MIT */
/*
 * store/store_int.h - for the store layer's own files only: the SQLite
 * handle behind a struct ho_store, so that other tables (spend, ...) can live
 * in files of their own.  Statements there must be prepared with bound
 * parameters like the rest of the store.
 */
#ifndef HO_STORE_STORE_INT_H
#define HO_STORE_STORE_INT_H

#include <sqlite3.h>
#include <stdbool.h>

#include "base/rc.h"

struct ho_buf;
struct ho_store;

sqlite3 *ho_store_db(struct ho_store *st);

/*
 * Check the schema version of db (store/schema.c).  A newer version is
 * refused; an empty database gets the tables and an older one is migrated
 * (after a backup copy, named in note), both only when writable.
 */
HO_MUST_CHECK ho_rc ho_schema_prepare(sqlite3 *db, const char *path, bool writable,
                                      struct ho_buf *note, struct ho_diag *diag);

#endif /* HO_STORE_STORE_INT_H */
