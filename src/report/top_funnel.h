/* SPDX-License-Identifier: MIT */
/*
 * report/top_funnel.h - render the top of the funnel (visitors, leads).
 */
#ifndef HO_REPORT_TOP_FUNNEL_H
#define HO_REPORT_TOP_FUNNEL_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

#include "base/rc.h"
#include "report/report.h"

struct ho_top_month;

/* The months as a JSON array (new reference). */
json_t *ho_report_top_funnel_json(const struct ho_top_month *m, size_t n);

/* Table (with a title), CSV (with a header) or JSON ({"months": [...]}). */
HO_MUST_CHECK ho_rc ho_report_top_funnel(FILE *out, enum ho_format fmt,
                                         const struct ho_top_month *m, size_t n,
                                         struct ho_diag *diag);

#endif /* HO_REPORT_TOP_FUNNEL_H */
