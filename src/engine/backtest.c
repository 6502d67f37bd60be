/* SPDX-License-Identifier: MIT */
/*
 * engine/backtest.c - every stored lead replayed under two definitions
 * (ho_engine_replay_pairs, for `handoff backtest`).  Reads the whole log,
 * writes nothing: the derived state in the store is left as it is.
 */
#include "engine/engine.h"

#include "base/rc.h"
#include "core/model.h"
#include "core/replay.h"
#include "engine/engine_int.h"
#include "engine/lead_index.h"

ho_rc
ho_engine_replay_pairs(struct ho_engine *eng, struct ho_defs *cand, ho_engine_pair_fn fn, void *ctx,
                       struct ho_diag *diag)
{
    ho_rc rc = ho_work_load_all(eng, diag);
    if (rc != HO_OK)
        return rc;
    struct ho_model cand_model;
    ho_model_init(&cand_model, cand, &eng->log);
    struct ho_replay *cand_replay = ho_replay_new(&cand_model);
    struct ho_lead_index ix;
    ho_lead_index_build(&ix, &eng->log, &eng->model);
    for (size_t k = 0; k < ix.n_leads && rc == HO_OK; k++) {
        size_t n;
        const uint32_t *ev = ho_lead_index_events(&ix, &eng->log, k, &n);
        struct ho_lead_result active;
        struct ho_lead_result res;
        rc = ho_replay_lead(eng->replay, ix.leads[k], ev, n, INT64_MAX, false, &active, diag);
        if (rc == HO_OK)
            rc = ho_replay_lead(cand_replay, ix.leads[k], ev, n, INT64_MAX, false, &res, diag);
        if (rc == HO_OK)
            rc = fn(ctx, &active, &res, diag);
    }
    ho_lead_index_release(&ix);
    ho_replay_free(cand_replay);
    ho_model_release(&cand_model);
    return rc;
}
