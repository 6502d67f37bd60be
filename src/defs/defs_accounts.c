/* SPDX-License-Identifier: MIT */
/*
 * defs/defs_accounts.c - the `accounts` and `pql` sections (DESIGN.md §5
 * report 9): account-based qualification thresholds and product-usage
 * criteria of a product-qualified lead.
 *
 *   accounts: { engaged_contacts: 3, min_score: 100, window: 30d }
 *   pql:
 *     all:
 *       - { event: trial_signup }
 *       - { event: product_usage, where: { action: invite_teammate }, count: 2 }
 *
 * Both sections are optional; absent keys keep the defaults of
 * ho_defs_init().
 */
#include "defs/defs_int.h"

#include "base/xalloc.h"
#include "defs/defs_yaml.h"

enum { AC_ENGAGED, AC_MIN_SCORE, AC_WINDOW, AC__COUNT };
static const struct ho_yn_key accounts_keys[] = {
    { "engaged_contacts", "engaged_contacts: 3", false },
    { "min_score", "min_score: 100", false },
    { "window", "window: 30d", false },
};
static const struct ho_yn_shape accounts_shape = HO_YN_SHAPE(
    "accounts", "accounts: { engaged_contacts: 3, min_score: 100, window: 30d }", accounts_keys);

enum { PQ_ALL, PQ__COUNT };
static const struct ho_yn_key pql_keys[] = {
    { "all", "all: [ { event: trial_signup }, { event: product_usage, count: 2 } ]", true },
};
static const struct ho_yn_shape pql_shape =
    HO_YN_SHAPE("pql", "pql: { all: [ { event: trial_signup } ] }", pql_keys);

enum { PC_EVENT, PC_WHERE, PC_COUNT, PC__COUNT };
static const struct ho_yn_key criterion_keys[] = {
    { "event", "event: product_usage", true },
    { "where", "where: { action: invite_teammate }", false },
    { "count", "count: 2", false },
};
static const struct ho_yn_shape criterion_shape = HO_YN_SHAPE(
    "a pql criterion", "- { event: product_usage, where: { action: invite_teammate }, count: 2 }",
    criterion_keys);

static void
read_accounts(struct ho_dl *L, const struct ho_yn *node, struct ho_accounts_def *a)
{
    struct ho_yn_field f[AC__COUNT];
    int64_t n;
    a->pos = node->pos;
    if (!ho_yn_fields(L, node, &accounts_shape, f))
        return;
    if (f[AC_ENGAGED].key != NULL && ho_yn_integer(L, &f[AC_ENGAGED], 1, 1000000, &n))
        a->engaged_contacts = (uint32_t)n;
    if (f[AC_MIN_SCORE].key != NULL)
        (void)ho_yn_number(L, &f[AC_MIN_SCORE], &a->min_score);
    if (f[AC_WINDOW].key != NULL)
        (void)ho_yn_duration(L, &f[AC_WINDOW], &a->window_ms);
}

static void
read_criterion(struct ho_dl *L, const struct ho_yn *node, struct ho_pql_criterion *c)
{
    struct ho_yn_field f[PC__COUNT];
    const char *text;
    int64_t n;
    c->pos = node->pos;
    c->count = 1;
    if (!ho_yn_fields(L, node, &criterion_shape, f))
        return;
    if (f[PC_EVENT].key != NULL && ho_yn_text(L, &f[PC_EVENT], &text))
        c->event = ho_xstrdup(text);
    if (ho_yn_given(&f[PC_WHERE]))
        (void)ho_dl_where(L, &f[PC_WHERE], &c->where, &c->n_where);
    if (f[PC_COUNT].key != NULL && ho_yn_integer(L, &f[PC_COUNT], 1, 1000000, &n))
        c->count = (uint32_t)n;
}

static void
read_pql(struct ho_dl *L, const struct ho_yn *node, struct ho_pql_def *p)
{
    struct ho_yn_field f[PQ__COUNT];
    p->pos = node->pos;
    if (!ho_yn_fields(L, node, &pql_shape, f) || !ho_yn_given(&f[PQ_ALL]) ||
        !ho_yn_seq(L, &f[PQ_ALL], HO_DEFS_MAX_ITEMS))
        return;
    const struct ho_yn *all = f[PQ_ALL].val;
    if (all->n_kids == 0 || all->n_kids > HO_PQL_MAX_CRITERIA) {
        ho_dl_problem(L, all->pos,
                      "pql.all has %zu criteria; write 1 to %d, e.g. all: [ { event: "
                      "trial_signup } ]",
                      all->n_kids, HO_PQL_MAX_CRITERIA);
        return;
    }
    p->all = ho_xcalloc(all->n_kids, sizeof(*p->all));
    p->n_all = all->n_kids;
    for (size_t i = 0; i < p->n_all; i++)
        read_criterion(L, all->kids[i], &p->all[i]);
}

void
ho_dl_accounts(struct ho_dl *L, const struct ho_yn_field *accounts, const struct ho_yn_field *pql,
               struct ho_defs *d)
{
    if (ho_yn_given(accounts))
        read_accounts(L, accounts->val, &d->accounts);
    if (ho_yn_given(pql))
        read_pql(L, pql->val, &d->pql);
}
