/* SPDX-License-Identifier: MIT */
/*
 * core/top_funnel.h - the top of the funnel, by month: anonymous visitors and
 * how many became leads (visitor->lead), and leads created and how many
 * became MQLs (lead->MQL).  Shown when anonymous traffic was ingested.
 *
 * Pure: no I/O.
 */
#ifndef HO_CORE_TOP_FUNNEL_H
#define HO_CORE_TOP_FUNNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/journey.h"

struct ho_journey_row;

struct ho_top_month {
    int64_t month;          /* ho_time_month_index() */
    uint64_t visitors;      /* first seen this month */
    uint64_t visitor_leads; /* of those, linked to a lead */
    uint64_t leads;         /* leads created this month */
    uint64_t lead_mqls;     /* of those, with a journey that entered mql */
    bool incomplete;        /* the month had not ended at the as-of time */
};

/* Count by month over [from, to); lead ids in leads and rows are interned in
 * the same string table.  *out is owned by the caller (ho_xfree); months
 * ascending. */
void ho_top_funnel(const struct ho_visitor_row *visitors, size_t n_visitors,
                   const struct ho_lead_row *leads, size_t n_leads,
                   const struct ho_journey_row *rows, size_t n_rows, int64_t from, int64_t to,
                   struct ho_top_month **out, size_t *n_out);
/* Mark the months m[0..n) that had not ended at as_of incomplete. */
void ho_top_funnel_mark_incomplete(struct ho_top_month *m, size_t n, int64_t as_of);

#endif /* HO_CORE_TOP_FUNNEL_H */
