/* SPDX-License-Identifier: MIT */
/*
 * cli/import.h - the import loop shared by `import` and `demo`.
 */
#ifndef HO_CLI_IMPORT_H
#define HO_CLI_IMPORT_H

#include <stddef.h>

struct ho_app;

/* Import every path into cli->eng (open) and commit; prints rejected records
 * (the first 20 of each reason) and a summary on stderr, and every rejected
 * record to errors_file when it is not NULL.  Returns an exit code: 3 when
 * some records were rejected, 1 when every record was. */
int ho_cli_import_paths(struct ho_app *cli, char *const *paths, size_t n_paths,
                        const char *errors_file);

#endif /* HO_CLI_IMPORT_H */
