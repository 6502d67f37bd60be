/* SPDX-License-Identifier: MIT */
/*
 * base/rc.h - the one result type and the diagnostics record.
 *
 * Every fallible function returns ho_rc and takes `struct ho_diag *diag` as its
 * last parameter (may be NULL).  ho_diag_set() returns its rc so that failure
 * paths are one statement: return ho_diag_set(diag, HO_EPARSE, "...");
 */
#ifndef HO_BASE_RC_H
#define HO_BASE_RC_H

#include <stdint.h>

#include "base/compiler.h"

typedef enum ho_rc {
    HO_OK = 0,
    HO_EOF,       /* end of input: a normal outcome for readers */
    HO_EINVAL,    /* caller broke the contract */
    HO_EPARSE,    /* malformed external input (CSV, JSON, YAML) */
    HO_ELIMIT,    /* input exceeded a configured limit */
    HO_ENOTFOUND, /* lookup found nothing */
    HO_ECONFLICT, /* duplicate id, illegal transition, ... */
    HO_EIO,       /* OS-level I/O failure; errno kept in the diag */
    HO_ESTORE,    /* database failure; backend message kept in the diag */
    HO_EINTERNAL, /* an invariant did not hold: always a bug */
} ho_rc;

struct ho_diag {
    ho_rc rc;
    int sys_errno;         /* 0 unless rc == HO_EIO */
    uint32_t line, column; /* 1-based position in the input; 0 = unknown */
    char where[256];       /* file, field or statement the error is about */
    char msg[512];         /* lowercase, no trailing period, subject in '' */
};

/* Clear d (NULL-safe). */
void ho_diag_clear(struct ho_diag *d);

/* Record rc and a printf-style message in d (NULL-safe); returns rc.  The
 * message is truncated to fit; position fields are left as they are. */
ho_rc ho_diag_set(struct ho_diag *d, ho_rc rc, const char *fmt, ...) HO_PRINTF(3, 4);

/* Like ho_diag_set, also recording a 1-based line and column. */
ho_rc ho_diag_at(struct ho_diag *d, ho_rc rc, uint32_t line, uint32_t column, const char *fmt, ...)
    HO_PRINTF(5, 6);

/* A short stable name for rc ("parse error", ...). */
const char *ho_rc_str(ho_rc rc);

#endif /* HO_BASE_RC_H */
