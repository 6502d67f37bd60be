/* SPDX-License-Identifier: MIT */
/*
 * core/grouping.c - group indices of journeys under a --by dimension, in
 * the order of core/groups.h.
 */
#include "core/grouping.h"

#include <string.h>

#include "base/strtab.h"
#include "base/xalloc.h"
#include "core/funnel.h"
#include "core/groups.h"

void
ho_grouping_build(const struct ho_defs *defs, struct ho_strtab *strings, enum ho_dim by,
                  const struct ho_journey_row *rows, size_t n, struct ho_grouping *out)
{
    uint32_t all = by == HO_DIM_ALL ? ho_strtab_intern(strings, "all", 3) : 0;
    uint32_t *keys = ho_group_keys(defs, strings, by, rows, n);
    uint32_t *rank = ho_group_order(defs, strings, by, keys, n); /* dense 0..groups-1 */
    size_t groups = 0;
    out->of_row = ho_xmalloc(ho_size_mul(n + 1, sizeof(*out->of_row)));
    for (size_t i = 0; i < n; i++) {
        out->of_row[i] = rank[keys[i]];
        if ((size_t)rank[keys[i]] + 1 > groups)
            groups = (size_t)rank[keys[i]] + 1;
    }
    out->keys = ho_xmalloc(ho_size_mul(groups + 1, sizeof(*out->keys)));
    for (size_t i = 0; i < n; i++)
        out->keys[out->of_row[i]] = keys[i];
    if (groups == 0 && by == HO_DIM_ALL) {
        /* An empty period still has its one group, so reports show n/a. */
        out->keys[0] = all;
        groups = 1;
    }
    out->n = groups;
    ho_xfree(rank);
    ho_xfree(keys);
}

void
ho_grouping_release(struct ho_grouping *g)
{
    ho_xfree(g->of_row);
    ho_xfree(g->keys);
    memset(g, 0, sizeof(*g));
}
