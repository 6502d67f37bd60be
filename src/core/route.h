/* SPDX-License-Identifier: MIT */
/*
 * core/route.h - assignment of a new MQL to a sales rep (DESIGN.md §4,
 * "Routing semantics").
 *
 * The first routing rule whose `when` holds picks a pool.  The account's
 * current owner gets the lead first; otherwise smooth weighted round robin
 * (nginx's algorithm) picks among the pool's eligible reps: those in the
 * pool, present (not away that day) and under capacity.  A lead nobody can
 * take goes to the `unassigned` queue with the reason; it is never dropped.
 *
 * Rotation state lives in a struct ho_router: one signed credit per (pool,
 * rep), keyed by the pool's and the rep's TEXT ids, never by index.  A new
 * definitions version that adds, removes or reweights reps therefore keeps
 * everyone else's turn: nothing is reset.  A removed rep's credit is kept
 * too, so a rep who is re-added later resumes where they were.
 *
 * Pure and deterministic: no I/O, no clock, no randomness, no globals.  The
 * same definitions, requests and prior state always give the same picks.
 * A router is not thread-safe; callers serialise picks on one router.
 */
#ifndef HO_CORE_ROUTE_H
#define HO_CORE_ROUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/rc.h"
#include "core/defs.h"

struct ho_router;

/* Looks up one value of the lead being routed: scope is HO_SCOPE_LEAD or
 * HO_SCOPE_ACCOUNT, name the field without its "lead."/"account." prefix.
 * Returns a NUL-terminated string borrowed for the duration of the call, or
 * NULL (or "") when the lead has no such value. */
typedef const char *(*ho_route_field_fn)(void *ctx, enum ho_scope scope, const char *name);

struct ho_route_request {
    ho_route_field_fn field; /* required */
    void *ctx;               /* passed to field */
    /* The lead's MQL date in the calendar's time zone, as days since
     * 1970-01-01; compared with the reps' inclusive `away` ranges. */
    int64_t local_day;
    /* Id of the rep who currently owns the lead's account, or NULL.  An id
     * that is not a rep of the definitions is ignored. */
    const char *account_owner;
    /* d->n_reps entries, by index of d->reps: journeys currently open and
     * assigned to that rep (for capacity).  Required when d->n_reps > 0. */
    const uint32_t *open_journeys;
    /* Optional: room for d->n_reps entries; the pick lists there the reps
     * it passed over and why (see ho_route_result.n_skipped). */
    struct ho_route_skip *skipped;
};

/* Why a rep was passed over. */
enum ho_route_skip_why {
    HO_SKIP_AWAY,        /* away on the lead's day */
    HO_SKIP_AT_CAPACITY, /* open journeys >= capacity */
};

/* A rep the pick passed over: the account owner who could not take the
 * lead, or a rep of the pool who was away or at capacity. */
struct ho_route_skip {
    int32_t rep; /* index into d->reps */
    enum ho_route_skip_why why;
    bool owner;              /* the account's owner (tried first) */
    uint32_t open, capacity; /* at the pick, for HO_SKIP_AT_CAPACITY */
};

/* How a lead was routed.  The two last values leave it unassigned. */
enum ho_route_how {
    HO_ROUTE_FAILED = 0,      /* ho_route_pick() failed: nothing was decided */
    HO_ROUTE_ACCOUNT_OWNER,   /* the account's owner took it */
    HO_ROUTE_ROUND_ROBIN,     /* weighted round robin within the pool */
    HO_ROUTE_NO_RULE,         /* no routing rule matched: unassigned */
    HO_ROUTE_NO_ELIGIBLE_REP, /* nobody in the pool is present and under capacity: unassigned */
    HO_ROUTE__COUNT
};

struct ho_route_result {
    enum ho_route_how how;
    int32_t rule;       /* index into d->routing of the rule that matched; -1 = none */
    const char *pool;   /* borrowed from d: d->routing[rule].pool; NULL when rule == -1 */
    int32_t rep;        /* index into d->reps; -1 = unassigned */
    const char *rep_id; /* borrowed from d: d->reps[rep].id; NULL when unassigned */
    const char *why;    /* static: ho_route_how_str(how) */
    size_t n_skipped;   /* entries written to q->skipped (0 when it is NULL), in
                         * the order tried: the owner first, then d->reps order */
};

/* A router with no rotation state (every credit 0); owned: caller frees
 * with ho_router_free(). */
struct ho_router *ho_router_new(void);
/* Free r and all its state; NULL-safe. */
void ho_router_free(struct ho_router *r);

/*
 * Route one lead under definitions d, updating r's rotation credits.
 *
 * Order of decisions:
 *  1. The first rule of d->routing whose `when` holds (a rule without `when`
 *     always holds; an absent field never satisfies a condition) gives the
 *     pool; out->rule and out->pool say which, also when step 2 decides.
 *  2. If q->account_owner is the id of a rep of d who is present on
 *     q->local_day and under capacity, that rep gets the lead, whatever the
 *     pool (account ownership comes first, also when no rule matched).  This
 *     does NOT change any rotation credit: the owner's turn in the rotation
 *     is neither spent nor skipped.
 *  3. No rule matched: unassigned (HO_ROUTE_NO_RULE).
 *  4. Smooth weighted round robin over the pool's eligible reps (in the
 *     pool, present, under capacity): each eligible rep's credit for this
 *     pool += weight; the rep with the highest credit wins (ties: the first
 *     in d->reps order); the winner's credit -= the sum of the eligible
 *     weights.  Ineligible reps' credits are untouched, so a rep back from
 *     leave or from a full queue gets no catch-up burst.  With a constant
 *     eligible set, every window of sum(weights) consecutive picks gives
 *     each rep exactly its weight.
 *  5. No eligible rep: unassigned (HO_ROUTE_NO_ELIGIBLE_REP); credits are
 *     untouched.
 *
 * "Present" means local_day is in none of the rep's [away_from, away_to]
 * ranges (inclusive on both ends); "under capacity" means capacity == 0
 * (unlimited) or open_journeys[i] < capacity.  Rep ids must be unique in d
 * (the loader guarantees it).  Credits saturate at INT64_MIN/INT64_MAX
 * instead of overflowing (only reachable with absurd imported state).
 *
 * d and q are borrowed for the call; out's strings borrow from d (pool,
 * rep_id) or are static (why).
 *
 * *out is always initialised.  Returns HO_OK (also for an unassigned lead:
 * that is a routing outcome, not an error), or HO_EINVAL when q->field or
 * q->open_journeys is missing, or d has a rep with weight 0, a rep or rule
 * without an id or pool, or a rule `when` on event scope; then r is
 * unchanged, out->how is HO_ROUTE_FAILED and diag (may be NULL) says why.
 */
HO_MUST_CHECK ho_rc ho_route_pick(struct ho_router *r, const struct ho_defs *d,
                                  const struct ho_route_request *q, struct ho_route_result *out,
                                  struct ho_diag *diag);

/*
 * Route again a lead that waited unassigned in the pool of routing rule
 * `rule` (index into d->routing), now that a rep may have freed up or come
 * back: steps 2, 4 and 5 above with the rule fixed, so the lead stays in
 * the pool it was routed to (rules are not evaluated again; q->field may
 * be any lookup).  HO_EINVAL as above, or when rule is out of range.
 */
HO_MUST_CHECK ho_rc ho_route_pick_in_rule(struct ho_router *r, const struct ho_defs *d,
                                          const struct ho_route_request *q, int32_t rule,
                                          struct ho_route_result *out, struct ho_diag *diag);

/*
 * Whether rep i (index into d->reps) is available to q: present on
 * q->local_day and under capacity by q->open_journeys, the test of steps 2
 * and 4.  A pick places the lead (out->rep >= 0) exactly when the account
 * owner is an available rep, or a rule is known and an available rep is in
 * its pool (ho_route_rep_in_pool()); a pick that places nobody changes no
 * credit.  A caller that tries many leads against the same counts may skip
 * the picks that cannot place (engine/route_pass.c re-routing).
 */
bool ho_route_rep_available(const struct ho_defs *d, const struct ho_route_request *q, size_t i);
/* Whether rep i (index into d->reps) is in pool. */
bool ho_route_rep_in_pool(const struct ho_defs *d, size_t i, const char *pool);

/* "away" or "at capacity". */
const char *ho_route_skip_str(enum ho_route_skip_why why);

/* The static text of how: "account owner", "weighted round robin", "no
 * routing rule matched", "no rep in the pool is present and under capacity"
 * (the pool is in ho_route_result.pool), "not routed: invalid request" for
 * HO_ROUTE_FAILED.  Never NULL. */
const char *ho_route_how_str(enum ho_route_how how);

/* ---- rotation state, for persistence ---- */

/* Number of (pool, rep) credits held.  A credit exists once its rep has
 * been eligible in its pool, or once set with ho_router_state_set(). */
size_t ho_router_state_count(const struct ho_router *r);

/*
 * The i-th credit (i < ho_router_state_count(r)), in ascending byte order
 * of (pool, rep), so exports are deterministic.  *pool and *rep are
 * borrowed from r and stay valid until ho_router_free(r) (entries are never
 * removed; indices shift when new entries are added).
 */
void ho_router_state_get(const struct ho_router *r, size_t i, const char **pool, const char **rep,
                         int64_t *credit);

/* Set the credit of rep in pool (both NUL-terminated, copied), adding the
 * entry when new.  Importing every exported entry into a new router makes
 * it continue exactly the same sequence. */
void ho_router_state_set(struct ho_router *r, const char *pool, const char *rep, int64_t credit);

/* The credit of rep in pool into *credit; false (and *credit = 0, the value
 * a rep starts from) when r holds none. */
bool ho_router_credit(const struct ho_router *r, const char *pool, const char *rep,
                      int64_t *credit);

#endif /* HO_CORE_ROUTE_H */
