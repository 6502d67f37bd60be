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
    struct ho_strtab *own; /* owned: the strings when the engine is not needed */
    struct ho_strtab *strings;
    struct ho_lead_row *leads;
    struct ho_journey_row *rows;
    size_t n_leads, n_rows;
    struct ho_pql_lead *pqls;
    size_t n_pqls;
};

/* The event log is read only when the definitions name PQL criteria. */
static int
open_strings(struct ho_cli *cli, struct accounts_data *t)
{
    if (cli->defs.pql.n_all == 0) {
        t->own = ho_strtab_new();
        t->strings = t->own;
        return HO_EXIT_OK;
    }
    int ex = ho_cli_open_engine(cli);
    if (ex == HO_EXIT_OK)
        t->strings = ho_engine_log(cli->eng)->strings;
    return ex;
}

static ho_rc
load_accounts(struct ho_cli *cli, struct accounts_data *t, struct ho_diag *diag)
{
    ho_rc rc = ho_store_load_leads(cli->st, t->strings, &t->leads, &t->n_leads, diag);
    if (rc == HO_OK)
        rc = ho_store_load_journeys(cli->st, t->strings, &t->rows, &t->n_rows, diag);
    if (rc == HO_OK && cli->eng != NULL)
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
    if (load_accounts(cli, &t, &diag) != HO_OK)
        ex = ho_cli_fail(&diag);
    else
        ex = render(cli, o, &t);
    ho_xfree(t.leads);
    ho_xfree(t.rows);
    ho_xfree(t.pqls);
    ho_strtab_free(t.own);
    return ex;
}
