/* SPDX-License-Identifier: MIT */
/*
 * engine/aging.c - MQL aging as events.
 *
 * With mql.expire_after set, an MQL that nobody touched (no contact and no
 * sales disposition) moves to nurture with reason `expired` at the moment it
 * expires.  The replay already applies that rule before every later event;
 * this pass writes it down as a `nurture` event once the log's latest event
 * is past the deadline, so the stored state, the queue and the reports show
 * the aged MQL without waiting for the lead's next event, and a rebuild
 * replays the same event.
 */
#include <string.h>

#include "base/buf.h"
#include "base/strtab.h"
#include "core/defs.h"
#include "core/replay.h"
#include "engine/engine_int.h"

static uint32_t
intern(struct ho_engine *eng, const char *text)
{
    return ho_strtab_intern(eng->log.strings, text, strlen(text));
}

void
ho_aging_collect(struct ho_engine *eng, const struct ho_lead_result *res)
{
    int64_t deadline = res->mql_expires_at; /* the rule is core's (core/replay.c) */
    if (deadline == HO_TIME_NONE || deadline > eng->as_of || res->n_journeys == 0)
        return;
    const struct ho_journey *j = &res->journeys[res->n_journeys - 1];
    struct ho_buf id = HO_BUF_INIT;
    ho_buf_printf(&id, "expire:%s:%u", ho_eventlog_str(&eng->log, res->lead), j->n);
    struct ho_kv kv = { intern(eng, "reason"), eng->model.v.expired };
    struct ho_event e = { .ts = deadline,
                          .id = intern(eng, ho_buf_cstr(&id)),
                          .type = eng->model.v.nurture,
                          .lead = res->lead,
                          .n_props = 1 };
    (void)ho_eventlog_append(&eng->log, &e, &kv);
    ho_buf_release(&id);
}
