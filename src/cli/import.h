/* SPDX-License-Identifier: MIT */
/*
 * cli/import.h - the import loop shared by `import` and `demo`.
 */
#ifndef HO_CLI_IMPORT_H
#define HO_CLI_IMPORT_H

#include <stddef.h>

struct ho_cli;

/* Import every path into cli->eng (open) and commit; prints rejected records
 * and a summary on stderr.  Returns an exit code (3 when records were
 * rejected). */
int ho_cli_import_paths(struct ho_cli *cli, char *const *paths, size_t n_paths);

#endif /* HO_CLI_IMPORT_H */
