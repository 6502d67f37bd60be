/* SPDX-License-Identifier: MIT */
/*
 * core/sla.h - SLA compliance and the live queue (DESIGN.md §5 report 3).
 *
 * A clock is `met` when it stopped within its SLA, `breached` when it stopped
 * late or is still running past its deadline, `open` while it runs within
 * the SLA, and `cancelled` when its journey ended before any `until` event
 * and within the SLA (a journey closed after the deadline is `breached`).
 * Durations are business time on the definitions' calendar unless the SLA
 * says clock: raw; raw wall time is always reported too.
 *
 * Pure: no I/O; "now" is passed in.
 */
#ifndef HO_CORE_SLA_H
#define HO_CORE_SLA_H

#include <stddef.h>
#include <stdint.h>

#include <stdbool.h>

#include "core/journey.h"

struct ho_calendar;



enum ho_sla_status {
    HO_SLA_MET,
    HO_SLA_BREACHED,
    HO_SLA_OPEN,
    HO_SLA_CANCELLED,
    HO_SLA__COUNT
};

struct ho_clock_eval {
    enum ho_sla_status status;
    int64_t business_ms; /* elapsed business time (to the stop, or to now) */
    int64_t raw_ms;      /* elapsed wall time */
    int64_t deadline;    /* instant the SLA runs out */
    int64_t left_ms;     /* time left (> 0) or overdue (< 0) on the SLA's own clock */
};

/* Evaluate one clock at `now` (clocks that started after now are open with
 * zero elapsed time). */
void ho_sla_eval(const struct ho_calendar *cal, const struct ho_clock_row *c, int64_t now,
                 struct ho_clock_eval *out);

const char *ho_sla_status_name(enum ho_sla_status s); /* met, breached, open, cancelled */

/* Counts of one SLA name, overall or for one rep or channel. */
struct ho_sla_summary {
    uint32_t name;                   /* interned SLA name */
    uint32_t key;                    /* interned rep or channel; 0 = all (or none) */
    uint64_t count[HO_SLA__COUNT];
};

enum ho_sla_by {
    HO_SLA_BY_ALL,
    HO_SLA_BY_REP,
    HO_SLA_BY_CHANNEL,
};

/* Count clocks[0..n) by SLA name (and rep or channel) at `now`.  *out is
 * owned by the caller (ho_xfree); rows are in first-seen order. */
void ho_sla_summarise(const struct ho_calendar *cal, const struct ho_clock_row *clocks, size_t n,
                      int64_t now, enum ho_sla_by by, struct ho_sla_summary **out, size_t *n_out);

#endif /* HO_CORE_SLA_H */
