/* SPDX-License-Identifier: MIT */
/*
 * demo/demo_gen.c - ho_demo_generate(): validate options, run the passes
 * (plan, calibrate, emit, write) and fill the stats.
 */
#include "demo/demo_gen.h"

#include <string.h>

#include "base/timefmt.h"
#include "base/xalloc.h"
#include "demo/demo_int.h"

void
ho_demo_opts_default(struct ho_demo_opts *o)
{
    int64_t start = 0;
    ho_rc rc = ho_time_parse(HO_DEMO_DEFAULT_START, strlen(HO_DEMO_DEFAULT_START), &start, NULL);
    HO_ASSERT(rc == HO_OK);
    memset(o, 0, sizeof(*o));
    o->seed = HO_DEMO_DEFAULT_SEED;
    o->leads = HO_DEMO_DEFAULT_LEADS;
    o->start_ms = start;
    o->months = HO_DEMO_DEFAULT_MONTHS;
    o->events_per_lead_scale = 1.0;
}

static ho_rc
check_opts(const struct ho_demo_opts *o, struct ho_diag *diag)
{
    /* 1970..9000: far from both ends of what timefmt formats. */
    const int64_t max_start = ho_days_from_civil(9000, 1, 1) * HO_MS_PER_DAY;
    if (o->leads == 0 || o->leads > HO_DEMO_MAX_LEADS)
        return ho_diag_set(diag, HO_EINVAL, "leads must be between 1 and %u, not %u",
                           HO_DEMO_MAX_LEADS, o->leads);
    if (o->months == 0 || o->months > HO_DEMO_MAX_MONTHS)
        return ho_diag_set(diag, HO_EINVAL, "months must be between 1 and %u, not %u",
                           HO_DEMO_MAX_MONTHS, o->months);
    if (!(o->events_per_lead_scale > 0 && o->events_per_lead_scale <= HO_DEMO_MAX_SCALE))
        return ho_diag_set(diag, HO_EINVAL, "scale must be in (0, %g], not %g", HO_DEMO_MAX_SCALE,
                           o->events_per_lead_scale);
    if (o->start_ms < 0 || o->start_ms > max_start)
        return ho_diag_set(diag, HO_EINVAL, "start must be between 1970 and 9000");
    return HO_OK;
}

ho_rc
ho_demo_generate(const struct ho_demo_opts *o, FILE *jsonl_out, FILE *csv_out,
                 struct ho_demo_stats *stats, struct ho_diag *diag)
{
    struct ho_demo_world w;
    struct ho_demo_sink sink;
    ho_rc rc;

    memset(stats, 0, sizeof(*stats));
    if (o == NULL || jsonl_out == NULL)
        return ho_diag_set(diag, HO_EINVAL, "options and a JSON Lines stream are required");
    rc = check_opts(o, diag);
    if (rc != HO_OK)
        return rc;

    memset(&w, 0, sizeof(w));
    w.opts = *o;
    ho_demo_plan(&w);

    memset(&sink, 0, sizeof(sink));
    sink.w = &w;
    sink.stats = stats;
    /* ~30 events per lead at scale 1: one allocation in the common case. */
    HO_GROW(sink.ev, sink.cap, ho_size_mul((size_t)w.n_leads, 30));
    for (uint32_t i = 0; i < w.n_leads; i++)
        ho_demo_emit_lead(&sink, i);

    rc = ho_demo_write(&sink, jsonl_out, csv_out, diag);
    stats->leads = w.n_leads;
    stats->accounts = w.n_accounts;
    stats->events = sink.n;
    if (sink.n > 0) {
        stats->first_ts = sink.ev[0].ts;
        stats->last_ts = sink.ev[sink.n - 1].ts;
    }
    ho_xfree(sink.ev);
    ho_demo_world_release(&w);
    return rc;
}
