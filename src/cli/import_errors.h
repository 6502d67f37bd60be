/* SPDX-License-Identifier: MIT */
/*
 * cli/import_errors.h - the rejected records of one import, as a person can
 * read them: the first HO_IMPORT_ERRORS_SHOWN of each reason on stderr, then
 * one count per reason; every one of them (file:line: reason) in the
 * --errors-file when one is given.
 *
 * A reason is the message with its numbers blanked and its detail after the
 * first ": " dropped, so "invalid JSON at column 7: ..." and "invalid JSON
 * at column 31: ..." are one reason while "missing field 'ts'" and "missing
 * field 'id'" are two.
 */
#ifndef HO_CLI_IMPORT_ERRORS_H
#define HO_CLI_IMPORT_ERRORS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Errors printed per reason before the summary takes over. */
#define HO_IMPORT_ERRORS_SHOWN 20
/* Distinct reasons counted one by one; any further ones count as "other". */
#define HO_IMPORT_MAX_REASONS 64

struct ho_import_reason {
    char *key; /* owned */
    size_t count;
};

struct ho_import_errors {
    FILE *all;                                                  /* the --errors-file, or NULL */
    struct ho_import_reason reasons[HO_IMPORT_MAX_REASONS + 1]; /* last: "other reasons" */
    size_t n_reasons;
    size_t total;
};

/* Start a tally; all may be NULL (then only stderr is written). */
void ho_import_errors_init(struct ho_import_errors *t, FILE *all);
/* One rejected record of path at line. */
void ho_import_errors_add(struct ho_import_errors *t, const char *path, uint64_t line,
                          const char *msg);
/* The counts per reason on stderr (nothing when nothing was rejected). */
void ho_import_errors_summary(const struct ho_import_errors *t, const char *errors_file);
/* Free the keys (the FILE stays the caller's). */
void ho_import_errors_release(struct ho_import_errors *t);

#endif /* HO_CLI_IMPORT_ERRORS_H */
