/* SPDX-License-Identifier: MIT */
/*
 * cli/exitcode.h - the process exit codes (DESIGN.md §7), the one place
 * where results map onto the shell.
 */
#ifndef HO_CLI_EXITCODE_H
#define HO_CLI_EXITCODE_H

#include "base/rc.h"

enum ho_exit {
    HO_EXIT_OK = 0,      /* done */
    HO_EXIT_ERROR = 1,   /* failed: invalid definitions, store error, ... */
    HO_EXIT_USAGE = 2,   /* bad command line */
    HO_EXIT_PARTIAL = 3, /* done, but some input records were rejected */
};

static inline int
ho_exit_from_rc(ho_rc rc)
{
    return rc == HO_OK ? HO_EXIT_OK : rc == HO_EINVAL ? HO_EXIT_USAGE : HO_EXIT_ERROR;
}

#endif /* HO_CLI_EXITCODE_H */
