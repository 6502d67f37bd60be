/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/core/test_timeline.c - the step in force at a time, and what a
 * lead's state carries from one definitions version to the next by name
 * (core/timeline.h).  Expected values are worked out next to each assertion.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/defs.h"
#include "core/stage.h"
#include "core/timeline.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static void
test_step_in_force(void **state)
{
    (void)state;
    struct ho_timeline_step s[] = { { INT64_MIN, 1, NULL }, { 100, 2, NULL }, { 250, 5, NULL } };
    assert_int_equal(ho_timeline_step_at(s, 3, -5), 0); /* before the second: the first */
    assert_int_equal(ho_timeline_step_at(s, 3, 99), 0);
    assert_int_equal(ho_timeline_step_at(s, 3, 100), 1); /* a step starts at its time */
    assert_int_equal(ho_timeline_step_at(s, 3, 249), 1);
    assert_int_equal(ho_timeline_step_at(s, 3, 250), 2);
    assert_int_equal(ho_timeline_step_at(s, 3, INT64_MAX), 2);
    assert_int_equal(ho_timeline_step_at(s, 1, INT64_MAX), 0); /* one version judges all */
}

/* v1: fit [title, size], behaviour [demo, pricing], or_any [hot, warm];
 * v2: fit [size], behaviour [pricing, webinar, demo], or_any [warm]. */
struct two {
    struct ho_fit_rule f1[2], f2[1];
    struct ho_behavior_rule b1[2], b2[3];
    struct ho_criteria_set o1[2], o2[1];
    struct ho_defs v1, v2;
};

static void
two_versions(struct two *t)
{
    memset(t, 0, sizeof(*t));
    t->f1[0].name = "title";
    t->f1[1].name = t->f2[0].name = "size";
    t->b1[0].name = t->b2[2].name = "demo";
    t->b1[1].name = t->b2[0].name = "pricing";
    t->b2[1].name = "webinar";
    t->o1[0].name = "hot";
    t->o1[1].name = t->o2[0].name = "warm";
    t->v1 = (struct ho_defs){ .fit = t->f1, .n_fit = 2, .behavior = t->b1, .n_behavior = 2 };
    t->v1.mql.or_any = t->o1;
    t->v1.mql.n_or_any = 2;
    t->v2 = (struct ho_defs){ .fit = t->f2, .n_fit = 1, .behavior = t->b2, .n_behavior = 3 };
    t->v2.mql.or_any = t->o2;
    t->v2.mql.n_or_any = 1;
}

static void
test_journey_carried_by_name(void **state)
{
    (void)state;
    struct two t;
    two_versions(&t);
    /* v1 bits: title 0, size 1, demo 2, pricing 3.  All four held; v2 has
     * size 0, pricing 1, webinar 2, demo 3: title is gone -> 0b1011. */
    struct ho_journey j = { .criterion = 2, .criteria_at_mql = 0x7, .rules_at_mql = 0xF };
    ho_timeline_remap_journey(&j, &t.v1, &t.v2);
    assert_int_equal(j.criterion, 1);      /* "warm": set 2 of v1 is set 1 of v2 */
    assert_true(j.criteria_at_mql == 0x3); /* min_score kept, hot (bit 1) gone, warm -> bit 1 */
    assert_true(j.rules_at_mql == 0xB);    /* size 1->0, demo 2->3, pricing 3->1 */
    struct ho_journey hot = { .criterion = 1, .criteria_at_mql = 0x2 };
    ho_timeline_remap_journey(&hot, &t.v1, &t.v2);
    assert_int_equal(hot.criterion, HO_CRITERION_NONE); /* v2 has no "hot" */
    struct ho_journey score = { .criterion = HO_CRITERION_SCORE, .criteria_at_mql = 1 };
    ho_timeline_remap_journey(&score, &t.v1, &t.v2);
    assert_int_equal(score.criterion, HO_CRITERION_SCORE);
}

static void
test_clocks_carried_by_name_and_occurrence(void **state)
{
    (void)state;
    /* v1: [ft, accept, ft]; v2: [accept, ft, ft2, ft].  The second "ft" of
     * v1 (index 2) maps to the second "ft" of v2 (index 3); v3 lacks accept. */
    struct ho_sla s1[] = { { .name = "ft" }, { .name = "accept" }, { .name = "ft" } };
    struct ho_sla s2[] = {
        { .name = "accept" }, { .name = "ft" }, { .name = "ft2" }, { .name = "ft" }
    };
    struct ho_sla s3[] = { { .name = "ft" } };
    struct ho_defs v1 = { .slas = s1, .n_slas = LEN(s1) };
    struct ho_defs v2 = { .slas = s2, .n_slas = LEN(s2) };
    struct ho_defs v3 = { .slas = s3, .n_slas = LEN(s3) };
    struct ho_sla_clock c[] = { { .journey = 0, .sla = 0, .started = 10 },
                                { .journey = 0, .sla = 1, .started = 20 },
                                { .journey = 1, .sla = 2, .started = 30 } };
    assert_int_equal(ho_timeline_remap_clocks(c, 3, &v1, &v2), 3);
    assert_int_equal(c[0].sla, 1);
    assert_int_equal(c[1].sla, 0);
    assert_int_equal(c[2].sla, 3);
    /* v2 -> v3: accept is dropped, the second ft has no second in v3. */
    assert_int_equal(ho_timeline_remap_clocks(c, 3, &v2, &v3), 1);
    assert_int_equal(c[0].sla, 0);
    assert_int_equal(c[0].started, 10);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_step_in_force),
        cmocka_unit_test(test_journey_carried_by_name),
        cmocka_unit_test(test_clocks_carried_by_name_and_occurrence),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
