/* SPDX-License-Identifier: MIT */
/*
 * core/funnel.h - the funnel by cohort (DESIGN.md §5, report 1).
 *
 * A journey belongs to the cohort of the month its first stage (the MQL, or
 * the first sales stage of a sales-sourced journey) was entered.  A journey
 * "reached" stage X when it started at X or before and its furthest funnel
 * stage is X or later: a stage skipped inside the journey counts as reached
 * (mql -> sql reached sal), a stage before a sales-sourced journey started
 * does not (an outbound journey that starts at sql was never an MQL).  The
 * rate A->B is (journeys that reached A and B) / (journeys that reached A),
 * so a numerator never exceeds its denominator.
 *
 * Pure: no I/O.  Results are owned by the struct ho_funnel.
 */
#ifndef HO_CORE_FUNNEL_H
#define HO_CORE_FUNNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/defs.h"
#include "core/stage.h"

struct ho_buf;

/* One journey as the reports see it. */
struct ho_journey_row {
    uint32_t lead;     /* interned lead id */
    uint32_t channel;  /* interned normalised channel, 0 = none */
    uint32_t campaign; /* interned first-touch campaign, 0 = none */
    uint32_t account;  /* interned account of the lead, 0 = none */
    uint32_t heard_about; /* interned self-reported source of the lead, 0 = none */
    uint32_t employees;   /* interned employees trait of the account (text), 0 = none */
    struct ho_journey j;
};

struct ho_rate {
    uint64_t num, den;
};

struct ho_funnel_cohort {
    int64_t month;    /* ho_time_month_index() of the cohort */
    uint32_t channel; /* interned channel; 0 = all channels (or none with by_channel) */
    uint64_t reached[HO_STAGE__COUNT]; /* journeys that reached mql..customer */
    uint64_t tr_num[HO_TR__COUNT];     /* journeys that reached both ends of a transition */
    bool mature;      /* older than the median MQL->SQL time (whole period: always) */
    uint32_t sort_rank; /* private: channel order within a month */
};

struct ho_funnel_opts {
    bool by_channel;
    bool whole_period;      /* one cohort for the whole range instead of one per month */
    int64_t from_ms, to_ms; /* cohorts whose start falls in [from, to); INT64_MIN/MAX = open */
    int64_t as_of;          /* "now" for maturity: the latest event time */
};

struct ho_funnel {
    struct ho_funnel_cohort *cohorts; /* owned; sorted by month, then channel id order given */
    size_t n;
    bool whole_period;        /* cohorts span the whole range (month is meaningless) */
    int64_t median_mql_sql_ms; /* -1 when no journey reached sql from an mql */
};

enum ho_tier {
    HO_TIER_NA,          /* no MQLs */
    HO_TIER_BROKEN,      /* < broken */
    HO_TIER_MISALIGNED,  /* < misaligned */
    HO_TIER_AVERAGE,     /* < average */
    HO_TIER_GOOD,        /* <= good */
    HO_TIER_BEST,        /* > good */
};

/*
 * Count the journeys rows[0..n) into cohorts.  channel_order (may be NULL)
 * ranks channel ids for sorting (channel_order[id]); without it channels sort
 * by id.
 */
void ho_funnel_compute(const struct ho_journey_row *rows, size_t n, const struct ho_funnel_opts *o,
                       const uint32_t *channel_order, struct ho_funnel *out);
void ho_funnel_release(struct ho_funnel *f);

/* The rate of transition t in cohort c (t = HO_TR_LEAD_MQL gives 0/0). */
struct ho_rate ho_funnel_rate(const struct ho_funnel_cohort *c, enum ho_transition t);
/* Percent of r, or NAN when r.den == 0. */
double ho_rate_pct(struct ho_rate r);

enum ho_tier ho_mql_sql_tier(const struct ho_benchmarks *b, struct ho_rate r);
const char *ho_tier_name(enum ho_tier t); /* "broken", "misaligned", "average", "good",
                                           * "best-in-class", "n/a" */

/* Append the plain-words diagnosis of cohort c against the healthy ranges. */
void ho_funnel_diagnose(const struct ho_funnel_cohort *c, const struct ho_benchmarks *b,
                        struct ho_buf *out);

#endif /* HO_CORE_FUNNEL_H */
