/* SPDX-License-Identifier: MIT */
/*
 * ingest/crm_salesforce.c - Salesforce Leads, Contacts and Opportunities
 * report or Data Export rows as events (labels or API names).
 *
 * A lead or contact gives an identify at Create Date (CreatedDate), lead =
 * Email (else "salesforce-<Id>"), account = Company / Account, channel =
 * Lead Source mapped; and, when Converted Date is filled (and Converted is
 * not false), sales_qualify at that date: a converted lead is qualified.
 * Ids: salesforce-<Id>-identify, salesforce-<Id>-sql.  The definitions'
 * mapping (crm.h): `sources:` before the built-in Lead Source table,
 * `fields:` onto the identify, `status:` the Lead Status's sales event at
 * Last Modified Date (else Create Date), id salesforce-<Id>-status-<event>.
 *
 * An opportunity gives opportunity_created at its Created Date and, when
 * closed, opportunity_won or opportunity_lost at its Close Date (by the
 * Won / Closed flags when the export has them, else by the stage names
 * Closed Won / Closed Lost), with props.amount (locale forms accepted),
 * props.opportunity and props.stage.  The lead is Contact Email when the
 * report has one; the account is Account Name.  Ids:
 * salesforce-<Id>-created, salesforce-<Id>-closed.
 */
#include <string.h>

#include "ingest/crm_int.h"
#include "ingest/crm_values.h"

enum p_field {
    P_ID,
    P_EMAIL,
    P_FIRST,
    P_LAST,
    P_TITLE,
    P_COMPANY,
    P_SOURCE,
    P_STATUS,
    P_RATING,
    P_OWNER,
    P_CREATED,
    P_CONVERTED,
    P_CONV_DATE,
    P_REVENUE,
    P_EMPLOYEES,
    P_INDUSTRY,
    P_COUNTRY,
    P_MODIFIED
};

static const struct ho_crm_column people_cols[] = {
    { P_ID, "leadid|contactid|id" },
    { P_EMAIL, "email" },
    { P_FIRST, "firstname" },
    { P_LAST, "lastname" },
    { P_TITLE, "title" },
    { P_COMPANY, "companyaccount|company|accountname" },
    { P_SOURCE, "leadsource" },
    { P_STATUS, "leadstatus|status" },
    { P_RATING, "rating" },
    { P_OWNER, "leadowner|contactowner|ownerid" },
    { P_CREATED, "createdate|createddate" },
    { P_CONVERTED, "converted|isconverted" },
    { P_CONV_DATE, "converteddate" },
    { P_REVENUE, "annualrevenue" },
    { P_EMPLOYEES, "noofemployees|numberofemployees" },
    { P_INDUSTRY, "industry" },
    { P_COUNTRY, "country" },
    { P_MODIFIED, "lastmodifieddate" },
};

enum o_field {
    O_ID,
    O_NAME,
    O_ACCOUNT,
    O_STAGE,
    O_AMOUNT,
    O_CLOSE,
    O_CREATED,
    O_SOURCE,
    O_WON,
    O_CLOSED,
    O_CONTACT
};

static const struct ho_crm_column opp_cols[] = {
    { O_ID, "opportunityid|id" },
    { O_NAME, "opportunityname|name" },
    { O_ACCOUNT, "accountname|account|accountid" },
    { O_STAGE, "stage|stagename" },
    { O_AMOUNT, "amount" },
    { O_CLOSE, "closedate" },
    { O_CREATED, "createddate|createdate" },
    { O_SOURCE, "leadsource" },
    { O_WON, "won|iswon" },
    { O_CLOSED, "closed|isclosed" },
    { O_CONTACT, "contactemail|email" },
};

/* Default Lead Source values (ecosystem.md 3.2) to channels. */
static const struct ho_crm_value_map sources[] = {
    { "web", "website" },
    { "advertisement", "paid_search" },
    { "employeereferral|externalreferral|wordofmouth", "referral" },
    { "partner|partnerreferral", "partner" },
    { "seminarinternal|seminarpartner|tradeshow", "event" },
    { "purchasedlist", "outbound" },
    { "phoneinquiry", "direct" },
    { "publicrelations|other", "other" },
};
#define N_SOURCES (sizeof(sources) / sizeof(sources[0]))

static struct ho_slice
cstr(const char *s)
{
    return (struct ho_slice){ s, strlen(s) };
}

static bool
is_false(struct ho_slice v)
{
    return ho_crm_name_is(v.ptr, v.len, "false|0|no");
}

static bool
is_true(struct ho_slice v)
{
    return ho_crm_name_is(v.ptr, v.len, "true|1|yes");
}

/* A required date: absent is an error too. */
static ho_rc
need_date(struct ho_crm_row_ctx *rc, int field, const char *label, struct ho_slice cell,
          char out[HO_TIME_STRLEN], struct ho_diag *why)
{
    ho_rc r = ho_crm_date(ho_crm_field_name(rc, field, label), cell.ptr, cell.len, out, why);
    if (r == HO_ENOTFOUND)
        return ho_diag_set(why, HO_EPARSE, "column '%s': empty (the record needs it)",
                           ho_crm_field_name(rc, field, label));
    return r;
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

/* The numbers of a person row, canonical. */
struct p_numbers {
    char revenue[HO_CRM_NUMBER_STRLEN], employees[HO_CRM_NUMBER_STRLEN];
    bool has_revenue, has_employees;
};

static ho_rc
person_numbers(struct ho_crm_row_ctx *rc, const struct ho_slice *f, struct p_numbers *n,
               struct ho_diag *why)
{
    ho_rc r = ho_crm_number(ho_crm_field_name(rc, P_REVENUE, "Annual Revenue"), f[P_REVENUE].ptr,
                            f[P_REVENUE].len, n->revenue, why);
    if (r != HO_OK && r != HO_ENOTFOUND)
        return r;
    n->has_revenue = r == HO_OK;
    r = ho_crm_number(ho_crm_field_name(rc, P_EMPLOYEES, "No. of Employees"), f[P_EMPLOYEES].ptr,
                      f[P_EMPLOYEES].len, n->employees, why);
    if (r != HO_OK && r != HO_ENOTFOUND)
        return r;
    n->has_employees = r == HO_OK;
    return HO_OK;
}

static size_t
person_traits(const struct ho_slice *f, const struct p_numbers *num, struct ho_slice channel,
              struct ho_draft_kv *kv)
{
    size_t n = 0;
    n = add_kv(kv, n, "email", f[P_EMAIL]);
    n = add_kv(kv, n, "first_name", f[P_FIRST]);
    n = add_kv(kv, n, "last_name", f[P_LAST]);
    n = add_kv(kv, n, "title", f[P_TITLE]);
    n = add_kv(kv, n, "country", f[P_COUNTRY]);
    n = add_kv(kv, n, "industry", f[P_INDUSTRY]);
    n = add_kv(kv, n, "owner", f[P_OWNER]);
    n = add_kv(kv, n, "lead_status", f[P_STATUS]);
    n = add_kv(kv, n, "rating", f[P_RATING]);
    n = add_kv(kv, n, "source", channel);
    n = add_kv(kv, n, "annual_revenue",
               num->has_revenue ? cstr(num->revenue) : (struct ho_slice){ 0 });
    n = add_kv(kv, n, "employees",
               num->has_employees ? cstr(num->employees) : (struct ho_slice){ 0 });
    n = add_kv(kv, n, "salesforce_id", f[P_ID]);
    return n;
}

/* The definitions' `mapping: sources:` first, then the built-in table. */
static struct ho_slice
channel_of(struct ho_crm_row_ctx *rc, struct ho_slice src)
{
    const char *to = ho_crm_user_source(rc, src);
    if (to == NULL && src.len)
        to = ho_crm_map_value(sources, N_SOURCES, src.ptr, src.len);
    return to ? cstr(to) : src;
}

/* Last Modified Date into out, else the create date (a status's date). */
static ho_rc
modified_date(struct ho_crm_row_ctx *rc, const struct ho_slice *f, const char *created,
              char out[HO_TIME_STRLEN], struct ho_diag *why)
{
    ho_rc r = ho_crm_date(ho_crm_field_name(rc, P_MODIFIED, "Last Modified Date"),
                          f[P_MODIFIED].ptr, f[P_MODIFIED].len, out, why);
    if (r == HO_ENOTFOUND) {
        memcpy(out, created, HO_TIME_STRLEN);
        return HO_OK;
    }
    return r;
}

static ho_rc
person_row(struct ho_crm_row_ctx *rc, const struct ho_slice *f, uint64_t line, struct ho_diag *diag)
{
    char created[HO_TIME_STRLEN], converted[HO_TIME_STRLEN], modified[HO_TIME_STRLEN];
    struct p_numbers num;
    struct ho_diag why = { 0 };
    struct ho_draft_kv traits[16 + HO_CRM_MAX_EXTRA];
    struct ho_draft_kv props[1 + HO_CRM_MAX_EXTRA];
    size_t n_props = 1;
    props[0] = (struct ho_draft_kv){ cstr("source"), cstr("salesforce") };
    if (f[P_ID].len == 0) {
        (void)ho_diag_set(&why, HO_EPARSE, "column '%s': empty (every record needs its id)",
                          ho_crm_field_name(rc, P_ID, "Lead ID"));
        return ho_crm_reject(rc, line, &why, diag);
    }
    ho_rc r = need_date(rc, P_CREATED, "Create Date", f[P_CREATED], created, &why);
    if (r == HO_OK)
        r = ho_crm_date(ho_crm_field_name(rc, P_CONV_DATE, "Converted Date"), f[P_CONV_DATE].ptr,
                        f[P_CONV_DATE].len, converted, &why);
    bool has_conv = r == HO_OK && !is_false(f[P_CONVERTED]);
    if (r == HO_ENOTFOUND)
        r = HO_OK;
    if (r == HO_OK)
        r = modified_date(rc, f, created, modified, &why);
    if (r == HO_OK)
        r = person_numbers(rc, f, &num, &why);
    if (r != HO_OK)
        return ho_crm_reject(rc, line, &why, diag);
    struct ho_buf lead;
    struct ho_event_draft d;
    memset(&d, 0, sizeof(d));
    ho_buf_init(&lead);
    if (f[P_EMAIL].len) {
        d.lead = f[P_EMAIL];
    } else {
        ho_buf_adds(&lead, "salesforce-");
        ho_buf_add(&lead, f[P_ID].ptr, f[P_ID].len);
        d.lead = (struct ho_slice){ lead.ptr, lead.len };
    }
    d.account = f[P_COMPANY];
    d.channel = channel_of(rc, f[P_SOURCE]);
    d.props = props;
    d.n_props = 1;
    d.type = cstr("identify");
    d.ts = cstr(created);
    d.traits = traits;
    d.n_traits = person_traits(f, &num, d.channel, traits);
    ho_crm_add_extras(rc, traits, &d.n_traits, sizeof(traits) / sizeof(traits[0]), props, &n_props,
                      sizeof(props) / sizeof(props[0]));
    d.n_props = n_props;
    ho_crm_set_id(rc, "salesforce", &d, f[P_ID], "identify");
    r = rc->cb->record(rc->cb->ctx, &d, line, diag);
    d.n_props = 1; /* the fields' props go on the identify only */
    if (r == HO_OK && has_conv) {
        d.traits = NULL;
        d.n_traits = 0;
        d.type = cstr("sales_qualify");
        d.ts = cstr(converted);
        ho_crm_set_id(rc, "salesforce", &d, f[P_ID], "sql");
        r = rc->cb->record(rc->cb->ctx, &d, line, diag);
    }
    if (r == HO_OK)
        r = ho_crm_emit_status(
            rc, &d, &(struct ho_crm_status_at){ f[P_STATUS], f[P_ID], modified, "salesforce" },
            line, diag);
    ho_buf_release(&lead);
    return r;
}

/* Won, lost, or still open (NULL). */
static const char *
close_type(const struct ho_slice *f)
{
    if (f[O_WON].len && is_true(f[O_WON]))
        return "opportunity_won";
    if (f[O_CLOSED].len && is_true(f[O_CLOSED]))
        return "opportunity_lost";
    if (f[O_WON].len || f[O_CLOSED].len)
        return NULL;
    if (ho_crm_name_is(f[O_STAGE].ptr, f[O_STAGE].len, "closedwon"))
        return "opportunity_won";
    if (ho_crm_name_is(f[O_STAGE].ptr, f[O_STAGE].len, "closedlost"))
        return "opportunity_lost";
    return NULL;
}

static ho_rc
opp_row(struct ho_crm_row_ctx *rc, const struct ho_slice *f, uint64_t line, struct ho_diag *diag)
{
    char created[HO_TIME_STRLEN], closed[HO_TIME_STRLEN], amount[HO_CRM_NUMBER_STRLEN];
    struct ho_diag why = { 0 };
    struct ho_draft_kv props[4];
    const char *close = close_type(f);
    if (f[O_ID].len == 0) {
        (void)ho_diag_set(&why, HO_EPARSE, "column '%s': empty (every record needs its id)",
                          ho_crm_field_name(rc, O_ID, "Opportunity ID"));
        return ho_crm_reject(rc, line, &why, diag);
    }
    ho_rc r = need_date(rc, O_CREATED, "Created Date", f[O_CREATED], created, &why);
    if (r == HO_OK && close)
        r = need_date(rc, O_CLOSE, "Close Date", f[O_CLOSE], closed, &why);
    ho_rc ra = r == HO_OK ? ho_crm_number(ho_crm_field_name(rc, O_AMOUNT, "Amount"),
                                          f[O_AMOUNT].ptr, f[O_AMOUNT].len, amount, &why)
                          : r;
    if (r == HO_OK && ra != HO_OK && ra != HO_ENOTFOUND)
        r = ra;
    if (r == HO_OK && f[O_ACCOUNT].len == 0 && f[O_CONTACT].len == 0)
        r = ho_diag_set(&why, HO_EPARSE,
                        "column '%s': empty (the opportunity needs an account "
                        "or a contact)",
                        ho_crm_field_name(rc, O_ACCOUNT, "Account Name"));
    if (r != HO_OK)
        return ho_crm_reject(rc, line, &why, diag);
    size_t n = 0;
    n = add_kv(props, n, "source", cstr("salesforce"));
    n = add_kv(props, n, "amount", ra == HO_OK ? cstr(amount) : (struct ho_slice){ 0 });
    n = add_kv(props, n, "opportunity", f[O_NAME].len ? f[O_NAME] : f[O_ID]);
    n = add_kv(props, n, "stage", f[O_STAGE]);
    struct ho_event_draft d;
    memset(&d, 0, sizeof(d));
    d.lead = f[O_CONTACT];
    d.account = f[O_ACCOUNT];
    d.channel = channel_of(rc, f[O_SOURCE]);
    d.props = props;
    d.n_props = n;
    d.type = cstr("opportunity_created");
    d.ts = cstr(created);
    ho_crm_set_id(rc, "salesforce", &d, f[O_ID], "created");
    r = rc->cb->record(rc->cb->ctx, &d, line, diag);
    if (r == HO_OK && close) {
        d.type = cstr(close);
        d.ts = cstr(closed);
        ho_crm_set_id(rc, "salesforce", &d, f[O_ID], "closed");
        r = rc->cb->record(rc->cb->ctx, &d, line, diag);
    }
    return r;
}

const struct ho_crm_dialect ho_crm_salesforce_people = {
    "Salesforce Leads/Contacts export",
    HO_CRM_SALESFORCE,
    people_cols,
    sizeof(people_cols) / sizeof(people_cols[0]),
    "leadid|contactid|isconverted|leadsource",
    P_ID,
    person_row,
};

const struct ho_crm_dialect ho_crm_salesforce_opps = {
    "Salesforce Opportunities export",
    HO_CRM_SALESFORCE,
    opp_cols,
    sizeof(opp_cols) / sizeof(opp_cols[0]),
    "opportunityid|stagename|stage",
    O_ID,
    opp_row,
};
