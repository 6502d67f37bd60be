/* SPDX-License-Identifier: MIT */
/*
 * cli/commands.h - one entry point per command: int ho_cmd_NAME(argc, argv),
 * where argv[0] is the command name.  Each returns an exit code
 * (cli/exitcode.h).
 */
#ifndef HO_CLI_COMMANDS_H
#define HO_CLI_COMMANDS_H

int ho_cmd_init(int argc, char **argv);
int ho_cmd_import(int argc, char **argv);
int ho_cmd_rebuild(int argc, char **argv);
int ho_cmd_backtest(int argc, char **argv);
int ho_cmd_explain(int argc, char **argv);
int ho_cmd_report(int argc, char **argv);
int ho_cmd_demo(int argc, char **argv);
int ho_cmd_defs(int argc, char **argv);
int ho_cmd_demo_generate(int argc, char **argv);
int ho_cmd_queue(int argc, char **argv);
int ho_cmd_reps(int argc, char **argv);
int ho_cmd_leads(int argc, char **argv);
int ho_cmd_accept(int argc, char **argv);
int ho_cmd_reject(int argc, char **argv);
int ho_cmd_qualify(int argc, char **argv);
int ho_cmd_nurture(int argc, char **argv);
int ho_cmd_contact(int argc, char **argv);
int ho_cmd_opportunity(int argc, char **argv);
int ho_cmd_won(int argc, char **argv);
int ho_cmd_meeting(int argc, char **argv);
int ho_cmd_lost(int argc, char **argv);
int ho_cmd_assign(int argc, char **argv);
int ho_cmd_import_spend(int argc, char **argv);
int ho_cmd_serve(int argc, char **argv);
int ho_cmd_token(int argc, char **argv);
int ho_cmd_alerts(int argc, char **argv);

#endif /* HO_CLI_COMMANDS_H */
