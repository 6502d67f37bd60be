/* SPDX-License-Identifier: MIT */
/*
 * core/sla.c - evaluate SLA clocks against the calendar.
 */
#include "core/sla.h"

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
    if (c->stopped != HO_TIME_NONE && c->stop_event == 0)
        out->status = HO_SLA_CANCELLED;
    else if (used > c->within_ms)
        out->status = HO_SLA_BREACHED;
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
