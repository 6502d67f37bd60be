/* SPDX-License-Identifier: MIT */
/*
 * report/fit.h - fit a terminal table to the terminal's width.
 *
 * The tables are left-to-right in priority: the first columns say what a row
 * is (cohort, lead, rule) and the trailing ones add detail.  A table row
 * wider than the width is cut at the last column gap (two spaces after
 * text; else one) that fits, so trailing columns are dropped whole rather than wrapped; a
 * single word wider than the width is cut and ends in "…".  A line of prose
 * (no run of two spaces after its indentation: a title, a diagnosis), and a
 * row whose last field (after its last run of two spaces) starts within the
 * first three quarters of the width (a key and its value), are wrapped at
 * words instead, under where the prose starts, so no sentence is lost.  Widths count UTF-8
 * characters, one column each.
 */
#ifndef HO_REPORT_FIT_H
#define HO_REPORT_FIT_H

#include <stdbool.h>
#include <stddef.h>

struct ho_buf;

/* Append text[0..len) to out with every line fitted to width columns
 * (width >= 8).  Returns true when a table row lost columns. */
bool ho_fit_text(const char *text, size_t len, size_t width, struct ho_buf *out);

/* The footnote printed under fitted output that was cut. */
#define HO_FIT_FOOTNOTE "(columns dropped to fit the terminal; --wide shows all)\n"

#endif /* HO_REPORT_FIT_H */
