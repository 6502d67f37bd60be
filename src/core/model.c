/* SPDX-License-Identifier: MIT */
/*
 * core/model.c - binding definitions to interned ids; channel normalisation.
 */
#include "core/model.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/strtab.h"
#include "base/xalloc.h"
#include "core/defs.h"
#include "core/event.h"
#include "core/stage.h"

static uint32_t
intern(struct ho_strtab *s, const char *text)
{
    return ho_strtab_intern(s, text, strlen(text));
}

static void
init_vocab(struct ho_vocab *v, struct ho_strtab *s)
{
    v->identify = intern(s, "identify");
    v->group = intern(s, "group");
    v->sales_accept = intern(s, "sales_accept");
    v->sales_reject = intern(s, "sales_reject");
    v->sales_qualify = intern(s, "sales_qualify");
    v->nurture = intern(s, "nurture");
    v->disqualify = intern(s, "disqualify");
    v->requalify = intern(s, "requalify");
    v->opportunity_created = intern(s, "opportunity_created");
    v->opportunity_won = intern(s, "opportunity_won");
    v->opportunity_lost = intern(s, "opportunity_lost");
    v->contact_attempt = intern(s, "contact_attempt");
    v->contact_made = intern(s, "contact_made");
    v->meeting_booked = intern(s, "meeting_booked");
    v->assign = intern(s, "assign");
    v->expired = intern(s, "expired");
    v->k_reason = intern(s, "reason");
    v->k_utm_medium = intern(s, "utm_medium");
    v->k_utm_source = intern(s, "utm_source");
    v->k_utm_campaign = intern(s, "utm_campaign");
    v->k_source = intern(s, "source");
    v->k_amount = intern(s, "amount");
    v->k_rep = intern(s, "rep");
    v->k_pool = intern(s, "pool");
    v->k_via = intern(s, "via");
    v->k_revisit_at = intern(s, "revisit_at");
    v->k_monthly_amount = intern(s, "monthly_amount");
    v->k_employees = intern(s, "employees");
    v->k_heard_about = intern(s, "heard_about");
    v->k_anonymous_id = intern(s, "anonymous_id");
    v->via_call = intern(s, "call");
    v->via_email = intern(s, "email");
    v->via_linkedin = intern(s, "linkedin");
    v->ch_other = intern(s, "other");
}

/* Resolve SLA names to stage numbers, event ids and rule indices. */
static void
bind_slas(struct ho_defs *d, struct ho_strtab *s)
{
    for (size_t i = 0; i < d->n_slas; i++) {
        struct ho_sla *sla = &d->slas[i];
        enum ho_stage st = HO_STAGE_MQL;
        const char *stage = sla->event ? sla->in : sla->from;
        (void)ho_stage_parse(stage ? stage : "mql", &st);
        sla->from_stage = (int)st;
        sla->event_id = sla->event ? intern(s, sla->event) : 0;
        ho_xfree(sla->until_ids);
        sla->until_ids = ho_xcalloc(sla->n_until + 1, sizeof(uint32_t));
        for (size_t k = 0; k < sla->n_until; k++)
            sla->until_ids[k] = intern(s, sla->until[k]);
        sla->when_rule_index = -1;
        sla->when_rule_is_fit = false;
        for (size_t k = 0; sla->when_rule && k < d->n_fit; k++) {
            if (strcmp(d->fit[k].name, sla->when_rule) == 0) {
                sla->when_rule_index = (int32_t)k;
                sla->when_rule_is_fit = true;
            }
        }
        for (size_t k = 0; sla->when_rule && k < d->n_behavior; k++) {
            if (strcmp(d->behavior[k].name, sla->when_rule) == 0)
                sla->when_rule_index = (int32_t)k;
        }
        sla->when_channel_id = sla->when_channel ? intern(s, sla->when_channel) : 0;
    }
}

void
ho_model_init(struct ho_model *m, struct ho_defs *defs, struct ho_eventlog *log)
{
    memset(m, 0, sizeof(*m));
    m->defs = defs;
    m->log = log;
    ho_defs_bind(defs, log->strings);
    init_vocab(&m->v, log->strings);
    m->sql_event =
        defs->sql_requires ? intern(log->strings, defs->sql_requires) : m->v.sales_qualify;
    m->meeting_event = defs->meeting_requires ? intern(log->strings, defs->meeting_requires) : 0;
    m->no_sal = defs->stage_set.no_sal;
    for (size_t i = 0; i < defs->n_channels; i++)
        (void)intern(log->strings, defs->channels[i].name);
    bind_slas(defs, log->strings);
    m->disq_reason = ho_xcalloc(defs->n_disqualify ? defs->n_disqualify : 1, sizeof(uint32_t));
    for (size_t i = 0; i < defs->n_disqualify; i++)
        m->disq_reason[i] = intern(log->strings, defs->disqualify[i].reason);
}

void
ho_model_release(struct ho_model *m)
{
    ho_xfree(m->disq_reason);
    m->disq_reason = NULL;
}

static bool
in_list(char *const *list, size_t n, const char *value)
{
    for (size_t i = 0; i < n; i++) {
        if (strcasecmp(list[i], value) == 0)
            return true;
    }
    return false;
}

/* Which list of a channel definition a value is looked up in. */
enum lookup { BY_NAME, BY_MEDIUM, BY_SOURCE, BY_SOURCE_TRAIT };

static uint32_t
find_channel(const struct ho_model *m, enum lookup how, uint32_t value)
{
    if (!value)
        return 0;
    const char *text = ho_eventlog_str(m->log, value);
    for (size_t i = 0; i < m->defs->n_channels; i++) {
        const struct ho_channel_def *c = &m->defs->channels[i];
        bool hit = false;
        switch (how) {
        case BY_NAME:
            hit = strcasecmp(c->name, text) == 0 || in_list(c->source, c->n_source, text);
            break;
        case BY_MEDIUM:
            hit = in_list(c->utm_medium, c->n_utm_medium, text);
            break;
        case BY_SOURCE:
            hit = in_list(c->utm_source, c->n_utm_source, text);
            break;
        case BY_SOURCE_TRAIT:
            hit = in_list(c->source, c->n_source, text) || strcasecmp(c->name, text) == 0;
            break;
        }
        if (hit)
            return ho_strtab_find(m->log->strings, c->name, strlen(c->name));
    }
    return 0;
}

uint32_t
ho_model_channel(const struct ho_model *m, uint32_t raw, uint32_t utm_medium, uint32_t utm_source,
                 uint32_t source)
{
    uint32_t ch = find_channel(m, BY_NAME, raw);
    if (!ch)
        ch = find_channel(m, BY_MEDIUM, utm_medium);
    if (!ch)
        ch = find_channel(m, BY_SOURCE, utm_source);
    if (!ch && !raw && !utm_medium && !utm_source)
        ch = find_channel(m, BY_SOURCE_TRAIT, source);
    if (!ch && (raw || utm_medium || utm_source || source))
        ch = m->v.ch_other;
    return ch;
}

static ho_rc
unknown_reason(const struct ho_model *m, const struct ho_event *e, const char *reason,
               struct ho_diag *diag)
{
    struct ho_buf codes = HO_BUF_INIT;
    for (size_t i = 0; i < m->defs->n_reasons; i++)
        ho_buf_printf(&codes, "%s%s", i ? ", " : "", m->defs->reasons[i].code);
    ho_rc rc = *reason ? ho_diag_set(diag, HO_EPARSE, "%s: unknown reason '%s' (valid: %s)",
                                     ho_eventlog_str(m->log, e->type), reason, ho_buf_cstr(&codes))
                       : ho_diag_set(diag, HO_EPARSE, "%s needs props.reason (one of: %s)",
                                     ho_eventlog_str(m->log, e->type), ho_buf_cstr(&codes));
    ho_buf_release(&codes);
    return rc;
}

ho_rc
ho_model_check_event(const struct ho_model *m, const struct ho_event *e, struct ho_diag *diag)
{
    const struct ho_vocab *v = &m->v;
    bool required = e->type == v->sales_reject;
    if (!required && e->type != v->nurture && e->type != v->disqualify)
        return HO_OK;
    uint32_t reason = ho_event_prop(m->log, e, v->k_reason);
    if (!reason && !required)
        return HO_OK;
    if (reason == v->expired && !required)
        return HO_OK;
    const char *text = ho_eventlog_str(m->log, reason);
    if (reason && ho_defs_reason(m->defs, text))
        return HO_OK;
    return unknown_reason(m, e, text, diag);
}
