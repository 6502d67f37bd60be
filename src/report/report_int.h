/* SPDX-License-Identifier: MIT */
/*
 * report/report_int.h - helpers shared by the renderers of report/ (not part
 * of the report interface: jansson types stay inside report/).
 */
#ifndef HO_REPORT_REPORT_INT_H
#define HO_REPORT_REPORT_INT_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "base/timefmt.h"
#include "core/funnel.h"

/* v rounded half away from zero to 2 decimals, as every report prints and
 * stores a two-decimal number (printf alone rounds 0.125 to 0.12 and 0.875
 * to 0.88); NAN stays NAN. */
double ho_round2(double v);

/* ho_duration_format() of ms ("1d 12h"), or "n/a" when ms < 0 (not
 * measured). */
char *ho_format_duration(int64_t ms, char out[HO_TIME_STRLEN]);

/* Write s as one CSV field (RFC 4180: quoted when it holds a comma, a quote
 * or a line break). */
void ho_csv_field(FILE *out, const char *s);

/* The three CSV cells of a rate, each after a comma: ",num,den,pct", pct
 * with 2 decimals (ho_round2()) and empty when den is 0. */
void ho_csv_rate(FILE *out, struct ho_rate r);
/* The header cells of ho_csv_rate(): ",NAME_num,NAME_den,NAME_pct". */
void ho_csv_rate_header(FILE *out, const char *name);

/* {"num": n, "den": d, "pct": p} with pct rounded to 2 decimals, null when
 * den is 0.  A new reference. */
json_t *ho_json_rate(struct ho_rate r);

/* "num/den pct" (e.g. "3/10 30.0%", "0/0 n/a") into out. */
char *ho_format_rate(struct ho_rate r, char out[48]);

/* The label of cohort index ci of period p: "2026-03", "2026-Q1" or "all". */
char *ho_cohort_label(enum ho_cohort_period p, int64_t ci, char out[HO_TIME_STRLEN]);

/* "30 days" for whole days, else ho_duration_format() ("36h" -> "1d 12h"). */
char *ho_format_window(int64_t ms, char out[HO_TIME_STRLEN]);

/* Write JSON root to out (indented, keys in insertion order, reals with 15
 * significant digits) with a final newline, and release it. */
ho_rc ho_json_write(FILE *out, json_t *root, struct ho_diag *diag);

/* The stages and transitions a report shows: those of the definitions'
 * stage set (core/stage.h, core/funnel.h), in report order. */
struct ho_report_cols {
    enum ho_stage stages[HO_STAGE__COUNT];
    size_t n_stages;
    enum ho_transition rates[HO_TR__COUNT];
    size_t n_rates;
};
void ho_report_cols_of(const struct ho_stage_set_opts *set, struct ho_report_cols *c);
/* A transition's short name in a table ("mql>sql", "sql>opp"). */
const char *ho_rate_short(enum ho_transition t);

struct ho_model;
struct ho_lead_result;

/* explain's Routing block (report/explain_routing.c): the lead's assign
 * events up to its as-of time with rule, pool, how, why and the reps passed
 * over.  The JSON is a new reference (an array). */
json_t *ho_explain_routing_json(const struct ho_model *m, const struct ho_lead_result *r);
void ho_explain_routing_text(FILE *out, const struct ho_model *m, const struct ho_lead_result *r);

#endif /* HO_REPORT_REPORT_INT_H */
