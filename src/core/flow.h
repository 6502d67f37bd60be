/* SPDX-License-Identifier: MIT */
/*
 * core/flow.h - the flow view of the funnel ("rolling 30 days", DESIGN.md §5):
 * the count of stage entries in a window over the count of entries of the
 * previous stage in the same window.
 *
 * Unlike the cohort view, the flow view counts entries, not journeys that
 * reached a stage: a skipped stage has no entry (an mql -> sql journey adds
 * an sql entry and no sal entry), and the two ends of a rate usually belong
 * to different journeys (an SQL this month from an MQL of last month).  So a
 * flow rate can exceed 100%; it measures throughput, not conversion.
 *
 * The window is (end - window, end]: an entry exactly at `end` (the data's
 * as_of, the time of its latest event) is in, one exactly `window` earlier
 * is out.
 *
 * Pure: no I/O.  Results are owned by the struct ho_flow.
 */
#ifndef HO_CORE_FLOW_H
#define HO_CORE_FLOW_H

#include <stddef.h>
#include <stdint.h>

#include "base/rc.h"
#include "core/defs.h"
#include "core/funnel.h"
#include "core/stage.h"

struct ho_flow_group {
    uint32_t group;                    /* opts.keys of its rows; 0 when not split */
    uint64_t entries[HO_STAGE__COUNT]; /* entries of mql..customer in the window */
    uint32_t sort_rank;                /* private */
};

struct ho_flow_opts {
    int64_t end_ms;              /* the window ends here (inclusive) */
    int64_t window_ms;           /* its length, > 0 */
    const uint32_t *keys;        /* borrowed, may be NULL: keys[i] is the group of rows[i] */
    const uint32_t *group_order; /* borrowed, may be NULL: rank of each key id (else by id) */
};

struct ho_flow {
    int64_t from_ms, to_ms;       /* the window (from, to] */
    struct ho_flow_group total;   /* every journey (group 0) */
    struct ho_flow_group *groups; /* owned: one per key with an entry in the window, sorted;
                                   * none without keys */
    size_t n;
};

/*
 * Count the stage entries of rows[0..n) that fall in the window.  *out is
 * always initialised (to an empty flow on error).  Returns HO_OK, or
 * HO_EINVAL (diag says why) for a window that is not positive or starts
 * before the epoch of int64 time.
 */
HO_MUST_CHECK ho_rc ho_flow_compute(const struct ho_journey_row *rows, size_t n,
                                    const struct ho_flow_opts *o, struct ho_flow *out,
                                    struct ho_diag *diag);
/* Free what f owns; f is left empty. */
void ho_flow_release(struct ho_flow *f);

/*
 * Entries of transition t's later stage over entries of its earlier stage in
 * the window (mql_sal = sal / mql, mql_sql = sql / mql, ...).  num may exceed
 * den.  HO_TR_LEAD_MQL gives 0/0: leads have no entry in a journey.
 */
struct ho_rate ho_flow_rate(const struct ho_flow_group *g, enum ho_transition t);

#endif /* HO_CORE_FLOW_H */
