/* SPDX-License-Identifier: MIT */
/*
 * core/outcome.c - what really became of a lead (core/outcome.h).
 */
#include "core/outcome.h"

#include <stdbool.h>

#include "core/replay.h"

const char *
ho_real_outcome_name(enum ho_real_outcome o)
{
    switch (o) {
    case HO_REAL_NOT_SQL:
        return "not_sql";
    case HO_REAL_SQL:
        return "sql";
    case HO_REAL_CUSTOMER:
        return "customer";
    case HO_REAL_UNKNOWN:
    default:
        return "unknown";
    }
}

/* a, or b when it is earlier (HO_TIME_NONE is "never"). */
static int64_t
earlier(int64_t a, int64_t b)
{
    if (b == HO_TIME_NONE)
        return a;
    return a == HO_TIME_NONE || b < a ? b : a;
}

int64_t
ho_lead_first_entry(const struct ho_lead_result *r, enum ho_stage s)
{
    int64_t best = HO_TIME_NONE;
    for (size_t i = 0; i < r->n_journeys; i++)
        best = earlier(best, r->journeys[i].entered[s]);
    return best;
}

int64_t
ho_lead_first_sales_touch(const struct ho_lead_result *r)
{
    static const enum ho_stage sales_stages[] = { HO_STAGE_SAL,      HO_STAGE_SQL,
                                                  HO_STAGE_MEETING,  HO_STAGE_OPPORTUNITY,
                                                  HO_STAGE_CUSTOMER, HO_STAGE_CLOSED_LOST };
    int64_t best = HO_TIME_NONE;
    for (size_t i = 0; i < r->n_journeys; i++) {
        const struct ho_journey *j = &r->journeys[i];
        best = earlier(best, j->first_contact_at);
        best = earlier(best, j->contact_made_at);
        for (size_t k = 0; k < sizeof(sales_stages) / sizeof(sales_stages[0]); k++)
            best = earlier(best, j->entered[sales_stages[k]]);
    }
    if (r->sales_disqualified)
        best = earlier(best, ho_lead_first_entry(r, HO_STAGE_DISQUALIFIED));
    return best;
}

enum ho_real_outcome
ho_lead_real_outcome(const struct ho_lead_result *r)
{
    if (ho_lead_first_entry(r, HO_STAGE_CUSTOMER) != HO_TIME_NONE)
        return HO_REAL_CUSTOMER;
    if (ho_lead_first_entry(r, HO_STAGE_SQL) != HO_TIME_NONE ||
        ho_lead_first_entry(r, HO_STAGE_MEETING) != HO_TIME_NONE) /* sql skipped */
        return HO_REAL_SQL;
    return ho_lead_first_sales_touch(r) != HO_TIME_NONE ? HO_REAL_NOT_SQL : HO_REAL_UNKNOWN;
}
