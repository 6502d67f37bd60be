/* SPDX-License-Identifier: MIT */
/*
 * core/whatif.h - what-if projection of the funnel (DESIGN.md §5, report 10):
 * the funnel per month projected from a starting volume and stage rates,
 * before and after one stage's rate changes by some percentage points.
 *
 * Two ways to get the inputs:
 *   - measured: from the last N complete cohort months before as_of (the
 *     month that holds as_of is not complete): MQLs per month = MQL journeys
 *     of those cohorts / N; mql_sql, sql_opportunity and opportunity_customer
 *     are the cohort rates of those journeys exactly as the funnel counts
 *     them (report funnel --period all over the same months); the average
 *     deal is the mean amount of their journeys that reached customer with
 *     an amount.
 *   - explicit (planning without data): visitors per month, every rate from
 *     visitor_lead to opportunity_customer in percent, and the deal size.
 *
 * Volumes keep their fractions (71.3 MQLs); nothing is rounded here.  A
 * volume after an unknown rate (0/0 measured, or not given) is unknown, and
 * so is every volume after it.
 *
 * Pure: no I/O.
 */
#ifndef HO_CORE_WHATIF_H
#define HO_CORE_WHATIF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/rc.h"
#include "core/funnel.h"

/* The rates of the chain, in funnel order. */
enum ho_wi_rate {
    HO_WI_VISITOR_LEAD,
    HO_WI_LEAD_MQL,
    HO_WI_MQL_SQL,
    HO_WI_SQL_OPPORTUNITY,
    HO_WI_OPPORTUNITY_CUSTOMER,
    HO_WI_RATE__COUNT
};

/* The volumes: volume k + 1 = volume k * rate k / 100. */
enum ho_wi_volume {
    HO_WI_VISITORS,
    HO_WI_LEADS,
    HO_WI_MQLS,
    HO_WI_SQLS,
    HO_WI_OPPORTUNITIES,
    HO_WI_CUSTOMERS,
    HO_WI_VOLUME__COUNT
};

struct ho_whatif_input {
    enum ho_wi_volume start; /* HO_WI_VISITORS (explicit) or HO_WI_MQLS (measured) */
    double start_volume;     /* per month, >= 0 */
    bool has_rate[HO_WI_RATE__COUNT];
    double rate_pct[HO_WI_RATE__COUNT]; /* percent, 0..100 */
    bool has_deal;
    double deal; /* revenue per customer */
};

/* What the measured inputs were computed from, for printing them. */
struct ho_whatif_measured {
    int64_t first_month;                    /* ho_time_month_index() of the first cohort */
    int64_t months;                         /* N: cohorts first_month .. first_month + N - 1 */
    uint64_t mqls;                          /* MQL journeys of those cohorts */
    struct ho_rate rate[HO_WI_RATE__COUNT]; /* measured rates (visitor_lead, lead_mql: 0/0) */
    uint64_t won_with_amount;               /* journeys that reached customer with an amount */
    double won_amount;                      /* the sum of their amounts */
};

struct ho_whatif_projection {
    bool has[HO_WI_VOLUME__COUNT];
    double volume[HO_WI_VOLUME__COUNT]; /* per month; volumes before start are unknown */
    bool has_revenue;
    double revenue; /* customers * deal */
};

struct ho_whatif_change {
    bool active; /* a stage's rate is changed */
    enum ho_wi_rate stage;
    double delta_pts;             /* as asked, in percentage points */
    bool has_before;              /* the stage's rate is known (else nothing changes) */
    double before_pct, after_pct; /* after = before + delta clamped to 0..100 */
    double applied_pts;           /* after - before: delta_pts unless clamped */
    bool clamped;                 /* before + delta fell outside 0..100 */
};

struct ho_whatif_result {
    struct ho_whatif_projection before; /* the inputs as they are */
    struct ho_whatif_projection after;  /* with the change (== before without one) */
    struct ho_whatif_projection diff;   /* after - before, known where both are */
    struct ho_whatif_change change;
};

/* "visitor_lead", "lead_mql", "mql_sql", "sql_opportunity", "opportunity_customer" */
const char *ho_wi_rate_name(enum ho_wi_rate r);
bool ho_wi_rate_parse(const char *name, enum ho_wi_rate *out);
/* "visitors", "leads", "mqls", "sqls", "opportunities", "customers" */
const char *ho_wi_volume_name(enum ho_wi_volume v);

/*
 * Measure the inputs from the journeys rows[0..n): the cohorts of the
 * `months` (>= 1) complete calendar months before the month of as_of.
 * Always fills *in and *m.  Returns HO_OK or HO_EINVAL for months < 1 or
 * > 1200.
 */
HO_MUST_CHECK ho_rc ho_whatif_measure(const struct ho_journey_row *rows, size_t n, int64_t as_of,
                                      int64_t months, struct ho_whatif_input *in,
                                      struct ho_whatif_measured *m, struct ho_diag *diag);

/*
 * Parse a rates list "visitor_lead=2.3,lead_mql=31,...": each a rate name,
 * '=' and a percentage 0..100, separated by commas; sets in->has_rate and
 * in->rate_pct of each one named.  Returns HO_OK or HO_EPARSE naming the
 * first bad item (unknown name, missing '=', not a number, out of range,
 * named twice); *in may then hold the items before it.
 */
HO_MUST_CHECK ho_rc ho_whatif_parse_rates(const char *text, struct ho_whatif_input *in,
                                          struct ho_diag *diag);

/*
 * Project in as it is (out->before) and, when change is true, with stage's
 * rate changed by delta_pts percentage points, clamped to 0..100
 * (out->after; equal to out->before without a change).  stage must be a rate
 * of the chain from in->start on (HO_EINVAL otherwise: e.g. visitor_lead
 * from measured MQLs).  out->change describes the change made (active false
 * without one).  *out is always filled (without the change on error).
 */
HO_MUST_CHECK ho_rc ho_whatif_project(const struct ho_whatif_input *in, bool change,
                                      enum ho_wi_rate stage, double delta_pts,
                                      struct ho_whatif_result *out, struct ho_diag *diag);

#endif /* HO_CORE_WHATIF_H */
