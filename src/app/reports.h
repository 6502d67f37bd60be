/* SPDX-License-Identifier: MIT */
/*
 * app/reports.h - every report, run by name through one table of
 * {name, options, loader, compute, render} (app/report_table.c).
 *
 * A report's options are a table of {name, type, default, help} over the
 * report's own options struct: the CLI maps its flags onto them, the HTTP
 * server its query parameters (ho_report_opts_apply: "name=value" pairs).
 *
 *     const struct ho_report_def *r = ho_report_find("funnel");
 *     void *o = ho_report_opts_new(r);
 *     ho_report_opts_set(r, o, "by", "channel", diag);
 *     ho_report_run(app, r, o, &(struct ho_report_out){stdout, HO_FORMAT_JSON, now}, diag);
 *     ho_report_opts_free(o);
 */
#ifndef HO_APP_REPORTS_H
#define HO_APP_REPORTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/compiler.h"
#include "base/rc.h"
#include "report/report.h"

struct ho_app;

enum ho_report_opt_type {
    HO_ROPT_TIME,     /* RFC 3339 time or a date */
    HO_ROPT_AT,       /* a time, or "now" (the caller's clock) */
    HO_ROPT_DIM,      /* enum ho_dim: channel, campaign, rep, ... */
    HO_ROPT_PERIOD,   /* enum ho_cohort_period: month, quarter, all */
    HO_ROPT_DURATION, /* 1s..3660d, in ms */
    HO_ROPT_NUMBER,   /* a number within [lo, hi] (double) */
    HO_ROPT_COUNT,    /* a whole number within [lo, hi] (int64_t) */
    HO_ROPT_PERCENT,  /* a percentage above 0 and at most 100 (double) */
    HO_ROPT_MODEL,    /* enum ho_attr_model */
    HO_ROPT_TEXT,     /* borrowed text, checked by the report */
    HO_ROPT_FLAG,     /* no value, or true/false/1/0 */
};

/* What an option is, whichever report takes it. */
struct ho_report_opt_kind {
    const char *name; /* "by": the CLI's --by, the HTTP query's by= */
    enum ho_report_opt_type type;
    double lo, hi;    /* HO_ROPT_NUMBER and HO_ROPT_COUNT */
    const char *unit; /* HO_ROPT_COUNT: what is counted ("months") */
};

/* One option of one report. */
struct ho_report_opt {
    const struct ho_report_opt_kind *kind;
    size_t off;       /* of the value in the report's options struct */
    size_t has_off;   /* offset + 1 of a bool set when given; 0: none */
    const char *dflt; /* the default as text (parsed at ho_report_opts_new), or NULL */
    const char *help; /* one line */
};

/* The options every report's options struct begins with. */
struct ho_report_common {
    int64_t from, to; /* [from, to): INT64_MIN / INT64_MAX when not given */
    int64_t at;       /* the as-of time when at_given and not at_now */
    bool at_given, at_now;
};

struct ho_report_run;

struct ho_report_def {
    const char *name;
    const struct ho_report_opt *opts;
    size_t n_opts;
    size_t opts_size; /* sizeof the report's options struct */
    /* Runs without a database (whatif planning); NULL: never. */
    bool (*offline)(const void *opts);
    HO_MUST_CHECK ho_rc (*load)(struct ho_report_run *r, struct ho_diag *diag);
    HO_MUST_CHECK ho_rc (*compute)(struct ho_report_run *r, struct ho_diag *diag);
    HO_MUST_CHECK ho_rc (*render)(struct ho_report_run *r, FILE *out, enum ho_format fmt,
                                  struct ho_diag *diag);
    void (*release)(struct ho_report_run *r);
};

/* Where and how a run writes. */
struct ho_report_out {
    FILE *out;
    enum ho_format fmt;
    int64_t now; /* the caller's clock, for at=now */
};

/* Every report, in the order the CLI lists them: i < ho_report_count(). */
size_t ho_report_count(void);
const struct ho_report_def *ho_report_at(size_t i);
/* The report named name, or NULL. */
const struct ho_report_def *ho_report_find(const char *name);
/* The option kind named name (any report's), or NULL. */
const struct ho_report_opt_kind *ho_report_opt_kind_find(const char *name);

/* A report's options with their defaults (free with ho_report_opts_free). */
void *ho_report_opts_new(const struct ho_report_def *r);
void ho_report_opts_free(void *opts);
/* Set option name of report r to value (NULL for a flag given bare).
 * HO_EINVAL: a bad value, the message "'VALUE': what to write" without the
 * option's name (the front door prefixes --name or name=); HO_ENOTFOUND:
 * report r has no option name. */
HO_MUST_CHECK ho_rc ho_report_opts_set(const struct ho_report_def *r, void *opts, const char *name,
                                       const char *value, struct ho_diag *diag);
/* Check value against the option kind alone (for an option a report ignores). */
HO_MUST_CHECK ho_rc ho_report_opt_check(const struct ho_report_opt_kind *k, const char *value,
                                        struct ho_diag *diag);
/* Apply "name=value" pairs (an HTTP query's parameters, decoded) in order;
 * a bare "name" sets a flag.  HO_EINVAL with "NAME 'VALUE': ..." for a bad
 * value or a bare name that is not a flag,
 * HO_ENOTFOUND with "report 'R' has no option 'NAME'". */
HO_MUST_CHECK ho_rc ho_report_opts_apply(const struct ho_report_def *r, void *opts,
                                         const char *const *pairs, size_t n, struct ho_diag *diag);

/* Load, compute and render report r from app (NULL when r->offline(opts)).
 * The as-of time: the at option, else the data's latest event. */
HO_MUST_CHECK ho_rc ho_report_run(struct ho_app *app, const struct ho_report_def *r,
                                  const void *opts, const struct ho_report_out *o,
                                  struct ho_diag *diag);

#endif /* HO_APP_REPORTS_H */
