/* SPDX-License-Identifier: MIT */
/*
 * core/notify_def.c - the alert kinds of the `notify` section and the
 * lifetime of its model (struct ho_notify_def, core/defs.h).
 */
#include <string.h>

#include "base/compiler.h"
#include "base/xalloc.h"
#include "core/defs.h"

#define MS_PER_HOUR (3600 * 1000LL)

static const char *const kind_names[HO_ALERT__COUNT] = {
    [HO_ALERT_MQL] = "lead.mql",
    [HO_ALERT_ASSIGNED] = "lead.assigned",
    [HO_ALERT_STAGE_CHANGED] = "lead.stage_changed",
    [HO_ALERT_SLA_BREACHED] = "sla.breached",
    [HO_ALERT_SLA_DUE_SOON] = "sla.due_soon",
    [HO_ALERT_REJECTED] = "lead.rejected",
};

const char *
ho_alert_kind_name(int kind)
{
    return kind >= 0 && kind < HO_ALERT__COUNT ? kind_names[kind] : NULL;
}

int
ho_alert_kind_of(const char *name)
{
    for (int k = 0; k < HO_ALERT__COUNT; k++) {
        if (strcmp(kind_names[k], name) == 0)
            return k;
    }
    return -1;
}

void
ho_notify_def_init(struct ho_notify_def *n)
{
    memset(n, 0, sizeof(*n));
    n->backfill_age_ms = MS_PER_HOUR;
    n->horizon_ms = 24 * MS_PER_HOUR;
}

static void
sub_release(struct ho_notify_sub *s)
{
    for (size_t i = 0; i < s->n_to; i++)
        ho_xfree(s->to[i]);
    ho_xfree(s->to);
    ho_xfree(s->when_rule);
    ho_xfree(s->when_channel);
    ho_xfree(s->when_segment);
}

void
ho_notify_def_release(struct ho_notify_def *n)
{
    for (size_t i = 0; i < n->n_dests; i++) {
        ho_xfree(n->dests[i].name);
        ho_xfree(n->dests[i].url);
        ho_xfree(n->dests[i].secret);
    }
    ho_xfree(n->dests);
    for (size_t i = 0; i < n->n_subs; i++)
        sub_release(&n->subs[i]);
    ho_xfree(n->subs);
    ho_xfree(n->fallback);
    ho_xfree(n->link_base);
    ho_notify_def_init(n);
}
