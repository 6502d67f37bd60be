/* SPDX-License-Identifier: MIT */
/*
 * engine/lead_index.h - which events belong to which lead.
 *
 * Built in O(events) from the log: every lead's own events, the group events
 * of every account the lead was seen with, and the anonymous visits of the
 * visitors stitched to the lead, merged in (ts, id) order — exactly the
 * input core/replay.h wants.  A visitor (anonymous_id) belongs to the lead
 * of the earliest event, by (ts, id), that names both, so the stitching does
 * not depend on the order events arrive in.
 */
#ifndef HO_ENGINE_LEAD_INDEX_H
#define HO_ENGINE_LEAD_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "engine/idmap.h"

struct ho_eventlog;
struct ho_model;

struct ho_lead_index {
    uint32_t *leads; /* owned: dense lead number -> interned lead id */
    size_t n_leads;
    struct ho_idmap lead_of; /* interned id -> dense lead number + 1 (0 = not a lead) */
    size_t *lead_start;      /* owned: CSR offsets into lead_events, n_leads + 1 */
    uint32_t *lead_events;   /* owned: event indices of each lead, in log order */
    struct ho_idmap acct_of; /* interned id -> dense account number + 1 */
    size_t n_accounts;
    size_t *acct_start;        /* owned: CSR offsets into acct_events */
    uint32_t *acct_events;     /* owned: group events of each account */
    size_t *la_start;          /* owned: CSR offsets into la_accounts per lead */
    uint32_t *la_accounts;     /* owned: dense accounts each lead was seen with */
    struct ho_idmap anon_lead; /* interned anonymous id -> dense lead + 1 (0 = not linked) */
    size_t *anon_start;        /* owned: CSR offsets into anon_events per lead */
    uint32_t *anon_events;     /* owned: anonymous-only events of each lead's visitors */
    uint32_t *scratch;         /* owned: merged events of one lead */
    size_t scratch_cap;
};

/* Build the index over log (which must outlive it). */
void ho_lead_index_build(struct ho_lead_index *ix, const struct ho_eventlog *log,
                         const struct ho_model *m);
void ho_lead_index_release(struct ho_lead_index *ix);

/* The dense lead number + 1 of interned id `lead`, 0 when it is no lead of
 * the index (also for ids interned after the build). */
uint32_t ho_lead_index_lead(const struct ho_lead_index *ix, uint32_t lead);

/* The sorted events of dense lead k; borrowed from ix until the next call. */
const uint32_t *ho_lead_index_events(struct ho_lead_index *ix, const struct ho_eventlog *log,
                                     size_t k, size_t *n);
/* The same into the caller's buffer *buf (grown as needed; cap its size),
 * reading ix only: threads may share ix, each with its own buffer. */
const uint32_t *ho_lead_index_events_into(const struct ho_lead_index *ix,
                                          const struct ho_eventlog *log, size_t k, uint32_t **buf,
                                          size_t *cap, size_t *n);

/* Sort event indices ev[0..n) by (ts, id), stably. */
void ho_events_sort(const struct ho_eventlog *log, uint32_t *ev, size_t n);

#endif /* HO_ENGINE_LEAD_INDEX_H */
