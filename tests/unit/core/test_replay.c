/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/core/test_replay.c - scoring and lifecycle of one lead by
 * replay (core/replay.h), against DESIGN.md §2 and §4.
 *
 * Every expected value is worked out by hand from the design and the header
 * contracts; the arithmetic is next to each assertion.  Unless a test says
 * otherwise the definitions are the published example model
 * (ho_fx_example_yaml):
 *   fit       senior_title 10 (lead.title ~ VP|Vice President|Director|CRO|Head of),
 *             size_50_500 10 (account.employees 50..500), saas 10 (account.industry
 *             in saas/software), north_america 5 (account.country in US/CA)
 *   behaviour half-life 30d; demo_request form_submit form=demo +30 max 30;
 *             pricing_repeat 2 page_view /pricing* within 30d +15 (no decay);
 *             email_open +1 max 5; careers_page page_view /careers* -15 min -15
 *   disqualify student lead.email ~ \.edu$; competitor account.is_competitor = true
 *   mql       min_score 50 with min_fit 10, or all of [demo_request, senior_title,
 *             size_50_500]
 *   reasons   not_icp, wrong_size, bad_data -> disqualified; bad_timing, no_budget,
 *             no_response, over_scored -> nurture
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/timefmt.h"
#include "core/model.h"
#include "core/outcome.h"
#include "core/replay.h"
#include "core/stage.h"

#include "../../support/replay_fixture.h"

#define EPS 1e-4
#define DAY HO_MS_PER_DAY
#define NOW INT64_MAX

#define EV(id, ts, type, lead, acct, props, traits)                 \
    {                                                               \
        (id), (ts), (type), (lead), (acct), (props), (traits), NULL \
    }

/* Indices of the rule details: fit rules first, then behaviour rules. */
enum { R_SENIOR, R_SIZE, R_SAAS, R_NA, R_DEMO, R_PRICING, R_EMAIL, R_CAREERS, R__COUNT };

static int
setup(void **state)
{
    static struct ho_fx fx;
    ho_fx_init(&fx, ho_fx_example_yaml);
    *state = &fx;
    return 0;
}

static int
teardown(void **state)
{
    ho_fx_release(*state);
    return 0;
}

static int64_t
ms(const char *ts)
{
    return ho_fx_ms(ts);
}

/*
 * The lifecycle prefix: ana@acme.io becomes an MQL by min_score at 09:10.
 * acme.io: 2000 employees (size_50_500 does not hold), saas, US.
 * fit = senior_title 10 + saas 10 + north_america 5 = 25.
 * At e2 (09:10) behaviour = demo 30 (age 0), total 55 >= 50 with fit 25 >= 10
 * -> MQL.  The or_any set does not hold (size_50_500 is 0), so the criterion
 * can only be min_score.
 */
#define ANA   "ana@acme.io"
#define ACME  "acme.io"
#define T_MQL "2026-03-02T09:10:00Z"
static const struct ho_fx_event prefix[] = {
    EV("g1", "2026-03-02T09:00:00Z", "group", NULL, ACME, NULL,
       "employees=2000;industry=saas;country=US"),
    EV("e1", "2026-03-02T09:05:00Z", "identify", ANA, ACME, NULL, "title=VP Sales"),
    EV("e2", T_MQL, "form_submit", ANA, NULL, "form=demo", NULL),
};

static struct ho_fx *
with_prefix(void **state)
{
    struct ho_fx *fx = *state;
    ho_fx_add(fx, prefix, HO_ARRAY_LEN(prefix));
    return fx;
}

static void
replay_ok(struct ho_fx *fx, const char *lead, int64_t at)
{
    assert_int_equal(ho_fx_replay(fx, lead, at, true), HO_OK);
}

/* ---- scoring: fit ----------------------------------------------------- */

static void
test_lead_matching_no_rule_scores_zero(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("z1", "2026-03-02T10:00:00Z", "identify", "zed@x.io", NULL, NULL, "title=Engineer"),
        EV("z2", "2026-03-02T10:05:00Z", "page_view", "zed@x.io", NULL, "path=/blog", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "zed@x.io", NOW);
    assert_float_equal(fx->res.fit, 0.0, EPS);      /* no fit rule matches */
    assert_float_equal(fx->res.behavior, 0.0, EPS); /* /blog matches no behaviour rule */
    assert_int_equal(fx->res.stage, HO_STAGE_LEAD);
    assert_int_equal(fx->res.n_journeys, 0);
    assert_int_equal(fx->res.disqualifier, -1);
}

static void
test_fit_rule_on_a_lead_trait_adds_its_points(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("f1", "2026-03-02T10:00:00Z", "identify", "vp@x.io", NULL, NULL, "title=VP Sales"),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "vp@x.io", NOW);
    assert_float_equal(fx->res.fit, 10.0, EPS); /* senior_title: "VP" matches, 10 */
    const struct ho_rule_detail *d = ho_fx_rule(fx, "senior_title");
    assert_true(d->is_fit);
    assert_true(d->holds);
    assert_float_equal(d->points, 10.0, EPS);
    assert_float_equal(d->raw, 10.0, EPS);
    assert_float_equal(d->decayed, 10.0, EPS); /* fit never decays: decayed == raw */
}

static void
test_fit_rule_that_does_not_match_adds_nothing(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("f1", "2026-03-02T10:00:00Z", "identify", "eng@x.io", NULL, NULL,
           "title=Software Engineer"),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "eng@x.io", NOW);
    assert_float_equal(fx->res.fit, 0.0, EPS); /* no VP/Director/... in the title */
    const struct ho_rule_detail *d = ho_fx_rule(fx, "senior_title");
    assert_false(d->holds);
    assert_float_equal(d->raw, 0.0, EPS);
    assert_float_equal(d->decayed, 0.0, EPS);
}

static void
test_fit_rules_on_account_traits_come_from_group_events(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("g", "2026-03-02T09:00:00Z", "group", NULL, "beta.io", NULL,
           "employees=120;industry=software;country=CA"),
        EV("i", "2026-03-02T10:00:00Z", "identify", "bo@beta.io", "beta.io", NULL,
           "title=Engineer"),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "bo@beta.io", NOW);
    /* size_50_500 (120) 10 + saas (software) 10 + north_america (CA) 5 = 25 */
    assert_float_equal(fx->res.fit, 25.0, EPS);
    assert_true(ho_fx_rule(fx, "size_50_500")->holds);
    assert_true(ho_fx_rule(fx, "saas")->holds);
    assert_true(ho_fx_rule(fx, "north_america")->holds);
    assert_false(ho_fx_rule(fx, "senior_title")->holds);
}

static void
test_fit_between_is_inclusive_at_both_ends(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("g50", "2026-03-02T09:00:00Z", "group", NULL, "a50.io", NULL, "employees=50"),
        EV("g500", "2026-03-02T09:00:00Z", "group", NULL, "a500.io", NULL, "employees=500"),
        EV("g501", "2026-03-02T09:00:00Z", "group", NULL, "a501.io", NULL, "employees=501"),
        EV("i50", "2026-03-02T10:00:00Z", "identify", "l50", "a50.io", NULL, "title=x"),
        EV("i500", "2026-03-02T10:00:00Z", "identify", "l500", "a500.io", NULL, "title=x"),
        EV("i501", "2026-03-02T10:00:00Z", "identify", "l501", "a501.io", NULL, "title=x"),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "l50", NOW);
    assert_float_equal(fx->res.fit, 10.0, EPS); /* 50 <= 50 <= 500 */
    replay_ok(fx, "l500", NOW);
    assert_float_equal(fx->res.fit, 10.0, EPS); /* 50 <= 500 <= 500 */
    replay_ok(fx, "l501", NOW);
    assert_float_equal(fx->res.fit, 0.0, EPS); /* 501 > 500 */
}

static void
test_latest_trait_value_by_event_time_wins(void **state)
{
    struct ho_fx *fx = *state;
    /* Arrival order is the reverse of event time: the later identify
     * (Analyst, 11:00) arrives first. */
    static const struct ho_fx_event ev[] = {
        EV("t2", "2026-03-02T11:00:00Z", "identify", "lt@x.io", NULL, NULL, "title=Analyst"),
        EV("t1", "2026-03-02T10:00:00Z", "identify", "lt@x.io", NULL, NULL, "title=VP Sales"),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "lt@x.io", NOW);
    assert_float_equal(fx->res.fit, 0.0, EPS); /* title is Analyst as of 11:00 */
}

/* ---- scoring: per-event behaviour rules -------------------------------- */

static void
test_per_event_rule_adds_points_for_each_matching_event(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("o1", "2026-03-02T10:00:00Z", "email_open", "eo@x.io", NULL, NULL, NULL),
        EV("o2", "2026-03-02T10:00:00Z", "email_open", "eo@x.io", NULL, NULL, NULL),
        EV("o3", "2026-03-02T10:00:00Z", "email_open", "eo@x.io", NULL, NULL, NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "eo@x.io", NOW);
    assert_float_equal(fx->res.behavior, 3.0, EPS); /* 3 opens * 1 * 0.5^0 = 3 (< max 5) */
    assert_int_equal(ho_fx_rule(fx, "email_open")->n_events, 3);
}

static void
test_per_event_rule_is_capped_at_its_max(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("o1", "2026-03-02T10:00:00Z", "email_open", "eo@x.io", NULL, NULL, NULL),
        EV("o2", "2026-03-02T10:00:00Z", "email_open", "eo@x.io", NULL, NULL, NULL),
        EV("o3", "2026-03-02T10:00:00Z", "email_open", "eo@x.io", NULL, NULL, NULL),
        EV("o4", "2026-03-02T10:00:00Z", "email_open", "eo@x.io", NULL, NULL, NULL),
        EV("o5", "2026-03-02T10:00:00Z", "email_open", "eo@x.io", NULL, NULL, NULL),
        EV("o6", "2026-03-02T10:00:00Z", "email_open", "eo@x.io", NULL, NULL, NULL),
        EV("o7", "2026-03-02T10:00:00Z", "email_open", "eo@x.io", NULL, NULL, NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "eo@x.io", NOW);
    assert_float_equal(fx->res.behavior, 5.0, EPS); /* min(7 * 1, max 5) = 5 */
    const struct ho_rule_detail *d = ho_fx_rule(fx, "email_open");
    assert_float_equal(d->raw, 5.0, EPS);     /* undecayed sum 7, clamped to 5 */
    assert_float_equal(d->decayed, 5.0, EPS); /* age 0: same */
    assert_int_equal(d->n_events, 7);         /* every matching event is listed */
}

static void
test_negative_rule_is_floored_at_its_min(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("c1", "2026-03-02T10:00:00Z", "page_view", "job@x.io", NULL, "path=/careers", NULL),
        EV("c2", "2026-03-02T10:00:00Z", "page_view", "job@x.io", NULL, "path=/careers/eng", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "job@x.io", NOW);
    assert_float_equal(fx->res.behavior, -15.0, EPS); /* max(2 * -15 = -30, min -15) = -15 */
    assert_float_equal(ho_fx_rule(fx, "careers_page")->raw, -15.0, EPS);
}

static void
test_event_not_matching_the_where_condition_scores_nothing(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("n1", "2026-03-02T10:00:00Z", "form_submit", "nl@x.io", NULL, "form=newsletter", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "nl@x.io", NOW);
    assert_float_equal(fx->res.behavior, 0.0, EPS); /* demo_request needs form=demo */
    assert_int_equal(ho_fx_rule(fx, "demo_request")->n_events, 0);
}

/* ---- decay -------------------------------------------------------------- */

#define DEMO_T0 "2026-03-02T10:00:00Z"
static const struct ho_fx_event one_demo[] = {
    EV("d1", DEMO_T0, "form_submit", "dee@x.io", NULL, "form=demo", NULL),
};

static void
test_fresh_event_is_worth_its_full_points(void **state)
{
    struct ho_fx *fx = *state;
    ho_fx_add(fx, one_demo, 1);
    replay_ok(fx, "dee@x.io", ms(DEMO_T0));
    assert_float_equal(fx->res.behavior, 30.0, EPS); /* 30 * 0.5^(0/30) = 30 */
}

static void
test_decay_after_half_a_half_life(void **state)
{
    struct ho_fx *fx = *state;
    ho_fx_add(fx, one_demo, 1);
    replay_ok(fx, "dee@x.io", ms(DEMO_T0) + 15 * DAY);
    assert_float_equal(fx->res.behavior, 21.213203, EPS); /* 30 * 0.5^(15/30) = 21.2132 */
}

static void
test_decay_after_exactly_one_half_life_halves_the_points(void **state)
{
    struct ho_fx *fx = *state;
    ho_fx_add(fx, one_demo, 1);
    replay_ok(fx, "dee@x.io", ms(DEMO_T0) + 30 * DAY);
    assert_float_equal(fx->res.behavior, 15.0, EPS); /* 30 * 0.5^(30/30) = 15 */
}

static void
test_decay_after_one_and_a_half_half_lives(void **state)
{
    struct ho_fx *fx = *state;
    ho_fx_add(fx, one_demo, 1);
    replay_ok(fx, "dee@x.io", ms(DEMO_T0) + 45 * DAY);
    assert_float_equal(fx->res.behavior, 10.606602, EPS); /* 30 * 0.5^(45/30) = 10.6066 */
}

static void
test_decay_after_two_half_lives_quarters_the_points(void **state)
{
    struct ho_fx *fx = *state;
    ho_fx_add(fx, one_demo, 1);
    replay_ok(fx, "dee@x.io", ms(DEMO_T0) + 60 * DAY);
    assert_float_equal(fx->res.behavior, 7.5, EPS); /* 30 * 0.5^(60/30) = 7.5 */
}

static void
test_event_points_helper_decays_one_event(void **state)
{
    struct ho_fx *fx = *state;
    ho_fx_add(fx, one_demo, 1);
    replay_ok(fx, "dee@x.io", NOW); /* binds the model */
    int64_t t0 = ms(DEMO_T0);
    /* behaviour rule 0 is demo_request (30 points) */
    assert_float_equal(ho_replay_event_points(&fx->model, 0, t0, t0), 30.0, EPS);
    assert_float_equal(ho_replay_event_points(&fx->model, 0, t0, t0 + 15 * DAY), 21.213203,
                       EPS); /* 30 * 0.5^(15/30) */
    assert_float_equal(ho_replay_event_points(&fx->model, 0, t0, t0 + 30 * DAY), 15.0,
                       EPS); /* 30 * 0.5^1 */
}

static void
test_cap_applies_to_the_sum_of_decayed_points(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("d1", DEMO_T0, "form_submit", "dee@x.io", NULL, "form=demo", NULL),
        EV("d2", "2026-04-01T10:00:00Z", "form_submit", "dee@x.io", NULL, "form=demo", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "dee@x.io", ms(DEMO_T0) + 30 * DAY);
    /* 30 * 0.5^(30/30) + 30 * 0.5^0 = 15 + 30 = 45, capped at max 30 */
    assert_float_equal(fx->res.behavior, 30.0, EPS);
}

static void
test_decayed_sum_below_the_cap_is_not_clamped(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("d1", DEMO_T0, "form_submit", "dee@x.io", NULL, "form=demo", NULL),
        EV("d2", "2026-04-01T10:00:00Z", "form_submit", "dee@x.io", NULL, "form=demo", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "dee@x.io", ms(DEMO_T0) + 60 * DAY);
    /* 30 * 0.5^(60/30) + 30 * 0.5^(30/30) = 7.5 + 15 = 22.5 (< 30) */
    assert_float_equal(fx->res.behavior, 22.5, EPS);
    const struct ho_rule_detail *d = ho_fx_rule(fx, "demo_request");
    assert_float_equal(d->raw, 30.0, EPS); /* undecayed 60, clamped to 30 */
    assert_float_equal(d->decayed, 22.5, EPS);
}

static void
test_negative_points_decay_too(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("c1", DEMO_T0, "page_view", "job@x.io", NULL, "path=/careers", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "job@x.io", ms(DEMO_T0) + 30 * DAY);
    assert_float_equal(fx->res.behavior, -7.5, EPS); /* -15 * 0.5^(30/30) = -7.5 */
}

static void
test_explain_details_show_raw_and_decayed_points_and_the_events(void **state)
{
    struct ho_fx *fx = *state;
    ho_fx_add(fx, one_demo, 1);
    replay_ok(fx, "dee@x.io", ms(DEMO_T0) + 15 * DAY);
    const struct ho_rule_detail *d = ho_fx_rule(fx, "demo_request");
    assert_false(d->is_fit);
    assert_false(d->is_window);
    assert_true(d->holds);
    assert_float_equal(d->points, 30.0, EPS);       /* as written */
    assert_float_equal(d->raw, 30.0, EPS);          /* undecayed */
    assert_float_equal(d->decayed, 21.213203, EPS); /* 30 * 0.5^(15/30) */
    assert_int_equal(d->n_events, 1);
    assert_int_equal(d->events[0], ho_fx_index(fx, "d1"));
}

static void
test_details_list_fit_rules_then_behaviour_rules_in_definitions_order(void **state)
{
    struct ho_fx *fx = *state;
    static const char *const names[R__COUNT] = {
        "senior_title", "size_50_500",    "saas",       "north_america",
        "demo_request", "pricing_repeat", "email_open", "careers_page",
    };
    ho_fx_add(fx, one_demo, 1);
    replay_ok(fx, "dee@x.io", NOW);
    size_t n = 0;
    const struct ho_rule_detail *d = ho_replay_details(fx->replay, &n);
    assert_int_equal(n, R__COUNT); /* 4 fit + 4 behaviour */
    for (size_t i = 0; i < R__COUNT; i++) {
        assert_string_equal(d[i].name, names[i]);
        assert_int_equal(d[i].is_fit, i < R_DEMO);
        assert_int_equal(d[i].is_window, i == R_PRICING);
    }
}

/* ---- window rules ------------------------------------------------------- */

static void
test_one_pricing_view_does_not_hold_the_window(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("p1", DEMO_T0, "page_view", "win@x.io", NULL, "path=/pricing", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "win@x.io", NOW);
    assert_float_equal(fx->res.behavior, 0.0, EPS); /* 1 of count 2 */
    assert_false(ho_fx_rule(fx, "pricing_repeat")->holds);
}

static void
test_two_pricing_views_within_30_days_hold_the_window(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("p1", DEMO_T0, "page_view", "win@x.io", NULL, "path=/pricing", NULL),
        EV("p2", "2026-03-12T10:00:00Z", "page_view", "win@x.io", NULL, "path=/pricing/teams",
           NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "win@x.io", NOW);
    /* at p2: 2 views, p2 - p1 = 10d <= 30d -> +15 */
    assert_float_equal(fx->res.behavior, 15.0, EPS);
    const struct ho_rule_detail *d = ho_fx_rule(fx, "pricing_repeat");
    assert_true(d->is_window);
    assert_true(d->holds);
    assert_float_equal(d->decayed, 15.0, EPS);
}

static void
test_window_points_do_not_decay(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("p1", DEMO_T0, "page_view", "win@x.io", NULL, "path=/pricing", NULL),
        EV("p2", "2026-03-03T10:00:00Z", "page_view", "win@x.io", NULL, "path=/pricing", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "win@x.io", ms(DEMO_T0) + 20 * DAY);
    /* at t0+20d the oldest of the last 2 is 20d old <= 30d: 15, not 15 * 0.5^(19/30) */
    assert_float_equal(fx->res.behavior, 15.0, EPS);
}

static void
test_window_still_holds_exactly_within_after_the_oldest_of_the_last_n(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("p1", DEMO_T0, "page_view", "win@x.io", NULL, "path=/pricing", NULL),
        EV("p2", "2026-03-12T10:00:00Z", "page_view", "win@x.io", NULL, "path=/pricing", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "win@x.io", ms(DEMO_T0) + 30 * DAY);
    assert_float_equal(fx->res.behavior, 15.0, EPS); /* t - p1 = 30d <= 30d: inclusive */
}

static void
test_window_expires_when_the_oldest_of_the_last_n_is_older_than_within(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("p1", DEMO_T0, "page_view", "win@x.io", NULL, "path=/pricing", NULL),
        EV("p2", "2026-03-12T10:00:00Z", "page_view", "win@x.io", NULL, "path=/pricing", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "win@x.io", ms(DEMO_T0) + 30 * DAY + 1);
    assert_float_equal(fx->res.behavior, 0.0, EPS); /* t - p1 = 30d + 1ms > 30d */
    assert_false(ho_fx_rule(fx, "pricing_repeat")->holds);
}

static void
test_two_views_exactly_within_apart_hold_the_window(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("p1", DEMO_T0, "page_view", "win@x.io", NULL, "path=/pricing", NULL),
        EV("p2", "2026-04-01T10:00:00Z", "page_view", "win@x.io", NULL, "path=/pricing", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "win@x.io", NOW);
    assert_float_equal(fx->res.behavior, 15.0, EPS); /* p2 - p1 = 30d <= 30d */
}

static void
test_window_counts_the_last_n_events(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("p1", DEMO_T0, "page_view", "win@x.io", NULL, "path=/pricing", NULL),
        EV("p2", "2026-03-22T10:00:00Z", "page_view", "win@x.io", NULL, "path=/pricing", NULL),
        EV("p3", "2026-04-16T10:00:00Z", "page_view", "win@x.io", NULL, "path=/pricing", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "win@x.io", NOW);
    /* at p3 (t0+45d) the last 2 are p2 (t0+20d) and p3: 25d <= 30d -> 15 */
    assert_float_equal(fx->res.behavior, 15.0, EPS);
}

/* ---- disqualifiers ------------------------------------------------------ */

static void
test_student_email_disqualifies_a_lead_whatever_its_score(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("g1", "2026-03-02T09:00:00Z", "group", NULL, ACME, NULL,
           "employees=2000;industry=saas;country=US"),
        EV("s1", "2026-03-02T09:05:00Z", "identify", "kim@acme.io", ACME, NULL,
           "email=kim@state.edu;title=VP Sales"),
        EV("s2", "2026-03-02T09:10:00Z", "form_submit", "kim@acme.io", NULL, "form=demo", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "kim@acme.io", NOW);
    /* score 25 + 30 = 55 would make an MQL, but lead.email ends in .edu */
    assert_float_equal(fx->res.fit, 25.0, EPS);
    assert_float_equal(fx->res.behavior, 30.0, EPS);
    assert_int_equal(fx->res.stage, HO_STAGE_DISQUALIFIED);
    assert_int_equal(fx->res.disqualifier, 0); /* student */
    assert_false(fx->res.sales_disqualified);
    assert_int_equal(fx->res.n_journeys, 0); /* never an MQL: no journey */
}

static void
test_lead_id_with_an_at_sign_is_the_email_when_no_email_trait_is_given(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("s1", "2026-03-02T09:05:00Z", "identify", "kim@state.edu", NULL, NULL, "title=VP Sales"),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "kim@state.edu", NOW);
    assert_int_equal(fx->res.stage, HO_STAGE_DISQUALIFIED);
    assert_int_equal(fx->res.disqualifier, 0); /* student, from the lead id */
}

static void
test_competitor_account_disqualifies_its_leads(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("g1", "2026-03-02T09:00:00Z", "group", NULL, "rival.io", NULL,
           "employees=100;is_competitor=true"),
        EV("c1", "2026-03-02T09:05:00Z", "identify", "cat@rival.io", "rival.io", NULL,
           "title=VP Sales"),
        EV("c2", "2026-03-02T09:10:00Z", "form_submit", "cat@rival.io", NULL, "form=demo", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "cat@rival.io", NOW);
    /* 10 + 10 + 30 = 50 and the or_any set holds, but the account is a competitor */
    assert_int_equal(fx->res.stage, HO_STAGE_DISQUALIFIED);
    assert_int_equal(fx->res.disqualifier, 1); /* competitor */
    assert_int_equal(fx->res.n_journeys, 0);
}

static void
test_competitor_flag_arriving_later_disqualifies_an_mql(void **state)
{
    struct ho_fx *fx = with_prefix(state);
    static const struct ho_fx_event ev[] = {
        EV("g2", "2026-03-03T09:00:00Z", "group", NULL, ACME, NULL, "is_competitor=true"),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, ANA, NOW);
    assert_int_equal(fx->res.stage, HO_STAGE_DISQUALIFIED);
    assert_int_equal(fx->res.disqualifier, 1);
    assert_false(fx->res.sales_disqualified);
    assert_int_equal(fx->res.n_journeys, 1);
    const struct ho_journey *j = &fx->res.journeys[0];
    assert_true(j->entered[HO_STAGE_MQL] == ms(T_MQL));
    assert_true(j->entered[HO_STAGE_DISQUALIFIED] == ms("2026-03-03T09:00:00Z"));
    assert_true(j->closed);
    assert_int_equal(j->last, HO_STAGE_DISQUALIFIED);
    assert_int_equal(j->reason, ho_fx_id(fx, "competitor")); /* the rule's reason */
}

static void
test_changed_email_reevaluates_a_student_back_to_lead(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("a1", "2026-03-02T09:05:00Z", "identify", "lee", NULL, NULL, "email=lee@state.edu"),
        EV("a2", "2026-03-02T11:00:00Z", "identify", "lee", NULL, NULL, "email=lee@corp.io"),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "lee", ms("2026-03-02T10:00:00Z"));
    assert_int_equal(fx->res.stage, HO_STAGE_DISQUALIFIED); /* before the change */
    replay_ok(fx, "lee", NOW);
    assert_int_equal(fx->res.stage, HO_STAGE_LEAD); /* score 0: plain lead again */
    assert_int_equal(fx->res.disqualifier, -1);
}

static void
test_changed_email_lets_a_qualifying_lead_become_an_mql_at_that_event(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("g1", "2026-03-02T09:00:00Z", "group", NULL, ACME, NULL,
           "employees=2000;industry=saas;country=US"),
        EV("s1", "2026-03-02T09:05:00Z", "identify", "kim@acme.io", ACME, NULL,
           "email=kim@state.edu;title=VP Sales"),
        EV("s2", "2026-03-02T09:10:00Z", "form_submit", "kim@acme.io", NULL, "form=demo", NULL),
        EV("s3", "2026-03-02T11:00:00Z", "identify", "kim@acme.io", NULL, NULL,
           "email=kim@acme.io"),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "kim@acme.io", NOW);
    /* at s3: 25 + 30 * 0.5^(110min/43200min) = 54.95 >= 50, no disqualifier holds */
    assert_int_equal(fx->res.stage, HO_STAGE_MQL);
    assert_int_equal(fx->res.n_journeys, 1);
    assert_true(fx->res.journeys[0].entered[HO_STAGE_MQL] == ms("2026-03-02T11:00:00Z"));
}

static void
test_rule_disqualifier_does_not_act_once_sales_accepted(void **state)
{
    struct ho_fx *fx = with_prefix(state);
    static const struct ho_fx_event ev[] = {
        EV("s1", "2026-03-03T09:00:00Z", "sales_accept", ANA, NULL, NULL, NULL),
        EV("g2", "2026-03-04T09:00:00Z", "group", NULL, ACME, NULL, "is_competitor=true"),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, ANA, NOW);
    assert_int_equal(fx->res.stage, HO_STAGE_SAL); /* sales owns the lead from sal on */
}

/* ---- MQL ---------------------------------------------------------------- */

static void
test_score_exactly_at_min_score_makes_an_mql(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("g1", "2026-03-02T09:00:00Z", "group", NULL, "beta.io", NULL,
           "employees=120;industry=software;country=CA"),
        EV("i1", "2026-03-02T09:05:00Z", "identify", "pat@beta.io", "beta.io", NULL,
           "title=Head of Sales"),
        EV("p1", "2026-03-02T10:00:00Z", "page_view", "pat@beta.io", NULL, "path=/pricing", NULL),
        EV("p2", "2026-03-03T10:00:00Z", "page_view", "pat@beta.io", NULL, "path=/pricing", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "pat@beta.io", NOW);
    /* fit 10 + 10 + 10 + 5 = 35; pricing_repeat 15 at p2; 35 + 15 = 50 >= 50 */
    assert_float_equal(fx->res.fit, 35.0, EPS);
    assert_float_equal(fx->res.behavior, 15.0, EPS);
    assert_int_equal(fx->res.stage, HO_STAGE_MQL);
    assert_int_equal(fx->res.n_journeys, 1);
    assert_int_equal(fx->res.journeys[0].criterion, HO_CRITERION_SCORE); /* no demo: no set */
    assert_true(fx->res.journeys[0].entered[HO_STAGE_MQL] == ms("2026-03-03T10:00:00Z"));
}

/* min_score 50 with a 20-point fit rule and a 29.99-point demo rule. */
static const char just_below_yaml[] =
    "version: 1\n"
    "fit:\n"
    "  - { name: senior_title, field: lead.title, matches: '\\bVP\\b', points: 20 }\n"
    "behavior:\n"
    "  decay: { half_life: 30d }\n"
    "  rules:\n"
    "    - { name: demo_request, event: form_submit, where: { form: demo }, points: 29.99 }\n"
    "stages:\n"
    "  mql: { min_score: 50, min_fit: 10 }\n"
    "  sql: { requires: sales_qualify }\n";

static void
test_score_just_below_min_score_does_not_make_an_mql(void **state)
{
    struct ho_fx *fx = *state;
    ho_fx_release(fx);
    ho_fx_init(fx, just_below_yaml);
    static const struct ho_fx_event ev[] = {
        EV("i1", "2026-03-02T09:05:00Z", "identify", "vp@x.io", NULL, NULL, "title=VP Sales"),
        EV("d1", "2026-03-02T09:10:00Z", "form_submit", "vp@x.io", NULL, "form=demo", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "vp@x.io", NOW);
    assert_float_equal(fx->res.fit + fx->res.behavior, 49.99, EPS); /* 20 + 29.99 */
    assert_int_equal(fx->res.stage, HO_STAGE_LEAD);                 /* 49.99 < 50 */
    assert_int_equal(fx->res.n_journeys, 0);
}

static void
test_min_fit_blocks_a_behaviour_only_lead(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("g1", "2026-03-02T09:00:00Z", "group", NULL, "home.io", NULL, "country=US"),
        EV("a0", "2026-03-02T10:00:00Z", "identify", "bob@home.io", "home.io", NULL, "title=x"),
        EV("a1", "2026-03-02T10:00:00Z", "form_submit", "bob@home.io", NULL, "form=demo", NULL),
        EV("a2", "2026-03-02T10:00:00Z", "page_view", "bob@home.io", NULL, "path=/pricing", NULL),
        EV("a3", "2026-03-02T10:00:00Z", "page_view", "bob@home.io", NULL, "path=/pricing", NULL),
        EV("a4", "2026-03-02T10:00:00Z", "email_open", "bob@home.io", NULL, NULL, NULL),
        EV("a5", "2026-03-02T10:00:00Z", "email_open", "bob@home.io", NULL, NULL, NULL),
        EV("a6", "2026-03-02T10:00:00Z", "email_open", "bob@home.io", NULL, NULL, NULL),
        EV("a7", "2026-03-02T10:00:00Z", "email_open", "bob@home.io", NULL, NULL, NULL),
        EV("a8", "2026-03-02T10:00:00Z", "email_open", "bob@home.io", NULL, NULL, NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "bob@home.io", NOW);
    assert_float_equal(fx->res.fit, 5.0, EPS);       /* north_america only */
    assert_float_equal(fx->res.behavior, 50.0, EPS); /* demo 30 + pricing 15 + opens 5 */
    /* total 55 >= 50 but fit 5 < min_fit 10; the or_any set lacks title and size */
    assert_int_equal(fx->res.stage, HO_STAGE_LEAD);
    assert_int_equal(fx->res.n_journeys, 0);
}

static void
test_criteria_set_makes_an_mql_below_min_score(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("c1", "2026-03-02T10:00:00Z", "identify", "vp@gamma.io", "gamma.io", NULL,
           "title=VP Sales"),
        EV("c2", "2026-03-02T10:00:00Z", "form_submit", "vp@gamma.io", NULL, "form=demo", NULL),
        EV("g1", "2026-04-01T10:00:00Z", "group", NULL, "gamma.io", NULL, "employees=120"),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "vp@gamma.io", NOW);
    /* at c2: 10 + 30 = 40 < 50, no size -> lead.
     * at g1 (t0+30d): fit 10 + 10 = 20, demo 30 * 0.5^1 = 15; 35 < 50, but
     * demo_request (15 > 0), senior_title and size_50_500 all contribute. */
    assert_float_equal(fx->res.fit + fx->res.behavior, 35.0, EPS);
    assert_int_equal(fx->res.stage, HO_STAGE_MQL);
    assert_int_equal(fx->res.n_journeys, 1);
    assert_true(fx->res.journeys[0].entered[HO_STAGE_MQL] == ms("2026-04-01T10:00:00Z"));
    assert_int_equal(fx->res.journeys[0].criterion, 1); /* the first or_any set */
    assert_string_equal(ho_criterion_name(&fx->model, 1),
                        "all:demo_request+senior_title+size_50_500");
}

static void
test_criteria_set_needs_every_rule_to_contribute(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("g1", "2026-03-02T09:00:00Z", "group", NULL, "gamma.io", NULL, "employees=120"),
        EV("c1", "2026-03-02T10:00:00Z", "identify", "vp@gamma.io", "gamma.io", NULL,
           "title=VP Sales"),
        EV("c2", "2026-03-02T10:01:00Z", "email_open", "vp@gamma.io", NULL, NULL, NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "vp@gamma.io", NOW);
    /* senior_title and size_50_500 hold, demo_request is 0; score 20 + 1 = 21 */
    assert_int_equal(fx->res.stage, HO_STAGE_LEAD);
}

static void
test_mql_time_is_the_time_of_the_event_that_made_it_true(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("m1", "2026-03-02T09:00:00Z", "identify", "tim@delta.io", NULL, NULL, "title=VP Sales"),
        EV("m2", "2026-03-02T10:00:00Z", "form_submit", "tim@delta.io", NULL, "form=demo", NULL),
        EV("m3", "2026-03-02T10:30:00Z", "page_view", "tim@delta.io", NULL, "path=/pricing", NULL),
        EV("m4", "2026-03-02T11:00:00Z", "page_view", "tim@delta.io", NULL, "path=/pricing", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "tim@delta.io", NOW);
    /* m2: 10 + 30 = 40; m3: 10 + 30 * 0.5^(30/43200) = 39.99; m4: 10 + 30 * 0.5^(1h/720h) + 15
     * = 10 + 29.971133 + 15 = 54.971133 >= 50 -> MQL at m4 */
    assert_float_equal(fx->res.fit + fx->res.behavior, 54.971133, EPS);
    assert_int_equal(fx->res.stage, HO_STAGE_MQL);
    const struct ho_journey *j = &fx->res.journeys[0];
    assert_int_equal(j->n, 1);
    assert_int_equal(j->first, HO_STAGE_MQL);
    assert_true(j->entered[HO_STAGE_MQL] == ms("2026-03-02T11:00:00Z"));
    assert_int_equal(j->criterion, HO_CRITERION_SCORE);
}

static void
test_criterion_names(void **state)
{
    struct ho_fx *fx = with_prefix(state);
    replay_ok(fx, ANA, NOW);
    assert_string_equal(ho_criterion_name(&fx->model, HO_CRITERION_SCORE), "min_score");
    assert_string_equal(ho_criterion_name(&fx->model, HO_CRITERION_NONE), "");
    assert_int_equal(fx->res.journeys[0].criterion, HO_CRITERION_SCORE);
}

static void
test_decay_below_the_threshold_does_not_unmql(void **state)
{
    struct ho_fx *fx = with_prefix(state);
    static const struct ho_fx_event ev[] = {
        EV("b1", "2026-05-01T09:10:00Z", "page_view", ANA, NULL, "path=/blog", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, ANA, NOW);
    /* 60 days after the demo: 30 * 0.5^2 = 7.5; 25 + 7.5 = 32.5 < 50 */
    assert_float_equal(fx->res.behavior, 7.5, EPS);
    assert_float_equal(fx->res.fit, 25.0, EPS);
    assert_int_equal(fx->res.stage, HO_STAGE_MQL);
    assert_int_equal(fx->res.n_journeys, 1);
}

/* ---- lifecycle ---------------------------------------------------------- */

static void
test_sales_accept_moves_an_mql_to_sal(void **state)
{
    struct ho_fx *fx = with_prefix(state);
    static const struct ho_fx_event ev[] = {
        EV("s1", "2026-03-03T09:00:00Z", "sales_accept", ANA, NULL, "rep=sam", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, ANA, NOW);
    assert_int_equal(fx->res.stage, HO_STAGE_SAL);
    const struct ho_journey *j = &fx->res.journeys[0];
    assert_true(j->entered[HO_STAGE_MQL] == ms(T_MQL));
    assert_true(j->entered[HO_STAGE_SAL] == ms("2026-03-03T09:00:00Z"));
    assert_int_equal(j->furthest, HO_STAGE_SAL);
}

static void
test_sales_qualify_moves_a_sal_to_sql(void **state)
{
    struct ho_fx *fx = with_prefix(state);
    static const struct ho_fx_event ev[] = {
        EV("s1", "2026-03-03T09:00:00Z", "sales_accept", ANA, NULL, NULL, NULL),
        EV("s2", "2026-03-04T09:00:00Z", "sales_qualify", ANA, NULL, NULL, NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, ANA, NOW);
    assert_int_equal(fx->res.stage, HO_STAGE_SQL);
    const struct ho_journey *j = &fx->res.journeys[0];
    assert_true(j->entered[HO_STAGE_SAL] == ms("2026-03-03T09:00:00Z"));
    assert_true(j->entered[HO_STAGE_SQL] == ms("2026-03-04T09:00:00Z"));
    assert_int_equal(j->furthest, HO_STAGE_SQL);
}

static void
test_sales_qualify_on_an_mql_skips_sal_which_has_no_entry_time(void **state)
{
    struct ho_fx *fx = with_prefix(state);
    static const struct ho_fx_event ev[] = {
        EV("s2", "2026-03-03T09:00:00Z", "sales_qualify", ANA, NULL, NULL, NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, ANA, NOW);
    assert_int_equal(fx->res.stage, HO_STAGE_SQL);
    const struct ho_journey *j = &fx->res.journeys[0];
    assert_true(j->entered[HO_STAGE_MQL] == ms(T_MQL));
    assert_true(j->entered[HO_STAGE_SAL] == HO_TIME_NONE);
    assert_true(j->entered[HO_STAGE_SQL] == ms("2026-03-03T09:00:00Z"));
    assert_int_equal(j->first, HO_STAGE_MQL);
    assert_int_equal(j->furthest, HO_STAGE_SQL);
}

static void
test_opportunity_created_moves_an_sql_to_opportunity(void **state)
{
    struct ho_fx *fx = with_prefix(state);
    static const struct ho_fx_event ev[] = {
        EV("s2", "2026-03-03T09:00:00Z", "sales_qualify", ANA, NULL, NULL, NULL),
        EV("s3", "2026-03-09T09:00:00Z", "opportunity_created", ANA, NULL, "amount=48000", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, ANA, NOW);
    assert_int_equal(fx->res.stage, HO_STAGE_OPPORTUNITY);
    const struct ho_journey *j = &fx->res.journeys[0];
    assert_true(j->entered[HO_STAGE_OPPORTUNITY] == ms("2026-03-09T09:00:00Z"));
    assert_int_equal(j->furthest, HO_STAGE_OPPORTUNITY);
    assert_false(j->closed);
}

static void
test_opportunity_won_makes_a_customer(void **state)
{
    struct ho_fx *fx = with_prefix(state);
    static const struct ho_fx_event ev[] = {
        EV("s2", "2026-03-03T09:00:00Z", "sales_qualify", ANA, NULL, NULL, NULL),
        EV("s3", "2026-03-09T09:00:00Z", "opportunity_created", ANA, NULL, "amount=48000", NULL),
        EV("s4", "2026-04-15T09:00:00Z", "opportunity_won", ANA, NULL, NULL, NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, ANA, NOW);
    assert_int_equal(fx->res.stage, HO_STAGE_CUSTOMER);
    const struct ho_journey *j = &fx->res.journeys[0];
    assert_true(j->entered[HO_STAGE_CUSTOMER] == ms("2026-04-15T09:00:00Z"));
    assert_int_equal(j->furthest, HO_STAGE_CUSTOMER);
    assert_int_equal(fx->res.n_journeys, 1);
}

static void
test_opportunity_lost_closes_the_journey_as_closed_lost(void **state)
{
    struct ho_fx *fx = with_prefix(state);
    static const struct ho_fx_event ev[] = {
        EV("s2", "2026-03-03T09:00:00Z", "sales_qualify", ANA, NULL, NULL, NULL),
        EV("s3", "2026-03-09T09:00:00Z", "opportunity_created", ANA, NULL, "amount=48000", NULL),
        EV("s4", "2026-04-15T09:00:00Z", "opportunity_lost", ANA, NULL, "reason=no_budget", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, ANA, NOW);
    assert_int_equal(fx->res.stage, HO_STAGE_CLOSED_LOST);
    const struct ho_journey *j = &fx->res.journeys[0];
    assert_true(j->entered[HO_STAGE_CLOSED_LOST] == ms("2026-04-15T09:00:00Z"));
    assert_true(j->closed);
    assert_int_equal(j->last, HO_STAGE_CLOSED_LOST);
    assert_int_equal(j->furthest, HO_STAGE_OPPORTUNITY);
}

static void
test_closed_lost_resets_behaviour_and_keeps_fit(void **state)
{
    struct ho_fx *fx = with_prefix(state);
    static const struct ho_fx_event ev[] = {
        EV("s2", "2026-03-03T09:00:00Z", "sales_qualify", ANA, NULL, NULL, NULL),
        EV("s4", "2026-03-04T09:00:00Z", "opportunity_lost", ANA, NULL, NULL, NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, ANA, NOW);
    /* without the reset the demo would still be 30 * 0.5^(47h50m/720h) = 28.65 */
    assert_float_equal(fx->res.behavior, 0.0, EPS);
    assert_float_equal(fx->res.fit, 25.0, EPS);
}

static void
test_sales_sourced_lead_starts_its_journey_at_sql_without_criterion(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("o1", "2026-03-02T09:00:00Z", "identify", "out@corp.io", NULL, NULL, "title=Engineer"),
        EV("o2", "2026-03-05T09:00:00Z", "sales_qualify", "out@corp.io", NULL, NULL, NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "out@corp.io", NOW);
    assert_int_equal(fx->res.stage, HO_STAGE_SQL);
    assert_int_equal(fx->res.n_journeys, 1);
    const struct ho_journey *j = &fx->res.journeys[0];
    assert_int_equal(j->n, 1);
    assert_int_equal(j->first, HO_STAGE_SQL);
    assert_int_equal(j->criterion, HO_CRITERION_NONE);
    assert_string_equal(ho_criterion_name(&fx->model, j->criterion), "");
    assert_true(j->entered[HO_STAGE_MQL] == HO_TIME_NONE);
    assert_true(j->entered[HO_STAGE_SAL] == HO_TIME_NONE);
    assert_true(j->entered[HO_STAGE_SQL] == ms("2026-03-05T09:00:00Z"));
    assert_true(ho_journey_start(j) == ms("2026-03-05T09:00:00Z"));
}

static void
test_sales_reject_with_a_disqualifying_reason_disqualifies(void **state)
{
    struct ho_fx *fx = with_prefix(state);
    static const struct ho_fx_event ev[] = {
        EV("r1", "2026-03-03T09:00:00Z", "sales_reject", ANA, NULL, "reason=not_icp", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, ANA, NOW);
    assert_int_equal(fx->res.stage, HO_STAGE_DISQUALIFIED);
    assert_true(fx->res.sales_disqualified);
    const struct ho_journey *j = &fx->res.journeys[0];
    assert_true(j->closed);
    assert_int_equal(j->last, HO_STAGE_DISQUALIFIED);
    assert_int_equal(j->reason, ho_fx_id(fx, "not_icp"));
    assert_true(j->entered[HO_STAGE_DISQUALIFIED] == ms("2026-03-03T09:00:00Z"));
}

static void
test_sales_reject_with_a_nurture_reason_nurtures(void **state)
{
    struct ho_fx *fx = with_prefix(state);
    static const struct ho_fx_event ev[] = {
        EV("r1", "2026-03-03T09:00:00Z", "sales_reject", ANA, NULL, "reason=bad_timing", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, ANA, NOW);
    assert_int_equal(fx->res.stage, HO_STAGE_NURTURE);
    assert_false(fx->res.sales_disqualified);
    const struct ho_journey *j = &fx->res.journeys[0];
    assert_true(j->closed);
    assert_int_equal(j->last, HO_STAGE_NURTURE);
    assert_int_equal(j->reason, ho_fx_id(fx, "bad_timing"));
    assert_true(j->entered[HO_STAGE_NURTURE] == ms("2026-03-03T09:00:00Z"));
}

static void
test_sales_reject_with_an_unknown_reason_nurtures(void **state)
{
    struct ho_fx *fx = with_prefix(state);
    static const struct ho_fx_event ev[] = {
        EV("r1", "2026-03-03T09:00:00Z", "sales_reject", ANA, NULL, "reason=gut_feeling", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, ANA, NOW);
    assert_int_equal(fx->res.stage, HO_STAGE_NURTURE); /* not in the reasons list */
    assert_false(fx->res.sales_disqualified);
}

static void
test_disqualify_event_disqualifies_with_its_reason(void **state)
{
    struct ho_fx *fx = with_prefix(state);
    static const struct ho_fx_event ev[] = {
        EV("x1", "2026-03-03T09:00:00Z", "disqualify", ANA, NULL, "reason=bad_data", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, ANA, NOW);
    assert_int_equal(fx->res.stage, HO_STAGE_DISQUALIFIED);
    assert_true(fx->res.sales_disqualified);
    assert_int_equal(fx->res.journeys[0].reason, ho_fx_id(fx, "bad_data"));
}

static void
test_nurture_event_nurtures_with_its_reason(void **state)
{
    struct ho_fx *fx = with_prefix(state);
    static const struct ho_fx_event ev[] = {
        EV("n1", "2026-03-03T09:00:00Z", "nurture", ANA, NULL, "reason=no_response", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, ANA, NOW);
    assert_int_equal(fx->res.stage, HO_STAGE_NURTURE);
    assert_true(fx->res.journeys[0].closed);
    assert_int_equal(fx->res.journeys[0].reason, ho_fx_id(fx, "no_response"));
}

static void
test_nurture_resets_behaviour_and_keeps_fit(void **state)
{
    struct ho_fx *fx = with_prefix(state);
    static const struct ho_fx_event ev[] = {
        EV("n1", "2026-03-03T09:00:00Z", "nurture", ANA, NULL, "reason=no_budget", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, ANA, NOW);
    /* without the reset the demo would be 30 * 0.5^(23h50m/720h) = 29.32 */
    assert_float_equal(fx->res.behavior, 0.0, EPS);
    assert_float_equal(fx->res.fit, 25.0, EPS);
}

static void
test_nurtured_lead_does_not_requalify_on_old_intent(void **state)
{
    struct ho_fx *fx = with_prefix(state);
    static const struct ho_fx_event ev[] = {
        EV("n1", "2026-03-03T09:00:00Z", "nurture", ANA, NULL, "reason=no_budget", NULL),
        EV("o1", "2026-03-03T10:00:00Z", "email_open", ANA, NULL, NULL, NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, ANA, NOW);
    /* after the reset: 25 + 1 = 26 < 50.
     * without it: 25 + 30 * 0.5^(1490/43200) + 1 = 25 + 29.29 + 1 = 55.29 */
    assert_float_equal(fx->res.behavior, 1.0, EPS);
    assert_int_equal(fx->res.stage, HO_STAGE_NURTURE);
    assert_int_equal(fx->res.n_journeys, 1);
}

static void
test_nurtured_lead_meeting_mql_again_starts_journey_two_with_its_own_times(void **state)
{
    struct ho_fx *fx = with_prefix(state);
    static const struct ho_fx_event ev[] = {
        EV("s1", "2026-03-02T12:00:00Z", "sales_accept", ANA, NULL, NULL, NULL),
        EV("n1", "2026-03-03T09:00:00Z", "nurture", ANA, NULL, "reason=no_budget", NULL),
        EV("d2", "2026-04-10T10:00:00Z", "form_submit", ANA, NULL, "form=demo", NULL),
        EV("s5", "2026-04-11T10:00:00Z", "sales_accept", ANA, NULL, NULL, NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, ANA, NOW);
    /* at d2: 25 + 30 = 55 >= 50 -> MQL, journey 2 */
    assert_int_equal(fx->res.stage, HO_STAGE_SAL);
    assert_int_equal(fx->res.n_journeys, 2);
    const struct ho_journey *j1 = &fx->res.journeys[0], *j2 = &fx->res.journeys[1];
    assert_int_equal(j1->n, 1);
    assert_true(j1->entered[HO_STAGE_MQL] == ms(T_MQL));
    assert_true(j1->entered[HO_STAGE_SAL] == ms("2026-03-02T12:00:00Z"));
    assert_true(j1->entered[HO_STAGE_NURTURE] == ms("2026-03-03T09:00:00Z"));
    assert_true(j1->closed);
    assert_int_equal(j1->last, HO_STAGE_NURTURE);
    assert_int_equal(j2->n, 2);
    assert_int_equal(j2->first, HO_STAGE_MQL);
    assert_int_equal(j2->criterion, HO_CRITERION_SCORE);
    assert_true(j2->entered[HO_STAGE_MQL] == ms("2026-04-10T10:00:00Z"));
    assert_true(j2->entered[HO_STAGE_SAL] == ms("2026-04-11T10:00:00Z"));
    assert_true(j2->entered[HO_STAGE_NURTURE] == HO_TIME_NONE);
    assert_false(j2->closed);
}

static void
test_behaviour_details_list_only_events_since_the_last_reset(void **state)
{
    struct ho_fx *fx = with_prefix(state);
    static const struct ho_fx_event ev[] = {
        EV("n1", "2026-03-03T09:00:00Z", "nurture", ANA, NULL, "reason=no_budget", NULL),
        EV("d2", "2026-04-10T10:00:00Z", "form_submit", ANA, NULL, "form=demo", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, ANA, NOW);
    const struct ho_rule_detail *d = ho_fx_rule(fx, "demo_request");
    assert_int_equal(d->n_events, 1); /* e2 was before the nurture reset */
    assert_int_equal(d->events[0], ho_fx_index(fx, "d2"));
    assert_float_equal(d->decayed, 30.0, EPS); /* only d2, age 0 */
}

static void
test_sales_disqualified_lead_stays_disqualified_despite_new_behaviour(void **state)
{
    struct ho_fx *fx = with_prefix(state);
    static const struct ho_fx_event ev[] = {
        EV("r1", "2026-03-03T09:00:00Z", "sales_reject", ANA, NULL, "reason=not_icp", NULL),
        EV("d2", "2026-04-10T10:00:00Z", "form_submit", ANA, NULL, "form=demo", NULL),
        EV("p1", "2026-04-10T10:05:00Z", "page_view", ANA, NULL, "path=/pricing", NULL),
        EV("p2", "2026-04-10T10:06:00Z", "page_view", ANA, NULL, "path=/pricing", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, ANA, NOW);
    /* 25 + 30 + 15 = 70 would qualify, but only a sales event reopens */
    assert_int_equal(fx->res.stage, HO_STAGE_DISQUALIFIED);
    assert_true(fx->res.sales_disqualified);
    assert_int_equal(fx->res.n_journeys, 1);
}

/* out@corp.io: fit 15 (saas + US), sales-sourced at sal, rejected not_icp. */
static const struct ho_fx_event outbound[] = {
    EV("g9", "2026-03-01T09:00:00Z", "group", NULL, "corp.io", NULL,
       "employees=2000;industry=saas;country=US"),
    EV("o1", "2026-03-02T09:00:00Z", "identify", "out@corp.io", "corp.io", NULL, "title=Engineer"),
    EV("o2", "2026-03-03T09:00:00Z", "sales_accept", "out@corp.io", NULL, NULL, NULL),
    EV("o3", "2026-03-04T09:00:00Z", "sales_reject", "out@corp.io", NULL, "reason=not_icp", NULL),
};

static void
test_requalify_reopens_a_sales_disqualified_lead_to_lead(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("o4", "2026-03-05T09:00:00Z", "requalify", "out@corp.io", NULL, NULL, NULL),
    };
    ho_fx_add(fx, outbound, HO_ARRAY_LEN(outbound));
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "out@corp.io", NOW);
    assert_int_equal(fx->res.stage, HO_STAGE_LEAD); /* score 15: below every criterion */
    assert_false(fx->res.sales_disqualified);
    assert_int_equal(fx->res.n_journeys, 1);
    assert_int_equal(fx->res.journeys[0].first, HO_STAGE_SAL);
    assert_true(fx->res.journeys[0].closed);
}

static void
test_requalified_lead_meeting_mql_starts_a_new_journey(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("o4", "2026-03-05T09:00:00Z", "requalify", "out@corp.io", NULL, NULL, NULL),
        EV("o5", "2026-03-06T09:00:00Z", "identify", "out@corp.io", NULL, NULL, "title=VP Sales"),
        EV("o6", "2026-03-06T10:00:00Z", "form_submit", "out@corp.io", NULL, "form=demo", NULL),
    };
    ho_fx_add(fx, outbound, HO_ARRAY_LEN(outbound));
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "out@corp.io", NOW);
    /* o5: fit 25, behaviour 0; o6: 25 + 30 = 55 -> MQL */
    assert_int_equal(fx->res.stage, HO_STAGE_MQL);
    assert_int_equal(fx->res.n_journeys, 2);
    assert_int_equal(fx->res.journeys[1].n, 2);
    assert_int_equal(fx->res.journeys[1].first, HO_STAGE_MQL);
    assert_true(fx->res.journeys[1].entered[HO_STAGE_MQL] == ms("2026-03-06T10:00:00Z"));
}

static void
test_sales_accept_reopens_a_sales_disqualified_lead_in_a_new_journey(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("o4", "2026-03-05T09:00:00Z", "sales_accept", "out@corp.io", NULL, NULL, NULL),
    };
    ho_fx_add(fx, outbound, HO_ARRAY_LEN(outbound));
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "out@corp.io", NOW);
    assert_int_equal(fx->res.stage, HO_STAGE_SAL);
    assert_false(fx->res.sales_disqualified);
    /* journey 1 ended disqualified; the reopened pass is sales-sourced at sal */
    assert_int_equal(fx->res.n_journeys, 2);
    assert_int_equal(fx->res.journeys[1].first, HO_STAGE_SAL);
    assert_int_equal(fx->res.journeys[1].criterion, HO_CRITERION_NONE);
    assert_true(fx->res.journeys[1].entered[HO_STAGE_SAL] == ms("2026-03-05T09:00:00Z"));
}

static void
test_nurture_resets_window_rules_too(void **state)
{
    struct ho_fx *fx = with_prefix(state);
    static const struct ho_fx_event ev[] = {
        EV("p1", "2026-03-02T09:20:00Z", "page_view", ANA, NULL, "path=/pricing", NULL),
        EV("n1", "2026-03-03T09:00:00Z", "nurture", ANA, NULL, "reason=no_budget", NULL),
        EV("p2", "2026-03-04T09:00:00Z", "page_view", ANA, NULL, "path=/pricing", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, ANA, NOW);
    /* p1 was before the reset: only p2 counts, 1 of 2 -> 0 (without the reset
     * p1..p2 = 2 views in 47h40m: 15) */
    assert_float_equal(fx->res.behavior, 0.0, EPS);
    assert_int_equal(ho_fx_rule(fx, "pricing_repeat")->n_events, 1);
}

static void
test_rule_disqualifier_acts_on_a_nurtured_lead(void **state)
{
    struct ho_fx *fx = with_prefix(state);
    static const struct ho_fx_event ev[] = {
        EV("n1", "2026-03-03T09:00:00Z", "nurture", ANA, NULL, "reason=no_budget", NULL),
        EV("g2", "2026-03-04T09:00:00Z", "group", NULL, ACME, NULL, "is_competitor=true"),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, ANA, NOW);
    assert_int_equal(fx->res.stage, HO_STAGE_DISQUALIFIED); /* nurture is marketing-owned */
    assert_int_equal(fx->res.disqualifier, 1);
}

static void
test_a_late_sales_accept_does_not_move_an_sql_back_to_sal(void **state)
{
    struct ho_fx *fx = with_prefix(state);
    static const struct ho_fx_event ev[] = {
        EV("s2", "2026-03-03T09:00:00Z", "sales_qualify", ANA, NULL, NULL, NULL),
        EV("s1", "2026-03-04T09:00:00Z", "sales_accept", ANA, NULL, NULL, NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, ANA, NOW);
    /* funnel stages only move forward: the journey stays at sql */
    assert_int_equal(fx->res.stage, HO_STAGE_SQL);
    assert_int_equal(fx->res.journeys[0].furthest, HO_STAGE_SQL);
    assert_int_equal(fx->res.n_journeys, 1);
}

static void
test_sales_sourced_lead_can_start_its_journey_at_opportunity(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("o1", "2026-03-02T09:00:00Z", "identify", "opp@corp.io", NULL, NULL, "title=Buyer"),
        EV("o2", "2026-03-05T09:00:00Z", "opportunity_created", "opp@corp.io", NULL, "amount=1000",
           NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "opp@corp.io", NOW);
    assert_int_equal(fx->res.stage, HO_STAGE_OPPORTUNITY);
    assert_int_equal(fx->res.n_journeys, 1);
    assert_int_equal(fx->res.journeys[0].first, HO_STAGE_OPPORTUNITY);
    assert_int_equal(fx->res.journeys[0].criterion, HO_CRITERION_NONE);
    assert_true(fx->res.journeys[0].entered[HO_STAGE_SQL] == HO_TIME_NONE);
}

/* senior_title 20 + demo 30 = 50 -> MQL; MQLs expire after 30 days untouched. */
static const char expiring_yaml[] =
    "version: 1\n"
    "fit:\n"
    "  - { name: senior_title, field: lead.title, matches: '\\bVP\\b', points: 20 }\n"
    "behavior:\n"
    "  decay: { half_life: 30d }\n"
    "  rules:\n"
    "    - { name: demo_request, event: form_submit, where: { form: demo }, points: 30, max: 30 }\n"
    "stages:\n"
    "  mql: { min_score: 50, min_fit: 10, expire_after: 30d }\n"
    "  sql: { requires: sales_qualify }\n";

static const struct ho_fx_event expiring[] = {
    EV("x1", "2026-03-02T09:00:00Z", "identify", "vp@x.io", NULL, NULL, "title=VP Sales"),
    EV("x2", "2026-03-02T10:00:00Z", "form_submit", "vp@x.io", NULL, "form=demo", NULL),
};

/* Failed before e933e76 (expire_after was loaded but never applied). */
static void
test_untouched_mql_expires_into_nurture_after_expire_after(void **state)
{
    struct ho_fx *fx = *state;
    ho_fx_release(fx);
    ho_fx_init(fx, expiring_yaml);
    ho_fx_add(fx, expiring, HO_ARRAY_LEN(expiring));
    replay_ok(fx, "vp@x.io", ms("2026-03-02T10:00:00Z"));
    assert_int_equal(fx->res.stage, HO_STAGE_MQL); /* 20 + 30 = 50 at x2 */
    replay_ok(fx, "vp@x.io", ms("2026-04-02T10:00:00Z"));
    /* DESIGN §2: mql.expire_after moves an MQL nobody touched into nurture,
     * reason expired; x2 + 30d = 2026-04-01T10:00:00Z */
    assert_int_equal(fx->res.stage, HO_STAGE_NURTURE);
    const struct ho_journey *j = &fx->res.journeys[0];
    assert_true(j->closed);
    assert_int_equal(j->reason, ho_fx_id(fx, "expired"));
    assert_true(j->entered[HO_STAGE_NURTURE] == ms("2026-04-01T10:00:00Z"));
}

static void
test_touched_mql_does_not_expire(void **state)
{
    struct ho_fx *fx = *state;
    ho_fx_release(fx);
    ho_fx_init(fx, expiring_yaml);
    static const struct ho_fx_event ev[] = {
        EV("x3", "2026-03-02T10:03:00Z", "contact_attempt", "vp@x.io", NULL, "rep=sam", NULL),
    };
    ho_fx_add(fx, expiring, HO_ARRAY_LEN(expiring));
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "vp@x.io", ms("2026-04-02T10:00:00Z"));
    assert_int_equal(fx->res.stage, HO_STAGE_MQL); /* a rep attempted contact */
}

/* ---- channel ------------------------------------------------------------ */

static void
test_channel_is_the_first_touch_that_carried_one(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        { "h1", "2026-03-02T09:00:00Z", "identify", "ch@x.io", NULL, NULL, "source=EMAIL_MARKETING",
          NULL },
        { "h2", "2026-03-02T10:00:00Z", "page_view", "ch@x.io", NULL, "path=/", NULL,
          "paid_search" },
        { "h3", "2026-03-02T11:00:00Z", "page_view", "ch@x.io", NULL, "path=/", NULL, "email" },
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "ch@x.io", NOW);
    /* h2 is the first event with a channel; the source trait is only a fallback */
    assert_int_equal(fx->res.channel, ho_fx_id(fx, "paid_search"));
}

static void
test_channel_falls_back_to_the_normalised_source_trait(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("h1", "2026-03-02T09:00:00Z", "identify", "ch@x.io", NULL, NULL,
           "source=ORGANIC_SEARCH"),
        EV("h2", "2026-03-02T10:00:00Z", "page_view", "ch@x.io", NULL, "path=/", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "ch@x.io", NOW);
    assert_int_equal(fx->res.channel, ho_fx_id(fx, "organic_search")); /* channels map */
    assert_int_equal(fx->res.source, ho_fx_id(fx, "ORGANIC_SEARCH"));
}

static void
test_channel_from_utm_medium_is_normalised(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("h1", "2026-03-02T10:00:00Z", "page_view", "ch@x.io", NULL,
           "path=/;utm_medium=CPC;utm_source=google", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "ch@x.io", NOW);
    /* cpc is listed under paid_search; matching ignores case */
    assert_int_equal(fx->res.channel, ho_fx_id(fx, "paid_search"));
}

/* ---- input contract and time travel ------------------------------------- */

static void
test_unsorted_events_are_rejected(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("a1", "2026-03-02T10:00:00Z", "email_open", "u@x.io", NULL, NULL, NULL),
        EV("a2", "2026-03-02T11:00:00Z", "email_open", "u@x.io", NULL, NULL, NULL),
    };
    static const char *const reversed[] = { "a2", "a1" };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    assert_int_equal(ho_fx_replay_ids(fx, "u@x.io", reversed, 2, NOW, false), HO_EINVAL);
}

static void
test_events_at_the_same_time_must_be_ordered_by_id(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("b1", "2026-03-02T10:00:00Z", "email_open", "u@x.io", NULL, NULL, NULL),
        EV("b2", "2026-03-02T10:00:00Z", "email_open", "u@x.io", NULL, NULL, NULL),
    };
    static const char *const wrong[] = { "b2", "b1" };
    static const char *const right[] = { "b1", "b2" };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    assert_int_equal(ho_fx_replay_ids(fx, "u@x.io", wrong, 2, NOW, false), HO_EINVAL);
    assert_int_equal(ho_fx_replay_ids(fx, "u@x.io", right, 2, NOW, false), HO_OK);
    assert_float_equal(fx->res.behavior, 2.0, EPS); /* 2 opens * 1 */
}

static void
test_explain_at_a_past_time_ignores_later_events(void **state)
{
    struct ho_fx *fx = with_prefix(state);
    static const struct ho_fx_event ev[] = {
        EV("s2", "2026-03-03T09:00:00Z", "sales_qualify", ANA, NULL, NULL, NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    int64_t at = ms("2026-03-02T12:00:00Z");
    replay_ok(fx, ANA, at);
    assert_int_equal(fx->res.stage, HO_STAGE_MQL); /* the sales_qualify is later */
    assert_int_equal(fx->res.n_events, 3);         /* g1, e1, e2 */
    assert_true(fx->res.as_of == at);
    assert_float_equal(fx->res.fit, 25.0, EPS);
    /* demo 09:10 -> 12:00 = 170 min; 30 * 0.5^(170/43200) = 29.918282 */
    assert_float_equal(fx->res.behavior, 29.918282, EPS);
    assert_true(fx->res.journeys[0].entered[HO_STAGE_SQL] == HO_TIME_NONE);
}

static void
test_without_at_scores_are_evaluated_at_the_last_event(void **state)
{
    struct ho_fx *fx = with_prefix(state);
    static const struct ho_fx_event ev[] = {
        EV("s2", "2026-03-03T09:00:00Z", "sales_qualify", ANA, NULL, NULL, NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, ANA, NOW);
    assert_true(fx->res.as_of == ms("2026-03-03T09:00:00Z"));
    assert_true(fx->res.last_event == ms("2026-03-03T09:00:00Z"));
    /* created: the lead's own first event (e1), not its account's group event g1 */
    assert_int_equal(fx->res.created, ms("2026-03-02T09:05:00Z"));
    assert_int_equal(fx->res.n_events, 4);
    /* demo 09:10 -> next day 09:00 = 1430 min; 30 * 0.5^(1430/43200) = 29.319503 */
    assert_float_equal(fx->res.behavior, 29.319503, EPS);
}

static void
test_a_rejecting_rep_is_recorded_on_the_journey_it_closes(void **state)
{
    struct ho_fx *fx = with_prefix(state);
    static const struct ho_fx_event ev[] = {
        EV("r1", "2026-03-03T09:00:00Z", "sales_reject", ANA, NULL, "reason=bad_timing;rep=kim",
           NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, ANA, NOW);
    /* the reject closes journey 1 (nurture) and names its rep */
    assert_int_equal(fx->res.stage, HO_STAGE_NURTURE);
    assert_int_equal(fx->res.journeys[0].rep, ho_fx_id(fx, "kim"));
}

static void
test_a_sales_sourced_opportunity_keeps_its_amount(void **state)
{
    struct ho_fx *fx = *state;
    static const struct ho_fx_event ev[] = {
        EV("o1", "2026-03-03T09:00:00Z", "opportunity_created", "out@x.io", NULL,
           "amount=48000;rep=sam", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, "out@x.io", NOW);
    /* the event opens journey 1 at opportunity and its facts land on it */
    assert_int_equal(fx->res.n_journeys, 1);
    assert_true(fx->res.journeys[0].has_amount);
    assert_float_equal(fx->res.journeys[0].amount, 48000.0, EPS);
    assert_float_equal(fx->res.journeys[0].monthly, 4000.0, EPS); /* 48000 / 12 */
    assert_int_equal(fx->res.journeys[0].rep, ho_fx_id(fx, "sam"));
}

/* ---- what really became of a lead (core/outcome.h) ------------------- */

/* ana is an MQL at 09:10; a reject at 11:00 with a nurture reason and no
 * contact before it: sales saw her (not_sql, touched at 11:00).  bob never
 * became an MQL, yet sales rejected him: touched too, with no journey. */
static void
test_a_reject_without_contact_is_a_sales_touch(void **state)
{
    struct ho_fx *fx = with_prefix(state);
    static const struct ho_fx_event ev[] = {
        EV("r1", "2026-03-02T11:00:00Z", "sales_reject", ANA, NULL, "reason=bad_timing", NULL),
        EV("b1", "2026-03-02T10:00:00Z", "page_view", "bob@x.io", NULL, "path=/blog", NULL),
        EV("b2", "2026-03-02T12:00:00Z", "sales_reject", "bob@x.io", NULL, "reason=no_budget",
           NULL),
        EV("c1", "2026-03-02T10:00:00Z", "page_view", "cy@x.io", NULL, "path=/blog", NULL),
    };
    ho_fx_add(fx, ev, HO_ARRAY_LEN(ev));
    replay_ok(fx, ANA, NOW);
    assert_int_equal(fx->res.stage, HO_STAGE_NURTURE);
    assert_true(ho_lead_first_sales_touch(&fx->res) == ho_fx_ms("2026-03-02T11:00:00Z"));
    assert_int_equal(ho_lead_real_outcome(&fx->res), HO_REAL_NOT_SQL);
    replay_ok(fx, "bob@x.io", NOW);
    assert_int_equal(fx->res.n_journeys, 0);
    assert_true(ho_lead_first_sales_touch(&fx->res) == ho_fx_ms("2026-03-02T12:00:00Z"));
    assert_int_equal(ho_lead_real_outcome(&fx->res), HO_REAL_NOT_SQL);
    replay_ok(fx, "cy@x.io", NOW); /* never seen by sales */
    assert_true(ho_lead_first_sales_touch(&fx->res) == HO_TIME_NONE);
    assert_int_equal(ho_lead_real_outcome(&fx->res), HO_REAL_UNKNOWN);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(test_lead_matching_no_rule_scores_zero),
        T(test_fit_rule_on_a_lead_trait_adds_its_points),
        T(test_fit_rule_that_does_not_match_adds_nothing),
        T(test_fit_rules_on_account_traits_come_from_group_events),
        T(test_fit_between_is_inclusive_at_both_ends),
        T(test_latest_trait_value_by_event_time_wins),
        T(test_per_event_rule_adds_points_for_each_matching_event),
        T(test_per_event_rule_is_capped_at_its_max),
        T(test_negative_rule_is_floored_at_its_min),
        T(test_event_not_matching_the_where_condition_scores_nothing),
        T(test_fresh_event_is_worth_its_full_points),
        T(test_decay_after_half_a_half_life),
        T(test_decay_after_exactly_one_half_life_halves_the_points),
        T(test_decay_after_one_and_a_half_half_lives),
        T(test_decay_after_two_half_lives_quarters_the_points),
        T(test_event_points_helper_decays_one_event),
        T(test_cap_applies_to_the_sum_of_decayed_points),
        T(test_decayed_sum_below_the_cap_is_not_clamped),
        T(test_negative_points_decay_too),
        T(test_explain_details_show_raw_and_decayed_points_and_the_events),
        T(test_details_list_fit_rules_then_behaviour_rules_in_definitions_order),
        T(test_one_pricing_view_does_not_hold_the_window),
        T(test_two_pricing_views_within_30_days_hold_the_window),
        T(test_window_points_do_not_decay),
        T(test_window_still_holds_exactly_within_after_the_oldest_of_the_last_n),
        T(test_window_expires_when_the_oldest_of_the_last_n_is_older_than_within),
        T(test_two_views_exactly_within_apart_hold_the_window),
        T(test_window_counts_the_last_n_events),
        T(test_student_email_disqualifies_a_lead_whatever_its_score),
        T(test_lead_id_with_an_at_sign_is_the_email_when_no_email_trait_is_given),
        T(test_competitor_account_disqualifies_its_leads),
        T(test_competitor_flag_arriving_later_disqualifies_an_mql),
        T(test_changed_email_reevaluates_a_student_back_to_lead),
        T(test_changed_email_lets_a_qualifying_lead_become_an_mql_at_that_event),
        T(test_rule_disqualifier_does_not_act_once_sales_accepted),
        T(test_score_exactly_at_min_score_makes_an_mql),
        T(test_score_just_below_min_score_does_not_make_an_mql),
        T(test_min_fit_blocks_a_behaviour_only_lead),
        T(test_criteria_set_makes_an_mql_below_min_score),
        T(test_criteria_set_needs_every_rule_to_contribute),
        T(test_mql_time_is_the_time_of_the_event_that_made_it_true),
        T(test_criterion_names),
        T(test_decay_below_the_threshold_does_not_unmql),
        T(test_sales_accept_moves_an_mql_to_sal),
        T(test_sales_qualify_moves_a_sal_to_sql),
        T(test_sales_qualify_on_an_mql_skips_sal_which_has_no_entry_time),
        T(test_opportunity_created_moves_an_sql_to_opportunity),
        T(test_opportunity_won_makes_a_customer),
        T(test_opportunity_lost_closes_the_journey_as_closed_lost),
        T(test_closed_lost_resets_behaviour_and_keeps_fit),
        T(test_sales_sourced_lead_starts_its_journey_at_sql_without_criterion),
        T(test_sales_reject_with_a_disqualifying_reason_disqualifies),
        T(test_sales_reject_with_a_nurture_reason_nurtures),
        T(test_sales_reject_with_an_unknown_reason_nurtures),
        T(test_disqualify_event_disqualifies_with_its_reason),
        T(test_nurture_event_nurtures_with_its_reason),
        T(test_nurture_resets_behaviour_and_keeps_fit),
        T(test_nurtured_lead_does_not_requalify_on_old_intent),
        T(test_nurtured_lead_meeting_mql_again_starts_journey_two_with_its_own_times),
        T(test_behaviour_details_list_only_events_since_the_last_reset),
        T(test_sales_disqualified_lead_stays_disqualified_despite_new_behaviour),
        T(test_requalify_reopens_a_sales_disqualified_lead_to_lead),
        T(test_requalified_lead_meeting_mql_starts_a_new_journey),
        T(test_sales_accept_reopens_a_sales_disqualified_lead_in_a_new_journey),
        T(test_nurture_resets_window_rules_too),
        T(test_rule_disqualifier_acts_on_a_nurtured_lead),
        T(test_a_late_sales_accept_does_not_move_an_sql_back_to_sal),
        T(test_sales_sourced_lead_can_start_its_journey_at_opportunity),
        T(test_untouched_mql_expires_into_nurture_after_expire_after),
        T(test_touched_mql_does_not_expire),
        T(test_channel_is_the_first_touch_that_carried_one),
        T(test_channel_falls_back_to_the_normalised_source_trait),
        T(test_channel_from_utm_medium_is_normalised),
        T(test_unsorted_events_are_rejected),
        T(test_events_at_the_same_time_must_be_ordered_by_id),
        T(test_explain_at_a_past_time_ignores_later_events),
        T(test_without_at_scores_are_evaluated_at_the_last_event),
        T(test_a_rejecting_rep_is_recorded_on_the_journey_it_closes),
        T(test_a_sales_sourced_opportunity_keeps_its_amount),
        T(test_a_reject_without_contact_is_a_sales_touch),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
