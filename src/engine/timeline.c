/* SPDX-License-Identifier: MIT */
/*
 * engine/timeline.c - the engine's versions in force over time (issue 14):
 * one model per earlier version, bound to the engine's log, and a replay
 * that judges each event by the version in force at its time.
 */
#include <stdint.h>

#include "base/xalloc.h"
#include "core/replay.h"
#include "core/timeline.h"
#include "engine/engine_int.h"

void
ho_engine_timeline_release(struct ho_engine *eng)
{
    for (size_t k = 0; k + 1 < eng->n_steps; k++)
        ho_model_release(&eng->past_models[k]);
    ho_xfree(eng->past_models);
    ho_xfree(eng->steps);
    eng->past_models = NULL;
    eng->steps = NULL;
    eng->n_steps = 0;
}

void
ho_engine_set_timeline(struct ho_engine *eng, const struct ho_engine_version *past, size_t n,
                       int64_t active_from)
{
    ho_replay_free(eng->replay);
    ho_engine_timeline_release(eng);
    eng->past_models = n ? ho_xcalloc(n, sizeof(*eng->past_models)) : NULL;
    eng->steps = ho_xcalloc(n + 1, sizeof(*eng->steps));
    eng->n_steps = n + 1;
    for (size_t k = 0; k < n; k++) {
        ho_model_init(&eng->past_models[k], past[k].defs, &eng->log);
        eng->steps[k] =
            (struct ho_timeline_step){ past[k].from, past[k].number, &eng->past_models[k] };
    }
    eng->steps[n] = (struct ho_timeline_step){ active_from, eng->defs_id, &eng->model };
    eng->replay = ho_replay_new_timeline(eng->steps, eng->n_steps);
}

const struct ho_model *
ho_engine_explained_model(const struct ho_engine *eng)
{
    return ho_replay_model(eng->replay);
}
