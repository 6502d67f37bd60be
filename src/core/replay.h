/* SPDX-License-Identifier: MIT */
/*
 * core/replay.h - score and stage one lead by replaying its events.
 *
 * The state of a lead is a pure function of its events (sorted by (ts, id))
 * and the definitions (DESIGN.md §2): replaying is how state is computed on
 * import, on rebuild and for explain, so all three agree by construction.
 *
 * Scoring (DESIGN.md §4): fit rules are evaluated on the lead's traits
 * (identify) and its account's traits (group), latest by event time.  A
 * per-event behaviour rule contributes clamp(sum of points * 0.5^(age /
 * half_life)) over its matching events; a window rule contributes its points
 * while at least `count` matching events fall within `within`.  Behaviour
 * resets when the lead enters nurture or closed_lost.
 *
 * Decisions where DESIGN.md is silent (each has a test in test_replay.c):
 *  - the MQL criterion recorded is min_score when it holds, else the first
 *    or_any set that holds (definitions order);
 *  - rule disqualifiers act on marketing-owned stages (lead, mql, nurture,
 *    closed_lost); from sal on, sales owns the lead and only sales events
 *    move it (explain still shows the disqualifier that holds);
 *  - closed_lost resets behaviour like nurture: a lost deal must re-earn
 *    intent before it re-qualifies;
 *  - MQL aging (mql.expire_after) is applied before each event and at an
 *    explicit `at`, so stored state depends on events only;
 *  - lead.email falls back to the lead id when the id is an e-mail address;
 *  - SLA clocks: for each SLA name the first entry whose `from` stage is
 *    entered and whose `when` matches starts a clock; the first event of an
 *    `until` type stops it; a journey that ends first stops it with no event
 *    (reported as cancelled, neither met nor breached).
 *
 * Pure: no I/O, no clock.  A struct ho_replay holds reusable scratch memory
 * and must not be shared between threads.
 */
#ifndef HO_CORE_REPLAY_H
#define HO_CORE_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/rc.h"
#include "core/stage.h"

struct ho_match;
struct ho_model;

/* The outcome of a replay. */
struct ho_lead_result {
    uint32_t lead;    /* interned lead id */
    uint32_t account; /* current account, 0 = none */
    enum ho_stage stage;
    double fit, behavior;    /* scores at as_of */
    int64_t as_of;           /* when the scores were evaluated */
    int64_t created;         /* first event of the lead */
    int64_t last_event;      /* last event applied */
    uint32_t channel;        /* normalised first-touch channel name, 0 = none */
    uint32_t campaign;       /* first-touch campaign (campaign or props.utm_campaign), 0 = none */
    uint32_t source;         /* lead's source trait, 0 = none */
    uint32_t heard_about;    /* self-reported source (traits.heard_about), 0 = none */
    uint32_t employees;      /* the account's employees trait as text, 0 = none */
    int64_t last_behavior;   /* latest event that matched a behaviour rule, HO_TIME_NONE */
    int64_t mql_expires_at;  /* an untouched MQL's expiry (mql.expire_after), HO_TIME_NONE */
    int32_t disqualifier;    /* index of the disqualifier that holds, -1 = none */
    bool sales_disqualified; /* disqualified by a sales disposition */
    size_t n_events;         /* events applied */
    struct ho_journey *journeys; /* owned by the struct ho_replay; valid until the next replay */
    size_t n_journeys;
    struct ho_sla_clock *clocks; /* owned by the struct ho_replay, like journeys */
    size_t n_clocks;
};

/* One rule's share of the score, for explain. */
struct ho_rule_detail {
    const char *name; /* borrowed from the definitions */
    bool is_fit;
    bool is_window;
    double points;          /* the rule's points as written */
    double raw;             /* fit: points if matched; behaviour: undecayed sum, clamped */
    double decayed;         /* contribution at as_of (fit rules: == raw) */
    bool holds;             /* contributes a non-zero amount at as_of */
    const char *field;      /* fit rules: the attribute the rule reads, as written (no scope);
                             * NULL for behaviour rules */
    const char *value;      /* fit rules: that attribute's value at as_of, "" when absent */
    const uint32_t *events; /* indices into the log of the matching events (since the last
                             * behaviour reset); borrowed from the replay */
    size_t n_events;
};

struct ho_replay;
struct ho_timeline_step;

/* New scratch for replays under model m (borrowed). Owned: ho_replay_free(). */
struct ho_replay *ho_replay_new(const struct ho_model *m);
/* The same under a timeline of versions (core/timeline.h; n >= 1, sorted by
 * `from`, every model bound to the same log): each event is judged by the
 * version in force at its time, and a lead is re-evaluated at the start of
 * each later step.  The steps are copied; their models are borrowed. */
struct ho_replay *ho_replay_new_timeline(const struct ho_timeline_step *steps, size_t n);
/* The version in force at the end of the last replay (the one its
 * details, criterion and clock indices refer to). */
const struct ho_model *ho_replay_model(const struct ho_replay *r);
void ho_replay_free(struct ho_replay *r); /* NULL-safe */

/*
 * Replay the events ev[0..n) (indices into m->log) of lead, which must be
 * sorted by ho_event_cmp and may include group events of the lead's accounts.
 * Events after `at` are ignored; scores are evaluated at `at`, or at the last
 * event when at == INT64_MAX.  With trace, rule details are kept for
 * ho_replay_details().  *out is overwritten; its journeys point into r.
 * Returns HO_OK, or HO_EINVAL when ev is not sorted.
 */
HO_MUST_CHECK ho_rc ho_replay_lead(struct ho_replay *r, uint32_t lead, const uint32_t *ev, size_t n,
                                   int64_t at, bool trace, struct ho_lead_result *out,
                                   struct ho_diag *diag);

/* After a traced replay: one detail per fit rule, then per behaviour rule
 * (definitions order).  *n_out is the count.  Borrowed from r. */
const struct ho_rule_detail *ho_replay_details(const struct ho_replay *r, size_t *n_out);

/* After a replay: the text of the lead or account field that condition m
 * reads, as the lead stands at the end of the replay ("" when absent). */
const char *ho_replay_field(const struct ho_replay *r, const struct ho_match *m);

/* Points of one matching event of behaviour rule `rule` at time at. */
double ho_replay_event_points(const struct ho_model *m, size_t rule, int64_t event_ts, int64_t at);

/* Name of a journey's MQL criterion: "min_score", an or_any set's name, or
 * "" for HO_CRITERION_NONE. Borrowed from the definitions. */
const char *ho_criterion_name(const struct ho_model *m, int32_t criterion);

#endif /* HO_CORE_REPLAY_H */
