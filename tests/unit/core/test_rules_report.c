/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/core/test_rules_report.c - the rules report
 * (core/rules_report.h): per rule the MQL journeys it held at (its bit in
 * rules_at_mql, fit rules first), their SQL rate as num/den against the
 * overall MQL->SQL rate, the lift, and the signal that makes an over-scored
 * rule stand out.  Journeys are built by hand; every count is worked out
 * next to its assertion.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/timefmt.h"
#include "base/xalloc.h"
#include "base/strtab.h"
#include "core/defs.h"
#include "core/rules_report.h"
#include "core/stage.h"

#define EPS 1e-9

static int64_t
ms(const char *ts)
{
    int64_t v = 0;
    if (ho_time_parse(ts, strlen(ts), &v, NULL) != HO_OK)
        fail_msg("bad time literal '%s'", ts);
    return v;
}

/* Definitions with fit rules fit[0..nf) and behaviour rules beh[0..nb). */
static void
make_defs(struct ho_defs *d, const char *const *fit, const double *fit_pts, size_t nf,
          const char *const *beh, const double *beh_pts, size_t nb)
{
    ho_defs_init(d);
    d->fit = ho_xcalloc(nf + 1, sizeof(*d->fit));
    d->n_fit = nf;
    for (size_t i = 0; i < nf; i++) {
        d->fit[i].name = ho_xstrdup(fit[i]);
        d->fit[i].points = fit_pts[i];
    }
    d->behavior = ho_xcalloc(nb + 1, sizeof(*d->behavior));
    d->n_behavior = nb;
    for (size_t i = 0; i < nb; i++) {
        d->behavior[i].name = ho_xstrdup(beh[i]);
        d->behavior[i].points = beh_pts[i];
    }
}

/* The example's rules: bit 0 senior_title +10, 1 size_50_500 +10 (fit);
 * 2 demo_request +30, 3 careers_page -15, 4 email_open +1,
 * 5 pricing_repeat +15, 6 webinar +5 (behaviour). */
static void
example_defs(struct ho_defs *d)
{
    static const char *const fit[] = { "senior_title", "size_50_500" };
    static const double fit_pts[] = { 10, 10 };
    static const char *const beh[] = { "demo_request", "careers_page", "email_open",
                                       "pricing_repeat", "webinar" };
    static const double beh_pts[] = { 30, -15, 1, 15, 5 };
    make_defs(d, fit, fit_pts, 2, beh, beh_pts, 5);
}

#define SENIOR  (1ULL << 0)
#define SIZE    (1ULL << 1)
#define DEMO    (1ULL << 2)
#define CAREERS (1ULL << 3)
#define EMAIL   (1ULL << 4)
#define PRICING (1ULL << 5)

/* An MQL journey at mql (NULL: sales-sourced, starting at sql) with the
 * rules bits at its MQL, reaching `furthest`. */
static struct ho_journey_row
row(const char *mql, uint64_t bits, enum ho_stage furthest)
{
    struct ho_journey_row r;
    memset(&r, 0, sizeof(r));
    for (int s = 0; s < HO_STAGE__COUNT; s++)
        r.j.entered[s] = HO_TIME_NONE;
    if (mql) {
        r.j.first = HO_STAGE_MQL;
        r.j.entered[HO_STAGE_MQL] = ms(mql);
    } else {
        r.j.first = HO_STAGE_SQL;
        r.j.entered[HO_STAGE_SQL] = ms("2026-01-20T00:00:00Z");
    }
    r.j.furthest = furthest;
    r.j.last = furthest;
    r.j.rules_at_mql = bits;
    return r;
}

#define JAN "2026-01-10T00:00:00Z"

/* Ten MQL journeys of January, four of which reached sql or later. */
static size_t
example_rows(struct ho_journey_row *rows)
{
    size_t n = 0;
    rows[n++] = row(JAN, SENIOR | SIZE | DEMO | PRICING, HO_STAGE_SQL);  /* J1 */
    rows[n++] = row(JAN, SENIOR | DEMO, HO_STAGE_SQL);                   /* J2 */
    rows[n++] = row(JAN, SIZE | DEMO, HO_STAGE_CUSTOMER);                /* J3 */
    rows[n++] = row(JAN, SENIOR | SIZE | DEMO, HO_STAGE_OPPORTUNITY);    /* J4 */
    rows[n++] = row(JAN, SENIOR | SIZE | CAREERS | EMAIL, HO_STAGE_MQL); /* J5 */
    rows[n++] = row(JAN, SENIOR | CAREERS | EMAIL, HO_STAGE_SAL);        /* J6 */
    rows[n++] = row(JAN, SIZE | CAREERS | EMAIL, HO_STAGE_MQL);          /* J7 */
    rows[n++] = row(JAN, SENIOR | CAREERS | EMAIL, HO_STAGE_MQL);        /* J8 */
    rows[n++] = row(JAN, DEMO | CAREERS | EMAIL, HO_STAGE_MQL);          /* J9 */
    rows[n++] = row(JAN, SENIOR | PRICING, HO_STAGE_MQL);                /* J10 */
    rows[n++] = row(NULL, 0, HO_STAGE_OPPORTUNITY); /* sales-sourced: no MQL, not counted */
    return n;
}

static void
assert_rate(struct ho_rate r, uint64_t num, uint64_t den)
{
    assert_int_equal(r.num, num);
    assert_int_equal(r.den, den);
}

static void
test_overall_rate_counts_mql_journeys_that_reached_sql_or_later(void **state)
{
    (void)state;
    struct ho_defs d;
    example_defs(&d);
    struct ho_journey_row rows[16];
    size_t n = example_rows(rows);
    struct ho_rules_report r;
    ho_rules_report_compute(&d, rows, n, INT64_MIN, INT64_MAX, &r);
    /* J1 J2 (sql), J3 (customer), J4 (opportunity) of 10 MQL journeys; J6
     * stopped at sal; the sales-sourced journey is no MQL */
    assert_rate(r.overall, 4, 10);
    assert_int_equal(r.n, 7); /* 2 fit + 5 behaviour rules */
    ho_rules_report_release(&r);
    ho_defs_release(&d);
}

static void
test_rules_are_listed_in_definitions_order_fit_first(void **state)
{
    (void)state;
    struct ho_defs d;
    example_defs(&d);
    struct ho_rules_report r;
    ho_rules_report_compute(&d, NULL, 0, INT64_MIN, INT64_MAX, &r);
    const char *names[] = { "senior_title", "size_50_500",    "demo_request", "careers_page",
                            "email_open",   "pricing_repeat", "webinar" };
    for (size_t i = 0; i < 7; i++)
        assert_string_equal(r.rules[i].name, names[i]);
    assert_true(r.rules[1].is_fit);
    assert_false(r.rules[2].is_fit);
    assert_float_equal(r.rules[3].points, -15.0, EPS);
    ho_rules_report_release(&r);
    ho_defs_release(&d);
}

static void
test_each_rule_gets_the_sql_rate_of_its_mql_journeys_and_the_lift(void **state)
{
    (void)state;
    struct ho_defs d;
    example_defs(&d);
    struct ho_journey_row rows[16];
    size_t n = example_rows(rows);
    struct ho_rules_report r;
    ho_rules_report_compute(&d, rows, n, INT64_MIN, INT64_MAX, &r);
    const struct ho_rule_stat *s = r.rules;
    /* senior_title: J1 J2 J4 J5 J6 J8 J10 = 7 of 10 MQLs; sql J1 J2 J4 = 3/7;
     * lift (3/7) / (4/10) = 30/28 = 1.0714...: in line */
    assert_rate(s[0].share, 7, 10);
    assert_rate(s[0].sql, 3, 7);
    assert_true(s[0].has_lift);
    assert_float_equal(s[0].lift, 30.0 / 28.0, EPS);
    assert_int_equal(s[0].signal, HO_RULE_IN_LINE);
    /* size_50_500: J1 J3 J4 J5 J7 = 5; sql J1 J3 J4 = 3/5; lift 0.6 / 0.4 = 1.5 */
    assert_rate(s[1].sql, 3, 5);
    assert_float_equal(s[1].lift, 1.5, EPS);
    assert_int_equal(s[1].signal, HO_RULE_IN_LINE);
    /* demo_request: J1 J2 J3 J4 J9 = 5; sql 4/5; lift 0.8 / 0.4 = 2: high */
    assert_rate(s[2].sql, 4, 5);
    assert_float_equal(s[2].lift, 2.0, EPS);
    assert_int_equal(s[2].signal, HO_RULE_HIGH);
    /* careers_page: J5..J9 = 5; sql 0/5; lift 0: low (and its points are negative) */
    assert_rate(s[3].sql, 0, 5);
    assert_true(s[3].has_lift);
    assert_float_equal(s[3].lift, 0.0, EPS);
    assert_int_equal(s[3].signal, HO_RULE_LOW);
    /* email_open: J5..J9 = 5; sql 0/5: low with positive points = over-scored */
    assert_rate(s[4].sql, 0, 5);
    assert_int_equal(s[4].signal, HO_RULE_LOW);
    /* pricing_repeat: J1 J10 = 2 < 5 journeys: too few to judge; sql 1/2,
     * lift 0.5 / 0.4 = 1.25 */
    assert_rate(s[5].sql, 1, 2);
    assert_float_equal(s[5].lift, 1.25, EPS);
    assert_int_equal(s[5].signal, HO_RULE_FEW);
    /* webinar: no journey */
    assert_rate(s[6].sql, 0, 0);
    assert_rate(s[6].share, 0, 10);
    assert_false(s[6].has_lift);
    assert_int_equal(s[6].signal, HO_RULE_NO_DATA);
    ho_rules_report_release(&r);
    ho_defs_release(&d);
}

static void
test_signal_texts_depend_on_the_sign_of_the_points(void **state)
{
    (void)state;
    struct ho_defs d;
    example_defs(&d);
    struct ho_journey_row rows[16];
    size_t n = example_rows(rows);
    struct ho_rules_report r;
    ho_rules_report_compute(&d, rows, n, INT64_MIN, INT64_MAX, &r);
    /* email_open (+1, lift 0): over-scored; careers_page (-15, lift 0): the
     * penalty is deserved; demo_request (lift 2): a strong signal */
    assert_non_null(strstr(ho_rule_signal_text(&r.rules[4]), "over-scored"));
    assert_non_null(strstr(ho_rule_signal_text(&r.rules[3]), "penalty is deserved"));
    assert_non_null(strstr(ho_rule_signal_text(&r.rules[2]), "strong signal"));
    assert_non_null(strstr(ho_rule_signal_text(&r.rules[5]), "too few"));
    assert_string_equal(ho_rule_signal_name(HO_RULE_LOW), "low");
    assert_string_equal(ho_rule_signal_name(HO_RULE_UNTRACKED), "untracked");
    /* a penalised rule whose journeys convert well */
    struct ho_rule_stat s = r.rules[2];
    s.points = -5;
    assert_non_null(strstr(ho_rule_signal_text(&s), "review its points"));
    ho_rules_report_release(&r);
    ho_defs_release(&d);
}

static void
test_without_any_sql_there_is_no_lift(void **state)
{
    (void)state;
    struct ho_defs d;
    example_defs(&d);
    struct ho_journey_row rows[8];
    for (int i = 0; i < 8; i++)
        rows[i] = row(JAN, SENIOR, HO_STAGE_SAL); /* 8 MQLs, none reached sql */
    struct ho_rules_report r;
    ho_rules_report_compute(&d, rows, 8, INT64_MIN, INT64_MAX, &r);
    assert_rate(r.overall, 0, 8);
    assert_rate(r.rules[0].sql, 0, 8);
    assert_false(r.rules[0].has_lift); /* 0/8 over 0/8: no division by zero */
    assert_int_equal(r.rules[0].signal, HO_RULE_FEW);
    ho_rules_report_release(&r);
    ho_defs_release(&d);
}

static void
test_from_to_selects_mql_journeys_by_their_mql_time(void **state)
{
    (void)state;
    struct ho_defs d;
    example_defs(&d);
    struct ho_journey_row rows[] = {
        row("2025-12-31T23:59:59Z", SENIOR, HO_STAGE_SQL), /* before from: out */
        row("2026-01-01T00:00:00Z", SENIOR, HO_STAGE_MQL), /* == from: in */
        row("2026-02-01T00:00:00Z", SENIOR, HO_STAGE_SQL), /* == to: out */
    };
    struct ho_rules_report r;
    ho_rules_report_compute(&d, rows, 3, ms("2026-01-01T00:00:00Z"), ms("2026-02-01T00:00:00Z"),
                            &r);
    assert_rate(r.overall, 0, 1);
    assert_rate(r.rules[0].sql, 0, 1);
    ho_rules_report_release(&r);
    ho_defs_release(&d);
}

static void
test_rules_after_the_first_64_are_not_tracked(void **state)
{
    (void)state;
    /* 60 fit rules and 10 behaviour rules: bits 0-63 are fit 0-59 and
     * behaviour 0-3; behaviour 4-9 (rules 64-69) are not recorded */
    char names[70][16];
    const char *fit[60], *beh[10];
    double fit_pts[60], beh_pts[10];
    for (int i = 0; i < 70; i++) {
        snprintf(names[i], sizeof(names[i]), "rule_%d", i);
        if (i < 60) {
            fit[i] = names[i];
            fit_pts[i] = 1;
        } else {
            beh[i - 60] = names[i];
            beh_pts[i - 60] = 1;
        }
    }
    struct ho_defs d;
    make_defs(&d, fit, fit_pts, 60, beh, beh_pts, 10);
    struct ho_journey_row rows[] = { row(JAN, (1ULL << 63) | 1ULL, HO_STAGE_SQL) };
    struct ho_rules_report r;
    ho_rules_report_compute(&d, rows, 1, INT64_MIN, INT64_MAX, &r);
    assert_int_equal(r.n, 70);
    assert_true(r.rules[63].tracked); /* behaviour rule 3 = bit 63 */
    assert_string_equal(r.rules[63].name, "rule_63");
    assert_rate(r.rules[63].sql, 1, 1);
    assert_rate(r.rules[0].sql, 1, 1);
    for (size_t i = 64; i < 70; i++) {
        assert_false(r.rules[i].tracked);
        assert_int_equal(r.rules[i].signal, HO_RULE_UNTRACKED);
        assert_rate(r.rules[i].sql, 0, 0);
    }
    assert_non_null(strstr(ho_rule_signal_text(&r.rules[64]), "64"));
    ho_rules_report_release(&r);
    ho_defs_release(&d);
}

/* Close journey r with reason code (interned in t) in stage `last`. */
static void
close_with(struct ho_journey_row *r, struct ho_strtab *t, const char *code, enum ho_stage last)
{
    r->j.closed = true;
    r->j.last = last;
    r->j.entered[last] = ms("2026-01-15T00:00:00Z");
    r->j.reason = ho_strtab_intern(t, code, strlen(code));
}

static void
add_reason(struct ho_defs *d, const char *code, const char *category)
{
    d->reasons = ho_xrealloc(d->reasons, (d->n_reasons + 1) * sizeof(*d->reasons));
    memset(&d->reasons[d->n_reasons], 0, sizeof(*d->reasons));
    d->reasons[d->n_reasons].code = ho_xstrdup(code);
    d->reasons[d->n_reasons].category = ho_xstrdup(category);
    d->n_reasons++;
}

static void
test_rules_mostly_rejected_as_bad_fit_or_bad_scoring_are_flagged(void **state)
{
    (void)state;
    struct ho_defs d;
    struct ho_rules_report r;
    struct ho_journey_row rows[16];
    struct ho_strtab *t = ho_strtab_new();
    example_defs(&d);
    add_reason(&d, "not_icp", "bad_fit");
    add_reason(&d, "over_scored", "bad_scoring");
    add_reason(&d, "bad_timing", "bad_timing");
    size_t n = example_rows(rows);
    close_with(&rows[4], t, "not_icp", HO_STAGE_DISQUALIFIED); /* J5 */
    close_with(&rows[5], t, "over_scored", HO_STAGE_NURTURE);  /* J6 */
    close_with(&rows[6], t, "not_icp", HO_STAGE_DISQUALIFIED); /* J7 */
    close_with(&rows[7], t, "over_scored", HO_STAGE_NURTURE);  /* J8 */
    close_with(&rows[8], t, "bad_timing", HO_STAGE_NURTURE);   /* J9: another category */
    ho_rules_report_compute(&d, rows, n, INT64_MIN, INT64_MAX, &r);
    ho_rules_report_rejections(&r, &d, rows, n, INT64_MIN, INT64_MAX, t);
    /* careers_page (index 3): J5..J9, 5 journeys; bad_fit J5 J7, bad_scoring
     * J6 J8: 4 of 5 > half: flagged.  email_open (4) has the same journeys. */
    assert_int_equal(r.rules[3].bad_fit, 2);
    assert_int_equal(r.rules[3].bad_scoring, 2);
    assert_true(r.rules[3].mostly_rejected);
    assert_true(r.rules[4].mostly_rejected);
    assert_non_null(strstr(ho_rule_rejection_text(&r.rules[3]), "bad fit"));
    /* senior_title (0): J1 J2 J4 J5 J6 J8 J10 = 7; J5 bad_fit, J6 J8
     * bad_scoring: 3 of 7, not more than half. */
    assert_int_equal(r.rules[0].bad_fit, 1);
    assert_int_equal(r.rules[0].bad_scoring, 2);
    assert_false(r.rules[0].mostly_rejected);
    assert_string_equal(ho_rule_rejection_text(&r.rules[0]), "");
    /* size_50_500 (1): J1 J3 J4 J5 J7 = 5; J5 J7 bad_fit: 2 of 5. */
    assert_int_equal(r.rules[1].bad_fit, 2);
    assert_false(r.rules[1].mostly_rejected);
    /* demo_request (2): J9 closed as bad_timing, which does not count. */
    assert_int_equal(r.rules[2].bad_fit + r.rules[2].bad_scoring, 0);
    ho_rules_report_release(&r);
    ho_defs_release(&d);
    ho_strtab_free(t);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_overall_rate_counts_mql_journeys_that_reached_sql_or_later),
        cmocka_unit_test(test_rules_are_listed_in_definitions_order_fit_first),
        cmocka_unit_test(test_each_rule_gets_the_sql_rate_of_its_mql_journeys_and_the_lift),
        cmocka_unit_test(test_signal_texts_depend_on_the_sign_of_the_points),
        cmocka_unit_test(test_without_any_sql_there_is_no_lift),
        cmocka_unit_test(test_from_to_selects_mql_journeys_by_their_mql_time),
        cmocka_unit_test(test_rules_after_the_first_64_are_not_tracked),
        cmocka_unit_test(test_rules_mostly_rejected_as_bad_fit_or_bad_scoring_are_flagged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
