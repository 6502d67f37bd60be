/* SPDX-License-Identifier: MIT */
/*
 * core/closed_won.c - attribute shares among won and all MQL journeys, and
 * their lift.
 */
#include "core/closed_won.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/strtab.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "core/defs.h"
#include "core/groups.h"
#include "core/speed.h"

/* The fixed attributes before and after the fit rules. */
enum { ATTR_CHANNEL, ATTR_RULE, ATTR_CONTACT, ATTR_FIT0 };

struct ctx {
    const struct ho_defs *defs;
    struct ho_strtab *strings;
    size_t n_fit;   /* fit rules with a rules_at_mql bit */
    int32_t crit0;  /* the first MQL criterion: 0 (min_score), or 1 without a score one */
    size_t n_crit;  /* MQL criteria with a criteria_at_mql bit, from crit0 */
    size_t n_attrs; /* ATTR_FIT0 + n_fit + n_crit + 1 (segment) */
    uint32_t held, not_held;
    uint32_t bucket[HO_SPEED__COUNT];
};

static uint32_t
intern(struct ho_strtab *s, const char *text)
{
    return ho_strtab_intern(s, text, strlen(text));
}

static uint32_t
value_of(const struct ctx *c, size_t attr, const struct ho_journey_row *row)
{
    if (attr == ATTR_CHANNEL)
        return ho_dim_key(c->defs, c->strings, HO_DIM_CHANNEL, row);
    if (attr == ATTR_RULE)
        return ho_dim_key(c->defs, c->strings, HO_DIM_RULE, row);
    if (attr == ATTR_CONTACT)
        return c->bucket[ho_speed_bucket_of(&row->j)];
    if (attr < ATTR_FIT0 + c->n_fit)
        return (row->j.rules_at_mql >> (attr - ATTR_FIT0)) & 1U ? c->held : c->not_held;
    if (attr < ATTR_FIT0 + c->n_fit + c->n_crit) {
        size_t bit = (size_t)c->crit0 + (attr - ATTR_FIT0 - c->n_fit);
        return (row->j.criteria_at_mql >> bit) & 1U ? c->held : c->not_held;
    }
    return ho_dim_key(c->defs, c->strings, HO_DIM_SEGMENT, row);
}

static void
attr_names(const struct ctx *c, struct ho_cw_attr *attrs)
{
    struct ho_buf name = HO_BUF_INIT;
    attrs[ATTR_CHANNEL].name = intern(c->strings, "channel");
    attrs[ATTR_RULE].name = intern(c->strings, "mql_rule");
    attrs[ATTR_CONTACT].name = intern(c->strings, "first_contact");
    for (size_t i = 0; i < c->n_fit; i++) {
        ho_buf_reset(&name);
        ho_buf_printf(&name, "fit:%s", c->defs->fit[i].name);
        attrs[ATTR_FIT0 + i].name = intern(c->strings, ho_buf_cstr(&name));
    }
    for (size_t i = 0; i < c->n_crit; i++) {
        ho_buf_reset(&name);
        ho_buf_printf(&name, "criterion:%s",
                      ho_defs_criterion_name(c->defs, c->crit0 + (int32_t)i));
        attrs[ATTR_FIT0 + c->n_fit + i].name = intern(c->strings, ho_buf_cstr(&name));
    }
    attrs[c->n_attrs - 1].name = intern(c->strings, "segment");
    ho_buf_release(&name);
}

/* Values are few per attribute (channels, rules, buckets, bands): a linear
 * search is enough.  *cap lives next to each attribute's array. */
static void
count_value(struct ho_cw_attr *a, size_t *cap, uint32_t value, bool won)
{
    size_t k = 0;
    while (k < a->n && a->values[k].value != value)
        k++;
    if (k == a->n) {
        size_t have = *cap;
        HO_GROW(a->values, have, a->n + 1);
        *cap = have;
        memset(&a->values[k], 0, sizeof(a->values[k]));
        a->values[k].value = value;
        a->n++;
    }
    a->values[k].all_share.num++;
    a->values[k].won_share.num += won;
}

static int
cmp_value(const struct ho_cw_value *x, const struct ho_cw_value *y, const struct ho_strtab *strings)
{
    bool xn = isnan(x->lift), yn = isnan(y->lift);
    if (xn != yn)
        return xn ? 1 : -1;
    if (!xn && x->lift != y->lift)
        return x->lift < y->lift ? 1 : -1;
    if (x->all_share.num != y->all_share.num)
        return x->all_share.num < y->all_share.num ? 1 : -1;
    const char *a = ho_strtab_str(strings, x->value), *b = ho_strtab_str(strings, y->value);
    int an = strcmp(a, "(none)") == 0, bn = strcmp(b, "(none)") == 0;
    return an != bn ? an - bn : strcmp(a, b);
}

/* Insertion sort: few values, and the order needs the string table. */
static void
sort_values(struct ho_cw_value *v, size_t n, const struct ho_strtab *strings)
{
    for (size_t i = 1; i < n; i++) {
        struct ho_cw_value x = v[i];
        size_t k = i;
        while (k > 0 && cmp_value(&v[k - 1], &x, strings) > 0) {
            v[k] = v[k - 1];
            k--;
        }
        v[k] = x;
    }
}

static void
finish_attr(struct ho_cw_attr *a, uint64_t won, uint64_t all, const struct ho_strtab *strings)
{
    for (size_t k = 0; k < a->n; k++) {
        struct ho_cw_value *v = &a->values[k];
        v->won_share.den = won;
        v->all_share.den = all;
        v->lift = NAN;
        if (won > 0 && v->all_share.num > 0)
            v->lift =
                ((double)v->won_share.num / (double)won) / ((double)v->all_share.num / (double)all);
    }
    sort_values(a->values, a->n, strings);
}

static bool
selected(const struct ho_journey *j, int64_t from, int64_t to)
{
    int64_t mql = j->entered[HO_STAGE_MQL];
    return mql != HO_TIME_NONE && mql >= from && mql < to;
}

static void
init_ctx(struct ctx *c, const struct ho_defs *defs, struct ho_strtab *strings)
{
    memset(c, 0, sizeof(*c));
    c->defs = defs;
    c->strings = strings;
    c->n_fit = defs->n_fit < 64 ? defs->n_fit : 64;
    c->crit0 = defs->mql.has_min_score || defs->mql.has_min_fit ? 0 : 1;
    size_t crits = (size_t)(1 - c->crit0) + defs->mql.n_or_any;
    size_t room = 64 - (size_t)c->crit0; /* criteria_at_mql bits crit0..63 */
    c->n_crit = crits < room ? crits : room;
    c->n_attrs = ATTR_FIT0 + c->n_fit + c->n_crit + 1;
    c->held = intern(strings, "held");
    c->not_held = intern(strings, "not held");
    for (int b = 0; b < HO_SPEED__COUNT; b++)
        c->bucket[b] = intern(strings, ho_speed_bucket_name((enum ho_speed_bucket)b));
}

/* Count rows of group g (of_row[i] == g) into out; caps[] is scratch of n_attrs. */
static void
count_group(const struct ctx *c, const struct ho_journey_row *rows, size_t n,
            const uint32_t *of_row, uint32_t g, const struct ho_closed_won_opts *o,
            struct ho_cw_group *out, size_t *caps)
{
    for (size_t i = 0; i < n; i++) {
        if (of_row[i] != g || !selected(&rows[i].j, o->from, o->to))
            continue;
        bool won = rows[i].j.furthest == HO_STAGE_CUSTOMER;
        out->all++;
        out->won += won;
        for (size_t a = 0; a < c->n_attrs; a++)
            count_value(&out->attrs[a], &caps[a], value_of(c, a, &rows[i]), won);
    }
    for (size_t a = 0; a < c->n_attrs; a++)
        finish_attr(&out->attrs[a], out->won, out->all, c->strings);
}

void
ho_closed_won_compute(const struct ho_journey_row *rows, size_t n, const struct ho_defs *defs,
                      struct ho_strtab *strings, const struct ho_closed_won_opts *o,
                      struct ho_closed_won *out)
{
    struct ctx c;
    struct ho_grouping grp;
    init_ctx(&c, defs, strings);
    ho_grouping_build(defs, strings, o->by, rows, n, &grp);
    size_t *caps = ho_xmalloc(ho_size_mul(c.n_attrs, sizeof(*caps)));
    memset(out, 0, sizeof(*out));
    out->by = o->by;
    out->groups = ho_xcalloc(grp.n + 1, sizeof(*out->groups));
    for (size_t g = 0; g < grp.n; g++) {
        struct ho_cw_group *cg = &out->groups[out->n];
        cg->key = grp.keys[g];
        cg->n_attrs = c.n_attrs;
        cg->attrs = ho_xcalloc(c.n_attrs, sizeof(*cg->attrs));
        attr_names(&c, cg->attrs);
        memset(caps, 0, c.n_attrs * sizeof(*caps));
        count_group(&c, rows, n, grp.of_row, (uint32_t)g, o, cg, caps);
        if (cg->all > 0 || o->by == HO_DIM_ALL) {
            out->n++;
            continue;
        }
        for (size_t a = 0; a < cg->n_attrs; a++)
            ho_xfree(cg->attrs[a].values);
        ho_xfree(cg->attrs);
        memset(cg, 0, sizeof(*cg));
    }
    ho_xfree(caps);
    ho_grouping_release(&grp);
}

void
ho_closed_won_release(struct ho_closed_won *c)
{
    for (size_t g = 0; g < c->n; g++) {
        for (size_t a = 0; a < c->groups[g].n_attrs; a++)
            ho_xfree(c->groups[g].attrs[a].values);
        ho_xfree(c->groups[g].attrs);
    }
    ho_xfree(c->groups);
    memset(c, 0, sizeof(*c));
}
