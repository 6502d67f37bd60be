/* SPDX-License-Identifier: MIT */
/*
 * engine/pql_scan.c - the events of the PQL criteria's types grouped by lead
 * (CSR over interned lead ids), each lead's list sorted and evaluated.
 */
#include "engine/pql_scan.h"

#include <stdbool.h>
#include <string.h>

#include "base/strtab.h"
#include "base/xalloc.h"
#include "core/defs.h"
#include "core/event.h"
#include "core/model.h"
#include "core/pql.h"
#include "engine/lead_index.h"

static bool
criteria_type(const struct ho_pql_def *def, uint32_t type)
{
    for (size_t k = 0; k < def->n_all; k++) {
        if (def->all[k].event_id == type)
            return true;
    }
    return false;
}

/* Event indices of the criteria's types, grouped by lead: lead id L's events
 * are ev[start[L], start[L + 1]) in log order.  Both owned by the caller. */
static uint32_t *
group_by_lead(const struct ho_eventlog *log, const struct ho_pql_def *def, size_t n_ids,
              size_t **start_out)
{
    size_t *start = ho_xcalloc(n_ids + 1, sizeof(size_t));
    for (size_t i = 0; i < log->n; i++) {
        const struct ho_event *e = &log->events[i];
        if (e->lead && e->lead < n_ids && criteria_type(def, e->type))
            start[e->lead + 1]++;
    }
    for (size_t id = 0; id < n_ids; id++)
        start[id + 1] += start[id];
    size_t *fill = ho_xmalloc(ho_size_mul(n_ids + 1, sizeof(size_t)));
    memcpy(fill, start, (n_ids + 1) * sizeof(size_t));
    uint32_t *ev = ho_xmalloc(ho_size_mul(start[n_ids] + 1, sizeof(uint32_t)));
    for (size_t i = 0; i < log->n; i++) {
        const struct ho_event *e = &log->events[i];
        if (e->lead && e->lead < n_ids && criteria_type(def, e->type))
            ev[fill[e->lead]++] = (uint32_t)i;
    }
    ho_xfree(fill);
    *start_out = start;
    return ev;
}

void
ho_pql_scan(const struct ho_eventlog *log, const struct ho_model *m, struct ho_pql_lead **out,
            size_t *n)
{
    const struct ho_pql_def *def = &m->defs->pql;
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    if (def->n_all == 0)
        return;
    size_t n_ids = ho_strtab_count(log->strings);
    size_t *start = NULL;
    uint32_t *ev = group_by_lead(log, def, n_ids, &start);
    for (size_t id = 1; id < n_ids; id++) {
        size_t len = start[id + 1] - start[id];
        int64_t at;
        if (len == 0)
            continue;
        ho_events_sort(log, ev + start[id], len);
        if (!ho_pql_eval(def, log, ev + start[id], len, &at))
            continue;
        HO_GROW(*out, cap, *n + 1);
        (*out)[(*n)++] = (struct ho_pql_lead){ .lead = (uint32_t)id, .at = at };
    }
    ho_xfree(ev);
    ho_xfree(start);
}
