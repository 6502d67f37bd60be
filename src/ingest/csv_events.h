/* SPDX-License-Identifier: MIT */
/*
 * ingest/csv_events.h - CSV files of events, on libcsv.
 *
 * The first non-blank record is the header; its cells name the fields with
 * the JSON names: id, ts, type, lead, account, channel, campaign, and
 * props.<key> / traits.<key> (a dotted key is kept as is: the column
 * props.utm.source gives the prop "utm.source", as the JSON scanner's
 * flattening does).  Every later record is one event draft; an empty cell
 * means the field is absent, and a record whose cells are all empty is
 * skipped like a blank line.  Values are taken verbatim (libcsv trims
 * unquoted cells; quotes keep spaces).  Every cell must be UTF-8.
 *
 * Input arrives one physical line at a time, without its line terminator
 * (the reader splits lines and strips "\r" and a leading BOM); a quoted
 * field may span lines, and a record is reported with the line it starts
 * on.  libcsv runs with CSV_STRICT | CSV_STRICT_FINI.
 *
 * A record whose quoted field runs over lines and then cannot be read (a
 * malformed later line, the record limit, the end of the file, the wrong
 * field count: the marks of a quote left open) is rejected at its first
 * line, and the lines after it are read again: those that do not read as a
 * record are skipped with it, and reading resumes at the first that does.
 * So a stray quote costs its own record, never the good ones after it.
 *
 * Errors about one record go to the bad callback and decoding goes on:
 *   "expected N fields (as in the header), found M"
 *   "malformed CSV at line L, column C: a '\"' inside an unquoted field
 *    (quote the whole field and double the quote)"
 *   "malformed CSV at line L, column C: text after a closing quote (a
 *    quote inside a quoted field must be doubled)"
 *   "unterminated quote at column C: reading resumes at the next line that
 *    is a record"
 *   "record over lines L-F has M fields, expected N (a quote left open?):
 *    reading resumes at the next line that is a record"
 *   "unterminated quote at column C: the file ends inside the quoted field"
 *   "record longer than N bytes (is a quote left open?)"
 *   "column 'x' is not valid UTF-8 (save the file as UTF-8)"
 * Header errors stop the file (HO_EPARSE or HO_ELIMIT, diag->line set):
 *   "unknown column 'x'; allowed: id, ts, type, lead, account, channel,
 *    campaign, props.<name>, traits.<name>"
 *   "column 'x' appears twice", "missing column 'id'",
 *   "the header needs a 'lead' or an 'account' column".
 */
#ifndef HO_INGEST_CSV_EVENTS_H
#define HO_INGEST_CSV_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/rc.h"

struct ho_event_draft;
struct ho_slice;
struct ho_csv_events;

/*
 * Callbacks.  record gets each complete draft (borrowed until it returns)
 * with the line its record starts on; bad gets each rejected record.  Both
 * return HO_OK to go on; any other result stops decoding and is returned
 * by the feeding call, with diag (the feeding call's own) filled in.
 */
struct ho_csv_events_cb {
    ho_rc (*record)(void *ctx, const struct ho_event_draft *d, uint64_t line, struct ho_diag *diag);
    ho_rc (*bad)(void *ctx, uint64_t line, const struct ho_diag *why, struct ho_diag *diag);
    /* Raw mode (NULL: events mode, as above): the header and every record
     * go here as their cells instead, the header first (a non-OK result
     * for it stops the file); the field count and UTF-8 are still checked
     * and the bad ones go to bad.  For CRM exports (ingest/crm.h). */
    ho_rc (*row)(void *ctx, const struct ho_slice *cells, size_t n, uint64_t line,
                 struct ho_diag *diag);
    /* Raw mode, may be NULL: a record on one line with the wrong field
     * count for which this says true is skipped quietly (report footers). */
    bool (*skip)(void *ctx, const struct ho_slice *cells, size_t n);
    void *ctx;
};

/* A decoder; max_record caps the bytes of one record (all its lines).
 * Owned: ho_csv_events_free(). */
struct ho_csv_events *ho_csv_events_new(const struct ho_csv_events_cb *cb, size_t max_record);
void ho_csv_events_free(struct ho_csv_events *c); /* NULL-safe */

/* Feed physical line number lineno (its text, without the terminator). */
HO_MUST_CHECK ho_rc ho_csv_events_line(struct ho_csv_events *c, const char *line, size_t len,
                                       uint64_t lineno, struct ho_diag *diag);

/* Line lineno was too long to read: reject the record it belongs to,
 * "line longer than N bytes", and start afresh with the next line. */
HO_MUST_CHECK ho_rc ho_csv_events_overlong(struct ho_csv_events *c, uint64_t lineno,
                                           struct ho_diag *diag);

/* End of input: an open quoted field is rejected. */
HO_MUST_CHECK ho_rc ho_csv_events_finish(struct ho_csv_events *c, struct ho_diag *diag);

#endif /* HO_INGEST_CSV_EVENTS_H */
