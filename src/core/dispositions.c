/* SPDX-License-Identifier: MIT */
/*
 * core/dispositions.c - dispositions by reason and category.
 */
#include "core/dispositions.h"

#include <stdlib.h>
#include <string.h>

#include "base/strtab.h"
#include "base/xalloc.h"
#include "core/defs.h"
#include "core/funnel.h"
#include "core/groups.h"

#define UNCATEGORIZED "uncategorized"

static const struct {
    const char *category;
    const char *implication;
} readings[] = {
    { "bad_fit", "targeting: these leads are outside the ideal customer profile; tighten "
                 "audiences, lists and the fit rules" },
    { "bad_timing", "nurture: right buyer, wrong time; keep them in nurture programs and "
                    "revisit instead of treating them as lost" },
    { "bad_data", "forms/enrichment: contact or company data was wrong or missing; fix form "
                  "validation and enrichment" },
    { "bad_scoring", "scoring rules: behaviour was over-scored; review the behaviour points "
                     "and the MQL threshold" },
    { "no_response", "speed or channel: the lead never answered; follow up faster or through "
                     "another channel" },
    { "expired", "follow-up capacity: MQLs aged out before anyone touched them; sales capacity "
                 "or routing is short" },
    { UNCATEGORIZED, "no sales reason: closed without a code, or by a disqualify rule (e.g. "
                     "competitor); have sales pick a code from the closed list" },
};

const char *
ho_disposition_implication(const char *category)
{
    for (size_t i = 0; i < HO_ARRAY_LEN(readings); i++) {
        if (strcmp(readings[i].category, category) == 0)
            return readings[i].implication;
    }
    return "";
}

const char *
ho_disposition_category(const struct ho_defs *defs, const char *code)
{
    if (!code || !*code)
        return UNCATEGORIZED;
    const struct ho_reason *r = ho_defs_reason(defs, code);
    if (r)
        return r->category;
    if (strcmp(code, "expired") == 0)
        return "expired";
    return UNCATEGORIZED;
}

static bool
is_disposition(const struct ho_journey *j, int64_t from, int64_t to)
{
    if (!j->closed || (j->last != HO_STAGE_NURTURE && j->last != HO_STAGE_DISQUALIFIED))
        return false;
    int64_t t = j->entered[j->last];
    return t != HO_TIME_NONE && t >= from && t < to;
}

/* Per group: reasons collected while counting (capacity kept alongside). */
struct acc {
    struct ho_disp_reason *reasons;
    size_t n, cap;
    uint64_t total;
};

static void
count_reason(struct acc *a, const struct ho_defs *defs, const struct ho_strtab *strings,
             const struct ho_journey *j)
{
    size_t k = 0;
    while (k < a->n && a->reasons[k].reason != j->reason)
        k++;
    if (k == a->n) {
        HO_GROW(a->reasons, a->cap, a->n + 1);
        struct ho_disp_reason *r = &a->reasons[a->n++];
        memset(r, 0, sizeof(*r));
        r->reason = j->reason;
        r->code = j->reason ? ho_strtab_str(strings, j->reason) : "";
        r->category = ho_disposition_category(defs, r->code);
    }
    a->reasons[k].count++;
    if (j->last == HO_STAGE_NURTURE)
        a->reasons[k].nurtured++;
    else
        a->reasons[k].disqualified++;
    a->total++;
}

static int
cmp_reason(const void *a, const void *b)
{
    const struct ho_disp_reason *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    if (!*x->code != !*y->code) /* "no code" last */
        return !*x->code ? 1 : -1;
    return strcmp(x->code, y->code);
}

static int
cmp_category(const void *a, const void *b)
{
    const struct ho_disp_category *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return strcmp(x->category, y->category);
}

/* Turn one group's reasons into its final form: sorted reasons and the
 * category totals. */
static void
finish_group(struct acc *a, uint32_t key, struct ho_disp_group *g)
{
    memset(g, 0, sizeof(*g));
    g->key = key;
    g->total = a->total;
    g->reasons = a->reasons;
    g->n_reasons = a->n;
    if (a->n > 1)
        qsort(g->reasons, a->n, sizeof(*g->reasons), cmp_reason);
    g->categories = ho_xcalloc(a->n + 1, sizeof(*g->categories));
    for (size_t i = 0; i < a->n; i++) {
        size_t c = 0;
        while (c < g->n_categories &&
               strcmp(g->categories[c].category, a->reasons[i].category) != 0)
            c++;
        if (c == g->n_categories)
            g->categories[g->n_categories++].category = a->reasons[i].category;
        g->categories[c].count += a->reasons[i].count;
    }
    if (g->n_categories > 1)
        qsort(g->categories, g->n_categories, sizeof(*g->categories), cmp_category);
    a->reasons = NULL; /* transferred */
}

void
ho_dispositions_compute(const struct ho_journey_row *rows, size_t n, const struct ho_defs *defs,
                        struct ho_strtab *strings, const struct ho_disp_opts *o,
                        struct ho_dispositions *out)
{
    struct ho_grouping grp;
    ho_grouping_build(defs, strings, o->by, rows, n, &grp);
    struct acc *accs = ho_xcalloc(grp.n + 1, sizeof(*accs));
    for (size_t i = 0; i < n; i++) {
        if (is_disposition(&rows[i].j, o->from, o->to))
            count_reason(&accs[grp.of_row[i]], defs, strings, &rows[i].j);
    }
    memset(out, 0, sizeof(*out));
    out->by = o->by;
    out->groups = ho_xcalloc(grp.n + 1, sizeof(*out->groups));
    for (size_t g = 0; g < grp.n; g++) {
        if (accs[g].total == 0 && o->by != HO_DIM_ALL)
            continue;
        finish_group(&accs[g], grp.keys[g], &out->groups[out->n++]);
    }
    for (size_t g = 0; g < grp.n; g++)
        ho_xfree(accs[g].reasons);
    ho_xfree(accs);
    ho_grouping_release(&grp);
}

void
ho_dispositions_release(struct ho_dispositions *d)
{
    for (size_t g = 0; g < d->n; g++) {
        ho_xfree(d->groups[g].reasons);
        ho_xfree(d->groups[g].categories);
    }
    ho_xfree(d->groups);
    memset(d, 0, sizeof(*d));
}
