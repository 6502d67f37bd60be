/* SPDX-License-Identifier: MIT */
/*
 * core/stage_times.h - time in stage (DESIGN.md §5 report 5), the contact
 * rate and MQL aging.
 *
 * Time in stage: a journey's stay in stage s runs from its entry into s to
 * the entry of the journey's next stage, whichever stage that is (the
 * entries ordered by time, then by stage order: a later funnel stage or an
 * outcome such as nurture).  A skipped stage has no stay; the stage before
 * it lasts until the stage after it.  A stay with no next stage yet is still
 * running and has no duration.  Stays are counted for mql, sal, sql,
 * meeting and opportunity when they began in [from, to) (reports show the
 * stages of the definitions' stage set, `set`); median and p90 are nearest-rank
 * percentiles (core/speed.h) of the finished ones.
 *
 * Contact rate: MQL journeys (MQL in [from, to)) with a contact_made / all
 * of them.
 *
 * MQL aging: MQL journeys untouched for longer than aging_ms (24 h in the
 * report): the first contact (contact_attempt or contact_made, whichever
 * came first) more than aging_ms after the MQL, or no contact at all and the
 * MQL older than aging_ms at `at`.  Ages are strict: exactly aging_ms is not
 * aged.
 *
 * Pure: no I/O.  Results are owned by the struct ho_stage_times.
 */
#ifndef HO_CORE_STAGE_TIMES_H
#define HO_CORE_STAGE_TIMES_H

#include <stddef.h>
#include <stdint.h>

#include "core/dims.h"
#include "core/funnel.h"
#include "core/stage.h"

struct ho_defs;
struct ho_strtab;

/* The stages whose time is measured: mql, sal, sql, meeting, opportunity. */
#define HO_STAGE_TIMES_N 5

struct ho_stage_time {
    enum ho_stage stage;
    uint64_t entered;          /* stays that began in the period */
    uint64_t left;             /* of which finished: the durations measured */
    int64_t median_ms, p90_ms; /* of the finished stays; -1 = none */
};

struct ho_stage_group {
    uint32_t key; /* interned group name ("all" without a dimension) */
    struct ho_stage_time stages[HO_STAGE_TIMES_N]; /* mql, sal, sql, meeting, opportunity */
    uint64_t mqls;                                 /* MQL journeys with their MQL in the period */
    struct ho_rate contact;                        /* with a contact_made / mqls */
    uint64_t aged_late;      /* first contact more than aging_ms after the MQL */
    uint64_t aged_untouched; /* no contact, MQL older than aging_ms at `at` */
    uint64_t waiting;        /* no contact yet, MQL not older than aging_ms at `at` */
    struct ho_rate aged;     /* (aged_late + aged_untouched) / mqls */
};

struct ho_stage_times {
    enum ho_dim by;
    struct ho_stage_set_opts set; /* the definitions' stage set: the stages reports show */
    int64_t at, aging_ms;
    struct ho_stage_group *groups; /* owned; by name; groups with no stay and no MQL are left
                                    * out (except the one group of HO_DIM_ALL) */
    size_t n;
};

struct ho_stage_times_opts {
    enum ho_dim by;
    int64_t from, to; /* stays and MQLs that began in [from, to); INT64_MIN/MAX = open */
    int64_t at;       /* "now" for MQLs not contacted yet */
    int64_t aging_ms; /* 24 h in the report */
};

void ho_stage_times_compute(const struct ho_journey_row *rows, size_t n, const struct ho_defs *defs,
                            struct ho_strtab *strings, const struct ho_stage_times_opts *o,
                            struct ho_stage_times *out);
void ho_stage_times_release(struct ho_stage_times *t);

/* When the journey left stage s: the entry of its next stage, or
 * HO_TIME_NONE when s was not entered or is still the latest stage. */
int64_t ho_stage_left_at(const struct ho_journey *j, enum ho_stage s);

#endif /* HO_CORE_STAGE_TIMES_H */
