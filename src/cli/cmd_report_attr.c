/* SPDX-License-Identifier: MIT */
/*
 * cli/cmd_report_attr.c - `handoff report attribution`: opportunity amounts
 * credited to channels or campaigns from the touches before each
 * opportunity, pooled over the account's leads (DESIGN.md §5 report 8).
 */
#include <stdio.h>

#include "base/strtab.h"
#include "base/xalloc.h"
#include "cli/cli.h"
#include "cli/exitcode.h"
#include "core/attribution.h"
#include "core/dims.h"
#include "core/event.h"
#include "core/funnel.h"
#include "core/top_funnel.h"
#include "engine/engine.h"
#include "engine/touches.h"
#include "report/attribution.h"
#include "store/store.h"

int
ho_cli_report_attr_opt(int c, const char *arg, struct ho_cli_report_opts *o)
{
    enum ho_attr_model m;
    if (c != HO_OPT_MODEL || !ho_attr_model_parse(arg, &m)) {
        ho_cli_error("--model '%s': write first, last, linear, u, w, full or decay", arg);
        return HO_EXIT_USAGE;
    }
    o->attr_model = (int)m;
    o->has_attr_model = true;
    return HO_EXIT_OK;
}

struct attr_data {
    struct ho_lead_row *leads;
    struct ho_journey_row *rows;
    size_t n_leads, n_rows;
    struct ho_touch_pools tp;
};

/* Leads and journeys interned into the log's strings, then the touches. */
static ho_rc
load_attr(struct ho_cli *cli, struct attr_data *t, struct ho_diag *diag)
{
    const struct ho_eventlog *log = ho_engine_log(cli->eng);
    ho_rc rc = ho_store_load_leads(cli->st, log->strings, &t->leads, &t->n_leads, diag);
    if (rc == HO_OK)
        rc = ho_store_load_journeys(cli->st, log->strings, &t->rows, &t->n_rows, diag);
    if (rc == HO_OK)
        ho_touches_collect(log, ho_engine_model(cli->eng), t->leads, t->n_leads, &t->tp);
    return rc;
}

static int
attr_by(const struct ho_cli_report_opts *o, enum ho_attr_by *by)
{
    enum ho_dim d = (enum ho_dim)ho_cli_report_dim_of(o);
    if (d != HO_DIM_ALL && d != HO_DIM_CHANNEL && d != HO_DIM_CAMPAIGN) {
        ho_cli_error("--by: attribution credits channels or campaigns — write --by channel or "
                     "--by campaign");
        return HO_EXIT_USAGE;
    }
    *by = d == HO_DIM_CAMPAIGN ? HO_ATTR_BY_CAMPAIGN : HO_ATTR_BY_CHANNEL;
    return HO_EXIT_OK;
}

int
ho_cli_report_attribution(struct ho_cli *cli, const struct ho_cli_report_opts *o)
{
    struct ho_diag diag = { 0 };
    struct attr_data t = { 0 };
    enum ho_attr_by by;
    enum ho_attr_model model = o->has_attr_model ? (enum ho_attr_model)o->attr_model : HO_ATTR_W;
    int ex = attr_by(o, &by);
    if (ex == HO_EXIT_OK)
        ex = ho_cli_open_engine(cli);
    if (ex != HO_EXIT_OK)
        return ex;
    if (load_attr(cli, &t, &diag) != HO_OK) {
        ex = ho_cli_fail(&diag);
    } else {
        struct ho_attribution a;
        ho_attribution_compute(&t.tp, t.rows, t.n_rows, model, by, o->from, o->to, &a);
        if (ho_report_attribution(stdout, (enum ho_format)o->fmt, &a,
                                  ho_engine_log(cli->eng)->strings, &diag) != HO_OK)
            ex = ho_cli_fail(&diag);
        ho_attribution_release(&a);
    }
    ho_touch_pools_release(&t.tp);
    ho_xfree(t.leads);
    ho_xfree(t.rows);
    return ex;
}
