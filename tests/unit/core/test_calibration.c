/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/core/test_calibration.c - the arithmetic of calibrate
 * (core/calibration.h): every expected value is worked out by hand next to
 * its assertion, or is a published constant (splitmix64, FNV-1a).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <math.h>

#include "core/calibration.h"

#define EPS 1e-12

static void
test_mix_is_splitmix64_and_key_is_fnv1a(void **state)
{
    (void)state;
    /* splitmix64 seeded with 0: first output 0xE220A8397B1DCDAF. */
    assert_true(ho_calib_mix(0) == 0xE220A8397B1DCDAFULL);
    /* FNV-1a 64: "" is the offset basis, "a" is 0xaf63dc4c8601ec8c. */
    assert_true(ho_calib_key("") == 0xcbf29ce484222325ULL);
    assert_true(ho_calib_key("a") == 0xaf63dc4c8601ec8cULL);
}

static void
test_holdout_is_deterministic_and_has_about_its_fraction(void **state)
{
    (void)state;
    size_t in = 0, again = 0, other_seed_same = 0;
    char id[32];
    for (int i = 0; i < 10000; i++) {
        snprintf(id, sizeof(id), "lead-%d", i);
        uint64_t k = ho_calib_key(id);
        bool h = ho_calib_in_holdout(7, k, 0.2);
        in += h;
        again += h == ho_calib_in_holdout(7, k, 0.2);
        other_seed_same += h == ho_calib_in_holdout(8, k, 0.2);
        assert_false(ho_calib_in_holdout(7, k, 0.0));
        assert_true(ho_calib_in_holdout(7, k, 1.0));
    }
    assert_int_equal(again, 10000);
    /* 2000 expected; the binomial sd is 40, so 5 sd either side. */
    assert_in_range(in, 1800, 2200);
    /* Another seed gives another split: agreement is about 0.8^2 + 0.2^2 = 68%. */
    assert_in_range(other_seed_same, 6400, 7200);
}

/* The time-ordered split holds out the latest ceil(fraction * n) samples
 * by (time, key): with times 5 1 3 3 9, 0.4 of 5 is 2 -> the 9 and the 5;
 * 0.6 is 3 -> also the later of the two 3s by key (7 > 4: index 2). */
static void
test_time_holdout_takes_the_latest(void **state)
{
    (void)state;
    const int64_t t[] = { 5, 1, 3, 3, 9 };
    const uint64_t key[] = { 1, 2, 7, 4, 3 };
    bool hold[5];
    ho_calib_time_holdout(t, key, 5, 0.4, hold);
    assert_true(hold[0] && !hold[1] && !hold[2] && !hold[3] && hold[4]);
    ho_calib_time_holdout(t, key, 5, 0.6, hold);
    assert_true(hold[0] && !hold[1] && hold[2] && !hold[3] && hold[4]);
    ho_calib_time_holdout(t, key, 5, 0.01, hold); /* ceil: at least one */
    assert_true(!hold[0] && !hold[1] && !hold[2] && !hold[3] && hold[4]);
    ho_calib_time_holdout(t, key, 0, 0.2, hold); /* none: nothing to do */
}

static void
test_auc_counts_pairs_and_ties_as_half(void **state)
{
    (void)state;
    /* Positives 0.9 and 0.7, negatives 0.8, 0.6, 0.5: 0.9 beats all three,
     * 0.7 beats 0.6 and 0.5 but not 0.8: 5 of 6 pairs. */
    const double p1[] = { 0.9, 0.8, 0.7, 0.6, 0.5 };
    const uint8_t y1[] = { 1, 0, 1, 0, 0 };
    assert_float_equal(ho_calib_auc(p1, y1, 5), 5.0 / 6.0, EPS);
    /* Positives 0.6, 0.9; negatives 0.2, 0.6: 0.6 beats 0.2 (1) and ties
     * 0.6 (0.5), 0.9 beats both (2): 3.5 / 4. */
    const double p2[] = { 0.2, 0.6, 0.6, 0.9 };
    const uint8_t y2[] = { 0, 1, 0, 1 };
    assert_float_equal(ho_calib_auc(p2, y2, 4), 0.875, EPS);
    /* Everything tied: 0.5; perfectly reversed: 0. */
    const double p3[] = { 0.5, 0.5 };
    const uint8_t y3[] = { 1, 0 };
    assert_float_equal(ho_calib_auc(p3, y3, 2), 0.5, EPS);
    const double p4[] = { 0.1, 0.9 };
    assert_float_equal(ho_calib_auc(p4, y3, 2), 0.0, EPS);
    /* One class only: no AUC. */
    const uint8_t all1[] = { 1, 1 };
    assert_true(isnan(ho_calib_auc(p4, all1, 2)));
    assert_true(isnan(ho_calib_auc(NULL, NULL, 0)));
}

static void
test_brier_is_the_mean_squared_error(void **state)
{
    (void)state;
    /* (0.1^2 + 0.2^2 + 0.5^2) / 3 = (0.01 + 0.04 + 0.25) / 3 = 0.1 */
    const double p[] = { 0.9, 0.2, 0.5 };
    const uint8_t y[] = { 1, 0, 1 };
    assert_float_equal(ho_calib_brier(p, y, 3), 0.1, EPS);
    assert_true(isnan(ho_calib_brier(p, y, 0)));
}

static void
test_bands_hold_counts_mean_prediction_and_observed_rate(void **state)
{
    (void)state;
    const double p[] = { 0.05, 0.15, 0.12, 0.95, 1.0, 0.0 };
    const uint8_t y[] = { 0, 1, 0, 1, 1, 0 };
    struct ho_calib_band b[HO_CALIB_BANDS];
    ho_calib_bands(p, y, 6, b);
    /* [0, 0.1): 0.05 and 0.0, no positive; mean 0.025. */
    assert_int_equal(b[0].n, 2);
    assert_int_equal(b[0].positives, 0);
    assert_float_equal(b[0].mean_predicted, 0.025, EPS);
    assert_float_equal(b[0].observed, 0.0, EPS);
    /* [0.1, 0.2): 0.15 (positive) and 0.12: mean 0.135, observed 1/2. */
    assert_int_equal(b[1].n, 2);
    assert_float_equal(b[1].mean_predicted, 0.135, EPS);
    assert_float_equal(b[1].observed, 0.5, EPS);
    assert_float_equal(b[1].lo, 0.1, EPS);
    assert_float_equal(b[1].hi, 0.2, EPS);
    /* [0.9, 1]: 0.95 and 1.0 (1.0 belongs to the last band), both positive. */
    assert_int_equal(b[9].n, 2);
    assert_float_equal(b[9].mean_predicted, 0.975, EPS);
    assert_float_equal(b[9].observed, 1.0, EPS);
    for (int i = 2; i < 9; i++) {
        assert_int_equal(b[i].n, 0);
        assert_true(isnan(b[i].observed));
    }
}

static void
test_need_says_how_many_more_outcomes_of_each_class(void **state)
{
    (void)state;
    struct ho_calib_need n;
    /* 10 positives, 100 negatives: 40 more positives; 110 + 40 = 150, so 50
     * more of either class on top: 90 more in all. */
    ho_calib_need(10, 100, &n);
    assert_false(n.enough);
    assert_int_equal(n.samples, 110);
    assert_int_equal(n.more_positives, 40);
    assert_int_equal(n.more_negatives, 0);
    assert_int_equal(n.more_samples, 90);
    /* 60 + 60 = 120: each class is enough, 80 more samples needed. */
    ho_calib_need(60, 60, &n);
    assert_int_equal(n.more_positives, 0);
    assert_int_equal(n.more_samples, 80);
    /* 50 + 150 = 200: exactly the minimum. */
    ho_calib_need(50, 150, &n);
    assert_true(n.enough);
    assert_int_equal(n.more_samples, 0);
}

static void
test_points_keep_the_total_weight_and_follow_the_coefficients(void **state)
{
    (void)state;
    /* Sum |current| = 10 + 15 + 5 = 30, sum |coef| = 2: k = 15, so 15,
     * -7.5 -> -8 and 7.5 -> 8 (rounded half away from zero). */
    const double coef[] = { 1.0, -0.5, 0.5 };
    const double cur[] = { 10, -15, 5 };
    double out[3];
    assert_true(ho_calib_scale_points(coef, cur, 3, out));
    assert_float_equal(out[0], 15, EPS);
    assert_float_equal(out[1], -8, EPS);
    assert_float_equal(out[2], 8, EPS);
    /* No points at all: 20 points double the odds, k = 20 / ln 2 = 28.85:
     * ln 2 -> 20, 0.1 -> 2.885 -> 3. */
    const double coef2[] = { 0.69314718055994530942, 0.1 };
    const double zero[] = { 0, 0 };
    double out2[2];
    assert_true(ho_calib_scale_points(coef2, zero, 2, out2));
    assert_float_equal(out2[0], 20, EPS);
    assert_float_equal(out2[1], 3, EPS);
    /* All coefficients 0: the points stay. */
    const double none[] = { 0, 0, 0 };
    assert_false(ho_calib_scale_points(none, cur, 3, out));
    assert_float_equal(out[1], -15, EPS);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mix_is_splitmix64_and_key_is_fnv1a),
        cmocka_unit_test(test_holdout_is_deterministic_and_has_about_its_fraction),
        cmocka_unit_test(test_time_holdout_takes_the_latest),
        cmocka_unit_test(test_auc_counts_pairs_and_ties_as_half),
        cmocka_unit_test(test_brier_is_the_mean_squared_error),
        cmocka_unit_test(test_bands_hold_counts_mean_prediction_and_observed_rate),
        cmocka_unit_test(test_need_says_how_many_more_outcomes_of_each_class),
        cmocka_unit_test(test_points_keep_the_total_weight_and_follow_the_coefficients),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
