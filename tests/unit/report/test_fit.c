/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/report/test_fit.c - fitting table text to a terminal width
 * (report/fit.h): lines that fit are untouched, wider table rows lose their
 * trailing columns whole at a column gap, a single over-wide word is cut
 * with "…", prose is wrapped at words under its indentation, and UTF-8
 * characters count one column each.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "report/fit.h"

/* Fit text to width; *cut tells whether a line was cut. */
static char *
fit(const char *text, size_t width, bool *cut)
{
    static struct ho_buf out;
    ho_buf_release(&out);
    *cut = ho_fit_text(text, strlen(text), width, &out);
    return (char *)ho_buf_cstr(&out);
}

static void
test_lines_that_fit_are_unchanged(void **state)
{
    (void)state;
    bool cut;
    assert_string_equal(fit("abc def\n0123456789\n", 10, &cut), "abc def\n0123456789\n");
    assert_false(cut);
}

static void
test_trailing_columns_are_dropped_whole(void **state)
{
    (void)state;
    bool cut;
    /* "cohort   mql   sql>opp  tier": "mql" ends at column 12, "sql>opp"
     * spans 16..22 and "tier" 25..28; the row's "7" ends at 12 and "50.0%"
     * spans 18..22.  Width 16 ends inside "sql>opp", so both lines keep
     * their first two columns (12 columns). */
    const char *table = "cohort   mql   sql>opp  tier\n"
                        "2026-03    7     50.0%  good\n";
    assert_string_equal(fit(table, 16, &cut), "cohort   mql\n2026-03    7\n");
    assert_true(cut);
    /* Width 22 keeps the third column of both lines, width 21 does not. */
    assert_string_equal(fit(table, 22, &cut), "cohort   mql   sql>opp\n2026-03    7     50.0%\n");
    assert_string_equal(fit(table, 21, &cut), "cohort   mql\n2026-03    7\n");
}

static void
test_a_gap_at_exactly_the_width_is_a_cut(void **state)
{
    (void)state;
    bool cut;
    /* "abcd efgh  x": width 4 keeps "abcd" (the space is column 5). */
    assert_string_equal(fit("abcd efgh  x", 4, &cut), "abcd");
    assert_true(cut);
}

static void
test_a_word_wider_than_the_width_is_cut_with_an_ellipsis(void **state)
{
    (void)state;
    bool cut;
    assert_string_equal(fit("abcdefghijkl  x\n", 8, &cut), "abcdefg\xE2\x80\xA6\n");
    assert_true(cut);
}

static void
test_utf8_counts_one_column_per_character(void **state)
{
    (void)state;
    bool cut;
    /* "a  —  b  —  c" is 13 characters (17 bytes): it fits 13 columns; at
     * 12 it keeps "a  —  b  —" (10 columns). */
    assert_string_equal(fit("a  \xE2\x80\x94  b  \xE2\x80\x94  c", 13, &cut),
                        "a  \xE2\x80\x94  b  \xE2\x80\x94  c");
    assert_false(cut);
    assert_string_equal(fit("a  \xE2\x80\x94  b  \xE2\x80\x94  c", 12, &cut),
                        "a  \xE2\x80\x94  b  \xE2\x80\x94");
    assert_true(cut);
}

static void
test_prose_wraps_under_its_indentation(void **state)
{
    (void)state;
    bool cut;
    /* "   MQL bar may be too strict — good leads held back" at width 20:
     * indentation 3, then words while they fit in 20 columns:
     * "   MQL bar may be" (17; "too" would make 21), "   too strict —
     * good" (20), "   leads held back" (18).  Nothing is lost: no cut. */
    assert_string_equal(
        fit("   MQL bar may be too strict \xE2\x80\x94 good leads held back\n", 20, &cut),
        "   MQL bar may be\n   too strict \xE2\x80\x94 good\n   leads held back\n");
    assert_false(cut);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines_that_fit_are_unchanged),
        cmocka_unit_test(test_trailing_columns_are_dropped_whole),
        cmocka_unit_test(test_a_gap_at_exactly_the_width_is_a_cut),
        cmocka_unit_test(test_a_word_wider_than_the_width_is_cut_with_an_ellipsis),
        cmocka_unit_test(test_utf8_counts_one_column_per_character),
        cmocka_unit_test(test_prose_wraps_under_its_indentation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
