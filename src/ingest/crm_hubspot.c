/* SPDX-License-Identifier: MIT */
/*
 * ingest/crm_hubspot.c - a HubSpot contacts export row as events.
 *
 * One row (one contact) gives:
 *   - identify at Create Date (id hubspot-<Record ID>-identify), lead =
 *     Email (else "hubspot-<Record ID>"), account = Associated Company,
 *     channel = Original Source mapped (ecosystem.md 6.2), traits: email,
 *     first_name, last_name, title, country, owner, lifecycle_stage
 *     (internal value), lead_status, source, hubspot_score, hubspot_id;
 *   - for each lifecycle date column that is filled, the event that puts a
 *     lead in that stage (DESIGN.md 2 and 3), at that date, with the same
 *     lead and channel, id hubspot-<Record ID>-<stage>:
 *       Became a Marketing Qualified Lead Date  crm_mql (no standard event
 *           makes an MQL: the MQL definition does; a rule on crm_mql in
 *           stages.mql.or_any makes HubSpot's MQL date count, README)
 *       Became a Sales Qualified Lead Date      sales_qualify
 *       Became an Opportunity Date              opportunity_created
 *       Became a Customer Date                  opportunity_won
 *     Became a Lead Date gives nothing: the identify makes the lead.
 * The definitions' mapping (crm.h) comes first: `sources:` for the
 * channel, `lifecycle:` for lifecycle_stage, `fields:` adds traits/props to
 * the identify, and `status:` adds the Lead Status's sales event at Last
 * Modified Date (else Create Date), id hubspot-<Record ID>-status-<event>.
 * Every event has props.source = "hubspot".  A row without a Record ID or
 * a Create Date, or with a date that does not parse, is rejected whole.
 */
#include <stdio.h>
#include <string.h>

#include "ingest/crm_int.h"
#include "ingest/crm_values.h"

enum hs_field {
    F_ID,
    F_EMAIL,
    F_FIRST,
    F_LAST,
    F_TITLE,
    F_COUNTRY,
    F_OWNER,
    F_CREATED,
    F_LIFECYCLE,
    F_STATUS,
    F_SOURCE,
    F_SCORE,
    F_COMPANY,
    F_MQL,
    F_SQL,
    F_OPP,
    F_CUSTOMER,
    F_LEAD_DATE,
    F_MODIFIED
};

static const struct ho_crm_column columns[] = {
    { F_ID, "recordid|hsobjectid" },
    { F_EMAIL, "email|emailaddress" },
    { F_FIRST, "firstname" },
    { F_LAST, "lastname" },
    { F_TITLE, "jobtitle" },
    { F_COUNTRY, "countryregion|country" },
    { F_OWNER, "contactowner|hubspotownerid" },
    { F_CREATED, "createdate" },
    { F_LIFECYCLE, "lifecyclestage" },
    { F_STATUS, "leadstatus|hsleadstatus" },
    { F_SOURCE, "originalsource|hsanalyticssource" },
    { F_SCORE, "hubspotscore" },
    { F_COMPANY, "associatedcompany|company|companyname" },
    { F_MQL, "becameamarketingqualifiedleaddate|hslifecyclestagemarketingqualifiedleaddate" },
    { F_SQL, "becameasalesqualifiedleaddate|hslifecyclestagesalesqualifiedleaddate" },
    { F_OPP, "becameanopportunitydate|hslifecyclestageopportunitydate" },
    { F_CUSTOMER, "becameacustomerdate|hslifecyclestagecustomerdate" },
    { F_LEAD_DATE, "becamealeaddate|hslifecyclestageleaddate" },
    { F_MODIFIED, "lastmodifieddate|lastmodified|lastmodifieddatetime" },
};

/* Source buckets, label or internal value (ecosystem.md 3.1), to the
 * channels of DESIGN.md 1 (6.3's names where DESIGN has none). */
static const struct ho_crm_value_map channels[] = {
    { "organicsearch", "organic_search" },   { "paidsearch", "paid_search" },
    { "emailmarketing", "email" },           { "socialmedia|organicsocial", "organic_social" },
    { "paidsocial", "paid_social" },         { "referrals", "referral" },
    { "othercampaigns", "other" },           { "directtraffic", "direct" },
    { "offline|offlinesources", "offline" }, { "aireferrals", "ai_referral" },
};

static const struct ho_crm_value_map lifecycle[] = {
    { "subscriber", "subscriber" },
    { "lead", "lead" },
    { "marketingqualifiedlead", "marketingqualifiedlead" },
    { "salesqualifiedlead", "salesqualifiedlead" },
    { "opportunity", "opportunity" },
    { "customer", "customer" },
    { "evangelist", "evangelist" },
    { "other", "other" },
};

const struct ho_crm_mapping ho_crm_defaults = {
    channels,  sizeof(channels) / sizeof(channels[0]),
    lifecycle, sizeof(lifecycle) / sizeof(lifecycle[0]),
    NULL,
};

static const struct {
    int field;
    const char *type, *what;
} stage_events[] = {
    { F_MQL, "crm_mql", "mql" },
    { F_SQL, "sales_qualify", "sql" },
    { F_OPP, "opportunity_created", "opportunity" },
    { F_CUSTOMER, "opportunity_won", "customer" },
};

static struct ho_slice
cstr(const char *s)
{
    return (struct ho_slice){ s, s ? strlen(s) : 0 };
}

/* The dates of a row, checked before anything is emitted. */
struct hs_dates {
    char created[HO_TIME_STRLEN];
    char modified[HO_TIME_STRLEN]; /* Last Modified Date, else the create date */
    char stage[4][HO_TIME_STRLEN];
    bool has_stage[4];
};

static ho_rc
read_dates(struct ho_crm_row_ctx *rc, const struct ho_slice *f, struct hs_dates *d,
           struct ho_diag *why)
{
    ho_rc r = ho_crm_date(ho_crm_field_name(rc, F_CREATED, "Create Date"), f[F_CREATED].ptr,
                          f[F_CREATED].len, d->created, why);
    if (r == HO_ENOTFOUND)
        return ho_diag_set(why, HO_EPARSE,
                           "column '%s': empty (the contact needs its create "
                           "date)",
                           ho_crm_field_name(rc, F_CREATED, "Create Date"));
    if (r != HO_OK)
        return r;
    r = ho_crm_date(ho_crm_field_name(rc, F_MODIFIED, "Last Modified Date"), f[F_MODIFIED].ptr,
                    f[F_MODIFIED].len, d->modified, why);
    if (r == HO_ENOTFOUND)
        memcpy(d->modified, d->created, sizeof(d->modified));
    else if (r != HO_OK)
        return r;
    for (size_t i = 0; i < 4; i++) {
        int fi = stage_events[i].field;
        r = ho_crm_date(ho_crm_field_name(rc, fi, "?"), f[fi].ptr, f[fi].len, d->stage[i], why);
        if (r != HO_OK && r != HO_ENOTFOUND)
            return r;
        d->has_stage[i] = r == HO_OK;
    }
    return HO_OK;
}

/* A mapped value, or the cell as written when the table does not know it. */
static struct ho_slice
mapped(const struct ho_crm_value_map *m, size_t n, struct ho_slice cell)
{
    const char *to = cell.len ? ho_crm_map_value(m, n, cell.ptr, cell.len) : NULL;
    return to ? cstr(to) : cell;
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

/* The lifecycle value: the user mapping's stage, else the built-in table. */
static struct ho_slice
lifecycle_of(struct ho_crm_row_ctx *rc, struct ho_slice cell)
{
    const char *stage = ho_crm_user_stage(rc, cell);
    return stage ? cstr(stage) : mapped(rc->map->lifecycle, rc->map->n_lifecycle, cell);
}

/* The channel: the user mapping's `sources:`, else the built-in table. */
static struct ho_slice
channel_of(struct ho_crm_row_ctx *rc, struct ho_slice cell)
{
    const char *ch = ho_crm_user_source(rc, cell);
    return ch ? cstr(ch) : mapped(rc->map->channels, rc->map->n_channels, cell);
}

static size_t
identify_traits(struct ho_crm_row_ctx *rc, const struct ho_slice *f, struct ho_slice channel,
                struct ho_draft_kv *kv)
{
    size_t n = 0;
    n = add_kv(kv, n, "email", f[F_EMAIL]);
    n = add_kv(kv, n, "first_name", f[F_FIRST]);
    n = add_kv(kv, n, "last_name", f[F_LAST]);
    n = add_kv(kv, n, "title", f[F_TITLE]);
    n = add_kv(kv, n, "country", f[F_COUNTRY]);
    n = add_kv(kv, n, "owner", f[F_OWNER]);
    n = add_kv(kv, n, "lifecycle_stage", lifecycle_of(rc, f[F_LIFECYCLE]));
    n = add_kv(kv, n, "lead_status", f[F_STATUS]);
    n = add_kv(kv, n, "source", channel);
    n = add_kv(kv, n, "hubspot_score", f[F_SCORE]);
    n = add_kv(kv, n, "hubspot_id", f[F_ID]);
    return n;
}

static ho_rc
contact_row(struct ho_crm_row_ctx *rc, const struct ho_slice *f, uint64_t line,
            struct ho_diag *diag)
{
    struct hs_dates dates;
    struct ho_diag why = { 0 };
    struct ho_draft_kv traits[16 + HO_CRM_MAX_EXTRA];
    struct ho_draft_kv props[1 + HO_CRM_MAX_EXTRA];
    props[0] = (struct ho_draft_kv){ cstr("source"), cstr("hubspot") };
    size_t n_props = 1;
    if (f[F_ID].len == 0) {
        (void)ho_diag_set(&why, HO_EPARSE, "column '%s': empty (every contact needs its id)",
                          ho_crm_field_name(rc, F_ID, "Record ID"));
        return ho_crm_reject(rc, line, &why, diag);
    }
    if (read_dates(rc, f, &dates, &why) != HO_OK)
        return ho_crm_reject(rc, line, &why, diag);
    struct ho_slice channel = channel_of(rc, f[F_SOURCE]);
    struct ho_event_draft d;
    memset(&d, 0, sizeof(d));
    /* no e-mail: the lead is known by its HubSpot id */
    struct ho_buf lead;
    ho_buf_init(&lead);
    if (f[F_EMAIL].len) {
        d.lead = f[F_EMAIL];
    } else {
        ho_buf_adds(&lead, "hubspot-");
        ho_buf_add(&lead, f[F_ID].ptr, f[F_ID].len);
        d.lead = (struct ho_slice){ lead.ptr, lead.len };
    }
    d.account = f[F_COMPANY];
    d.channel = channel;
    d.props = props;
    d.n_props = 1;
    d.type = cstr("identify");
    d.ts = cstr(dates.created);
    d.traits = traits;
    d.n_traits = identify_traits(rc, f, channel, traits);
    ho_crm_add_extras(rc, traits, &d.n_traits, sizeof(traits) / sizeof(traits[0]), props, &n_props,
                      sizeof(props) / sizeof(props[0]));
    d.n_props = n_props;
    ho_crm_set_id(rc, "hubspot", &d, f[F_ID], "identify");
    ho_rc r = rc->cb->record(rc->cb->ctx, &d, line, diag);
    d.traits = NULL;
    d.n_traits = 0;
    d.n_props = 1; /* the fields' props go on the identify only */
    for (size_t i = 0; i < 4 && r == HO_OK; i++) {
        if (!dates.has_stage[i])
            continue;
        d.type = cstr(stage_events[i].type);
        d.ts = cstr(dates.stage[i]);
        ho_crm_set_id(rc, "hubspot", &d, f[F_ID], stage_events[i].what);
        r = rc->cb->record(rc->cb->ctx, &d, line, diag);
    }
    if (r == HO_OK)
        r = ho_crm_emit_status(
            rc, &d, &(struct ho_crm_status_at){ f[F_STATUS], f[F_ID], dates.modified, "hubspot" },
            line, diag);
    ho_buf_release(&lead);
    return r;
}

const struct ho_crm_dialect ho_crm_hubspot_contacts = {
    "HubSpot contacts export", HO_CRM_HUBSPOT, columns,     sizeof(columns) / sizeof(columns[0]),
    "recordid|hsobjectid",     F_ID,           contact_row,
};
