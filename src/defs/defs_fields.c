/* SPDX-License-Identifier: MIT */
/*
 * defs/defs_fields.c - `defs check` catches typos in field names (issue 14):
 * every lead.X and account.X a rule reads, and every event property a
 * `where:` reads, must be a documented field (the lists below, README
 * "Field names"), one the file declares under `fields:`, or a target of its
 * `mapping: fields:`.  Otherwise the rule would silently never match; it is
 * reported with the closest known name.
 */
#include "defs/defs_int.h"

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "defs/defs_yaml.h"

/* Lead traits: what identify events and the CRM importers set. */
static const char *const lead_fields[] = {
    "email",          "first_name",
    "last_name",      "name",
    "title",          "seniority",
    "department",     "job_function",
    "role",           "phone",
    "country",        "state",
    "region",         "city",
    "timezone",       "language",
    "company",        "industry",
    "employees",      "revenue",
    "annual_revenue", "website",
    "domain",         "source",
    "heard_about",    "lifecycle_stage",
    "lead_status",    "owner",
    "rating",         "persona",
    "plan",           "hubspot_id",
    "hubspot_score",  "salesforce_id",
    "created_at",
};

/* Account traits: what group events and the companies import set. */
static const char *const account_fields[] = {
    "name",          "domain",     "industry", "employees", "revenue",       "annual_revenue",
    "country",       "state",      "region",   "city",      "is_competitor", "is_customer",
    "plan",          "tier",       "segment",  "owner",     "technologies",  "hubspot_company_id",
    "salesforce_id", "created_at",
};

/* Event properties: of the standard event types (DESIGN.md §3). */
static const char *const prop_fields[] = {
    "path",         "url",        "referrer",     "title",      "search",       "form",
    "form_id",      "action",     "feature",      "plan",       "asset",        "content",
    "content_type", "webinar",    "campaign",     "channel",    "source",       "medium",
    "utm_source",   "utm_medium", "utm_campaign", "utm_term",   "utm_content",  "rep",
    "via",          "reason",     "note",         "amount",     "opportunity",  "need",
    "authority",    "budget",     "timeline",     "revisit_at", "duration",     "count",
    "value",        "score",      "topic",        "intent",     "category",     "email",
    "subject",      "link",       "ad",           "network",    "anonymous_id", "seats",
    "product",      "event",
};

struct known {
    const char *const *builtin;
    size_t n_builtin;
    char *const *declared;
    size_t n_declared;
    const char *mapped_prefix; /* "traits." or "props." in mapping: fields: */
    const char *scope;         /* "lead", "account", "props" in messages */
};

static bool
in_list(const char *const *v, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(v[i], name) == 0)
            return true;
    }
    return false;
}

static bool
mapped(const struct ho_defs *d, const char *prefix, const char *name)
{
    size_t n = strlen(prefix);
    for (size_t i = 0; i < d->mapping.n_fields; i++) {
        const char *to = d->mapping.fields[i].to;
        if (to != NULL && strncmp(to, prefix, n) == 0 && strcmp(to + n, name) == 0)
            return true;
    }
    return false;
}

struct check {
    const struct ho_defs *d;
    const char *filename;
    struct ho_buf *errors;
    size_t problems;
};

/* name with control bytes as \xHH, so that a problem stays one line. */
static void
put_name(struct ho_buf *out, const char *name)
{
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            ho_buf_printf(out, "\\x%02x", *p);
        else
            ho_buf_addc(out, (char)*p);
    }
}

static void
check_one(struct check *c, const struct known *k, const struct ho_match *m, const char *what)
{
    if (m == NULL || m->field == NULL || in_list(k->builtin, k->n_builtin, m->field) ||
        in_list((const char *const *)k->declared, k->n_declared, m->field) ||
        mapped(c->d, k->mapped_prefix, m->field))
        return;
    struct ho_suggest s;
    ho_suggest_init(&s, m->field);
    for (size_t i = 0; i < k->n_declared; i++)
        ho_suggest_try(&s, k->declared[i]);
    for (size_t i = 0; i < k->n_builtin; i++)
        ho_suggest_try(&s, k->builtin[i]);
    bool prop = strcmp(k->scope, "props") == 0;
    ho_buf_printf(c->errors, "%s:%u:%u: unknown %s '%s%s", c->filename, m->field_pos.line,
                  m->field_pos.column, prop ? "event property" : "field", prop ? "" : k->scope,
                  prop ? "" : ".");
    put_name(c->errors, m->field);
    ho_buf_adds(c->errors, "' in ");
    put_name(c->errors, what);
    if (s.best != NULL)
        ho_buf_printf(c->errors, " — did you mean %s%s%s?", prop ? "" : k->scope, prop ? "" : ".",
                      s.best);
    else
        ho_buf_printf(c->errors, " — no %s of that name is known", prop ? "property" : "field");
    ho_buf_printf(c->errors, " (a name of your own: declare it, fields: { %s: [", k->scope);
    put_name(c->errors, m->field);
    ho_buf_adds(c->errors, "] })\n");
    c->problems++;
}

static void
check_match(struct check *c, const struct ho_match *m, const char *what)
{
    const struct ho_field_decls *fd = &c->d->fields;
    const struct known lead = { lead_fields, HO_ARRAY_LEN(lead_fields),
                                fd->lead,    fd->n_lead,
                                "traits.",   "lead" };
    const struct known account = { account_fields, HO_ARRAY_LEN(account_fields),
                                   fd->account,    fd->n_account,
                                   "traits.",      "account" };
    const struct known props = { prop_fields, HO_ARRAY_LEN(prop_fields),
                                 fd->props,   fd->n_props,
                                 "props.",    "props" };
    if (m == NULL)
        return;
    switch (m->scope) {
    case HO_SCOPE_LEAD:
        check_one(c, &lead, m, what);
        break;
    case HO_SCOPE_ACCOUNT:
        check_one(c, &account, m, what);
        break;
    case HO_SCOPE_EVENT:
        check_one(c, &props, m, what);
        break;
    }
}

static void
check_where(struct check *c, const struct ho_match *where, size_t n, const char *what)
{
    for (size_t i = 0; i < n; i++)
        check_match(c, &where[i], what);
}

size_t
ho_defs_check_fields(const struct ho_defs *d, const char *filename, struct ho_buf *errors)
{
    struct check c = { d, filename ? filename : "<input>", errors, 0 };
    char what[160];
    for (size_t i = 0; i < d->n_fit; i++) {
        (void)snprintf(what, sizeof(what), "fit rule %s", d->fit[i].name);
        check_match(&c, &d->fit[i].match, what);
    }
    for (size_t i = 0; i < d->n_behavior; i++) {
        (void)snprintf(what, sizeof(what), "the where: of behavior rule %s", d->behavior[i].name);
        check_where(&c, d->behavior[i].where, d->behavior[i].n_where, what);
    }
    for (size_t i = 0; i < d->n_disqualify; i++) {
        (void)snprintf(what, sizeof(what), "disqualifier %s", d->disqualify[i].reason);
        check_match(&c, &d->disqualify[i].match, what);
    }
    for (size_t i = 0; i < d->n_routing; i++) {
        (void)snprintf(what, sizeof(what), "the routing rule to pool %s", d->routing[i].pool);
        check_match(&c, d->routing[i].when, what);
    }
    for (size_t i = 0; i < d->n_slas; i++) {
        (void)snprintf(what, sizeof(what), "the where: of SLA %s", d->slas[i].name);
        check_where(&c, d->slas[i].where, d->slas[i].n_where, what);
    }
    for (size_t i = 0; i < d->pql.n_all; i++) {
        (void)snprintf(what, sizeof(what), "the where: of PQL criterion %s", d->pql.all[i].event);
        check_where(&c, d->pql.all[i].where, d->pql.all[i].n_where, what);
    }
    return c.problems;
}
