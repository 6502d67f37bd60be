/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/core/test_journey.c - the MQL-aging predicate on stored
 * journeys (core/journey.c), which replaced the store's SQL filter
 * "l.stage = 'mql' AND j.closed = 0 AND j.last_stage = 'mql' AND
 * j.at_mql <= ?1 AND j.first_contact_at IS NULL AND j.contact_made_at IS
 * NULL": each condition on its own turns a candidate into a non-candidate.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/journey.h"

/* An MQL that entered mql at t = 1000 and nobody contacted. */
static struct ho_journey_brief
untouched(void)
{
    return (struct ho_journey_brief){ .lead = "a@x.io",
                                      .lead_stage = HO_STAGE_MQL,
                                      .last = HO_STAGE_MQL,
                                      .closed = false,
                                      .at_mql = 1000,
                                      .first_contact_at = HO_TIME_NONE,
                                      .contact_made_at = HO_TIME_NONE };
}

static void
test_an_untouched_mql_entered_at_or_before_the_cutoff_is_a_candidate(void **state)
{
    (void)state;
    struct ho_journey_brief b = untouched();
    assert_true(ho_journey_untouched_mql(&b, 1000)); /* at the cutoff: <= */
    assert_true(ho_journey_untouched_mql(&b, 5000));
    assert_false(ho_journey_untouched_mql(&b, 999)); /* entered after the cutoff */
}

static void
test_a_contacted_closed_or_moved_on_journey_is_not_a_candidate(void **state)
{
    (void)state;
    struct ho_journey_brief b = untouched();
    b.first_contact_at = 1500;
    assert_false(ho_journey_untouched_mql(&b, 5000));
    b = untouched();
    b.contact_made_at = 1500;
    assert_false(ho_journey_untouched_mql(&b, 5000));
    b = untouched();
    b.closed = true;
    assert_false(ho_journey_untouched_mql(&b, 5000));
    b = untouched();
    b.last = HO_STAGE_SAL;
    assert_false(ho_journey_untouched_mql(&b, 5000));
    b = untouched();
    b.lead_stage = HO_STAGE_NURTURE; /* an older journey of a lead now elsewhere */
    assert_false(ho_journey_untouched_mql(&b, 5000));
}

static void
test_a_journey_that_never_entered_mql_is_not_a_candidate(void **state)
{
    (void)state;
    struct ho_journey_brief b = untouched();
    b.at_mql = HO_TIME_NONE; /* SQL: NULL <= ?1 is not true */
    assert_false(ho_journey_untouched_mql(&b, INT64_MAX));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_an_untouched_mql_entered_at_or_before_the_cutoff_is_a_candidate),
        cmocka_unit_test(test_a_contacted_closed_or_moved_on_journey_is_not_a_candidate),
        cmocka_unit_test(test_a_journey_that_never_entered_mql_is_not_a_candidate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
