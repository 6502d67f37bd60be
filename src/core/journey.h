/* SPDX-License-Identifier: MIT */
/*
 * core/journey.h - the rows of lead and journey state that the store writes
 * and reads back: what a replay gives for one lead (struct ho_lead_record,
 * with one struct ho_journey_record per journey and one struct
 * ho_clock_record per SLA clock), the rows the reports read (journeys,
 * leads, visitors, SLA clocks), and the MQL-aging predicate that
 * decides on stored journeys (the store hands over rows; core decides).
 *
 * Pure: no I/O.  Texts in the records are borrowed from the caller.
 */
#ifndef HO_CORE_JOURNEY_H
#define HO_CORE_JOURNEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/stage.h"

/* ---- what is written: one lead's state after a replay ---- */

/* One journey of a lead with its texts ("" or NULL = none). */
struct ho_journey_record {
    const struct ho_journey *j;
    const char *criterion; /* the MQL criterion name */
    const char *reason;    /* the closing reason code */
    const char *rep;       /* the rep id */
    const char *pool;      /* the routing pool */
};

/* One SLA clock of a lead with the SLA facts it is stored with. */
struct ho_clock_record {
    const struct ho_sla_clock *c; /* c->journey indexes the lead's journeys */
    const char *name;             /* the SLA name */
    const char *stop;             /* the stopping event type ("" or NULL = none) */
    int64_t within_ms;            /* the SLA's within */
    bool raw;                     /* raw (wall) clock */
};

/* A lead's state as it is written. */
struct ho_lead_record {
    const char *lead, *account, *channel, *source;
    const char *stage;
    const char *disqualified_by; /* disqualifier reason, or NULL */
    bool sales_disqualified;
    double fit, behavior;
    int64_t as_of, created, last_event;
    int64_t defs_id;
    const char *campaign;    /* first-touch campaign, or NULL */
    const char *heard_about; /* self-reported source, or NULL */
    const char *employees;   /* the account's employees trait, or NULL */
    int64_t last_behavior;   /* latest behaviour event, HO_TIME_NONE */
    const struct ho_journey_record *journeys;
    size_t n_journeys;
    const struct ho_clock_record *clocks;
    size_t n_clocks;
};

/* ---- what is read back ---- */

/* One journey as the reports see it. */
struct ho_journey_row {
    uint32_t lead;        /* interned lead id */
    uint32_t channel;     /* interned normalised channel, 0 = none */
    uint32_t campaign;    /* interned first-touch campaign, 0 = none */
    uint32_t account;     /* interned account of the lead, 0 = none */
    uint32_t heard_about; /* interned self-reported source of the lead, 0 = none */
    uint32_t employees;   /* interned employees trait of the account (text), 0 = none */
    struct ho_journey j;
};

/* A lead as the account report sees it. */
struct ho_lead_row {
    uint32_t lead, account, channel; /* interned */
    int stage;                       /* enum ho_stage */
    double fit, behavior;            /* as of the lead's last event */
    int64_t created, last_event, last_behavior;
};

/* An anonymous visitor: first seen, and the lead it became (if any). */
struct ho_visitor_row {
    int64_t first_seen;
    int64_t linked_at; /* first event naming both the visitor and a lead; HO_TIME_NONE */
};

/* An SLA clock as the queue and the SLA report see it. */
struct ho_clock_row {
    uint32_t lead, name, stop_event, rep, pool, channel; /* interned; 0 = none */
    uint32_t journey;                                    /* journey number n */
    int32_t criterion;                                   /* the journey's MQL criterion */
    uint32_t sla;             /* index into the definitions' slas when stored */
    int64_t started, stopped; /* stopped HO_TIME_NONE = running */
    int64_t within_ms;
    bool raw;
};

/* A stored journey as MQL aging looks at it, with its lead's current stage
 * (lead borrowed for the duration of the scan callback). */
struct ho_journey_brief {
    const char *lead;
    enum ho_stage lead_stage; /* the lead's stage */
    enum ho_stage last;       /* the journey's latest stage */
    bool closed;
    int64_t at_mql;           /* entered mql, HO_TIME_NONE if never */
    int64_t first_contact_at; /* HO_TIME_NONE if none */
    int64_t contact_made_at;  /* HO_TIME_NONE if none */
};

/*
 * Whether b is an untouched MQL that entered mql at or before mql_before:
 * the lead is an MQL, the journey is open and still at mql, and nobody
 * attempted or made contact.  These are the candidates for MQL aging
 * (mql.expire_after): the engine replays them even when no new event
 * touched them, so that an import and a rebuild agree.
 */
bool ho_journey_untouched_mql(const struct ho_journey_brief *b, int64_t mql_before);

#endif /* HO_CORE_JOURNEY_H */
