/* SPDX-License-Identifier: MIT */
/*
 * core/lifecycle.h - the sales transitions of the lifecycle as one table
 * (DESIGN.md §2).
 *
 * A sales event of a known kind, arriving while the lead is in stage
 * `from`, is looked up in the table: the first row of that kind whose
 * from-stage set holds `from` (and whose guard holds) says which side
 * effects apply and which stage the lead enters.  No row: the event changes
 * nothing.  core/replay.c carries the row out (ho_lifecycle_find() is pure).
 *
 * Automatic transitions (disqualifier, MQL, MQL aging) are not sales events
 * and stay in core/replay.c.
 */
#ifndef HO_CORE_LIFECYCLE_H
#define HO_CORE_LIFECYCLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/stage.h"

struct ho_model;

/* The sales event kinds the lifecycle knows. */
enum ho_sales_kind {
    HO_SALES_NONE = 0, /* not a sales event */
    HO_SALES_CONTACT,  /* contact_attempt, contact_made, meeting_booked (without a meeting
                        * stage); sales_accept when the stage set has no sal */
    HO_SALES_ACCEPT,   /* sales_accept */
    HO_SALES_MEETING,  /* the definitions' meeting_requires event (stages.meeting) */
    HO_SALES_QUALIFY,  /* the definitions' sql_requires event */
    HO_SALES_OPP_CREATED,
    HO_SALES_OPP_WON,
    HO_SALES_OPP_LOST,
    HO_SALES_REJECT,
    HO_SALES_NURTURE,
    HO_SALES_DISQUALIFY,
    HO_SALES_REQUALIFY,
    HO_SALES__COUNT
};

/* A set of stages: HO_STAGE_BIT(a) | HO_STAGE_BIT(b). */
typedef uint32_t ho_stage_set;
#define HO_STAGE_BIT(s) ((ho_stage_set)1u << (s))

/* How a row moves the lead. */
enum ho_move {
    HO_MOVE_NONE,  /* stay */
    HO_MOVE_ENTER, /* enter `to`: journeys open or close, clocks start (replay move_to) */
    HO_MOVE_SET,   /* set the stage to `to` without touching journeys (requalify) */
};

/* Side effects, applied in this order before the move. */
enum ho_effect {
    HO_FX_TOUCH = 1u << 0,      /* a rep reached out: stops MQL aging */
    HO_FX_REOPEN = 1u << 1,     /* close the open journey's slot and clear a sales
                                 * disqualification: the move starts a new journey */
    HO_FX_SALES_DISQ = 1u << 2, /* the lead is disqualified by sales */
    HO_FX_CLEAR_DISQ = 1u << 3, /* no longer disqualified by sales */
    HO_FX_REVISIT = 1u << 4,    /* the open journey takes props.revisit_at */
};

/* Extra condition on the event. */
enum ho_guard {
    HO_GUARD_NONE,
    HO_GUARD_REASON_DISQUALIFIES, /* props.reason is a code whose outcome is disqualified */
};

struct ho_lifecycle_row {
    enum ho_sales_kind event;
    ho_stage_set from;
    enum ho_guard guard;
    unsigned effects; /* enum ho_effect bits */
    enum ho_move move;
    enum ho_stage to; /* ignored for HO_MOVE_NONE */
    bool with_reason; /* HO_MOVE_ENTER records props.reason on the journey it closes */
};

/* The kind of event type `type` under model m (interned), HO_SALES_NONE if none.
 * The stage set decides two: with stages.meeting, its event enters meeting
 * (and is a touch); with sal: false, sales_accept is a touch only. */
enum ho_sales_kind ho_lifecycle_kind(const struct ho_model *m, uint32_t type);

/* The row for an event of kind k in stage from, or NULL: nothing changes.
 * reason_disqualifies: the event's reason has outcome disqualified. */
const struct ho_lifecycle_row *ho_lifecycle_find(enum ho_sales_kind k, enum ho_stage from,
                                                 bool reason_disqualifies);

/* The whole table, for tests. */
const struct ho_lifecycle_row *ho_lifecycle_table(size_t *n_out);

#endif /* HO_CORE_LIFECYCLE_H */
