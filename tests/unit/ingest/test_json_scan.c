/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/ingest/test_json_scan.c - the generic JSON scanner on its own,
 * with a mapping other than the event one (a future HTTP body, a config
 * object): members reach the callback in document order with their values,
 * and the JSON rules (duplicates, depth, syntax) hold for any caller.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ingest/json_scan.h"

/* Records "key=value;" for string members and "key=<raw text>;" for the
 * others, into a fixed buffer. */
struct seen {
    struct ho_json_scan js; /* first: the callback's scanner is this */
    char text[256];
    size_t len;
};

static void
seen_add(struct seen *s, const char *p, size_t n)
{
    assert_true(s->len + n < sizeof(s->text));
    memcpy(s->text + s->len, p, n);
    s->len += n;
    s->text[s->len] = '\0';
}

static ho_rc
record(struct ho_json_scan *js, unsigned depth, struct ho_json_span key, size_t key_pos,
       const void *ctx)
{
    struct seen *s = (struct seen *)js;
    struct ho_json_span val;
    size_t start = js->pos;
    ho_rc rc;
    (void)key_pos;
    (void)ctx;
    seen_add(s, ho_json_resolve(js, key), key.len);
    seen_add(s, "=", 1);
    if (ho_json_peek(js) == '"') {
        rc = ho_json_scan_string(js, &val);
    } else {
        rc = ho_json_skip_value(js, depth);
        val = ho_json_text_span(start, js->pos - start);
    }
    if (rc == HO_OK) {
        seen_add(s, ho_json_resolve(js, val), val.len);
        seen_add(s, ";", 1);
    }
    return rc;
}

static ho_rc
scan(struct seen *s, struct ho_json_buffers *buf, const char *text, struct ho_diag *diag)
{
    memset(s->text, 0, sizeof(s->text));
    s->len = 0;
    ho_diag_clear(diag);
    ho_json_scan_begin(&s->js, buf, text, strlen(text), diag);
    ho_json_skip_ws(&s->js);
    return ho_json_parse_object(&s->js, 1, record, NULL);
}

/* Escapes are decoded ("\u00e9" is the two bytes of é), other values come as
 * written, nested containers are checked and handed over whole. */
static void
test_members_reach_the_callback_in_order(void **state)
{
    (void)state;
    struct seen s;
    struct ho_json_buffers buf = { 0 };
    struct ho_diag diag;
    assert_int_equal(
        scan(&s, &buf, " {\"a\":\"x\\u00e9\", \"n\":1.50, \"o\":{\"k\":[1,2]}}", &diag), HO_OK);
    assert_string_equal(s.text, "a=x\xc3\xa9;n=1.50;o={\"k\":[1,2]};");
    ho_json_buffers_release(&buf);
}

/* {"a":1,"b":2,"a":3}: the second "a" opens at byte 13, column 14. */
static void
test_duplicate_keys_are_rejected_for_any_caller(void **state)
{
    (void)state;
    struct seen s;
    struct ho_json_buffers buf = { 0 };
    struct ho_diag diag;
    assert_int_equal(scan(&s, &buf, "{\"a\":1,\"b\":2,\"a\":3}", &diag), HO_EPARSE);
    assert_string_equal(diag.msg, "invalid JSON at column 14: duplicate key 'a'");
    assert_int_equal(diag.column, 14);
    ho_json_buffers_release(&buf);
}

/* 33 nested arrays inside the object: level 34 > HO_JSON_MAX_DEPTH. */
static void
test_nesting_is_bounded_for_any_caller(void **state)
{
    (void)state;
    char text[128] = "{\"a\":";
    size_t n = strlen(text);
    for (int i = 0; i < 33; i++)
        text[n++] = '[';
    for (int i = 0; i < 33; i++)
        text[n++] = ']';
    text[n++] = '}';
    text[n] = '\0';
    struct seen s;
    struct ho_json_buffers buf = { 0 };
    struct ho_diag diag;
    assert_int_equal(scan(&s, &buf, text, &diag), HO_ELIMIT);
    assert_non_null(strstr(diag.msg, "nesting deeper than 32 levels"));
    ho_json_buffers_release(&buf);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_members_reach_the_callback_in_order),
        cmocka_unit_test(test_duplicate_keys_are_rejected_for_any_caller),
        cmocka_unit_test(test_nesting_is_bounded_for_any_caller),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
