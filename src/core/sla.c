/* SPDX-License-Identifier: MIT */
/*
 * core/sla.c - evaluate SLA clocks against the calendar.
 */
#include "core/sla.h"

#include "base/xalloc.h"
#include "core/calendar.h"
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
    case HO_SLA_MET: return "met";
    case HO_SLA_BREACHED: return "breached";
    case HO_SLA_OPEN: return "open";
    case HO_SLA_CANCELLED: return "cancelled";
    case HO_SLA__COUNT: break;
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
    (*out)[*n] = (struct ho_sla_summary){.name = name, .key = key};
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
