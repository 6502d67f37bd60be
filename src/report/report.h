/* SPDX-License-Identifier: MIT */
/*
 * report/report.h - render what core computed as a terminal table, JSON or
 * CSV.  Renderers compute nothing beyond formatting, so the three formats
 * cannot disagree.
 */
#ifndef HO_REPORT_REPORT_H
#define HO_REPORT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/rc.h"

struct ho_benchmarks;
struct ho_funnel;
struct ho_lead_result;
struct ho_model;
struct ho_rule_detail;
struct ho_strtab;

enum ho_format {
    HO_FORMAT_TABLE,
    HO_FORMAT_JSON,
    HO_FORMAT_CSV,
};

/* Explain one lead: every rule with raw and decayed points and the events it
 * matched, fit/behaviour/total, thresholds, disqualifier, journeys with stage
 * entry times.  CSV is not offered for explain (HO_EINVAL). */
HO_MUST_CHECK ho_rc ho_report_explain(FILE *out, enum ho_format fmt, const struct ho_model *m,
                                      const struct ho_lead_result *r,
                                      const struct ho_rule_detail *rules, size_t n_rules,
                                      struct ho_diag *diag);

struct ho_funnel_view {
    const struct ho_funnel *funnel;
    const struct ho_strtab *strings; /* names of channel ids */
    const struct ho_benchmarks *bench;
    bool by_channel;
    int64_t as_of;
};

/* The funnel by cohort (DESIGN.md §5 report 1). */
HO_MUST_CHECK ho_rc ho_report_funnel(FILE *out, enum ho_format fmt,
                                     const struct ho_funnel_view *v, struct ho_diag *diag);

/* Percent with one decimal, or "n/a" when den is 0. */
char *ho_format_pct(uint64_t num, uint64_t den, char out[16]);

#endif /* HO_REPORT_REPORT_H */
