/* SPDX-License-Identifier: MIT */
/*
 * core/sla.c - SLA clocks: started and stopped during a replay, evaluated
 * against the calendar for the reports.
 */
#include "core/sla.h"

#include <string.h>

#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/defs.h"
#include "core/event.h"
#include "core/match.h"
#include "core/stage.h"

void
ho_sla_eval(const struct ho_calendar *cal, const struct ho_clock_row *c, int64_t now,
            struct ho_clock_eval *out)
{
    int64_t end = c->stopped != HO_TIME_NONE ? c->stopped : now;
    if (end < c->started)
        end = c->started;
    out->raw_ms = end - c->started;
    out->business_ms = ho_calendar_business_ms(cal, c->started, end);
    int64_t used = c->raw ? out->raw_ms : out->business_ms;
    out->deadline = c->raw ? c->started + c->within_ms
                           : ho_calendar_add_business(cal, c->started, c->within_ms);
    out->left_ms = c->within_ms - used;
    /* A deadline that passed before the journey closed was missed, whether
     * the clock then stopped on an `until` event or on the close: only a
     * close within the SLA cancels the clock. */
    if (used > c->within_ms)
        out->status = HO_SLA_BREACHED;
    else if (c->stopped != HO_TIME_NONE && c->stop_event == 0)
        out->status = HO_SLA_CANCELLED;
    else
        out->status = c->stopped != HO_TIME_NONE ? HO_SLA_MET : HO_SLA_OPEN;
}

const char *
ho_sla_status_name(enum ho_sla_status s)
{
    switch (s) {
    case HO_SLA_MET:
        return "met";
    case HO_SLA_BREACHED:
        return "breached";
    case HO_SLA_OPEN:
        return "open";
    case HO_SLA_CANCELLED:
        return "cancelled";
    case HO_SLA__COUNT:
        break;
    }
    return "unknown";
}

static size_t
summary_slot(struct ho_sla_summary **out, size_t *n, size_t *cap, uint32_t name, uint32_t key)
{
    for (size_t i = 0; i < *n; i++) {
        if ((*out)[i].name == name && (*out)[i].key == key)
            return i;
    }
    HO_GROW(*out, *cap, *n + 1);
    (*out)[*n] = (struct ho_sla_summary){ .name = name, .key = key };
    return (*n)++;
}

void
ho_sla_summarise(const struct ho_calendar *cal, const struct ho_clock_row *clocks, size_t n,
                 int64_t now, enum ho_sla_by by, struct ho_sla_summary **out, size_t *n_out)
{
    size_t cap = 0;
    *out = NULL;
    *n_out = 0;
    for (size_t i = 0; i < n; i++) {
        const struct ho_clock_row *c = &clocks[i];
        struct ho_clock_eval ev;
        ho_sla_eval(cal, c, now, &ev);
        uint32_t key = by == HO_SLA_BY_REP ? c->rep : by == HO_SLA_BY_CHANNEL ? c->channel : 0;
        size_t slot = summary_slot(out, n_out, &cap, c->name, key);
        (*out)[slot].count[ev.status]++;
    }
}

/* ---- starting and stopping ---- */

/* The SLA's `when` (a rule that held at the MQL, a channel) holds. */
static bool
sla_applies(const struct ho_defs *d, const struct ho_sla *sla, const struct ho_sla_scope *sc)
{
    if (sla->when_rule) {
        if (sla->when_rule_index < 0)
            return false;
        size_t bit = (size_t)sla->when_rule_index + (sla->when_rule_is_fit ? 0 : d->n_fit);
        if (bit >= 64 || !(sc->rules_at_mql & (1ULL << bit)))
            return false;
    }
    return !sla->when_channel || sla->when_channel_id == sc->channel;
}

/* A clock named `name` exists in the journey (running, when only_running). */
static bool
has_clock(const struct ho_sla_clocks *c, const struct ho_defs *d, uint32_t journey,
          const char *name, bool only_running)
{
    for (size_t i = c->n; i-- > 0 && c->v[i].journey == journey;) {
        if (only_running && c->v[i].stopped != HO_TIME_NONE)
            continue;
        if (strcmp(d->slas[c->v[i].sla].name, name) == 0)
            return true;
    }
    return false;
}

static void
add_clock(struct ho_sla_clocks *c, uint32_t journey, size_t sla, int64_t t)
{
    HO_GROW(c->v, c->cap, c->n + 1);
    c->v[c->n++] = (struct ho_sla_clock){ journey, (uint32_t)sla, t, HO_TIME_NONE, 0 };
}

void
ho_sla_start_stage(struct ho_sla_clocks *c, const struct ho_defs *d, const struct ho_sla_scope *sc,
                   enum ho_stage s, int64_t t)
{
    for (size_t i = 0; i < d->n_slas; i++) {
        const struct ho_sla *sla = &d->slas[i];
        if (sla->event_id || sla->from_stage != (int)s || !sla_applies(d, sla, sc) ||
            has_clock(c, d, sc->journey, sla->name, false))
            continue;
        add_clock(c, sc->journey, i, t);
    }
}

void
ho_sla_start_event(struct ho_sla_clocks *c, const struct ho_defs *d, const struct ho_sla_scope *sc,
                   const struct ho_eventlog *log, const struct ho_event *e, enum ho_stage in)
{
    for (size_t i = 0; i < d->n_slas; i++) {
        const struct ho_sla *sla = &d->slas[i];
        if (!sla->event_id || sla->event_id != e->type || sla->from_stage != (int)in ||
            !ho_match_props(log, sla->where, sla->n_where, e) || !sla_applies(d, sla, sc) ||
            has_clock(c, d, sc->journey, sla->name, true))
            continue;
        add_clock(c, sc->journey, i, e->ts);
    }
}

void
ho_sla_stop(struct ho_sla_clocks *c, const struct ho_defs *d, uint32_t journey, uint32_t type,
            int64_t t)
{
    for (size_t i = c->n; i-- > 0 && c->v[i].journey == journey;) {
        struct ho_sla_clock *k = &c->v[i];
        if (k->stopped != HO_TIME_NONE)
            continue;
        const struct ho_sla *sla = &d->slas[k->sla];
        bool hit = type == 0;
        for (size_t u = 0; u < sla->n_until && !hit; u++)
            hit = sla->until_ids[u] == type;
        if (hit) {
            k->stopped = t;
            k->stop_event = type;
        }
    }
}
