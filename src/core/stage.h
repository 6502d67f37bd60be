/* SPDX-License-Identifier: MIT */
/*
 * core/stage.h - lifecycle stages and journeys (DESIGN.md §2).
 *
 * Funnel stages are ordered lead < mql < sal < sql < meeting < opportunity
 * < customer; closed_lost, nurture and disqualified are outcomes that end a
 * journey.  sal and meeting are optional: the definitions' stage set (struct
 * ho_stage_set_opts) says whether a team uses them (sal on, meeting off by
 * default).  The enum's values are not stored: the store keeps stage names,
 * and its compact table its own codes (store/pack.h).
 */
#ifndef HO_CORE_STAGE_H
#define HO_CORE_STAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ho_stage {
    HO_STAGE_LEAD = 0,
    HO_STAGE_MQL,
    HO_STAGE_SAL,
    HO_STAGE_SQL,
    HO_STAGE_MEETING, /* a qualified meeting booked (optional: stages.meeting) */
    HO_STAGE_OPPORTUNITY,
    HO_STAGE_CUSTOMER,
    HO_STAGE_CLOSED_LOST,
    HO_STAGE_NURTURE,
    HO_STAGE_DISQUALIFIED,
    HO_STAGE__COUNT
};

/* "not entered" in a journey's entry-time table. */
#define HO_TIME_NONE INT64_MIN

/* How a journey's MQL came about. */
#define HO_CRITERION_NONE  (-1) /* no MQL: a sales-sourced journey */
#define HO_CRITERION_SCORE 0    /* min_score (and min_fit) met */
/* k >= 1: the k-th set of stages.mql.or_any */

struct ho_journey {
    uint32_t n;                       /* 1-based journey number of the lead */
    int64_t entered[HO_STAGE__COUNT]; /* entry time per stage, HO_TIME_NONE if not entered */
    enum ho_stage first;              /* stage the journey started at */
    enum ho_stage furthest;           /* furthest funnel stage reached (mql..customer) */
    enum ho_stage last;               /* latest stage of the journey (its outcome once closed) */
    int32_t criterion;                /* HO_CRITERION_* or or_any index + 1 */
    uint32_t mql_event;               /* interned id of the event that made it an MQL; 0 = none
                                       * (ties MQLs of the same instant in routing) */
    uint32_t reason;                  /* interned reason code of the closing disposition */
    bool closed;                      /* ended in nurture, disqualified or closed_lost */
    /* Sales facts of the journey, for speed-to-lead, SLA and money reports. */
    uint32_t rep;                 /* assigned rep (assign), else the first rep named by a
                                   * sales event; 0 = none */
    uint32_t pool;                /* routing pool of the assignment, 0 = none */
    int64_t assigned_at;          /* latest assign event, HO_TIME_NONE if none */
    int64_t first_contact_at;     /* first contact_attempt, HO_TIME_NONE if none */
    int64_t contact_made_at;      /* first contact_made, HO_TIME_NONE if none */
    uint8_t contact_channels_48h; /* HO_VIA_* bits of contacts within 48 h of the start */
    bool has_amount;
    double amount;            /* opportunity amount (props.amount) when has_amount */
    double monthly;           /* monthly revenue: props.monthly_amount, else amount / 12 */
    int64_t revisit_at;       /* nurture: props.revisit_at, HO_TIME_NONE if none */
    uint64_t criteria_at_mql; /* bit k: MQL criterion k held at the MQL (0 =
                               * min_score, k = the k-th or_any set; the first 64);
                               * `criterion` is the first of them */
    uint64_t rules_at_mql;    /* bit i: rule i held at the MQL (fit rules first,
                               * then behaviour rules; the first 64 rules) */
    double fit_at_mql, behavior_at_mql; /* the scores at the MQL moment (0 when sales-sourced) */
};

/* When the journey ended: its first entry into customer, closed_lost,
 * nurture or disqualified; HO_TIME_NONE while it is open.  It stops holding
 * a rep's capacity then. */
int64_t ho_journey_end(const struct ho_journey *j);

/* An SLA clock of a journey (DESIGN.md §5 report 3). */
struct ho_sla_clock {
    uint32_t journey;    /* index into the lead's journeys */
    uint32_t sla;        /* index into the definitions' slas */
    int64_t started;     /* entry time of the SLA's `from` stage */
    int64_t stopped;     /* first `until` event, or the journey's end; HO_TIME_NONE = running */
    uint32_t stop_event; /* interned event type that stopped it; 0 = the journey ended first */
};

/* Contact channels (props.via of contact_attempt / contact_made). */
enum ho_via {
    HO_VIA_CALL = 1u << 0,
    HO_VIA_EMAIL = 1u << 1,
    HO_VIA_LINKEDIN = 1u << 2,
    HO_VIA_OTHER = 1u << 3,
};

/* Exact names: lead, mql, sal, sql, meeting, opportunity, customer,
 * closed_lost, nurture, disqualified. */
const char *ho_stage_name(enum ho_stage s);
/* Parse a stage name; false when unknown. */
bool ho_stage_parse(const char *name, enum ho_stage *out);
/* True for mql..customer: stages that count in "reached X or later". */
bool ho_stage_is_funnel(enum ho_stage s);

/* The optional stages a definitions version uses (its stage set): all
 * false is the default set lead, mql, sal, sql, opportunity, customer. */
struct ho_stage_set_opts {
    bool no_sal;  /* stages.sal: off — MQL goes straight to sales qualification */
    bool meeting; /* stages.meeting given — SQL -> meeting -> opportunity */
};

/* Is funnel stage s (mql..customer) in the set o (NULL: the default set)? */
bool ho_stage_in_set(const struct ho_stage_set_opts *o, enum ho_stage s);
/* The set's funnel stages mql..customer in order into out; their number. */
size_t ho_stage_funnel_list(const struct ho_stage_set_opts *o, enum ho_stage out[HO_STAGE__COUNT]);

/* The journey start time: the entry time of its first stage. */
int64_t ho_journey_start(const struct ho_journey *j);

#endif /* HO_CORE_STAGE_H */
