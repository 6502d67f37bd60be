/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/core/test_lead_list.c - the lead list's filter and order
 * (core/lead_list.h) on four hand-made leads:
 *
 *   lead          account   stage  fit+beh  channel  rep  mql_at  last_event
 *   b@x.io        x.io      mql    30+10    email    sam  300     300
 *   a@x.io        x.io      mql    40+0     web      -    100     400
 *   C@Y.io        Y.io      lead   5+0      email    -    none    200
 *   d@z.io        -         sal    20+0     web      kim  200     100
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "core/lead_list.h"

#define NONE HO_TIME_NONE

static void
fill(struct ho_lead_item it[4])
{
    it[0] =
        (struct ho_lead_item){ "b@x.io", "x.io", "email", "sam", HO_STAGE_MQL, 30, 10, 300, 300 };
    it[1] = (struct ho_lead_item){ "a@x.io", "x.io", "web", "", HO_STAGE_MQL, 40, 0, 100, 400 };
    it[2] = (struct ho_lead_item){ "C@Y.io", "Y.io", "email", "", HO_STAGE_LEAD, 5, 0, NONE, 200 };
    it[3] = (struct ho_lead_item){ "d@z.io", "", "web", "kim", HO_STAGE_SAL, 20, 0, 200, 100 };
}

/* The leads kept by f in order sort, joined by spaces. */
static const char *
listed(const struct ho_lead_filter *f, enum ho_lead_sort sort, char out[128])
{
    struct ho_lead_item it[4];
    fill(it);
    size_t n = ho_lead_list_select(it, 4, f, sort);
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && len < 128; i++)
        len += (size_t)snprintf(out + len, 128 - len, "%s%s", i ? " " : "", it[i].lead);
    return out;
}

static const struct ho_lead_filter any = { .mql_since = NONE };

static void
test_score_ties_break_on_the_lead_name(void **state)
{
    (void)state;
    char buf[128];
    assert_string_equal(listed(&any, HO_LEAD_SORT_SCORE, buf), "a@x.io b@x.io d@z.io C@Y.io");
}

static void
test_time_sorts_put_the_newest_first_and_no_mql_last(void **state)
{
    (void)state;
    char buf[128];
    assert_string_equal(listed(&any, HO_LEAD_SORT_MQL_AT, buf), "b@x.io d@z.io a@x.io C@Y.io");
    assert_string_equal(listed(&any, HO_LEAD_SORT_LAST_EVENT, buf), "a@x.io b@x.io C@Y.io d@z.io");
    assert_string_equal(listed(&any, HO_LEAD_SORT_LEAD, buf), "C@Y.io a@x.io b@x.io d@z.io");
}

static void
test_filters_combine_with_and(void **state)
{
    (void)state;
    char buf[128];
    struct ho_lead_filter f = { .has_stage = true, .stage = HO_STAGE_MQL, .mql_since = NONE };
    assert_string_equal(listed(&f, HO_LEAD_SORT_SCORE, buf), "a@x.io b@x.io");
    f.channel = "email";
    assert_string_equal(listed(&f, HO_LEAD_SORT_SCORE, buf), "b@x.io");
    f.rep = "kim";
    assert_string_equal(listed(&f, HO_LEAD_SORT_SCORE, buf), "");
}

static void
test_q_is_a_case_insensitive_substring_of_lead_or_account(void **state)
{
    (void)state;
    char buf[128];
    struct ho_lead_filter f = { .q = "y.IO", .mql_since = NONE };
    assert_string_equal(listed(&f, HO_LEAD_SORT_SCORE, buf), "C@Y.io");
    f.q = "X.io";
    assert_string_equal(listed(&f, HO_LEAD_SORT_SCORE, buf), "a@x.io b@x.io");
    f.q = "D@";
    assert_string_equal(listed(&f, HO_LEAD_SORT_SCORE, buf), "d@z.io");
}

static void
test_mql_since_and_score_above_are_bounds(void **state)
{
    (void)state;
    char buf[128];
    struct ho_lead_filter f = { .mql_since = 200 };
    assert_string_equal(listed(&f, HO_LEAD_SORT_SCORE, buf), "b@x.io d@z.io"); /* at 200 is in */
    f = (struct ho_lead_filter){ .mql_since = NONE, .has_score_above = true, .score_above = 20 };
    assert_string_equal(listed(&f, HO_LEAD_SORT_SCORE, buf), "a@x.io b@x.io"); /* 20 is not */
    f.account = "";
    assert_string_equal(listed(&f, HO_LEAD_SORT_SCORE, buf), "");
}

static void
test_sort_names_parse(void **state)
{
    (void)state;
    enum ho_lead_sort s;
    assert_true(ho_lead_sort_parse("mql_at", &s) && s == HO_LEAD_SORT_MQL_AT);
    assert_true(ho_lead_sort_parse("lead", &s) && s == HO_LEAD_SORT_LEAD);
    assert_false(ho_lead_sort_parse("Score", &s));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_score_ties_break_on_the_lead_name),
        cmocka_unit_test(test_time_sorts_put_the_newest_first_and_no_mql_last),
        cmocka_unit_test(test_filters_combine_with_and),
        cmocka_unit_test(test_q_is_a_case_insensitive_substring_of_lead_or_account),
        cmocka_unit_test(test_mql_since_and_score_above_are_bounds),
        cmocka_unit_test(test_sort_names_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
