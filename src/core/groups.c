/* SPDX-License-Identifier: MIT */
/*
 * core/groups.c - report group keys, their order, and rows grouped by them
 * (see groups.h).
 */
#include "core/groups.h"

#include <stdlib.h>
#include <string.h>

#include "base/strtab.h"
#include "base/xalloc.h"
#include "core/defs.h"
#include "core/funnel.h"

uint32_t *
ho_group_keys(const struct ho_defs *defs, struct ho_strtab *strings, enum ho_dim dim,
              const struct ho_journey_row *rows, size_t n)
{
    uint32_t *keys = ho_xmalloc(ho_size_mul(n + 1, sizeof(*keys)));
    for (size_t i = 0; i < n; i++)
        keys[i] = ho_dim_key(defs, strings, dim, &rows[i]);
    return keys;
}

static const char *const group_names[] = { "inbound", "outbound", "partner" };
static const char *const band_names[] = { "1-49", "50-199", "200-499", "500-999", "1000+" };

static int
index_in(const char *const *list, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(list[i], name) == 0)
            return (int)i;
    }
    return -1;
}

/* The position of name in the dimension's own order, or -1 when it has none. */
static int
known_position(const struct ho_defs *defs, enum ho_dim dim, const char *name)
{
    switch (dim) {
    case HO_DIM_CHANNEL:
        for (size_t i = 0; i < defs->n_channels; i++) {
            if (strcmp(defs->channels[i].name, name) == 0)
                return (int)i;
        }
        return -1;
    case HO_DIM_CHANNEL_GROUP:
        return index_in(group_names, HO_ARRAY_LEN(group_names), name);
    case HO_DIM_RULE:
        if (strcmp(name, "min_score") == 0)
            return 0;
        for (size_t i = 0; i < defs->mql.n_or_any; i++) {
            if (strcmp(defs->mql.or_any[i].name, name) == 0)
                return (int)i + 1;
        }
        return -1;
    case HO_DIM_REP:
        for (size_t i = 0; i < defs->n_reps; i++) {
            if (strcmp(defs->reps[i].id, name) == 0)
                return (int)i;
        }
        return -1;
    case HO_DIM_SEGMENT:
        return index_in(band_names, HO_ARRAY_LEN(band_names), name);
    case HO_DIM_ALL:
    case HO_DIM_CAMPAIGN:
    case HO_DIM_SOURCE:
    case HO_DIM__COUNT:
        return -1;
    }
    return -1;
}

struct ranked {
    int tier; /* 0: known position, 1: other names A-Z, 2: "(none)" */
    int pos;
    const char *name;
    uint32_t id;
};

static int
cmp_ranked(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    if (x->tier != y->tier)
        return x->tier < y->tier ? -1 : 1;
    if (x->pos != y->pos)
        return x->pos < y->pos ? -1 : 1;
    return strcmp(x->name, y->name);
}

uint32_t *
ho_group_order(const struct ho_defs *defs, const struct ho_strtab *strings, enum ho_dim dim,
               const uint32_t *keys, size_t n)
{
    uint32_t count = ho_strtab_count(strings);
    uint32_t *rank = ho_xmalloc(ho_size_mul(count, sizeof(*rank)));
    for (uint32_t i = 0; i < count; i++)
        rank[i] = UINT32_MAX;
    struct ranked *r = ho_xmalloc(ho_size_mul((size_t)count + 1, sizeof(*r)));
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t id = keys[i];
        if (id >= count || rank[id] == 0)
            continue;
        rank[id] = 0; /* seen */
        const char *name = ho_strtab_str(strings, id);
        int pos = known_position(defs, dim, name);
        int tier = strcmp(name, "(none)") == 0 ? 2 : pos < 0 ? 1 : 0;
        r[k++] =
            (struct ranked){ .tier = tier, .pos = tier == 0 ? pos : 0, .name = name, .id = id };
    }
    if (k)
        qsort(r, k, sizeof(*r), cmp_ranked);
    for (size_t i = 0; i < k; i++)
        rank[r[i].id] = (uint32_t)i;
    ho_xfree(r);
    return rank;
}

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
