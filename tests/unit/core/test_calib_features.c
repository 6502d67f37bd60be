/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/core/test_calib_features.c - calibrate's feature rows
 * (core/calib_features.h) on hand-made rule details: each value is the
 * definition applied by hand next to its assertion.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <math.h>

#include "core/calib_features.h"
#include "core/defs.h"
#include "core/replay.h"

#define EPS 1e-12

/* Two fit rules, two behaviour rules (one with 0 points), two channels. */
static void
make_defs(struct ho_defs *d, struct ho_fit_rule fit[2], struct ho_behavior_rule beh[2],
          struct ho_channel_def ch[2])
{
    memset(d, 0, sizeof(*d));
    memset(fit, 0, 2 * sizeof(*fit));
    memset(beh, 0, 2 * sizeof(*beh));
    memset(ch, 0, 2 * sizeof(*ch));
    fit[0].name = "senior";
    fit[1].name = "saas";
    beh[0].name = "demo";
    beh[0].points = 20;
    beh[1].name = "open"; /* a window rule: 3 opens within its window */
    beh[1].points = 0;
    beh[1].kind = HO_BEHAVIOR_WINDOW;
    beh[1].count = 3;
    ch[0].name = "paid";
    ch[1].name = "organic";
    d->fit = fit;
    d->n_fit = 2;
    d->behavior = beh;
    d->n_behavior = 2;
    d->channels = ch;
    d->n_channels = 2;
}

static void
test_layout_lists_fit_behaviour_twice_then_channels_and_other(void **state)
{
    (void)state;
    struct ho_defs d;
    struct ho_fit_rule fit[2];
    struct ho_behavior_rule beh[2];
    struct ho_channel_def ch[2];
    make_defs(&d, fit, beh, ch);
    struct ho_calib_layout l;
    ho_calib_layout_init(&l, &d);
    /* 2 fit + 2 x 2 behaviour + 2 channels + other = 9 */
    assert_int_equal(l.n, 9);
    assert_int_equal(l.n_rules, 4);
    assert_int_equal(l.first_channel, 6);
    const char *want[] = { "senior.holds", "saas.holds",      "demo.decayed",
                           "demo.count",   "open.decayed",    "open.count",
                           "channel.paid", "channel.organic", "channel.other" };
    for (size_t j = 0; j < l.n; j++) {
        char label[64];
        ho_calib_feature_label(&l.v[j], label, sizeof(label));
        assert_string_equal(label, want[j]);
    }
    /* rule numbers: fit 0, 1; behaviour 2, 3 (two features each) */
    assert_int_equal(l.v[3].rule, 2);
    assert_int_equal(l.v[5].rule, 3);
    ho_calib_layout_release(&l);
}

static void
test_row_takes_holds_decayed_units_counts_and_one_channel(void **state)
{
    (void)state;
    struct ho_defs d;
    struct ho_fit_rule fit[2];
    struct ho_behavior_rule beh[2];
    struct ho_channel_def ch[2];
    make_defs(&d, fit, beh, ch);
    struct ho_calib_layout l;
    ho_calib_layout_init(&l, &d);
    struct ho_rule_detail det[4] = {
        { .is_fit = true, .points = 10, .holds = true },
        { .is_fit = true, .points = 5, .holds = false },
        /* demo: 3 events, decayed contribution 25 of 20-point events -> 1.25 */
        { .points = 20, .decayed = 25, .n_events = 3 },
        /* open: 0 points -> its decayed feature is the count, 4 */
        { .points = 0, .decayed = 0, .n_events = 4 },
    };
    double x[9];
    ho_calib_row(&l, det, 4, "organic", x);
    const double want[] = { 1, 0, 1.25, 3, 4, 4, 0, 1, 0 };
    for (size_t j = 0; j < 9; j++)
        assert_float_equal(x[j], want[j], EPS);
    /* no channel, and one the definitions do not list: "other" */
    ho_calib_row(&l, det, 4, NULL, x);
    assert_float_equal(x[6] + x[7], 0, EPS);
    assert_float_equal(x[8], 1, EPS);
    ho_calib_row(&l, det, 4, "webinar", x);
    assert_float_equal(x[8], 1, EPS);
    ho_calib_layout_release(&l);
}

static void
test_rule_coefficient_adds_decayed_and_count_n_times_for_a_window(void **state)
{
    (void)state;
    struct ho_defs d;
    struct ho_fit_rule fit[2];
    struct ho_behavior_rule beh[2];
    struct ho_channel_def ch[2];
    make_defs(&d, fit, beh, ch);
    struct ho_calib_layout l;
    ho_calib_layout_init(&l, &d);
    const double coef[9] = { 0.5, -0.25, 0.75, 0.5, -1, 0.25, 9, 9, 9 };
    double rc[4];
    ho_calib_rule_coefs(&l, coef, rc);
    assert_float_equal(rc[0], 0.5, EPS);
    assert_float_equal(rc[1], -0.25, EPS);
    assert_float_equal(rc[2], 1.25, EPS);  /* 0.75 + 0.5 */
    assert_float_equal(rc[3], -0.25, EPS); /* window of 3: -1 + 3 x 0.25 */
    ho_calib_layout_release(&l);
}

static void
test_predict_is_the_logistic_of_the_linear_score(void **state)
{
    (void)state;
    const double w[2] = { 1, -2 };
    const double x[2] = { 3, 1 };
    /* z = 3 - 2 - 1 = 0 -> 0.5 */
    assert_float_equal(ho_calib_predict(w, -1, x, 2), 0.5, EPS);
    /* z = ln 3 -> 3 / 4 */
    assert_float_equal(ho_calib_predict(w, log(3.0) - 1, x, 2), 0.75, EPS);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout_lists_fit_behaviour_twice_then_channels_and_other),
        cmocka_unit_test(test_row_takes_holds_decayed_units_counts_and_one_channel),
        cmocka_unit_test(test_rule_coefficient_adds_decayed_and_count_n_times_for_a_window),
        cmocka_unit_test(test_predict_is_the_logistic_of_the_linear_score),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
