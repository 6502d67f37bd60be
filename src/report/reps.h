/* SPDX-License-Identifier: MIT */
/*
 * report/reps.h - `handoff reps`: each rep's load (core/reps.h) as a table,
 * JSON or CSV.
 */
#ifndef HO_REPORT_REPS_H
#define HO_REPORT_REPS_H

#include <stdio.h>

#include "base/rc.h"
#include "report/report.h"

struct ho_defs;
struct ho_reps_load;

HO_MUST_CHECK ho_rc ho_report_reps(FILE *out, enum ho_format fmt, const struct ho_defs *d,
                                   const struct ho_reps_load *r, struct ho_diag *diag);

#endif /* HO_REPORT_REPS_H */
