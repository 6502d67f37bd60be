/* SPDX-License-Identifier: MIT */
/*
 * core/accounts.c - account-based qualification.
 */
#include "core/accounts.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "core/defs.h"
#include "core/stage.h"
#include "core/top_funnel.h"

int64_t
ho_journey_sql_at(const struct ho_journey *j)
{
    if (j->first > HO_STAGE_SQL || j->furthest < HO_STAGE_SQL || j->furthest > HO_STAGE_CUSTOMER)
        return HO_TIME_NONE;
    for (int s = HO_STAGE_SQL; s <= HO_STAGE_CUSTOMER; s++) {
        if (j->entered[s] != HO_TIME_NONE)
            return j->entered[s];
    }
    return HO_TIME_NONE;
}

static uint32_t
max_id(const struct ho_lead_row *leads, size_t n_leads, const struct ho_journey_row *rows,
       size_t n_rows)
{
    uint32_t max = 0;
    for (size_t i = 0; i < n_leads; i++)
        max = leads[i].account > max ? leads[i].account : max;
    for (size_t i = 0; i < n_rows; i++)
        max = rows[i].account > max ? rows[i].account : max;
    return max;
}

static struct ho_account_row *
account_row(struct ho_accounts *out, size_t *cap, uint32_t *slot_of, uint32_t account)
{
    if (!slot_of[account]) {
        ho_grow((void **)&out->rows, cap, out->n + 1, sizeof(*out->rows));
        out->rows[out->n] = (struct ho_account_row){ .account = account };
        slot_of[account] = (uint32_t)++out->n;
    }
    return &out->rows[slot_of[account] - 1];
}

static void
add_lead(struct ho_account_row *r, const struct ho_lead_row *l, int64_t from, int64_t to)
{
    r->contacts++;
    if (l->last_behavior != HO_TIME_NONE && l->last_behavior >= from && l->last_behavior <= to)
        r->engaged++;
    r->behavior += l->behavior;
    if (r->contacts == 1 || l->fit > r->best_fit)
        r->best_fit = l->fit;
}

static int
cmp_account(const void *a, const void *b)
{
    const struct ho_account_row *x = a;
    const struct ho_account_row *y = b;
    if (x->qualified != y->qualified)
        return x->qualified ? -1 : 1;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return (x->account > y->account) - (x->account < y->account);
}

static void
qualify(const struct ho_accounts_def *def, struct ho_accounts *out)
{
    for (size_t i = 0; i < out->n; i++) {
        struct ho_account_row *r = &out->rows[i];
        r->score = r->behavior + r->best_fit;
        r->by_contacts = r->engaged >= def->engaged_contacts;
        r->by_score = r->score >= def->min_score;
        r->qualified = r->by_contacts || r->by_score;
        out->qualified += r->qualified;
        out->account_sql.den += r->qualified;
        out->account_sql.num += r->qualified && r->reached_sql;
        out->all_sql.den++;
        out->all_sql.num += r->reached_sql;
    }
}

void
ho_accounts_compute(const struct ho_accounts_def *def, const struct ho_lead_row *leads,
                    size_t n_leads, const struct ho_journey_row *rows, size_t n_rows, int64_t as_of,
                    struct ho_accounts *out)
{
    memset(out, 0, sizeof(*out));
    out->as_of = as_of;
    out->window_from = as_of - def->window_ms;
    size_t cap = 0;
    uint32_t *slot_of =
        ho_xcalloc((size_t)max_id(leads, n_leads, rows, n_rows) + 1, sizeof(uint32_t));
    for (size_t i = 0; i < n_leads; i++) {
        if (leads[i].account)
            add_lead(account_row(out, &cap, slot_of, leads[i].account), &leads[i], out->window_from,
                     as_of);
    }
    for (size_t i = 0; i < n_rows; i++) {
        uint32_t slot = rows[i].account ? slot_of[rows[i].account] : 0;
        if (slot && ho_journey_sql_at(&rows[i].j) != HO_TIME_NONE)
            out->rows[slot - 1].reached_sql = true;
    }
    qualify(def, out);
    if (out->n > 1)
        qsort(out->rows, out->n, sizeof(*out->rows), cmp_account);
    ho_xfree(slot_of);
}

void
ho_accounts_release(struct ho_accounts *a)
{
    ho_xfree(a->rows);
    memset(a, 0, sizeof(*a));
}
