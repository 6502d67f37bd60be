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
struct ho_flow;
struct ho_funnel;
struct ho_rules_report;
struct ho_whatif_input;
struct ho_whatif_measured;
struct ho_whatif_result;
struct ho_lead_result;
struct ho_model;
struct ho_rule_detail;
struct ho_strtab;

struct ho_event;
struct ho_eventlog;

/* Write ev as one compact JSON object (no newline), with the input's field
 * names; prop and trait values as text. */
HO_MUST_CHECK ho_rc ho_report_event_line(FILE *out, const struct ho_eventlog *log,
                                         const struct ho_event *ev, struct ho_diag *diag);

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
    const struct ho_strtab *strings; /* names of group (channel) ids */
    const struct ho_benchmarks *bench;
    bool by_channel; /* split by channel (when by is NULL) */
    const char *by;  /* the dimension the cohorts are split by ("rep", ...; "all" = not
                      * split); NULL: by_channel decides */
    int64_t as_of;
    const struct ho_stage_set_opts *stages; /* the definitions' stage set; NULL = default */
};

/*
 * The funnel by cohort (DESIGN.md §5 report 1).  Cohorts are labelled
 * "2026-03" (month), "2026-Q1" (quarter) or "all".  JSON: top-level "by" (the
 * dimension, "all" when not split) and "period"; each cohort has "group" (its
 * value of the dimension, "(none)" for journeys without one; "all" when not
 * split) and, when split by channel or not split, also "channel" (the same
 * value, the field's older name).  CSV: the group column is named after the
 * dimension ("channel" when not split).
 */
HO_MUST_CHECK ho_rc ho_report_funnel(FILE *out, enum ho_format fmt, const struct ho_funnel_view *v,
                                     struct ho_diag *diag);

struct ho_flow_view {
    const struct ho_flow *flow;
    const struct ho_strtab *strings; /* names of group ids */
    const char *by;                  /* the dimension ("all": not split) */
    int64_t window_ms;
    const struct ho_stage_set_opts *stages; /* the definitions' stage set; NULL = default */
};

/*
 * The flow view: stage entries in the window and each rate as entries of the
 * later stage / entries of the earlier stage, with a note that a flow rate
 * can exceed 100%.  Not split: one group "all"; split: one group per value
 * and a total "(all)".  JSON "groups" (each "group", "entries", "rates") and
 * "total"; rates {num, den, pct}, pct null for 0/0.  CSV: one row per group
 * then the total, the group column named after the dimension.
 */
HO_MUST_CHECK ho_rc ho_report_flow(FILE *out, enum ho_format fmt, const struct ho_flow_view *v,
                                   struct ho_diag *diag);

struct ho_whatif_view {
    const struct ho_whatif_input *in;
    const struct ho_whatif_measured *measured; /* NULL: explicit inputs */
    const struct ho_whatif_result *result;
    int64_t as_of; /* measured mode: the data's as_of */
};

/*
 * What-if: the inputs used (measured: with the cohort months, counts and
 * num/den of each rate), the change, and each volume per month before and
 * after it with the difference.  Table and CSV print 2 decimals (rounded
 * half away from zero); JSON keeps the fractions (15 significant digits).
 * An unknown value is null in JSON, "n/a" in the table, empty in CSV.
 */
HO_MUST_CHECK ho_rc ho_report_whatif(FILE *out, enum ho_format fmt, const struct ho_whatif_view *v,
                                     struct ho_diag *diag);

/*
 * The rules report: per rule the MQL journeys with it, their SQL rate as
 * num/den, the overall MQL->SQL rate, the lift and what it suggests.
 */
HO_MUST_CHECK ho_rc ho_report_rules(FILE *out, enum ho_format fmt, const struct ho_rules_report *r,
                                    struct ho_diag *diag);

/* Percent with one decimal, or "n/a" when den is 0. */
char *ho_format_pct(uint64_t num, uint64_t den, char out[16]);

#endif /* HO_REPORT_REPORT_H */
