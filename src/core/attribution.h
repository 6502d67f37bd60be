/* SPDX-License-Identifier: MIT */
/*
 * core/attribution.h - multi-touch attribution of opportunity amounts to
 * channels and campaigns (DESIGN.md §5, report 8).
 *
 * A touch is an event that carries a channel (a top-level channel, or
 * utm_medium / utm_source in its props).  Touches are pooled by account: the
 * path of an opportunity is every touch of every lead of its account (a lead
 * without an account is a pool of its own), oldest first, up to the
 * opportunity's creation — for the full-path model and a won opportunity, up
 * to the close, so that the closed-won touch can exist.  An opportunity with
 * no touch before its creation is unattributed, under every model, so the
 * models always split the same total.
 *
 * Milestones of a path: the first touch; the MQL touch (the latest touch at
 * or before the journey's MQL; none for a sales-sourced journey); the
 * opportunity-creation touch (the latest at or before the opportunity was
 * created: the last touch of the path); the closed-won touch (full path,
 * won opportunities only: the latest at or before the close).
 *
 * A model gives each milestone a share and spreads a `rest` share evenly over
 * its rest set (touches on no milestone; U-shaped: only those before the MQL
 * touch).  Milestones on the same touch add their shares.  A missing
 * milestone's share goes to the present milestones, pro rata to their
 * shares; when the rest set is empty the rest share does too.  So the
 * weights of one path always sum to 1.  Time decay instead weighs each touch
 * 2^(-age / half-life), age = opportunity creation - touch time, normalised.
 *
 * Pure: no I/O.  Results are owned by the structs they are written into.
 */
#ifndef HO_CORE_ATTRIBUTION_H
#define HO_CORE_ATTRIBUTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/rc.h"

struct ho_journey_row;

enum ho_attr_model {
    HO_ATTR_FIRST,  /* 100% to the first touch */
    HO_ATTR_LAST,   /* 100% to the last touch before the opportunity */
    HO_ATTR_LINEAR, /* 1/n to each touch */
    HO_ATTR_U,      /* 40% first, 40% MQL touch, 20% over the touches between */
    HO_ATTR_W,      /* 30% first, 30% MQL, 30% opportunity creation, 10% the rest */
    HO_ATTR_FULL,   /* 22.5% first, MQL, opportunity creation, closed won; 10% the rest */
    HO_ATTR_DECAY,  /* 2^(-age / 7 days), normalised */
    HO_ATTR__COUNT
};

enum ho_attr_milestone { HO_MS_FIRST, HO_MS_MQL, HO_MS_OPP, HO_MS_WON, HO_MS__COUNT };

/* Which touches share a model's rest share. */
enum ho_attr_rest {
    HO_REST_NONE,       /* no rest share */
    HO_REST_ALL,        /* every touch (linear) */
    HO_REST_BEFORE_MQL, /* touches on no milestone, before the MQL touch (U-shaped; all of
                         * them when there is no MQL touch) */
    HO_REST_OTHERS,     /* touches on no milestone */
};

/* A model's parameters, as the reports print them. */
struct ho_attr_params {
    const char *name;           /* "u": the --model value */
    const char *title;          /* "U-shaped" */
    double share[HO_MS__COUNT]; /* fraction of the credit for each milestone */
    double rest;                /* fraction spread evenly over the rest set */
    int64_t half_life_ms;       /* time decay; 0 otherwise */
    enum ho_attr_rest rest_set; /* who shares `rest` */
    bool to_close;              /* won opportunities' paths run to the close */
};

/* The parameters of m (static, never NULL for a valid m). */
const struct ho_attr_params *ho_attr_params(enum ho_attr_model m);
/* Parse a --model value (first, last, linear, u, w, full, decay). */
bool ho_attr_model_parse(const char *name, enum ho_attr_model *out);

#define HO_ATTR_NONE SIZE_MAX /* a missing milestone */

/* One opportunity's touch path. */
struct ho_attr_path {
    size_t n;                /* touches, oldest first; >= 1 */
    const int64_t *ts;       /* borrowed: touch times, ascending (time decay; else may be NULL) */
    size_t ms[HO_MS__COUNT]; /* touch index of each milestone, or HO_ATTR_NONE */
    int64_t opp_at;          /* opportunity creation: the reference of a touch's age */
};

/*
 * The weights of p's touches under model m into w[0..p->n).  They sum to 1:
 * added in index order, exactly 1.0 (the rounding residue of the spreads
 * goes to the last touch with a weight).  Returns HO_OK, or HO_EINVAL when
 * the path is empty, the first milestone is missing or not touch 0, a
 * milestone is out of range, or time decay has no or unordered times.
 */
HO_MUST_CHECK ho_rc ho_attr_weights(enum ho_attr_model m, const struct ho_attr_path *p, double *w,
                                    struct ho_diag *diag);

/*
 * Fill the milestones of the path ts[0..n) (ascending): first = 0, MQL =
 * the latest touch at or before mql_at, opportunity creation = at or before
 * opp_at, closed won = at or before won_at; each HO_ATTR_NONE when its time
 * is HO_TIME_NONE or precedes every touch.  p->ts = ts.
 */
void ho_attr_path_init(struct ho_attr_path *p, const int64_t *ts, size_t n, int64_t mql_at,
                       int64_t opp_at, int64_t won_at);

/* ---- credit over all opportunities ---- */

/* A touch: when, and what it is credited to. */
struct ho_touch {
    int64_t ts;
    uint32_t channel;  /* interned normalised channel */
    uint32_t campaign; /* interned campaign, 0 = none */
};

/*
 * Touches grouped into pools (one per account; one per lead without an
 * account): pool k's touches are touches[start[k], start[k + 1]), ordered by
 * (ts, event id).  pool_of_lead[id] is the pool of the lead with interned id
 * `id` plus 1 (0: the lead has no pool), for id < n_ids.
 */
struct ho_touch_pools {
    struct ho_touch *touches; /* owned */
    size_t n_touches;
    size_t *start; /* owned: n_pools + 1 offsets */
    size_t n_pools;
    uint32_t *pool_of_lead; /* owned: n_ids entries */
    size_t n_ids;           /* bound on every interned id used (leads, channels, campaigns) */
};

void ho_touch_pools_release(struct ho_touch_pools *p);

enum ho_attr_by {
    HO_ATTR_BY_CHANNEL,
    HO_ATTR_BY_CAMPAIGN,
};

struct ho_attr_credit {
    uint32_t key;         /* interned channel or campaign; 0 = no campaign */
    double amount;        /* credited opportunity amount */
    double opportunities; /* sum of weights: opportunities credited, fractionally */
    uint64_t touches;     /* touches of this key on the credited paths */
};

struct ho_attribution {
    enum ho_attr_model model;
    enum ho_attr_by by;
    struct ho_attr_credit *rows; /* owned; by amount, largest first, then by key */
    size_t n;
    uint64_t opportunities; /* journeys with an amount, created in [from, to) */
    double amount;          /* their amounts' total */
    uint64_t unattributed;  /* of them, with no touch before the opportunity */
    double unattributed_amount;
    uint64_t touches; /* touches on all credited paths */
};

/*
 * Credit every opportunity of rows[0..n) (a journey with has_amount, created
 * — entered opportunity, else customer — in [from, to)) to the keys of its
 * path's touches in tp under model m.  Lead ids in rows and tp are interned
 * in the same table.  amount = sum of the credited rows' amounts +
 * unattributed_amount (up to rounding).  Release with
 * ho_attribution_release().
 */
void ho_attribution_compute(const struct ho_touch_pools *tp, const struct ho_journey_row *rows,
                            size_t n, enum ho_attr_model m, enum ho_attr_by by, int64_t from,
                            int64_t to, struct ho_attribution *out);
void ho_attribution_release(struct ho_attribution *a);

#endif /* HO_CORE_ATTRIBUTION_H */
