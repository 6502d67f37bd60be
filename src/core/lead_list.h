/* SPDX-License-Identifier: MIT */
/*
 * core/lead_list.h - `handoff leads`: which leads a filter keeps, and in
 * which order they are listed.
 *
 * Pure: no I/O, no allocation.  The caller builds one item per lead (the
 * stored state with the score as of the as-of time) and the texts it points
 * at; ho_lead_list_select() reorders the items in place.
 */
#ifndef HO_CORE_LEAD_LIST_H
#define HO_CORE_LEAD_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/funnel.h"
#include "core/journey.h"
#include "core/sla.h"
#include "core/speed.h"
#include "core/stage.h"

/* One lead as the list shows it.  Texts are borrowed; "" = none. */
struct ho_lead_item {
    const char *lead, *account, *channel, *rep;
    enum ho_stage stage;
    double fit, behavior; /* at the as-of time; the score is their sum */
    int64_t mql_at;       /* the lead's latest MQL moment (any journey), HO_TIME_NONE */
    int64_t last_event;
    size_t journeys; /* its journeys that pass the filter's journey conditions (the caller
                      * counts them with ho_journey_cond_matches()); with clock
                      * conditions, its clocks that pass them (ho_clock_cond_matches()) */
};

/*
 * Conditions on one journey, with the funnel report's meaning
 * (core/funnel.h), so that a list of the leads behind a funnel cell has as
 * many journeys as the cell counts: the journey belongs to a cohort (the
 * period of its first stage, ho_cohort_index()), it reached every stage of
 * a set (started at it or before and got to it or later), and its --by group
 * is a given key (ho_dim_key() of core/dims.h: the journey's own channel,
 * rep, rule, ...).  Or, for the disposition audit, it was closed in nurture
 * or disqualified (in a month, with a reason), or its speed to lead fell in
 * a bucket.  A lead passes when one of
 * its journeys passes them all.
 */
struct ho_journey_cond {
    bool on; /* any condition given; false: journeys are not looked at */
    bool has_cohort;
    enum ho_cohort_period period;
    int64_t cohort;   /* ho_cohort_index(period, start) */
    uint32_t reached; /* bit (1u << stage) per stage that must be reached; 0: none */
    bool has_group;
    uint32_t group; /* the journey's key under the --by dimension */
    /* The disposition audit's meaning (core/dispositions.h): the journey was
     * closed in nurture or disqualified, in a month, with a reason code. */
    uint32_t closed_as; /* bits (1u << HO_STAGE_NURTURE / _DISQUALIFIED); 0: any journey */
    bool has_closed_in;
    int64_t closed_month; /* ho_time_month_index() of its closing time (UTC) */
    bool has_reason;
    uint32_t reason; /* its interned reason code; 0: closed without one */
    bool has_category;
    uint32_t category; /* its reason's category (ho_disposition_category()) as a key */
    /* Speed to lead (core/speed.h): an MQL journey whose first contact
     * attempt came in this bucket (ho_speed_bucket_of()). */
    bool has_speed;
    enum ho_speed_bucket speed;
};

/* Does journey j, whose --by key is group and whose reason's category key
 * is category (each ignored unless c asks for it), pass c?  Always when
 * !c->on. */
bool ho_journey_cond_matches(const struct ho_journey *j, uint32_t group, uint32_t category,
                             const struct ho_journey_cond *c);

/* Parse a cohort as the funnel report names it: "2026-03" (a month),
 * "2026-Q1" (a quarter) or "all" (the whole range) into its period and
 * index.  False when malformed (month 01..12, quarter 1..4, year 0..9999). */
bool ho_cohort_parse(const char *text, enum ho_cohort_period *period, int64_t *index);

/* Parse a stage set "mql,sql" (funnel stages mql..customer, comma-separated)
 * into a bit mask of (1u << stage).  False when a name is unknown or not a
 * funnel stage, or the text is empty. */
bool ho_reached_parse(const char *text, uint32_t *mask);

/* Parse the dispositions "nurture", "disqualified" or both comma-separated
 * into a bit mask of (1u << stage).  False otherwise. */
bool ho_closed_as_parse(const char *text, uint32_t *mask);

/* Parse a speed bucket as report speed names it ("<=5m", ... "never"). */
bool ho_speed_bucket_parse(const char *text, enum ho_speed_bucket *out);

/* Parse a month "2026-03" into its ho_time_month_index().  False when
 * malformed. */
bool ho_month_parse(const char *text, int64_t *index);

/*
 * A condition on one SLA clock, with report sla's meaning (core/sla.h): the
 * clock is of SLA name `name` and, evaluated at the as-of time with
 * ho_sla_eval(), has one of the statuses (met_rate's denominator is
 * met,breached).  report sla counts clocks, so the
 * list behind one of its counts counts the lead's matching clocks.
 */
struct ho_clock_cond {
    bool on;
    uint32_t name;     /* interned SLA name; UINT32_MAX: a name no clock has */
    uint32_t statuses; /* bits (1u << status) of the statuses kept; 0: any */
};

/* Does clock k, evaluated at now on calendar cal, pass c?  Always when
 * !c->on. */
bool ho_clock_cond_matches(const struct ho_calendar *cal, const struct ho_clock_row *k, int64_t now,
                           const struct ho_clock_cond *c);

/* Parse SLA statuses as report sla names them, met, breached, open or
 * cancelled, comma-separated, into a bit mask of (1u << status).  False when
 * a name is unknown or the text is empty. */
bool ho_sla_status_parse(const char *text, uint32_t *mask);

/* What a list keeps: every condition given must hold (AND). */
struct ho_lead_filter {
    bool has_stage;
    enum ho_stage stage;
    const char *rep, *channel, *account; /* exact; NULL: any */
    const char *q;     /* case-insensitive (ASCII) substring of the lead or the account; NULL */
    int64_t mql_since; /* mql_at at or after it; HO_TIME_NONE: any */
    bool has_score_above;
    double score_above;         /* score strictly above it */
    struct ho_journey_cond jny; /* when on: the item's journeys count is above 0 */
    struct ho_clock_cond clk;   /* when on: its clocks count (in journeys) is above 0 */
};

enum ho_lead_sort {
    HO_LEAD_SORT_SCORE,      /* highest first */
    HO_LEAD_SORT_MQL_AT,     /* newest first; never an MQL last */
    HO_LEAD_SORT_LAST_EVENT, /* newest first */
    HO_LEAD_SORT_LEAD,       /* by name */
};

/* "score", "mql_at", "last_event" or "lead"; false when unknown. */
bool ho_lead_sort_parse(const char *name, enum ho_lead_sort *out);

/* Does item l pass filter f? */
bool ho_lead_matches(const struct ho_lead_item *l, const struct ho_lead_filter *f);

/* The list's order: < 0 when a comes before b under sort, 0 for the same
 * lead, > 0 after (ties on the lead name, ascending). */
int ho_lead_item_cmp(const struct ho_lead_item *a, const struct ho_lead_item *b,
                     enum ho_lead_sort sort);

/* Move the items that pass f to the front of items[0..n), sorted by sort
 * (ties on the lead name, ascending), and return how many they are. */
size_t ho_lead_list_select(struct ho_lead_item *items, size_t n, const struct ho_lead_filter *f,
                           enum ho_lead_sort sort);

#endif /* HO_CORE_LEAD_LIST_H */
