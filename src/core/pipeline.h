/* SPDX-License-Identifier: MIT */
/*
 * core/pipeline.h - pipeline and money (DESIGN.md §5 report 6).
 *
 * Over the period [from, to) (flow view: what happened in the period):
 *  - an opportunity is a journey that reached the opportunity stage (a
 *    skipped one, won without opportunity_created, counts, dated by its
 *    customer entry); it counts in the period of its opportunity entry.
 *    Its amount is props.amount of opportunity_created; one without an
 *    amount is counted apart and adds nothing to any sum or average;
 *  - qualified pipeline: the amounts of the opportunities of journeys that
 *    passed MQL (marketing-sourced); all pipeline: the amounts of every
 *    opportunity; marketing-sourced share = qualified / all, with its tier:
 *    below_floor < 30% <= floor < 40% <= healthy <= 60% < stretch;
 *  - won: journeys that entered customer in the period; lost: journeys that
 *    closed in closed_lost in the period; win rate = won / (won + lost);
 *  - average deal = sum of won amounts / won with an amount;
 *  - average sales cycle = mean days from opportunity entry to customer of
 *    the won journeys that entered both;
 *  - open opportunities: reached opportunity before `as_of` (the end of the
 *    period, or `at` when that comes first; an as-of time `at` includes the
 *    events at it) and neither won, lost, nurtured nor disqualified before
 *    it;
 *  - pipeline velocity = open opportunities x average deal x win rate /
 *    average cycle days (money per day); n/a when any input is;
 *  - SQLs: journeys that entered sql in the period (a skipped sql is dated by
 *    the next stage entered after it); SQLs per month = SQLs / months of the
 *    period: the calendar months (UTC) from the month of `from` (the month of
 *    the first SQL when from is open) to the month of as_of's last
 *    millisecond; n/a when there is no such month.  A month that had not
 *    ended at as_of is marked incomplete;
 *  - lead velocity rate for the last complete month M before as_of:
 *    (MQLs in M - MQLs in M-1) / MQLs in M-1, MQLs by MQL entry.
 *
 * Spend (imported per channel and calendar month) counts for the months
 * whose first day falls in [from, to).  Cost per MQL and per SQL pair each
 * month's spend with that month's cohort (HO_COST_BASIS): the
 * marketing-sourced journeys of the channel whose MQL fell in that month
 * (sales-sourced journeys never count), and of them those that reached SQL
 * by as_of.  Per channel with spend, per month: cost per MQL = spend /
 * cohort MQLs, cost per SQL = spend / cohort SQLs; for the period: the sum
 * of the months' spend over the sum of the same months' cohort counts.
 * Marketing efficiency ratio = spend / qualified pipeline, CAC = spend /
 * new customers (won in the period), CAC payback months = CAC / (average
 * monthly revenue of those customers x gross margin), where a customer's
 * monthly revenue is its opportunity's monthly_amount or amount / 12.  The
 * total row is blended: cost per MQL/SQL = all spend over the sums of the
 * channels' cohort counts; MER and CAC = all spend over the qualified
 * pipeline and new customers of every journey.  Every value with a zero or
 * missing denominator is NAN (n/a).
 *
 * Pure: no I/O.  Results are owned by the struct ho_pipeline.
 */
#ifndef HO_CORE_PIPELINE_H
#define HO_CORE_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/dims.h"
#include "core/funnel.h"
#include "core/journey.h"

struct ho_defs;
struct ho_strtab;

/* Marketing spend of one channel in one calendar month. */
struct ho_spend_row {
    uint32_t channel; /* interned channel name */
    int64_t month;    /* ho_time_month_index() of the month */
    double amount;
};

enum ho_share_tier {
    HO_SHARE_NA,          /* no pipeline */
    HO_SHARE_BELOW_FLOOR, /* < 30% */
    HO_SHARE_FLOOR,       /* 30% <= share < 40% */
    HO_SHARE_HEALTHY,     /* 40% <= share <= 60% */
    HO_SHARE_STRETCH,     /* > 60% */
};

struct ho_pipeline_group {
    uint32_t key; /* interned group name ("all" without a dimension) */
    /* opportunities that began in the period */
    uint64_t opps, opps_without_amount;
    uint64_t qualified_opps;    /* of marketing-sourced journeys */
    double all_pipeline;        /* amounts of every opportunity */
    double qualified_pipeline;  /* amounts of marketing-sourced opportunities */
    double marketing_share_pct; /* 100 x qualified / all; NAN when all == 0 */
    enum ho_share_tier tier;
    /* closed in the period */
    struct ho_rate win; /* won / (won + lost) */
    uint64_t won_with_amount;
    double won_amount;
    double avg_deal;         /* NAN = n/a */
    uint64_t cycles;         /* won journeys with an opportunity entry */
    double cycle_days_total; /* their days from opportunity to customer, summed */
    double avg_cycle_days;   /* NAN = n/a */
    /* as of as_of */
    uint64_t open_opps;
    double open_amount;
    double velocity_per_day; /* NAN = n/a */
    /* SQLs and MQLs */
    uint64_t sqls;
    double sqls_per_month;                     /* NAN when the period has no months */
    uint64_t mqls_this_month, mqls_last_month; /* lead velocity rate inputs */
    double lvr_pct;                            /* NAN when mqls_last_month == 0 */
};

/* What cost per MQL and per SQL divide by, in words (reports print it). */
#define HO_COST_BASIS                                                                           \
    "cohort: each month's spend over the marketing-sourced MQLs of that channel whose journey " \
    "began that month (per SQL: those of them that reached SQL); sales-sourced journeys never " \
    "count; blended = the sum of the same spends over the sum of the same counts"

/* One month of a channel's spend and its cohort. */
struct ho_cost_month {
    int64_t month; /* ho_time_month_index() */
    double spend;
    uint64_t mqls, sqls;               /* the month's marketing-sourced cohort */
    double cost_per_mql, cost_per_sql; /* NAN = n/a */
};

struct ho_channel_cost {
    uint32_t channel; /* interned channel; 0 on the total row */
    double spend;
    uint64_t mqls, sqls; /* cohort counts of the months with spend (see above) */
    uint64_t customers;
    struct ho_cost_month *months; /* owned; ascending; none on the total row */
    size_t n_months;
    uint64_t customers_with_revenue; /* new customers whose opportunity had an amount */
    double qualified_pipeline;
    double revenue_total;   /* their monthly revenue, summed */
    double monthly_revenue; /* revenue_total / customers_with_revenue; NAN = none */
    double cost_per_mql, cost_per_sql, efficiency_ratio, cac, payback_months; /* NAN = n/a */
};

struct ho_month_count {
    int64_t month; /* ho_time_month_index() */
    uint64_t count;
    bool incomplete; /* the month had not ended at as_of */
};

struct ho_pipeline {
    enum ho_dim by;
    int64_t as_of;                    /* open opportunities are counted at this time */
    int64_t lvr_month;                /* month index of the last complete month */
    struct ho_pipeline_group *groups; /* owned; by name; empty groups left out (except the
                                       * one group of HO_DIM_ALL) */
    size_t n;
    struct ho_month_count *sql_months; /* owned: SQLs of every journey per month of the period */
    size_t n_months;
    bool has_spend;                /* some spend falls in the period */
    struct ho_channel_cost *costs; /* owned: one per channel with spend, by channel name */
    size_t n_costs;
    struct ho_channel_cost total; /* blended over every journey */
    double gross_margin_pct;      /* NAN when not given */
};

struct ho_pipeline_opts {
    enum ho_dim by;
    int64_t from, to;        /* INT64_MIN / INT64_MAX = open */
    int64_t at;              /* "now": as_of = min(to, at) */
    double gross_margin_pct; /* 0 < pct <= 100, or NAN when not given */
};

void ho_pipeline_compute(const struct ho_journey_row *rows, size_t n,
                         const struct ho_spend_row *spend, size_t n_spend,
                         const struct ho_defs *defs, struct ho_strtab *strings,
                         const struct ho_pipeline_opts *o, struct ho_pipeline *out);
void ho_pipeline_release(struct ho_pipeline *p);

/* The cost table's cohort, journey by journey, with the meaning
 * ho_pipeline_compute() counts it (the same code): is j, a journey of
 * channel `channel` (its row's; 0: none, never counted), one of its
 * channel's cohort MQLs under o and the spend (its MQL, before the as-of
 * end, fell in a month whose spend for that channel counts in [from, to))?
 * *sql: it is also one of the cohort's SQLs.  The list behind a cost cell
 * (handoff leads --spend-cohort) asks this of every journey. */
bool ho_pipeline_cost_cohort(const struct ho_spend_row *spend, size_t n_spend, uint32_t channel,
                             const struct ho_journey *j, const struct ho_pipeline_opts *o,
                             bool *sql);

/* The tier of a marketing-sourced share in percent (NAN: HO_SHARE_NA). */
enum ho_share_tier ho_share_tier_of(double pct);
/* "below_floor", "floor", "healthy", "stretch", "n/a" */
const char *ho_share_tier_name(enum ho_share_tier t);

/* When the journey counts as an SQL (see above), or HO_TIME_NONE. */
int64_t ho_journey_sql_time(const struct ho_journey *j);
/* When the journey reached opportunity (see above), or HO_TIME_NONE. */
int64_t ho_journey_opportunity_time(const struct ho_journey *j);

#endif /* HO_CORE_PIPELINE_H */
