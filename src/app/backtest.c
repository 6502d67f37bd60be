/* SPDX-License-Identifier: MIT */
/*
 * app/backtest.c - the backtest use case (app/backtest.h).
 */
#include "app/backtest.h"

#include <string.h>

#include "base/strtab.h"
#include "base/xalloc.h"
#include "core/event.h"
#include "core/replay.h"
#include "defs/defs_yaml.h"
#include "engine/engine.h"

static const struct {
    const char *name;
    enum ho_bt_by by;
} by_names[] = {
    { "channel", HO_BT_BY_CHANNEL },   { "source", HO_BT_BY_SOURCE },
    { "campaign", HO_BT_BY_CAMPAIGN }, { "segment", HO_BT_BY_SEGMENT },
    { "rep", HO_BT_BY_REP },           { "rule", HO_BT_BY_RULE },
};

bool
ho_bt_by_parse(const char *name, enum ho_bt_by *out)
{
    for (size_t i = 0; i < sizeof(by_names) / sizeof(by_names[0]); i++) {
        if (strcmp(name, by_names[i].name) == 0) {
            *out = by_names[i].by;
            return true;
        }
    }
    return false;
}

const char *
ho_bt_by_name(enum ho_bt_by by)
{
    for (size_t i = 0; i < sizeof(by_names) / sizeof(by_names[0]); i++) {
        if (by_names[i].by == by)
            return by_names[i].name;
    }
    return "";
}

const char *
ho_backtest_str(const struct ho_backtest *bt, uint32_t id)
{
    return id == 0 ? "" : ho_strtab_str(bt->strings, id);
}

struct pair_ctx {
    struct ho_backtest *bt;
    const struct ho_defs *active;
    struct ho_strtab *strings;
};

static uint32_t
group_of(const struct pair_ctx *c, const struct ho_lead_result *a, const struct ho_bt_lead *l)
{
    switch (c->bt->by) {
    case HO_BT_BY_CHANNEL:
        return a->channel;
    case HO_BT_BY_SOURCE:
        return a->source;
    case HO_BT_BY_CAMPAIGN:
        return a->campaign;
    case HO_BT_BY_SEGMENT:
        return a->employees;
    case HO_BT_BY_REP:
        return l->cand_mql != HO_TIME_NONE ? l->cand_rep : l->active_rep;
    case HO_BT_BY_RULE:
        return l->responsible ? ho_strtab_intern(c->strings, l->responsible, strlen(l->responsible))
                              : 0;
    case HO_BT_BY_NONE:
    default:
        return 0;
    }
}

static ho_rc
take_pair(void *ctx, const struct ho_lead_result *active, const struct ho_lead_result *cand,
          struct ho_diag *diag)
{
    (void)diag;
    struct pair_ctx *c = ctx;
    struct ho_backtest *bt = c->bt;
    HO_GROW(bt->leads, bt->cap, bt->n_leads + 1);
    struct ho_bt_lead *l = &bt->leads[bt->n_leads++];
    ho_bt_lead_from(c->active, &bt->cand, active, cand, l);
    l->group = group_of(c, active, l);
    return HO_OK;
}

ho_rc
ho_app_backtest(struct ho_app *app, const char *text, size_t len, const char *name,
                enum ho_bt_by by, int64_t from_month, int64_t to_month, struct ho_backtest *out,
                struct ho_buf *errors, struct ho_diag *diag)
{
    memset(out, 0, sizeof(*out));
    out->by = by;
    out->active_set = app->defs.stage_set;
    ho_rc rc = ho_defs_load_yaml(text, len, name, &out->cand, errors, diag);
    if (rc != HO_OK)
        return rc;
    out->have_cand = true;
    size_t unknown = ho_defs_check_fields(&out->cand, name, errors);
    if (unknown > 0)
        return ho_diag_set(diag, HO_EPARSE, "%zu unknown field name%s in %s", unknown,
                           unknown == 1 ? "" : "s", name);
    rc = ho_app_open_engine(app, errors, diag);
    if (rc != HO_OK)
        return rc;
    const struct ho_eventlog *log = ho_engine_log(app->eng);
    struct pair_ctx ctx = { .bt = out, .active = &app->defs, .strings = log->strings };
    rc = ho_engine_replay_pairs(app->eng, &out->cand, take_pair, &ctx, diag);
    if (rc != HO_OK)
        return rc;
    out->strings = log->strings;
    ho_bt_compute(out->leads, out->n_leads, from_month, to_month, &out->report);
    return HO_OK;
}

void
ho_backtest_release(struct ho_backtest *bt)
{
    if (!bt)
        return;
    ho_bt_report_release(&bt->report);
    ho_xfree(bt->leads);
    if (bt->have_cand)
        ho_defs_release(&bt->cand);
    memset(bt, 0, sizeof(*bt));
}
