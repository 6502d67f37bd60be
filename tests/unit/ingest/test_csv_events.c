/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/ingest/test_csv_events.c - CSV event files: the header, the
 * mapping onto drafts (the same events as JSON Lines), and every bad
 * record with its start line and reason.
 */
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
#define MAX_SEEN 32

struct rejection {
    uint64_t line;
    char msg[512];
};

struct collect {
    struct ho_eventlog log;
    uint64_t ok_lines[MAX_SEEN];
    size_t n_ok;
    struct rejection rej[MAX_SEEN];
    size_t n_rej;
};

static ho_rc
sink(void *ctx, const struct ho_event_draft *d, uint64_t line, struct ho_diag *diag)
{
    struct collect *c = ctx;
    size_t idx;
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
        c->rej[c->n_rej].line = line;
        (void)snprintf(c->rej[c->n_rej++].msg, sizeof(c->rej[0].msg), "%s", why->msg);
    }
    return HO_OK;
}

static int
setup(void **state)
{
    static struct collect c[2];
    memset(c, 0, sizeof(c));
    ho_eventlog_init(&c[0].log);
    ho_eventlog_init(&c[1].log);
    *state = c;
    return 0;
}

static int
teardown(void **state)
{
    struct collect *c = *state;
    ho_eventlog_release(&c[0].log);
    ho_eventlog_release(&c[1].log);
    return 0;
}

static ho_rc
read_csv_text(struct collect *c, const char *text, size_t max, struct ho_ingest_stats *st,
              struct ho_diag *diag)
{
    struct ho_ingest_opts o = { sink, reject, NULL, c, max, HO_CRM_NONE, NULL, NULL, NULL };
    return ho_ingest_buffer(text, strlen(text), HO_INGEST_CSV, &o, st, diag);
}

static ho_rc
read_file(struct collect *c, const char *name, struct ho_ingest_stats *st, struct ho_diag *diag)
{
    struct ho_ingest_opts o = { sink, reject, NULL, c, 0, HO_CRM_NONE, NULL, NULL, NULL };
    char path[512];
    (void)snprintf(path, sizeof(path), FIXTURES "%s", name);
    return ho_ingest_file(path, HO_INGEST_AUTO, &o, st, diag);
}

static const char *
text(const struct collect *c, uint32_t id)
{
    return ho_eventlog_str(&c->log, id);
}

static void
expect_rejection(const struct collect *c, size_t i, uint64_t line, const char *msg)
{
    assert_true(i < c->n_rej);
    assert_int_equal(c->rej[i].line, line);
    assert_string_equal(c->rej[i].msg, msg);
}

/* Compare the events of a and b by their text, pair by pair. */
static void
expect_same_events(const struct collect *a, const struct collect *b)
{
    assert_int_equal(a->log.n, b->log.n);
    for (size_t i = 0; i < a->log.n; i++) {
        const struct ho_event *x = &a->log.events[i];
        const struct ho_event *y = &b->log.events[i];
        assert_true(x->ts == y->ts);
        assert_string_equal(text(a, x->id), text(b, y->id));
        assert_string_equal(text(a, x->type), text(b, y->type));
        assert_string_equal(text(a, x->lead), text(b, y->lead));
        assert_string_equal(text(a, x->account), text(b, y->account));
        assert_string_equal(text(a, x->channel), text(b, y->channel));
        assert_string_equal(text(a, x->campaign), text(b, y->campaign));
        assert_int_equal(x->n_props, y->n_props);
        assert_int_equal(x->n_traits, y->n_traits);
        const struct ho_kv *kx = ho_event_props(&a->log, x);
        const struct ho_kv *ky = ho_event_props(&b->log, y);
        for (size_t k = 0; k < (size_t)x->n_props + x->n_traits; k++) {
            assert_string_equal(text(a, kx[k].key), text(b, ky[k].key));
            assert_string_equal(text(a, kx[k].val), text(b, ky[k].val));
        }
    }
}

static void
test_csv_and_jsonl_of_the_same_events_give_the_same_events(void **state)
{
    struct collect *c = *state;
    struct ho_ingest_stats sj;
    struct ho_ingest_stats sc;
    assert_int_equal(read_file(&c[0], "events_good.jsonl", &sj, NULL), HO_OK);
    assert_int_equal(read_file(&c[1], "events_good.csv", &sc, NULL), HO_OK);
    assert_int_equal(sj.accepted, 8);
    assert_int_equal(sc.accepted, 8);
    assert_int_equal(sc.rejected, 0);
    assert_int_equal(sc.records, 8); /* the header is not a record */
    expect_same_events(&c[0], &c[1]);
    /* Spot checks by hand: the quoted title, the nested key, the number. */
    const struct ho_eventlog *log = &c[1].log;
    assert_string_equal(text(&c[1], ho_event_traits(log, &log->events[0])[0].val),
                        "VP, Sales \"EMEA\"");
    assert_string_equal(text(&c[1], ho_event_props(log, &log->events[6])[1].key), "utm.source");
    assert_string_equal(text(&c[1], ho_event_traits(log, &log->events[7])[1].val), "120");
    assert_int_equal(c[1].ok_lines[7], 9);
}

static void
test_bad_rows_are_reported_with_their_start_line_and_good_rows_kept(void **state)
{
    struct collect *c = *state;
    struct ho_ingest_stats st;
    assert_int_equal(read_file(c, "bad_rows.csv", &st, NULL), HO_OK);
    assert_int_equal(st.lines, 12);
    /* Line 8 is all empty; lines 4-5 are one record.  Line 11 leaves a
     * quote open: it is rejected and line 12 read again, and kept. */
    assert_int_equal(st.records, 9);
    assert_int_equal(st.accepted, 3);
    assert_int_equal(st.rejected, 6);
    assert_int_equal(c->ok_lines[0], 2);
    assert_int_equal(c->ok_lines[1], 4);
    assert_int_equal(c->ok_lines[2], 12);
    assert_string_equal(text(c, c->log.events[2].id), "c-12");
    const struct ho_event *e = &c->log.events[1];
    assert_string_equal(text(c, ho_event_props(&c->log, e)[0].val), "multi\nline");
    assert_int_equal(e->n_traits, 0);
    expect_rejection(c, 0, 3, "expected 6 fields (as in the header), found 5");
    expect_rejection(c, 1, 6,
                     "malformed CSV at line 6, column 52: a '\"' inside an unquoted field (quote "
                     "the whole field and double the quote)");
    expect_rejection(c, 2, 7, "field 'ts': expected a date as YYYY-MM-DD");
    expect_rejection(c, 3, 9, "event has neither 'lead' nor 'account' (nor 'anonymous_id')");
    expect_rejection(c, 4, 10,
                     "malformed CSV at line 10, column 57: text after a closing quote (a quote "
                     "inside a quoted field must be doubled)");
    expect_rejection(c, 5, 11,
                     "unterminated quote at column 51: reading resumes at the next line that is "
                     "a record");
}

static void
test_feeding_one_byte_at_a_time_gives_the_same_rows(void **state)
{
    struct collect *c = *state;
    struct ho_ingest_stats whole;
    assert_int_equal(read_file(&c[0], "bad_rows.csv", &whole, NULL), HO_OK);
    FILE *f = fopen(FIXTURES "bad_rows.csv", "rb");
    assert_non_null(f);
    struct ho_ingest_opts o = { sink, reject, NULL, &c[1], 0, HO_CRM_NONE, NULL, NULL, NULL };
    struct ho_ingest_reader *r = ho_ingest_reader_new(HO_INGEST_CSV, &o);
    int ch;
    while ((ch = fgetc(f)) != EOF) {
        char b = (char)ch;
        assert_int_equal(ho_ingest_reader_feed(r, &b, 1, NULL), HO_OK);
    }
    (void)fclose(f);
    assert_int_equal(ho_ingest_reader_finish(r, NULL), HO_OK);
    assert_memory_equal(ho_ingest_reader_stats(r), &whole, sizeof(whole));
    ho_ingest_reader_free(r);
    assert_int_equal(c[1].n_rej, c[0].n_rej);
    for (size_t i = 0; i < c[0].n_rej; i++)
        expect_rejection(&c[1], i, c[0].rej[i].line, c[0].rej[i].msg);
    expect_same_events(&c[0], &c[1]);
}

static void
test_an_unknown_column_stops_the_file_at_line_1_listing_the_allowed_ones(void **state)
{
    struct collect *c = *state;
    struct ho_ingest_stats st;
    struct ho_diag diag;
    ho_diag_clear(&diag);
    assert_int_equal(read_file(c, "unknown_column.csv", &st, &diag), HO_EPARSE);
    assert_int_equal(diag.line, 1);
    assert_string_equal(diag.msg, "unknown column 'score'; allowed: id, ts, type, lead, account, "
                                  "channel, campaign, anonymous_id, props.<name>, traits.<name>");
    assert_string_equal(diag.where, FIXTURES "unknown_column.csv");
    assert_int_equal(st.records, 0);
    assert_int_equal(c->log.n, 0);
}

static void
test_other_header_errors_are_named(void **state)
{
    struct collect *c = *state;
    struct ho_ingest_stats st;
    struct ho_diag diag;
    ho_diag_clear(&diag);
    assert_int_equal(read_csv_text(c, "id,ts,type,lead,ts\n", 0, &st, &diag), HO_EPARSE);
    assert_string_equal(diag.msg, "column 'ts' appears twice");
    assert_int_equal(read_csv_text(c, "ts,type,lead\n", 0, &st, &diag), HO_EPARSE);
    assert_string_equal(diag.msg, "missing column 'id'");
    assert_int_equal(read_csv_text(c, "id,ts,type,props.lead\n", 0, &st, &diag), HO_EPARSE);
    assert_string_equal(diag.msg, "the header needs a 'lead' or an 'account' column");
    assert_int_equal(read_csv_text(c, "id,ts,type,lead,props.\n", 0, &st, &diag), HO_EPARSE);
    assert_string_equal(diag.msg, "unknown column 'props.'; allowed: id, ts, type, lead, account, "
                                  "channel, campaign, anonymous_id, props.<name>, traits.<name>");
    /* The header may come after blank lines; its line is then reported. */
    assert_int_equal(read_csv_text(c, "\n\nid,ts,type,lead,x\n", 0, &st, &diag), HO_EPARSE);
    assert_int_equal(diag.line, 3);
}

static void
test_a_bom_crlf_and_a_quoted_field_over_two_lines_are_read(void **state)
{
    struct collect *c = *state;
    struct ho_ingest_stats st;
    assert_int_equal(read_file(c, "bom_crlf.csv", &st, NULL), HO_OK);
    assert_int_equal(st.lines, 5);
    assert_int_equal(st.accepted, 2);
    assert_int_equal(c->ok_lines[0], 2);
    assert_int_equal(c->ok_lines[1], 5);
    const struct ho_event *e = c->log.events;
    assert_string_equal(text(c, e[0].id), "q-1");
    assert_string_equal(text(c, ho_event_props(&c->log, &e[0])[0].val), "first\nsecond");
    assert_int_equal(e[1].lead, 0);
    assert_string_equal(text(c, e[1].account), "acme.io");
    /* libcsv trims the spaces around an unquoted field. */
    assert_string_equal(text(c, ho_event_props(&c->log, &e[1])[0].val), "spaced");
}

static void
test_empty_cells_are_absent_fields(void **state)
{
    struct collect *c = *state;
    struct ho_ingest_stats st;
    assert_int_equal(read_csv_text(c,
                                   "id,ts,type,lead,account,channel,props.form,traits.title\n"
                                   "e-1,2026-03-02T10:00:00Z,form_submit,ana@acme.io,,,demo,\n",
                                   0, &st, NULL),
                     HO_OK);
    const struct ho_event *e = c->log.events;
    assert_int_equal(e->account, 0);
    assert_int_equal(e->channel, 0);
    assert_int_equal(e->n_props, 1);
    assert_int_equal(e->n_traits, 0);
}

static void
test_a_cell_that_is_not_utf8_is_rejected(void **state)
{
    struct collect *c = *state;
    struct ho_ingest_stats st;
    assert_int_equal(read_csv_text(c,
                                   "id,ts,type,lead\n"
                                   "e-1,2026-03-02T10:00:00Z,t,Jos\xe9\n"
                                   "e-2,2026-03-02T10:00:00Z,t,Jos\xc3\xa9\n",
                                   0, &st, NULL),
                     HO_OK);
    assert_int_equal(st.accepted, 1);
    expect_rejection(c, 0, 2, "column 'lead' is not valid UTF-8 (save the file as UTF-8)");
}

static void
test_a_quote_left_open_is_cut_off_at_the_record_limit_and_reading_resumes(void **state)
{
    struct collect *c = *state;
    struct ho_ingest_stats st;
    assert_int_equal(read_csv_text(c,
                                   "id,ts,type,lead,props.note\n"
                                   "o-2,2026-03-02T10:00:00Z,page_view,ana@acme.io,\"open\n"
                                   "still inside the quote, still inside the quote\n"
                                   "more text more text more text\n"
                                   "o-5,2026-03-02T10:00:00Z,page_view,ana@acme.io,ok\n",
                                   120, &st, NULL),
                     HO_OK);
    /* Lines 3 and 4 do not read as records (2 and 1 fields): they are the
     * rest of the bad one, skipped with it. */
    expect_rejection(c, 0, 2,
                     "unterminated quote at column 48: reading resumes at the next line that is "
                     "a record");
    assert_int_equal(c->n_rej, 1);
    assert_int_equal(st.records, 2);
    assert_int_equal(st.accepted, 1);
    assert_int_equal(c->ok_lines[0], 5);
    assert_string_equal(text(c, c->log.events[0].id), "o-5");
}

/* The ids of the events kept, joined with spaces. */
static const char *
kept_ids(const struct collect *c)
{
    static char out[512];
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; i < c->log.n && n < sizeof(out); i++)
        n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s", i ? " " : "",
                              text(c, c->log.events[i].id));
    return out;
}

/* open_quote.csv: 5 records, record 2 (line 3) opens a quote at column 48
 * ("q-2," 4 + the time and comma 21 + "form_submit," 12 + "b@acme.io," 10)
 * and never closes it, so before recovery it swallowed records 3-5 (lines
 * 4-6) to the end of the file. */
static void
test_an_unterminated_quote_mid_file_loses_only_its_own_record(void **state)
{
    struct collect *c = *state;
    struct ho_ingest_stats st;
    assert_int_equal(read_file(c, "open_quote.csv", &st, NULL), HO_OK);
    assert_string_equal(kept_ids(c), "q-1 q-3 q-4 q-5");
    assert_int_equal(c->ok_lines[1], 4);
    assert_int_equal(c->ok_lines[3], 6);
    assert_int_equal(st.records, 5);
    assert_int_equal(st.rejected, 1);
    expect_rejection(c, 0, 3,
                     "unterminated quote at column 48: reading resumes at the next line that is "
                     "a record");
}

#define HEAD         "id,ts,type,lead,props.form\n"
#define REC(n, form) "q-" #n ",2026-03-02T10:0" #n ":00Z,form_submit,a@acme.io," form "\n"

/* The next record's own quote closes the runaway one: "text after a
 * closing quote" on line 4 once made record 2 and 3 one bad record. */
static void
test_a_quote_closed_by_the_next_record_loses_only_the_bad_record(void **state)
{
    struct collect *c = *state;
    struct ho_ingest_stats st;
    assert_int_equal(read_csv_text(c,
                                   HEAD REC(1, "demo") REC(2, "\"demo") REC(3, "\"trial\"")
                                       REC(4, "demo") REC(5, "demo"),
                                   0, &st, NULL),
                     HO_OK);
    assert_string_equal(kept_ids(c), "q-1 q-3 q-4 q-5");
    assert_string_equal(text(c, ho_event_props(&c->log, &c->log.events[1])[0].val), "trial");
    assert_int_equal(c->n_rej, 1);
    expect_rejection(c, 0, 3,
                     "unterminated quote at column 48: reading resumes at the next line that is "
                     "a record");
}

/* Two runaway quotes that balance make one record over lines 3-4 with
 * 4 + 1 + 4 - 1 = 8 fields (line 3's first four, the swallowed text, line
 * 4's fields after its quote), not the header's 5. */
static void
test_runaway_quotes_that_balance_are_caught_by_the_field_count(void **state)
{
    struct collect *c = *state;
    struct ho_ingest_stats st;
    assert_int_equal(
        read_csv_text(
            c,
            HEAD REC(1, "demo") REC(
                2, "\"demo") "q-3,2026-03-02T10:03:00Z,\",form_submit,a@acme.io,x\n" REC(4, "demo"),
            0, &st, NULL),
        HO_OK);
    assert_string_equal(kept_ids(c), "q-1 q-4");
    assert_int_equal(c->n_rej, 2);
    expect_rejection(c, 0, 3,
                     "record over lines 3-4 has 8 fields, expected 5 (a quote left open?): "
                     "reading resumes at the next line that is a record");
    /* Line 4 read again on its own opens a quote at column 26 ("q-3," 4 +
     * 21) that line 5 does not close: rejected in turn, line 5 kept. */
    expect_rejection(c, 1, 4,
                     "unterminated quote at column 26: reading resumes at the next line that is "
                     "a record");
}

/* A legitimate field over several lines is untouched, also right after a
 * bad one, and lines that are the rest of the bad one are skipped. */
static void
test_recovery_keeps_quoted_fields_over_lines_and_skips_the_bad_ones_rest(void **state)
{
    struct collect *c = *state;
    struct ho_ingest_stats st;
    assert_int_equal(read_csv_text(c,
                                   HEAD REC(1, "\"one\ntwo\"")
                                       REC(2, "\"left open") "second line of the note\n" REC(
                                           3, "\"three\nfour\"") REC(4, "demo"),
                                   0, &st, NULL),
                     HO_OK);
    assert_string_equal(kept_ids(c), "q-1 q-3 q-4");
    assert_string_equal(text(c, ho_event_props(&c->log, &c->log.events[0])[0].val), "one\ntwo");
    assert_string_equal(text(c, ho_event_props(&c->log, &c->log.events[1])[0].val), "three\nfour");
    assert_int_equal(c->ok_lines[1], 6);
    assert_int_equal(c->ok_lines[2], 8);
    assert_int_equal(c->n_rej, 1);
    assert_int_equal(c->rej[0].line, 4);
    assert_int_equal(st.records, 4);
}

/* The quote left open on the last line: nothing to read again. */
static void
test_a_quote_open_on_the_last_line_is_reported_with_its_column(void **state)
{
    struct collect *c = *state;
    struct ho_ingest_stats st;
    assert_int_equal(read_csv_text(c, HEAD REC(1, "demo") REC(2, "\"demo"), 0, &st, NULL), HO_OK);
    assert_string_equal(kept_ids(c), "q-1");
    expect_rejection(c, 0, 3,
                     "unterminated quote at column 48: the file ends inside the quoted field");
}

static void
test_an_over_long_csv_line_is_rejected_and_the_next_row_kept(void **state)
{
    struct collect *c = *state;
    struct ho_ingest_stats st;
    assert_int_equal(read_csv_text(c,
                                   "id,ts,type,lead,props.note\n"
                                   "l-2,2026-03-02T10:00:00Z,page_view,ana@acme.io,"
                                   "0123456789012345678901234567890123456789\n"
                                   "l-3,2026-03-02T10:00:00Z,page_view,ana@acme.io,ok\n",
                                   64, &st, NULL),
                     HO_OK);
    expect_rejection(c, 0, 2, "line longer than 64 bytes");
    assert_int_equal(st.accepted, 1);
    assert_int_equal(c->ok_lines[0], 3);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_csv_and_jsonl_of_the_same_events_give_the_same_events),
        T(test_bad_rows_are_reported_with_their_start_line_and_good_rows_kept),
        T(test_feeding_one_byte_at_a_time_gives_the_same_rows),
        T(test_an_unknown_column_stops_the_file_at_line_1_listing_the_allowed_ones),
        T(test_other_header_errors_are_named),
        T(test_a_bom_crlf_and_a_quoted_field_over_two_lines_are_read),
        T(test_empty_cells_are_absent_fields),
        T(test_a_cell_that_is_not_utf8_is_rejected),
        T(test_a_quote_left_open_is_cut_off_at_the_record_limit_and_reading_resumes),
        T(test_an_unterminated_quote_mid_file_loses_only_its_own_record),
        T(test_a_quote_closed_by_the_next_record_loses_only_the_bad_record),
        T(test_runaway_quotes_that_balance_are_caught_by_the_field_count),
        T(test_recovery_keeps_quoted_fields_over_lines_and_skips_the_bad_ones_rest),
        T(test_a_quote_open_on_the_last_line_is_reported_with_its_column),
        T(test_an_over_long_csv_line_is_rejected_and_the_next_row_kept),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
