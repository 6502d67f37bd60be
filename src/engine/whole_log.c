/* SPDX-License-Identifier: MIT */
/*
 * engine/whole_log.c - passes over every stored lead that write nothing:
 * ho_engine_each_lead (calibrate) and ho_engine_replay_pairs (backtest).
 * Both read the whole log; the derived state in the store is left as it is.
 */
#include "engine/engine.h"

#include "base/rc.h"
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

struct pairs {
    struct ho_replay *active_replay; /* the active version alone, over all history */
    struct ho_replay *cand_replay;
    ho_engine_pair_fn fn;
    void *ctx;
};

static ho_rc
replay_pair(void *ctx, uint32_t lead, const uint32_t *ev, size_t n, struct ho_diag *diag)
{
    struct pairs *p = ctx;
    struct ho_lead_result active;
    struct ho_lead_result cand;
    ho_rc rc = ho_replay_lead(p->active_replay, lead, ev, n, INT64_MAX, false, &active, diag);
    if (rc == HO_OK)
        rc = ho_replay_lead(p->cand_replay, lead, ev, n, INT64_MAX, false, &cand, diag);
    return rc == HO_OK ? p->fn(p->ctx, &active, &cand, diag) : rc;
}

ho_rc
ho_engine_replay_pairs(struct ho_engine *eng, struct ho_defs *cand, ho_engine_pair_fn fn, void *ctx,
                       struct ho_diag *diag)
{
    struct ho_model cand_model;
    ho_model_init(&cand_model, cand, &eng->log);
    /* Both sides judge all history by one version, so a flip is the
     * definitions' difference, not that of the timeline of activations. */
    struct pairs p = { .active_replay = ho_replay_new(&eng->model),
                       .cand_replay = ho_replay_new(&cand_model),
                       .fn = fn,
                       .ctx = ctx };
    ho_rc rc = ho_engine_each_lead(eng, replay_pair, &p, diag);
    ho_replay_free(p.active_replay);
    ho_replay_free(p.cand_replay);
    ho_model_release(&cand_model);
    return rc;
}
