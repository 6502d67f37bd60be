/* SPDX-License-Identifier: MIT */
/*
 * core/top_funnel.c - visitors and leads by month.
 */
#include "core/top_funnel.h"

#include <string.h>

#include "base/timefmt.h"
#include "base/xalloc.h"
#include "core/funnel.h"

static struct ho_top_month *
month_slot(struct ho_top_month **out, size_t *n, size_t *cap, int64_t month)
{
    size_t i = 0;
    while (i < *n && (*out)[i].month < month)
        i++;
    if (i < *n && (*out)[i].month == month)
        return &(*out)[i];
    HO_GROW(*out, *cap, *n + 1);
    memmove(&(*out)[i + 1], &(*out)[i], (*n - i) * sizeof(**out));
    memset(&(*out)[i], 0, sizeof(**out));
    (*out)[i].month = month;
    (*n)++;
    return &(*out)[i];
}

/* mql[id] = 1 when the lead with interned id `id` has a journey that
 * entered mql.  Owned by the caller. */
static uint8_t *
mql_leads(const struct ho_lead_row *leads, size_t n_leads, const struct ho_journey_row *rows,
          size_t n_rows)
{
    uint32_t max = 0;
    for (size_t i = 0; i < n_leads; i++)
        max = leads[i].lead > max ? leads[i].lead : max;
    for (size_t i = 0; i < n_rows; i++)
        max = rows[i].lead > max ? rows[i].lead : max;
    uint8_t *mql = ho_xcalloc((size_t)max + 1, 1);
    for (size_t i = 0; i < n_rows; i++) {
        if (rows[i].j.entered[HO_STAGE_MQL] != HO_TIME_NONE)
            mql[rows[i].lead] = 1;
    }
    return mql;
}

void
ho_top_funnel(const struct ho_visitor_row *visitors, size_t n_visitors,
              const struct ho_lead_row *leads, size_t n_leads, const struct ho_journey_row *rows,
              size_t n_rows, int64_t from, int64_t to, struct ho_top_month **out, size_t *n_out)
{
    size_t cap = 0;
    *out = NULL;
    *n_out = 0;
    for (size_t i = 0; i < n_visitors; i++) {
        int64_t t = visitors[i].first_seen;
        if (t < from || t >= to)
            continue;
        struct ho_top_month *m = month_slot(out, n_out, &cap, ho_time_month_index(t));
        m->visitors++;
        m->visitor_leads += visitors[i].linked_at != HO_TIME_NONE;
    }
    uint8_t *mql = mql_leads(leads, n_leads, rows, n_rows);
    for (size_t i = 0; i < n_leads; i++) {
        int64_t t = leads[i].created;
        if (t == HO_TIME_NONE || t < from || t >= to)
            continue;
        struct ho_top_month *m = month_slot(out, n_out, &cap, ho_time_month_index(t));
        m->leads++;
        m->lead_mqls += mql[leads[i].lead];
    }
    ho_xfree(mql);
}

void
ho_top_funnel_mark_incomplete(struct ho_top_month *m, size_t n, int64_t as_of)
{
    for (size_t i = 0; i < n; i++)
        m[i].incomplete = ho_month_index_start(m[i].month + 1) > as_of;
}
