/* SPDX-License-Identifier: MIT */
/*
 * core/defs.c - lifetime, binding and lookups of the definitions model.
 *
 * Pure: no I/O, no clock.  Loading and validation live in defs/defs_yaml.c;
 * this file only knows how to start, free, bind and query a model.
 */
#include "core/defs.h"

#include <string.h>

#include "base/strtab.h"
#include "base/xalloc.h"
#include "core/mapping.h"
#include "core/segment_events.h"

/* Published B2B benchmarks (DESIGN.md §4): MQL->SQL tier upper bounds and
 * healthy conversion ranges, in percent. */
static const struct {
    enum ho_transition tr;
    double lo, hi;
} default_healthy[] = {
    { HO_TR_LEAD_MQL, 5, 20 },
    { HO_TR_MQL_SQL, 20, 40 },
    { HO_TR_SQL_OPPORTUNITY, 50, 70 },
    { HO_TR_OPPORTUNITY_CUSTOMER, 20, 30 },
};

void
ho_defs_init(struct ho_defs *d)
{
    memset(d, 0, sizeof(*d));
    d->marketing.signed_days = -1;
    d->sales.signed_days = -1;
    d->calendar.defined = false; /* every millisecond is business time */
    d->bench.tier_broken = 5;
    d->bench.tier_misaligned = 13;
    d->bench.tier_average = 25;
    d->bench.tier_good = 40;
    d->bench.min_journeys = 30;
    for (size_t i = 0; i < HO_ARRAY_LEN(default_healthy); i++) {
        enum ho_transition tr = default_healthy[i].tr;
        d->bench.has_healthy[tr] = true;
        d->bench.healthy_lo[tr] = default_healthy[i].lo;
        d->bench.healthy_hi[tr] = default_healthy[i].hi;
    }
    d->accounts.engaged_contacts = 3;
    d->accounts.min_score = 100;
    d->accounts.window_ms = 30 * 24 * 3600 * 1000LL;
    ho_notify_def_init(&d->notify);
}

static void
free_strv(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ho_xfree(v[i]);
    ho_xfree(v);
}

static void
match_release(struct ho_match *m)
{
    ho_xfree(m->field);
    free_strv(m->values, m->n_values);
    ho_xfree(m->pattern);
    if (m->re != NULL) {
        regfree(m->re);
        ho_xfree(m->re);
    }
    memset(m, 0, sizeof(*m));
}

static void
behavior_release(struct ho_behavior_rule *b)
{
    ho_xfree(b->name);
    ho_xfree(b->event);
    for (size_t i = 0; i < b->n_where; i++)
        match_release(&b->where[i]);
    ho_xfree(b->where);
}

static void
criteria_release(struct ho_criteria_set *c)
{
    ho_xfree(c->name);
    for (size_t i = 0; i < c->n_rules; i++)
        ho_xfree(c->rules[i].name);
    ho_xfree(c->rules);
}

static void
channel_release(struct ho_channel_def *c)
{
    ho_xfree(c->name);
    ho_xfree(c->group);
    free_strv(c->utm_medium, c->n_utm_medium);
    free_strv(c->utm_source, c->n_utm_source);
    free_strv(c->source, c->n_source);
}

static void
rules_release(struct ho_defs *d)
{
    for (size_t i = 0; i < d->n_fit; i++) {
        ho_xfree(d->fit[i].name);
        match_release(&d->fit[i].match);
    }
    ho_xfree(d->fit);
    for (size_t i = 0; i < d->n_behavior; i++)
        behavior_release(&d->behavior[i]);
    ho_xfree(d->behavior);
    for (size_t i = 0; i < d->n_disqualify; i++) {
        ho_xfree(d->disqualify[i].reason);
        match_release(&d->disqualify[i].match);
    }
    ho_xfree(d->disqualify);
}

static void
calendar_release(struct ho_calendar *c)
{
    ho_xfree(c->tz.name);
    ho_xfree(c->tz.at);
    ho_xfree(c->tz.offset_s);
    ho_xfree(c->holidays);
}

static void
sla_release(struct ho_sla *s)
{
    ho_xfree(s->name);
    ho_xfree(s->from);
    ho_xfree(s->event);
    ho_xfree(s->in);
    for (size_t i = 0; i < s->n_where; i++)
        match_release(&s->where[i]);
    ho_xfree(s->where);
    free_strv(s->until, s->n_until);
    ho_xfree(s->until_ids);
    ho_xfree(s->when_rule);
    ho_xfree(s->when_channel);
}

static void
route_release(struct ho_route_rule *r)
{
    if (r->when != NULL) {
        match_release(r->when);
        ho_xfree(r->when);
    }
    ho_xfree(r->pool);
}

static void
rep_release(struct ho_rep *r)
{
    ho_xfree(r->id);
    free_strv(r->pools, r->n_pools);
    ho_xfree(r->pool_ids);
    ho_xfree(r->away_from);
    ho_xfree(r->away_to);
    ho_xfree(r->slack_id);
    ho_xfree(r->webhook);
    ho_xfree(r->secret);
    ho_xfree(r->tz.name);
    ho_xfree(r->tz.at);
    ho_xfree(r->tz.offset_s);
}

/* calendar, sla, routing and reps */
static void
sales_release(struct ho_defs *d)
{
    calendar_release(&d->calendar);
    for (size_t i = 0; i < d->n_slas; i++)
        sla_release(&d->slas[i]);
    ho_xfree(d->slas);
    for (size_t i = 0; i < d->n_routing; i++)
        route_release(&d->routing[i]);
    ho_xfree(d->routing);
    for (size_t i = 0; i < d->n_reps; i++)
        rep_release(&d->reps[i]);
    ho_xfree(d->reps);
}

static void
pql_release(struct ho_pql_def *p)
{
    for (size_t i = 0; i < p->n_all; i++) {
        ho_xfree(p->all[i].event);
        for (size_t j = 0; j < p->all[i].n_where; j++)
            match_release(&p->all[i].where[j]);
        ho_xfree(p->all[i].where);
    }
    ho_xfree(p->all);
}

static void
texts_release(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ho_xfree(v[i]);
    ho_xfree(v);
}

void
ho_defs_release(struct ho_defs *d)
{
    ho_xfree(d->marketing.name);
    ho_xfree(d->sales.name);
    rules_release(d);
    for (size_t i = 0; i < d->mql.n_or_any; i++)
        criteria_release(&d->mql.or_any[i]);
    ho_xfree(d->mql.or_any);
    ho_xfree(d->sql_requires);
    ho_xfree(d->meeting_requires);
    for (size_t i = 0; i < d->n_reasons; i++) {
        ho_xfree(d->reasons[i].code);
        ho_xfree(d->reasons[i].category);
    }
    ho_xfree(d->reasons);
    for (size_t i = 0; i < d->n_channels; i++)
        channel_release(&d->channels[i]);
    ho_xfree(d->channels);
    sales_release(d);
    pql_release(&d->pql);
    ho_mapping_release(&d->mapping);
    ho_segment_def_release(&d->segment);
    ho_notify_def_release(&d->notify);
    texts_release(d->fields.lead, d->fields.n_lead);
    texts_release(d->fields.account, d->fields.n_account);
    texts_release(d->fields.props, d->fields.n_props);
    ho_defs_init(d);
}

static uint32_t
intern(struct ho_strtab *strings, const char *s)
{
    return s != NULL ? ho_strtab_intern(strings, s, strlen(s)) : 0;
}

static void
bind_match(struct ho_match *m, struct ho_strtab *strings)
{
    m->field_id = intern(strings, m->field);
}

/* Routing pools, rule fields and rep ids.  SLAs are bound by core/model.c. */
static void
bind_sales(struct ho_defs *d, struct ho_strtab *strings)
{
    for (size_t i = 0; i < d->n_slas; i++) {
        for (size_t j = 0; j < d->slas[i].n_where; j++)
            bind_match(&d->slas[i].where[j], strings);
    }
    for (size_t i = 0; i < d->n_routing; i++) {
        struct ho_route_rule *r = &d->routing[i];
        r->pool_id = intern(strings, r->pool);
        if (r->when != NULL)
            bind_match(r->when, strings);
    }
    for (size_t i = 0; i < d->n_reps; i++) {
        struct ho_rep *rep = &d->reps[i];
        rep->id_id = intern(strings, rep->id);
        ho_xfree(rep->pool_ids); /* idempotent: a second bind replaces the first */
        rep->pool_ids = ho_xcalloc(rep->n_pools + 1, sizeof(*rep->pool_ids));
        for (size_t k = 0; k < rep->n_pools; k++)
            rep->pool_ids[k] = intern(strings, rep->pools[k]);
    }
}

void
ho_defs_bind(struct ho_defs *d, struct ho_strtab *strings)
{
    for (size_t i = 0; i < d->n_fit; i++)
        bind_match(&d->fit[i].match, strings);
    for (size_t i = 0; i < d->n_disqualify; i++)
        bind_match(&d->disqualify[i].match, strings);
    for (size_t i = 0; i < d->n_behavior; i++) {
        struct ho_behavior_rule *b = &d->behavior[i];
        b->event_id = intern(strings, b->event);
        for (size_t j = 0; j < b->n_where; j++)
            bind_match(&b->where[j], strings);
    }
    for (size_t i = 0; i < d->n_reasons; i++)
        d->reasons[i].code_id = intern(strings, d->reasons[i].code);
    bind_sales(d, strings);
    for (size_t i = 0; i < d->pql.n_all; i++) {
        struct ho_pql_criterion *c = &d->pql.all[i];
        c->event_id = intern(strings, c->event);
        for (size_t j = 0; j < c->n_where; j++)
            bind_match(&c->where[j], strings);
    }
}

const struct ho_reason *
ho_defs_reason(const struct ho_defs *d, const char *code)
{
    if (code == NULL)
        return NULL;
    for (size_t i = 0; i < d->n_reasons; i++) {
        if (strcmp(d->reasons[i].code, code) == 0)
            return &d->reasons[i];
    }
    return NULL;
}

const char *
ho_transition_name(enum ho_transition t)
{
    switch (t) {
    case HO_TR_LEAD_MQL:
        return "lead_mql";
    case HO_TR_MQL_SAL:
        return "mql_sal";
    case HO_TR_SAL_SQL:
        return "sal_sql";
    case HO_TR_MQL_SQL:
        return "mql_sql";
    case HO_TR_SQL_OPPORTUNITY:
        return "sql_opportunity";
    case HO_TR_OPPORTUNITY_CUSTOMER:
        return "opportunity_customer";
    case HO_TR_SQL_MEETING:
        return "sql_meeting";
    case HO_TR_MEETING_OPPORTUNITY:
        return "meeting_opportunity";
    case HO_TR__COUNT:
        break;
    }
    return NULL;
}

bool
ho_defs_is_signed(const struct ho_defs *d)
{
    return d->marketing.signed_days >= 0 && d->sales.signed_days >= 0;
}

const char *
ho_defs_criterion_name(const struct ho_defs *d, int32_t criterion)
{
    if (criterion == 0)
        return "min_score";
    if (criterion >= 1 && (size_t)criterion <= d->mql.n_or_any)
        return d->mql.or_any[criterion - 1].name;
    return "";
}
