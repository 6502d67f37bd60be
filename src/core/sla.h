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

#include "core/stage.h"
#include "core/journey.h"

struct ho_calendar;
struct ho_defs;
struct ho_event;
struct ho_eventlog;

enum ho_sla_status { HO_SLA_MET, HO_SLA_BREACHED, HO_SLA_OPEN, HO_SLA_CANCELLED, HO_SLA__COUNT };

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
    uint32_t name; /* interned SLA name */
    uint32_t key;  /* interned rep or channel; 0 = all (or none) */
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

/* ---- running the clocks during a replay (core/replay.c) ---- */

/* The SLA clocks of one lead, in start order (so a journey's clocks are
 * contiguous and the open journey's are last). */
struct ho_sla_clocks {
    struct ho_sla_clock *v; /* owned: ho_xfree(v) */
    size_t n, cap;
};

/* The open journey new clocks belong to, and what an SLA's `when` reads. */
struct ho_sla_scope {
    uint32_t journey;      /* index into the lead's journeys */
    uint64_t rules_at_mql; /* the journey's rules_at_mql bits */
    uint32_t channel;      /* the lead's first-touch channel, 0 = none */
};

/* The lead entered stage s at t: start the stage SLAs whose `from` is s and
 * whose `when` holds, the first matching SLA of each name, once a journey. */
void ho_sla_start_stage(struct ho_sla_clocks *c, const struct ho_defs *d,
                        const struct ho_sla_scope *sc, enum ho_stage s, int64_t t);

/* Event e (of log) arrived while the lead was in stage `in`: start the event
 * SLAs of e's type whose `where` holds on its props and whose `when` holds.
 * Each request gets its own clock, unless a clock of the same name still
 * runs in the journey (the first matching SLA of each name applies). */
void ho_sla_start_event(struct ho_sla_clocks *c, const struct ho_defs *d,
                        const struct ho_sla_scope *sc, const struct ho_eventlog *log,
                        const struct ho_event *e, enum ho_stage in);

/* Stop the running clocks of journey `journey` that an event of `type` ends
 * (one of their `until` types) at t; type 0 stops them all (the journey
 * ended: stop_event stays 0). */
void ho_sla_stop(struct ho_sla_clocks *c, const struct ho_defs *d, uint32_t journey, uint32_t type,
                 int64_t t);

#endif /* HO_CORE_SLA_H */
