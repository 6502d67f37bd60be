/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/report/test_format.c - the pure text helpers the renderers share
 * (report/report.h, report/report_int.h): percent and rate text, cohort
 * labels, window text, RFC 4180 CSV fields, and the JSON writer (indent 2,
 * keys in insertion order, reals with 15 significant digits).  Every expected
 * string is worked by hand in the comment next to it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/timefmt.h"
#include "report/report.h"
#include "report/report_int.h"

/* What fn(out, arg) writes to a FILE, as a string the caller frees. */
struct capture {
    char *text;
    size_t len;
    FILE *f;
};

static FILE *
capture_open(struct capture *c)
{
    c->text = NULL;
    c->len = 0;
    c->f = open_memstream(&c->text, &c->len);
    assert_non_null(c->f);
    return c->f;
}

static char *
capture_close(struct capture *c)
{
    assert_int_equal(fclose(c->f), 0);
    return c->text;
}

static void
test_pct_has_one_decimal_or_na(void **state)
{
    (void)state;
    char b[16];
    assert_string_equal(ho_format_pct(1, 3, b), "33.3%"); /* 33.33.. */
    assert_string_equal(ho_format_pct(2, 3, b), "66.7%"); /* 66.66.. rounds up */
    assert_string_equal(ho_format_pct(3, 3, b), "100.0%");
    assert_string_equal(ho_format_pct(0, 7, b), "0.0%");
    assert_string_equal(ho_format_pct(0, 0, b), "n/a"); /* no denominator */
    assert_string_equal(ho_format_pct(5, 0, b), "n/a");
}

static void
test_rate_is_num_over_den_then_pct(void **state)
{
    (void)state;
    char b[48];
    assert_string_equal(ho_format_rate((struct ho_rate){ .num = 3, .den = 10 }, b), "3/10 30.0%");
    assert_string_equal(ho_format_rate((struct ho_rate){ .num = 0, .den = 0 }, b), "0/0 n/a");
    /* 1234/5678 = 0.217330.. -> 21.7% */
    assert_string_equal(ho_format_rate((struct ho_rate){ .num = 1234, .den = 5678 }, b),
                        "1234/5678 21.7%");
}

static void
test_cohort_labels(void **state)
{
    (void)state;
    char b[HO_TIME_STRLEN];
    /* Month index = year * 12 + month - 1: March 2026 = 2026 * 12 + 2. */
    assert_string_equal(ho_cohort_label(HO_COHORT_MONTH, 2026 * 12 + 2, b), "2026-03");
    assert_string_equal(ho_cohort_label(HO_COHORT_MONTH, 2025 * 12 + 11, b), "2025-12");
    /* Quarter of month index m: m % 12 / 3 + 1; March (2) -> Q1, April (3) -> Q2,
     * December (11) -> Q4. */
    assert_string_equal(ho_cohort_label(HO_COHORT_QUARTER, 2026 * 12 + 2, b), "2026-Q1");
    assert_string_equal(ho_cohort_label(HO_COHORT_QUARTER, 2026 * 12 + 3, b), "2026-Q2");
    assert_string_equal(ho_cohort_label(HO_COHORT_QUARTER, 2026 * 12 + 11, b), "2026-Q4");
    assert_string_equal(ho_cohort_label(HO_COHORT_ALL, 0, b), "all");
}

static void
test_window_text(void **state)
{
    (void)state;
    char b[HO_TIME_STRLEN];
    const int64_t hour = 3600 * 1000;
    assert_string_equal(ho_format_window(24 * hour, b), "1 day"); /* singular */
    assert_string_equal(ho_format_window(30 * 24 * hour, b), "30 days");
    assert_string_equal(ho_format_window(36 * hour, b), "1d 12h"); /* not whole days */
    assert_string_equal(ho_format_window(0, b), "0s");             /* not "0 days" */
}

static char *
csv_field(const char *s)
{
    struct capture c;
    ho_csv_field(capture_open(&c), s);
    return capture_close(&c);
}

static void
check_csv(const char *in, const char *want)
{
    char *got = csv_field(in);
    assert_string_equal(got, want);
    free(got);
}

static void
test_csv_field_quotes_only_when_needed(void **state)
{
    (void)state;
    check_csv("plain text", "plain text"); /* a space needs no quotes */
    check_csv("", "");
    check_csv("Acme, Inc.", "\"Acme, Inc.\"");
    /* say "hi": quoted, and each inner quote doubled (RFC 4180 2.7). */
    check_csv("say \"hi\"", "\"say \"\"hi\"\"\"");
    check_csv("two\nlines", "\"two\nlines\"");
    check_csv("cr\r", "\"cr\r\"");
    check_csv("\"", "\"\"\"\""); /* one quote -> "" inside quotes */
}

static char *
json_text(json_t *root)
{
    struct capture c;
    struct ho_diag diag = { 0 };
    assert_int_equal(ho_json_write(capture_open(&c), root, &diag), HO_OK);
    return capture_close(&c);
}

static void
test_json_write_indents_and_keeps_key_order(void **state)
{
    (void)state;
    json_t *root = json_object();
    json_object_set_new(root, "zeta", json_integer(1)); /* insertion order, not sorted */
    json_object_set_new(root, "alpha", json_pack("[bn]", 1));
    json_object_set_new(root, "empty", json_array());
    json_object_set_new(root, "name", json_string("a \"q\""));
    char *got = json_text(root);
    assert_string_equal(got, "{\n"
                             "  \"zeta\": 1,\n"
                             "  \"alpha\": [\n"
                             "    true,\n"
                             "    null\n"
                             "  ],\n"
                             "  \"empty\": [],\n"
                             "  \"name\": \"a \\\"q\\\"\"\n"
                             "}\n"); /* a final newline */
    free(got);
}

static void
test_json_write_reals_with_15_digits(void **state)
{
    (void)state;
    /* 0.1 is 0.1000000000000000055..; 17 digits would print 0.10000000000000001,
     * 15 print 0.1.  1/3 prints fifteen 3s.  A whole real keeps ".0". */
    json_t *root = json_pack("[fff]", 0.1, 1.0 / 3.0, 100.0);
    char *got = json_text(root);
    assert_string_equal(got, "[\n  0.1,\n  0.333333333333333,\n  100.0\n]\n");
    free(got);
}

static void
test_json_rate_rounds_pct_to_two_decimals(void **state)
{
    (void)state;
    /* 1/3 = 33.333..% -> round(3333.33) / 100 = 33.33; 1/1 = 100% -> 100.0;
     * 0/0 has no pct: null, not 0. */
    json_t *root = json_array();
    json_array_append_new(root, ho_json_rate((struct ho_rate){ .num = 1, .den = 3 }));
    json_array_append_new(root, ho_json_rate((struct ho_rate){ .num = 1, .den = 1 }));
    json_array_append_new(root, ho_json_rate((struct ho_rate){ .num = 0, .den = 0 }));
    char *got = json_text(root);
    assert_string_equal(got, "[\n"
                             "  {\n    \"num\": 1,\n    \"den\": 3,\n    \"pct\": 33.33\n  },\n"
                             "  {\n    \"num\": 1,\n    \"den\": 1,\n    \"pct\": 100.0\n  },\n"
                             "  {\n    \"num\": 0,\n    \"den\": 0,\n    \"pct\": null\n  }\n"
                             "]\n");
    free(got);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pct_has_one_decimal_or_na),
        cmocka_unit_test(test_rate_is_num_over_den_then_pct),
        cmocka_unit_test(test_cohort_labels),
        cmocka_unit_test(test_window_text),
        cmocka_unit_test(test_csv_field_quotes_only_when_needed),
        cmocka_unit_test(test_json_write_indents_and_keeps_key_order),
        cmocka_unit_test(test_json_write_reals_with_15_digits),
        cmocka_unit_test(test_json_rate_rounds_pct_to_two_decimals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
