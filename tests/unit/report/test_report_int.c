/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/report/test_report_int.c - the shared report helpers that
 * replaced per-file copies: two-decimal rounding and duration text.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/timefmt.h"
#include "report/report_int.h"

/* Half away from zero, worked by hand: 0.125 -> 12.5 hundredths -> 13
 * -> 0.13 (printf's "%.2f" of 0.125 alone gives 0.12); -0.125 -> -0.13;
 * 0.874 -> 87.4 hundredths -> 87 -> 0.87. */
static void
test_round2_rounds_half_away_from_zero(void **state)
{
    (void)state;
    assert_true(ho_round2(0.125) == 0.13);
    assert_true(ho_round2(0.875) == 0.88);
    assert_true(ho_round2(-0.125) == -0.13);
    assert_true(ho_round2(0.874) == 0.87);
    assert_true(ho_round2(30.0) == 30.0);
    assert_true(isnan(ho_round2(NAN)));
}

/* A negative duration is "not measured"; 36 hours is "1d 12h". */
static void
test_duration_text_or_na(void **state)
{
    (void)state;
    char out[HO_TIME_STRLEN];
    assert_string_equal(ho_format_duration(-1, out), "n/a");
    assert_string_equal(ho_format_duration(36 * HO_MS_PER_HOUR, out), "1d 12h");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round2_rounds_half_away_from_zero),
        cmocka_unit_test(test_duration_text_or_na),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
