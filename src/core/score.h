/* SPDX-License-Identifier: MIT */
/*
 * core/score.h - fit and behaviour scoring of one lead (DESIGN.md §4).
 *
 * A struct ho_score holds the state of every rule since the last behaviour
 * reset: which fit rules hold, and per behaviour rule what its kind needs
 * (a decayed sum for per-event rules, the times of the last `count` matches
 * for window rules).  What a kind does is one row of the kind table in
 * score.c; the replay (core/replay.c) only records matches and asks for
 * contributions.
 *
 * Pure: no I/O, no clock.
 */
#ifndef HO_CORE_SCORE_H
#define HO_CORE_SCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ho_defs;

/* Behaviour state of one rule since the last reset. */
struct ho_rule_state {
    double sum; /* per-event rules: decayed sum of points as of tref */
    int64_t tref;
    double raw;    /* plain sum of points */
    int64_t last;  /* time of the latest match */
    int64_t *ring; /* window rules: times of the last `count` matches */
    uint32_t ring_n, ring_pos;
    uint32_t *events; /* trace: matching event indices */
    size_t n_events, cap_events;
};

struct ho_score {
    const struct ho_defs *defs; /* borrowed */
    struct ho_rule_state *rs;   /* owned: one per behaviour rule */
    int64_t *rings;             /* owned: the rings of all rules, one block */
    bool *fit_hit;              /* owned: fit rule i holds */
    bool trace;                 /* keep matching event indices */
};

/* Scratch for the rules of defs (borrowed).  Release with ho_score_release(). */
void ho_score_init(struct ho_score *s, const struct ho_defs *defs);
void ho_score_release(struct ho_score *s);

/* Forget every behaviour match (fit is kept: DESIGN.md §2 recycling). */
void ho_score_reset_behavior(struct ho_score *s);
/* Forget fit hits too: a new lead. */
void ho_score_reset(struct ho_score *s);

/* Behaviour rule `rule` matched an event at ts (log index `index`, kept when tracing). */
void ho_score_record(struct ho_score *s, size_t rule, int64_t ts, uint32_t index);

/* Rule `rule`'s contribution at time t (0 when it does not hold). */
double ho_score_contribution(const struct ho_score *s, size_t rule, int64_t t);
/* For explain: the rule's undecayed amount at t (per-event: the clamped plain
 * sum; window: its points while the window holds, else 0). */
double ho_score_raw(const struct ho_score *s, size_t rule, int64_t t);

double ho_score_fit(const struct ho_score *s);
double ho_score_behavior(const struct ho_score *s, int64_t t);

/* Points of one matching event of behaviour rule `rule` at time at. */
double ho_score_event_points(const struct ho_defs *defs, size_t rule, int64_t event_ts, int64_t at);

#endif /* HO_CORE_SCORE_H */
