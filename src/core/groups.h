/* SPDX-License-Identifier: MIT */
/*
 * core/groups.h - the group of every journey under a report dimension (--by)
 * and the order the groups are listed in.
 *
 * Reports that split by a dimension (funnel, flow) take one key per journey
 * row, computed here with ho_dim_key(), and a rank per key for sorting:
 *   channel        the definitions' channel order, then other names A-Z
 *   channel_group  inbound, outbound, partner, then other names A-Z
 *   rule           min_score, the or_any sets in definitions order, then A-Z
 *   rep            the definitions' reps order, then other names A-Z
 *   segment        1-49, 50-199, 200-499, 500-999, 1000+
 *   campaign, source  A-Z
 * and "(none)" (a journey without a value) always last.
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

#endif /* HO_CORE_GROUPS_H */
