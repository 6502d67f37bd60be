/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/engine/test_engine_faults.c - the engine over a store that
 * fails on purpose (tests/support/store_faults.c wrapping SQLite): a failed
 * commit or read leaves the database as it was, the engine says why, and
 * the queued events are stored by the next commit that succeeds.
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
#include "defs/defs_yaml.h"
#include "engine/engine.h"
#include "store/store.h"
#include "support/store_dump.h"
#include "support/store_faults.h"

struct fx {
    char path[64];
    struct ho_defs defs;
    struct ho_store_faults faults;
    struct ho_store *st;
    struct ho_engine *eng;
};

static int
setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    struct ho_buf errors = HO_BUF_INIT;
    snprintf(f->path, sizeof(f->path), "/tmp/ho_test_engine_faults_%d.db", (int)getpid());
    unlink(f->path);
    assert_int_equal(
        ho_defs_load_file(HO_SOURCE_DIR "/examples/definitions.yaml", &f->defs, &errors, NULL),
        HO_OK);
    ho_buf_release(&errors);
    assert_int_equal(ho_faults_open_sqlite(f->path, NULL, &f->faults, &f->st, NULL), HO_OK);
    assert_int_equal(ho_engine_open(f->st, &f->defs, 1, &f->eng, NULL), HO_OK);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;
    ho_engine_free(f->eng);
    ho_store_close(f->st);
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

#define SL(s) ((struct ho_slice){ (s), strlen(s) })

static void
add(struct fx *f, const char *id, const char *ts, const char *type, const char *lead)
{
    struct ho_event_draft d = { .id = SL(id), .ts = SL(ts), .type = SL(type), .lead = SL(lead) };
    bool dup = false;
    assert_int_equal(ho_engine_add(f->eng, &d, &dup, NULL), HO_OK);
    assert_false(dup);
}

/* The number of events stored in the file, as a fresh reader sees them. */
static size_t
stored_events(struct fx *f)
{
    struct ho_store *st;
    struct ho_eventlog log;
    struct ho_store_opts o = { .mode = HO_STORE_READ_ONLY };
    ho_eventlog_init(&log);
    assert_int_equal(ho_store_open_with(f->path, &o, &st, NULL), HO_OK);
    assert_int_equal(ho_store_load_events(st, &log, NULL), HO_OK);
    size_t n = log.n;
    ho_eventlog_release(&log);
    ho_store_close(st);
    return n;
}

static void
commit_ok(struct fx *f, size_t want_events)
{
    struct ho_commit_stats cs;
    assert_int_equal(ho_engine_commit(f->eng, false, &cs, NULL), HO_OK);
    assert_int_equal(cs.events, want_events);
}

static void
test_a_failed_commit_leaves_the_database_as_before_and_says_why(void **state)
{
    struct fx *f = *state;
    struct ho_buf before = HO_BUF_INIT, after = HO_BUF_INIT;
    add(f, "e1", "2026-03-02T10:00:00Z", "page_view", "a@x.io");
    add(f, "e2", "2026-03-02T10:05:00Z", "page_view", "b@x.io");
    commit_ok(f, 2);
    assert_int_equal(ho_test_dump_state(f->path, &before), HO_OK);

    add(f, "e3", "2026-03-03T10:00:00Z", "page_view", "a@x.io");
    add(f, "e4", "2026-03-03T10:00:00Z", "page_view", "c@x.io");
    f->faults.fail_commit = f->faults.commits + 1;
    struct ho_commit_stats cs;
    struct ho_diag diag = { 0 };
    assert_int_equal(ho_engine_commit(f->eng, false, &cs, &diag), HO_ESTORE);
    assert_string_equal(diag.msg, "injected fault: commit 2 failed");

    /* Nothing of the failed commit is in the file: same state, two events. */
    assert_int_equal(ho_test_dump_state(f->path, &after), HO_OK);
    assert_string_equal(ho_buf_cstr(&before), ho_buf_cstr(&after));
    assert_null(strstr(ho_buf_cstr(&after), "c@x.io"));
    assert_int_equal(stored_events(f), 2);

    /* The queued events are still queued: the next commit stores them. */
    f->faults.fail_commit = 0;
    commit_ok(f, 2);
    assert_int_equal(stored_events(f), 4);
    ho_buf_reset(&after);
    assert_int_equal(ho_test_dump_state(f->path, &after), HO_OK);
    assert_non_null(strstr(ho_buf_cstr(&after), "c@x.io|"));
    ho_buf_release(&before);
    ho_buf_release(&after);
}

/* Opening reads no events, only the commit generation: a failed read of it
 * fails the open. */
static void
test_a_failed_read_at_open_fails_it_with_the_reason(void **state)
{
    struct fx *f = *state;
    add(f, "e1", "2026-03-02T10:00:00Z", "page_view", "a@x.io");
    commit_ok(f, 1);
    struct ho_store_faults faults = { .fail_read = 1 }; /* the first read: a setting */
    struct ho_store *st;
    struct ho_engine *eng = (struct ho_engine *)(uintptr_t)1;
    struct ho_diag diag = { 0 };
    assert_int_equal(ho_faults_open_sqlite(f->path, NULL, &faults, &st, NULL), HO_OK);
    assert_int_equal(ho_engine_open(st, &f->defs, 1, &eng, &diag), HO_ESTORE);
    assert_null(eng);
    assert_string_equal(diag.msg, "injected fault: read 1 (setting) failed");
    ho_store_close(st);
}

/* Every read a commit makes, failed in turn: the commit fails with the
 * injected reason and stores nothing; the next one stores the events. */
static void
test_each_failed_read_inside_a_commit_rolls_it_back(void **state)
{
    struct fx *f = *state;
    add(f, "e1", "2026-03-02T10:00:00Z", "page_view", "a@x.io");
    commit_ok(f, 1);
    add(f, "e2", "2026-03-03T10:00:00Z", "page_view", "b@x.io");
    unsigned first = f->faults.reads + 1;
    commit_ok(f, 1); /* counts the reads one commit makes */
    unsigned per_commit = f->faults.reads + 1 - first;
    assert_true(per_commit >= 2); /* at least the definitions and the log tail */
    size_t stored = stored_events(f);
    char id[16];
    for (unsigned k = 0; k < per_commit; k++) {
        snprintf(id, sizeof(id), "x%u", k);
        add(f, id, "2026-03-04T10:00:00Z", "page_view", "a@x.io");
        f->faults.fail_read = f->faults.reads + 1 + k;
        struct ho_commit_stats cs;
        struct ho_diag diag = { 0 };
        ho_rc rc = ho_engine_commit(f->eng, false, &cs, &diag);
        if (rc != HO_ESTORE)
            fail_msg("read %u of %u in a commit did not fail it (rc %d)", k + 1, per_commit, rc);
        assert_non_null(strstr(diag.msg, "injected fault: read"));
        assert_int_equal(stored_events(f), stored);
        f->faults.fail_read = 0;
        commit_ok(f, 1);
        stored++;
        assert_int_equal(stored_events(f), stored);
    }
}

/* A failed commit that put new strings in the dictionary (a type two leads
 * share) rolls them back; the engine's store forgets the ids it was given,
 * so the next commit's blobs refer to entries that exist, across restarts. */
static void
test_dictionary_entries_of_a_failed_commit_are_forgotten(void **state)
{
    struct fx *f = *state;
    add(f, "e1", "2026-03-02T10:00:00Z", "page_view", "a@x.io");
    add(f, "e2", "2026-03-02T10:05:00Z", "page_view", "b@x.io");
    commit_ok(f, 2);
    add(f, "e3", "2026-03-03T10:00:00Z", "webinar_attended", "a@x.io");
    add(f, "e4", "2026-03-03T10:00:00Z", "webinar_attended", "b@x.io");
    f->faults.fail_commit = f->faults.commits + 1;
    struct ho_commit_stats cs;
    assert_int_equal(ho_engine_commit(f->eng, false, &cs, NULL), HO_ESTORE);
    f->faults.fail_commit = 0;
    add(f, "e5", "2026-03-04T10:00:00Z", "trial_started", "c@x.io");
    add(f, "e6", "2026-03-04T10:00:00Z", "trial_started", "a@x.io");
    add(f, "e7", "2026-03-04T11:00:00Z", "webinar_attended", "c@x.io");
    commit_ok(f, 5);
    assert_int_equal(stored_events(f), 7); /* a fresh reader resolves every reference */
    struct ho_store *st;
    struct ho_eventlog log;
    struct ho_store_opts o = { .mode = HO_STORE_READ_ONLY };
    ho_eventlog_init(&log);
    assert_int_equal(ho_store_open_with(f->path, &o, &st, NULL), HO_OK);
    assert_int_equal(ho_store_load_events(st, &log, NULL), HO_OK);
    ho_store_close(st);
    for (size_t i = 0; i < log.n; i++) { /* each event keeps its own type text */
        const char *id = ho_eventlog_str(&log, log.events[i].id);
        const char *type = ho_eventlog_str(&log, log.events[i].type);
        bool webinar = strcmp(id, "e3") == 0 || strcmp(id, "e4") == 0 || strcmp(id, "e7") == 0;
        bool trial = strcmp(id, "e5") == 0 || strcmp(id, "e6") == 0;
        const char *want = webinar ? "webinar_attended" : trial ? "trial_started" : "page_view";
        assert_string_equal(type, want);
    }
    ho_eventlog_release(&log);
    struct ho_buf live = HO_BUF_INIT, rebuilt = HO_BUF_INIT;
    assert_int_equal(ho_test_dump_state(f->path, &live), HO_OK);
    assert_int_equal(ho_engine_rebuild(f->eng, &cs, NULL), HO_OK);
    assert_int_equal(ho_test_dump_state(f->path, &rebuilt), HO_OK);
    assert_string_equal(ho_buf_cstr(&live), ho_buf_cstr(&rebuilt));
    ho_buf_release(&live);
    ho_buf_release(&rebuilt);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_a_failed_commit_leaves_the_database_as_before_and_says_why, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_failed_read_at_open_fails_it_with_the_reason, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_each_failed_read_inside_a_commit_rolls_it_back, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_dictionary_entries_of_a_failed_commit_are_forgotten,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
