/* SPDX-License-Identifier: MIT */
/*
 * report/attribution.h - render multi-touch attribution (DESIGN.md §5 report
 * 8) as a table, JSON or CSV, always with the model's parameters.  Figures
 * come from core/attribution.h.
 */
#ifndef HO_REPORT_ATTRIBUTION_H
#define HO_REPORT_ATTRIBUTION_H

#include <stdio.h>

#include "base/rc.h"
#include "report/report.h"

struct ho_attribution;
struct ho_strtab;

/*
 * Table: a title, the model's parameters, then one line per channel or
 * campaign (amount, share of the total, opportunities credited, touches
 * credited), the unattributed opportunities and the total.  JSON: {"model":
 * {...parameters}, "by", totals, "credits": [...], "unattributed": {...}}.
 * CSV: section,key,value,amount,pct,opportunities,touches with "param",
 * "credit", "unattributed" and "total" rows.  Amounts are rounded to cents
 * in every format.  strings names the keys of a.
 */
HO_MUST_CHECK ho_rc ho_report_attribution(FILE *out, enum ho_format fmt,
                                          const struct ho_attribution *a,
                                          const struct ho_strtab *strings, struct ho_diag *diag);

#endif /* HO_REPORT_ATTRIBUTION_H */
