/* SPDX-License-Identifier: MIT */
/*
 * cli/alerts_thread.h - the alert delivery worker (notify/deliver.h) as a
 * thread of `handoff serve --alerts`, on its own handle of the database: it
 * never holds the writer's engine, only the write lock for a moment per
 * outcome.
 */
#ifndef HO_CLI_ALERTS_THREAD_H
#define HO_CLI_ALERTS_THREAD_H

struct ho_alerts_thread;

/* Start delivering the outbox of db_path (NULL: the default database) every
 * 200 ms; an exit code (errors printed). */
int ho_alerts_thread_start(const char *db_path, struct ho_alerts_thread **out);
/* Finish the round at hand, stop and free (NULL-safe). */
void ho_alerts_thread_stop(struct ho_alerts_thread *t);
/* Run a delivery round now (a commit wrote alerts); arg is the thread.
 * Safe from any thread. */
void ho_alerts_thread_wake(void *arg);

#endif /* HO_CLI_ALERTS_THREAD_H */
