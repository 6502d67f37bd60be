/* SPDX-License-Identifier: MIT */
/*
 * engine/touches.h - the touchpoints of the event log, pooled by account, for
 * attribution (core/attribution.h, DESIGN.md §5 report 8).
 *
 * A touch is an event that carries a channel: a top-level channel, or
 * utm_medium / utm_source in its props, normalised by the definitions
 * (ho_model_channel); its campaign is the top-level campaign, else
 * props.utm_campaign.  An event with only a campaign says nothing about where
 * the lead came from and is not a touch.  Anonymous events (no lead, no
 * account) belong to no pool.
 */
#ifndef HO_ENGINE_TOUCHES_H
#define HO_ENGINE_TOUCHES_H

#include <stddef.h>

struct ho_eventlog;
struct ho_lead_row;
struct ho_model;
struct ho_touch_pools;

/*
 * Collect every touch of log into out: one pool per account, holding the
 * touches of all its leads (leads[i].account, as stored) and of events naming
 * only the account; one pool per lead without an account.  A lead of the log
 * missing from leads falls back to the account on its events.  Touches of a
 * pool are ordered by (ts, event id).  Lead ids of leads[] must be interned in
 * log->strings; out->n_ids is the string count at the call.  Release with
 * ho_touch_pools_release().
 */
void ho_touches_collect(const struct ho_eventlog *log, const struct ho_model *m,
                        const struct ho_lead_row *leads, size_t n_leads,
                        struct ho_touch_pools *out);

#endif /* HO_ENGINE_TOUCHES_H */
