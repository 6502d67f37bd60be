/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/engine/test_engine.c - de-duplication, commits that recompute
 * exactly the touched leads, and rebuild equal to incremental import, on a
 * real SQLite file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/buf.h"
#include "core/defs.h"
#include "core/event.h"
#include "core/replay.h"
#include "defs/defs_yaml.h"
#include "engine/engine.h"
#include "store/store.h"
#include "support/store_dump.h"

struct fx {
    char path[64];
    struct ho_defs defs;
    struct ho_store *st;
    struct ho_engine *eng;
};

static void
open_engine(struct fx *f)
{
    assert_int_equal(ho_store_open(f->path, &f->st, NULL), HO_OK);
    assert_int_equal(ho_engine_open(f->st, &f->defs, 1, &f->eng, NULL), HO_OK);
}

static void
close_engine(struct fx *f)
{
    ho_engine_free(f->eng);
    ho_store_close(f->st);
    f->eng = NULL;
    f->st = NULL;
}

static int
setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    struct ho_buf errors = HO_BUF_INIT;
    snprintf(f->path, sizeof(f->path), "/tmp/ho_test_engine_%d.db", (int)getpid());
    unlink(f->path);
    assert_int_equal(
        ho_defs_load_file(HO_SOURCE_DIR "/examples/definitions.yaml", &f->defs, &errors, NULL),
        HO_OK);
    ho_buf_release(&errors);
    open_engine(f);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;
    close_engine(f);
    ho_defs_release(&f->defs);
    char side[80];
    unlink(f->path);
    snprintf(side, sizeof(side), "%s-wal", f->path);
    unlink(side);
    snprintf(side, sizeof(side), "%s-shm", f->path);
    unlink(side);
    free(f);
    return 0;
}

#define SL(s) ((struct ho_slice){ (s), (s) ? strlen(s) : 0 })

/* Add one event; kv is "key=value" for one prop (or trait with traits). */
static bool
add(struct fx *f, const char *id, const char *ts, const char *type, const char *lead,
    const char *account, const char *key, const char *val, bool is_trait)
{
    struct ho_draft_kv kv = { SL(key), SL(val) };
    struct ho_event_draft d = {
        .id = SL(id), .ts = SL(ts), .type = SL(type), .lead = SL(lead), .account = SL(account)
    };
    if (key && is_trait) {
        d.traits = &kv;
        d.n_traits = 1;
    } else if (key) {
        d.props = &kv;
        d.n_props = 1;
    }
    bool dup = false;
    assert_int_equal(ho_engine_add(f->eng, &d, &dup, NULL), HO_OK);
    return dup;
}

/* Every event stored in the file, as a fresh reader reads it into log. */
static size_t
stored_log(struct fx *f, struct ho_eventlog *log)
{
    struct ho_store *st;
    struct ho_store_opts o = { .mode = HO_STORE_READ_ONLY };
    ho_eventlog_init(log);
    assert_int_equal(ho_store_open_with(f->path, &o, &st, NULL), HO_OK);
    assert_int_equal(ho_store_load_events(st, log, NULL), HO_OK);
    ho_store_close(st);
    return log->n;
}

static size_t
stored_events(struct fx *f)
{
    struct ho_eventlog log;
    size_t n = stored_log(f, &log);
    ho_eventlog_release(&log);
    return n;
}

static void
commit(struct fx *f, size_t want_events, size_t want_leads)
{
    struct ho_commit_stats cs;
    assert_int_equal(ho_engine_commit(f->eng, false, &cs, NULL), HO_OK);
    assert_int_equal(cs.events, want_events);
    assert_int_equal(cs.leads, want_leads);
}

static void
test_an_id_seen_before_is_a_duplicate_in_the_same_batch_and_later(void **state)
{
    struct fx *f = *state;
    assert_false(
        add(f, "e1", "2026-03-02T10:00:00Z", "page_view", "a@x.io", NULL, "path", "/", false));
    assert_true(
        add(f, "e1", "2026-03-09T10:00:00Z", "form_submit", "a@x.io", NULL, "form", "demo", false));
    commit(f, 1, 1);
    close_engine(f);
    open_engine(f); /* a new process: the stored id is found by its fingerprint */
    assert_true(
        add(f, "e1", "2026-03-02T10:00:00Z", "page_view", "a@x.io", NULL, "path", "/", false));
    commit(f, 0, 0);
    assert_int_equal(stored_events(f), 1);
}

static void
test_an_invalid_event_is_refused_and_nothing_is_queued(void **state)
{
    struct fx *f = *state;
    struct ho_event_draft d = {
        .id = SL("e9"), .ts = SL("yesterday"), .type = SL("page_view"), .lead = SL("a@x.io")
    };
    struct ho_diag diag = { 0 };
    bool dup;
    assert_int_equal(ho_engine_add(f->eng, &d, &dup, &diag), HO_EPARSE);
    assert_true(strstr(diag.msg, "ts") != NULL);
    assert_int_equal(ho_engine_log(f->eng)->n, 0);
}

static const char *
stage_of(struct fx *f, const char *lead)
{
    struct ho_lead_result res;
    const struct ho_rule_detail *rules;
    size_t n;
    assert_int_equal(ho_engine_explain(f->eng, lead, INT64_MAX, &res, &rules, &n, NULL), HO_OK);
    return ho_stage_name(res.stage);
}

static void
test_a_late_group_event_rescores_every_lead_of_the_account(void **state)
{
    struct fx *f = *state;
    /* Two leads of acme.io request a demo (+30) with senior titles (+10):
     * 40 < 50, and size is unknown, so neither is an MQL yet. */
    add(f, "a1", "2026-03-02T10:00:00Z", "identify", "a@acme.io", "acme.io", "title", "VP Sales",
        true);
    add(f, "a2", "2026-03-02T10:05:00Z", "form_submit", "a@acme.io", NULL, "form", "demo", false);
    add(f, "b1", "2026-03-03T10:00:00Z", "identify", "b@acme.io", "acme.io", "title", "Director IT",
        true);
    add(f, "b2", "2026-03-03T10:05:00Z", "form_submit", "b@acme.io", NULL, "form", "demo", false);
    commit(f, 4, 2);
    assert_string_equal(stage_of(f, "a@acme.io"), "lead");
    /* A group event dated before both demo requests arrives late: 120
     * employees (+10) makes both 50 >= 50 at their demo requests. */
    add(f, "g1", "2026-03-01T00:00:00Z", "group", NULL, "acme.io", "employees", "120", true);
    commit(f, 1, 2);
    assert_string_equal(stage_of(f, "a@acme.io"), "mql");
    assert_string_equal(stage_of(f, "b@acme.io"), "mql");
    struct ho_lead_result res;
    const struct ho_rule_detail *rules;
    size_t n;
    assert_int_equal(ho_engine_explain(f->eng, "b@acme.io", INT64_MAX, &res, &rules, &n, NULL),
                     HO_OK);
    /* 2026-03-03T10:05:00Z = 1772532300000 ms */
    assert_true(res.journeys[0].entered[HO_STAGE_MQL] == 1772532300000LL);
}

static void
test_incremental_commits_equal_a_rebuild(void **state)
{
    struct fx *f = *state;
    struct ho_buf before = HO_BUF_INIT, after = HO_BUF_INIT;
    add(f, "a1", "2026-03-02T10:00:00Z", "identify", "a@acme.io", "acme.io", "title", "VP Sales",
        true);
    add(f, "a2", "2026-03-02T10:05:00Z", "form_submit", "a@acme.io", NULL, "form", "demo", false);
    commit(f, 2, 1);
    add(f, "g1", "2026-03-01T00:00:00Z", "group", NULL, "acme.io", "employees", "120", true);
    add(f, "a3", "2026-03-04T10:00:00Z", "sales_reject", "a@acme.io", NULL, "reason", "bad_timing",
        false);
    commit(f, 2, 1);
    assert_string_equal(stage_of(f, "a@acme.io"), "nurture");
    assert_int_equal(ho_test_dump_state(f->path, &before), HO_OK);
    struct ho_commit_stats cs;
    assert_int_equal(ho_engine_rebuild(f->eng, &cs, NULL), HO_OK);
    assert_int_equal(cs.leads, 1);
    assert_int_equal(ho_test_dump_state(f->path, &after), HO_OK);
    assert_string_equal(ho_buf_cstr(&before), ho_buf_cstr(&after));
    assert_true(strstr(ho_buf_cstr(&after), "a@acme.io|acme.io|NULL|NULL|nurture|") != NULL);
    ho_buf_release(&before);
    ho_buf_release(&after);
}

/* A second writer on the same file, opened (log loaded) before f commits. */
struct other {
    struct ho_store *st;
    struct ho_engine *eng;
};

static void
open_other(struct fx *f, struct other *o)
{
    assert_int_equal(ho_store_open(f->path, &o->st, NULL), HO_OK);
    assert_int_equal(ho_engine_open(o->st, &f->defs, 1, &o->eng, NULL), HO_OK);
}

static void
close_other(struct other *o)
{
    ho_engine_free(o->eng);
    ho_store_close(o->st);
}

/* Run add() against another engine by swapping it into the fixture. */
static bool
add_to(struct fx *f, struct other *o, const char *id, const char *ts, const char *lead,
       const char *path)
{
    struct ho_engine *mine = f->eng;
    f->eng = o->eng;
    bool dup = add(f, id, ts, "page_view", lead, NULL, "path", path, false);
    f->eng = mine;
    return dup;
}

static void
test_two_writers_that_read_the_same_log_store_each_id_once(void **state)
{
    struct fx *f = *state;
    struct other o;
    open_other(f, &o);
    /* Both read the empty log; both queue e1 and e2, the other also e3. */
    add(f, "e1", "2026-03-02T10:00:00Z", "page_view", "a@x.io", NULL, "path", "/", false);
    add(f, "e2", "2026-03-02T10:01:00Z", "page_view", "a@x.io", NULL, "path", "/blog", false);
    assert_false(add_to(f, &o, "e1", "2026-03-02T10:00:00Z", "a@x.io", "/"));
    assert_false(add_to(f, &o, "e2", "2026-03-02T10:01:00Z", "a@x.io", "/blog"));
    assert_false(add_to(f, &o, "e3", "2026-03-02T10:02:00Z", "b@x.io", "/"));
    commit(f, 2, 1);
    struct ho_commit_stats cs;
    assert_int_equal(ho_engine_commit(o.eng, false, &cs, NULL), HO_OK);
    /* it saw f's commit, dropped its own copies of e1, e2, stored e3 */
    assert_int_equal(cs.caught_up, 1);
    assert_int_equal(cs.late_duplicates, 2);
    assert_int_equal(cs.late_conflicts, 0);
    assert_int_equal(cs.events, 1);
    assert_int_equal(stored_events(f), 3);
    struct ho_buf now = HO_BUF_INIT, rebuilt = HO_BUF_INIT;
    assert_int_equal(ho_test_dump_state(f->path, &now), HO_OK);
    close_other(&o);
    close_engine(f);
    open_engine(f);
    assert_int_equal(stored_events(f), 3); /* not 5 */
    assert_int_equal(ho_engine_rebuild(f->eng, &cs, NULL), HO_OK);
    assert_int_equal(ho_test_dump_state(f->path, &rebuilt), HO_OK);
    assert_string_equal(ho_buf_cstr(&now), ho_buf_cstr(&rebuilt));
    assert_true(strstr(ho_buf_cstr(&now), "b@x.io|") != NULL);
    ho_buf_release(&now);
    ho_buf_release(&rebuilt);
}

/* With the fingerprints cut to 2 bits (the store's test hook), almost every
 * id collides with others: each is still checked against the stored id
 * texts, so a distinct id is never taken for a duplicate and a repeated one
 * always is, in the same process and in the next. */
static void
test_colliding_fingerprints_never_drop_a_distinct_id(void **state)
{
    struct fx *f = *state;
    char id[16], lead[16];
    close_engine(f);
    assert_int_equal(setenv("HO_TEST_FINGERPRINT_BITS", "2", 1), 0);
    open_engine(f);
    for (int i = 0; i < 40; i++) {
        snprintf(id, sizeof(id), "e%d", i);
        snprintf(lead, sizeof(lead), "l%d@x.io", i % 7);
        assert_false(
            add(f, id, "2026-03-02T10:00:00Z", "page_view", lead, NULL, "path", "/", false));
    }
    commit(f, 40, 7);
    close_engine(f);
    open_engine(f);
    size_t dups = 0;
    for (int i = 0; i < 60; i++) { /* 40 stored ones again, 20 new */
        snprintf(id, sizeof(id), "e%d", i);
        snprintf(lead, sizeof(lead), "l%d@x.io", i % 9);
        dups += add(f, id, "2026-03-02T10:00:00Z", "page_view", lead, NULL, "path", "/", false);
    }
    assert_int_equal(dups, 40);
    struct ho_commit_stats cs;
    assert_int_equal(ho_engine_commit(f->eng, false, &cs, NULL), HO_OK);
    assert_int_equal(cs.events, 20);
    unsetenv("HO_TEST_FINGERPRINT_BITS");
    struct ho_eventlog log;
    assert_int_equal(stored_log(f, &log), 60);
    for (size_t i = 0; i < log.n; i++) { /* each of e0..e59 once */
        for (size_t j = i + 1; j < log.n; j++)
            assert_int_not_equal(log.events[i].id, log.events[j].id);
    }
    ho_eventlog_release(&log);
}

/* The prop value of the first prop of ev. */
static const char *
first_prop(const struct ho_eventlog *log, const struct ho_event *ev)
{
    return ho_eventlog_str(log, ho_event_props(log, ev)[0].val);
}

static void
test_a_repeated_id_with_other_content_is_a_conflict_and_the_stored_event_stays(void **state)
{
    struct fx *f = *state;
    const struct ho_eventlog *kl, *nl;
    const struct ho_event *kept, *refused;
    add(f, "e1", "2026-03-02T10:00:00Z", "page_view", "a@x.io", NULL, "path", "/", false);
    commit(f, 1, 1);
    assert_true(
        add(f, "e1", "2026-03-02T10:00:00Z", "page_view", "a@x.io", NULL, "path", "/", false));
    assert_false(ho_engine_conflict(f->eng, &kl, &kept, &nl, &refused)); /* same: a re-send */
    assert_true(add(f, "e1", "2026-03-02T10:00:00Z", "page_view", "a@x.io", NULL, "path",
                    "/pricing", false));
    assert_true(ho_engine_conflict(f->eng, &kl, &kept, &nl, &refused));
    assert_string_equal(first_prop(kl, kept), "/");
    assert_string_equal(first_prop(nl, refused), "/pricing");
    assert_true(
        add(f, "e1", "2026-03-09T10:00:00Z", "page_view", "a@x.io", NULL, "path", "/", false));
    assert_true(ho_engine_conflict(f->eng, &kl, &kept, &nl, &refused)); /* another time */
    commit(f, 0, 0);
    struct ho_eventlog log;
    assert_int_equal(stored_log(f, &log), 1);
    assert_string_equal(first_prop(&log, &log.events[0]), "/");
    ho_eventlog_release(&log);
}

static void
test_props_in_another_order_are_the_same_content(void **state)
{
    struct fx *f = *state;
    struct ho_draft_kv ab[2] = { { SL("a"), SL("1") }, { SL("b"), SL("2") } };
    struct ho_draft_kv ba[2] = { { SL("b"), SL("2") }, { SL("a"), SL("1") } };
    struct ho_event_draft d = { .id = SL("e1"),
                                .ts = SL("2026-03-02T10:00:00Z"),
                                .type = SL("page_view"),
                                .lead = SL("a@x.io"),
                                .props = ab,
                                .n_props = 2 };
    bool dup;
    const struct ho_eventlog *kl, *nl;
    const struct ho_event *kept, *refused;
    assert_int_equal(ho_engine_add(f->eng, &d, &dup, NULL), HO_OK);
    d.props = ba;
    assert_int_equal(ho_engine_add(f->eng, &d, &dup, NULL), HO_OK);
    assert_true(dup);
    assert_false(ho_engine_conflict(f->eng, &kl, &kept, &nl, &refused));
}

static void
test_a_conflict_with_another_writers_event_found_at_commit_keeps_the_stored_one(void **state)
{
    struct fx *f = *state;
    struct other o;
    open_other(f, &o);
    add(f, "e1", "2026-03-02T10:00:00Z", "page_view", "a@x.io", NULL, "path", "/", false);
    assert_false(add_to(f, &o, "e1", "2026-03-02T10:00:00Z", "a@x.io", "/pricing"));
    commit(f, 1, 1);
    struct ho_commit_stats cs;
    assert_int_equal(ho_engine_commit(o.eng, false, &cs, NULL), HO_OK);
    assert_int_equal(cs.late_duplicates, 1);
    assert_int_equal(cs.late_conflicts, 1);
    assert_int_equal(cs.events, 0);
    const struct ho_event *kept, *refused;
    const struct ho_eventlog *log = ho_engine_log(o.eng);
    assert_int_equal(ho_engine_late_conflict(o.eng, 0, &kept, &refused), 1);
    assert_string_equal(first_prop(log, kept), "/");
    assert_string_equal(first_prop(log, refused), "/pricing");
    assert_int_equal(log->n, 1);
    assert_string_equal(first_prop(log, &log->events[0]), "/");
    close_other(&o);
}

static void
test_a_commit_under_definitions_another_process_replaced_is_refused(void **state)
{
    struct fx *f = *state;
    int64_t id = 0;
    /* the engine was opened with definitions id 1; another process activates 2 */
    assert_int_equal(ho_store_activate_defs(f->st, 1, "a", 1, false, 0, &id, NULL), HO_OK);
    assert_int_equal(id, 1);
    assert_int_equal(ho_store_activate_defs(f->st, 2, "b", 1, false, 0, &id, NULL), HO_OK);
    assert_int_equal(id, 2);
    add(f, "e1", "2026-03-02T10:00:00Z", "page_view", "a@x.io", NULL, "path", "/", false);
    struct ho_commit_stats cs;
    struct ho_diag diag = { 0 };
    assert_int_equal(ho_engine_commit(f->eng, false, &cs, &diag), HO_ECONFLICT);
    assert_true(strstr(diag.msg, "other definitions") != NULL);
    close_engine(f);
    open_engine(f);
    assert_int_equal(stored_events(f), 0); /* nothing was stored */
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_an_id_seen_before_is_a_duplicate_in_the_same_batch_and_later, setup, teardown),
        cmocka_unit_test_setup_teardown(test_an_invalid_event_is_refused_and_nothing_is_queued,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_late_group_event_rescores_every_lead_of_the_account,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_incremental_commits_equal_a_rebuild, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_writers_that_read_the_same_log_store_each_id_once,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_colliding_fingerprints_never_drop_a_distinct_id, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_a_repeated_id_with_other_content_is_a_conflict_and_the_stored_event_stays, setup,
            teardown),
        cmocka_unit_test_setup_teardown(test_props_in_another_order_are_the_same_content, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_a_commit_under_definitions_another_process_replaced_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_a_conflict_with_another_writers_event_found_at_commit_keeps_the_stored_one, setup,
            teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
