/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/ingest/test_jsonl_differential.c - the fast scanner against the
 * jansson decoder, on every line of every JSONL fixture and on every input of
 * the fuzz_json_event corpus: both accept with the same draft, or both
 * reject (and field errors, which both word alike, read the same).
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/xalloc.h"
#include "core/event.h"
#include "support/json_event.h"
#include "ingest/event_map.h"

struct pair {
    struct ho_event_decoder *scan;
    struct ho_json_event_decoder *ref;
    size_t inputs, accepted, rejected;
};

static int
setup(void **state)
{
    static struct pair p;
    p.scan = ho_event_decoder_new();
    p.ref = ho_json_event_decoder_new();
    p.inputs = p.accepted = p.rejected = 0;
    *state = &p;
    return 0;
}

static int
teardown(void **state)
{
    struct pair *p = *state;
    ho_event_decoder_free(p->scan);
    ho_json_event_decoder_free(p->ref);
    return 0;
}

/* Decode one input with both decoders and require agreement. */
static void
compare(struct pair *p, const char *text, size_t len, const char *where)
{
    struct ho_event_draft a;
    struct ho_event_draft b;
    struct ho_diag da;
    struct ho_diag db;
    char why[1024];
    ho_diag_clear(&da);
    ho_diag_clear(&db);
    ho_rc ra = ho_event_decode(p->scan, text, len, &a, &da);
    ho_rc rb = ho_json_event_decode(p->ref, text, len, &b, &db);
    p->inputs++;
    if ((ra == HO_OK) != (rb == HO_OK))
        fail_msg("%s: scanner %s (%s), jansson %s (%s)", where, ho_rc_str(ra), da.msg,
                 ho_rc_str(rb), db.msg);
    if (ra != HO_OK) {
        p->rejected++;
        if (strncmp(db.msg, "field '", 7) == 0 && strcmp(da.msg, db.msg) != 0)
            fail_msg("%s: field errors differ: '%s' against '%s'", where, da.msg, db.msg);
        if (strncmp(db.msg, "field '", 7) == 0)
            assert_int_equal(ra, rb);
        return;
    }
    p->accepted++;
    if (!ho_json_event_same(&a, &b, why, sizeof(why)))
        fail_msg("%s: drafts differ: %s", where, why);
}

static char *
read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    char *buf = ho_xmalloc((size_t)n + 1);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    (void)fclose(f);
    *len = (size_t)n;
    return buf;
}

static bool
has_suffix(const char *name, const char *suffix)
{
    size_t n = strlen(name);
    size_t m = strlen(suffix);
    return n >= m && strcmp(name + n - m, suffix) == 0;
}

/* Compare every line of the file (a trailing "\r" removed, as the reader does). */
static void
compare_lines(struct pair *p, const char *path)
{
    size_t len = 0;
    size_t lineno = 0;
    char *buf = read_all(path, &len);
    char where[1100];
    const char *s = buf;
    const char *end = buf + len;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl != NULL ? (size_t)(nl - s) : (size_t)(end - s);
        (void)snprintf(where, sizeof(where), "%s:%zu", path, ++lineno);
        compare(p, s, n > 0 && s[n - 1] == '\r' ? n - 1 : n, where);
        s += n + 1;
    }
    ho_xfree(buf);
}

static size_t
for_each_file(struct pair *p, const char *dir, const char *suffix, bool by_line)
{
    char path[1024];
    size_t files = 0;
    DIR *d = opendir(dir);
    assert_non_null(d);
    for (struct dirent *e = readdir(d); e != NULL; e = readdir(d)) {
        if (e->d_name[0] == '.' || !has_suffix(e->d_name, suffix))
            continue;
        (void)snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        if (by_line) {
            compare_lines(p, path);
        } else {
            size_t len;
            char *buf = read_all(path, &len);
            compare(p, buf, len, path);
            ho_xfree(buf);
        }
        files++;
    }
    closedir(d);
    return files;
}

static void
test_scanner_and_jansson_agree_on_every_fixture_line(void **state)
{
    struct pair *p = *state;
    size_t files = for_each_file(p, HO_SOURCE_DIR "/tests/fixtures/ingest", ".jsonl", true);
    assert_true(files >= 5);
    /* The edge-case file alone has 102 lines, both accepted and rejected ones. */
    assert_true(p->inputs >= 130);
    assert_true(p->accepted >= 40);
    assert_true(p->rejected >= 60);
}

static void
test_scanner_and_jansson_agree_on_the_fuzz_corpus(void **state)
{
    struct pair *p = *state;
    size_t files = for_each_file(p, HO_SOURCE_DIR "/tests/fuzz/corpus/fuzz_json_event", "", false);
    assert_true(files >= 10);
}

static void
test_numbers_and_arrays_differ_only_in_spelling(void **state)
{
    struct pair *p = *state;
    static const char line[] =
        "{\"props\":{\"a\":1.50,\"b\":-0,\"c\":1E+2,\"d\":[1, \"\\u00e9\"]}}";
    struct ho_event_draft a;
    struct ho_event_draft b;
    assert_int_equal(ho_event_decode(p->scan, line, sizeof(line) - 1, &a, NULL), HO_OK);
    assert_int_equal(ho_json_event_decode(p->ref, line, sizeof(line) - 1, &b, NULL), HO_OK);
    /* The scanner keeps the text as written ... */
    assert_memory_equal(a.props[0].val.ptr, "1.50", 4);
    assert_memory_equal(a.props[1].val.ptr, "-0", 2);
    assert_memory_equal(a.props[2].val.ptr, "1E+2", 4);
    assert_int_equal(a.props[3].val.len, 13);
    assert_memory_equal(a.props[3].val.ptr, "[1, \"\\u00e9\"]", 13);
    /* ... jansson canonicalises it ... */
    assert_int_equal(b.props[0].val.len, 3);
    assert_memory_equal(b.props[0].val.ptr, "1.5", 3);
    assert_memory_equal(b.props[1].val.ptr, "0", 1);
    assert_int_equal(b.props[3].val.len, 8);
    assert_memory_equal(b.props[3].val.ptr, "[1,\"\xc3\xa9\"]", 8);
    /* ... and the two still count as the same event. */
    assert_true(ho_json_event_same(&a, &b, NULL, 0));
}

static void
test_a_real_difference_is_reported(void **state)
{
    struct pair *p = *state;
    static const char l1[] = "{\"id\":\"a\",\"props\":{\"x\":1}}";
    static const char l2[] = "{\"id\":\"a\",\"props\":{\"x\":2}}";
    struct ho_event_draft a;
    struct ho_event_draft b;
    char why[256];
    assert_int_equal(ho_event_decode(p->scan, l1, sizeof(l1) - 1, &a, NULL), HO_OK);
    assert_int_equal(ho_json_event_decode(p->ref, l2, sizeof(l2) - 1, &b, NULL), HO_OK);
    assert_false(ho_json_event_same(&a, &b, why, sizeof(why)));
    assert_string_equal(why, "props[0]: 'x'='1' against 'x'='2'");
}

static void
test_a_nul_byte_after_a_number_is_rejected_by_both_decoders(void **state)
{
    struct pair *p = *state;
    /* Found by fuzz_json_event: jansson 2.14 alone would accept this. */
    static const char line[] = "{\"id'\":5\0}";
    struct ho_event_draft d;
    struct ho_diag diag;
    ho_diag_clear(&diag);
    assert_int_equal(ho_json_event_decode(p->ref, line, sizeof(line) - 1, &d, &diag), HO_EPARSE);
    assert_string_equal(diag.msg, "invalid JSON at column 9: NUL byte");
    assert_int_equal(ho_event_decode(p->scan, line, sizeof(line) - 1, &d, &diag), HO_EPARSE);
    assert_string_equal(diag.msg, "invalid JSON at column 9: expected ',' or '}', found byte 0x00");
    compare(p, line, sizeof(line) - 1, "nul after number");
}

static void
test_an_empty_first_prop_key_decodes_alike_and_is_left_to_validation(void **state)
{
    struct pair *p = *state;
    /* Found by fuzz_json_event (UBSan: arithmetic on a NULL scratch buffer). */
    static const char line[] = "{\"props\":{\"\":\"sam\",\"need\":true}}";
    struct ho_event_draft d;
    compare(p, line, sizeof(line) - 1, "empty first key");
    assert_int_equal(ho_json_event_decode(p->ref, line, sizeof(line) - 1, &d, NULL), HO_OK);
    assert_int_equal(d.n_props, 2);
    assert_int_equal(d.props[0].key.len, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_scanner_and_jansson_agree_on_every_fixture_line, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_scanner_and_jansson_agree_on_the_fuzz_corpus, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_numbers_and_arrays_differ_only_in_spelling, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_real_difference_is_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_nul_byte_after_a_number_is_rejected_by_both_decoders,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_an_empty_first_prop_key_decodes_alike_and_is_left_to_validation, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
