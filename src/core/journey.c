/* SPDX-License-Identifier: MIT */
/*
 * core/journey.c - the MQL-aging predicate on stored journeys.
 */
#include "core/journey.h"

bool
ho_journey_untouched_mql(const struct ho_journey_brief *b, int64_t mql_before)
{
    return b->lead_stage == HO_STAGE_MQL && !b->closed && b->last == HO_STAGE_MQL &&
           b->at_mql != HO_TIME_NONE && b->at_mql <= mql_before &&
           b->first_contact_at == HO_TIME_NONE && b->contact_made_at == HO_TIME_NONE;
}
