/* SPDX-License-Identifier: MIT */
/*
 * core/reps.h - each rep's load at one instant (`handoff reps`): open
 * journeys against capacity, whether they are away, their SLA clocks open
 * and breached, and the MQLs they received in that instant's ISO week.
 *
 * Pure: no I/O; the instant is passed in.
 */
#ifndef HO_CORE_REPS_H
#define HO_CORE_REPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ho_clock_row;
struct ho_defs;
struct ho_journey_row;
struct ho_strtab;

/* One rep of the definitions at instant `at`. */
struct ho_rep_load {
    size_t rep;        /* index into defs->reps */
    uint32_t open;     /* journeys assigned to the rep, started and not ended at `at` */
    bool away;         /* `at` falls on one of the rep's away days (local calendar) */
    uint32_t sla_open; /* clocks of the rep's journeys running within their SLA at `at` */
    uint32_t
        sla_breached;   /* clocks breached by `at` (stopped late, or running past the deadline) */
    uint32_t mqls_week; /* MQL journeys the rep received (assigned, else MQL time) this week */
};

struct ho_reps_load {
    struct ho_rep_load *reps; /* owned (ho_xfree): one per defs->reps, in definitions order */
    size_t n;
    int64_t at;
    int64_t week_start, week_end; /* the ISO week of `at`: Monday 00:00 local to the next */
    int64_t iso_year;
    unsigned iso_week;
};

/* Compute every rep's load at `at` from the stored journeys and clocks
 * (their rep ids interned in `strings`).  Release with ho_reps_load_release(). */
void ho_reps_load_compute(const struct ho_defs *d, const struct ho_strtab *strings,
                          const struct ho_journey_row *rows, size_t n_rows,
                          const struct ho_clock_row *clocks, size_t n_clocks, int64_t at,
                          struct ho_reps_load *out);

void ho_reps_load_release(struct ho_reps_load *r);

#endif /* HO_CORE_REPS_H */
