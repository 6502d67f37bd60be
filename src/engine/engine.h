/* SPDX-License-Identifier: MIT */
/*
 * engine/engine.h - the running system: idempotent ingestion, and state
 * kept equal to a replay of the whole log at a cost that follows the new
 * events, not the history.
 *
 * Opening reads no events.  Events added with ho_engine_add() are
 * validated and de-duplicated by id (against the queue, and against the
 * store through its id fingerprints); ho_engine_commit() takes the write
 * lock, checks the queued ids once more when another writer committed
 * meanwhile, appends them to the store and recomputes, in the same
 * transaction, every lead they touch (a group event touches every lead of
 * its account; a visit, the visitor's lead) by replaying that lead's stored
 * history, read from the store for the purpose, in (ts, id) order.  So late
 * and out-of-order events give exactly the state of processing all events
 * sorted, across separate imports too, and ho_engine_rebuild() gives the
 * same state from scratch.
 *
 * Not thread-safe.
 */
#ifndef HO_ENGINE_ENGINE_H
#define HO_ENGINE_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/rc.h"

struct ho_defs;
struct ho_event;
struct ho_event_draft;
struct ho_eventlog;
struct ho_lead_result;
struct ho_model;
struct ho_rule_detail;
struct ho_store;
struct ho_engine;

/*
 * Open an engine over st (borrowed) with the definitions defs (borrowed; bound
 * to the engine's strings) whose stored version id is defs_id.  Reads no
 * events.  Owned: ho_engine_free().
 */
HO_MUST_CHECK ho_rc ho_engine_open(struct ho_store *st, struct ho_defs *defs, int64_t defs_id,
                                   struct ho_engine **out, struct ho_diag *diag);
void ho_engine_free(struct ho_engine *eng); /* NULL-safe */

/* A definitions version that was in force before the active one. */
struct ho_engine_version {
    int64_t from;         /* when it took over (ignored for the first) */
    int64_t number;       /* its stored number */
    struct ho_defs *defs; /* borrowed; bound to the engine's strings */
};

/*
 * Judge history by the versions in force at each time (core/timeline.h):
 * past[0..n) are the earlier steps in order, and the active definitions
 * take over at active_from.  Without a call (or with n == 0) the active
 * definitions judge all history.
 */
void ho_engine_set_timeline(struct ho_engine *eng, const struct ho_engine_version *past, size_t n,
                            int64_t active_from);

/*
 * Validate d and queue it.  *duplicate is set when an event with the same id
 * is already in the log or queued (nothing changes then; HO_OK).  Invalid
 * drafts return HO_EPARSE or HO_ELIMIT with the reason in diag.
 */
HO_MUST_CHECK ho_rc ho_engine_add(struct ho_engine *eng, const struct ho_event_draft *d,
                                  bool *duplicate, struct ho_diag *diag);
/*
 * Whether the last ho_engine_add() was a duplicate whose content differs
 * from the event already held (a conflict: that event is kept).  Then *kept
 * (in *kept_log) and *refused (in *new_log) are borrowed until the next add.
 */
bool ho_engine_conflict(const struct ho_engine *eng, const struct ho_eventlog **kept_log,
                        const struct ho_event **kept, const struct ho_eventlog **new_log,
                        const struct ho_event **refused);

/* Prepare for about n more events (bulk import): sizes the string table so
 * that it does not rehash while they arrive.  Only a hint. */
void ho_engine_reserve(struct ho_engine *eng, size_t n);

struct ho_commit_stats {
    size_t events;          /* new events stored */
    size_t leads;           /* leads recomputed */
    size_t journeys;        /* journeys written */
    size_t assigned;        /* assign events written by routing (new MQLs) */
    size_t aged;            /* nurture events written by MQL aging (mql.expire_after) */
    size_t caught_up;       /* commits other writers made since this engine last looked */
    size_t late_duplicates; /* queued events dropped: another writer stored their id first */
    size_t late_conflicts;  /* of those, with content different from the stored event */
};

/* Store the queued events and recompute the leads they touch (every lead
 * when all, e.g. after the definitions changed), atomically. */
HO_MUST_CHECK ho_rc ho_engine_commit(struct ho_engine *eng, bool all, struct ho_commit_stats *stats,
                                     struct ho_diag *diag);

/*
 * Time passed without events: commit (the queued events, if any) as if the
 * log's clock read `now` (when later than the as-of time): the as-of time
 * moves to it, untouched MQLs past mql.expire_after age into nurture and
 * journeys waiting for a rep are re-routed up to it, both written as events
 * exactly as an import whose latest event is at `now` writes them; the SLA
 * clocks and reports measured to the as-of time see it.  A rebuild keeps
 * the stored as-of time, so it gives the same state.  The caller reads the
 * clock (the engine never does).
 */
HO_MUST_CHECK ho_rc ho_engine_advance(struct ho_engine *eng, int64_t now,
                                      struct ho_commit_stats *stats, struct ho_diag *diag);

/*
 * The conflicts the last commit found (stats->late_conflicts): queued events
 * it dropped because another writer stored their id meanwhile with other
 * content.  For i < the returned count, *kept is the stored event and
 * *refused the dropped one, both of ho_engine_log(eng), borrowed until the
 * next commit.
 */
size_t ho_engine_late_conflict(const struct ho_engine *eng, size_t i, const struct ho_event **kept,
                               const struct ho_event **refused);

/* Recompute every lead from the stored log, atomically. */
HO_MUST_CHECK ho_rc ho_engine_rebuild(struct ho_engine *eng, struct ho_commit_stats *stats,
                                      struct ho_diag *diag);

/*
 * Replay one lead (by its id text) up to `at` (INT64_MAX = all events,
 * scores at the last event) with rule details.  *res and *details are
 * borrowed from the engine until its next call.  HO_ENOTFOUND for an unknown
 * lead.
 */
HO_MUST_CHECK ho_rc ho_engine_explain(struct ho_engine *eng, const char *lead, int64_t at,
                                      struct ho_lead_result *res,
                                      const struct ho_rule_detail **details, size_t *n_details,
                                      struct ho_diag *diag);

/* One lead's score at a time: what its replay up to that time gives. */
struct ho_lead_score {
    uint32_t lead;         /* interned in ho_engine_log(eng)->strings */
    double fit, behavior;  /* behaviour decayed to the time */
    int64_t last_behavior; /* its latest behaviour event up to the time; HO_TIME_NONE */
};

/*
 * Replay every lead up to `at` (events after it are ignored, as in explain
 * --at) and give each one's fit and decayed behaviour at `at`: the account
 * report qualifies accounts on these, so a lead quiet since March counts its
 * March behaviour decayed to May.  *out (n_out entries, one per lead with
 * events) is owned by the caller (ho_xfree); NULL and 0 on failure.
 */
HO_MUST_CHECK ho_rc ho_engine_scores_at(struct ho_engine *eng, int64_t at,
                                        struct ho_lead_score **out, size_t *n_out,
                                        struct ho_diag *diag);

/* Read every stored event into ho_engine_log(eng), for the reports that
 * replay every lead or scan all events (an operation like explain or commit
 * reads only what it needs and drops this again). */
HO_MUST_CHECK ho_rc ho_engine_load_all(struct ho_engine *eng, struct ho_diag *diag);

/* The events the engine holds now: the queued ones, then what the last
 * operation read from the store. */
const struct ho_eventlog *ho_engine_log(const struct ho_engine *eng);
const struct ho_model *ho_engine_model(const struct ho_engine *eng);
/* The version that judged the last explain (what its details, criterion and
 * clocks refer to): the active one unless it was explained at a time
 * before the active version took over. */
const struct ho_model *ho_engine_explained_model(const struct ho_engine *eng);
/* The latest event time in the log (0 when empty). */
int64_t ho_engine_as_of(const struct ho_engine *eng);

/* calibrate (engine/whole_log.c): fn once per stored lead with its events
 * ev[0..n) (indices into ho_engine_log(), sorted as a replay wants them, the
 * lead's account group events included).  Reads the whole log, writes
 * nothing.  fn's error stops the loop and is returned. */
typedef ho_rc (*ho_engine_lead_fn)(void *ctx, uint32_t lead, const uint32_t *ev, size_t n,
                                   struct ho_diag *diag);
HO_MUST_CHECK ho_rc ho_engine_each_lead(struct ho_engine *eng, ho_engine_lead_fn fn, void *ctx,
                                        struct ho_diag *diag);

/* backtest (engine/whole_log.c): replay every stored lead under the active
 * definitions and under cand (borrowed; bound to the engine's strings),
 * calling fn once per lead with both results (their journeys valid during
 * the call).  Writes nothing.  fn's error stops the loop and is returned. */
typedef ho_rc (*ho_engine_pair_fn)(void *ctx, const struct ho_lead_result *active,
                                   const struct ho_lead_result *cand, struct ho_diag *diag);
HO_MUST_CHECK ho_rc ho_engine_replay_pairs(struct ho_engine *eng, struct ho_defs *cand,
                                           ho_engine_pair_fn fn, void *ctx, struct ho_diag *diag);

#endif /* HO_ENGINE_ENGINE_H */
