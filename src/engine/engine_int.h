/* SPDX-License-Identifier: MIT */
/*
 * engine/engine_int.h - the engine's state, shared by its own files only.
 */
#ifndef HO_ENGINE_ENGINE_INT_H
#define HO_ENGINE_ENGINE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"
#include "core/journey.h"
#include "core/model.h"
#include "engine/engine.h"

struct ho_defs;
struct ho_replay;
struct ho_store;
struct ho_lead_result;
struct ho_route_pass;

struct ho_engine {
    struct ho_store *st;
    struct ho_defs *defs;
    int64_t defs_id;
    struct ho_eventlog log;
    struct ho_model model;
    struct ho_replay *replay;
    uint32_t *event_at; /* by interned id: 1 + index of the event with this id, 0 = none */
    size_t event_at_cap;
    struct ho_eventlog incoming; /* the refused event of the last conflict (one event) */
    size_t conflict_with;        /* index of the kept event of that conflict, SIZE_MAX = none */
    /* conflicts the last commit found with events other writers stored meanwhile */
    struct ho_event *late_refused; /* the dropped queued events (their kv stay in log) */
    uint32_t *late_kept;           /* index of the stored event each one conflicts with */
    size_t n_late, late_cap, late_kept_cap;
    size_t committed; /* events [0, committed) are stored */
    int64_t as_of;
    /* explain scratch */
    uint32_t *one;
    size_t one_cap;
    /* persist scratch, reused for every lead written */
    struct ho_journey_record *jrec;
    size_t jrec_cap;
    struct ho_clock_record *crec;
    size_t crec_cap;
};

/* ---- routing of new MQLs (engine/route_pass.c) ---- */

/* Collects, during a recompute, the MQL journeys nobody was assigned to. */
struct ho_route_pass *ho_route_pass_new(const struct ho_engine *eng);
void ho_route_pass_free(struct ho_route_pass *p); /* NULL-safe */
void ho_route_pass_collect(struct ho_route_pass *p, const struct ho_replay *r,
                           const struct ho_lead_result *res);
/* Route the collected journeys in MQL order and append one `assign` event
 * per journey to eng->log (rotation state loaded from and saved to the
 * store).  *added is the number of events appended. */
HO_MUST_CHECK ho_rc ho_route_pass_run(struct ho_route_pass *p, struct ho_engine *eng, size_t *added,
                                      struct ho_diag *diag);

/* MQL aging (engine/aging.c): append a `nurture` event with reason expired
 * when res's open MQL went untouched past mql.expire_after (by the log's
 * latest event time). */
void ho_aging_collect(struct ho_engine *eng, const struct ho_lead_result *res);

#endif /* HO_ENGINE_ENGINE_INT_H */
