/* SPDX-License-Identifier: MIT */
/*
 * report/money_fmt.h - formatting helpers shared by the renderers of
 * report/money.h (report/ only: jansson values do not leave this layer).
 *
 * Rounding is done once, here, so that JSON and CSV print the same numbers.
 */
#ifndef HO_REPORT_MONEY_FMT_H
#define HO_REPORT_MONEY_FMT_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "base/rc.h"
#include "core/funnel.h"
#include "report/report_int.h" /* ho_csv_field, ho_json_write */

struct ho_money_view;
struct ho_strtab;

/* A rounded real, or JSON null for NAN. */
json_t *ho_money_json_num(double v);
/* {"num", "den", "pct"} of a count rate; pct is null when den == 0. */
json_t *ho_money_json_rate(struct ho_rate r);
/* {"num", "den", "pct"} of two amounts; pct is null when den == 0. */
json_t *ho_money_json_ratio(double num, double den);
/* A time as RFC 3339 text, or null for INT64_MIN / INT64_MAX. */
json_t *ho_money_json_time(int64_t t);
/* Add "by", "from" and "to" of the view to root. */
void ho_money_json_period(json_t *root, const struct ho_money_view *v, const char *by);

/* v kept to 15 significant digits (a ratio that two decimals would erase,
 * e.g. the marketing efficiency ratio 400 / 15000 = 0.0266666666666667), or
 * JSON null for NAN. */
json_t *ho_money_json_precise(double v);

/* The rounded number, or nothing for NAN. */
void ho_money_csv_num(FILE *out, double v);
/* A real as JSON holds it: two decimals when it has no more (every rounded
 * figure), else 15 significant digits (ho_money_json_precise). */
void ho_money_csv_real(FILE *out, double v);

/* A rounded number with two decimals, or "n/a" for NAN. */
char *ho_money_text(double v, char out[32]);
/* v with 3 significant digits (0.0267, 1.5, 12.3; no exponent: 1235 for
 * 1234.5), or "n/a" for NAN: for a ratio two decimals would erase. */
char *ho_money_sig3_text(double v, char out[32]);
/* "num/den (pct%)" or "num/den (n/a)". */
char *ho_money_rate_text(struct ho_rate r, char out[64]);
/* The text of an interned id, or none when the id is 0. */
const char *ho_money_name(const struct ho_strtab *s, uint32_t id, const char *none);
/* "from X to Y" of the view for a table title ("all time" when open). */
char *ho_money_period_text(const struct ho_money_view *v, char out[96]);

#endif /* HO_REPORT_MONEY_FMT_H */
