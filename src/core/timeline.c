/* SPDX-License-Identifier: MIT */
/*
 * core/timeline.c - the definitions version in force at a time, and the
 * carrying of a lead's state from one version to the next (core/timeline.h).
 */
#include "core/timeline.h"

#include <stdbool.h>
#include <string.h>

#include "core/defs.h"
#include "core/sla.h"
#include "core/stage.h"

size_t
ho_timeline_step_at(const struct ho_timeline_step *steps, size_t n, int64_t t)
{
    size_t k = 0;
    while (k + 1 < n && steps[k + 1].from <= t)
        k++;
    return k;
}

/* Name of rule i of d (fit rules first, then behaviour rules). */
static const char *
rule_name(const struct ho_defs *d, size_t i)
{
    return i < d->n_fit ? d->fit[i].name : d->behavior[i - d->n_fit].name;
}

/* Index in d of the rule named name with the same kind, or -1. */
static long
rule_index(const struct ho_defs *d, const char *name, bool is_fit)
{
    size_t lo = is_fit ? 0 : d->n_fit;
    size_t hi = is_fit ? d->n_fit : d->n_fit + d->n_behavior;
    for (size_t i = lo; i < hi; i++) {
        if (strcmp(rule_name(d, i), name) == 0)
            return (long)i;
    }
    return -1;
}

static uint64_t
remap_rule_bits(uint64_t bits, const struct ho_defs *from, const struct ho_defs *to)
{
    uint64_t out = 0;
    for (size_t i = 0; i < 64 && i < from->n_fit + from->n_behavior; i++) {
        if (!(bits & (1ULL << i)))
            continue;
        long k = rule_index(to, rule_name(from, i), i < from->n_fit);
        if (k >= 0 && k < 64)
            out |= 1ULL << k;
    }
    return out;
}

/* The criterion of `from` (HO_CRITERION_* or or_any index + 1) in `to`'s
 * terms: min_score stays, an or_any set is found by name. */
static int32_t
remap_criterion(int32_t c, const struct ho_defs *from, const struct ho_defs *to)
{
    if (c < 1 || (size_t)c > from->mql.n_or_any)
        return c;
    const char *name = from->mql.or_any[c - 1].name;
    for (size_t k = 0; k < to->mql.n_or_any; k++) {
        if (strcmp(to->mql.or_any[k].name, name) == 0)
            return (int32_t)k + 1;
    }
    return HO_CRITERION_NONE;
}

static uint64_t
remap_criteria_bits(uint64_t bits, const struct ho_defs *from, const struct ho_defs *to)
{
    uint64_t out = bits & 1ULL; /* min_score */
    for (int32_t k = 1; k < 64; k++) {
        if (!(bits & (1ULL << k)))
            continue;
        int32_t c = remap_criterion(k, from, to);
        if (c >= 1 && c < 64)
            out |= 1ULL << c;
    }
    return out;
}

void
ho_timeline_remap_journey(struct ho_journey *j, const struct ho_defs *from,
                          const struct ho_defs *to)
{
    j->criterion = remap_criterion(j->criterion, from, to);
    j->criteria_at_mql = remap_criteria_bits(j->criteria_at_mql, from, to);
    j->rules_at_mql = remap_rule_bits(j->rules_at_mql, from, to);
}

/* The SLA of `to` that entry i of `from` maps to, or -1: the k-th entry of
 * a name maps to the k-th entry of that name. */
static long
sla_index(const struct ho_defs *from, size_t i, const struct ho_defs *to)
{
    const char *name = from->slas[i].name;
    size_t nth = 0;
    for (size_t p = 0; p < i; p++)
        nth += strcmp(from->slas[p].name, name) == 0;
    for (size_t p = 0; p < to->n_slas; p++) {
        if (strcmp(to->slas[p].name, name) == 0 && nth-- == 0)
            return (long)p;
    }
    return -1;
}

size_t
ho_timeline_remap_clocks(struct ho_sla_clock *c, size_t n, const struct ho_defs *from,
                         const struct ho_defs *to)
{
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        long s = c[i].sla < from->n_slas ? sla_index(from, c[i].sla, to) : -1;
        if (s < 0)
            continue;
        c[kept] = c[i];
        c[kept].sla = (uint32_t)s;
        kept++;
    }
    return kept;
}
