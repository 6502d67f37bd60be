/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/core/test_score.c - the behaviour rule kinds of core/score.h
 * (DESIGN.md §4), on hand-built definitions so each kind is seen alone.
 *
 * Times are in days from t0 = 0; every expected value is worked next to its
 * assertion.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/timefmt.h"
#include "core/defs.h"
#include "core/score.h"

#include "../../support/replay_fixture.h"

#define EPS 1e-9
#define DAY HO_MS_PER_DAY

/* Definitions with one fit rule (10 points) and the given behaviour rules. */
struct one {
    struct ho_defs d;
    struct ho_fit_rule fit;
    struct ho_score s;
};

static void
one_init(struct one *o, struct ho_behavior_rule *rules, size_t n, int64_t half_life)
{
    memset(o, 0, sizeof(*o));
    o->fit.points = 10;
    o->d.fit = &o->fit;
    o->d.n_fit = 1;
    o->d.behavior = rules;
    o->d.n_behavior = n;
    o->d.half_life_ms = half_life;
    ho_score_init(&o->s, &o->d);
}

/* Per-event, 10 points, decays with half-life 10d, max 15. */
static void
test_per_event_decays_and_clamps(void **state)
{
    (void)state;
    struct ho_behavior_rule b = {
        .kind = HO_BEHAVIOR_PER_EVENT, .points = 10, .decays = true, .has_max = true, .max = 15
    };
    struct one o;
    one_init(&o, &b, 1, 10 * DAY);
    assert_float_equal(ho_score_contribution(&o.s, 0, 0), 0.0, EPS); /* no match yet */
    ho_score_record(&o.s, 0, 0, 1);
    assert_float_equal(ho_score_contribution(&o.s, 0, 0), 10.0, EPS);
    assert_float_equal(ho_score_contribution(&o.s, 0, 10 * DAY), 5.0, EPS); /* 10 * 0.5 */
    ho_score_record(&o.s, 0, 10 * DAY, 2);
    /* 10 * 0.5 + 10 = 15 at 10d, within max 15 */
    assert_float_equal(ho_score_contribution(&o.s, 0, 10 * DAY), 15.0, EPS);
    /* 15 * 0.5 = 7.5 at 20d */
    assert_float_equal(ho_score_contribution(&o.s, 0, 20 * DAY), 7.5, EPS);
    /* raw: the plain sum 20, clamped to 15 */
    assert_float_equal(ho_score_raw(&o.s, 0, 20 * DAY), 15.0, EPS);
    ho_score_record(&o.s, 0, 10 * DAY, 3);
    /* 15 + 10 = 25, clamped to 15 */
    assert_float_equal(ho_score_contribution(&o.s, 0, 10 * DAY), 15.0, EPS);
    ho_score_release(&o.s);
}

/* Window: 20 points while 2 matches fall within 7d, no decay. */
static void
test_window_holds_within(void **state)
{
    (void)state;
    struct ho_behavior_rule b = {
        .kind = HO_BEHAVIOR_WINDOW, .points = 20, .count = 2, .within_ms = 7 * DAY
    };
    struct one o;
    one_init(&o, &b, 1, 30 * DAY);
    ho_score_record(&o.s, 0, 0, 1);
    assert_float_equal(ho_score_contribution(&o.s, 0, 0), 0.0, EPS); /* 1 of 2 */
    ho_score_record(&o.s, 0, 5 * DAY, 2);
    assert_float_equal(ho_score_contribution(&o.s, 0, 5 * DAY), 20.0, EPS);
    /* oldest of the last two is 0d: 7d - 0 <= 7d holds, one ms later not */
    assert_float_equal(ho_score_contribution(&o.s, 0, 7 * DAY), 20.0, EPS);
    assert_float_equal(ho_score_contribution(&o.s, 0, 7 * DAY + 1), 0.0, EPS);
    assert_float_equal(ho_score_raw(&o.s, 0, 7 * DAY + 1), 0.0, EPS);
    ho_score_record(&o.s, 0, 20 * DAY, 3);
    /* last two: 5d and 20d, 15d apart > 7d */
    assert_float_equal(ho_score_contribution(&o.s, 0, 20 * DAY), 0.0, EPS);
    ho_score_record(&o.s, 0, 21 * DAY, 4);
    /* last two: 20d and 21d */
    assert_float_equal(ho_score_contribution(&o.s, 0, 21 * DAY), 20.0, EPS);
    assert_float_equal(ho_score_raw(&o.s, 0, 21 * DAY), 20.0, EPS);
    ho_score_release(&o.s);
}

/* The kind, not count, decides: the same matches scored by both kinds. */
static void
test_kind_decides(void **state)
{
    (void)state;
    struct ho_behavior_rule b[2] = {
        { .kind = HO_BEHAVIOR_PER_EVENT, .points = 4 },
        { .kind = HO_BEHAVIOR_WINDOW, .points = 4, .count = 1, .within_ms = DAY },
    };
    struct one o;
    one_init(&o, b, 2, 0);
    ho_score_record(&o.s, 0, 0, 1);
    ho_score_record(&o.s, 1, 0, 1);
    /* at 2d: per-event keeps its 4 (no half-life), the 1d window has lapsed */
    assert_float_equal(ho_score_contribution(&o.s, 0, 2 * DAY), 4.0, EPS);
    assert_float_equal(ho_score_contribution(&o.s, 1, 2 * DAY), 0.0, EPS);
    /* at 1d both hold: 4 + 4 */
    assert_float_equal(ho_score_behavior(&o.s, DAY), 8.0, EPS);
    ho_score_release(&o.s);
}

/* Recycling resets behaviour and keeps fit; a new lead resets both. */
static void
test_resets(void **state)
{
    (void)state;
    struct ho_behavior_rule b = { .kind = HO_BEHAVIOR_PER_EVENT, .points = 7 };
    struct one o;
    one_init(&o, &b, 1, 0);
    o.s.fit_hit[0] = true;
    ho_score_record(&o.s, 0, 0, 1);
    assert_float_equal(ho_score_fit(&o.s) + ho_score_behavior(&o.s, 0), 17.0, EPS);
    ho_score_reset_behavior(&o.s);
    assert_float_equal(ho_score_fit(&o.s), 10.0, EPS);
    assert_float_equal(ho_score_behavior(&o.s, 0), 0.0, EPS);
    ho_score_reset(&o.s);
    assert_float_equal(ho_score_fit(&o.s), 0.0, EPS);
    ho_score_release(&o.s);
}

/* Tracing keeps the matching event indices, and a reset forgets them. */
static void
test_trace_events(void **state)
{
    (void)state;
    struct ho_behavior_rule b = { .kind = HO_BEHAVIOR_PER_EVENT, .points = 1 };
    struct one o;
    one_init(&o, &b, 1, 0);
    o.s.trace = true;
    ho_score_record(&o.s, 0, 0, 5);
    ho_score_record(&o.s, 0, 1, 9);
    assert_int_equal(o.s.rs[0].n_events, 2);
    assert_int_equal(o.s.rs[0].events[1], 9);
    ho_score_reset_behavior(&o.s);
    assert_int_equal(o.s.rs[0].n_events, 0);
    ho_score_release(&o.s);
}

/* The loader sets the kind: the example model's pricing_repeat (count: 2,
 * within: 30d) is a window rule, demo_request a per-event rule. */
static void
test_loader_sets_kind(void **state)
{
    (void)state;
    struct ho_fx fx;
    ho_fx_init(&fx, ho_fx_example_yaml);
    assert_string_equal(fx.defs.behavior[0].name, "demo_request");
    assert_int_equal(fx.defs.behavior[0].kind, HO_BEHAVIOR_PER_EVENT);
    assert_string_equal(fx.defs.behavior[1].name, "pricing_repeat");
    assert_int_equal(fx.defs.behavior[1].kind, HO_BEHAVIOR_WINDOW);
    ho_fx_release(&fx);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_per_event_decays_and_clamps),
        cmocka_unit_test(test_window_holds_within),
        cmocka_unit_test(test_kind_decides),
        cmocka_unit_test(test_resets),
        cmocka_unit_test(test_trace_events),
        cmocka_unit_test(test_loader_sets_kind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
