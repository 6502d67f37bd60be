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

struct ho_store;

sqlite3 *ho_store_db(struct ho_store *st);

#endif /* HO_STORE_STORE_INT_H */
