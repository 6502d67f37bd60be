/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/core/test_event.c - the event log and its constructor.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/strtab.h"
#include "core/event.h"

#define S(lit) ((struct ho_slice){ (lit), sizeof(lit) - 1 })

static struct ho_event_draft
page_view(void)
{
    struct ho_event_draft d;
    memset(&d, 0, sizeof(d));
    d.id = S("evt-0002");
    d.ts = S("2026-03-02T14:06:11Z");
    d.type = S("page_view");
    d.lead = S("ana@acme.io");
    return d;
}

static int
setup(void **state)
{
    static struct ho_eventlog log;
    ho_eventlog_init(&log);
    *state = &log;
    return 0;
}

static int
teardown(void **state)
{
    ho_eventlog_release(*state);
    return 0;
}

static const char *
str(const struct ho_eventlog *log, uint32_t id)
{
    return ho_eventlog_str(log, id);
}

/* Add d and expect rc; on failure the log must not have changed at all. */
static void
expect_rejected(struct ho_eventlog *log, const struct ho_event_draft *d, ho_rc want,
                const char *msg)
{
    size_t n = log->n;
    size_t nkv = log->nkv;
    size_t idx = 0;
    uint32_t nstr = ho_strtab_count(log->strings);
    struct ho_diag diag;
    ho_diag_clear(&diag);
    assert_int_equal(ho_eventlog_add_draft(log, d, &idx, &diag), want);
    assert_int_equal(diag.rc, want);
    assert_string_equal(diag.msg, msg);
    assert_true(idx == SIZE_MAX);
    assert_int_equal(log->n, n);
    assert_int_equal(log->nkv, nkv);
    assert_int_equal(ho_strtab_count(log->strings), nstr);
}

static void
test_a_valid_page_view_is_appended_with_its_fields_interned(void **state)
{
    struct ho_eventlog *log = *state;
    struct ho_event_draft d = page_view();
    struct ho_draft_kv props[] = { { S("path"), S("/pricing") } };
    size_t idx = 99;
    d.props = props;
    d.n_props = 1;
    d.channel = S("organic_search");
    assert_int_equal(ho_eventlog_add_draft(log, &d, &idx, NULL), HO_OK);
    assert_int_equal(idx, 0);
    assert_int_equal(log->n, 1);
    const struct ho_event *e = &log->events[0];
    /* 2026-03-02T14:06:11Z: 20514 days after the epoch, plus 14:06:11. */
    assert_true(e->ts == 20514LL * 86400000 + (14 * 3600 + 6 * 60 + 11) * 1000LL);
    assert_string_equal(str(log, e->id), "evt-0002");
    assert_string_equal(str(log, e->type), "page_view");
    assert_string_equal(str(log, e->lead), "ana@acme.io");
    assert_int_equal(e->account, 0);
    assert_string_equal(str(log, e->channel), "organic_search");
    assert_int_equal(e->campaign, 0);
    assert_int_equal(e->n_props, 1);
    assert_int_equal(e->n_traits, 0);
    assert_string_equal(str(log, ho_event_props(log, e)[0].key), "path");
    assert_string_equal(str(log, ho_event_props(log, e)[0].val), "/pricing");
}

static void
test_a_timestamp_with_an_offset_is_stored_in_utc(void **state)
{
    struct ho_eventlog *log = *state;
    struct ho_event_draft d = page_view();
    struct ho_event_draft z = page_view();
    size_t i1;
    size_t i2;
    d.ts = S("2026-03-10T08:00:00+01:00");
    z.id = S("evt-z");
    z.ts = S("2026-03-10T07:00:00Z");
    assert_int_equal(ho_eventlog_add_draft(log, &d, &i1, NULL), HO_OK);
    assert_int_equal(ho_eventlog_add_draft(log, &z, &i2, NULL), HO_OK);
    assert_true(log->events[i1].ts == log->events[i2].ts);
}

static void
test_props_and_traits_keep_their_order_and_traits_follow_props(void **state)
{
    struct ho_eventlog *log = *state;
    struct ho_event_draft d = page_view();
    struct ho_draft_kv props[] = { { S("rep"), S("sam") }, { S("need"), S("true") } };
    struct ho_draft_kv traits[] = { { S("title"), S("VP Sales") },
                                    { S("country"), S("US") },
                                    { S("rep"), S("kim") } };
    size_t idx;
    d.type = S("identify");
    d.props = props;
    d.n_props = 2;
    d.traits = traits;
    d.n_traits = 3;
    assert_int_equal(ho_eventlog_add_draft(log, &d, &idx, NULL), HO_OK);
    const struct ho_event *e = &log->events[idx];
    const struct ho_kv *p = ho_event_props(log, e);
    const struct ho_kv *t = ho_event_traits(log, e);
    assert_string_equal(str(log, p[0].key), "rep");
    assert_string_equal(str(log, p[1].key), "need");
    assert_string_equal(str(log, p[1].val), "true");
    assert_string_equal(str(log, t[0].val), "VP Sales");
    assert_string_equal(str(log, t[1].key), "country");
    assert_string_equal(str(log, t[2].val), "kim");
    assert_true(t == p + 2);
    /* ho_event_prop looks at props only: "rep" is sam, not the trait's kim. */
    uint32_t rep = ho_strtab_find(log->strings, "rep", 3);
    assert_string_equal(str(log, ho_event_prop(log, e, rep)), "sam");
    assert_int_equal(ho_event_prop(log, e, ho_strtab_find(log->strings, "title", 5)), 0);
    assert_int_equal(ho_event_prop(log, e, 0), 0);
}

static void
test_an_account_only_event_is_accepted(void **state)
{
    struct ho_eventlog *log = *state;
    struct ho_event_draft d = page_view();
    size_t idx;
    d.lead = (struct ho_slice){ NULL, 0 };
    d.account = S("acme.io");
    d.type = S("group");
    assert_int_equal(ho_eventlog_add_draft(log, &d, &idx, NULL), HO_OK);
    assert_int_equal(log->events[idx].lead, 0);
    assert_string_equal(str(log, log->events[idx].account), "acme.io");
    assert_null(ho_event_props(log, &log->events[idx]));
}

static void
test_a_draft_without_id_is_rejected_and_changes_nothing(void **state)
{
    struct ho_event_draft d = page_view();
    d.id.len = 0;
    expect_rejected(*state, &d, HO_EPARSE, "missing field 'id'");
}

static void
test_a_draft_without_ts_or_type_is_rejected(void **state)
{
    struct ho_event_draft d = page_view();
    d.ts.len = 0;
    expect_rejected(*state, &d, HO_EPARSE, "missing field 'ts'");
    d = page_view();
    d.type.len = 0;
    expect_rejected(*state, &d, HO_EPARSE, "missing field 'type'");
}

static void
test_a_bad_timestamp_names_the_field_and_the_parsers_reason(void **state)
{
    struct ho_event_draft d = page_view();
    d.ts = S("2026-13-02T10:00:00Z");
    expect_rejected(*state, &d, HO_EPARSE,
                    "field 'ts': date 2026-13-02 does not exist or is before 1970");
    d.ts = S("yesterday");
    expect_rejected(*state, &d, HO_EPARSE, "field 'ts': expected a date as YYYY-MM-DD");
    d.ts = S("2026-03-02T10:00:00");
    expect_rejected(*state, &d, HO_EPARSE,
                    "field 'ts': expected 'Z' or a +HH:MM offset after the time");
}

static void
test_an_event_about_nobody_is_rejected(void **state)
{
    struct ho_event_draft d = page_view();
    d.lead.len = 0;
    expect_rejected(*state, &d, HO_EPARSE,
                    "event has neither 'lead' nor 'account' (nor 'anonymous_id')");
}

static void
test_identify_needs_a_lead_and_group_needs_an_account(void **state)
{
    struct ho_event_draft d = page_view();
    d.type = S("identify");
    d.lead.len = 0;
    d.account = S("acme.io");
    expect_rejected(*state, &d, HO_EPARSE, "event type 'identify' needs field 'lead'");
    d = page_view();
    d.type = S("group");
    expect_rejected(*state, &d, HO_EPARSE, "event type 'group' needs field 'account'");
}

static void
test_more_than_256_props_and_traits_is_a_limit_error(void **state)
{
    static struct ho_draft_kv kv[HO_EVENT_MAX_KV + 1];
    static char keys[HO_EVENT_MAX_KV + 1][8];
    struct ho_event_draft d = page_view();
    for (int i = 0; i <= HO_EVENT_MAX_KV; i++) {
        int n = snprintf(keys[i], sizeof(keys[i]), "k%d", i);
        kv[i] = (struct ho_draft_kv){ { keys[i], (size_t)n }, S("v") };
    }
    d.props = kv;
    d.n_props = 200;
    d.traits = kv + 200;
    d.n_traits = 57;
    expect_rejected(*state, &d, HO_ELIMIT, "event has more than 256 props and traits");
    d.n_traits = 56; /* exactly 256 */
    size_t idx;
    assert_int_equal(ho_eventlog_add_draft(*state, &d, &idx, NULL), HO_OK);
    assert_int_equal(((struct ho_eventlog *)*state)->nkv, 256);
}

static void
test_a_string_longer_than_the_limit_is_a_limit_error(void **state)
{
    static char big[HO_EVENT_MAX_STRLEN + 1];
    struct ho_event_draft d = page_view();
    struct ho_draft_kv kv[] = { { S("blob"), { big, sizeof(big) } } };
    memset(big, 'x', sizeof(big));
    d.lead = (struct ho_slice){ big, sizeof(big) };
    expect_rejected(*state, &d, HO_ELIMIT, "field 'lead' is longer than 65536 bytes");
    d = page_view();
    d.props = kv;
    d.n_props = 1;
    expect_rejected(*state, &d, HO_ELIMIT, "field 'props.blob' is longer than 65536 bytes");
    kv[0].val.len = HO_EVENT_MAX_STRLEN; /* exactly at the limit */
    size_t idx;
    assert_int_equal(ho_eventlog_add_draft(*state, &d, &idx, NULL), HO_OK);
}

static void
test_duplicate_and_empty_keys_are_rejected_and_roll_back(void **state)
{
    struct ho_event_draft d = page_view();
    struct ho_draft_kv dup[] = { { S("utm.source"), S("x") },
                                 { S("path"), S("/") },
                                 { S("utm.source"), S("y") } };
    struct ho_draft_kv empty[] = { { S("a"), S("1") }, { { "", 0 }, S("2") } };
    d.props = dup;
    d.n_props = 3;
    expect_rejected(*state, &d, HO_EPARSE, "field 'props' has the key 'utm.source' twice");
    d.props = NULL;
    d.n_props = 0;
    d.traits = empty;
    d.n_traits = 2;
    expect_rejected(*state, &d, HO_EPARSE, "field 'traits' has an empty key");
}

static void
test_nul_bytes_are_rejected(void **state)
{
    struct ho_event_draft d = page_view();
    struct ho_draft_kv kv[] = { { S("form"), { "de\0mo", 5 } } };
    d.lead = (struct ho_slice){ "ana\0@acme.io", 12 };
    expect_rejected(*state, &d, HO_EPARSE, "field 'lead' contains a NUL byte");
    d = page_view();
    d.props = kv;
    d.n_props = 1;
    expect_rejected(*state, &d, HO_EPARSE, "field 'props.form' contains a NUL byte");
}

static void
test_append_copies_pairs_and_truncate_drops_the_tail(void **state)
{
    struct ho_eventlog *log = *state;
    struct ho_event_draft d = page_view();
    struct ho_draft_kv props[] = { { S("path"), S("/a") } };
    size_t idx;
    d.props = props;
    d.n_props = 1;
    assert_int_equal(ho_eventlog_add_draft(log, &d, &idx, NULL), HO_OK);

    /* Replay a copy of event 0 with two props and one trait. */
    struct ho_kv kv[3];
    kv[0].key = ho_strtab_intern(log->strings, "k", 1);
    kv[0].val = ho_strtab_intern(log->strings, "v", 1);
    kv[1] = kv[0];
    kv[2].key = ho_strtab_intern(log->strings, "title", 5);
    kv[2].val = ho_strtab_intern(log->strings, "CTO", 3);
    struct ho_event ev = log->events[0];
    ev.n_props = 2;
    ev.n_traits = 1;
    ev.kv = 12345; /* ignored: the log places the pairs */
    assert_int_equal(ho_eventlog_append(log, &ev, kv), 1);
    assert_int_equal(log->nkv, 4);
    assert_int_equal(log->events[1].kv, 1);
    assert_string_equal(str(log, ho_event_traits(log, &log->events[1])[0].val), "CTO");

    ho_eventlog_truncate(log, 1);
    assert_int_equal(log->n, 1);
    assert_int_equal(log->nkv, 1);
    ho_eventlog_truncate(log, 5); /* beyond the end: nothing */
    assert_int_equal(log->n, 1);
    ho_eventlog_truncate(log, 0);
    assert_int_equal(log->n, 0);
    assert_int_equal(log->nkv, 0);
}

static void
test_events_order_by_time_then_by_id_text(void **state)
{
    struct ho_eventlog *log = *state;
    struct ho_event_draft d = page_view();
    size_t a;
    size_t b;
    size_t c;
    d.id = S("evt-10");
    assert_int_equal(ho_eventlog_add_draft(log, &d, &a, NULL), HO_OK);
    d.id = S("evt-9"); /* same time: "evt-10" < "evt-9" as text */
    assert_int_equal(ho_eventlog_add_draft(log, &d, &b, NULL), HO_OK);
    d.id = S("evt-1");
    d.ts = S("2026-03-02T14:06:12Z");
    assert_int_equal(ho_eventlog_add_draft(log, &d, &c, NULL), HO_OK);
    const struct ho_event *e = log->events;
    assert_true(ho_event_cmp(log, &e[a], &e[b]) < 0);
    assert_true(ho_event_cmp(log, &e[b], &e[a]) > 0);
    assert_true(ho_event_cmp(log, &e[b], &e[c]) < 0);
    assert_true(ho_event_cmp(log, &e[c], &e[a]) > 0);
    assert_int_equal(ho_event_cmp(log, &e[a], &e[a]), 0);
}

static void
test_release_twice_is_harmless(void **state)
{
    struct ho_eventlog log;
    (void)state;
    ho_eventlog_init(&log);
    ho_eventlog_release(&log);
    ho_eventlog_release(&log);
    assert_null(log.events);
}

static void
test_an_anonymous_visitor_event_is_kept_with_its_id_as_the_last_prop(void **state)
{
    struct ho_eventlog *log = *state;
    static const struct ho_draft_kv props[] = { { S("path"), S("/pricing") } };
    struct ho_event_draft d = page_view();
    d.lead = (struct ho_slice){ NULL, 0 };
    d.anonymous = S("a-77");
    d.props = props;
    d.n_props = 1;
    size_t i;
    assert_int_equal(ho_eventlog_add_draft(log, &d, &i, NULL), HO_OK);
    const struct ho_event *e = &log->events[i];
    assert_int_equal(e->lead, 0);
    assert_int_equal(e->n_props, 2); /* path, then anonymous_id */
    uint32_t key = ho_strtab_find(log->strings, "anonymous_id", 12);
    assert_string_equal(ho_eventlog_str(log, ho_event_prop(log, e, key)), "a-77");
}

static void
test_an_anonymous_id_given_twice_is_rejected(void **state)
{
    struct ho_eventlog *log = *state;
    static const struct ho_draft_kv props[] = { { S("anonymous_id"), S("b") } };
    struct ho_event_draft d = page_view();
    d.anonymous = S("a");
    d.props = props;
    d.n_props = 1;
    size_t i;
    struct ho_diag diag = { 0 };
    assert_int_equal(ho_eventlog_add_draft(log, &d, &i, &diag), HO_EPARSE);
    assert_string_equal(diag.msg, "'anonymous_id' is given twice (top level and in props)");
    assert_int_equal(log->n, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_an_anonymous_visitor_event_is_kept_with_its_id_as_the_last_prop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_an_anonymous_id_given_twice_is_rejected, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_valid_page_view_is_appended_with_its_fields_interned,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_timestamp_with_an_offset_is_stored_in_utc, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_props_and_traits_keep_their_order_and_traits_follow_props, setup, teardown),
        cmocka_unit_test_setup_teardown(test_an_account_only_event_is_accepted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_draft_without_id_is_rejected_and_changes_nothing,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_draft_without_ts_or_type_is_rejected, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_bad_timestamp_names_the_field_and_the_parsers_reason,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_an_event_about_nobody_is_rejected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_identify_needs_a_lead_and_group_needs_an_account,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_more_than_256_props_and_traits_is_a_limit_error, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_string_longer_than_the_limit_is_a_limit_error, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_and_empty_keys_are_rejected_and_roll_back,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_nul_bytes_are_rejected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_append_copies_pairs_and_truncate_drops_the_tail, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_events_order_by_time_then_by_id_text, setup, teardown),
        cmocka_unit_test(test_release_twice_is_harmless),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
