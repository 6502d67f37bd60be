/* SPDX-License-Identifier: MIT */
/*
 * tests/support/store_faults.h - a test backend that wraps another
 * backend's ops (store/backend.h) and fails calls on purpose, so tests can
 * reach the rollback paths: the Nth commit, or the Nth read.
 *
 * A failed commit does not reach the wrapped backend: the transaction stays
 * open and the caller's rollback undoes it, exactly as when a real commit
 * fails (disk full, I/O error).  A failed read returns before reading.
 * Both fail with HO_ESTORE and a message that names the injected fault.
 * With both counters at 0 the backend only forwards (the conformance suite
 * runs against it that way).
 */
#ifndef HO_TESTS_STORE_FAULTS_H
#define HO_TESTS_STORE_FAULTS_H

#include <stdbool.h>

#include "base/rc.h"

struct ho_store;
struct ho_store_backend;
struct ho_store_ops;
struct ho_store_opts;

/* What to fail, and what was counted; owned by the test, borrowed by the
 * backend for its whole life. */
struct ho_store_faults {
    unsigned fail_commit; /* fail the commit with this 1-based number; 0 = never */
    unsigned fail_read;   /* fail the read (any load, scan, log or setting read) with this
                           * 1-based number; 0 = never */
    unsigned commits;     /* commits asked for so far (failed ones included) */
    unsigned reads;       /* reads asked for so far (failed ones included) */
};

extern const struct ho_store_ops ho_faults_ops;

/* A fault backend over inner (owned from here) with inner_ops (borrowed). */
struct ho_store_backend *ho_faults_wrap(const struct ho_store_ops *inner_ops,
                                        struct ho_store_backend *inner,
                                        struct ho_store_faults *faults);

/* Open the SQLite database at path (opts as ho_store_open_with(); NULL:
 * created when missing, full durability) behind a fault backend. */
HO_MUST_CHECK ho_rc ho_faults_open_sqlite(const char *path, const struct ho_store_opts *opts,
                                          struct ho_store_faults *faults, struct ho_store **out,
                                          struct ho_diag *diag);

#endif /* HO_TESTS_STORE_FAULTS_H */
