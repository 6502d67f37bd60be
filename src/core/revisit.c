/* SPDX-License-Identifier: MIT */
/*
 * core/revisit.c - due nurture revisits.
 */
#include "core/revisit.h"

#include <stdlib.h>

#include "base/xalloc.h"
#include "core/funnel.h"

struct due {
    int64_t at;
    size_t row;
};

static int
cmp_due(const void *a, const void *b)
{
    const struct due *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return (x->row > y->row) - (x->row < y->row);
}

size_t
ho_revisits_due(const struct ho_journey_row *rows, size_t n, int64_t now, size_t **out)
{
    struct due *d = ho_xmalloc(ho_size_mul(n + 1, sizeof(*d)));
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const struct ho_journey *j = &rows[i].j;
        bool latest = i + 1 == n || rows[i + 1].lead != rows[i].lead;
        if (latest && j->last == HO_STAGE_NURTURE && j->revisit_at != HO_TIME_NONE &&
            j->revisit_at <= now)
            d[k++] = (struct due){ j->revisit_at, i };
    }
    qsort(d, k, sizeof(*d), cmp_due);
    *out = ho_xmalloc(ho_size_mul(k + 1, sizeof(**out)));
    for (size_t i = 0; i < k; i++)
        (*out)[i] = d[i].row;
    ho_xfree(d);
    return k;
}
