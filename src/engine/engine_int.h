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
struct ho_lead_record;

/*
 * The engine holds no history between operations.  Its log holds the queued
 * events [0, n_queued) (added, not yet committed), then whatever the
 * operation at hand read from the store: the stored events of the leads a
 * commit replays, of the lead explain shows, or every stored event
 * (rebuild, the reports that replay everyone).  Each operation starts by
 * dropping what the previous one read (ho_work_begin()).
 */
struct ho_engine {
    struct ho_store *st;
    struct ho_defs *defs;
    int64_t defs_id;
    struct ho_eventlog log;
    size_t n_queued;
    struct ho_model model;
    struct ho_replay *replay;
    /* the versions in force before the active one (engine/timeline.c) */
    struct ho_model *past_models;   /* owned: one per earlier step */
    struct ho_timeline_step *steps; /* owned: the earlier steps, then the active one */
    size_t n_steps;
    /* the queued events by id: open addressing on the id's fingerprint
     * (engine/engine.c), texts compared on a match; ids are not interned */
    struct queued_id {
        uint32_t fp;    /* the fingerprint's top half (a match is confirmed on the text) */
        uint32_t index; /* 1 + index of the queued event, 0 = empty */
    } * queued_ids;
    size_t queued_ids_cap;       /* a power of two, at most half full */
    struct ho_eventlog incoming; /* the refused event of the last conflict (one event) */
    size_t conflict_with;        /* index of the kept event of that conflict, SIZE_MAX = none */
    /* conflicts the last commit found with events other writers stored meanwhile */
    struct ho_event *late_refused; /* the dropped queued events (their kv stay in log) */
    uint32_t *late_kept;           /* index of the stored event each one conflicts with */
    size_t n_late, late_cap, late_kept_cap;
    int64_t as_of;
    int64_t clock_to; /* ho_engine_advance(): the as-of time the commit moves to, 0 = none */
    int64_t log_gen;  /* the store's commit generation when this engine last looked */
    bool have_events; /* the store held events then (else nothing to probe or read) */
    /* what the operation at hand read from the store (engine/working_set.c) */
    uint8_t *loaded; /* by interned id: HO_LOADED_* bits of the owners read */
    size_t loaded_cap;
    bool all_loaded; /* every stored event is in log */
    /* explain scratch */
    uint32_t *one;
    size_t one_cap;
    /* persist scratch, reused for every lead written */
    struct ho_journey_record *jrec;
    size_t jrec_cap;
    struct ho_clock_record *crec;
    size_t crec_cap;
    /* alerts of the commit at hand (engine/alerts.c) */
    bool alerts_on;      /* the definitions subscribe to some alert */
    bool alerts_rebuild; /* a recompute without new events: rows are skipped_rebuild */
    int64_t alerts_now;  /* wall clock at the commit's start (ms) */
    int64_t alerts_gen;  /* this commit's outbox generation */
    int64_t sla_scanned; /* ticks: SLA moments up to this as-of time are found (0: none yet) */
    int64_t sla_scan_to; /* this tick's as-of time, kept in sla_scanned once it commits */
    /* subscribed SLA moments ahead (a min-heap by time): filled by one scan of
     * the stored clocks, then by every lead written; a tick pops what it passed */
    struct ho_sla_moment *sla_heap;
    size_t sla_n, sla_cap;
    bool sla_loaded; /* false: the next tick scans the stored clocks */
};

/* ---- what an operation reads from the store (engine/working_set.c) ---- */

/* A subscribed SLA moment of a running clock: its deadline (sla.breached)
 * or `before` ahead of it (sla.due_soon); lead owned. */
struct ho_sla_moment {
    int64_t at;
    char *lead;
};
/* Forget the moments (after a failed commit: the next tick scans again). */
void ho_alerts_sla_forget(struct ho_engine *eng);

/* Leads as interned ids, each once. */
struct ho_lead_set {
    uint32_t *ids;
    size_t n, cap;
    uint8_t *in; /* by interned id */
    size_t in_cap;
};

struct ho_timeline_step;

/* engine/timeline.c: free the earlier versions' models and steps. */
void ho_engine_timeline_release(struct ho_engine *eng);

void ho_lead_set_add(struct ho_lead_set *s, uint32_t lead);
void ho_lead_set_release(struct ho_lead_set *s);

/* Start an operation: forget what the last one read (the queued events stay). */
void ho_work_begin(struct ho_engine *eng);
/* Read every stored event into the log (once per operation). */
HO_MUST_CHECK ho_rc ho_work_load_all(struct ho_engine *eng, struct ho_diag *diag);
/* The leads whose replay the queued events [from, to) change: their own
 * leads, the leads of the accounts their group events name, and the leads
 * that hold or lose a visitor they name.  Read from the store. */
HO_MUST_CHECK ho_rc ho_work_affected(struct ho_engine *eng, size_t from, size_t to,
                                     struct ho_lead_set *out, struct ho_diag *diag);
/* Read the stored history every lead of s replays (its own events, its
 * accounts', its visitors'; plus the accounts and visitors the queued events
 * give it). */
HO_MUST_CHECK ho_rc ho_work_load_leads(struct ho_engine *eng, const struct ho_lead_set *s,
                                       struct ho_diag *diag);
/*
 * Whether a stored event has the id of event `index` of the log (of
 * fingerprint fp, ho_store_fingerprint()): the owners
 * holding its fingerprint are read into the log (after what is there) and
 * *kept is the index of the stored event, SIZE_MAX when there is none.
 * in_work: inside an operation, which keeps what it read (each owner once).
 */
HO_MUST_CHECK ho_rc ho_work_find_stored(struct ho_engine *eng, size_t index, uint64_t fp,
                                        bool in_work, size_t *kept, struct ho_diag *diag);

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

/* ---- alerts (engine/alerts.c) ---- */

/* Inside the write transaction, before any lead is put: take the commit's
 * outbox generation and clock; rebuild when nothing new is stored. */
HO_MUST_CHECK ho_rc ho_alerts_begin(struct ho_engine *eng, bool rebuild, struct ho_diag *diag);
/* A clock tick (ho_engine_advance): add to set the leads whose running SLA
 * clock breaches, or enters a sla.due_soon subscription's lead time,
 * between the last tick's as-of time and eng->as_of, when some
 * subscription asks for it; *any when one was added. */
HO_MUST_CHECK ho_rc ho_alerts_sla_due(struct ho_engine *eng, struct ho_lead_set *set, bool *any,
                                      struct ho_diag *diag);
/* Record the alerts of a lead just put (its record rec) in the outbox. */
HO_MUST_CHECK ho_rc ho_alerts_record(struct ho_engine *eng, const struct ho_lead_record *rec,
                                     struct ho_diag *diag);

#endif /* HO_ENGINE_ENGINE_INT_H */
