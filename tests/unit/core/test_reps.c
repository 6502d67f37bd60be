/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/core/test_reps.c - the ISO week `handoff reps` counts MQLs in
 * (core/reps.h), on an undefined calendar (UTC days).
 *
 * 2026 starts on a Thursday, so it has 53 ISO weeks: Thu 2026-12-31 and
 * Fri 2027-01-01 are in 2026-W53 (Monday 2026-12-28); Mon 2027-01-04
 * starts 2027-W01.  Wed 2026-03-11 is in 2026-W11 (Monday 03-09).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/strtab.h"
#include "base/timefmt.h"
#include "core/defs.h"
#include "core/reps.h"

static void
week_of(int64_t y, unsigned m, unsigned d, int64_t *year, unsigned *week, int64_t *monday)
{
    struct ho_defs defs;
    struct ho_strtab *strings = ho_strtab_new();
    struct ho_reps_load load;
    ho_defs_init(&defs);
    int64_t at = ho_days_from_civil(y, m, d) * HO_MS_PER_DAY + 12 * HO_MS_PER_HOUR;
    ho_reps_load_compute(&defs, strings, NULL, 0, NULL, 0, at, &load);
    *year = load.iso_year;
    *week = load.iso_week;
    *monday = load.week_start / HO_MS_PER_DAY;
    assert_int_equal(load.week_end - load.week_start, 7 * HO_MS_PER_DAY);
    ho_reps_load_release(&load);
    ho_defs_release(&defs);
    ho_strtab_free(strings);
}

static void
test_iso_weeks_cross_the_year_boundary(void **state)
{
    (void)state;
    int64_t year, monday;
    unsigned week;
    week_of(2026, 3, 11, &year, &week, &monday);
    assert_true(year == 2026 && week == 11 && monday == ho_days_from_civil(2026, 3, 9));
    week_of(2026, 12, 31, &year, &week, &monday);
    assert_true(year == 2026 && week == 53 && monday == ho_days_from_civil(2026, 12, 28));
    week_of(2027, 1, 1, &year, &week, &monday);
    assert_true(year == 2026 && week == 53);
    week_of(2027, 1, 4, &year, &week, &monday);
    assert_true(year == 2027 && week == 1 && monday == ho_days_from_civil(2027, 1, 4));
    week_of(2026, 3, 15, &year, &week, &monday); /* a Sunday ends its week */
    assert_true(year == 2026 && week == 11 && monday == ho_days_from_civil(2026, 3, 9));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iso_weeks_cross_the_year_boundary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
