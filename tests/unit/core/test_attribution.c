/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/core/test_attribution.c - touch weights of every attribution
 * model (core/attribution.h, DESIGN.md §5 report 8) on paths of 1, 2, 3 and
 * many touches, with coinciding and missing milestones, and the credit of
 * opportunity amounts over pooled touches.  Every expected weight is worked
 * out by hand in the comment next to it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>

#include "base/timefmt.h"
#include "core/attribution.h"
#include "core/funnel.h"
#include "core/stage.h"

#define EPS  1e-12
#define DAY  HO_MS_PER_DAY
#define NONE HO_ATTR_NONE

/* A path of n touches (no times) with the given milestones. */
static struct ho_attr_path
path(size_t n, size_t mql, size_t opp, size_t won)
{
    struct ho_attr_path p;
    memset(&p, 0, sizeof(p));
    p.n = n;
    p.ms[HO_MS_FIRST] = 0;
    p.ms[HO_MS_MQL] = mql;
    p.ms[HO_MS_OPP] = opp;
    p.ms[HO_MS_WON] = won;
    return p;
}

/* Weights of p under m equal want[0..p->n), and add up (in order) to exactly 1. */
static void
expect(enum ho_attr_model m, const struct ho_attr_path *p, const double *want)
{
    double w[64];
    double sum = 0;
    assert_true(p->n <= 64);
    assert_int_equal(ho_attr_weights(m, p, w, NULL), HO_OK);
    for (size_t i = 0; i < p->n; i++) {
        if (fabs(w[i] - want[i]) > EPS)
            fail_msg("model %s touch %zu: weight %.15g, want %.15g", ho_attr_params(m)->name, i,
                     w[i], want[i]);
        sum += w[i];
    }
    assert_true(sum == 1.0);
}

/* One touch: every milestone is that touch and it gets everything. */
static void
test_one_touch_gets_everything_under_every_model(void **state)
{
    (void)state;
    static const double one[] = { 1.0 };
    int64_t ts[] = { 0 };
    for (int m = 0; m < HO_ATTR__COUNT; m++) {
        struct ho_attr_path p = path(1, 0, 0, 0);
        p.ts = ts;
        expect((enum ho_attr_model)m, &p, one);
        p.ms[HO_MS_MQL] = NONE; /* sales-sourced: still 100% */
        p.ms[HO_MS_WON] = NONE;
        expect((enum ho_attr_model)m, &p, one);
    }
}

/* Two touches, t0 first, t1 the MQL and opportunity-creation touch. */
static void
test_two_touches(void **state)
{
    (void)state;
    int64_t ts[] = { -7 * DAY, 0 };
    struct ho_attr_path p = path(2, 1, 1, NONE);
    p.ts = ts;
    expect(HO_ATTR_FIRST, &p, (double[]){ 1, 0 });
    expect(HO_ATTR_LAST, &p, (double[]){ 0, 1 });
    expect(HO_ATTR_LINEAR, &p, (double[]){ 0.5, 0.5 });
    /* U: 40 first, 40 MQL, nothing between: the 20 goes 40:40 -> 50/50. */
    expect(HO_ATTR_U, &p, (double[]){ 0.5, 0.5 });
    /* W: 30 first, 30 MQL + 30 opp on t1, no rest: 10 goes 30:60 -> 1/3, 2/3. */
    expect(HO_ATTR_W, &p, (double[]){ 1.0 / 3, 2.0 / 3 });
    /* Full path, not won: the won 22.5 and the rest 10 go pro rata over
     * 22.5 : 45 -> 1/3, 2/3 (the same as W-shaped). */
    expect(HO_ATTR_FULL, &p, (double[]){ 1.0 / 3, 2.0 / 3 });
    /* Decay: t0 is 7 days (one half-life) older: 0.5 : 1 -> 1/3, 2/3. */
    expect(HO_ATTR_DECAY, &p, (double[]){ 1.0 / 3, 2.0 / 3 });
}

/* Three touches, MQL on t1, opportunity on t2. */
static void
test_three_touches(void **state)
{
    (void)state;
    int64_t ts[] = { -14 * DAY, -7 * DAY, 0 };
    struct ho_attr_path p = path(3, 1, 2, NONE);
    p.ts = ts;
    expect(HO_ATTR_FIRST, &p, (double[]){ 1, 0, 0 });
    expect(HO_ATTR_LAST, &p, (double[]){ 0, 0, 1 });
    expect(HO_ATTR_LINEAR, &p, (double[]){ 1.0 / 3, 1.0 / 3, 1.0 / 3 });
    /* U: no touch strictly between t0 and the MQL touch t1: 20 -> 40:40;
     * t2 comes after the MQL touch and gets nothing. */
    expect(HO_ATTR_U, &p, (double[]){ 0.5, 0.5, 0 });
    /* W: 30 each, no rest touch: 10 pro rata -> 1/3 each. */
    expect(HO_ATTR_W, &p, (double[]){ 1.0 / 3, 1.0 / 3, 1.0 / 3 });
    /* Decay: 0.25 : 0.5 : 1 = 1.75 -> 1/7, 2/7, 4/7. */
    expect(HO_ATTR_DECAY, &p, (double[]){ 1.0 / 7, 2.0 / 7, 4.0 / 7 });
}

/* Five touches t0..t4, MQL on t2, opportunity on t4. */
static void
test_five_touches_with_touches_between(void **state)
{
    (void)state;
    struct ho_attr_path p = path(5, 2, 4, NONE);
    /* U: 40 t0, 40 t2, 20 over t1 (strictly between); t3 after the MQL: 0. */
    expect(HO_ATTR_U, &p, (double[]){ 0.4, 0.2, 0.4, 0, 0 });
    /* W: 30 on t0, t2, t4; 10 over t1 and t3 -> 5 each. */
    expect(HO_ATTR_W, &p, (double[]){ 0.3, 0.05, 0.3, 0.05, 0.3 });
    /* Full path, not won: 22.5 x3 + the missing 22.5 pro rata -> 30 each
     * (x 0.9 / 0.675 = 4/3); rest 10 over t1, t3. */
    expect(HO_ATTR_FULL, &p, (double[]){ 0.3, 0.05, 0.3, 0.05, 0.3 });
    /* Linear: 1/5 each. */
    expect(HO_ATTR_LINEAR, &p, (double[]){ 0.2, 0.2, 0.2, 0.2, 0.2 });
}

/* Full path of a won deal: six touches, MQL t2, opportunity t4, closed won t5. */
static void
test_full_path_won_gives_each_milestone_22_5(void **state)
{
    (void)state;
    struct ho_attr_path p = path(6, 2, 4, 5);
    /* 22.5 on t0, t2, t4, t5; 10 over t1 and t3 -> 5 each. */
    expect(HO_ATTR_FULL, &p, (double[]){ 0.225, 0.05, 0.225, 0.05, 0.225, 0.225 });
    /* The won milestone on the opportunity touch: 45 on t4. */
    p = path(5, 2, 4, 4);
    expect(HO_ATTR_FULL, &p, (double[]){ 0.225, 0.05, 0.225, 0.05, 0.45 });
}

/* Ten touches, the first touch is also the MQL touch, opportunity on t9. */
static void
test_many_touches_with_coinciding_first_and_mql(void **state)
{
    (void)state;
    struct ho_attr_path p = path(10, 0, 9, NONE);
    /* U: 80 on t0; nothing strictly between t0 and t0, so the 20 goes to the
     * milestones, all on t0: 100 on t0. */
    expect(HO_ATTR_U, &p, (double[]){ 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 });
    /* W: 60 on t0, 30 on t9, 10 over t1..t8 -> 1.25 each. */
    expect(HO_ATTR_W, &p,
           (double[]){ 0.6, 0.0125, 0.0125, 0.0125, 0.0125, 0.0125, 0.0125, 0.0125, 0.0125, 0.3 });
    /* Linear: 1/10 each. */
    expect(HO_ATTR_LINEAR, &p, (double[]){ 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1 });
    /* W with the MQL on the opportunity touch: 30 t0, 60 t9, 10 over t1..t8. */
    p = path(10, 9, 9, NONE);
    expect(HO_ATTR_W, &p,
           (double[]){ 0.3, 0.0125, 0.0125, 0.0125, 0.0125, 0.0125, 0.0125, 0.0125, 0.0125, 0.6 });
}

/* A sales-sourced journey: no MQL touch. */
static void
test_missing_mql_touch_spreads_its_share_pro_rata(void **state)
{
    (void)state;
    struct ho_attr_path p = path(4, NONE, 3, NONE);
    /* U: the MQL's 40 goes to the only present milestone: 80 on t0; the rest
     * set is every other touch (no MQL bounds it): 20 / 3 each on t1..t3. */
    expect(HO_ATTR_U, &p, (double[]){ 0.8, 0.2 / 3, 0.2 / 3, 0.2 / 3 });
    /* W: the MQL's 30 goes 30:30 to first and opp: 45 each; 10 over t1, t2. */
    expect(HO_ATTR_W, &p, (double[]){ 0.45, 0.05, 0.05, 0.45 });
    /* Full path, won on t3: 22.5 first, 22.5 opp + 22.5 won on t3; the MQL's
     * 22.5 pro rata (x 0.9 / 0.675): 30 t0, 60 t3; rest 10 over t1, t2. */
    p.ms[HO_MS_WON] = 3;
    expect(HO_ATTR_FULL, &p, (double[]){ 0.3, 0.05, 0.05, 0.6 });
    /* Full path, not won either: 45 each on t0 and t3, 5 each on t1, t2. */
    p.ms[HO_MS_WON] = NONE;
    expect(HO_ATTR_FULL, &p, (double[]){ 0.45, 0.05, 0.05, 0.45 });
    /* Two touches without an MQL touch, U: 80 t0 + 20 over {t1} -> 80/20. */
    p = path(2, NONE, 1, NONE);
    expect(HO_ATTR_U, &p, (double[]){ 0.8, 0.2 });
}

/* Time decay on uneven gaps: ages 21, 7, 3.5 and 0 days before the opportunity. */
static void
test_time_decay_halves_every_seven_days(void **state)
{
    (void)state;
    int64_t ts[] = { -21 * DAY, -7 * DAY, -7 * DAY / 2, 0 };
    struct ho_attr_path p = path(4, 1, 3, NONE);
    p.ts = ts;
    p.opp_at = 0;
    /* 2^-3 = 0.125, 2^-1 = 0.5, 2^-0.5 = 0.70711, 1: sum 2.33211 */
    double s = 0.125 + 0.5 + M_SQRT1_2 + 1;
    expect(HO_ATTR_DECAY, &p, (double[]){ 0.125 / s, 0.5 / s, M_SQRT1_2 / s, 1 / s });
    /* Very old paths do not underflow: a touch 10 years old still leaves the
     * newest at weight 1 before normalising. */
    int64_t old[] = { -3650 * DAY, -3649 * DAY };
    p = path(2, 0, 1, NONE);
    p.ts = old;
    /* 2^(-1/7) = 0.905724877 : 1 */
    double a = exp2(-1.0 / 7);
    expect(HO_ATTR_DECAY, &p, (double[]){ a / (a + 1), 1 / (a + 1) });
}

/* Linear over awkward n: 1/n does not add up to 1 in floating point by
 * itself; the residue goes to the last touch, so the sum is exactly 1. */
static void
test_weights_add_up_to_exactly_one(void **state)
{
    (void)state;
    static const size_t sizes[] = { 3, 7, 10, 49, 63 };
    double w[64];
    for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
        for (int m = 0; m < HO_ATTR__COUNT; m++) {
            int64_t ts[64];
            for (size_t i = 0; i < sizes[k]; i++)
                ts[i] = (int64_t)i * 3600000 * 13;
            struct ho_attr_path p = path(sizes[k], sizes[k] / 3, sizes[k] - 1, sizes[k] - 1);
            p.ts = ts;
            assert_int_equal(ho_attr_weights((enum ho_attr_model)m, &p, w, NULL), HO_OK);
            double sum = 0;
            for (size_t i = 0; i < sizes[k]; i++) {
                assert_true(w[i] >= 0);
                sum += w[i];
            }
            assert_true(sum == 1.0);
        }
    }
}

static void
test_path_init_finds_the_milestones(void **state)
{
    (void)state;
    int64_t ts[] = { 10, 20, 20, 30, 40 };
    struct ho_attr_path p;
    /* MQL at 20: the latest touch at or before 20 is t2 (ties: the later one);
     * opportunity at 35: t3; won at 40: t4. */
    ho_attr_path_init(&p, ts, 5, 20, 35, 40);
    assert_int_equal(p.ms[HO_MS_FIRST], 0);
    assert_int_equal(p.ms[HO_MS_MQL], 2);
    assert_int_equal(p.ms[HO_MS_OPP], 3);
    assert_int_equal(p.ms[HO_MS_WON], 4);
    /* An MQL before every touch, and no MQL at all: missing. */
    ho_attr_path_init(&p, ts, 5, 5, 35, HO_TIME_NONE);
    assert_true(p.ms[HO_MS_MQL] == NONE);
    assert_true(p.ms[HO_MS_WON] == NONE);
    ho_attr_path_init(&p, ts, 5, HO_TIME_NONE, 35, HO_TIME_NONE);
    assert_true(p.ms[HO_MS_MQL] == NONE);
}

static void
test_bad_paths_are_refused(void **state)
{
    (void)state;
    double w[4];
    struct ho_diag d = { 0 };
    struct ho_attr_path p = path(0, NONE, NONE, NONE);
    assert_int_equal(ho_attr_weights(HO_ATTR_LINEAR, &p, w, &d), HO_EINVAL);
    p = path(3, 5, 2, NONE); /* MQL touch out of range */
    assert_int_equal(ho_attr_weights(HO_ATTR_U, &p, w, &d), HO_EINVAL);
    p = path(3, 1, 2, NONE);
    p.ms[HO_MS_FIRST] = 1;
    assert_int_equal(ho_attr_weights(HO_ATTR_U, &p, w, &d), HO_EINVAL);
    p = path(3, 1, 2, NONE); /* decay without times */
    assert_int_equal(ho_attr_weights(HO_ATTR_DECAY, &p, w, &d), HO_EINVAL);
    int64_t back[] = { 30, 20, 10 };
    p.ts = back;
    assert_int_equal(ho_attr_weights(HO_ATTR_DECAY, &p, w, &d), HO_EINVAL);
}

static void
test_model_names_and_parameters(void **state)
{
    (void)state;
    enum ho_attr_model m;
    assert_true(ho_attr_model_parse("u", &m));
    assert_int_equal(m, HO_ATTR_U);
    assert_true(ho_attr_model_parse("decay", &m));
    assert_int_equal(m, HO_ATTR_DECAY);
    assert_false(ho_attr_model_parse("U-shaped", &m));
    const struct ho_attr_params *w = ho_attr_params(HO_ATTR_W);
    assert_true(fabs(w->share[HO_MS_FIRST] + w->share[HO_MS_MQL] + w->share[HO_MS_OPP] + w->rest -
                     1.0) < EPS);
    const struct ho_attr_params *f = ho_attr_params(HO_ATTR_FULL);
    assert_true(fabs(f->share[HO_MS_WON] - 0.225) < EPS);
    assert_true(f->to_close);
    assert_int_equal(ho_attr_params(HO_ATTR_DECAY)->half_life_ms, 7 * DAY);
}

/* ---- credit over pooled touches ---- */

/* Interned ids used below. */
enum { L_ANA = 1, L_BOB, L_CY, CH_SEARCH, CH_EMAIL, CH_WEBINAR, CP_SPRING, N_IDS };

static struct ho_journey_row
opportunity(uint32_t lead, int64_t mql, int64_t opp, int64_t won, double amount)
{
    struct ho_journey_row r;
    memset(&r, 0, sizeof(r));
    r.lead = lead;
    for (int s = 0; s < HO_STAGE__COUNT; s++)
        r.j.entered[s] = HO_TIME_NONE;
    r.j.entered[HO_STAGE_MQL] = mql;
    r.j.entered[HO_STAGE_OPPORTUNITY] = opp;
    r.j.entered[HO_STAGE_CUSTOMER] = won;
    r.j.has_amount = true;
    r.j.amount = amount;
    return r;
}

/*
 * Pool 1 (ana and bob, one account): search@1 (spring), email@2, webinar@3,
 * search@5.  Pool 2 (cy alone): email@10.
 */
static void
pools(struct ho_touch_pools *tp, struct ho_touch *t, size_t *start, uint32_t *pool_of)
{
    static const struct ho_touch touches[] = { { 1, CH_SEARCH, CP_SPRING },
                                               { 2, CH_EMAIL, 0 },
                                               { 3, CH_WEBINAR, 0 },
                                               { 5, CH_SEARCH, 0 },
                                               { 10, CH_EMAIL, 0 } };
    memcpy(t, touches, sizeof(touches));
    start[0] = 0;
    start[1] = 4;
    start[2] = 5;
    memset(pool_of, 0, N_IDS * sizeof(*pool_of));
    pool_of[L_ANA] = 1;
    pool_of[L_BOB] = 1;
    pool_of[L_CY] = 2;
    *tp = (struct ho_touch_pools){ .touches = t,
                                   .n_touches = 5,
                                   .start = start,
                                   .n_pools = 2,
                                   .pool_of_lead = pool_of,
                                   .n_ids = N_IDS };
}

static const struct ho_attr_credit *
credit_of(const struct ho_attribution *a, uint32_t key)
{
    for (size_t i = 0; i < a->n; i++) {
        if (a->rows[i].key == key)
            return &a->rows[i];
    }
    fail_msg("no credit for key %u", key);
    return NULL;
}

static void
test_credit_pools_touches_of_the_account(void **state)
{
    (void)state;
    struct ho_touch t[5];
    size_t start[3];
    uint32_t pool_of[N_IDS];
    struct ho_touch_pools tp;
    pools(&tp, t, start, pool_of);
    /*
     * bob's opportunity of 1000 created at 4, MQL at 2: path search@1,
     * email@2, webinar@3 (ana's touches count too; search@5 is later).
     * U: 40 search (first), 40 email (MQL touch), 20 nothing between -> pro
     * rata: search 500, email 500.
     * cy's opportunity of 300 created at 20, sales-sourced: path email@10:
     * email 300.  An opportunity of ana's created at 0 has no touch before
     * it: unattributed (200).  Total 1500 = 500 + 800 + 200.
     */
    struct ho_journey_row rows[] = {
        opportunity(L_BOB, 2, 4, HO_TIME_NONE, 1000),
        opportunity(L_CY, HO_TIME_NONE, 20, HO_TIME_NONE, 300),
        opportunity(L_ANA, HO_TIME_NONE, 0, HO_TIME_NONE, 200),
    };
    struct ho_attribution a;
    ho_attribution_compute(&tp, rows, 3, HO_ATTR_U, HO_ATTR_BY_CHANNEL, INT64_MIN, INT64_MAX, &a);
    assert_int_equal(a.opportunities, 3);
    assert_true(fabs(a.amount - 1500) < 1e-9);
    assert_int_equal(a.unattributed, 1);
    assert_true(fabs(a.unattributed_amount - 200) < 1e-9);
    assert_int_equal(a.n, 2);
    assert_int_equal(a.rows[0].key, CH_EMAIL); /* 800, largest first */
    assert_true(fabs(a.rows[0].amount - 800) < 1e-9);
    assert_true(fabs(a.rows[0].opportunities - 1.5) < 1e-12);
    assert_true(fabs(credit_of(&a, CH_SEARCH)->amount - 500) < 1e-9);
    assert_int_equal(credit_of(&a, CH_SEARCH)->touches, 1);
    assert_int_equal(a.touches, 3); /* search, email (bob); email (cy); webinar got 0 */
    ho_attribution_release(&a);

    /* Linear by campaign: bob's path has spring on search@1 and no campaign
     * on email@2, webinar@3: spring 1000/3, (none) 2000/3 + cy's 300. */
    ho_attribution_compute(&tp, rows, 3, HO_ATTR_LINEAR, HO_ATTR_BY_CAMPAIGN, INT64_MIN, INT64_MAX,
                           &a);
    assert_true(fabs(credit_of(&a, CP_SPRING)->amount - 1000.0 / 3) < 1e-9);
    assert_true(fabs(credit_of(&a, 0)->amount - (2000.0 / 3 + 300)) < 1e-9);
    ho_attribution_release(&a);

    /* --from/--to on the creation time: only bob's (created at 4) in [3, 10). */
    ho_attribution_compute(&tp, rows, 3, HO_ATTR_FIRST, HO_ATTR_BY_CHANNEL, 3, 10, &a);
    assert_int_equal(a.opportunities, 1);
    assert_int_equal(a.n, 1);
    assert_int_equal(a.rows[0].key, CH_SEARCH);
    assert_true(fabs(a.rows[0].amount - 1000) < 1e-9);
    ho_attribution_release(&a);
}

static void
test_full_path_of_a_won_deal_runs_to_the_close(void **state)
{
    (void)state;
    struct ho_touch t[5];
    size_t start[3];
    uint32_t pool_of[N_IDS];
    struct ho_touch_pools tp;
    pools(&tp, t, start, pool_of);
    /*
     * ana: MQL at 1, opportunity of 1000 at 2, won at 6.  Full path runs to
     * the close: search@1 (first + MQL), email@2 (opp), webinar@3 (rest),
     * search@5 (won).  search 2 x 22.5 + 22.5 = 67.5, email 22.5, webinar 10.
     * W-shaped stops at the opportunity: search@1 60, email@2 30, no rest
     * touch: 10 pro rata 60:30 -> search 2/3, email 1/3.
     */
    struct ho_journey_row rows[] = { opportunity(L_ANA, 1, 2, 6, 1000) };
    struct ho_attribution a;
    ho_attribution_compute(&tp, rows, 1, HO_ATTR_FULL, HO_ATTR_BY_CHANNEL, INT64_MIN, INT64_MAX,
                           &a);
    assert_true(fabs(credit_of(&a, CH_SEARCH)->amount - 675) < 1e-9);
    assert_true(fabs(credit_of(&a, CH_EMAIL)->amount - 225) < 1e-9);
    assert_true(fabs(credit_of(&a, CH_WEBINAR)->amount - 100) < 1e-9);
    ho_attribution_release(&a);
    ho_attribution_compute(&tp, rows, 1, HO_ATTR_W, HO_ATTR_BY_CHANNEL, INT64_MIN, INT64_MAX, &a);
    assert_true(fabs(credit_of(&a, CH_SEARCH)->amount - 2000.0 / 3) < 1e-9);
    assert_true(fabs(credit_of(&a, CH_EMAIL)->amount - 1000.0 / 3) < 1e-9);
    assert_int_equal(a.n, 2);
    ho_attribution_release(&a);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_touch_gets_everything_under_every_model),
        cmocka_unit_test(test_two_touches),
        cmocka_unit_test(test_three_touches),
        cmocka_unit_test(test_five_touches_with_touches_between),
        cmocka_unit_test(test_full_path_won_gives_each_milestone_22_5),
        cmocka_unit_test(test_many_touches_with_coinciding_first_and_mql),
        cmocka_unit_test(test_missing_mql_touch_spreads_its_share_pro_rata),
        cmocka_unit_test(test_time_decay_halves_every_seven_days),
        cmocka_unit_test(test_weights_add_up_to_exactly_one),
        cmocka_unit_test(test_path_init_finds_the_milestones),
        cmocka_unit_test(test_bad_paths_are_refused),
        cmocka_unit_test(test_model_names_and_parameters),
        cmocka_unit_test(test_credit_pools_touches_of_the_account),
        cmocka_unit_test(test_full_path_of_a_won_deal_runs_to_the_close),
    };
    return cmocka_run_group_tests(tests, 0, 0);
}
