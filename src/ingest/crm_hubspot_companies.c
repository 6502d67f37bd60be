/* SPDX-License-Identifier: MIT */
/*
 * ingest/crm_hubspot_companies.c - a HubSpot companies export row as a
 * group event.
 *
 * One row (one company) gives a group at Create Date, id
 * hubspot-company-<Record ID>, account = Company name (what a contacts
 * export's Associated Company holds, so the two join), else the Company
 * Domain Name, with the traits name, domain, industry, employees (a
 * number, locale forms accepted), country, hubspot_company_id, and the
 * `mapping: fields:` columns; props.source = "hubspot".  Told from a
 * contacts export by its Company Domain Name (domain) column.  A row
 * without a Record ID, a Create Date, or a name or domain, or with a date
 * or employee count that does not parse, is rejected whole.
 */
#include <string.h>

#include "ingest/crm_int.h"
#include "ingest/crm_values.h"

enum c_field { C_ID, C_NAME, C_DOMAIN, C_INDUSTRY, C_EMPLOYEES, C_COUNTRY, C_CREATED };

static const struct ho_crm_column columns[] = {
    { C_ID, "recordid|hsobjectid" },
    { C_NAME, "companyname|name" },
    { C_DOMAIN, "companydomainname|domain" },
    { C_INDUSTRY, "industry" },
    { C_EMPLOYEES, "numberofemployees|numberofemployees" },
    { C_COUNTRY, "countryregion|country" },
    { C_CREATED, "createdate" },
};

static struct ho_slice
cstr(const char *s)
{
    return (struct ho_slice){ s, strlen(s) };
}

static size_t
add_kv(struct ho_draft_kv *kv, size_t n, const char *key, struct ho_slice val)
{
    if (val.len == 0)
        return n;
    kv[n].key = cstr(key);
    kv[n].val = val;
    return n + 1;
}

/* The cells a company needs, checked before anything is emitted. */
static ho_rc
check_row(struct ho_crm_row_ctx *rc, const struct ho_slice *f, char created[HO_TIME_STRLEN],
          char employees[HO_CRM_NUMBER_STRLEN], bool *has_employees, struct ho_diag *why)
{
    if (f[C_ID].len == 0)
        return ho_diag_set(why, HO_EPARSE, "column '%s': empty (every company needs its id)",
                           ho_crm_field_name(rc, C_ID, "Record ID"));
    if (f[C_NAME].len == 0 && f[C_DOMAIN].len == 0)
        return ho_diag_set(why, HO_EPARSE, "column '%s': empty, and no domain (the account)",
                           ho_crm_field_name(rc, C_NAME, "Company name"));
    ho_rc r = ho_crm_date(ho_crm_field_name(rc, C_CREATED, "Create Date"), f[C_CREATED].ptr,
                          f[C_CREATED].len, created, why);
    if (r == HO_ENOTFOUND)
        return ho_diag_set(why, HO_EPARSE, "column '%s': empty (the company needs its create date)",
                           ho_crm_field_name(rc, C_CREATED, "Create Date"));
    if (r != HO_OK)
        return r;
    r = ho_crm_number(ho_crm_field_name(rc, C_EMPLOYEES, "Number of Employees"), f[C_EMPLOYEES].ptr,
                      f[C_EMPLOYEES].len, employees, why);
    *has_employees = r == HO_OK;
    return r == HO_ENOTFOUND ? HO_OK : r;
}

static ho_rc
company_row(struct ho_crm_row_ctx *rc, const struct ho_slice *f, uint64_t line,
            struct ho_diag *diag)
{
    char created[HO_TIME_STRLEN], employees[HO_CRM_NUMBER_STRLEN];
    bool has_employees = false;
    struct ho_diag why = { 0 };
    struct ho_draft_kv traits[8 + HO_CRM_MAX_EXTRA];
    struct ho_draft_kv props[1 + HO_CRM_MAX_EXTRA];
    size_t nt = 0, np = 1;
    if (check_row(rc, f, created, employees, &has_employees, &why) != HO_OK)
        return ho_crm_reject(rc, line, &why, diag);
    props[0] = (struct ho_draft_kv){ cstr("source"), cstr("hubspot") };
    nt = add_kv(traits, nt, "name", f[C_NAME]);
    nt = add_kv(traits, nt, "domain", f[C_DOMAIN]);
    nt = add_kv(traits, nt, "industry", f[C_INDUSTRY]);
    nt = add_kv(traits, nt, "employees", has_employees ? cstr(employees) : f[C_EMPLOYEES]);
    nt = add_kv(traits, nt, "country", f[C_COUNTRY]);
    nt = add_kv(traits, nt, "hubspot_company_id", f[C_ID]);
    ho_crm_add_extras(rc, traits, &nt, sizeof(traits) / sizeof(traits[0]), props, &np,
                      sizeof(props) / sizeof(props[0]));
    struct ho_event_draft d;
    memset(&d, 0, sizeof(d));
    d.account = f[C_NAME].len ? f[C_NAME] : f[C_DOMAIN];
    d.type = cstr("group");
    d.ts = cstr(created);
    d.traits = traits;
    d.n_traits = nt;
    d.props = props;
    d.n_props = np;
    ho_buf_reset(&rc->id);
    ho_buf_adds(&rc->id, "hubspot-company-");
    ho_buf_add(&rc->id, f[C_ID].ptr, f[C_ID].len);
    d.id = (struct ho_slice){ rc->id.ptr, rc->id.len };
    return rc->cb->record(rc->cb->ctx, &d, line, diag);
}

const struct ho_crm_dialect ho_crm_hubspot_companies = {
    "HubSpot companies export", HO_CRM_HUBSPOT, columns,     sizeof(columns) / sizeof(columns[0]),
    "companydomainname|domain", C_ID,           company_row,
};
