/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/ingest/test_spend_csv.c - the spend file parser: header in any
 * column order, typed values, each bad row with its reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/timefmt.h"
#include "core/defs.h"
#include "ingest/spend_csv.h"

static ho_rc
parse(struct ho_spend_parser *p, const char *text, bool *is_row, struct ho_spend_row *row,
      struct ho_diag *diag)
{
    char line[HO_SPEND_MAX_LINE];
    snprintf(line, sizeof(line), "%s", text);
    return ho_spend_parse_line(p, line, is_row, row, diag);
}

static void
test_columns_are_found_by_name_in_any_order(void **state)
{
    (void)state;
    struct ho_defs defs;
    struct ho_spend_parser p;
    struct ho_spend_row row;
    bool is_row;
    ho_defs_init(&defs);
    ho_spend_parser_init(&p, &defs);
    assert_int_equal(parse(&p,
                           "\xEF\xBB\xBF"
                           "amount,Channel,month",
                           &is_row, &row, NULL),
                     HO_OK);
    assert_false(is_row);
    assert_int_equal(parse(&p, "\"4,500.50\",other,2026-03", &is_row, &row, NULL), HO_EPARSE);
    assert_int_equal(parse(&p, "4500.50,OTHER,2026-03", &is_row, &row, NULL), HO_OK);
    assert_true(is_row);
    assert_string_equal(row.channel, "other");
    assert_true(row.amount == 4500.5);
    assert_true(row.month == 2026 * 12 + 2); /* March = month index y*12 + (3 - 1) */
    ho_defs_release(&defs);
}

static void
test_each_bad_row_says_what_is_wrong(void **state)
{
    (void)state;
    static const struct {
        const char *line, *msg;
    } bad[] = {
        { "paid,2026-03,1", "unknown channel 'paid' (use a channel of the definitions, or other)" },
        { "other,2026-13,1", "month '2026-13': write YYYY-MM, e.g. 2026-03" },
        { "other,2026-03,-5", "amount '-5': write a non-negative number, e.g. 12000 or 4500.50" },
        { "other,2026-03", "expected 3 fields (channel,month,amount), found 2" },
        { "\"other,2026-03,1", "unterminated or misplaced quote" },
    };
    struct ho_defs defs;
    struct ho_spend_parser p;
    struct ho_spend_row row;
    bool is_row;
    ho_defs_init(&defs);
    ho_spend_parser_init(&p, &defs);
    assert_int_equal(parse(&p, "channel,month,amount", &is_row, &row, NULL), HO_OK);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct ho_diag diag = { 0 };
        assert_int_equal(parse(&p, bad[i].line, &is_row, &row, &diag), HO_EPARSE);
        assert_false(is_row);
        assert_string_equal(diag.msg, bad[i].msg);
    }
    ho_defs_release(&defs);
}

static void
test_a_header_without_the_three_columns_is_refused(void **state)
{
    (void)state;
    struct ho_defs defs;
    struct ho_spend_parser p;
    struct ho_spend_row row;
    bool is_row;
    struct ho_diag diag = { 0 };
    ho_defs_init(&defs);
    ho_spend_parser_init(&p, &defs);
    assert_int_equal(parse(&p, "channel,month,cost", &is_row, &row, &diag), HO_EPARSE);
    assert_string_equal(diag.msg, "the header must name the columns channel,month,amount");
    assert_false(p.have_header);
    ho_defs_release(&defs);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_columns_are_found_by_name_in_any_order),
        cmocka_unit_test(test_each_bad_row_says_what_is_wrong),
        cmocka_unit_test(test_a_header_without_the_three_columns_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
