/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/ingest/test_jsonl.c - the JSON Lines event scanner: mapping,
 * escapes, flattening, and every error with its exact text and column.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "core/event.h"
#include "ingest/event_map.h"

struct fx {
    struct ho_event_decoder *dec;
    struct ho_event_draft d;
    struct ho_diag diag;
    struct ho_buf buf;
};

static int
setup(void **state)
{
    static struct fx f;
    memset(&f, 0, sizeof(f));
    f.dec = ho_event_decoder_new();
    *state = &f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;
    ho_event_decoder_free(f->dec);
    ho_buf_release(&f->buf);
    return 0;
}

static ho_rc
decode_n(struct fx *f, const char *line, size_t len)
{
    ho_diag_clear(&f->diag);
    return ho_event_decode(f->dec, line, len, &f->d, &f->diag);
}

static ho_rc
decode(struct fx *f, const char *line)
{
    return decode_n(f, line, strlen(line));
}

/* Expect line to fail with rc, the message msg and (when col != 0) column col. */
static void
expect_error(struct fx *f, const char *line, ho_rc rc, const char *msg, uint32_t col)
{
    assert_int_equal(decode(f, line), rc);
    assert_string_equal(f->diag.msg, msg);
    if (col != 0)
        assert_int_equal(f->diag.column, col);
    /* The draft is all-empty after a failure. */
    assert_int_equal(f->d.id.len, 0);
    assert_int_equal(f->d.n_props, 0);
    assert_null(f->d.props);
}

static void
expect_slice(struct ho_slice s, const char *want)
{
    assert_int_equal(s.len, strlen(want));
    assert_memory_equal(s.ptr, want, s.len);
}

static void
expect_kv(const struct ho_draft_kv *kv, const char *key, const char *val)
{
    expect_slice(kv->key, key);
    expect_slice(kv->val, val);
}

/*---- mapping ----*/

static void
test_the_design_example_maps_onto_a_draft(void **state)
{
    struct fx *f = *state;
    assert_int_equal(decode(f, "{\"id\":\"evt-0005\",\"ts\":\"2026-03-03T09:00:00Z\","
                               "\"type\":\"sales_qualify\",\"lead\":\"ana@acme.io\",\"props\":"
                               "{\"rep\":\"sam\",\"need\":true,\"authority\":true,\"budget\":true,"
                               "\"timeline\":\"Q2\"}}"),
                     HO_OK);
    expect_slice(f->d.id, "evt-0005");
    expect_slice(f->d.ts, "2026-03-03T09:00:00Z");
    expect_slice(f->d.type, "sales_qualify");
    expect_slice(f->d.lead, "ana@acme.io");
    assert_int_equal(f->d.account.len, 0);
    assert_int_equal(f->d.n_props, 5);
    assert_int_equal(f->d.n_traits, 0);
    expect_kv(&f->d.props[0], "rep", "sam");
    expect_kv(&f->d.props[1], "need", "true");
    expect_kv(&f->d.props[4], "timeline", "Q2");
}

static void
test_identify_traits_and_top_level_channel_and_campaign_are_read(void **state)
{
    struct fx *f = *state;
    assert_int_equal(decode(f,
                            "{\"channel\":\"email\",\"traits\":{\"title\":\"VP Sales\","
                            "\"country\":\"US\"},\"campaign\":\"spring\",\"account\":\"acme.io\"}"),
                     HO_OK);
    expect_slice(f->d.channel, "email");
    expect_slice(f->d.campaign, "spring");
    expect_slice(f->d.account, "acme.io");
    assert_int_equal(f->d.n_traits, 2);
    expect_kv(&f->d.traits[0], "title", "VP Sales");
    expect_kv(&f->d.traits[1], "country", "US");
}

static void
test_string_escapes_are_unescaped_including_surrogate_pairs(void **state)
{
    struct fx *f = *state;
    assert_int_equal(decode(f, "{\"id\":\"e\\\"1\",\"props\":{\"s\":\"a\\\\b\\/c\\b\\f\\n\\r\\t\","
                               "\"u\":\"\\u00e9\\u20AC\\ud83d\\ude00\",\"\\u0070ath\":\"/p\"}}"),
                     HO_OK);
    expect_slice(f->d.id, "e\"1");
    expect_kv(&f->d.props[0], "s", "a\\b/c\b\f\n\r\t");
    /* U+00E9, U+20AC and U+1F600 (from the pair D83D DE00) in UTF-8. */
    expect_kv(&f->d.props[1], "u", "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
    /* An escaped key is matched unescaped. */
    expect_kv(&f->d.props[2], "path", "/p");
}

static void
test_raw_utf8_text_passes_through_unchanged(void **state)
{
    struct fx *f = *state;
    assert_int_equal(decode(f, "{\"lead\":\"zo\xc3\xab@acme.io\",\"props\":{\"\xc3\xa9t\xc3\xa9\":"
                               "\"\xe2\x82\xac\x7f\"}}"),
                     HO_OK);
    expect_slice(f->d.lead, "zo\xc3\xab@acme.io");
    expect_kv(&f->d.props[0], "\xc3\xa9t\xc3\xa9", "\xe2\x82\xac\x7f");
}

static void
test_nested_props_are_flattened_with_dots(void **state)
{
    struct fx *f = *state;
    assert_int_equal(decode(f, "{\"props\":{\"utm\":{\"source\":\"google\",\"medium\":\"cpc\"},"
                               "\"a\":{\"b\":{\"c\":\"deep\"},\"e\":{}},\"path\":\"/\"},"
                               "\"traits\":{\"geo\":{\"country\":\"US\"}}}"),
                     HO_OK);
    assert_int_equal(f->d.n_props, 4);
    expect_kv(&f->d.props[0], "utm.source", "google");
    expect_kv(&f->d.props[1], "utm.medium", "cpc");
    expect_kv(&f->d.props[2], "a.b.c", "deep"); /* the empty object "e" adds nothing */
    expect_kv(&f->d.props[3], "path", "/");
    assert_int_equal(f->d.n_traits, 1);
    expect_kv(&f->d.traits[0], "geo.country", "US");
}

static void
test_numbers_literals_and_arrays_are_kept_as_written(void **state)
{
    struct fx *f = *state;
    assert_int_equal(decode(f, "{\"props\":{\"amount\":48000.50,\"z\":-0,\"e\":1E+2,"
                               "\"big\":-9223372036854775808,\"t\":true,\"f\":false,\"n\":null,"
                               "\"tags\":[1, \"a\", {\"b\":[]}],\"none\":[]}}"),
                     HO_OK);
    assert_int_equal(f->d.n_props, 9);
    expect_kv(&f->d.props[0], "amount", "48000.50");
    expect_kv(&f->d.props[1], "z", "-0");
    expect_kv(&f->d.props[2], "e", "1E+2");
    expect_kv(&f->d.props[3], "big", "-9223372036854775808");
    expect_kv(&f->d.props[4], "t", "true");
    expect_kv(&f->d.props[5], "f", "false");
    expect_kv(&f->d.props[6], "n", "null");
    expect_kv(&f->d.props[7], "tags", "[1, \"a\", {\"b\":[]}]");
    expect_kv(&f->d.props[8], "none", "[]");
}

static void
test_unknown_top_level_fields_such_as_segments_are_ignored(void **state)
{
    struct fx *f = *state;
    assert_int_equal(decode(f, "{\"messageId\":\"m-1\",\"context\":{\"library\":{\"name\":"
                               "\"analytics.js\"},\"ip\":null},\"integrations\":{},\"userId\":null,"
                               "\"anonymousId\":42,\"id\":\"e\",\"timestamp\":\"x\"}"),
                     HO_OK);
    expect_slice(f->d.id, "e");
    assert_int_equal(f->d.ts.len, 0);
    assert_int_equal(f->d.n_props, 0);
}

static void
test_null_and_empty_known_fields_are_absent(void **state)
{
    struct fx *f = *state;
    assert_int_equal(decode(f, "{\"id\":\"e\",\"lead\":\"\",\"account\":null,\"props\":null,"
                               "\"traits\":{}}"),
                     HO_OK);
    expect_slice(f->d.id, "e");
    assert_int_equal(f->d.lead.len, 0);
    assert_int_equal(f->d.account.len, 0);
    assert_int_equal(f->d.n_props + f->d.n_traits, 0);
}

static void
test_whitespace_around_tokens_is_allowed(void **state)
{
    struct fx *f = *state;
    assert_int_equal(decode(f, " \t{ \"id\" : \"a\" ,\r\"props\" : { \"k\" : [ 1 ] } }\t "), HO_OK);
    expect_slice(f->d.id, "a");
    expect_kv(&f->d.props[0], "k", "[ 1 ]");
}

static void
test_the_draft_stays_valid_until_the_next_line(void **state)
{
    struct fx *f = *state;
    struct ho_event_draft first;
    assert_int_equal(decode(f, "{\"id\":\"e\\u0031\",\"props\":{\"a\":{\"b\":\"x\\ty\"}}}"), HO_OK);
    first = f->d;
    expect_slice(first.id, "e1");
    expect_kv(&first.props[0], "a.b", "x\ty");
}

/*---- wrongly typed fields ----*/

static void
test_a_wrongly_typed_field_names_the_field_and_both_types(void **state)
{
    struct fx *f = *state;
    /* diag->column points at the field's key. */
    expect_error(f, "{\"id\":\"a\",\"ts\":5}", HO_EPARSE,
                 "field 'ts' must be a string, found number", 11);
    expect_error(f, "{\"props\":[1]}", HO_EPARSE, "field 'props' must be an object, found array",
                 2);
    expect_error(f, "{\"lead\":true}", HO_EPARSE, "field 'lead' must be a string, found boolean",
                 2);
    expect_error(f, "{\"traits\":\"x\"}", HO_EPARSE,
                 "field 'traits' must be an object, found string", 2);
    expect_error(f, "{\"type\":{\"a\":1}}", HO_EPARSE,
                 "field 'type' must be a string, found object", 2);
}

static void
test_only_the_first_field_error_is_reported(void **state)
{
    struct fx *f = *state;
    expect_error(f, "{\"ts\":5,\"lead\":[]}", HO_EPARSE,
                 "field 'ts' must be a string, found number", 2);
}

static void
test_broken_json_wins_over_a_field_error(void **state)
{
    struct fx *f = *state;
    expect_error(f, "{\"ts\":5,\"x\":}", HO_EPARSE,
                 "invalid JSON at column 13: expected a value, found '}'", 13);
}

/*---- broken JSON ----*/

static void
test_broken_json_reports_what_was_expected_and_the_column(void **state)
{
    struct fx *f = *state;
    expect_error(f, "{\"id\":\"a\"", HO_EPARSE,
                 "invalid JSON at column 10: expected ',' or '}', found the end of the line", 10);
    expect_error(f, "{\"id\" \"a\"}", HO_EPARSE,
                 "invalid JSON at column 7: expected ':' after the key, found '\"'", 7);
    expect_error(f, "{\"id\":\"a\",}", HO_EPARSE,
                 "invalid JSON at column 11: expected a key, found '}'", 11);
    expect_error(f, "{ 1 }", HO_EPARSE,
                 "invalid JSON at column 3: expected a key or '}', found '1'", 3);
    expect_error(f, "{\"id\":\"a\"} x", HO_EPARSE,
                 "invalid JSON at column 12: expected the end of the line after the object, "
                 "found 'x'",
                 12);
    expect_error(f, "{\"id\":tru}", HO_EPARSE,
                 "invalid JSON at column 7: expected a value, found 't'", 7);
    expect_error(f, "{\"id\":\"a", HO_EPARSE,
                 "invalid JSON at column 9: expected '\"' to close the string, found the end of "
                 "the line",
                 9);
    expect_error(f, "{\"a\":[1 2]}", HO_EPARSE,
                 "invalid JSON at column 9: expected ',' or ']', found '2'", 9);
    expect_error(f, "[{\"id\":\"a\"}]", HO_EPARSE,
                 "invalid JSON at column 1: expected '{' (each line holds one JSON object), found "
                 "'['",
                 1);
    expect_error(f, "", HO_EPARSE,
                 "invalid JSON at column 1: expected '{' (each line holds one JSON object), found "
                 "the end of the line",
                 1);
}

static void
test_malformed_numbers_are_rejected(void **state)
{
    struct fx *f = *state;
    expect_error(f, "{\"a\":01}", HO_EPARSE,
                 "invalid JSON at column 7: expected ',' or '}', found '1'", 7);
    expect_error(f, "{\"a\":-}", HO_EPARSE, "invalid JSON at column 7: expected a digit, found '}'",
                 7);
    expect_error(f, "{\"a\":1.}", HO_EPARSE,
                 "invalid JSON at column 8: expected a digit after the decimal point, found '}'",
                 8);
    expect_error(f, "{\"a\":1e+}", HO_EPARSE,
                 "invalid JSON at column 9: expected a digit in the exponent, found '}'", 9);
    expect_error(f, "{\"a\":+1}", HO_EPARSE,
                 "invalid JSON at column 6: expected a value, found '+'", 6);
}

static void
test_numbers_out_of_jansson_range_are_rejected(void **state)
{
    struct fx *f = *state;
    expect_error(f, "{\"a\":-9223372036854775809}", HO_EPARSE,
                 "invalid JSON at column 6: integer out of range (beyond 64 bits)", 6);
    expect_error(f, "{\"a\":1.7976931348623159e308}", HO_EPARSE,
                 "invalid JSON at column 6: number out of range (overflows a double)", 6);
    expect_error(f, "{\"a\":1e309}", HO_EPARSE,
                 "invalid JSON at column 6: number out of range (overflows a double)", 6);
    /* The largest double, an equal spelling of it, and an underflow are fine. */
    assert_int_equal(decode(f, "{\"a\":1.7976931348623157e308,\"b\":0.17976931348623157e309,"
                               "\"c\":1e-400,\"d\":9223372036854775807}"),
                     HO_OK);
}

static void
test_bad_strings_are_rejected(void **state)
{
    struct fx *f = *state;
    expect_error(f, "{\"a\":\"\\x\"}", HO_EPARSE,
                 "invalid JSON at column 7: invalid escape: expected one of \"\\/bfnrtu after "
                 "'\\', found 'x'",
                 7);
    expect_error(f, "{\"a\":\"\\u12G4\"}", HO_EPARSE,
                 "invalid JSON at column 7: invalid escape '\\u' (expected four hex digits)", 7);
    expect_error(f, "{\"a\":\"x\ty\"}", HO_EPARSE,
                 "invalid JSON at column 8: control character 0x09 in a string (write it as an "
                 "escape)",
                 8);
    expect_error(f, "{\"a\":\"\\u0000\"}", HO_EPARSE,
                 "invalid JSON at column 7: '\\u0000' is not allowed in a string", 7);
    expect_error(f, "{\"a\":\"\\udc00\"}", HO_EPARSE,
                 "invalid JSON at column 7: unpaired UTF-16 surrogate '\\uDC00'", 7);
    expect_error(f, "{\"a\":\"\\ud800\\u0041\"}", HO_EPARSE,
                 "invalid JSON at column 7: unpaired UTF-16 surrogate '\\uD800'", 7);
}

static void
test_invalid_utf8_is_rejected(void **state)
{
    struct fx *f = *state;
    expect_error(f, "{\"a\":\"\xff\"}", HO_EPARSE,
                 "invalid JSON at column 7: invalid UTF-8 byte 0xff", 7);
    /* An overlong "/" and an encoded surrogate are not UTF-8 either. */
    expect_error(f, "{\"a\":\"\xc0\xaf\"}", HO_EPARSE,
                 "invalid JSON at column 7: invalid UTF-8 byte 0xc0", 7);
    expect_error(f, "{\"a\":\"\xed\xa0\x80\"}", HO_EPARSE,
                 "invalid JSON at column 7: invalid UTF-8 byte 0xed", 7);
}

static void
test_columns_count_characters_not_bytes(void **state)
{
    struct fx *f = *state;
    /* "{"név":1," is 9 characters (10 bytes); the '}' is character 10, byte 11. */
    expect_error(f, "{\"n\xc3\xa9v\":1,}", HO_EPARSE,
                 "invalid JSON at column 10: expected a key, found '}'", 10);
}

static void
test_duplicate_keys_are_rejected_at_any_depth(void **state)
{
    struct fx *f = *state;
    expect_error(f, "{\"a\":1,\"b\":2,\"a\":3}", HO_EPARSE,
                 "invalid JSON at column 14: duplicate key 'a'", 14);
    expect_error(f, "{\"id\":\"x\",\"\\u0069d\":\"y\"}", HO_EPARSE,
                 "invalid JSON at column 11: duplicate key 'id'", 11);
    /* Inside an ignored field, and in a large object (checked by sorting). */
    expect_error(f, "{\"context\":{\"k\":{\"a\":1,\"a\":1}}}", HO_EPARSE,
                 "invalid JSON at column 24: duplicate key 'a'", 24);
    expect_error(
        f,
        "{\"k1\":1,\"k2\":1,\"k3\":1,\"k4\":1,\"k5\":1,\"k6\":1,\"k7\":1,\"k8\":1,\"k9\":1,"
        "\"k3\":1,\"k2\":1}",
        HO_EPARSE, "invalid JSON at column 65: duplicate key 'k3'", 65);
}

/*---- limits ----*/

static void
test_nesting_deeper_than_32_levels_is_a_limit_error(void **state)
{
    struct fx *f = *state;
    char line[128];
    /* {"x": then 31 arrays: levels 2..32, accepted. */
    (void)snprintf(line, sizeof(line), "{\"x\":%.*s%.*s}", 31, "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
                   31, "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]");
    assert_int_equal(decode(f, line), HO_OK);
    /* 32 arrays: the last '[' (character 37) opens level 33. */
    (void)snprintf(line, sizeof(line), "{\"x\":%.*s%.*s}", 32, "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
                   32, "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]");
    expect_error(f, line, HO_ELIMIT, "nesting deeper than 32 levels at column 37", 37);
}

static const char *
many_props(struct fx *f, int n_props, int n_traits)
{
    ho_buf_reset(&f->buf);
    ho_buf_adds(&f->buf, "{\"props\":{");
    for (int i = 0; i < n_props; i++)
        ho_buf_printf(&f->buf, "%s\"p%d\":%d", i ? "," : "", i, i);
    ho_buf_adds(&f->buf, "},\"traits\":{");
    for (int i = 0; i < n_traits; i++)
        ho_buf_printf(&f->buf, "%s\"t%d\":\"v\"", i ? "," : "", i);
    ho_buf_adds(&f->buf, "}}");
    return ho_buf_cstr(&f->buf);
}

static void
test_more_than_256_props_and_traits_is_a_limit_error(void **state)
{
    struct fx *f = *state;
    assert_int_equal(decode(f, many_props(f, 200, 56)), HO_OK);
    assert_int_equal(f->d.n_props, 200);
    assert_int_equal(f->d.n_traits, 56);
    expect_kv(&f->d.traits[55], "t55", "v");
    expect_error(f, many_props(f, 257, 0), HO_ELIMIT,
                 "field 'props': more than 256 props and traits", 0);
    expect_error(f, many_props(f, 200, 57), HO_ELIMIT,
                 "field 'traits': more than 256 props and traits", 0);
}

static void
test_a_flattened_key_longer_than_the_limit_is_a_limit_error(void **state)
{
    struct fx *f = *state;
    ho_buf_reset(&f->buf);
    ho_buf_adds(&f->buf, "{\"props\":{\"");
    for (int i = 0; i < 65530; i++)
        ho_buf_addc(&f->buf, 'k');
    ho_buf_adds(&f->buf, "\":{\"bbbbb\":1}}}"); /* 65530 + 1 + 5 = 65536 bytes: fits */
    assert_int_equal(decode_n(f, f->buf.ptr, f->buf.len), HO_OK);
    assert_int_equal(f->d.props[0].key.len, 65536);
    ho_buf_reset(&f->buf);
    ho_buf_adds(&f->buf, "{\"props\":{\"");
    for (int i = 0; i < 65530; i++)
        ho_buf_addc(&f->buf, 'k');
    ho_buf_adds(&f->buf, "\":{\"bbbbbb\":1}}}");
    assert_int_equal(decode_n(f, f->buf.ptr, f->buf.len), HO_ELIMIT);
    assert_string_equal(f->diag.msg, "field 'props': a key is longer than 65536 bytes");
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_the_design_example_maps_onto_a_draft),
        T(test_identify_traits_and_top_level_channel_and_campaign_are_read),
        T(test_string_escapes_are_unescaped_including_surrogate_pairs),
        T(test_raw_utf8_text_passes_through_unchanged),
        T(test_nested_props_are_flattened_with_dots),
        T(test_numbers_literals_and_arrays_are_kept_as_written),
        T(test_unknown_top_level_fields_such_as_segments_are_ignored),
        T(test_null_and_empty_known_fields_are_absent),
        T(test_whitespace_around_tokens_is_allowed),
        T(test_the_draft_stays_valid_until_the_next_line),
        T(test_a_wrongly_typed_field_names_the_field_and_both_types),
        T(test_only_the_first_field_error_is_reported),
        T(test_broken_json_wins_over_a_field_error),
        T(test_broken_json_reports_what_was_expected_and_the_column),
        T(test_malformed_numbers_are_rejected),
        T(test_numbers_out_of_jansson_range_are_rejected),
        T(test_bad_strings_are_rejected),
        T(test_invalid_utf8_is_rejected),
        T(test_columns_count_characters_not_bytes),
        T(test_duplicate_keys_are_rejected_at_any_depth),
        T(test_nesting_deeper_than_32_levels_is_a_limit_error),
        T(test_more_than_256_props_and_traits_is_a_limit_error),
        T(test_a_flattened_key_longer_than_the_limit_is_a_limit_error),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
