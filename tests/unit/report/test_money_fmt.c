/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/report/test_money_fmt.c - the number helpers of the money
 * reports (report/money_fmt.h): rounding to two decimals (halves away from
 * zero, unlike printf), "n/a" and empty CSV cells for NAN, the 15-digit
 * "precise" real for ratios that two decimals would erase, 3 significant
 * digits for the table, rate and period text.  Expected strings are worked
 * by hand in the comments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>

#include "report/money.h"
#include "report/money_fmt.h"
#include "report/report_int.h"

/* 2026-03-01T00:00:00Z and 2026-04-01T00:00:00Z in ms: 2026-01-01 is day
 * 56 * 365 + 14 leap days (1972..2024) = 20454; + 31 (Jan) + 28 (Feb) = 20513;
 * 20513 * 86400000 = 1772323200000.  April adds 31 days: 20544 -> 1775001600000. */
#define MAR_1 INT64_C(1772323200000)
#define APR_1 INT64_C(1775001600000)

/* What a FILE writer produced; the caller frees it. */
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

static void
capture_check(struct capture *c, const char *want)
{
    assert_int_equal(fclose(c->f), 0);
    assert_string_equal(c->text, want);
    free(c->text);
}

static void
check_json(json_t *v, const char *want)
{
    struct capture c;
    struct ho_diag diag = { 0 };
    json_t *root = json_array();
    json_array_append_new(root, v);
    assert_int_equal(ho_json_write(capture_open(&c), root, &diag), HO_OK);
    capture_check(&c, want);
}

static void
test_round_is_two_decimals_halves_away_from_zero(void **state)
{
    (void)state;
    /* 12.3456 * 100 = 1234.56 -> 1235 -> 12.35. */
    assert_true(ho_round2(12.3456) == 12.35);
    /* 0.125 is exact in binary; * 100 = 12.5 exactly, round() takes it away
     * from zero: 13 -> 0.13 (printf's "%.2f" alone would give 0.12). */
    assert_true(ho_round2(0.125) == 0.13);
    assert_true(ho_round2(-0.125) == -0.13);
    assert_true(isnan(ho_round2(NAN)));
}

static void
test_money_text(void **state)
{
    (void)state;
    char b[32];
    assert_string_equal(ho_money_text(1500.0, b), "1500.00");
    assert_string_equal(ho_money_text(0.125, b), "0.13"); /* rounded first, see above */
    assert_string_equal(ho_money_text(-2.5, b), "-2.50");
    assert_string_equal(ho_money_text(NAN, b), "n/a");
}

static void
test_sig3_text(void **state)
{
    (void)state;
    char b[32];
    /* 400 / 15000 = 0.026666.. -> 3 significant digits 0.0267. */
    assert_string_equal(ho_money_sig3_text(400.0 / 15000.0, b), "0.0267");
    assert_string_equal(ho_money_sig3_text(1.5, b), "1.5"); /* %g drops trailing zeros */
    assert_string_equal(ho_money_sig3_text(12.34, b), "12.3");
    /* From 1000 up: whole number, no exponent (%.3g would print 1.23e+03). */
    assert_string_equal(ho_money_sig3_text(1234.6, b), "1235");
    assert_string_equal(ho_money_sig3_text(-2500.0, b), "-2500");
    assert_string_equal(ho_money_sig3_text(NAN, b), "n/a");
    /* Halves round away from zero: 1234.5 -> 1235 (printf's %.0f gives the
     * even 1234). */
    assert_string_equal(ho_money_sig3_text(1234.5, b), "1235");
    /* 999.95 has 3 significant digits 1000: a whole number, not 1e+03. */
    assert_string_equal(ho_money_sig3_text(999.95, b), "1000");
    /* Small ratios stay in fixed point: 0.0000267, not 2.67e-05. */
    assert_string_equal(ho_money_sig3_text(0.0000267, b), "0.0000267");
    /* 0.09996 rounds up to 0.1000 -> trailing zeros dropped. */
    assert_string_equal(ho_money_sig3_text(0.09996, b), "0.1");
    assert_string_equal(ho_money_sig3_text(-0.5, b), "-0.5");
    assert_string_equal(ho_money_sig3_text(0.0, b), "0");
    assert_string_equal(ho_money_sig3_text(100.0, b), "100");
}

static void
test_rate_text(void **state)
{
    (void)state;
    char b[64];
    assert_string_equal(ho_money_rate_text((struct ho_rate){ .num = 1, .den = 4 }, b),
                        "1/4 (25.0%)");
    assert_string_equal(ho_money_rate_text((struct ho_rate){ .num = 2, .den = 3 }, b),
                        "2/3 (66.7%)"); /* 66.66.. */
    assert_string_equal(ho_money_rate_text((struct ho_rate){ .num = 0, .den = 0 }, b), "0/0 (n/a)");
}

static void
test_csv_num_and_real(void **state)
{
    (void)state;
    struct capture c;
    FILE *f = capture_open(&c);
    ho_money_csv_num(f, 3.14159); /* -> 3.14 */
    fputc(',', f);
    ho_money_csv_num(f, NAN); /* an empty cell */
    fputc(',', f);
    ho_money_csv_real(f, 2.5); /* two decimals when it has no more */
    fputc(',', f);
    ho_money_csv_real(f, 400.0 / 15000.0); /* 15 significant digits, as JSON holds it */
    fputc(',', f);
    ho_money_csv_real(f, NAN);
    capture_check(&c, "3.14,,2.50,0.0266666666666667,");
}

static void
test_json_numbers(void **state)
{
    (void)state;
    /* Rounded to two decimals; a whole real keeps ".0" (jansson). */
    check_json(ho_money_json_num(12.3456), "[\n  12.35\n]\n");
    check_json(ho_money_json_num(1500.0), "[\n  1500.0\n]\n");
    check_json(ho_money_json_num(NAN), "[\n  null\n]\n");
    /* 400 / 15000 = 0.0266666666666666.. kept to 15 significant digits. */
    check_json(ho_money_json_precise(400.0 / 15000.0), "[\n  0.0266666666666667\n]\n");
    check_json(ho_money_json_precise(NAN), "[\n  null\n]\n");
}

static void
test_json_rate_and_ratio(void **state)
{
    (void)state;
    /* 1/8 = 12.5%. */
    check_json(ho_money_json_rate((struct ho_rate){ .num = 1, .den = 8 }),
               "[\n  {\n    \"num\": 1,\n    \"den\": 8,\n    \"pct\": 12.5\n  }\n]\n");
    check_json(ho_money_json_rate((struct ho_rate){ .num = 0, .den = 0 }),
               "[\n  {\n    \"num\": 0,\n    \"den\": 0,\n    \"pct\": null\n  }\n]\n");
    /* Amounts are reals: 1 / 3 = 33.333..% -> 33.33. */
    check_json(ho_money_json_ratio(1.0, 3.0),
               "[\n  {\n    \"num\": 1.0,\n    \"den\": 3.0,\n    \"pct\": 33.33\n  }\n]\n");
    check_json(ho_money_json_ratio(5.0, 0.0),
               "[\n  {\n    \"num\": 5.0,\n    \"den\": 0.0,\n    \"pct\": null\n  }\n]\n");
}

static void
test_json_time_is_null_when_open(void **state)
{
    (void)state;
    check_json(ho_money_json_time(MAR_1), "[\n  \"2026-03-01T00:00:00Z\"\n]\n");
    check_json(ho_money_json_time(INT64_MIN), "[\n  null\n]\n");
    check_json(ho_money_json_time(INT64_MAX), "[\n  null\n]\n");
}

static void
test_period_text(void **state)
{
    (void)state;
    char b[96];
    struct ho_money_view v = { .strings = NULL, .from = INT64_MIN, .to = INT64_MAX };
    assert_string_equal(ho_money_period_text(&v, b), "all time");
    v.from = MAR_1;
    assert_string_equal(ho_money_period_text(&v, b), "from 2026-03-01T00:00:00Z");
    v.to = APR_1;
    assert_string_equal(ho_money_period_text(&v, b),
                        "2026-03-01T00:00:00Z to 2026-04-01T00:00:00Z");
    v.from = INT64_MIN;
    assert_string_equal(ho_money_period_text(&v, b), "before 2026-04-01T00:00:00Z");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_is_two_decimals_halves_away_from_zero),
        cmocka_unit_test(test_money_text),
        cmocka_unit_test(test_sig3_text),
        cmocka_unit_test(test_rate_text),
        cmocka_unit_test(test_csv_num_and_real),
        cmocka_unit_test(test_json_numbers),
        cmocka_unit_test(test_json_rate_and_ratio),
        cmocka_unit_test(test_json_time_is_null_when_open),
        cmocka_unit_test(test_period_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
