/* SPDX-License-Identifier: MIT */
/*
 * cli/cmd_defs_int.h - the `handoff defs` subcommands of other files,
 * dispatched by ho_cmd_defs() (cli/cmd_defs.c).  Each takes its own argv
 * (argv[0] is the subcommand) and returns an exit code.
 */
#ifndef HO_CLI_CMD_DEFS_INT_H
#define HO_CLI_CMD_DEFS_INT_H

int ho_cmd_defs_propose(int argc, char **argv);  /* cli/cmd_defs_versions.c */
int ho_cmd_defs_sign(int argc, char **argv);     /* cli/cmd_defs_versions.c */
int ho_cmd_defs_activate(int argc, char **argv); /* cli/cmd_defs_versions.c */
int ho_cmd_defs_history(int argc, char **argv);  /* cli/cmd_defs_versions.c */
int ho_cmd_defs_show(int argc, char **argv);     /* cli/cmd_defs_versions.c */
int ho_cmd_defs_diff(int argc, char **argv);     /* cli/cmd_defs_versions.c */

#endif /* HO_CLI_CMD_DEFS_INT_H */
