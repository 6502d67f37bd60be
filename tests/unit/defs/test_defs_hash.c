/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/defs/test_defs_hash.c - the normal form of a definitions file
 * and its SHA-256 (defs/defs_hash.c).  Expected normal forms are written by
 * hand from the rules in defs_hash.c; expected hashes were computed apart
 * from this program, with `printf '%s' NORMAL | sha256sum` and Python's
 * hashlib.sha256(NORMAL.encode()).hexdigest().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "core/defs.h"
#include "defs/defs_yaml.h"

static void
normal(const char *text, struct ho_buf *out)
{
    struct ho_diag diag = { 0 };
    ho_buf_reset(out);
    assert_int_equal(ho_defs_normal_form(text, strlen(text), out, &diag), HO_OK);
}

static void
load_hash(const char *text, char out[HO_DEFS_HASH_HEX + 1])
{
    struct ho_defs d;
    struct ho_buf errors = HO_BUF_INIT;
    struct ho_diag diag = { 0 };
    assert_int_equal(ho_defs_load_yaml(text, strlen(text), "t.yaml", &d, &errors, &diag), HO_OK);
    memcpy(out, d.hash, HO_DEFS_HASH_HEX + 1);
    ho_defs_release(&d);
    ho_buf_release(&errors);
}

static void
test_the_normal_form_leaves_out_layout_version_and_signatures(void **state)
{
    (void)state;
    struct ho_buf out = HO_BUF_INIT;
    normal("# a comment\n"
           "version: 2\n"
           "owners:\n"
           "  marketing: { name: Dana, signed: 2026-01-05 }\n"
           "fit:\n"
           "  - { name: t, field: lead.title, equals: \"CEO\", points: 10 }\n",
           &out);
    assert_string_equal(ho_buf_cstr(&out), "{\"owners\":{\"marketing\":{\"name\":\"Dana\"}},"
                                           "\"fit\":[{\"name\":\"t\",\"field\":\"lead.title\","
                                           "\"equals\":!\"CEO\",\"points\":\"10\"}]}");
    normal("a: \"x\\\\\\\"y\\t\"\n", &out); /* x\"y and a tab */
    assert_string_equal(ho_buf_cstr(&out), "{\"a\":!\"x\\\\\\\"y\\u0009\"}");
    ho_buf_release(&out);
}

static void
test_the_hash_is_the_sha256_of_the_normal_form(void **state)
{
    (void)state;
    char h[HO_DEFS_HASH_HEX + 1];
    const char *n = "{\"owners\":{\"marketing\":{\"name\":\"Dana\"}},\"fit\":[{\"name\":\"t\","
                    "\"field\":\"lead.title\",\"equals\":!\"CEO\",\"points\":\"10\"}]}";
    assert_true(ho_defs_sha256_hex(n, strlen(n), h));
    assert_string_equal(h, "274ab16b676c4b97fc56dd862676cd9c79088287403c9b2390e93fc098d618b3");
    load_hash("version: 1\nstages: { mql: { min_score: 50 } }\n", h);
    /* sha256 of {"stages":{"mql":{"min_score":"50"}}} */
    assert_string_equal(h, "6bbd959a1bded427b0281a4ee58e34f16af0c026048c3979ba8848530de96b8a");
}

static void
test_layout_and_version_do_not_change_the_hash_but_one_byte_of_a_value_does(void **state)
{
    (void)state;
    char a[HO_DEFS_HASH_HEX + 1], b[HO_DEFS_HASH_HEX + 1], c[HO_DEFS_HASH_HEX + 1];
    load_hash("version: 1\nstages: { mql: { min_score: 50 } }\n", a);
    load_hash("# reviewed\nversion: 7\n\nstages:\n  mql:\n    min_score: 50   # fit + behavior\n",
              b);
    assert_string_equal(a, b);
    load_hash("version: 1\nstages: { mql: { min_score: 51 } }\n", c);
    /* sha256 of {"stages":{"mql":{"min_score":"51"}}} */
    assert_string_equal(c, "4f99cc1963c09975631b61a160b44d65c17b12b1f71e606f10ec2a3ab7276304");
}

static void
test_text_that_is_not_yaml_has_no_normal_form(void **state)
{
    (void)state;
    struct ho_buf out = HO_BUF_INIT;
    struct ho_diag diag = { 0 };
    assert_int_equal(ho_defs_normal_form("a: [1, 2\n", 9, &out, &diag), HO_EPARSE);
    ho_buf_release(&out);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_normal_form_leaves_out_layout_version_and_signatures),
        cmocka_unit_test(test_the_hash_is_the_sha256_of_the_normal_form),
        cmocka_unit_test(
            test_layout_and_version_do_not_change_the_hash_but_one_byte_of_a_value_does),
        cmocka_unit_test(test_text_that_is_not_yaml_has_no_normal_form),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
