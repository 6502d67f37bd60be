/* SPDX-License-Identifier: MIT */
/*
 * cli/cmd_report_top.c - `handoff report top`: visitors -> leads -> MQLs by
 * month, for data with anonymous traffic (events with an anonymous_id).
 */
#include <stdio.h>

#include "base/strtab.h"
#include "base/xalloc.h"
#include "cli/cli.h"
#include "cli/exitcode.h"
#include "core/funnel.h"
#include "core/top_funnel.h"
#include "report/top_funnel.h"
#include "store/store.h"

struct top_data {
    struct ho_strtab *strings;
    struct ho_visitor_row *visitors;
    struct ho_lead_row *leads;
    struct ho_journey_row *rows;
    size_t n_visitors, n_leads, n_rows;
};

static ho_rc
load_top(struct ho_cli *cli, struct top_data *t, struct ho_diag *diag)
{
    ho_rc rc = ho_store_load_visitors(cli->st, &t->visitors, &t->n_visitors, diag);
    if (rc == HO_OK)
        rc = ho_store_load_leads(cli->st, t->strings, &t->leads, &t->n_leads, diag);
    if (rc == HO_OK)
        rc = ho_store_load_journeys(cli->st, t->strings, &t->rows, &t->n_rows, diag);
    return rc;
}

int
ho_cli_report_top(struct ho_cli *cli, const struct ho_cli_report_opts *o)
{
    struct ho_diag diag = {0};
    struct top_data t = {.strings = ho_strtab_new()};
    int ex = HO_EXIT_OK;
    if (load_top(cli, &t, &diag) != HO_OK) {
        ex = ho_cli_fail(&diag);
    } else {
        struct ho_top_month *m;
        size_t n;
        ho_top_funnel(t.visitors, t.n_visitors, t.leads, t.n_leads, t.rows, t.n_rows, o->from,
                      o->to, &m, &n);
        ho_top_funnel_mark_incomplete(m, n, o->at);
        if (ho_report_top_funnel(stdout, (enum ho_format)o->fmt, m, n, &diag) != HO_OK)
            ex = ho_cli_fail(&diag);
        ho_xfree(m);
    }
    ho_xfree(t.visitors);
    ho_xfree(t.leads);
    ho_xfree(t.rows);
    ho_strtab_free(t.strings);
    return ex;
}

bool
ho_cli_has_visitors(struct ho_cli *cli)
{
    struct ho_visitor_row *v = NULL;
    size_t n = 0;
    bool any = ho_store_load_visitors(cli->st, &v, &n, NULL) == HO_OK && n > 0;
    ho_xfree(v);
    return any;
}
