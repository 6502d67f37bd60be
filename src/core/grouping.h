/* SPDX-License-Identifier: MIT */
/*
 * core/grouping.h - journeys split into the groups of a --by dimension
 * (core/dims.h), for the reports that show one block per group.
 *
 * Groups are listed in the order of core/groups.h (the definitions' order
 * of channels, reps and MQL rules, the size bands in size order, other
 * names A-Z, "(none)" last); without a dimension (HO_DIM_ALL) there is one
 * group named "all", also when there are no rows.
 *
 * Pure: no I/O.  Interns the group names into the caller's string table.
 */
#ifndef HO_CORE_GROUPING_H
#define HO_CORE_GROUPING_H

#include <stddef.h>
#include <stdint.h>

#include "core/dims.h"

struct ho_defs;
struct ho_journey_row;
struct ho_strtab;

struct ho_grouping {
    uint32_t *of_row; /* owned: of_row[i] is the group index of rows[i] */
    uint32_t *keys;   /* owned: keys[g] is the interned name of group g */
    size_t n;         /* number of groups; HO_DIM_ALL always has its one group */
};

/*
 * Put each of rows[0..n) into its group under dimension by.  out is owned by
 * the caller: ho_grouping_release().
 */
void ho_grouping_build(const struct ho_defs *defs, struct ho_strtab *strings, enum ho_dim by,
                       const struct ho_journey_row *rows, size_t n, struct ho_grouping *out);
/* Free what g owns (NULL-safe fields); g is left empty. */
void ho_grouping_release(struct ho_grouping *g);

#endif /* HO_CORE_GROUPING_H */
