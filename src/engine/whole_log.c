/* SPDX-License-Identifier: MIT */
/*
 * engine/whole_log.c - passes over every stored lead that write nothing:
 * ho_engine_each_lead (calibrate) and ho_engine_replay_pairs (backtest).
 * Both read the whole log; the derived state in the store is left as it is.
 *
 * The backtest's two replays of each lead use both cores: a second thread
 * replays every other block of leads (into copies, handed over through a
 * ring of two slots) while this one replays the rest, and fn is called
 * here, in lead order, so its callers need no locking.  The log, the lead
 * index and the models are only read while the threads run.
 */
#include "engine/engine.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/rc.h"
#include "base/xalloc.h"
#include "core/model.h"
#include "core/replay.h"
#include "engine/engine_int.h"
#include "engine/lead_index.h"

ho_rc
ho_engine_each_lead(struct ho_engine *eng, ho_engine_lead_fn fn, void *ctx, struct ho_diag *diag)
{
    ho_rc rc = ho_work_load_all(eng, diag);
    if (rc != HO_OK)
        return rc;
    struct ho_lead_index ix;
    ho_lead_index_build(&ix, &eng->log, &eng->model);
    for (size_t k = 0; k < ix.n_leads && rc == HO_OK; k++) {
        size_t n;
        const uint32_t *ev = ho_lead_index_events(&ix, &eng->log, k, &n);
        rc = fn(ctx, ix.leads[k], ev, n, diag);
    }
    ho_lead_index_release(&ix);
    return rc;
}

/* ---- the backtest's pairs ---- */

#define PAIR_BLOCK 256 /* leads a block at most: the unit handed between the threads */

/* One thread's replays: the active version alone and the candidate. */
struct pair_replays {
    struct ho_replay *active, *cand;
    uint32_t *ev; /* the lead's events (ho_lead_index_events_into) */
    size_t ev_cap;
};

/* A block replayed by the second thread: the results, their journeys and
 * clocks copied out of its replays. */
struct pair_block {
    struct ho_lead_result res[2 * PAIR_BLOCK];           /* active, cand for each lead */
    size_t j_off[2 * PAIR_BLOCK], c_off[2 * PAIR_BLOCK]; /* where res[i]'s copies start */
    struct ho_journey *journeys;
    size_t n_journeys, cap_journeys;
    struct ho_sla_clock *clocks;
    size_t n_clocks, cap_clocks;
    size_t n;   /* leads in the block */
    bool ready; /* filled, not consumed yet */
    ho_rc rc;
    struct ho_diag diag;
};

struct pairs {
    const struct ho_lead_index *ix;
    const struct ho_eventlog *log;
    struct ho_model cand_model;
    const struct ho_model *active_model;
    size_t block_leads; /* PAIR_BLOCK, or less by the HO_TEST_PAIR_BLOCK test hook */
    size_t n_blocks;
    struct pair_block slot[2]; /* odd block b goes to slot[(b / 2) % 2] */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop; /* the consumer gave up: the worker ends */
};

static void
replays_init(struct pair_replays *r, struct pairs *p)
{
    memset(r, 0, sizeof(*r));
    /* Both sides judge all history by one version, so a flip is the
     * definitions' difference, not that of the timeline of activations. */
    r->active = ho_replay_new(p->active_model);
    r->cand = ho_replay_new(&p->cand_model);
}

static void
replays_release(struct pair_replays *r)
{
    ho_replay_free(r->active);
    ho_replay_free(r->cand);
    ho_xfree(r->ev);
}

/* Replay dense lead k under both versions into res[0] (active), res[1]. */
static ho_rc
replay_lead_pair(struct pairs *p, struct pair_replays *r, size_t k, struct ho_lead_result res[2],
                 struct ho_diag *diag)
{
    size_t n;
    const uint32_t *ev = ho_lead_index_events_into(p->ix, p->log, k, &r->ev, &r->ev_cap, &n);
    uint32_t lead = p->ix->leads[k];
    ho_rc rc = ho_replay_lead(r->active, lead, ev, n, INT64_MAX, false, &res[0], diag);
    return rc == HO_OK ? ho_replay_lead(r->cand, lead, ev, n, INT64_MAX, false, &res[1], diag) : rc;
}

/* Copy result i's journeys and clocks into the block: the replay reuses
 * its own at the next lead. */
static void
keep_copy(struct pair_block *b, size_t i)
{
    const struct ho_lead_result *res = &b->res[i];
    HO_GROW(b->journeys, b->cap_journeys, b->n_journeys + res->n_journeys + 1);
    HO_GROW(b->clocks, b->cap_clocks, b->n_clocks + res->n_clocks + 1);
    if (res->n_journeys) /* none: journeys may be NULL */
        memcpy(b->journeys + b->n_journeys, res->journeys,
               res->n_journeys * sizeof(*res->journeys));
    if (res->n_clocks)
        memcpy(b->clocks + b->n_clocks, res->clocks, res->n_clocks * sizeof(*res->clocks));
    b->j_off[i] = b->n_journeys;
    b->c_off[i] = b->n_clocks;
    b->n_journeys += res->n_journeys;
    b->n_clocks += res->n_clocks;
}

/* Point the results at their copies (once the arrays stopped growing). */
static void
point_into(struct pair_block *b)
{
    for (size_t i = 0; i < 2 * b->n; i++) {
        b->res[i].journeys = b->journeys + b->j_off[i];
        b->res[i].clocks = b->clocks + b->c_off[i];
    }
}

static void
fill_block(struct pairs *p, struct pair_replays *r, size_t block, struct pair_block *b)
{
    size_t first = block * p->block_leads, end = first + p->block_leads;
    if (end > p->ix->n_leads)
        end = p->ix->n_leads;
    b->n_journeys = b->n_clocks = 0;
    b->n = end - first;
    b->rc = HO_OK;
    ho_diag_clear(&b->diag);
    for (size_t k = first; k < end && b->rc == HO_OK; k++) {
        size_t i = 2 * (k - first);
        b->rc = replay_lead_pair(p, r, k, &b->res[i], &b->diag);
        if (b->rc == HO_OK) {
            keep_copy(b, i);
            keep_copy(b, i + 1);
        }
    }
    point_into(b);
}

/* The second thread: the odd blocks, in order, each into its ring slot. */
static void *
worker(void *arg)
{
    struct pairs *p = arg;
    struct pair_replays r;
    replays_init(&r, p);
    for (size_t block = 1; block < p->n_blocks; block += 2) {
        struct pair_block *b = &p->slot[(block / 2) % 2];
        pthread_mutex_lock(&p->mu);
        while (b->ready && !p->stop)
            pthread_cond_wait(&p->cv, &p->mu);
        bool stop = p->stop;
        pthread_mutex_unlock(&p->mu);
        if (stop)
            break;
        fill_block(p, &r, block, b);
        pthread_mutex_lock(&p->mu);
        b->ready = true;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
    }
    replays_release(&r);
    return NULL;
}

/* This thread's share: an even block, each lead handed to fn at once. */
static ho_rc
own_block(struct pairs *p, struct pair_replays *r, size_t block, ho_engine_pair_fn fn, void *ctx,
          struct ho_diag *diag)
{
    size_t first = block * p->block_leads, end = first + p->block_leads;
    if (end > p->ix->n_leads)
        end = p->ix->n_leads;
    ho_rc rc = HO_OK;
    for (size_t k = first; k < end && rc == HO_OK; k++) {
        struct ho_lead_result res[2];
        rc = replay_lead_pair(p, r, k, res, diag);
        if (rc == HO_OK)
            rc = fn(ctx, &res[0], &res[1], diag);
    }
    return rc;
}

/* The worker's block: wait for it, hand its leads to fn, free the slot. */
static ho_rc
their_block(struct pairs *p, size_t block, ho_engine_pair_fn fn, void *ctx, struct ho_diag *diag)
{
    struct pair_block *b = &p->slot[(block / 2) % 2];
    pthread_mutex_lock(&p->mu);
    while (!b->ready)
        pthread_cond_wait(&p->cv, &p->mu);
    pthread_mutex_unlock(&p->mu);
    ho_rc rc = b->rc;
    if (rc != HO_OK && diag)
        *diag = b->diag;
    for (size_t i = 0; i < b->n && rc == HO_OK; i++)
        rc = fn(ctx, &b->res[2 * i], &b->res[2 * i + 1], diag);
    pthread_mutex_lock(&p->mu);
    b->ready = false;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return rc;
}

static ho_rc
run_pairs(struct pairs *p, ho_engine_pair_fn fn, void *ctx, struct ho_diag *diag)
{
    pthread_t th;
    bool threaded = p->n_blocks > 1 && pthread_create(&th, NULL, worker, p) == 0;
    struct pair_replays r;
    replays_init(&r, p);
    ho_rc rc = HO_OK;
    for (size_t block = 0; block < p->n_blocks && rc == HO_OK; block++) {
        if (block % 2 == 0 || !threaded)
            rc = own_block(p, &r, block, fn, ctx, diag);
        else
            rc = their_block(p, block, fn, ctx, diag);
    }
    if (threaded) {
        pthread_mutex_lock(&p->mu);
        p->stop = true;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
        pthread_join(th, NULL);
    }
    replays_release(&r);
    return rc;
}

/* Leads a block: PAIR_BLOCK, or HO_TEST_PAIR_BLOCK (1..PAIR_BLOCK) so that
 * the tests' small fixtures run through both threads too. */
static size_t
block_leads(void)
{
    const char *t = getenv("HO_TEST_PAIR_BLOCK");
    long v = t ? strtol(t, NULL, 10) : 0;
    return v >= 1 && v <= PAIR_BLOCK ? (size_t)v : PAIR_BLOCK;
}

ho_rc
ho_engine_replay_pairs(struct ho_engine *eng, struct ho_defs *cand, ho_engine_pair_fn fn, void *ctx,
                       struct ho_diag *diag)
{
    ho_rc rc = ho_work_load_all(eng, diag);
    if (rc != HO_OK)
        return rc;
    struct pairs *p = ho_xcalloc(1, sizeof(*p));
    ho_model_init(&p->cand_model, cand, &eng->log); /* interns: before the index and the threads */
    struct ho_lead_index ix;
    ho_lead_index_build(&ix, &eng->log, &eng->model);
    p->ix = &ix;
    p->log = &eng->log;
    p->active_model = &eng->model;
    p->block_leads = block_leads();
    p->n_blocks = (ix.n_leads + p->block_leads - 1) / p->block_leads;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    rc = run_pairs(p, fn, ctx, diag);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    for (size_t i = 0; i < 2; i++) {
        ho_xfree(p->slot[i].journeys);
        ho_xfree(p->slot[i].clocks);
    }
    ho_model_release(&p->cand_model);
    ho_xfree(p);
    ho_lead_index_release(&ix);
    return rc;
}
