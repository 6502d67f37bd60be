/* SPDX-License-Identifier: MIT */
/*
 * report/accounts.h - render the buying-group view and the PQLs (DESIGN.md
 * §5 report 9) as a table, JSON or CSV.  Figures come from core/accounts.h
 * and core/pql.h; PQLs are shown in a section of their own, never mixed
 * with MQL figures.
 */
#ifndef HO_REPORT_ACCOUNTS_H
#define HO_REPORT_ACCOUNTS_H

#include <stddef.h>
#include <stdio.h>

#include "base/rc.h"
#include "report/report.h"

struct ho_accounts;
struct ho_accounts_def;
struct ho_pql_def;
struct ho_pql_lead;
struct ho_pql_summary;
struct ho_strtab;

struct ho_accounts_view {
    const struct ho_accounts *acc;
    const struct ho_accounts_def *def;
    const struct ho_pql_def *pql; /* n_all == 0: no PQL criteria defined */
    const struct ho_pql_summary *pql_sum;
    const struct ho_pql_lead *pql_leads; /* n_pql of them */
    size_t n_pql;
    const struct ho_strtab *strings; /* names of account and lead ids */
    size_t table_rows;               /* accounts listed in the table (JSON, CSV: all) */
};

/*
 * Table: the parameters, the account->SQL rate, the first table_rows
 * accounts, then the PQL section.  JSON: {"as_of", "params", "accounts",
 * "qualified", "account_sql", "all_accounts_sql", "rows": [...], "pql":
 * {...}}.  CSV: section,key,value,contacts,engaged,behavior,best_fit,score,
 * qualified,reached_sql,num,den,pct with "param", "count", "rate", "account"
 * and "pql" rows.
 */
HO_MUST_CHECK ho_rc ho_report_accounts(FILE *out, enum ho_format fmt,
                                       const struct ho_accounts_view *v, struct ho_diag *diag);

#endif /* HO_REPORT_ACCOUNTS_H */
