/* SPDX-License-Identifier: MIT */
/*
 * core/groups.h - journeys split into the groups of a report dimension
 * (--by, core/dims.h): the group of every journey, the order the groups are
 * listed in, and the grouping of rows into group indices that the reports
 * showing one block per group walk.
 *
 * Reports that split by a dimension take one key per journey row, computed
 * here with ho_dim_key(), and a rank per key for sorting:
 *   channel        the definitions' channel order, then other names A-Z
 *   channel_group  inbound, outbound, partner, then other names A-Z
 *   rule           min_score, the or_any sets in definitions order, then A-Z
 *   rep            the definitions' reps order, then other names A-Z
 *   segment        1-49, 50-199, 200-499, 500-999, 1000+
 *   campaign, source  A-Z
 * and "(none)" (a journey without a value) always last.  Without a
 * dimension (HO_DIM_ALL) a grouping has one group named "all", also when
 * there are no rows.
 *
 * Pure: no I/O.  Results are owned by the caller.
 */
#ifndef HO_CORE_GROUPS_H
#define HO_CORE_GROUPS_H

#include <stddef.h>
#include <stdint.h>

#include "core/dims.h"

struct ho_defs;
struct ho_journey_row;
struct ho_strtab;

/*
 * The key of every row: keys[i] = ho_dim_key(defs, strings, dim, &rows[i]),
 * an id interned into strings.  Returns an owned array of n keys (a valid
 * pointer also for n == 0): caller frees with ho_xfree().
 */
uint32_t *ho_group_keys(const struct ho_defs *defs, struct ho_strtab *strings, enum ho_dim dim,
                        const struct ho_journey_row *rows, size_t n);

/*
 * The sort rank of each key of keys[0..n) under dim (see the top of this
 * file), indexed by string id: rank[keys[i]].  Ids that are no key get
 * UINT32_MAX.  Call after every key is interned.  Returns an owned array of
 * ho_strtab_count(strings) ranks: caller frees with ho_xfree().
 */
uint32_t *ho_group_order(const struct ho_defs *defs, const struct ho_strtab *strings,
                         enum ho_dim dim, const uint32_t *keys, size_t n);

/* Rows put into groups, listed in the order above. */
struct ho_grouping {
    uint32_t *of_row; /* owned: of_row[i] is the group index of rows[i] */
    uint32_t *keys;   /* owned: keys[g] is the interned name of group g */
    size_t n;         /* number of groups; HO_DIM_ALL always has its one group */
};

/*
 * Put each of rows[0..n) into its group under dimension by (interning the
 * group names into strings).  out is owned by the caller:
 * ho_grouping_release().
 */
void ho_grouping_build(const struct ho_defs *defs, struct ho_strtab *strings, enum ho_dim by,
                       const struct ho_journey_row *rows, size_t n, struct ho_grouping *out);
/* Free what g owns (NULL-safe fields); g is left empty. */
void ho_grouping_release(struct ho_grouping *g);

#endif /* HO_CORE_GROUPS_H */
