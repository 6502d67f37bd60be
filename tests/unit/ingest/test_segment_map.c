/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/ingest/test_segment_map.c - the Segment / RudderStack message
 * mapping (ingest/segment_map.h): every field, the clock-skew correction,
 * the track table, and each rejection with its exact reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/event.h"
#include "ingest/segment_map.h"

struct fx {
    struct ho_segment_decoder *dec;
    struct ho_event_draft d;
    struct ho_diag diag;
};

static int
setup(void **state)
{
    static struct fx f;
    memset(&f, 0, sizeof(f));
    f.dec = ho_segment_decoder_new();
    *state = &f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;
    ho_segment_decoder_free(f->dec);
    return 0;
}

static ho_rc
decode(struct fx *f, const char *line)
{
    ho_diag_clear(&f->diag);
    return ho_segment_decode(f->dec, NULL, line, strlen(line), &f->d, &f->diag);
}

static void
assert_slice(struct ho_slice s, const char *want)
{
    if (want == NULL) {
        assert_int_equal(s.len, 0);
        return;
    }
    char got[256];
    assert_true(s.len < sizeof(got));
    memcpy(got, s.ptr, s.len);
    got[s.len] = '\0';
    assert_string_equal(got, want);
}

/* The value of key in kv[0..n), or NULL. */
static const struct ho_draft_kv *
find(const struct ho_draft_kv *kv, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++) {
        if (kv[i].key.len == strlen(key) && memcmp(kv[i].key.ptr, key, kv[i].key.len) == 0)
            return &kv[i];
    }
    return NULL;
}

static void
assert_kv(const struct ho_draft_kv *kv, size_t n, const char *key, const char *want)
{
    const struct ho_draft_kv *p = find(kv, n, key);
    assert_non_null(p);
    assert_slice(p->val, want);
}

static void
identify_maps_ids_and_traits(void **state)
{
    struct fx *f = *state;
    assert_int_equal(decode(f,
                            "{\"messageId\":\"m1\",\"type\":\"identify\",\"userId\":\"ana@x.io\","
                            "\"anonymousId\":\"a-1\",\"timestamp\":\"2026-03-02T14:05:00Z\","
                            "\"traits\":{\"title\":\"VP\",\"company\":{\"name\":\"X\"}}}"),
                     HO_OK);
    assert_slice(f->d.id, "m1");
    assert_slice(f->d.type, "identify");
    assert_slice(f->d.lead, "ana@x.io");
    assert_slice(f->d.anonymous, "a-1");
    assert_slice(f->d.ts, "2026-03-02T14:05:00Z");
    assert_int_equal(f->d.n_traits, 2);
    assert_kv(f->d.traits, f->d.n_traits, "title", "VP");
    assert_kv(f->d.traits, f->d.n_traits, "company.name", "X");
    assert_int_equal(f->d.n_props, 0);
}

static void
context_traits_and_group_id(void **state)
{
    struct fx *f = *state;
    /* RudderStack puts identify traits in context.traits; context.groupId
     * names the account of a non-group call. */
    assert_int_equal(decode(f, "{\"messageId\":\"m2\",\"type\":\"identify\",\"userId\":\"bo\","
                               "\"timestamp\":\"2026-03-02T14:05:00Z\",\"context\":{\"traits\":"
                               "{\"title\":\"Engineer\"},\"groupId\":\"beta.io\"}}"),
                     HO_OK);
    assert_kv(f->d.traits, f->d.n_traits, "title", "Engineer");
    assert_slice(f->d.account, "beta.io");
}

static void
group_sets_account(void **state)
{
    struct fx *f = *state;
    assert_int_equal(decode(f, "{\"messageId\":\"g\",\"type\":\"group\",\"userId\":\"u\","
                               "\"groupId\":\"acme.io\",\"context\":{\"groupId\":\"other\"},"
                               "\"timestamp\":\"2026-03-02T14:05:00Z\",\"traits\":"
                               "{\"employees\":120}}"),
                     HO_OK);
    assert_slice(f->d.type, "group");
    assert_slice(f->d.account, "acme.io"); /* groupId wins over context.groupId */
    assert_kv(f->d.traits, f->d.n_traits, "employees", "120");
}

static void
page_and_screen_are_page_views_with_utm(void **state)
{
    struct fx *f = *state;
    assert_int_equal(decode(f, "{\"messageId\":\"p\",\"type\":\"page\",\"anonymousId\":\"a\","
                               "\"timestamp\":\"2026-03-02T14:05:00Z\",\"properties\":{\"path\":"
                               "\"/pricing\"},\"context\":{\"campaign\":{\"source\":\"google\","
                               "\"medium\":\"cpc\",\"name\":\"spring\",\"term\":\"crm\","
                               "\"content\":\"ad1\",\"custom\":\"x\"}}}"),
                     HO_OK);
    assert_slice(f->d.type, "page_view");
    assert_slice(f->d.lead, NULL);
    assert_slice(f->d.campaign, "spring");
    assert_slice(f->d.channel, NULL); /* normalised from utm_* by the definitions */
    assert_int_equal(f->d.n_props, 6);
    assert_kv(f->d.props, f->d.n_props, "path", "/pricing");
    assert_kv(f->d.props, f->d.n_props, "utm_source", "google");
    assert_kv(f->d.props, f->d.n_props, "utm_medium", "cpc");
    assert_kv(f->d.props, f->d.n_props, "utm_campaign", "spring");
    assert_kv(f->d.props, f->d.n_props, "utm_term", "crm");
    assert_kv(f->d.props, f->d.n_props, "utm_content", "ad1");
    assert_int_equal(decode(f, "{\"messageId\":\"s\",\"type\":\"screen\",\"userId\":\"u\","
                               "\"timestamp\":\"2026-03-02T14:05:00Z\"}"),
                     HO_OK);
    assert_slice(f->d.type, "page_view");
}

static void
track_table_and_unknown_names(void **state)
{
    struct fx *f = *state;
    assert_int_equal(decode(f,
                            "{\"messageId\":\"t\",\"type\":\"track\",\"event\":\"Demo Requested\","
                            "\"userId\":\"u\",\"timestamp\":\"2026-03-02T14:05:00Z\","
                            "\"properties\":{\"plan\":\"team\"}}"),
                     HO_OK);
    assert_slice(f->d.type, "form_submit");
    assert_int_equal(f->d.n_props, 2);
    assert_kv(f->d.props, f->d.n_props, "form", "demo");
    assert_kv(f->d.props, f->d.n_props, "plan", "team");
    assert_int_equal(decode(f, "{\"messageId\":\"t\",\"type\":\"track\",\"event\":\"Signed Up\","
                               "\"userId\":\"u\",\"timestamp\":\"2026-03-02T14:05:00Z\"}"),
                     HO_OK);
    assert_slice(f->d.type, "trial_signup");
    assert_int_equal(decode(f, "{\"messageId\":\"t\",\"type\":\"track\",\"event\":\"Email Opened\","
                               "\"userId\":\"u\",\"timestamp\":\"2026-03-02T14:05:00Z\"}"),
                     HO_OK);
    assert_slice(f->d.type, "email_open");
    /* Not in the table: kept as written (DESIGN: unknown types are stored). */
    assert_int_equal(decode(f, "{\"messageId\":\"t\",\"type\":\"track\",\"event\":\"Tour Viewed\","
                               "\"userId\":\"u\",\"timestamp\":\"2026-03-02T14:05:00Z\"}"),
                     HO_OK);
    assert_slice(f->d.type, "Tour Viewed");
    assert_int_equal(f->d.n_props, 0);
}

static void
own_fields_win_over_context(void **state)
{
    struct fx *f = *state;
    /* properties.utm_source beats context.campaign.source; traits.title
     * beats context.traits.title; Demo Requested's form=demo beats
     * properties.form.  Each key appears once (the event log refuses a
     * repeated key). */
    assert_int_equal(decode(f,
                            "{\"context\":{\"traits\":{\"title\":\"old\",\"plan\":\"pro\"},"
                            "\"campaign\":{\"source\":\"google\",\"medium\":\"cpc\"}},"
                            "\"messageId\":\"w\",\"type\":\"track\",\"event\":\"Demo Requested\","
                            "\"userId\":\"u\",\"timestamp\":\"2026-03-02T14:05:00Z\","
                            "\"properties\":{\"utm_source\":\"bing\",\"form\":\"footer\"},"
                            "\"traits\":{\"title\":\"VP\"}}"),
                     HO_OK);
    assert_int_equal(f->d.n_props, 3);
    assert_kv(f->d.props, f->d.n_props, "utm_source", "bing");
    assert_kv(f->d.props, f->d.n_props, "utm_medium", "cpc");
    assert_kv(f->d.props, f->d.n_props, "form", "demo");
    assert_int_equal(f->d.n_traits, 2);
    assert_kv(f->d.traits, f->d.n_traits, "title", "VP");
    assert_kv(f->d.traits, f->d.n_traits, "plan", "pro");
}

static void
alias_links_previous_id(void **state)
{
    struct fx *f = *state;
    assert_int_equal(decode(f, "{\"messageId\":\"al\",\"type\":\"alias\",\"previousId\":\"r-300\","
                               "\"anonymousId\":\"r-200\",\"userId\":\"bo\","
                               "\"timestamp\":\"2026-03-02T14:05:00Z\"}"),
                     HO_OK);
    assert_slice(f->d.type, "alias");
    assert_slice(f->d.lead, "bo");
    assert_slice(f->d.anonymous, "r-300");
}

static void
clock_skew_correction(void **state)
{
    struct fx *f = *state;
    /* No timestamp: receivedAt - (sentAt - originalTimestamp)
     *   = 14:09:35 - (14:09:05 - 14:09:00) = 14:09:30. */
    assert_int_equal(decode(f,
                            "{\"messageId\":\"k\",\"type\":\"track\",\"event\":\"x\","
                            "\"userId\":\"u\",\"originalTimestamp\":\"2026-03-02T14:09:00.000Z\","
                            "\"sentAt\":\"2026-03-02T14:09:05.000Z\","
                            "\"receivedAt\":\"2026-03-02T14:09:35.000Z\"}"),
                     HO_OK);
    assert_slice(f->d.ts, "2026-03-02T14:09:30Z");
    /* A client clock 60 s ahead: 09:59:01.5 - (10:00:01 - 10:00:00) = 09:59:00.5. */
    assert_int_equal(decode(f, "{\"messageId\":\"k\",\"type\":\"page\",\"userId\":\"u\","
                               "\"originalTimestamp\":\"2026-03-03T10:00:00.000Z\","
                               "\"sentAt\":\"2026-03-03T10:00:01.000Z\","
                               "\"receivedAt\":\"2026-03-03T09:59:01.500Z\"}"),
                     HO_OK);
    assert_slice(f->d.ts, "2026-03-03T09:59:00.500Z");
    /* Without sentAt the original time is kept as written. */
    assert_int_equal(decode(f, "{\"messageId\":\"k\",\"type\":\"page\",\"userId\":\"u\","
                               "\"originalTimestamp\":\"2026-03-03T10:00:00.000Z\","
                               "\"receivedAt\":\"2026-03-03T09:59:01.500Z\"}"),
                     HO_OK);
    assert_slice(f->d.ts, "2026-03-03T10:00:00.000Z");
    /* timestamp is already corrected: it wins. */
    assert_int_equal(decode(f, "{\"messageId\":\"k\",\"type\":\"page\",\"userId\":\"u\","
                               "\"timestamp\":\"2026-03-03T11:00:00Z\","
                               "\"originalTimestamp\":\"2026-03-03T10:00:00.000Z\","
                               "\"sentAt\":\"2026-03-03T10:00:01.000Z\","
                               "\"receivedAt\":\"2026-03-03T09:59:01.500Z\"}"),
                     HO_OK);
    assert_slice(f->d.ts, "2026-03-03T11:00:00Z");
}

static void
expect_reject(struct fx *f, const char *line, ho_rc rc, const char *msg)
{
    assert_int_equal(decode(f, line), rc);
    assert_string_equal(f->diag.msg, msg);
    assert_slice(f->d.id, NULL);
    assert_slice(f->d.type, NULL);
}

static void
rejections(void **state)
{
    struct fx *f = *state;
    expect_reject(f, "{\"type\":\"page\",\"userId\":\"u\",\"timestamp\":\"2026-03-02T14:05:00Z\"}",
                  HO_EPARSE, "missing field 'messageId'");
    expect_reject(f,
                  "{\"messageId\":\"m\",\"userId\":\"u\",\"timestamp\":\"2026-03-02T14:05:00Z\"}",
                  HO_EPARSE, "missing field 'type'");
    expect_reject(f,
                  "{\"messageId\":\"m\",\"type\":\"track\",\"userId\":\"u\","
                  "\"timestamp\":\"2026-03-02T14:05:00Z\"}",
                  HO_EPARSE, "track without 'event'");
    expect_reject(f,
                  "{\"messageId\":\"m\",\"type\":\"merge\",\"userId\":\"u\","
                  "\"timestamp\":\"2026-03-02T14:05:00Z\"}",
                  HO_EPARSE, "unknown Segment type 'merge'");
    expect_reject(f, "{\"messageId\":\"m\",\"type\":\"page\",\"userId\":\"u\"}", HO_EPARSE,
                  "no timestamp or originalTimestamp");
    expect_reject(f,
                  "{\"messageId\":\"m\",\"type\":\"page\",\"userId\":42,"
                  "\"timestamp\":\"2026-03-02T14:05:00Z\"}",
                  HO_EPARSE, "field 'userId' must be a string, found number");
    expect_reject(f,
                  "{\"messageId\":\"m\",\"type\":\"page\",\"userId\":\"u\","
                  "\"properties\":[1],\"timestamp\":\"2026-03-02T14:05:00Z\"}",
                  HO_EPARSE, "field 'properties' must be an object, found array");
    assert_int_equal(decode(f, "{\"messageId\":\"m\",\"type\":\"page\",\"userId\":\"u\","
                               "\"timestamp\":\"yesterday\"}"),
                     HO_EPARSE);
    assert_true(strncmp(f->diag.msg, "field 'timestamp': ", 19) == 0);
    assert_int_equal(decode(f, "{\"messageId\":\"m\",\"type\":\"page\",\"userId\":\"u\","
                               "\"originalTimestamp\":\"2026-03-03T10:00:00Z\","
                               "\"sentAt\":\"soon\",\"receivedAt\":\"2026-03-03T10:00:00Z\"}"),
                     HO_EPARSE);
    assert_true(strncmp(f->diag.msg, "field 'sentAt': ", 16) == 0);
    assert_int_equal(decode(f, "{\"messageId\":\"m\""), HO_EPARSE);
    assert_true(strncmp(f->diag.msg, "invalid JSON at column", 22) == 0);
    /* Found by fuzz_segment_map: the correction may leave the valid range. */
    expect_reject(f,
                  "{\"messageId\":\"m\",\"type\":\"page\",\"userId\":\"u\","
                  "\"originalTimestamp\":\"2026-03-03T10:00:00Z\","
                  "\"sentAt\":\"2026-03-03T10:00:05Z\",\"receivedAt\":\"1970-01-01T00:00:00Z\"}",
                  HO_EPARSE,
                  "the skew-corrected time receivedAt - (sentAt - originalTimestamp) "
                  "is outside 1970-9999");
}

/* A message with n properties p0..p(n-1), nested one level under "o" when
 * nested; context.campaign adds utm_source.  Owned by the caller. */
static char *
many_props(size_t n, bool nested)
{
    size_t cap = 256 + n * 16;
    char *b = malloc(cap);
    assert_non_null(b);
    size_t len = (size_t)snprintf(b, cap,
                                  "{\"messageId\":\"m\",\"type\":\"page\",\"userId\":\"u\","
                                  "\"timestamp\":\"2026-03-02T14:05:00Z\",\"properties\":{%s",
                                  nested ? "\"o\":{" : "");
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(b + len, cap - len, "%s\"p%zu\":1", i ? "," : "", i);
    (void)snprintf(b + len, cap - len, "%s}}", nested ? "}" : "");
    return b;
}

/* The limits of props + traits (shared with the JSONL mapping through
 * ingest/json_flatten.c): 256 pairs in all, keys of at most 65536 bytes
 * (a nested key counts its dotted prefix); the first error in the text is
 * the one reported. */
static void
limits(void **state)
{
    struct fx *f = *state;
    char *ok = many_props(HO_EVENT_MAX_KV, true);
    assert_int_equal(decode(f, ok), HO_OK);
    assert_int_equal(f->d.n_props, HO_EVENT_MAX_KV);
    assert_slice(f->d.props[255].key, "o.p255");
    free(ok);
    char *over = many_props(HO_EVENT_MAX_KV + 1, false);
    expect_reject(f, over, HO_ELIMIT, "field 'properties': more than 256 props and traits");
    free(over);
    /* a 65535-byte key nested under "o" is 65537 bytes flattened */
    size_t klen = HO_EVENT_MAX_STRLEN - 1;
    char *line = malloc(klen + 256);
    assert_non_null(line);
    int head = snprintf(line, 256,
                        "{\"messageId\":\"m\",\"type\":\"identify\",\"userId\":\"u\","
                        "\"timestamp\":\"2026-03-02T14:05:00Z\",\"traits\":{\"o\":{\"");
    memset(line + head, 'k', klen);
    /* then a type error after it: the key error came first and is reported */
    strcpy(line + head + klen, "\":1}},\"anonymousId\":3}");
    expect_reject(f, line, HO_ELIMIT, "field 'traits': a key is longer than 65536 bytes");
    free(line);
    /* a type error before a limit is the one reported */
    expect_reject(f,
                  "{\"messageId\":\"m\",\"type\":\"page\",\"userId\":7,"
                  "\"properties\":{\"a\":{\"b\":1}}}",
                  HO_EPARSE, "field 'userId' must be a string, found number");
}

static void
sniff(void **state)
{
    (void)state;
    const char *seg = "{\"type\":\"page\",\"x\":{\"messageId\":1},\"messageId\":\"m\"}";
    const char *native = "{\"id\":\"e\",\"type\":\"page_view\",\"props\":{\"messageId\":\"m\"}}";
    assert_true(ho_segment_sniff(seg, strlen(seg)));
    assert_false(ho_segment_sniff(native, strlen(native)));
    assert_false(ho_segment_sniff("{\"messageId\":", 13));
    assert_false(ho_segment_sniff("id,ts,type", 10));
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(identify_maps_ids_and_traits),
        T(context_traits_and_group_id),
        T(group_sets_account),
        T(page_and_screen_are_page_views_with_utm),
        T(track_table_and_unknown_names),
        T(own_fields_win_over_context),
        T(alias_links_previous_id),
        T(clock_skew_correction),
        T(rejections),
        T(limits),
        T(sniff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
