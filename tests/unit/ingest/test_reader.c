/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/ingest/test_reader.c - reading JSON Lines files: good records
 * kept, every bad one reported with its line and reason, line endings,
 * BOM, over-long lines, chunking, stopping, progress and the file driver.
 */
#include <errno.h>
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
#include "ingest/reader.h"

#define FIXTURES HO_SOURCE_DIR "/tests/fixtures/ingest/"
#define MAX_SEEN 64

struct rejection {
    uint64_t line;
    ho_rc rc;
    char msg[512];
};

/* A sink that stores events in an event log, and a reject log. */
struct collect {
    struct ho_eventlog log;
    uint64_t ok_lines[MAX_SEEN];
    size_t n_ok;
    struct rejection rej[MAX_SEEN];
    size_t n_rej;
    uint64_t fail_at;  /* the sink fails with HO_ESTORE on this line (0: never) */
    size_t stop_after; /* the reject callback stops after this many (0: never) */
    size_t progress_calls;
    uint64_t done, total;
};

static ho_rc
sink(void *ctx, const struct ho_event_draft *d, uint64_t line, struct ho_diag *diag)
{
    struct collect *c = ctx;
    size_t idx;
    if (line == c->fail_at)
        return ho_diag_set(diag, HO_ESTORE, "disk full");
    ho_rc rc = ho_eventlog_add_draft(&c->log, d, &idx, diag);
    if (rc == HO_OK && c->n_ok < MAX_SEEN)
        c->ok_lines[c->n_ok++] = line;
    return rc;
}

static ho_rc
reject(void *ctx, uint64_t line, const struct ho_diag *why)
{
    struct collect *c = ctx;
    if (c->n_rej < MAX_SEEN) {
        struct rejection *r = &c->rej[c->n_rej++];
        r->line = line;
        r->rc = why->rc;
        (void)snprintf(r->msg, sizeof(r->msg), "%s", why->msg);
    }
    if (c->stop_after != 0 && c->n_rej >= c->stop_after)
        return HO_ELIMIT;
    return HO_OK;
}

static void
progress(void *ctx, uint64_t done, uint64_t total)
{
    struct collect *c = ctx;
    c->progress_calls++;
    c->done = done;
    c->total = total;
}

static int
setup(void **state)
{
    static struct collect c;
    memset(&c, 0, sizeof(c));
    ho_eventlog_init(&c.log);
    *state = &c;
    return 0;
}

static int
teardown(void **state)
{
    struct collect *c = *state;
    ho_eventlog_release(&c->log);
    return 0;
}

static struct ho_ingest_opts
opts_for(struct collect *c, size_t max_record)
{
    return (struct ho_ingest_opts){ sink,        reject, progress, c,   max_record,
                                    HO_CRM_NONE, NULL,   NULL,     NULL };
}

static const char *
id_of(const struct collect *c, size_t i)
{
    return ho_eventlog_str(&c->log, c->log.events[i].id);
}

static char *
read_fixture(const char *name, size_t *len)
{
    char path[512];
    (void)snprintf(path, sizeof(path), FIXTURES "%s", name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    rewind(f);
    char *buf = ho_xmalloc((size_t)n + 1);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    (void)fclose(f);
    *len = (size_t)n;
    return buf;
}

static void
expect_rejection(const struct collect *c, size_t i, uint64_t line, ho_rc rc, const char *msg)
{
    assert_true(i < c->n_rej);
    assert_int_equal(c->rej[i].line, line);
    assert_int_equal(c->rej[i].rc, rc);
    assert_string_equal(c->rej[i].msg, msg);
}

/* The expectations for mixed_bad.jsonl read with max_record 512. */
static void
expect_mixed_bad(const struct collect *c, const struct ho_ingest_stats *st)
{
    static const uint64_t ok[] = { 1, 9, 11, 15 };
    assert_int_equal(st->lines, 15);
    assert_int_equal(st->records, 14); /* line 10 is blank */
    assert_int_equal(st->accepted, 4);
    assert_int_equal(st->rejected, 10);
    assert_int_equal(c->n_ok, 4);
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(c->ok_lines[i], ok[i]);
    assert_string_equal(id_of(c, 2), "m-11");
    assert_int_equal(c->n_rej, 10);
    expect_rejection(c, 0, 2, HO_EPARSE,
                     "invalid JSON at column 108: expected ',' or '}', found the end of the line");
    expect_rejection(c, 1, 3, HO_EPARSE,
                     "field 'ts': date 2026-13-02 does not exist or is before 1970");
    expect_rejection(c, 2, 4, HO_EPARSE, "field 'lead' must be a string, found number");
    expect_rejection(c, 3, 5, HO_EPARSE, "field 'props' must be an object, found array");
    expect_rejection(c, 4, 6, HO_EPARSE, "missing field 'id'");
    expect_rejection(c, 5, 7, HO_EPARSE,
                     "event has neither 'lead' nor 'account' (nor 'anonymous_id')");
    expect_rejection(c, 6, 8, HO_ELIMIT, "nesting deeper than 32 levels at column 244");
    expect_rejection(c, 7, 12, HO_EPARSE, "event type 'identify' needs field 'lead'");
    expect_rejection(c, 8, 13, HO_ELIMIT, "line longer than 512 bytes");
    expect_rejection(c, 9, 14, HO_EPARSE, "field 'type' must be a string, found array");
}

static void
test_a_file_with_bad_lines_keeps_the_good_ones_and_reports_each_bad_one(void **state)
{
    struct collect *c = *state;
    struct ho_ingest_opts o = opts_for(c, 512);
    struct ho_ingest_stats st;
    struct ho_diag diag;
    ho_diag_clear(&diag);
    assert_int_equal(ho_ingest_file(FIXTURES "mixed_bad.jsonl", HO_INGEST_AUTO, &o, &st, &diag),
                     HO_OK);
    expect_mixed_bad(c, &st);
    assert_int_equal(st.bytes, c->total);
}

static void
test_feeding_one_byte_at_a_time_gives_the_same_result(void **state)
{
    struct collect *c = *state;
    struct ho_ingest_opts o = opts_for(c, 512);
    size_t len;
    char *data = read_fixture("mixed_bad.jsonl", &len);
    struct ho_ingest_reader *r = ho_ingest_reader_new(HO_INGEST_JSONL, &o);
    for (size_t i = 0; i < len; i++)
        assert_int_equal(ho_ingest_reader_feed(r, data + i, 1, NULL), HO_OK);
    assert_int_equal(ho_ingest_reader_finish(r, NULL), HO_OK);
    expect_mixed_bad(c, ho_ingest_reader_stats(r));
    assert_int_equal(ho_ingest_reader_stats(r)->bytes, len);
    ho_ingest_reader_free(r);
    ho_xfree(data);
}

static void
test_crlf_endings_and_a_last_line_without_newline_are_read(void **state)
{
    struct collect *c = *state;
    struct ho_ingest_opts o = opts_for(c, 0);
    struct ho_ingest_stats st;
    assert_int_equal(
        ho_ingest_file(FIXTURES "crlf_no_final_newline.jsonl", HO_INGEST_AUTO, &o, &st, NULL),
        HO_OK);
    assert_int_equal(st.lines, 4);
    assert_int_equal(st.records, 3); /* line 3 holds only spaces */
    assert_int_equal(st.accepted, 3);
    assert_int_equal(c->ok_lines[2], 4);
    assert_string_equal(id_of(c, 2), "r-3");
    const struct ho_event *e = &c->log.events[2];
    assert_string_equal(ho_eventlog_str(&c->log, ho_event_props(&c->log, e)[0].val), "/c");
}

static void
test_a_utf8_bom_at_the_start_is_skipped(void **state)
{
    struct collect *c = *state;
    struct ho_ingest_opts o = opts_for(c, 0);
    struct ho_ingest_stats st;
    assert_int_equal(ho_ingest_file(FIXTURES "bom.jsonl", HO_INGEST_JSONL, &o, &st, NULL), HO_OK);
    assert_int_equal(st.accepted, 2);
    assert_int_equal(st.rejected, 0);
    assert_string_equal(id_of(c, 0), "b-1");
    const struct ho_event *e = &c->log.events[1];
    assert_string_equal(ho_eventlog_str(&c->log, e->lead), "zo\xc3\xab@acme.io");
    assert_string_equal(ho_eventlog_str(&c->log, ho_event_props(&c->log, e)[0].val),
                        "Jefe de ventas \xc3\xa9\xf0\x9f\x98\x80");
}

static void
test_a_line_over_the_default_limit_is_rejected_and_the_next_one_kept(void **state)
{
    struct collect *c = *state;
    struct ho_ingest_opts o = opts_for(c, 0);
    struct ho_ingest_stats st;
    static const char head[] = "{\"id\":\"big\",\"props\":{\"blob\":\"";
    static const char good[] = "\"}}\n{\"id\":\"after\",\"ts\":\"2026-03-02T10:00:00Z\","
                               "\"type\":\"t\",\"lead\":\"l\"}\n";
    size_t n = sizeof(head) - 1 + HO_INGEST_MAX_RECORD + sizeof(good) - 1;
    char *data = ho_xmalloc(n);
    memcpy(data, head, sizeof(head) - 1);
    memset(data + sizeof(head) - 1, 'x', HO_INGEST_MAX_RECORD);
    memcpy(data + sizeof(head) - 1 + HO_INGEST_MAX_RECORD, good, sizeof(good) - 1);
    assert_int_equal(ho_ingest_buffer(data, n, HO_INGEST_JSONL, &o, &st, NULL), HO_OK);
    assert_int_equal(st.records, 2);
    assert_int_equal(st.accepted, 1);
    expect_rejection(c, 0, 1, HO_ELIMIT, "line longer than 1048576 bytes");
    assert_string_equal(id_of(c, 0), "after");
    assert_int_equal(c->ok_lines[0], 2);
    ho_xfree(data);
}

static void
test_an_over_long_last_line_without_newline_is_rejected(void **state)
{
    struct collect *c = *state;
    struct ho_ingest_opts o = opts_for(c, 16);
    struct ho_ingest_stats st;
    static const char data[] = "\n{\"id\":\"0123456789abcdef\"}";
    assert_int_equal(ho_ingest_buffer(data, sizeof(data) - 1, HO_INGEST_JSONL, &o, &st, NULL),
                     HO_OK);
    assert_int_equal(st.lines, 2);
    assert_int_equal(st.records, 1);
    expect_rejection(c, 0, 2, HO_ELIMIT, "line longer than 16 bytes");
}

static void
test_a_sink_failure_that_is_not_about_the_record_stops_the_file(void **state)
{
    struct collect *c = *state;
    struct ho_ingest_opts o = opts_for(c, 512);
    struct ho_ingest_stats st;
    struct ho_diag diag;
    ho_diag_clear(&diag);
    c->fail_at = 9;
    assert_int_equal(ho_ingest_file(FIXTURES "mixed_bad.jsonl", HO_INGEST_AUTO, &o, &st, &diag),
                     HO_ESTORE);
    assert_int_equal(diag.rc, HO_ESTORE);
    assert_int_equal(diag.line, 9);
    assert_string_equal(diag.msg, "disk full");
    assert_string_equal(diag.where, FIXTURES "mixed_bad.jsonl");
    assert_int_equal(st.accepted, 1);
    assert_int_equal(st.rejected, 7);
}

static void
test_the_reject_callback_can_stop_the_file(void **state)
{
    struct collect *c = *state;
    struct ho_ingest_opts o = opts_for(c, 512);
    struct ho_ingest_stats st;
    struct ho_diag diag;
    ho_diag_clear(&diag);
    c->stop_after = 2;
    assert_int_equal(ho_ingest_file(FIXTURES "mixed_bad.jsonl", HO_INGEST_AUTO, &o, &st, &diag),
                     HO_ELIMIT);
    assert_int_equal(diag.line, 3);
    assert_string_equal(diag.msg,
                        "stopped at line 3: field 'ts': date 2026-13-02 does not exist or is "
                        "before 1970");
    assert_int_equal(st.rejected, 2);
}

static void
test_without_a_reject_callback_rejects_are_still_counted(void **state)
{
    struct collect *c = *state;
    struct ho_ingest_opts o = { sink, NULL, NULL, c, 512, HO_CRM_NONE, NULL, NULL, NULL };
    struct ho_ingest_stats st;
    assert_int_equal(ho_ingest_file(FIXTURES "mixed_bad.jsonl", HO_INGEST_JSONL, &o, &st, NULL),
                     HO_OK);
    assert_int_equal(st.accepted, 4);
    assert_int_equal(st.rejected, 10);
}

static void
test_progress_reports_bytes_read_against_the_file_size(void **state)
{
    struct collect *c = *state;
    struct ho_ingest_opts o = opts_for(c, 0);
    struct ho_ingest_stats st;
    size_t len;
    ho_xfree(read_fixture("events_good.jsonl", &len));
    assert_int_equal(ho_ingest_file(FIXTURES "events_good.jsonl", HO_INGEST_AUTO, &o, &st, NULL),
                     HO_OK);
    assert_true(c->progress_calls >= 1);
    assert_int_equal(c->done, len);
    assert_int_equal(c->total, len);
    assert_int_equal(st.accepted, 8);
}

static void
test_the_format_follows_the_file_name(void **state)
{
    (void)state;
    assert_int_equal(ho_ingest_format_for("a.jsonl"), HO_INGEST_JSONL);
    assert_int_equal(ho_ingest_format_for("dir.v2/A.NDJSON"), HO_INGEST_JSONL);
    assert_int_equal(ho_ingest_format_for("a.json"), HO_INGEST_JSONL);
    assert_int_equal(ho_ingest_format_for("-"), HO_INGEST_JSONL);
    assert_int_equal(ho_ingest_format_for("export.CSV"), HO_INGEST_CSV);
    assert_int_equal(ho_ingest_format_for("events.txt"), HO_INGEST_AUTO);
    assert_int_equal(ho_ingest_format_for("csv"), HO_INGEST_AUTO);
}

static void
test_an_unknown_extension_or_a_missing_file_is_an_error(void **state)
{
    struct collect *c = *state;
    struct ho_ingest_opts o = opts_for(c, 0);
    struct ho_ingest_stats st;
    struct ho_diag diag;
    ho_diag_clear(&diag);
    assert_int_equal(ho_ingest_file("events.txt", HO_INGEST_AUTO, &o, &st, &diag), HO_EINVAL);
    assert_string_equal(diag.msg, "cannot tell the format of 'events.txt' from its name (use "
                                  ".jsonl, .ndjson, .json or .csv)");
    ho_diag_clear(&diag);
    assert_int_equal(ho_ingest_file("/nonexistent/e.jsonl", HO_INGEST_AUTO, &o, &st, &diag),
                     HO_EIO);
    assert_string_equal(diag.msg, "cannot open '/nonexistent/e.jsonl': No such file or directory");
    assert_int_equal(diag.sys_errno, ENOENT);
    assert_int_equal(st.records, 0);
}

static void
test_a_finished_reader_refuses_more_input(void **state)
{
    struct collect *c = *state;
    struct ho_ingest_opts o = opts_for(c, 0);
    struct ho_diag diag;
    struct ho_ingest_reader *r = ho_ingest_reader_new(HO_INGEST_JSONL, &o);
    ho_diag_clear(&diag);
    assert_int_equal(ho_ingest_reader_finish(r, NULL), HO_OK);
    assert_int_equal(ho_ingest_reader_feed(r, "{}", 2, &diag), HO_EINVAL);
    assert_string_equal(diag.msg, "the reader has already stopped");
    assert_int_equal(ho_ingest_reader_stats(r)->records, 0);
    ho_ingest_reader_free(r);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_a_file_with_bad_lines_keeps_the_good_ones_and_reports_each_bad_one),
        T(test_feeding_one_byte_at_a_time_gives_the_same_result),
        T(test_crlf_endings_and_a_last_line_without_newline_are_read),
        T(test_a_utf8_bom_at_the_start_is_skipped),
        T(test_a_line_over_the_default_limit_is_rejected_and_the_next_one_kept),
        T(test_an_over_long_last_line_without_newline_is_rejected),
        T(test_a_sink_failure_that_is_not_about_the_record_stops_the_file),
        T(test_the_reject_callback_can_stop_the_file),
        T(test_without_a_reject_callback_rejects_are_still_counted),
        T(test_progress_reports_bytes_read_against_the_file_size),
        T(test_the_format_follows_the_file_name),
        T(test_an_unknown_extension_or_a_missing_file_is_an_error),
        T(test_a_finished_reader_refuses_more_input),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
