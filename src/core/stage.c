/* SPDX-License-Identifier: MIT */
/*
 * core/stage.c - stage names and when a journey ends.
 */
#include "core/stage.h"

#include <string.h>

#include "base/compiler.h"

static const char *const stage_names[HO_STAGE__COUNT] = {
    [HO_STAGE_LEAD] = "lead",         [HO_STAGE_MQL] = "mql",
    [HO_STAGE_SAL] = "sal",           [HO_STAGE_SQL] = "sql",
    [HO_STAGE_MEETING] = "meeting",   [HO_STAGE_OPPORTUNITY] = "opportunity",
    [HO_STAGE_CUSTOMER] = "customer", [HO_STAGE_CLOSED_LOST] = "closed_lost",
    [HO_STAGE_NURTURE] = "nurture",   [HO_STAGE_DISQUALIFIED] = "disqualified",
};

const char *
ho_stage_name(enum ho_stage s)
{
    return (unsigned)s < HO_STAGE__COUNT ? stage_names[s] : "unknown";
}

bool
ho_stage_parse(const char *name, enum ho_stage *out)
{
    for (int s = 0; s < HO_STAGE__COUNT; s++) {
        if (strcmp(name, stage_names[s]) == 0) {
            *out = (enum ho_stage)s;
            return true;
        }
    }
    return false;
}

bool
ho_stage_is_funnel(enum ho_stage s)
{
    return s >= HO_STAGE_MQL && s <= HO_STAGE_CUSTOMER;
}

bool
ho_stage_in_set(const struct ho_stage_set_opts *o, enum ho_stage s)
{
    if (!ho_stage_is_funnel(s))
        return false;
    if (s == HO_STAGE_SAL)
        return o == NULL || !o->no_sal;
    if (s == HO_STAGE_MEETING)
        return o != NULL && o->meeting;
    return true;
}

size_t
ho_stage_funnel_list(const struct ho_stage_set_opts *o, enum ho_stage out[HO_STAGE__COUNT])
{
    size_t n = 0;
    for (int s = HO_STAGE_MQL; s <= HO_STAGE_CUSTOMER; s++) {
        if (ho_stage_in_set(o, (enum ho_stage)s))
            out[n++] = (enum ho_stage)s;
    }
    return n;
}

int64_t
ho_journey_start(const struct ho_journey *j)
{
    return j->entered[j->first];
}

int64_t
ho_journey_end(const struct ho_journey *j)
{
    static const enum ho_stage ends[] = { HO_STAGE_CUSTOMER, HO_STAGE_CLOSED_LOST, HO_STAGE_NURTURE,
                                          HO_STAGE_DISQUALIFIED };
    int64_t end = HO_TIME_NONE;
    for (size_t i = 0; i < HO_ARRAY_LEN(ends); i++) {
        int64_t t = j->entered[ends[i]];
        if (t != HO_TIME_NONE && (end == HO_TIME_NONE || t < end))
            end = t;
    }
    return end;
}
