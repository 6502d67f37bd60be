/* SPDX-License-Identifier: MIT */
/*
 * core/alerts.h - which alerts a lead's state gives (issue 11): every fact
 * of a replayed lead that a `notify` subscription asks for (an MQL, an
 * assignment, a stage change, an SLA breach or due-soon moment, a sales
 * rejection), once per destination the subscription names.
 *
 * Derivation is a function of the lead's state alone, so re-deriving the
 * same lead gives the same facts with the same ids: the outbox keeps one row
 * per (id, target) and a second derivation adds nothing.
 *
 * Pure: no I/O, no clock (the data's time is passed in).
 */
#ifndef HO_CORE_ALERTS_H
#define HO_CORE_ALERTS_H

#include <stddef.h>
#include <stdint.h>

#include "base/rc.h"

struct ho_defs;
struct ho_lead_record;

/* "alrt_" + 16 hex digits + NUL */
#define HO_ALERT_ID_LEN 22

/* One alert fact; texts are borrowed for the emit call. */
struct ho_alert_fact {
    char id[HO_ALERT_ID_LEN]; /* stable: the kind, the lead, the journey and the fact's key */
    int kind;                 /* enum ho_alert_kind */
    const char *target;       /* a destination name or HO_NOTIFY_TO_REP */
    const char *lead;
    int64_t at; /* when the fact happened (ms) */
    const char *rep;
    const char *stage_from, *stage_to;
    double fit, behavior; /* lead.mql: the scores at the MQL */
    const char *criterion;
    const char *top_rules; /* lead.mql: up to three rule names by points, comma-separated */
    const char *sla;       /* sla.*: the SLA name and its deadline */
    int64_t deadline;
    const char *reason, *category; /* lead.rejected */
};

typedef ho_rc (*ho_alert_emit_fn)(void *ctx, const struct ho_alert_fact *f, struct ho_diag *diag);

/* Emit every alert fact of rec under d's subscriptions, with the data's time
 * `now` (SLA breaches and due-soon moments up to it).  Stops at the first
 * emit that fails and returns its code. */
HO_MUST_CHECK ho_rc ho_alerts_derive(const struct ho_defs *d, const struct ho_lead_record *rec,
                                     int64_t now, ho_alert_emit_fn emit, void *ctx,
                                     struct ho_diag *diag);

/* Whether d subscribes to any alert (derivation is skipped otherwise). */
int ho_alerts_any(const struct ho_defs *d);

#endif /* HO_CORE_ALERTS_H */
