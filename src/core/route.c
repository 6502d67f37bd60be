/* SPDX-License-Identifier: MIT */
/*
 * core/route.c - routing rules, account ownership and smooth weighted round
 * robin over the reps of a pool.
 *
 * Rotation credits are kept in one array sorted by (pool, rep) text and found
 * by binary search: lookups stay O(log n) per rep and the export order is
 * deterministic.  Entries are only ever added, never removed, so the strings
 * they own keep their addresses for the router's lifetime.
 */
#include "core/route.h"

#include <string.h>

#include "base/xalloc.h"
#include "core/match.h"

struct credit_entry {
    char *pool; /* owned */
    char *rep;  /* owned */
    int64_t credit;
};

struct ho_router {
    struct credit_entry *v; /* owned: sorted by (pool, rep), unique */
    size_t n, cap;
};

static const char *const how_text[HO_ROUTE__COUNT] = {
    [HO_ROUTE_FAILED] = "not routed: invalid request",
    [HO_ROUTE_ACCOUNT_OWNER] = "account owner",
    [HO_ROUTE_ROUND_ROBIN] = "weighted round robin",
    [HO_ROUTE_NO_RULE] = "no routing rule matched",
    [HO_ROUTE_NO_ELIGIBLE_REP] = "no rep in the pool is present and under capacity",
};

const char *
ho_route_how_str(enum ho_route_how how)
{
    if ((unsigned)how >= HO_ROUTE__COUNT)
        return how_text[HO_ROUTE_FAILED];
    return how_text[how];
}

/* ---- rotation state ---- */

struct ho_router *
ho_router_new(void)
{
    return ho_xcalloc(1, sizeof(struct ho_router));
}

void
ho_router_free(struct ho_router *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->n; i++) {
        ho_xfree(r->v[i].pool);
        ho_xfree(r->v[i].rep);
    }
    ho_xfree(r->v);
    ho_xfree(r);
}

static int
key_cmp(const struct credit_entry *e, const char *pool, const char *rep)
{
    int c = strcmp(e->pool, pool);
    return c != 0 ? c : strcmp(e->rep, rep);
}

/* Lower bound of (pool, rep) in r: *pos is where it is or would be inserted. */
static bool
find(const struct ho_router *r, const char *pool, const char *rep, size_t *pos)
{
    size_t lo = 0;
    size_t hi = r->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (key_cmp(&r->v[mid], pool, rep) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *pos = lo;
    return lo < r->n && key_cmp(&r->v[lo], pool, rep) == 0;
}

size_t
ho_router_state_count(const struct ho_router *r)
{
    return r->n;
}

void
ho_router_state_get(const struct ho_router *r, size_t i, const char **pool, const char **rep,
                    int64_t *credit)
{
    HO_ASSERT(i < r->n);
    *pool = r->v[i].pool;
    *rep = r->v[i].rep;
    *credit = r->v[i].credit;
}

void
ho_router_state_set(struct ho_router *r, const char *pool, const char *rep, int64_t credit)
{
    size_t pos = 0;

    HO_ASSERT(pool != NULL && rep != NULL);
    if (find(r, pool, rep, &pos)) {
        r->v[pos].credit = credit;
        return;
    }
    HO_GROW(r->v, r->cap, ho_size_add(r->n, 1));
    memmove(&r->v[pos + 1], &r->v[pos], (r->n - pos) * sizeof(r->v[0]));
    r->v[pos].pool = ho_xstrdup(pool);
    r->v[pos].rep = ho_xstrdup(rep);
    r->v[pos].credit = credit;
    r->n++;
}

bool
ho_router_credit(const struct ho_router *r, const char *pool, const char *rep, int64_t *credit)
{
    size_t pos = 0;

    *credit = 0;
    if (!find(r, pool, rep, &pos))
        return false;
    *credit = r->v[pos].credit;
    return true;
}

/* ---- eligibility ---- */

static bool
rep_present(const struct ho_rep *rep, int64_t day)
{
    for (size_t i = 0; i < rep->n_away; i++) {
        if (rep->away_from[i] <= day && day <= rep->away_to[i])
            return false;
    }
    return true;
}

static bool
rep_in_pool(const struct ho_rep *rep, const char *pool)
{
    for (size_t i = 0; i < rep->n_pools; i++) {
        if (strcmp(rep->pools[i], pool) == 0)
            return true;
    }
    return false;
}

/* Present on the lead's day and under capacity (0 = unlimited). */
static bool
rep_available(const struct ho_defs *d, const struct ho_route_request *q, size_t i)
{
    const struct ho_rep *rep = &d->reps[i];

    if (rep->capacity != 0 && q->open_journeys[i] >= rep->capacity)
        return false;
    return rep_present(rep, q->local_day);
}

static int32_t
rep_index(const struct ho_defs *d, const char *id)
{
    for (size_t i = 0; i < d->n_reps; i++) {
        if (strcmp(d->reps[i].id, id) == 0)
            return (int32_t)i;
    }
    return -1;
}

bool
ho_route_rep_available(const struct ho_defs *d, const struct ho_route_request *q, size_t i)
{
    return rep_available(d, q, i);
}

bool
ho_route_rep_in_pool(const struct ho_defs *d, size_t i, const char *pool)
{
    return rep_in_pool(&d->reps[i], pool);
}

/* ---- rules ---- */

static bool
rule_holds(const struct ho_route_rule *rule, const struct ho_route_request *q)
{
    if (rule->when == NULL)
        return true;
    return ho_match_text(rule->when, q->field(q->ctx, rule->when->scope, rule->when->field));
}

static int32_t
first_rule(const struct ho_defs *d, const struct ho_route_request *q)
{
    for (size_t i = 0; i < d->n_routing; i++) {
        if (rule_holds(&d->routing[i], q))
            return (int32_t)i;
    }
    return -1;
}

/* Note rep i as passed over (q->skipped is optional). */
static void
note_skip(const struct ho_defs *d, const struct ho_route_request *q, struct ho_route_result *out,
          size_t i, bool owner)
{
    const struct ho_rep *rep = &d->reps[i];
    if (q->skipped == NULL || out->n_skipped >= d->n_reps)
        return;
    bool full = rep->capacity != 0 && q->open_journeys[i] >= rep->capacity;
    q->skipped[out->n_skipped++] =
        (struct ho_route_skip){ .rep = (int32_t)i,
                                .why = full ? HO_SKIP_AT_CAPACITY : HO_SKIP_AWAY,
                                .owner = owner,
                                .open = q->open_journeys[i],
                                .capacity = rep->capacity };
}

/* The pool's reps who are not available, into out's skip list. */
static void
note_pool_skips(const struct ho_defs *d, const struct ho_route_request *q, const char *pool,
                int32_t owner, struct ho_route_result *out)
{
    for (size_t i = 0; i < d->n_reps; i++) {
        if ((int32_t)i != owner && rep_in_pool(&d->reps[i], pool) && !rep_available(d, q, i))
            note_skip(d, q, out, i, false);
    }
}

const char *
ho_route_skip_str(enum ho_route_skip_why why)
{
    return why == HO_SKIP_AT_CAPACITY ? "at capacity" : "away";
}

/* ---- smooth weighted round robin ---- */

static int64_t
sat_add(int64_t a, int64_t b)
{
    int64_t s = 0;

    if (__builtin_add_overflow(a, b, &s))
        return b > 0 ? INT64_MAX : INT64_MIN;
    return s;
}

static int64_t
sat_sub(int64_t a, int64_t b)
{
    int64_t s = 0;

    if (__builtin_sub_overflow(a, b, &s))
        return b > 0 ? INT64_MIN : INT64_MAX;
    return s;
}

static bool
rep_eligible(const struct ho_defs *d, const struct ho_route_request *q, size_t i, const char *pool)
{
    return rep_in_pool(&d->reps[i], pool) && rep_available(d, q, i);
}

/*
 * The winner among the pool's eligible reps, or -1 when there is none, and
 * the sum of their weights in *total.  Reads credits only: nothing is
 * committed until a winner is known.
 */
static int32_t
rotation_winner(const struct ho_router *r, const struct ho_defs *d,
                const struct ho_route_request *q, const char *pool, int64_t *total)
{
    int32_t winner = -1;
    int64_t best = 0;

    *total = 0;
    for (size_t i = 0; i < d->n_reps; i++) {
        int64_t credit = 0;
        if (!rep_eligible(d, q, i, pool))
            continue;
        (void)ho_router_credit(r, pool, d->reps[i].id, &credit);
        credit = sat_add(credit, d->reps[i].weight);
        *total = sat_add(*total, d->reps[i].weight);
        if (winner < 0 || credit > best) { /* strict: ties keep definitions order */
            winner = (int32_t)i;
            best = credit;
        }
    }
    return winner;
}

/* Commit one round: every eligible rep gains its weight, the winner pays the
 * total.  Each write touches only its own entry, so the reads stay valid. */
static void
rotation_commit(struct ho_router *r, const struct ho_defs *d, const struct ho_route_request *q,
                const char *pool, int32_t winner, int64_t total)
{
    for (size_t i = 0; i < d->n_reps; i++) {
        int64_t credit = 0;
        if (!rep_eligible(d, q, i, pool))
            continue;
        (void)ho_router_credit(r, pool, d->reps[i].id, &credit);
        credit = sat_add(credit, d->reps[i].weight);
        if ((int32_t)i == winner)
            credit = sat_sub(credit, total);
        ho_router_state_set(r, pool, d->reps[i].id, credit);
    }
}

/* ---- the pick ---- */

static ho_rc
check_defs(const struct ho_defs *d, struct ho_diag *diag)
{
    if (d->n_reps > INT32_MAX || d->n_routing > INT32_MAX)
        return ho_diag_set(diag, HO_EINVAL, "too many reps or routing rules");
    for (size_t i = 0; i < d->n_reps; i++) {
        if (d->reps[i].id == NULL)
            return ho_diag_set(diag, HO_EINVAL, "rep %zu has no id", i + 1);
        if (d->reps[i].weight == 0)
            return ho_diag_set(diag, HO_EINVAL, "rep '%s' has weight 0", d->reps[i].id);
    }
    for (size_t i = 0; i < d->n_routing; i++) {
        const struct ho_match *when = d->routing[i].when;
        if (d->routing[i].pool == NULL)
            return ho_diag_set(diag, HO_EINVAL, "routing rule %zu has no pool", i + 1);
        if (when != NULL && (when->scope == HO_SCOPE_EVENT || when->field == NULL))
            return ho_diag_set(diag, HO_EINVAL,
                               "routing rule %zu must test a lead.* or account.* field", i + 1);
    }
    return HO_OK;
}

static ho_rc
check_request(const struct ho_defs *d, const struct ho_route_request *q, struct ho_diag *diag)
{
    if (q->field == NULL)
        return ho_diag_set(diag, HO_EINVAL, "routing request has no field lookup");
    if (d->n_reps > 0 && q->open_journeys == NULL)
        return ho_diag_set(diag, HO_EINVAL, "routing request has no open journey counts");
    return check_defs(d, diag);
}

static void
set_result(struct ho_route_result *out, const struct ho_defs *d, enum ho_route_how how,
           int32_t rule, int32_t rep)
{
    /* n_skipped is kept: the skips noted before the outcome stand */
    out->how = how;
    out->rule = rule;
    out->pool = rule >= 0 ? d->routing[rule].pool : NULL;
    out->rep = rep;
    out->rep_id = rep >= 0 ? d->reps[rep].id : NULL;
    out->why = ho_route_how_str(how);
}

/* The account owner's rep index when they can take the lead, else -1 (an
 * owner who cannot is noted as skipped). */
static int32_t
available_owner(const struct ho_defs *d, const struct ho_route_request *q,
                struct ho_route_result *out)
{
    int32_t owner = -1;

    if (q->account_owner == NULL)
        return -1;
    owner = rep_index(d, q->account_owner);
    if (owner < 0)
        return -1;
    if (!rep_available(d, q, (size_t)owner)) {
        note_skip(d, q, out, (size_t)owner, true);
        return -1;
    }
    return owner;
}

/* Steps 2 to 5 with the rule known (-1: none matched). */
static void
pick_with_rule(struct ho_router *r, const struct ho_defs *d, const struct ho_route_request *q,
               int32_t rule, struct ho_route_result *out)
{
    int64_t total = 0;
    int32_t owner = available_owner(d, q, out);
    if (owner >= 0) {
        set_result(out, d, HO_ROUTE_ACCOUNT_OWNER, rule, owner);
        return;
    }
    if (rule < 0) {
        set_result(out, d, HO_ROUTE_NO_RULE, -1, -1);
        return;
    }
    const char *pool = d->routing[rule].pool;
    int32_t skipped_owner = out->n_skipped ? q->skipped[0].rep : -1;
    note_pool_skips(d, q, pool, skipped_owner, out);
    int32_t winner = rotation_winner(r, d, q, pool, &total);
    if (winner < 0) {
        set_result(out, d, HO_ROUTE_NO_ELIGIBLE_REP, rule, -1);
        return;
    }
    rotation_commit(r, d, q, pool, winner, total);
    set_result(out, d, HO_ROUTE_ROUND_ROBIN, rule, winner);
}

ho_rc
ho_route_pick(struct ho_router *r, const struct ho_defs *d, const struct ho_route_request *q,
              struct ho_route_result *out, struct ho_diag *diag)
{
    set_result(out, d, HO_ROUTE_FAILED, -1, -1);
    out->n_skipped = 0;
    ho_rc rc = check_request(d, q, diag);
    if (rc != HO_OK)
        return rc;
    pick_with_rule(r, d, q, first_rule(d, q), out);
    return HO_OK;
}

ho_rc
ho_route_pick_in_rule(struct ho_router *r, const struct ho_defs *d,
                      const struct ho_route_request *q, int32_t rule, struct ho_route_result *out,
                      struct ho_diag *diag)
{
    set_result(out, d, HO_ROUTE_FAILED, -1, -1);
    out->n_skipped = 0;
    ho_rc rc = check_request(d, q, diag);
    if (rc != HO_OK)
        return rc;
    if (rule < 0 || (size_t)rule >= d->n_routing)
        return ho_diag_set(diag, HO_EINVAL, "routing rule %d does not exist", rule + 1);
    pick_with_rule(r, d, q, rule, out);
    return HO_OK;
}
