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

struct ho_match;

/* Does text (NUL-terminated; NULL or "" = field absent) satisfy m? */
bool ho_match_text(const struct ho_match *m, const char *text);

/* Parse text as a finite number (surrounding spaces allowed). */
bool ho_parse_number(const char *text, double *out);

#endif /* HO_CORE_MATCH_H */
