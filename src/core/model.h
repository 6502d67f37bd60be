/* SPDX-License-Identifier: MIT */
/*
 * core/model.h - a definitions version bound to an event log's strings,
 * plus the interned vocabulary of standard event types and keys.
 *
 * Pure: no I/O.  The model borrows defs and log; both must outlive it.
 */
#ifndef HO_CORE_MODEL_H
#define HO_CORE_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "base/rc.h"

struct ho_defs;
struct ho_eventlog;

/* Interned ids of the names the lifecycle reacts to. */
struct ho_vocab {
    uint32_t identify, group;
    uint32_t sales_accept, sales_reject, sales_qualify, nurture, disqualify, requalify;
    uint32_t opportunity_created, opportunity_won, opportunity_lost;
    uint32_t contact_attempt, contact_made, meeting_booked, assign;
    uint32_t expired; /* reason of an MQL that aged out (mql.expire_after) */
    uint32_t k_reason, k_utm_medium, k_utm_source, k_utm_campaign, k_source, k_amount;
    uint32_t k_rep, k_pool, k_via, k_revisit_at, k_monthly_amount;
    uint32_t k_employees, k_heard_about, k_anonymous_id;
    uint32_t via_call, via_email, via_linkedin;
    uint32_t ch_other; /* "other": a raw channel no definition maps */
};

struct ho_model {
    const struct ho_defs *defs;
    const struct ho_eventlog *log;
    struct ho_vocab v;
    uint32_t sql_event;     /* defs->sql_requires, interned */
    uint32_t meeting_event; /* defs->meeting_requires, interned; 0 = no meeting stage */
    bool no_sal;            /* the stage set has no sal (stages.sal: false) */
    uint32_t *disq_reason;  /* owned: interned reason of each disqualifier */
};

/* Bind defs to log->strings (ho_defs_bind) and intern the vocabulary. */
void ho_model_init(struct ho_model *m, struct ho_defs *defs, struct ho_eventlog *log);
void ho_model_release(struct ho_model *m);

/*
 * The channel a touch belongs to, as an interned channel name, or 0 when the
 * values say nothing.  raw is a top-level channel value, utm_medium and
 * utm_source come from props, source from a lead's source trait (any may be
 * 0).  Tried in that order; matching is case-insensitive.  A raw channel that
 * is itself a channel name maps to it; an unmapped raw or source value maps
 * to "other".
 */
uint32_t ho_model_channel(const struct ho_model *m, uint32_t raw, uint32_t utm_medium,
                          uint32_t utm_source, uint32_t source);

struct ho_event;

/*
 * Check an event against the definitions, beyond its shape: a sales_reject
 * must name a reason from the definitions' closed list (props.reason), and a
 * nurture or disqualify that names a reason must name a known one ("expired"
 * is built in, for MQL aging).  A silent or misspelt disposition is what
 * breaks the feedback loop from sales to marketing, so it is refused.
 * Returns HO_OK or HO_EPARSE with a message listing the valid codes.
 */
HO_MUST_CHECK ho_rc ho_model_check_event(const struct ho_model *m, const struct ho_event *e,
                                         struct ho_diag *diag);

#endif /* HO_CORE_MODEL_H */
