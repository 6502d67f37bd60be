/* SPDX-License-Identifier: MIT */
/*
 * cli/cmd_report_accounts.c - `handoff report accounts`: the buying-group
 * view (engaged contacts, account score, account-qualified, account->SQL)
 * and the product-qualified leads with their PQL->SQL rate, apart from MQLs
 * (DESIGN.md §5 report 9).
 */
#include <stdio.h>

#include "base/strtab.h"
#include "base/xalloc.h"
#include "cli/cli.h"
#include "cli/exitcode.h"
#include "core/accounts.h"
#include "core/event.h"
#include "core/funnel.h"
#include "core/pql.h"
#include "core/top_funnel.h"
#include "engine/engine.h"
#include "engine/pql_scan.h"
#include "report/accounts.h"
#include "store/store.h"

/* Accounts listed in the terminal table; JSON and CSV list them all. */
#define TABLE_ROWS 25

struct accounts_data {
    struct ho_strtab *strings; /* the engine's */
    struct ho_lead_row *leads;
    struct ho_journey_row *rows;
    size_t n_leads, n_rows;
    struct ho_pql_lead *pqls;
    size_t n_pqls;
};

/* The event log is read for the leads' scores at the as-of time (and the
 * PQL criteria). */
static int
open_strings(struct ho_cli *cli, struct accounts_data *t)
{
    int ex = ho_cli_open_engine(cli);
    if (ex == HO_EXIT_OK)
        t->strings = ho_engine_log(cli->eng)->strings;
    return ex;
}

/* Replace each stored lead's fit, behaviour and latest behaviour (as of its
 * own last event) by its replay at `at`, decayed to it. */
static ho_rc
score_leads_at(struct ho_cli *cli, struct accounts_data *t, int64_t at, struct ho_diag *diag)
{
    struct ho_lead_score *scores = NULL;
    size_t n = 0;
    ho_rc rc = ho_engine_scores_at(cli->eng, at, &scores, &n, diag);
    if (rc != HO_OK)
        return rc;
    uint32_t max = 0;
    for (size_t i = 0; i < t->n_leads; i++)
        max = t->leads[i].lead > max ? t->leads[i].lead : max;
    size_t *slot = ho_xcalloc((size_t)max + 1, sizeof(*slot)); /* lead id -> score index + 1 */
    for (size_t k = 0; k < n; k++) {
        if (scores[k].lead <= max)
            slot[scores[k].lead] = k + 1;
    }
    for (size_t i = 0; i < t->n_leads; i++) {
        struct ho_lead_row *l = &t->leads[i];
        const struct ho_lead_score *s = slot[l->lead] ? &scores[slot[l->lead] - 1] : NULL;
        l->fit = s ? s->fit : 0;
        l->behavior = s ? s->behavior : 0;
        l->last_behavior = s ? s->last_behavior : HO_TIME_NONE;
    }
    ho_xfree(slot);
    ho_xfree(scores);
    return HO_OK;
}

static ho_rc
load_accounts(struct ho_cli *cli, struct accounts_data *t, int64_t at, struct ho_diag *diag)
{
    ho_rc rc = ho_store_load_leads(cli->st, t->strings, &t->leads, &t->n_leads, diag);
    if (rc == HO_OK)
        rc = ho_store_load_journeys(cli->st, t->strings, &t->rows, &t->n_rows, diag);
    if (rc == HO_OK)
        rc = score_leads_at(cli, t, at, diag);
    if (rc == HO_OK && cli->defs.pql.n_all > 0)
        ho_pql_scan(ho_engine_log(cli->eng), ho_engine_model(cli->eng), &t->pqls, &t->n_pqls);
    return rc;
}

static int
render(struct ho_cli *cli, const struct ho_cli_report_opts *o, const struct accounts_data *t)
{
    struct ho_diag diag = { 0 };
    struct ho_accounts acc;
    struct ho_pql_summary sum;
    int ex = HO_EXIT_OK;
    ho_accounts_compute(&cli->defs.accounts, t->leads, t->n_leads, t->rows, t->n_rows, o->at,
                        &acc);
    ho_pql_summarize(t->pqls, t->n_pqls, t->rows, t->n_rows, &sum);
    struct ho_accounts_view v = { .acc = &acc,
                                  .def = &cli->defs.accounts,
                                  .pql = &cli->defs.pql,
                                  .pql_sum = &sum,
                                  .pql_leads = t->pqls,
                                  .n_pql = t->n_pqls,
                                  .strings = t->strings,
                                  .table_rows = TABLE_ROWS };
    if (ho_report_accounts(stdout, (enum ho_format)o->fmt, &v, &diag) != HO_OK)
        ex = ho_cli_fail(&diag);
    ho_accounts_release(&acc);
    return ex;
}

int
ho_cli_report_accounts(struct ho_cli *cli, const struct ho_cli_report_opts *o)
{
    struct ho_diag diag = { 0 };
    struct accounts_data t = { 0 };
    int ex = open_strings(cli, &t);
    if (ex != HO_EXIT_OK)
        return ex;
    if (load_accounts(cli, &t, o->at, &diag) != HO_OK)
        ex = ho_cli_fail(&diag);
    else
        ex = render(cli, o, &t);
    ho_xfree(t.leads);
    ho_xfree(t.rows);
    ho_xfree(t.pqls);
    return ex;
}
