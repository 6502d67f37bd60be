/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/learn/test_logistic.c - the liblinear fit (learn/logistic.h),
 * judged by the optimality condition of its objective rather than by
 * liblinear's own numbers: at the minimum of
 *     0.5 |v|^2 + C sum_i log(1 + exp(-s_i v.z_i)),  v = (w, bias),
 *     z_i = (x_i, 1), s_i = +1 for y = 1 and -1 for y = 0,
 * the gradient v - C sum_i s_i z_i sigma(-s_i v.z_i) is 0.  Plus the cases
 * whose answer is known by symmetry, and the refusals.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <math.h>

#include "base/rc.h"
#include "learn/logistic.h"

static double
sigma(double t)
{
    return 1.0 / (1.0 + exp(-t));
}

/* The largest component of the objective's gradient at (w, bias). */
static double
gradient_norm(const double *x, const uint8_t *y, size_t n, size_t d, const double *w, double bias)
{
    double g[8] = { 0 };
    for (size_t j = 0; j < d; j++)
        g[j] = w[j];
    g[d] = bias;
    for (size_t i = 0; i < n; i++) {
        double z = bias, s = y[i] ? 1.0 : -1.0;
        for (size_t j = 0; j < d; j++)
            z += w[j] * x[i * d + j];
        double f = HO_LOGISTIC_C * s * sigma(-s * z);
        for (size_t j = 0; j < d; j++)
            g[j] -= f * x[i * d + j];
        g[d] -= f;
    }
    double worst = 0;
    for (size_t j = 0; j <= d; j++)
        worst = fmax(worst, fabs(g[j]));
    return worst;
}

static void
test_fit_is_the_minimum_of_the_l2_logistic_objective(void **state)
{
    (void)state;
    /* 12 rows, 2 features: the first raises the odds, the second lowers them. */
    const double x[] = { 1, 0, 1, 0, 1, 1, 0, 0, 0, 1, 0, 1, 2, 0, 2, 1, 0, 2, 1, 2, 3, 0, 0, 0 };
    const uint8_t y[] = { 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1 };
    double w[2], bias;
    struct ho_diag diag = { 0 };
    assert_int_equal(ho_logistic_fit(x, y, 12, 2, w, &bias, &diag), HO_OK);
    /* liblinear stops when the gradient is HO_LOGISTIC_EPS of its start
     * (about 6 here); a wrong sign or a dropped bias is far off. */
    assert_true(gradient_norm(x, y, 12, 2, w, bias) < 1e-3);
    assert_true(w[0] > 0);
    assert_true(w[1] < 0);
}

static void
test_labels_in_any_order_give_the_same_fit(void **state)
{
    (void)state;
    /* The first row's label is liblinear's first class: a fit starting with a
     * negative row must not flip the signs. */
    const double xa[] = { 1, 0, 1, 0 };
    const uint8_t ya[] = { 1, 0, 1, 0 };
    const double xb[] = { 0, 1, 0, 1 };
    const uint8_t yb[] = { 0, 1, 0, 1 };
    double wa, wb, ba, bb;
    struct ho_diag diag = { 0 };
    assert_int_equal(ho_logistic_fit(xa, ya, 4, 1, &wa, &ba, &diag), HO_OK);
    assert_int_equal(ho_logistic_fit(xb, yb, 4, 1, &wb, &bb, &diag), HO_OK);
    assert_true(wa > 0);
    assert_float_equal(wa, wb, 1e-9);
    assert_float_equal(ba, bb, 1e-9);
}

static void
test_balanced_uninformative_data_fits_zero(void **state)
{
    (void)state;
    /* The feature is 1 for one positive and one negative: by symmetry w = 0
     * and, with as many of each class, bias = 0. */
    const double x[] = { 1, 1, 0, 0 };
    const uint8_t y[] = { 1, 0, 1, 0 };
    double w, bias;
    struct ho_diag diag = { 0 };
    assert_int_equal(ho_logistic_fit(x, y, 4, 1, &w, &bias, &diag), HO_OK);
    assert_float_equal(w, 0, 1e-6);
    assert_float_equal(bias, 0, 1e-6);
}

static void
test_no_samples_is_refused(void **state)
{
    (void)state;
    double w, bias;
    struct ho_diag diag = { 0 };
    assert_int_equal(ho_logistic_fit(NULL, NULL, 0, 1, &w, &bias, &diag), HO_EINVAL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fit_is_the_minimum_of_the_l2_logistic_objective),
        cmocka_unit_test(test_labels_in_any_order_give_the_same_fit),
        cmocka_unit_test(test_balanced_uninformative_data_fits_zero),
        cmocka_unit_test(test_no_samples_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
