/* SPDX-License-Identifier: MIT */
/*
 * base/diag.c - diagnostics records and the assertion handler.
 */
#include "base/rc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
ho_assert_fail(const char *expr, const char *file, int line)
{
    fprintf(stderr, "handoff: internal error: assertion '%s' failed at %s:%d\n", expr, file, line);
    abort();
}

void
ho_diag_clear(struct ho_diag *d)
{
    if (d)
        memset(d, 0, sizeof(*d));
}

static void set_msg(struct ho_diag *d, ho_rc rc, const char *fmt, va_list ap) HO_PRINTF(3, 0);

static void
set_msg(struct ho_diag *d, ho_rc rc, const char *fmt, va_list ap)
{
    d->rc = rc;
    vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
}

ho_rc
ho_diag_set(struct ho_diag *d, ho_rc rc, const char *fmt, ...)
{
    if (!d)
        return rc;
    va_list ap;
    va_start(ap, fmt);
    set_msg(d, rc, fmt, ap);
    va_end(ap);
    return rc;
}

ho_rc
ho_diag_at(struct ho_diag *d, ho_rc rc, uint32_t line, uint32_t column, const char *fmt, ...)
{
    if (!d)
        return rc;
    va_list ap;
    va_start(ap, fmt);
    set_msg(d, rc, fmt, ap);
    va_end(ap);
    d->line = line;
    d->column = column;
    return rc;
}

const char *
ho_rc_str(ho_rc rc)
{
    switch (rc) {
    case HO_OK:
        return "ok";
    case HO_EOF:
        return "end of input";
    case HO_EINVAL:
        return "invalid argument";
    case HO_EPARSE:
        return "parse error";
    case HO_ELIMIT:
        return "limit exceeded";
    case HO_ENOTFOUND:
        return "not found";
    case HO_ECONFLICT:
        return "conflict";
    case HO_EIO:
        return "i/o error";
    case HO_ESTORE:
        return "store error";
    case HO_EINTERNAL:
        return "internal error";
    }
    return "unknown error";
}
