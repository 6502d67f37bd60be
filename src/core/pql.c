/* SPDX-License-Identifier: MIT */
/*
 * core/pql.c - evaluation of the product-usage criteria over one lead's
 * events, and the PQL->SQL rate.
 */
#include "core/pql.h"

#include <string.h>

#include "base/xalloc.h"
#include "core/accounts.h"
#include "core/defs.h"
#include "core/event.h"
#include "core/match.h"
#include "core/stage.h"

bool
ho_pql_matches(const struct ho_pql_criterion *c, const struct ho_eventlog *log,
               const struct ho_event *e)
{
    if (e->type != c->event_id || c->event_id == 0)
        return false;
    for (size_t i = 0; i < c->n_where; i++) {
        uint32_t val = ho_event_prop(log, e, c->where[i].field_id);
        if (!ho_match_text(&c->where[i], ho_eventlog_str(log, val)))
            return false;
    }
    return true;
}

bool
ho_pql_eval(const struct ho_pql_def *def, const struct ho_eventlog *log, const uint32_t *ev,
            size_t n, int64_t *at)
{
    uint32_t seen[HO_PQL_MAX_CRITERIA] = { 0 };
    size_t held = 0;
    *at = HO_TIME_NONE;
    if (def->n_all == 0 || def->n_all > HO_PQL_MAX_CRITERIA)
        return false;
    for (size_t i = 0; i < n; i++) {
        const struct ho_event *e = &log->events[ev[i]];
        for (size_t k = 0; k < def->n_all; k++) {
            if (seen[k] < def->all[k].count && ho_pql_matches(&def->all[k], log, e) &&
                ++seen[k] == def->all[k].count)
                held++;
        }
        if (held == def->n_all) {
            *at = e->ts;
            return true;
        }
    }
    return false;
}

void
ho_pql_summarize(const struct ho_pql_lead *p, size_t n, const struct ho_journey_row *rows,
                 size_t n_rows, struct ho_pql_summary *out)
{
    uint32_t max = 0;
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < n; i++)
        max = p[i].lead > max ? p[i].lead : max;
    /* Per PQL lead: its latest time of reaching sql, and whether it was an MQL. */
    int64_t *latest_sql = ho_xmalloc(ho_size_mul((size_t)max + 1, sizeof(int64_t)));
    uint8_t *mql = ho_xcalloc((size_t)max + 1, 1);
    for (size_t i = 0; i <= max; i++)
        latest_sql[i] = HO_TIME_NONE;
    for (size_t i = 0; i < n_rows; i++) {
        uint32_t lead = rows[i].lead;
        if (lead > max)
            continue;
        int64_t t = ho_journey_sql_at(&rows[i].j);
        if (t != HO_TIME_NONE && t > latest_sql[lead])
            latest_sql[lead] = t;
        if (rows[i].j.entered[HO_STAGE_MQL] != HO_TIME_NONE)
            mql[lead] = 1;
    }
    for (size_t i = 0; i < n; i++) {
        out->pqls++;
        out->pql_sql.den++;
        out->pql_sql.num +=
            latest_sql[p[i].lead] != HO_TIME_NONE && latest_sql[p[i].lead] >= p[i].at;
        out->also_mql += mql[p[i].lead];
    }
    ho_xfree(latest_sql);
    ho_xfree(mql);
}
