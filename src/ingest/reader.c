/* SPDX-License-Identifier: MIT */
/*
 * ingest/reader.c - line splitting, record accounting and the file driver
 * (see reader.h).
 *
 * Lines that lie wholly inside a fed chunk are decoded in place; only a
 * line cut by the end of a chunk is copied (into carry) to be completed by
 * the next one.  With 1 MiB reads that is one copy per MiB, not per line.
 */
#include "ingest/reader.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/xalloc.h"
#include "core/event.h"
#include "ingest/csv_events.h"
#include "ingest/event_map.h"
#include "ingest/segment_map.h"
#include "ingest/validate.h"

#define READ_BLOCK  ((size_t)1 << 20)
#define SNIFF_BYTES ((size_t)64 << 10) /* ho_ingest_detect() reads this much */

struct ho_ingest_reader {
    enum ho_ingest_format fmt;
    struct ho_ingest_opts opts;
    struct ho_ingest_stats st;
    size_t max;
    uint64_t line; /* the line being assembled, 1-based */
    char *carry;   /* owned: the start of a line cut by the end of a chunk */
    size_t carry_len, carry_cap;
    bool skipping;                      /* discarding the rest of an over-long line */
    bool stopped;                       /* failed or finished: no more input accepted */
    struct ho_event_decoder *jsonl;     /* owned, JSONL only */
    struct ho_csv_events *csv;          /* owned, CSV only */
    struct ho_segment_decoder *segment; /* owned, Segment only */
    struct ho_crm *crm;                 /* owned, CRM exports only */
};

static uint32_t
line32(uint64_t line)
{
    return line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
}

/* Make *d empty without clearing all of its bytes (this runs per record). */
static void
diag_reset(struct ho_diag *d)
{
    d->rc = HO_OK;
    d->sys_errno = 0;
    d->line = d->column = 0;
    d->where[0] = '\0';
    d->msg[0] = '\0';
}

/*---- record accounting ----*/

/* Count a rejected record (already counted as a record) and report it. */
static ho_rc
report(struct ho_ingest_reader *r, uint64_t line, struct ho_diag *why, struct ho_diag *diag)
{
    r->st.rejected++;
    if (why->rc == HO_OK)
        why->rc = HO_EPARSE;
    if (why->msg[0] == '\0')
        (void)snprintf(why->msg, sizeof(why->msg), "record rejected (%s)", ho_rc_str(why->rc));
    why->line = line32(line);
    if (r->opts.reject == NULL)
        return HO_OK;
    ho_rc rc = r->opts.reject(r->opts.ctx, line, why);
    if (rc == HO_OK)
        return HO_OK;
    return ho_diag_at(diag, rc, line32(line), why->column, "stopped at line %" PRIu64 ": %s", line,
                      why->msg);
}

static ho_rc
reject_record(struct ho_ingest_reader *r, uint64_t line, struct ho_diag *why, struct ho_diag *diag)
{
    r->st.records++;
    return report(r, line, why, diag);
}

static bool
is_record_error(ho_rc rc)
{
    return rc == HO_EPARSE || rc == HO_ELIMIT || rc == HO_ECONFLICT;
}

/* Hand a decoded record to the sink, unless its values break the input
 * contract (ingest/validate.h). */
static ho_rc
deliver(struct ho_ingest_reader *r, const struct ho_event_draft *d, uint64_t line,
        struct ho_diag *diag)
{
    struct ho_diag why;
    diag_reset(&why);
    if (ho_ingest_check_draft(d, &why) != HO_OK)
        return reject_record(r, line, &why, diag);
    r->st.records++;
    ho_rc rc = r->opts.sink(r->opts.ctx, d, line, &why);
    if (rc == HO_OK) {
        r->st.accepted++;
        return HO_OK;
    }
    if (is_record_error(rc))
        return report(r, line, &why, diag);
    if (diag != NULL) {
        *diag = why;
        diag->rc = rc;
        diag->line = line32(line);
    }
    return rc;
}

/* The CSV decoder's callbacks. */
static ho_rc
csv_record(void *ctx, const struct ho_event_draft *d, uint64_t line, struct ho_diag *diag)
{
    return deliver(ctx, d, line, diag);
}

static ho_rc
csv_bad(void *ctx, uint64_t line, const struct ho_diag *why, struct ho_diag *diag)
{
    struct ho_diag copy = *why;
    return reject_record(ctx, line, &copy, diag);
}

/* CRM exports: the CSV cells go to the CRM mapper, its drafts back here. */
static ho_rc
crm_cells(void *ctx, const struct ho_slice *cells, size_t n, uint64_t line, struct ho_diag *diag)
{
    struct ho_ingest_reader *r = ctx;
    return ho_crm_row(r->crm, cells, n, line, diag);
}

static bool
crm_skip(void *ctx, const struct ho_slice *cells, size_t n)
{
    (void)ctx;
    return ho_crm_is_footer(cells, n);
}

static void
crm_detected(void *ctx, const char *what)
{
    struct ho_ingest_reader *r = ctx;
    if (r->opts.detected)
        r->opts.detected(r->opts.ctx, what);
}

/*---- lines ----*/

static bool
is_blank(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
            return false;
    }
    return true;
}

static ho_rc
jsonl_line(struct ho_ingest_reader *r, const char *p, size_t n, struct ho_diag *diag)
{
    struct ho_event_draft d;
    struct ho_diag why;
    if (n == 0 || ((p[0] == ' ' || p[0] == '\t') && is_blank(p, n)))
        return HO_OK;
    diag_reset(&why);
    ho_rc rc = r->segment ? ho_segment_decode(r->segment, r->opts.segment, p, n, &d, &why)
                          : ho_event_decode(r->jsonl, p, n, &d, &why);
    if (rc != HO_OK)
        return reject_record(r, r->line, &why, diag);
    return deliver(r, &d, r->line, diag);
}

/* A complete line p[0..n), without its "\n". */
static ho_rc
on_line(struct ho_ingest_reader *r, const char *p, size_t n, struct ho_diag *diag)
{
    if (n > 0 && p[n - 1] == '\r')
        n--;
    if (r->line == 1 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
        p += 3;
        n -= 3;
    }
    if (r->fmt == HO_INGEST_CSV)
        return ho_csv_events_line(r->csv, p, n, r->line, diag);
    return jsonl_line(r, p, n, diag);
}

/* The line r->line is longer than the limit. */
static ho_rc
overlong(struct ho_ingest_reader *r, struct ho_diag *diag)
{
    struct ho_diag why;
    if (r->fmt == HO_INGEST_CSV)
        return ho_csv_events_overlong(r->csv, r->line, diag);
    diag_reset(&why);
    ho_diag_set(&why, HO_ELIMIT, "line longer than %zu bytes", r->max);
    return reject_record(r, r->line, &why, diag);
}

static void
carry_add(struct ho_ingest_reader *r, const char *p, size_t n)
{
    HO_GROW(r->carry, r->carry_cap, ho_size_add(r->carry_len, n));
    memcpy(r->carry + r->carry_len, p, n);
    r->carry_len += n;
}

/* Keep the unfinished line p[0..n) for the next chunk. */
static ho_rc
hold(struct ho_ingest_reader *r, const char *p, size_t n, struct ho_diag *diag)
{
    if (r->carry_len + n > r->max) {
        r->carry_len = 0;
        r->skipping = true;
        return overlong(r, diag);
    }
    carry_add(r, p, n);
    return HO_OK;
}

/* The line that ends at p[n] (a "\n"). */
static ho_rc
complete_line(struct ho_ingest_reader *r, const char *p, size_t n, struct ho_diag *diag)
{
    ho_rc rc;
    if (r->carry_len + n > r->max) {
        r->carry_len = 0;
        return overlong(r, diag);
    }
    if (r->carry_len == 0)
        return on_line(r, p, n, diag);
    carry_add(r, p, n);
    rc = on_line(r, r->carry, r->carry_len, diag);
    r->carry_len = 0;
    return rc;
}

ho_rc
ho_ingest_reader_feed(struct ho_ingest_reader *r, const char *data, size_t len,
                      struct ho_diag *diag)
{
    if (r->stopped)
        return ho_diag_set(diag, HO_EINVAL, "the reader has already stopped");
    while (len > 0) {
        const char *nl = memchr(data, '\n', len);
        size_t n = nl != NULL ? (size_t)(nl - data) : len;
        ho_rc rc = HO_OK;
        if (nl == NULL)
            rc = r->skipping ? HO_OK : hold(r, data, len, diag);
        else if (r->skipping)
            r->skipping = false;
        else
            rc = complete_line(r, data, n, diag);
        /* Bytes count as read up to the end of the line that was handled,
         * so the counts never depend on how the input was chunked. */
        r->st.bytes += nl != NULL ? n + 1 : len;
        if (rc != HO_OK) {
            r->stopped = true;
            return rc;
        }
        if (nl == NULL)
            break;
        data += n + 1;
        len -= n + 1;
        r->line++;
        r->st.lines++;
    }
    return HO_OK;
}

ho_rc
ho_ingest_reader_finish(struct ho_ingest_reader *r, struct ho_diag *diag)
{
    ho_rc rc = HO_OK;
    if (r->stopped)
        return ho_diag_set(diag, HO_EINVAL, "the reader has already stopped");
    r->stopped = true;
    if (r->carry_len > 0 || r->skipping) {
        r->st.lines++; /* a last line without "\n" */
        if (r->carry_len > 0)
            rc = on_line(r, r->carry, r->carry_len, diag);
        r->carry_len = 0;
    }
    if (rc == HO_OK && r->fmt == HO_INGEST_CSV)
        rc = ho_csv_events_finish(r->csv, diag);
    return rc;
}

struct ho_ingest_reader *
ho_ingest_reader_new(enum ho_ingest_format fmt, const struct ho_ingest_opts *opts)
{
    struct ho_ingest_reader *r = ho_xcalloc(1, sizeof(*r));
    HO_ASSERT(fmt == HO_INGEST_JSONL || fmt == HO_INGEST_CSV || fmt == HO_INGEST_SEGMENT);
    HO_ASSERT(opts->sink != NULL);
    r->fmt = fmt;
    r->opts = *opts;
    r->max = opts->max_record ? opts->max_record : HO_INGEST_MAX_RECORD;
    r->line = 1;
    if (fmt == HO_INGEST_CSV) {
        struct ho_csv_events_cb cb = { .record = csv_record, .bad = csv_bad, .ctx = r };
        if (opts->crm != HO_CRM_NONE) {
            struct ho_crm_cb crm = { csv_record, csv_bad, crm_detected, r };
            struct ho_crm_mapping map = *ho_crm_default_mapping();
            map.user = opts->mapping;
            r->crm = ho_crm_new(opts->crm, &map, &crm);
            cb.row = crm_cells;
            cb.skip = crm_skip;
        }
        r->csv = ho_csv_events_new(&cb, r->max);
    } else if (fmt == HO_INGEST_SEGMENT) {
        r->segment = ho_segment_decoder_new();
    } else {
        r->jsonl = ho_event_decoder_new();
    }
    return r;
}

void
ho_ingest_reader_free(struct ho_ingest_reader *r)
{
    if (r == NULL)
        return;
    ho_event_decoder_free(r->jsonl);
    ho_segment_decoder_free(r->segment);
    ho_csv_events_free(r->csv);
    ho_crm_free(r->crm);
    ho_xfree(r->carry);
    ho_xfree(r);
}

const struct ho_ingest_stats *
ho_ingest_reader_stats(const struct ho_ingest_reader *r)
{
    return &r->st;
}

/*---- whole inputs ----*/

static bool
ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s);
    size_t m = strlen(suffix);
    if (n < m)
        return false;
    for (size_t i = 0; i < m; i++) {
        char c = s[n - m + i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != suffix[i])
            return false;
    }
    return true;
}

enum ho_ingest_format
ho_ingest_format_for(const char *path)
{
    if (strcmp(path, "-") == 0 || ends_with(path, ".jsonl") || ends_with(path, ".ndjson") ||
        ends_with(path, ".json"))
        return HO_INGEST_JSONL;
    if (ends_with(path, ".csv"))
        return HO_INGEST_CSV;
    return HO_INGEST_AUTO;
}

/* How much of a file's start is read to find its header line. */
#define DETECT_BYTES ((size_t)64 * 1024)

enum ho_crm_source
ho_ingest_detect_crm(const char *path)
{
    if (ho_ingest_format_for(path) != HO_INGEST_CSV)
        return HO_CRM_NONE;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return HO_CRM_NONE; /* the import itself reports why */
    char *head = ho_xmalloc(DETECT_BYTES);
    size_t n = fread(head, 1, DETECT_BYTES, f);
    (void)fclose(f);
    const char *nl = memchr(head, '\n', n);
    enum ho_crm_source src = ho_crm_detect_header(head, nl ? (size_t)(nl - head) : n);
    ho_xfree(head);
    return src;
}

ho_rc
ho_ingest_buffer(const char *data, size_t len, enum ho_ingest_format fmt,
                 const struct ho_ingest_opts *opts, struct ho_ingest_stats *stats,
                 struct ho_diag *diag)
{
    struct ho_ingest_reader *r = ho_ingest_reader_new(fmt, opts);
    ho_rc rc = ho_ingest_reader_feed(r, data, len, diag);
    if (rc == HO_OK)
        rc = ho_ingest_reader_finish(r, diag);
    *stats = r->st;
    ho_ingest_reader_free(r);
    return rc;
}

static ho_rc
io_error(struct ho_diag *diag, const char *what, const char *path, int err)
{
    ho_rc rc = ho_diag_set(diag, HO_EIO, "cannot %s '%s': %s", what, path, strerror(err));
    if (diag != NULL)
        diag->sys_errno = err;
    return rc;
}

/* Read f to the end through r. */
static ho_rc
pump(struct ho_ingest_reader *r, FILE *f, const char *path, uint64_t total, struct ho_diag *diag)
{
    char *buf = ho_xmalloc(READ_BLOCK);
    ho_rc rc = HO_OK;
    for (;;) {
        size_t n = fread(buf, 1, READ_BLOCK, f);
        if (n > 0)
            rc = ho_ingest_reader_feed(r, buf, n, diag);
        if (rc != HO_OK)
            break;
        if (r->opts.progress != NULL)
            r->opts.progress(r->opts.ctx, r->st.bytes, total);
        if (n < READ_BLOCK && ferror(f)) {
            rc = io_error(diag, "read", path, errno);
            break;
        }
        if (n < READ_BLOCK && feof(f))
            break;
    }
    ho_xfree(buf);
    if (rc == HO_OK)
        rc = ho_ingest_reader_finish(r, diag);
    return rc;
}

/* The first non-blank line of p[0..n) (BOM and "\r" stripped) into *line. */
static size_t
first_line(const char *p, size_t n, const char **line)
{
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
        p += 3;
        n -= 3;
    }
    while (n > 0) {
        const char *nl = memchr(p, '\n', n);
        size_t len = nl ? (size_t)(nl - p) : n;
        if (len > 0 && p[len - 1] == '\r')
            len--;
        if (!is_blank(p, len)) {
            *line = p;
            return len;
        }
        if (!nl)
            break;
        n -= (size_t)(nl - p) + 1;
        p = nl + 1;
    }
    return 0;
}

enum ho_ingest_format
ho_ingest_detect(const char *path)
{
    enum ho_ingest_format by_name = ho_ingest_format_for(path);
    struct stat sb;
    if (by_name != HO_INGEST_JSONL || strcmp(path, "-") == 0 || stat(path, &sb) != 0 ||
        !S_ISREG(sb.st_mode))
        return by_name;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return by_name;
    char *buf = ho_xmalloc(SNIFF_BYTES);
    size_t n = fread(buf, 1, SNIFF_BYTES, f);
    (void)fclose(f);
    const char *line = NULL;
    size_t len = first_line(buf, n, &line);
    bool seg = len > 0 && ho_segment_sniff(line, len);
    ho_xfree(buf);
    return seg ? HO_INGEST_SEGMENT : by_name;
}

ho_rc
ho_ingest_file(const char *path, enum ho_ingest_format fmt, const struct ho_ingest_opts *opts,
               struct ho_ingest_stats *stats, struct ho_diag *diag)
{
    bool is_stdin = strcmp(path, "-") == 0;
    struct stat sb;
    uint64_t total = 0;
    ho_rc rc;

    memset(stats, 0, sizeof(*stats));
    if (fmt == HO_INGEST_AUTO)
        fmt = ho_ingest_format_for(path);
    if (fmt == HO_INGEST_AUTO)
        return ho_diag_set(diag, HO_EINVAL,
                           "cannot tell the format of '%s' from its name (use .jsonl, .ndjson, "
                           ".json or .csv)",
                           path);
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (f == NULL)
        return io_error(diag, "open", path, errno);
    if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode))
        total = (uint64_t)sb.st_size;
    struct ho_ingest_reader *r = ho_ingest_reader_new(fmt, opts);
    rc = pump(r, f, path, total, diag);
    *stats = r->st;
    ho_ingest_reader_free(r);
    if (!is_stdin)
        (void)fclose(f);
    if (rc != HO_OK && diag != NULL)
        (void)snprintf(diag->where, sizeof(diag->where), "%s", path);
    return rc;
}
