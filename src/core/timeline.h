/* SPDX-License-Identifier: MIT */
/*
 * core/timeline.h - which definitions version is in force when (issue 14).
 *
 * Every activation starts a step: from its effective time on, the version
 * it activated scores and stages the leads.  The first step covers all time
 * before the second (history loaded before any change is judged by the
 * first version); a restatement (rebuild --as-of-version N) starts a new
 * timeline with N covering all time.  A lead replayed across a step is
 * re-evaluated at the step's time under the new version (core/replay.c):
 * what happened before stays as the old version decided it.
 *
 * State that names parts of the definitions by position (a journey's MQL
 * criterion, the rules that held at its MQL, an SLA clock's SLA) is carried
 * across a step by name: a rule, criterion set or SLA the new version no
 * longer has is dropped (the clock of a removed SLA is not reported; a
 * criterion set that is gone reads as none).
 *
 * Pure: no I/O.
 */
#ifndef HO_CORE_TIMELINE_H
#define HO_CORE_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

struct ho_defs;
struct ho_journey;
struct ho_model;
struct ho_sla_clock;

/* One version in force from `from` (ms since the epoch; ignored for the
 * first step, which has no start). */
struct ho_timeline_step {
    int64_t from;
    int64_t version;          /* the store's number of the version */
    const struct ho_model *m; /* borrowed */
};

/* Index of the step in force at t (steps sorted by from; n >= 1). */
size_t ho_timeline_step_at(const struct ho_timeline_step *steps, size_t n, int64_t t);

/* Re-express journey j's criterion, criteria_at_mql and rules_at_mql,
 * written in the terms of `from`, in the terms of `to`. */
void ho_timeline_remap_journey(struct ho_journey *j, const struct ho_defs *from,
                               const struct ho_defs *to);

/* The same for SLA clocks: each clock's SLA is looked up by name (the k-th
 * entry of a name maps to the k-th of that name); clocks of SLAs `to` lacks
 * are dropped.  Returns the number of clocks kept (compacted in place). */
size_t ho_timeline_remap_clocks(struct ho_sla_clock *c, size_t n, const struct ho_defs *from,
                                const struct ho_defs *to);

#endif /* HO_CORE_TIMELINE_H */
