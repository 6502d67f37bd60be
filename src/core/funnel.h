/* SPDX-License-Identifier: MIT */
/*
 * core/funnel.h - the funnel by cohort (DESIGN.md §5, report 1).
 *
 * A journey belongs to the cohort of the month (or quarter, or the whole
 * range: enum ho_cohort_period) its first stage (the MQL, or the first sales
 * stage of a sales-sourced journey) was entered.  Within a period journeys
 * may be split into groups: by channel, or by any per-row key the caller
 * computed (ho_dim_key() of core/dims.h, see core/groups.h).  A journey
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
#include "core/journey.h"
#include "core/stage.h"

struct ho_buf;

struct ho_rate {
    uint64_t num, den;
};

/* The length of a cohort. */
enum ho_cohort_period {
    HO_COHORT_MONTH,   /* calendar month (UTC), the default */
    HO_COHORT_QUARTER, /* calendar quarter: Jan-Mar, Apr-Jun, Jul-Sep, Oct-Dec */
    HO_COHORT_ALL,     /* one cohort for the whole range */
};

struct ho_funnel_cohort {
    int64_t month; /* ho_time_month_index() of the cohort's first month (quarter: of its
                    * first month; whole period: 0) */
    union {
        uint32_t group;   /* the group key: o->keys[i] of its rows, or the channel */
        uint32_t channel; /* the older name of group, for --by channel callers */
    };                    /* 0 = not split (all journeys), or no channel with by_channel */
    uint64_t reached[HO_STAGE__COUNT]; /* journeys that reached mql..customer */
    uint64_t tr_num[HO_TR__COUNT];     /* journeys that reached both ends of a transition */
    bool mature;        /* older than the median MQL->SQL time (whole period: always) */
    bool incomplete;    /* its period ends after as_of (whole period: never) */
    uint32_t sort_rank; /* private: channel order within a month */
};

struct ho_funnel_opts {
    bool by_channel;      /* group by rows[i].channel (ignored when keys is set) */
    const uint32_t *keys; /* borrowed, may be NULL: keys[i] is the group of rows[i] */
    enum ho_cohort_period period;
    bool whole_period;      /* one cohort for the whole range: the same as HO_COHORT_ALL */
    int64_t from_ms, to_ms; /* cohorts whose start falls in [from, to); INT64_MIN/MAX = open */
    int64_t as_of;          /* the as-of time (the latest event unless --at): maturity and
                             * completeness are judged at it */
};

struct ho_funnel {
    struct ho_funnel_cohort *cohorts; /* owned; sorted by month, then by the group order given */
    size_t n;
    enum ho_cohort_period period;
    bool whole_period;         /* cohorts span the whole range (month is meaningless) */
    int64_t median_mql_sql_ms; /* -1 when no journey reached sql from an mql */
};

enum ho_tier {
    HO_TIER_NA,         /* no MQLs */
    HO_TIER_BROKEN,     /* < broken */
    HO_TIER_MISALIGNED, /* < misaligned */
    HO_TIER_AVERAGE,    /* < average */
    HO_TIER_GOOD,       /* <= good */
    HO_TIER_BEST,       /* > good */
};

/*
 * Count the journeys rows[0..n) into cohorts of o->period (whole range when
 * o->whole_period), split by o->keys[i] when given, else by channel when
 * o->by_channel, else not split.  channel_order (may be NULL) ranks the group
 * ids for sorting (channel_order[id], for every id in use); without it groups
 * sort by id.  A cohort is mature when its period ended at least the median
 * MQL->SQL time before o->as_of (whole range: always), and incomplete when
 * its period ends after o->as_of (whole range: never).  Every journey in
 * [from, to) is counted: the number of cohorts is bounded by n.
 */
void ho_funnel_compute(const struct ho_journey_row *rows, size_t n, const struct ho_funnel_opts *o,
                       const uint32_t *channel_order, struct ho_funnel *out);
void ho_funnel_release(struct ho_funnel *f);

/* The cohort of a journey that started at ms: the month index of the first
 * month of its period (0 for HO_COHORT_ALL). */
int64_t ho_cohort_index(enum ho_cohort_period p, int64_t ms);
/* The first millisecond after cohort index ci of period p (INT64_MAX for ALL). */
int64_t ho_cohort_end(enum ho_cohort_period p, int64_t ci);
/* Parse "month", "quarter" or "all"; false when unknown. */
bool ho_cohort_period_parse(const char *name, enum ho_cohort_period *out);

/* The rate of transition t in cohort c (t = HO_TR_LEAD_MQL gives 0/0). */
struct ho_rate ho_funnel_rate(const struct ho_funnel_cohort *c, enum ho_transition t);
/* The stages a transition goes from and to (mql_sql: mql, sql). */
enum ho_stage ho_transition_from(enum ho_transition t);
enum ho_stage ho_transition_to(enum ho_transition t);
/* Percent of r, or NAN when r.den == 0. */
double ho_rate_pct(struct ho_rate r);

enum ho_tier ho_mql_sql_tier(const struct ho_benchmarks *b, struct ho_rate r);
const char *ho_tier_name(enum ho_tier t); /* "broken", "misaligned", "average", "good",
                                           * "best-in-class", "n/a" */

/* Is a rate over n journeys below the definitions' minimum count (and so
 * too few to judge)?  Never for n == 0 (that is n/a). */
bool ho_bench_too_few(const struct ho_benchmarks *b, uint64_t n);
/* Append the MQL->SQL tier of r as every report shows it: the tier's name,
 * or "too few journeys (n)" below the minimum count. */
void ho_funnel_tier_text(const struct ho_benchmarks *b, struct ho_rate r, struct ho_buf *out);

/* The transitions a funnel of stage set `set` (NULL: the default) reports,
 * in report order: those between two stages of the set, of mql_sal,
 * sal_sql, mql_sql, sql_meeting, meeting_opportunity, sql_opportunity and
 * opportunity_customer.  mql_sql and sql_opportunity span an optional stage
 * (sal, meeting) and are always there: the tiers and published benchmarks
 * are about them.  Returns their number. */
size_t ho_funnel_transitions(const struct ho_stage_set_opts *set,
                             enum ho_transition out[HO_TR__COUNT]);

/* Append the plain-words diagnosis of cohort c against the healthy ranges,
 * for the transitions of the default stage set; a transition below the
 * minimum count says "too few journeys to judge (n)". */
void ho_funnel_diagnose(const struct ho_funnel_cohort *c, const struct ho_benchmarks *b,
                        struct ho_buf *out);
/* The same for the transitions of stage set `set` (NULL: the default). */
void ho_funnel_diagnose_in(const struct ho_funnel_cohort *c, const struct ho_benchmarks *b,
                           const struct ho_stage_set_opts *set, struct ho_buf *out);

#endif /* HO_CORE_FUNNEL_H */
