/* SPDX-License-Identifier: MIT */
/*
 * core/attribution.c - touch weights per model and credit of opportunity
 * amounts to channels and campaigns.
 */
#include "core/attribution.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/timefmt.h"
#include "base/xalloc.h"
#include "core/funnel.h"
#include "core/stage.h"

/* How far the residue correction may move a weight before it is a bug. */
#define RESIDUE_MAX 1e-9

static const struct ho_attr_params params[HO_ATTR__COUNT] = {
    [HO_ATTR_FIRST] = { .name = "first", .title = "first touch", .share = { 1.0, 0, 0, 0 } },
    [HO_ATTR_LAST] = { .name = "last", .title = "last touch", .share = { 0, 0, 1.0, 0 } },
    [HO_ATTR_LINEAR] = { .name = "linear",
                         .title = "linear",
                         .rest = 1.0,
                         .rest_set = HO_REST_ALL },
    [HO_ATTR_U] = { .name = "u",
                    .title = "U-shaped",
                    .share = { 0.4, 0.4, 0, 0 },
                    .rest = 0.2,
                    .rest_set = HO_REST_BEFORE_MQL },
    [HO_ATTR_W] = { .name = "w",
                    .title = "W-shaped",
                    .share = { 0.3, 0.3, 0.3, 0 },
                    .rest = 0.1,
                    .rest_set = HO_REST_OTHERS },
    [HO_ATTR_FULL] = { .name = "full",
                       .title = "full path",
                       .share = { 0.225, 0.225, 0.225, 0.225 },
                       .rest = 0.1,
                       .rest_set = HO_REST_OTHERS,
                       .to_close = true },
    [HO_ATTR_DECAY] = { .name = "decay", .title = "time decay", .half_life_ms = 7 * HO_MS_PER_DAY },
};

const struct ho_attr_params *
ho_attr_params(enum ho_attr_model m)
{
    return (unsigned)m < HO_ATTR__COUNT ? &params[m] : NULL;
}

bool
ho_attr_model_parse(const char *name, enum ho_attr_model *out)
{
    for (int m = 0; m < HO_ATTR__COUNT; m++) {
        if (strcmp(name, params[m].name) == 0) {
            *out = (enum ho_attr_model)m;
            return true;
        }
    }
    return false;
}

/* ---- one path ---- */

/* Is touch j a milestone the model gives a share to? */
static bool
on_milestone(const struct ho_attr_params *par, const struct ho_attr_path *p, size_t j)
{
    for (int k = 0; k < HO_MS__COUNT; k++) {
        if (par->share[k] > 0 && p->ms[k] == j)
            return true;
    }
    return false;
}

static bool
in_rest(const struct ho_attr_params *par, const struct ho_attr_path *p, size_t j)
{
    switch (par->rest_set) {
    case HO_REST_NONE:
        return false;
    case HO_REST_ALL:
        return true;
    case HO_REST_BEFORE_MQL:
        return !on_milestone(par, p, j) &&
               (p->ms[HO_MS_MQL] == HO_ATTR_NONE || j < p->ms[HO_MS_MQL]);
    case HO_REST_OTHERS:
        return !on_milestone(par, p, j);
    }
    return false;
}

static ho_rc
check_path(enum ho_attr_model m, const struct ho_attr_path *p, struct ho_diag *diag)
{
    if ((unsigned)m >= HO_ATTR__COUNT)
        return ho_diag_set(diag, HO_EINVAL, "unknown attribution model %d", (int)m);
    if (p->n == 0)
        return ho_diag_set(diag, HO_EINVAL, "an attribution path needs a touch");
    if (p->ms[HO_MS_FIRST] != 0)
        return ho_diag_set(diag, HO_EINVAL, "the first touch must be touch 0");
    for (int k = 0; k < HO_MS__COUNT; k++) {
        if (p->ms[k] != HO_ATTR_NONE && p->ms[k] >= p->n)
            return ho_diag_set(diag, HO_EINVAL, "milestone %d is touch %zu of %zu", k, p->ms[k],
                               p->n);
    }
    if (m != HO_ATTR_DECAY)
        return HO_OK;
    if (p->ts == NULL)
        return ho_diag_set(diag, HO_EINVAL, "time decay needs the touch times");
    for (size_t i = 1; i < p->n; i++) {
        if (p->ts[i] < p->ts[i - 1])
            return ho_diag_set(diag, HO_EINVAL, "touch times out of order at %zu", i);
    }
    return HO_OK;
}

/* Milestone shares (missing ones and an unused rest share go to the present
 * milestones pro rata) and the rest share spread evenly over the rest set. */
static void
shares_weights(const struct ho_attr_params *par, const struct ho_attr_path *p, double *w)
{
    double present = 0;
    double missing = 0;
    size_t n_rest = 0;
    for (int k = 0; k < HO_MS__COUNT; k++) {
        if (par->share[k] <= 0)
            continue;
        if (p->ms[k] == HO_ATTR_NONE)
            missing += par->share[k];
        else
            present += par->share[k];
    }
    for (size_t j = 0; j < p->n; j++)
        n_rest += in_rest(par, p, j);
    double rest = par->rest;
    if (present <= 0) {
        rest += missing; /* no milestone to take it: the rest set does (or touch 0, below) */
        missing = 0;
    }
    double absorbed = missing + (n_rest == 0 ? rest : 0);
    double scale = present > 0 ? (present + absorbed) / present : 0;
    for (int k = 0; k < HO_MS__COUNT; k++) {
        if (par->share[k] > 0 && p->ms[k] != HO_ATTR_NONE)
            w[p->ms[k]] += par->share[k] * scale;
    }
    for (size_t j = 0; j < p->n && n_rest > 0; j++) {
        if (in_rest(par, p, j))
            w[j] += rest / (double)n_rest;
    }
    if (present <= 0 && n_rest == 0)
        w[0] = 1.0; /* nothing else can take the credit */
}

/* 2^(-age / half-life) with age measured from the newest touch: the same
 * weights as from the opportunity's creation once normalised, and never all
 * zero however old the path. */
static void
decay_weights(const struct ho_attr_params *par, const struct ho_attr_path *p, double *w)
{
    double sum = 0;
    int64_t newest = p->ts[p->n - 1];
    for (size_t j = 0; j < p->n; j++) {
        w[j] = exp2(-(double)(newest - p->ts[j]) / (double)par->half_life_ms);
        sum += w[j];
    }
    for (size_t j = 0; j < p->n; j++)
        w[j] /= sum;
}

/* Give the rounding residue to the last touch with a weight, so that the
 * weights added in index order give exactly 1.0. */
static ho_rc
settle_residue(double *w, size_t n, struct ho_diag *diag)
{
    size_t last = n;
    double before = 0;
    for (size_t j = 0; j < n; j++) {
        if (w[j] > 0)
            last = j;
    }
    if (last == n)
        return ho_diag_set(diag, HO_EINTERNAL, "a path got no weight");
    for (size_t j = 0; j < last; j++)
        before += w[j];
    double settled = 1.0 - before;
    if (fabs(settled - w[last]) > RESIDUE_MAX)
        return ho_diag_set(diag, HO_EINTERNAL, "attribution weights sum to %.17g",
                           before + w[last]);
    w[last] = settled;
    return HO_OK;
}

ho_rc
ho_attr_weights(enum ho_attr_model m, const struct ho_attr_path *p, double *w, struct ho_diag *diag)
{
    ho_rc rc = check_path(m, p, diag);
    if (rc != HO_OK)
        return rc;
    const struct ho_attr_params *par = &params[m];
    memset(w, 0, p->n * sizeof(*w));
    if (m == HO_ATTR_DECAY)
        decay_weights(par, p, w);
    else
        shares_weights(par, p, w);
    return settle_residue(w, p->n, diag);
}

/* The number of touches at or before t: ts[0..n) ascending. */
static size_t
count_upto(const int64_t *ts, size_t n, int64_t t)
{
    size_t lo = 0;
    size_t hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ts[mid] <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static size_t
latest_upto(const int64_t *ts, size_t n, int64_t t)
{
    if (t == HO_TIME_NONE)
        return HO_ATTR_NONE;
    size_t k = count_upto(ts, n, t);
    return k == 0 ? HO_ATTR_NONE : k - 1;
}

void
ho_attr_path_init(struct ho_attr_path *p, const int64_t *ts, size_t n, int64_t mql_at,
                  int64_t opp_at, int64_t won_at)
{
    p->n = n;
    p->ts = ts;
    p->opp_at = opp_at;
    p->ms[HO_MS_FIRST] = n > 0 ? 0 : HO_ATTR_NONE;
    p->ms[HO_MS_MQL] = latest_upto(ts, n, mql_at);
    p->ms[HO_MS_OPP] = latest_upto(ts, n, opp_at);
    p->ms[HO_MS_WON] = latest_upto(ts, n, won_at);
}

/* ---- credit over all opportunities ---- */

void
ho_touch_pools_release(struct ho_touch_pools *p)
{
    ho_xfree(p->touches);
    ho_xfree(p->start);
    ho_xfree(p->pool_of_lead);
    memset(p, 0, sizeof(*p));
}

/* Scratch of one computation. */
struct credit_acc {
    struct ho_attribution *out;
    size_t cap;
    uint32_t *slot_of; /* key -> row + 1 */
    int64_t *ts;       /* one path's times */
    double *w;         /* one path's weights */
    size_t path_cap;
};

static struct ho_attr_credit *
credit_row(struct credit_acc *acc, uint32_t key)
{
    struct ho_attribution *out = acc->out;
    if (!acc->slot_of[key]) {
        HO_GROW(out->rows, acc->cap, out->n + 1);
        out->rows[out->n] = (struct ho_attr_credit){ .key = key };
        acc->slot_of[key] = (uint32_t)++out->n;
    }
    return &out->rows[acc->slot_of[key] - 1];
}

/* The number of touches of t[0..n) at or before time: t is ascending. */
static size_t
touches_upto(const struct ho_touch *t, size_t n, int64_t time)
{
    size_t lo = 0;
    size_t hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t[mid].ts <= time)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The path of row's opportunity created at opp_at: the touches of its lead's
 * pool up to then, or up to `until` (the close) when it is later.  *n = 0
 * when no touch precedes the opportunity: then it is unattributed, whatever
 * the model. */
static const struct ho_touch *
path_touches(const struct ho_touch_pools *tp, const struct ho_journey_row *row, int64_t opp_at,
             int64_t until, size_t *n)
{
    *n = 0;
    uint32_t pool = row->lead < tp->n_ids ? tp->pool_of_lead[row->lead] : 0;
    if (pool == 0)
        return NULL;
    const struct ho_touch *t = tp->touches + tp->start[pool - 1];
    size_t np = tp->start[pool] - tp->start[pool - 1];
    *n = touches_upto(t, np, opp_at);
    if (*n > 0 && until > opp_at)
        *n = touches_upto(t, np, until);
    return t;
}

static void
credit_one(struct credit_acc *acc, const struct ho_touch_pools *tp,
           const struct ho_journey_row *row, int64_t opp_at)
{
    struct ho_attribution *out = acc->out;
    const struct ho_attr_params *par = &params[out->model];
    const struct ho_journey *j = &row->j;
    int64_t won = j->entered[HO_STAGE_CUSTOMER];
    bool to_close = par->to_close && won != HO_TIME_NONE;
    size_t n;
    const struct ho_touch *t = path_touches(tp, row, opp_at, to_close ? won : opp_at, &n);
    if (n == 0) {
        out->unattributed++;
        out->unattributed_amount += j->amount;
        return;
    }
    if (n > acc->path_cap) {
        acc->path_cap = n;
        acc->ts = ho_xrealloc(acc->ts, ho_size_mul(n, sizeof(*acc->ts)));
        acc->w = ho_xrealloc(acc->w, ho_size_mul(n, sizeof(*acc->w)));
    }
    for (size_t i = 0; i < n; i++)
        acc->ts[i] = t[i].ts;
    struct ho_attr_path p;
    ho_attr_path_init(&p, acc->ts, n, j->entered[HO_STAGE_MQL], opp_at,
                      to_close ? won : HO_TIME_NONE);
    /* A path built here always satisfies ho_attr_weights' contract. */
    ho_rc rc = ho_attr_weights(out->model, &p, acc->w, NULL);
    HO_ASSERT(rc == HO_OK);
    for (size_t i = 0; i < n; i++) {
        if (acc->w[i] <= 0)
            continue;
        struct ho_attr_credit *c =
            credit_row(acc, out->by == HO_ATTR_BY_CHANNEL ? t[i].channel : t[i].campaign);
        c->amount += j->amount * acc->w[i];
        c->opportunities += acc->w[i];
        c->touches++;
        out->touches++;
    }
}

static int
cmp_credit(const void *a, const void *b)
{
    const struct ho_attr_credit *x = a;
    const struct ho_attr_credit *y = b;
    if (x->amount != y->amount)
        return x->amount > y->amount ? -1 : 1;
    return (x->key > y->key) - (x->key < y->key);
}

/* When a journey's opportunity was created: its opportunity entry, else (a
 * deal won without an opportunity stage) its customer entry. */
static int64_t
created_at(const struct ho_journey *j)
{
    int64_t t = j->entered[HO_STAGE_OPPORTUNITY];
    return t != HO_TIME_NONE ? t : j->entered[HO_STAGE_CUSTOMER];
}

void
ho_attribution_compute(const struct ho_touch_pools *tp, const struct ho_journey_row *rows, size_t n,
                       enum ho_attr_model m, enum ho_attr_by by, int64_t from, int64_t to,
                       struct ho_attribution *out)
{
    memset(out, 0, sizeof(*out));
    out->model = m;
    out->by = by;
    struct credit_acc acc = { .out = out, .slot_of = ho_xcalloc(tp->n_ids + 1, sizeof(uint32_t)) };
    for (size_t i = 0; i < n; i++) {
        int64_t opp_at = created_at(&rows[i].j);
        if (!rows[i].j.has_amount || opp_at == HO_TIME_NONE || opp_at < from || opp_at >= to)
            continue;
        out->opportunities++;
        out->amount += rows[i].j.amount;
        credit_one(&acc, tp, &rows[i], opp_at);
    }
    if (out->n > 1)
        qsort(out->rows, out->n, sizeof(*out->rows), cmp_credit);
    ho_xfree(acc.slot_of);
    ho_xfree(acc.ts);
    ho_xfree(acc.w);
}

void
ho_attribution_release(struct ho_attribution *a)
{
    ho_xfree(a->rows);
    memset(a, 0, sizeof(*a));
}
