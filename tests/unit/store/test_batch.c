/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/store/test_batch.c - the event batch encoding: round trips
 * exactly, and a damaged blob is an error that appends nothing.
 */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/strtab.h"
#include "core/event.h"
#include "store/batch.h"

#define S(lit) ((struct ho_slice){ (lit), sizeof(lit) - 1 })

static void
add(struct ho_eventlog *log, const char *id, const char *ts, const char *type, const char *lead,
    const char *account, const struct ho_draft_kv *props, size_t n_props,
    const struct ho_draft_kv *traits, size_t n_traits)
{
    struct ho_event_draft d;
    memset(&d, 0, sizeof(d));
    d.id = (struct ho_slice){ id, strlen(id) };
    d.ts = (struct ho_slice){ ts, strlen(ts) };
    d.type = (struct ho_slice){ type, strlen(type) };
    if (lead)
        d.lead = (struct ho_slice){ lead, strlen(lead) };
    if (account)
        d.account = (struct ho_slice){ account, strlen(account) };
    d.props = props;
    d.n_props = n_props;
    d.traits = traits;
    d.n_traits = n_traits;
    size_t index;
    assert_int_equal(ho_eventlog_add_draft(log, &d, &index, NULL), HO_OK);
}

static void
fill(struct ho_eventlog *log)
{
    static const struct ho_draft_kv props[] = { { S("path"), S("/pricing") },
                                                { S("utm.source"), S("g") } };
    static const struct ho_draft_kv traits[] = { { S("title"), S("VP Sales") } };
    add(log, "e1", "2026-03-02T14:05:09Z", "identify", "ana@acme.io", "acme.io", NULL, 0, traits,
        1);
    add(log, "e2", "2026-03-02T14:06:11.250Z", "page_view", "ana@acme.io", NULL, props, 2, NULL, 0);
    add(log, "e3", "2026-03-01T00:00:00Z", "group", NULL, "acme.io", NULL, 0, traits, 1);
}

/* Compare two events field by field through their text, since the two logs
 * intern strings independently. */
static void
assert_same_event(const struct ho_eventlog *a, const struct ho_event *x,
                  const struct ho_eventlog *b, const struct ho_event *y)
{
    assert_true(x->ts == y->ts);
    assert_string_equal(ho_eventlog_str(a, x->id), ho_eventlog_str(b, y->id));
    assert_string_equal(ho_eventlog_str(a, x->type), ho_eventlog_str(b, y->type));
    assert_string_equal(ho_eventlog_str(a, x->lead), ho_eventlog_str(b, y->lead));
    assert_string_equal(ho_eventlog_str(a, x->account), ho_eventlog_str(b, y->account));
    assert_int_equal(x->n_props, y->n_props);
    assert_int_equal(x->n_traits, y->n_traits);
    for (size_t k = 0; k < (size_t)x->n_props + x->n_traits; k++) {
        assert_string_equal(ho_eventlog_str(a, a->kv[x->kv + k].key),
                            ho_eventlog_str(b, b->kv[y->kv + k].key));
        assert_string_equal(ho_eventlog_str(a, a->kv[x->kv + k].val),
                            ho_eventlog_str(b, b->kv[y->kv + k].val));
    }
}

static void
test_a_batch_decodes_to_the_events_it_was_encoded_from(void **state)
{
    (void)state;
    struct ho_eventlog a, b;
    struct ho_batch_encoder enc;
    struct ho_buf blob = HO_BUF_INIT;
    ho_eventlog_init(&a);
    ho_eventlog_init(&b);
    ho_batch_encoder_init(&enc);
    fill(&a);
    ho_batch_encode(&enc, &a, 0, a.n, &blob);
    assert_int_equal(ho_batch_decode((const uint8_t *)blob.ptr, blob.len, &b, NULL), HO_OK);
    assert_int_equal(b.n, 3);
    for (size_t i = 0; i < a.n; i++)
        assert_same_event(&a, &a.events[i], &b, &b.events[i]);
    /* 2026-03-02T14:06:11.250Z kept to the millisecond */
    assert_true(b.events[1].ts == 1772460371250LL);
    ho_buf_release(&blob);
    ho_batch_encoder_release(&enc);
    ho_eventlog_release(&a);
    ho_eventlog_release(&b);
}

static void
test_a_second_batch_reuses_the_encoder_without_leaking_strings(void **state)
{
    (void)state;
    struct ho_eventlog a, b;
    struct ho_batch_encoder enc;
    struct ho_buf one = HO_BUF_INIT, two = HO_BUF_INIT;
    ho_eventlog_init(&a);
    ho_eventlog_init(&b);
    ho_batch_encoder_init(&enc);
    fill(&a);
    ho_batch_encode(&enc, &a, 0, 1, &one);
    ho_batch_encode(&enc, &a, 1, 3, &two);
    assert_int_equal(ho_batch_decode((const uint8_t *)two.ptr, two.len, &b, NULL), HO_OK);
    assert_int_equal(ho_batch_decode((const uint8_t *)one.ptr, one.len, &b, NULL), HO_OK);
    assert_int_equal(b.n, 3);
    assert_same_event(&a, &a.events[1], &b, &b.events[0]);
    assert_same_event(&a, &a.events[0], &b, &b.events[2]);
    ho_buf_release(&one);
    ho_buf_release(&two);
    ho_batch_encoder_release(&enc);
    ho_eventlog_release(&a);
    ho_eventlog_release(&b);
}

static void
test_every_truncation_of_a_batch_is_rejected_and_appends_nothing(void **state)
{
    (void)state;
    struct ho_eventlog a, b;
    struct ho_batch_encoder enc;
    struct ho_buf blob = HO_BUF_INIT;
    ho_eventlog_init(&a);
    ho_eventlog_init(&b);
    ho_batch_encoder_init(&enc);
    fill(&a);
    ho_batch_encode(&enc, &a, 0, a.n, &blob);
    for (size_t len = 0; len < blob.len; len++) {
        struct ho_diag diag = { 0 };
        assert_int_equal(ho_batch_decode((const uint8_t *)blob.ptr, len, &b, &diag), HO_ESTORE);
        assert_int_equal(b.n, 0);
        assert_true(strstr(diag.msg, "batch") != NULL);
    }
    ho_buf_release(&blob);
    ho_batch_encoder_release(&enc);
    ho_eventlog_release(&a);
    ho_eventlog_release(&b);
}

static void
test_a_string_index_out_of_range_is_rejected(void **state)
{
    (void)state;
    /* "HOB1", 0 strings, 1 event, ts (8 bytes), id = local string 1 (none exist) */
    static const uint8_t blob[] = { 'H', 'O', 'B', '1', 0, 1, 0, 0, 0, 0, 0,
                                    0,   0,   0,   1,   0, 0, 0, 0, 0, 0, 0 };
    struct ho_eventlog b;
    ho_eventlog_init(&b);
    assert_int_equal(ho_batch_decode(blob, sizeof(blob), &b, NULL), HO_ESTORE);
    assert_int_equal(b.n, 0);
    ho_eventlog_release(&b);
}

/* A dictionary of two entries (1 "page_view", 2 "acme.io") standing in for
 * the store's: encoding refers to them, decoding resolves them. */
static uint32_t
fake_id_of(void *ctx, const struct ho_eventlog *log, uint32_t sid)
{
    (void)ctx;
    const char *text = ho_eventlog_str(log, sid);
    return strcmp(text, "page_view") == 0 ? 1 : strcmp(text, "acme.io") == 0 ? 2 : 0;
}

static uint32_t
fake_string_of(void *ctx, struct ho_eventlog *log, uint64_t id)
{
    int *resolved = ctx;
    const char *text = id == 1 ? "page_view" : id == 2 ? "acme.io" : NULL;
    if (!text)
        return 0;
    (*resolved)++;
    return ho_strtab_intern(log->strings, text, strlen(text));
}

/* A blob of two HOB2 batches over a dictionary: the shared strings are
 * references (their text is not in the blob), and it decodes to the same
 * events; an unknown reference is damage. */
static void
test_batches_over_a_dictionary_refer_to_it_and_round_trip(void **state)
{
    (void)state;
    struct ho_eventlog a, b;
    ho_eventlog_init(&a);
    ho_eventlog_init(&b);
    fill(&a);
    int resolved = 0;
    struct ho_batch_dict dict = { fake_id_of, fake_string_of, &resolved };
    struct ho_batch_encoder enc;
    struct ho_buf blob = HO_BUF_INIT;
    ho_batch_encoder_init(&enc);
    uint32_t first[] = { 0, 1 }, second[] = { 2 };
    ho_batch_append_list(&enc, &a, first, 2, &dict, &blob);
    ho_batch_append_list(&enc, &a, second, 1, &dict, &blob);
    assert_memory_equal(blob.ptr, "HOB2", 4);
    assert_null(memmem(blob.ptr, blob.len, "page_view", 9));
    assert_null(memmem(blob.ptr, blob.len,
                       "\x1d"
                       "acme.io",
                       8));                                         /* inline: tag 4 * 7 + 1 */
    assert_non_null(memmem(blob.ptr, blob.len, "ana@acme.io", 11)); /* not in the dictionary */
    assert_int_equal(ho_batch_decode_dict((const uint8_t *)blob.ptr, blob.len, &dict, &b, NULL),
                     HO_OK);
    assert_int_equal(b.n, 3);
    for (size_t i = 0; i < 3; i++)
        assert_same_event(&a, &a.events[i], &b, &b.events[i]);
    assert_int_equal(resolved, 3); /* once a batch: acme.io and page_view, then acme.io */
    struct ho_eventlog c;
    ho_eventlog_init(&c);
    assert_int_equal(ho_batch_decode((const uint8_t *)blob.ptr, blob.len, &c, NULL), HO_ESTORE);
    assert_int_equal(c.n, 0); /* without the dictionary the references are unknown */
    ho_eventlog_release(&c);
    ho_buf_release(&blob);
    ho_batch_encoder_release(&enc);
    ho_eventlog_release(&a);
    ho_eventlog_release(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_batch_decodes_to_the_events_it_was_encoded_from),
        cmocka_unit_test(test_a_second_batch_reuses_the_encoder_without_leaking_strings),
        cmocka_unit_test(test_every_truncation_of_a_batch_is_rejected_and_appends_nothing),
        cmocka_unit_test(test_a_string_index_out_of_range_is_rejected),
        cmocka_unit_test(test_batches_over_a_dictionary_refer_to_it_and_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
