/* SPDX-License-Identifier: MIT */
/*
 * ingest/reader.h - reading event files: JSON Lines or CSV, record by record.
 *
 * The reader splits input into physical lines (large buffered reads and
 * memchr, no per-line I/O), strips a "\r" before each "\n" and a UTF-8 BOM
 * at the start, skips blank lines, and hands every line to the format's
 * decoder (ingest/event_map.h, ingest/csv_events.h, ingest/segment_map.h).  Each decoded record
 * goes to the sink; each record that cannot be used goes to the reject callback with its line and
 * reason, and reading goes on: good records of a file are never lost because of a bad one
 * (DESIGN.md section 3).
 *
 * A record is rejected when
 *   - the decoder refuses it (malformed JSON or CSV, wrong field types,
 *     limits), or
 *   - its values break the input contract (ingest/validate.h: a blank id,
 *     lead or type, a nurture without a reason, an amount that is not a
 *     number from 0 to 1e15), or
 *   - the sink returns HO_EPARSE, HO_ELIMIT or HO_ECONFLICT for it (e.g. the
 *     validation of ho_eventlog_add_draft()), or
 *   - its line (or CSV record) is longer than max_record: "line longer than
 *     N bytes"; the reader then skips to the next newline.
 * Any other error from the sink, an I/O error, a bad CSV header, or a
 * non-OK result from the reject callback stops the file: the function
 * returns it with diag->line set to the record's line where there is one.
 *
 * Line numbers are 1-based physical lines; a CSV record that spans lines is
 * reported with the line it starts on.
 */
#ifndef HO_INGEST_READER_H
#define HO_INGEST_READER_H

#include <stddef.h>
#include <stdint.h>

#include "base/rc.h"
#include "ingest/crm.h"

struct ho_event_draft;
struct ho_segment_def;

enum ho_ingest_format {
    HO_INGEST_AUTO =
        0, /* from the name: .jsonl .ndjson .json -> JSONL, .csv -> CSV, "-" -> JSONL */
    HO_INGEST_JSONL,
    HO_INGEST_CSV,
    HO_INGEST_SEGMENT, /* JSON Lines of Segment / RudderStack messages (ingest/segment_map.h) */
};

/* Default cap on one line (JSONL) or record (CSV). */
#define HO_INGEST_MAX_RECORD ((size_t)1 << 20)

struct ho_ingest_stats {
    uint64_t lines;    /* physical lines read */
    uint64_t records;  /* records met: non-blank JSONL lines, CSV data rows */
    uint64_t accepted; /* records the sink took */
    uint64_t rejected; /* records reported to the reject callback */
    uint64_t bytes;    /* bytes read (up to the line that stopped the file, if one did) */
};

/* Called once per decoded record; d borrows from the reader until it
 * returns.  line: where the record starts. */
typedef ho_rc (*ho_ingest_sink_fn)(void *ctx, const struct ho_event_draft *d, uint64_t line,
                                   struct ho_diag *diag);
/* Called once per rejected record; why->msg says why (why->rc, why->column
 * where known).  HO_OK goes on; anything else stops the file. */
typedef ho_rc (*ho_ingest_reject_fn)(void *ctx, uint64_t line, const struct ho_diag *why);
/* Called after every block read and at the end; total is 0 when unknown
 * (a pipe). */
typedef void (*ho_ingest_progress_fn)(void *ctx, uint64_t done, uint64_t total);

struct ho_ingest_opts {
    ho_ingest_sink_fn sink;         /* required */
    ho_ingest_reject_fn reject;     /* may be NULL: rejects are only counted */
    ho_ingest_progress_fn progress; /* may be NULL */
    void *ctx;                      /* passed to all three */
    size_t max_record;              /* 0: HO_INGEST_MAX_RECORD */
    /* CSV only: the file is this CRM's export (ingest/crm.h), mapped onto
     * events; HO_CRM_NONE: a header of event fields. */
    enum ho_crm_source crm;
    /* CRM: told the dialect the header showed; may be NULL. */
    void (*detected)(void *ctx, const char *what);
    /* CRM: the active definitions' `mapping:` section, consulted before the
     * built-in tables; NULL or empty: the built-in tables only. */
    const struct ho_mapping *mapping;
    /* Segment: the definitions' `segment:` section (track event names);
     * NULL: the documented defaults. */
    const struct ho_segment_def *segment;
};

/* The format a file name implies, or HO_INGEST_AUTO when it implies none. */
enum ho_ingest_format ho_ingest_format_for(const char *path);

/* HO_INGEST_SEGMENT when the first non-blank line of the file at path (a
 * regular file whose name implies JSON Lines) is a Segment message
 * (ho_segment_sniff(): top-level messageId and type), else what its name
 * implies.  Reads at most the first 64 KiB; an unreadable file gives what
 * its name implies (reading it then reports the error). */
enum ho_ingest_format ho_ingest_detect(const char *path);

/* The CRM export a .csv file's header line shows (ingest/crm.h), or
 * HO_CRM_NONE (also when it cannot be read: the import says why). */
enum ho_crm_source ho_ingest_detect_crm(const char *path);

/*
 * Read the file at path ("-" = standard input) in format fmt (AUTO: from
 * its name) and feed its records to opts->sink.  *stats is always filled
 * in, also on failure (counts so far).  Returns HO_OK when the whole file
 * was read (rejected records included: see stats->rejected), HO_EINVAL for
 * an unknown format, HO_EIO when it cannot be opened or read (diag->sys_errno
 * set), or the error that stopped it (see above).  diag->where names path.
 */
HO_MUST_CHECK ho_rc ho_ingest_file(const char *path, enum ho_ingest_format fmt,
                                   const struct ho_ingest_opts *opts, struct ho_ingest_stats *stats,
                                   struct ho_diag *diag);

/* The same over the bytes data[0..len) (fmt must not be AUTO). */
HO_MUST_CHECK ho_rc ho_ingest_buffer(const char *data, size_t len, enum ho_ingest_format fmt,
                                     const struct ho_ingest_opts *opts,
                                     struct ho_ingest_stats *stats, struct ho_diag *diag);

/*
 * The incremental form underneath, for streams that arrive in pieces (HTTP
 * bodies): feed any number of chunks, split anywhere, then finish once.
 * After a call fails the reader only accepts ho_ingest_reader_free().
 */
struct ho_ingest_reader;

/* fmt: HO_INGEST_JSONL, HO_INGEST_CSV or HO_INGEST_SEGMENT.  Owned: ho_ingest_reader_free(). */
struct ho_ingest_reader *ho_ingest_reader_new(enum ho_ingest_format fmt,
                                              const struct ho_ingest_opts *opts);
void ho_ingest_reader_free(struct ho_ingest_reader *r); /* NULL-safe */
HO_MUST_CHECK ho_rc ho_ingest_reader_feed(struct ho_ingest_reader *r, const char *data, size_t len,
                                          struct ho_diag *diag);
HO_MUST_CHECK ho_rc ho_ingest_reader_finish(struct ho_ingest_reader *r, struct ho_diag *diag);
/* Counts so far (borrowed from r). */
const struct ho_ingest_stats *ho_ingest_reader_stats(const struct ho_ingest_reader *r);

#endif /* HO_INGEST_READER_H */
