/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/defs/test_defs_candidate.c - values changed in place in a
 * definitions text (defs/defs_candidate.h): each expected text is the
 * input edited by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/rc.h"
#include "defs/defs_candidate.h"

static ho_rc
edit(const char *text, const struct ho_defs_edit *e, size_t n, int64_t version, struct ho_buf *out)
{
    struct ho_diag diag = { 0 };
    return ho_defs_candidate_text(text, strlen(text), e, n, version, out, &diag);
}

static void
test_points_version_and_flow_and_block_signed(void **state)
{
    (void)state;
    const char *in = "# team's comment\n"
                     "version: 3\n"
                     "owners:\n"
                     "  marketing: { name: \"Dana\", signed: 2026-01-05 }\n"
                     "  sales:\n"
                     "    name: Lee\n"
                     "    signed: 2026-01-06   # by hand\n"
                     "fit:\n"
                     "  - { name: t, field: lead.title, equals: \"Büro\", points: 10 }\n"
                     "behavior:\n"
                     "  rules:\n"
                     "    - name: demo\n"
                     "      event: form_submit\n"
                     "      points: 30\n"
                     "      max: 30\n";
    const char *want = "# team's comment\n"
                       "version: 4\n"
                       "owners:\n"
                       "  marketing: { name: \"Dana\" }\n"
                       "  sales:\n"
                       "    name: Lee\n"
                       "fit:\n"
                       "  - { name: t, field: lead.title, equals: \"Büro\", points: 12.5 }\n"
                       "behavior:\n"
                       "  rules:\n"
                       "    - name: demo\n"
                       "      event: form_submit\n"
                       "      points: -6\n"
                       "      min: -6\n";
    /* the ü before points: columns count characters, not bytes */
    const struct ho_defs_edit e[] = {
        { .rule = "t", .key = "points", .value = 12.5 },
        { .rule = "demo", .key = "points", .value = -6 },
        { .rule = "demo", .key = "max", .value = -6, .rename = "min" },
    };
    struct ho_buf out = HO_BUF_INIT;
    assert_int_equal(edit(in, e, 3, 4, &out), HO_OK);
    assert_string_equal(ho_buf_cstr(&out), want);
    ho_buf_release(&out);
}

static void
test_signed_first_in_flow_drop_and_missing_version(void **state)
{
    (void)state;
    const char *in = "owners: { marketing: { signed: 2026-01-05, name: Dana } }\n"
                     "behavior: { rules: [ { name: o, event: e, points: 1, max: 5 } ] }\n";
    const char *want = "version: 2\n"
                       "owners: { marketing: { name: Dana } }\n"
                       "behavior: { rules: [ { name: o, event: e, points: 0 } ] }\n";
    const struct ho_defs_edit e[] = {
        { .rule = "o", .key = "points", .value = 0 },
        { .rule = "o", .key = "max", .drop = true },
    };
    struct ho_buf out = HO_BUF_INIT;
    assert_int_equal(edit(in, e, 2, 2, &out), HO_OK);
    assert_string_equal(ho_buf_cstr(&out), want);
    ho_buf_release(&out);
}

static void
test_refusals_append_nothing(void **state)
{
    (void)state;
    struct ho_buf out = HO_BUF_INIT;
    const struct ho_defs_edit none = { .rule = "nope", .key = "points", .value = 1 };
    assert_int_equal(edit("fit: []\n", &none, 1, 2, &out), HO_ENOTFOUND);
    /* a quoted value is not replaced blindly */
    const struct ho_defs_edit q = { .rule = "t", .key = "points", .value = 1 };
    assert_int_equal(edit("fit: [ { name: t, points: \"10\" } ]\n", &q, 1, 2, &out), HO_EINVAL);
    /* an alias: the anchor's bytes would change two rules at once */
    const struct ho_defs_edit two[] = {
        { .rule = "a", .key = "points", .value = 1 },
        { .rule = "b", .key = "points", .value = 2 },
    };
    assert_int_equal(
        edit("fit: [ { name: a, points: &p 10 }, { name: b, points: *p } ]\n", two, 2, 2, &out),
        HO_EINVAL);
    assert_int_equal(edit("fit: [\n", &q, 1, 2, &out), HO_EPARSE);
    assert_int_equal(out.len, 0);
    ho_buf_release(&out);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_points_version_and_flow_and_block_signed),
        cmocka_unit_test(test_signed_first_in_flow_drop_and_missing_version),
        cmocka_unit_test(test_refusals_append_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
