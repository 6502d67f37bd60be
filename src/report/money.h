/* SPDX-License-Identifier: MIT */
/*
 * report/money.h - renderers of the disposition audit, time in stage,
 * pipeline and money, and the closed-won audit (DESIGN.md §5 reports 4-7)
 * as a terminal table, JSON or CSV.  The figures come from core/
 * (dispositions.h, stage_times.h, pipeline.h, closed_won.h); these
 * functions only format them, so the three formats cannot disagree.
 *
 * Conventions: a rate is printed as num/den with its percentage; a value
 * with a zero denominator is "n/a" in a table, null in JSON and an empty
 * field in CSV.  Money, days, hours and percentages are rounded to two
 * decimals, identically in JSON and CSV; the marketing efficiency ratio keeps
 * 15 significant digits in JSON and CSV and shows 3 in a table.
 */
#ifndef HO_REPORT_MONEY_H
#define HO_REPORT_MONEY_H

#include <stdint.h>
#include <stdio.h>

#include "base/rc.h"
#include "report/report.h"

struct ho_closed_won;
struct ho_dispositions;
struct ho_pipeline;
struct ho_stage_times;
struct ho_strtab;

/* What every one of these reports shows besides its figures. */
struct ho_money_view {
    const struct ho_strtab *strings; /* names of interned ids */
    int64_t from, to;                /* the period asked for; INT64_MIN / INT64_MAX = open */
};

/* Each returns HO_OK, HO_EIO when the output cannot be written (JSON), or
 * HO_EINVAL for an unknown format. */
HO_MUST_CHECK ho_rc ho_report_dispositions(FILE *out, enum ho_format fmt,
                                           const struct ho_money_view *v,
                                           const struct ho_dispositions *d, struct ho_diag *diag);
HO_MUST_CHECK ho_rc ho_report_stage_times(FILE *out, enum ho_format fmt,
                                          const struct ho_money_view *v,
                                          const struct ho_stage_times *t, struct ho_diag *diag);
HO_MUST_CHECK ho_rc ho_report_pipeline(FILE *out, enum ho_format fmt, const struct ho_money_view *v,
                                       const struct ho_pipeline *p, struct ho_diag *diag);
HO_MUST_CHECK ho_rc ho_report_closed_won(FILE *out, enum ho_format fmt,
                                         const struct ho_money_view *v,
                                         const struct ho_closed_won *c, struct ho_diag *diag);

#endif /* HO_REPORT_MONEY_H */
