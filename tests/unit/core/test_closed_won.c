/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/core/test_closed_won.c - the closed-won audit
 * (core/closed_won.h, DESIGN.md §5 report 7): for won MQL journeys against
 * all MQL journeys, the share of each value of channel, MQL rule, first
 * contact bucket, each fit rule held at the MQL and account size band, and
 * the lift.  Every share and lift is worked out next to its assertion.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>

#include "base/strtab.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "core/closed_won.h"
#include "core/defs.h"

#define EPS  1e-9
#define MIN  HO_MS_PER_MIN
#define T0   1772445600000LL /* 2026-03-02T10:00:00Z */
#define NONE HO_TIME_NONE

/* Bits of rules_at_mql: fit rules senior_title, size_50_500, saas, north_america. */
enum { SENIOR = 1u << 0, SIZE = 1u << 1, SAAS = 1u << 2, NA = 1u << 3 };

struct spec {
    const char *channel; /* NULL: none */
    bool won;
    int32_t criterion;     /* 0 min_score, 1 the or_any set, -1 sales-sourced (no MQL) */
    int64_t contact_after; /* first contact attempt, ms after the MQL; -1 = never */
    uint64_t fit;          /* rules_at_mql */
    const char *employees; /* NULL: none */
};

static struct ho_journey_row
row(struct ho_strtab *s, struct spec p, int64_t mql)
{
    struct ho_journey_row r;
    memset(&r, 0, sizeof(r));
    for (int k = 0; k < HO_STAGE__COUNT; k++)
        r.j.entered[k] = NONE;
    r.channel = p.channel ? ho_strtab_intern(s, p.channel, strlen(p.channel)) : 0;
    r.employees = p.employees ? ho_strtab_intern(s, p.employees, strlen(p.employees)) : 0;
    r.j.criterion = p.criterion;
    r.j.rules_at_mql = p.fit;
    r.j.first = p.criterion >= 0 ? HO_STAGE_MQL : HO_STAGE_SQL;
    if (p.criterion >= 0)
        r.j.entered[HO_STAGE_MQL] = mql;
    r.j.entered[HO_STAGE_SQL] = mql + HO_MS_PER_DAY;
    r.j.furthest = r.j.last = HO_STAGE_SQL;
    if (p.won) {
        r.j.entered[HO_STAGE_CUSTOMER] = mql + 30 * HO_MS_PER_DAY;
        r.j.furthest = r.j.last = HO_STAGE_CUSTOMER;
    }
    r.j.first_contact_at = p.contact_after >= 0 ? mql + p.contact_after : NONE;
    r.j.contact_made_at = NONE;
    return r;
}

struct fx {
    struct ho_defs defs;
    struct ho_strtab *s;
    struct ho_closed_won c;
};

static int
setup(void **state)
{
    static const char *const fit[] = { "senior_title", "size_50_500", "saas", "north_america" };
    struct fx *f = ho_xcalloc(1, sizeof(*f));
    ho_defs_init(&f->defs);
    f->defs.n_fit = HO_ARRAY_LEN(fit);
    f->defs.fit = ho_xcalloc(f->defs.n_fit, sizeof(*f->defs.fit));
    for (size_t i = 0; i < f->defs.n_fit; i++)
        f->defs.fit[i].name = ho_xstrdup(fit[i]);
    f->defs.mql.n_or_any = 1;
    f->defs.mql.or_any = ho_xcalloc(1, sizeof(*f->defs.mql.or_any));
    f->defs.mql.or_any[0].name = ho_xstrdup("all:demo_request+senior_title+size_50_500");
    f->s = ho_strtab_new();
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;
    ho_closed_won_release(&f->c);
    ho_strtab_free(f->s);
    ho_defs_release(&f->defs);
    ho_xfree(f);
    return 0;
}

static const struct ho_cw_group *
compute(struct fx *f, const struct spec *specs, size_t n, int64_t from, int64_t to)
{
    struct ho_journey_row *rows = ho_xcalloc(n + 1, sizeof(*rows));
    for (size_t i = 0; i < n; i++)
        rows[i] = row(f->s, specs[i], T0 + (int64_t)i * HO_MS_PER_HOUR);
    struct ho_closed_won_opts o = { .by = HO_DIM_ALL, .from = from, .to = to };
    ho_closed_won_release(&f->c);
    ho_closed_won_compute(rows, n, &f->defs, f->s, &o, &f->c);
    ho_xfree(rows);
    assert_int_equal(f->c.n, 1);
    return &f->c.groups[0];
}

static const struct ho_cw_attr *
attr(const struct fx *f, const struct ho_cw_group *g, const char *name)
{
    for (size_t a = 0; a < g->n_attrs; a++) {
        if (strcmp(ho_strtab_str(f->s, g->attrs[a].name), name) == 0)
            return &g->attrs[a];
    }
    fail_msg("no attribute '%s'", name);
    return NULL;
}

static const struct ho_cw_value *
value(const struct fx *f, const struct ho_cw_attr *a, const char *name)
{
    for (size_t k = 0; k < a->n; k++) {
        if (strcmp(ho_strtab_str(f->s, a->values[k].value), name) == 0)
            return &a->values[k];
    }
    fail_msg("no value '%s'", name);
    return NULL;
}

/* Six MQL journeys, two won, and one sales-sourced won journey:
 *   1 paid_search won  min_score  contact 3 min    senior+size+saas+NA  120
 *   2 paid_search      min_score  contact 30 min   senior+saas          800
 *   3 paid_search      min_score  never            senior+size          120
 *   4 webinar     won  or_any     contact 5 min    senior+size          60
 *   5 webinar          min_score  contact 2 days   saas+NA              40
 *   6 (none)           min_score  contact 8 days   NA                   (none)
 *   7 outbound    won  sales-sourced                                    5000 */
static const struct spec six[] = {
    { "paid_search", true, 0, 3 * MIN, SENIOR | SIZE | SAAS | NA, "120" },
    { "paid_search", false, 0, 30 * MIN, SENIOR | SAAS, "800" },
    { "paid_search", false, 0, -1, SENIOR | SIZE, "120" },
    { "webinar", true, 1, 5 * MIN, SENIOR | SIZE, "60" },
    { "webinar", false, 0, 2 * HO_MS_PER_DAY, SAAS | NA, "40" },
    { NULL, false, 0, 8 * HO_MS_PER_DAY, NA, NULL },
    { "outbound", true, -1, -1, 0, "5000" },
};

static void
test_channel_shares_among_won_and_all_mqls_and_their_lift(void **state)
{
    struct fx *f = *state;
    const struct ho_cw_group *g = compute(f, six, HO_ARRAY_LEN(six), INT64_MIN, INT64_MAX);
    /* The sales-sourced journey is no MQL: 6 MQLs, 2 won. */
    assert_int_equal(g->all, 6);
    assert_int_equal(g->won, 2);
    const struct ho_cw_attr *a = attr(f, g, "channel");
    /* paid_search: won 1/2, all 3/6: lift 0.5 / 0.5 = 1.
     * webinar: won 1/2, all 2/6: lift 0.5 / (1/3) = 1.5.
     * (none): won 0/2, all 1/6: lift 0. */
    const struct ho_cw_value *p = value(f, a, "paid_search"), *w = value(f, a, "webinar");
    assert_int_equal(p->won_share.num, 1);
    assert_int_equal(p->won_share.den, 2);
    assert_int_equal(p->all_share.num, 3);
    assert_int_equal(p->all_share.den, 6);
    assert_true(fabs(p->lift - 1.0) < EPS);
    assert_true(fabs(w->lift - 1.5) < EPS);
    assert_true(fabs(value(f, a, "(none)")->lift) < EPS);
    assert_int_equal(a->n, 3); /* outbound is not among the MQLs */
}

static void
test_values_are_ordered_by_lift_then_count_then_name_with_none_last(void **state)
{
    struct fx *f = *state;
    const struct ho_cw_group *g = compute(f, six, HO_ARRAY_LEN(six), INT64_MIN, INT64_MAX);
    const struct ho_cw_attr *a = attr(f, g, "channel");
    assert_string_equal(ho_strtab_str(f->s, a->values[0].value), "webinar");     /* 1.5 */
    assert_string_equal(ho_strtab_str(f->s, a->values[1].value), "paid_search"); /* 1.0 */
    assert_string_equal(ho_strtab_str(f->s, a->values[2].value), "(none)");      /* 0 */
    /* segment: 50-199 (rows 1, 3, 4) won 2/2 all 3/6 lift 2; 1-49, 500-999 and
     * (none) 0 lift with 1 each: by name, (none) last. */
    const struct ho_cw_attr *s = attr(f, g, "segment");
    assert_int_equal(s->n, 4);
    assert_string_equal(ho_strtab_str(f->s, s->values[0].value), "50-199");
    assert_true(fabs(s->values[0].lift - 2.0) < EPS);
    assert_string_equal(ho_strtab_str(f->s, s->values[1].value), "1-49");
    assert_string_equal(ho_strtab_str(f->s, s->values[2].value), "500-999");
    assert_string_equal(ho_strtab_str(f->s, s->values[3].value), "(none)");
}

static void
test_the_mql_rule_names_min_score_and_the_or_any_set(void **state)
{
    struct fx *f = *state;
    const struct ho_cw_group *g = compute(f, six, HO_ARRAY_LEN(six), INT64_MIN, INT64_MAX);
    const struct ho_cw_attr *a = attr(f, g, "mql_rule");
    /* min_score: won 1/2, all 5/6: lift 0.5 / (5/6) = 0.6; the set: 1/2 over
     * 1/6: lift 3. */
    assert_true(fabs(value(f, a, "min_score")->lift - 0.6) < EPS);
    assert_true(fabs(value(f, a, "all:demo_request+senior_title+size_50_500")->lift - 3.0) < EPS);
}

static void
test_first_contact_buckets_at_their_boundaries(void **state)
{
    struct fx *f = *state;
    static const struct spec s[] = {
        { "x", true, 0, 5 * MIN, 0, NULL },                /* exactly 5 min: <=5m */
        { "x", false, 0, 5 * MIN + 1, 0, NULL },           /* 1 ms more: <=1h */
        { "x", false, 0, HO_MS_PER_DAY, 0, NULL },         /* <=24h */
        { "x", false, 0, 7 * HO_MS_PER_DAY + 1, 0, NULL }, /* >7d */
        { "x", false, 0, -1, 0, NULL },                    /* never */
    };
    const struct ho_cw_group *g = compute(f, s, HO_ARRAY_LEN(s), INT64_MIN, INT64_MAX);
    const struct ho_cw_attr *a = attr(f, g, "first_contact");
    assert_int_equal(a->n, 5);
    assert_int_equal(value(f, a, "<=5m")->won_share.num, 1);
    assert_int_equal(value(f, a, "<=5m")->all_share.num, 1);
    assert_int_equal(value(f, a, "<=1h")->all_share.num, 1);
    assert_int_equal(value(f, a, "<=24h")->all_share.num, 1);
    assert_int_equal(value(f, a, ">7d")->all_share.num, 1);
    assert_int_equal(value(f, a, "never")->all_share.num, 1);
    /* <=5m: 1/1 over 1/5: lift 5. */
    assert_true(fabs(value(f, a, "<=5m")->lift - 5.0) < EPS);
}

static void
test_each_fit_rule_is_held_or_not_held_at_the_mql(void **state)
{
    struct fx *f = *state;
    const struct ho_cw_group *g = compute(f, six, HO_ARRAY_LEN(six), INT64_MIN, INT64_MAX);
    /* senior_title held by rows 1-4 (both won): won 2/2, all 4/6, lift 1.5;
     * not held by 5, 6: lift 0. */
    const struct ho_cw_attr *a = attr(f, g, "fit:senior_title");
    assert_int_equal(value(f, a, "held")->won_share.num, 2);
    assert_int_equal(value(f, a, "held")->all_share.num, 4);
    assert_true(fabs(value(f, a, "held")->lift - 1.5) < EPS);
    assert_int_equal(value(f, a, "not held")->all_share.num, 2);
    /* north_america held by 1, 5, 6: won 1/2, all 3/6: lift 1. */
    a = attr(f, g, "fit:north_america");
    assert_true(fabs(value(f, a, "held")->lift - 1.0) < EPS);
    /* The attributes: channel, mql_rule, first_contact, 4 fit rules, one per
     * MQL criterion (these definitions have no score criterion: the or_any
     * set only), segment. */
    assert_int_equal(g->n_attrs, 9);
    assert_string_equal(ho_strtab_str(f->s, g->attrs[3].name), "fit:senior_title");
    assert_string_equal(ho_strtab_str(f->s, g->attrs[7].name),
                        "criterion:all:demo_request+senior_title+size_50_500");
    assert_string_equal(ho_strtab_str(f->s, g->attrs[8].name), "segment");
}

static void
test_lift_is_not_applicable_when_nothing_was_won(void **state)
{
    struct fx *f = *state;
    static const struct spec s[] = {
        { "x", false, 0, -1, 0, NULL },
        { "y", false, 0, -1, 0, NULL },
    };
    const struct ho_cw_group *g = compute(f, s, HO_ARRAY_LEN(s), INT64_MIN, INT64_MAX);
    const struct ho_cw_attr *a = attr(f, g, "channel");
    assert_int_equal(g->won, 0);
    assert_int_equal(value(f, a, "x")->won_share.den, 0);
    assert_true(isnan(value(f, a, "x")->lift));
    assert_true(isnan(value(f, a, "y")->lift));
}

static void
test_the_period_selects_mql_journeys_by_mql_time(void **state)
{
    struct fx *f = *state;
    /* Rows are an hour apart from T0: [T0 + 1 h, T0 + 3 h) keeps rows 2 and 3. */
    const struct ho_cw_group *g =
        compute(f, six, HO_ARRAY_LEN(six), T0 + HO_MS_PER_HOUR, T0 + 3 * HO_MS_PER_HOUR);
    assert_int_equal(g->all, 2);
    assert_int_equal(g->won, 0);
}

static void
test_an_empty_period_keeps_one_empty_all_group(void **state)
{
    struct fx *f = *state;
    const struct ho_cw_group *g = compute(f, six, HO_ARRAY_LEN(six), 0, 1);
    assert_int_equal(g->all, 0);
    assert_int_equal(g->won, 0);
    for (size_t a = 0; a < g->n_attrs; a++)
        assert_int_equal(g->attrs[a].n, 0);
}

static void
test_by_channel_gives_one_block_per_channel(void **state)
{
    struct fx *f = *state;
    struct ho_journey_row rows[HO_ARRAY_LEN(six)];
    for (size_t i = 0; i < HO_ARRAY_LEN(six); i++)
        rows[i] = row(f->s, six[i], T0);
    struct ho_closed_won_opts o = { .by = HO_DIM_CHANNEL, .from = INT64_MIN, .to = INT64_MAX };
    ho_closed_won_compute(rows, HO_ARRAY_LEN(six), &f->defs, f->s, &o, &f->c);
    /* outbound has no MQL journey: left out.  paid_search, webinar, (none). */
    assert_int_equal(f->c.n, 3);
    assert_string_equal(ho_strtab_str(f->s, f->c.groups[0].key), "paid_search");
    assert_int_equal(f->c.groups[0].all, 3);
    assert_int_equal(f->c.groups[0].won, 1);
    assert_string_equal(ho_strtab_str(f->s, f->c.groups[2].key), "(none)");
}

static void
test_every_mql_criterion_that_held_counts_not_only_the_credited_one(void **state)
{
    struct fx *f = *state;
    static const struct spec s[] = {
        { "x", true, 0, -1, 0, NULL },  /* both held; credited to min_score */
        { "x", false, 0, -1, 0, NULL }, /* min_score only */
        { "x", false, 1, -1, 0, NULL }, /* the or_any set only */
    };
    static const uint64_t held[] = { 3, 1, 2 };
    struct ho_journey_row rows[3];
    for (size_t i = 0; i < 3; i++) {
        rows[i] = row(f->s, s[i], T0);
        rows[i].j.criteria_at_mql = held[i];
    }
    f->defs.mql.has_min_score = true;
    struct ho_closed_won_opts o = { .by = HO_DIM_ALL, .from = INT64_MIN, .to = INT64_MAX };
    ho_closed_won_compute(rows, 3, &f->defs, f->s, &o, &f->c);
    const struct ho_cw_group *g = &f->c.groups[0];
    /* Credited: min_score 2 (won 1), the set 1 (won 0). */
    const struct ho_cw_attr *a = attr(f, g, "mql_rule");
    assert_int_equal(value(f, a, "min_score")->all_share.num, 2);
    assert_int_equal(value(f, a, "all:demo_request+senior_title+size_50_500")->won_share.num, 0);
    /* Held: min_score by the first two (won 1/1), the set by the first and the
     * third (won 1/1): lift (1/1) / (2/3) = 1.5 each. */
    a = attr(f, g, "criterion:min_score");
    assert_int_equal(value(f, a, "held")->all_share.num, 2);
    assert_int_equal(value(f, a, "held")->won_share.num, 1);
    a = attr(f, g, "criterion:all:demo_request+senior_title+size_50_500");
    assert_int_equal(value(f, a, "held")->all_share.num, 2);
    assert_int_equal(value(f, a, "held")->won_share.num, 1);
    assert_true(fabs(value(f, a, "held")->lift - 1.5) < EPS);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(test_channel_shares_among_won_and_all_mqls_and_their_lift),
        T(test_values_are_ordered_by_lift_then_count_then_name_with_none_last),
        T(test_the_mql_rule_names_min_score_and_the_or_any_set),
        T(test_first_contact_buckets_at_their_boundaries),
        T(test_each_fit_rule_is_held_or_not_held_at_the_mql),
        T(test_lift_is_not_applicable_when_nothing_was_won),
        T(test_the_period_selects_mql_journeys_by_mql_time),
        T(test_an_empty_period_keeps_one_empty_all_group),
        T(test_by_channel_gives_one_block_per_channel),
        T(test_every_mql_criterion_that_held_counts_not_only_the_credited_one),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
