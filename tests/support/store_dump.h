/* SPDX-License-Identifier: MIT */
/*
 * tests/support/store_dump.h - a canonical text dump of the derived state
 * of a SQLite database file (leads, journeys and SLA clocks, sorted, one
 * row a line, columns joined by '|', NULL for none): tests compare an
 * import with a rebuild through it.  Test-only: it reads the file through
 * its own read-only connection, so it sees what was committed.
 */
#ifndef HO_TESTS_STORE_DUMP_H
#define HO_TESTS_STORE_DUMP_H

#include "base/rc.h"

struct ho_buf;

/* Append the dump of the database at path to out.  HO_ESTORE on failure. */
ho_rc ho_test_dump_state(const char *path, struct ho_buf *out);

#endif /* HO_TESTS_STORE_DUMP_H */
