/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/defs/test_defs_diff.c - ho_defs_diff_texts(): what changed
 * between two definitions texts, rule by rule, in words.  Every expected
 * line is written by hand from the two texts of the test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "core/defs_diff.h"
#include "defs/defs_yaml.h"

/* The changes from a to b in words, one per line. */
static void
diff_words(const char *a, const char *b, struct ho_buf *out)
{
    struct ho_defs_diff d = { 0 };
    struct ho_diag diag = { 0 };
    ho_buf_reset(out);
    assert_int_equal(ho_defs_diff_texts(a, strlen(a), "a", b, strlen(b), "b", &d, &diag), HO_OK);
    for (size_t i = 0; i < d.n; i++) {
        ho_defs_change_words(&d.v[i], out);
        ho_buf_addc(out, '\n');
    }
    ho_defs_diff_release(&d);
}

static void
test_rules_are_matched_by_name_whatever_their_order(void **state)
{
    (void)state;
    struct ho_buf out = HO_BUF_INIT;
    diff_words("fit:\n"
               "  - { name: a, field: lead.title, equals: CEO, points: 10 }\n"
               "  - { name: b, field: lead.country, in: [US], points: 5 }\n",
               "fit:\n"
               "  - { name: b, field: lead.country, in: [US], points: 5 }\n"
               "  - { name: a, field: lead.title, equals: CEO, points: 12 }\n",
               &out);
    assert_string_equal(ho_buf_cstr(&out), "fit rule a: points 10 \xe2\x86\x92 12\n");
    ho_buf_release(&out);
}

static void
test_layout_comments_version_and_signatures_are_no_change(void **state)
{
    (void)state;
    struct ho_buf out = HO_BUF_INIT;
    diff_words("version: 1\nowners: { sales: { name: Lee, signed: 2026-01-01 } }\n"
               "stages: { mql: { min_score: 50 } }\n",
               "# reviewed\nversion: 2\nowners:\n  sales:\n    name: Lee\n    signed: 2026-02-01\n"
               "stages:\n  mql:\n    min_score: 50  # same\n",
               &out);
    assert_string_equal(ho_buf_cstr(&out), "");
    ho_buf_release(&out);
}

static void
test_a_changed_order_of_routing_rules_is_a_change(void **state)
{
    (void)state;
    struct ho_buf out = HO_BUF_INIT;
    diff_words("routing:\n  - { when: { field: account.employees, gte: 1000 }, pool: big }\n"
               "  - { pool: smb }\n",
               "routing:\n  - { pool: smb }\n"
               "  - { when: { field: account.employees, gte: 1000 }, pool: big }\n",
               &out);
    assert_string_equal(ho_buf_cstr(&out), "routing: order big, smb \xe2\x86\x92 smb, big\n");
    ho_buf_release(&out);
}

static void
test_stages_owners_and_quoting_are_reported_by_name(void **state)
{
    (void)state;
    struct ho_buf out = HO_BUF_INIT;
    diff_words("owners: { marketing: { name: Dana } }\n"
               "stages: { mql: { min_score: 50 }, sal: { } }\n"
               "disqualify: [ { reason: student, field: lead.email, suffix: .edu } ]\n",
               "owners: { marketing: { name: Kim } }\n"
               "stages: { mql: { min_score: \"50\" }, meeting: { } }\n"
               "disqualify: [ { reason: student, field: lead.email, suffix: .ac.uk } ]\n",
               &out);
    assert_string_equal(ho_buf_cstr(&out),
                        "owner marketing: name Dana \xe2\x86\x92 Kim\n"
                        /* meeting: turns the meeting stage on (issue 14 item 8) */
                        "stage set: mql, sal, sql, opportunity, customer \xe2\x86\x92 mql, sal, "
                        "sql, meeting, opportunity, customer\n"
                        "stages.mql: min_score 50 \xe2\x86\x92 \"50\"\n"
                        "stages.sal removed\n"
                        "stages.meeting added: {}\n"
                        "disqualifier student: suffix .edu \xe2\x86\x92 .ac.uk\n");
    ho_buf_release(&out);
}

static void
test_a_side_that_is_not_yaml_is_named(void **state)
{
    (void)state;
    struct ho_defs_diff d = { 0 };
    struct ho_diag diag = { 0 };
    assert_int_equal(ho_defs_diff_texts("a: 1\n", 5, "v1.yaml", "a: [1\n", 6, "v2.yaml", &d, &diag),
                     HO_EPARSE);
    assert_non_null(strstr(diag.msg, "v2.yaml is not YAML"));
    ho_defs_diff_release(&d);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules_are_matched_by_name_whatever_their_order),
        cmocka_unit_test(test_layout_comments_version_and_signatures_are_no_change),
        cmocka_unit_test(test_a_changed_order_of_routing_rules_is_a_change),
        cmocka_unit_test(test_stages_owners_and_quoting_are_reported_by_name),
        cmocka_unit_test(test_a_side_that_is_not_yaml_is_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
