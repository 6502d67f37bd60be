/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/ingest/test_crm_values.c - the date and number cells of CRM
 * exports.  Expected values are worked by hand: every date form of
 * 2 March 2026, 14:05 UTC, gives the same canonical text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ingest/crm_values.h"

static void
expect_date(const char *cell, const char *want)
{
    char out[HO_TIME_STRLEN];
    struct ho_diag diag = { 0 };
    ho_rc rc = ho_crm_date("Create Date", cell, strlen(cell), out, &diag);
    if (rc != HO_OK)
        fail_msg("'%s': %s", cell, diag.msg);
    assert_string_equal(out, want);
}

static void
test_every_date_form_gives_one_utc_time(void **state)
{
    (void)state;
    expect_date("2026-03-02 14:05", "2026-03-02T14:05:00Z");
    expect_date("2026-03-02", "2026-03-02T00:00:00Z");
    expect_date("3/2/2026", "2026-03-02T00:00:00Z"); /* US: month first */
    expect_date("03/02/2026 2:05 PM", "2026-03-02T14:05:00Z");
    expect_date("3/2/2026 12:30 am", "2026-03-02T00:30:00Z");
    expect_date("3/2/2026 14:05", "2026-03-02T14:05:00Z");
    expect_date("2026-03-02T14:05:00+0000", "2026-03-02T14:05:00Z");
    expect_date("2026-03-02T16:05:00+0200", "2026-03-02T14:05:00Z");
    expect_date("2026-03-02T14:05:09.000Z", "2026-03-02T14:05:09Z");
    expect_date("2026-03-02T09:05:00-05:00", "2026-03-02T14:05:00Z");
    expect_date("  2026-03-02  ", "2026-03-02T00:00:00Z");
}

static void
test_an_empty_cell_is_absent(void **state)
{
    (void)state;
    char out[HO_TIME_STRLEN];
    char num[HO_CRM_NUMBER_STRLEN];
    assert_int_equal(ho_crm_date("Close Date", "", 0, out, NULL), HO_ENOTFOUND);
    assert_int_equal(ho_crm_date("Close Date", "  ", 2, out, NULL), HO_ENOTFOUND);
    assert_int_equal(ho_crm_number("Amount", "", 0, num, NULL), HO_ENOTFOUND);
    assert_int_equal(ho_crm_number("Amount", " ", 1, num, NULL), HO_ENOTFOUND);
}

static void
test_a_bad_date_names_its_column_and_why(void **state)
{
    (void)state;
    static const char *const bad[] = { "2/30/2026",        "13/1/2026", "2026-02-30",
                                       "yesterday",        "3/2/26",    "2026-03-02 25:00",
                                       "3/2/2026 13:00 PM" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char out[HO_TIME_STRLEN];
        char want[256];
        struct ho_diag diag = { 0 };
        assert_int_equal(ho_crm_date("Close Date", bad[i], strlen(bad[i]), out, &diag), HO_EPARSE);
        (void)snprintf(want, sizeof(want),
                       "column 'Close Date': '%s' is not a date (expected 2026-03-02, "
                       "2026-03-02 14:05, 3/2/2026 (month/day/year) or RFC 3339)",
                       bad[i]);
        assert_string_equal(diag.msg, want);
    }
}

static void
expect_number(const char *cell, const char *want)
{
    char out[HO_CRM_NUMBER_STRLEN];
    struct ho_diag diag = { 0 };
    ho_rc rc = ho_crm_number("Amount", cell, strlen(cell), out, &diag);
    if (rc != HO_OK)
        fail_msg("'%s': %s", cell, diag.msg);
    assert_string_equal(out, want);
}

static void
test_locale_numbers_lose_grouping_and_currency(void **state)
{
    (void)state;
    expect_number("1,500", "1500");
    expect_number("$48,000.00", "48000");
    expect_number("48000", "48000");
    expect_number("$1,234,567.50", "1234567.5");
    expect_number("USD 48,000.00", "48000");
    expect_number("\xe2\x82\xac"
                  "12,000",
                  "12000");
    expect_number("0.25", "0.25");
}

static void
test_a_bad_number_names_its_column_and_why(void **state)
{
    (void)state;
    static const char *const bad[] = { "1,50", "48,0000", ",500", "12k", "-5", "$", "1.2.3" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char out[HO_CRM_NUMBER_STRLEN];
        char want[256];
        struct ho_diag diag = { 0 };
        assert_int_equal(ho_crm_number("Amount", bad[i], strlen(bad[i]), out, &diag), HO_EPARSE);
        (void)snprintf(want, sizeof(want),
                       "column 'Amount': '%s' is not a number (expected e.g. 48000, 1,500 or "
                       "$48,000.00)",
                       bad[i]);
        assert_string_equal(diag.msg, want);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_date_form_gives_one_utc_time),
        cmocka_unit_test(test_an_empty_cell_is_absent),
        cmocka_unit_test(test_a_bad_date_names_its_column_and_why),
        cmocka_unit_test(test_locale_numbers_lose_grouping_and_currency),
        cmocka_unit_test(test_a_bad_number_names_its_column_and_why),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
