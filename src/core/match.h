/* SPDX-License-Identifier: MIT */
/*
 * core/match.h - evaluate one definitions condition on one value.
 *
 * Values are text (JSON and CSV alike) and are typed by the condition that
 * reads them: numbers for between/>=/..., true/false for boolean equals.
 * Pure: no I/O.
 */
#ifndef HO_CORE_MATCH_H
#define HO_CORE_MATCH_H

#include <stdbool.h>
#include <stddef.h>

struct ho_event;
struct ho_eventlog;
struct ho_match;

/* Does text (NUL-terminated; NULL or "" = field absent) satisfy m? */
bool ho_match_text(const struct ho_match *m, const char *text);

/* Does every condition of where[0..n) hold on the props of event e (of log)?
 * Behaviour rules and event SLAs select their events this way. */
bool ho_match_props(const struct ho_eventlog *log, const struct ho_match *where, size_t n,
                    const struct ho_event *e);

/* Parse text as a finite number (surrounding spaces allowed). */
bool ho_parse_number(const char *text, double *out);

#endif /* HO_CORE_MATCH_H */
