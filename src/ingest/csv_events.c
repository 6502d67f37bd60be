/* SPDX-License-Identifier: MIT */
/*
 * ingest/csv_events.c - CSV events on libcsv (see csv_events.h).
 *
 * libcsv hands over one field at a time (cb1, from a buffer it reuses) and
 * then the end of the record (cb2).  Fields are copied into this decoder's
 * row buffer; at the end of a record the draft is built from slices of it.
 * Callbacks cannot return errors to libcsv, so a stop request is kept in
 * c->stop and the remaining callbacks of that chunk do nothing.
 *
 * Recovery from a quote left open.  A record whose quoted field runs past
 * the end of its line keeps a copy of its lines (c->rec; records on one
 * line, the common case, copy nothing).  When such a record cannot be read
 * (a parse error on a later line, the record limit, the end of the file,
 * or the wrong number of fields), it is rejected at its first line and its
 * other lines go back into c->queue to be read again as records, in
 * "resync" mode: lines that do not read as a record (wrong field count,
 * malformed) are taken as the rest of the bad one and skipped quietly,
 * until the first line that is a record (the header's field count, or the
 * start of a quoted field that goes on to the next line).  A line that was
 * inside the runaway quote reads, on its own, with the opposite quote
 * state, so it is read again at most once and the work stays linear.
 */
#include "ingest/csv_events.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <csv.h>

#include "base/xalloc.h"
#include "core/event.h"
#include "ingest/utf8.h"

#define CSV_OPTIONS  (CSV_STRICT | CSV_STRICT_FINI)
#define CSV_BLOCK    ((size_t)64 * 1024) /* libcsv grows its field buffer by this */
#define N_FIXED      8
#define MAX_COLS     (N_FIXED + HO_EVENT_MAX_KV)
#define MSG_NAME_MAX 64
#define ALLOWED_NAMES \
    "id, ts, type, lead, account, channel, campaign, anonymous_id, props.<name>, traits.<name>"

enum col_kind {
    K_ID,
    K_TS,
    K_TYPE,
    K_LEAD,
    K_ACCOUNT,
    K_CHANNEL,
    K_CAMPAIGN,
    K_ANONYMOUS,
    K_PROP,
    K_TRAIT
};

static const char *const fixed_names[N_FIXED] = {
    "id", "ts", "type", "lead", "account", "channel", "campaign", "anonymous_id"
};

struct col {
    enum col_kind kind;
    size_t name_off, name_len; /* the header cell, in names */
    size_t key_off;            /* props./traits.: where the key starts, in names */
};

struct cell {
    size_t off, len; /* in row */
};

/* Copies of physical lines, in file order. */
struct saved_line {
    uint64_t no;
    size_t off, len; /* in the list's text */
    bool overlong;   /* the line was too long to read: no text */
};

struct line_list {
    char *text; /* owned */
    size_t len, cap;
    struct saved_line *v; /* owned */
    size_t n, vcap;
};

/* How an open record failed inside a libcsv callback (the others fail in
 * feed_line, where recovery can run at once). */
enum fail_kind { FAIL_NONE, FAIL_COUNT };

struct ho_csv_events {
    struct csv_parser p;
    int idle_state; /* libcsv's parser state between records (as after csv_init) */
    struct ho_csv_events_cb cb;
    size_t max;
    bool have_header;
    struct col cols[MAX_COLS];
    size_t ncols;
    char *names; /* owned: the header's text */
    char *row;   /* owned: the current record's field bytes */
    size_t row_len, row_cap;
    struct cell cells[MAX_COLS + 1];
    size_t ncells;  /* stored cells (at most MAX_COLS + 1) */
    size_t nfields; /* fields in the current record, stored or not */
    bool nonempty;  /* some field of the current record is not empty */
    uint64_t rec_line;
    size_t rec_bytes;
    ho_rc stop;             /* HO_OK, or why the current feed stops */
    struct ho_diag *diag;   /* the current feeding call's */
    struct line_list rec;   /* the open record's lines, when it spans lines */
    struct line_list queue; /* lines to read again, from qpos on */
    size_t qpos;
    bool resync;         /* skipping to the next line that is a record */
    enum fail_kind fail; /* a multi-line record failed in a callback */
    size_t fail_fields;  /* its field count (FAIL_COUNT) */
    struct ho_draft_kv kv[2][HO_EVENT_MAX_KV];
    struct ho_slice raw[MAX_COLS]; /* raw mode: the cells handed to cb.row */
};

static uint32_t
line32(uint64_t line)
{
    return line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
}

static void
clear_row(struct ho_csv_events *c)
{
    c->row_len = 0;
    c->ncells = 0;
    c->nfields = 0;
    c->nonempty = false;
}

static void
list_clear(struct line_list *l)
{
    l->len = 0;
    l->n = 0;
}

static void
list_free(struct line_list *l)
{
    ho_xfree(l->text);
    ho_xfree(l->v);
    memset(l, 0, sizeof(*l));
}

static void
list_add(struct line_list *l, uint64_t no, const char *text, size_t len, bool overlong)
{
    HO_GROW(l->v, l->vcap, l->n + 1);
    HO_GROW(l->text, l->cap, ho_size_add(l->len, len) + 1);
    if (len != 0)
        memcpy(l->text + l->len, text, len);
    l->v[l->n++] = (struct saved_line){ no, l->len, len, overlong };
    l->len += len;
}

static void
init_parser(struct ho_csv_events *c)
{
    int rc = csv_init(&c->p, CSV_OPTIONS);
    HO_ASSERT(rc == 0);
    csv_set_realloc_func(&c->p, ho_xrealloc);
    csv_set_free_func(&c->p, ho_xfree);
    csv_set_blk_size(&c->p, CSV_BLOCK);
    c->idle_state = c->p.pstate;
}

static void
reset_parser(struct ho_csv_events *c)
{
    csv_free(&c->p);
    init_parser(c);
    clear_row(c);
    list_clear(&c->rec);
}

/* Is a record open: a quoted field going on past the line just fed? */
static bool
record_open(const struct ho_csv_events *c)
{
    return !(c->p.pstate == c->idle_state && c->nfields == 0);
}

struct ho_csv_events *
ho_csv_events_new(const struct ho_csv_events_cb *cb, size_t max_record)
{
    struct ho_csv_events *c = ho_xcalloc(1, sizeof(*c));
    c->cb = *cb;
    c->max = max_record;
    init_parser(c);
    return c;
}

void
ho_csv_events_free(struct ho_csv_events *c)
{
    if (c == NULL)
        return;
    csv_free(&c->p);
    ho_xfree(c->names);
    ho_xfree(c->row);
    list_free(&c->rec);
    list_free(&c->queue);
    ho_xfree(c);
}

/* Reject the current record: the bad callback decides whether to go on. */
static void bad(struct ho_csv_events *c, uint64_t line, const char *fmt, ...) HO_PRINTF(3, 4);

static void
bad(struct ho_csv_events *c, uint64_t line, const char *fmt, ...)
{
    struct ho_diag why;
    va_list ap;
    memset(&why, 0, sizeof(why));
    va_start(ap, fmt);
    (void)vsnprintf(why.msg, sizeof(why.msg), fmt, ap);
    va_end(ap);
    why.rc = HO_EPARSE;
    why.line = line32(line);
    if (c->stop == HO_OK)
        c->stop = c->cb.bad(c->cb.ctx, line, &why, c->diag);
}

/*---- the header ----*/

static int
classify(const char *name, size_t len, size_t *key_off)
{
    for (int i = 0; i < N_FIXED; i++) {
        if (strlen(fixed_names[i]) == len && memcmp(name, fixed_names[i], len) == 0)
            return i;
    }
    if (len > 6 && memcmp(name, "props.", 6) == 0) {
        *key_off = 6;
        return K_PROP;
    }
    if (len > 7 && memcmp(name, "traits.", 7) == 0) {
        *key_off = 7;
        return K_TRAIT;
    }
    return -1;
}

static int
name_len(size_t len)
{
    return len > MSG_NAME_MAX ? MSG_NAME_MAX : (int)len;
}

/* Check one header cell and add it as column c->ncols. */
static ho_rc
add_column(struct ho_csv_events *c, const struct cell *cell)
{
    const char *name = c->names + cell->off;
    struct col *col = &c->cols[c->ncols];
    size_t key_off = 0;
    int kind;

    if (!ho_utf8_valid(name, cell->len))
        return ho_diag_at(c->diag, HO_EPARSE, line32(c->rec_line), 0,
                          "column %zu of the header is not valid UTF-8 (save the file as UTF-8)",
                          c->ncols + 1);
    kind = classify(name, cell->len, &key_off);
    if (kind < 0)
        return ho_diag_at(c->diag, HO_EPARSE, line32(c->rec_line), 0,
                          "unknown column '%.*s'; allowed: " ALLOWED_NAMES, name_len(cell->len),
                          name);
    for (size_t i = 0; i < c->ncols; i++) {
        if (c->cols[i].name_len == cell->len &&
            memcmp(c->names + c->cols[i].name_off, name, cell->len) == 0)
            return ho_diag_at(c->diag, HO_EPARSE, line32(c->rec_line), 0,
                              "column '%.*s' appears twice", name_len(cell->len), name);
    }
    *col = (struct col){ (enum col_kind)kind, cell->off, cell->len, cell->off + key_off };
    c->ncols++;
    return HO_OK;
}

static bool
has_kind(const struct ho_csv_events *c, enum col_kind kind)
{
    for (size_t i = 0; i < c->ncols; i++) {
        if (c->cols[i].kind == kind)
            return true;
    }
    return false;
}

static ho_rc
parse_header(struct ho_csv_events *c)
{
    ho_rc rc;
    if (c->nfields > MAX_COLS)
        return ho_diag_at(c->diag, HO_ELIMIT, line32(c->rec_line), 0,
                          "the header has %zu columns, more than %d", c->nfields, MAX_COLS);
    c->names = ho_xmalloc(c->row_len + 1);
    if (c->row_len != 0)
        memcpy(c->names, c->row, c->row_len);
    for (size_t i = 0; i < c->ncells; i++) {
        rc = add_column(c, &c->cells[i]);
        if (rc != HO_OK)
            return rc;
    }
    for (int k = K_ID; k <= K_TYPE; k++) {
        if (!has_kind(c, (enum col_kind)k))
            return ho_diag_at(c->diag, HO_EPARSE, line32(c->rec_line), 0, "missing column '%s'",
                              fixed_names[k]);
    }
    if (!has_kind(c, K_LEAD) && !has_kind(c, K_ACCOUNT))
        return ho_diag_at(c->diag, HO_EPARSE, line32(c->rec_line), 0,
                          "the header needs a 'lead' or an 'account' column");
    c->have_header = true;
    return HO_OK;
}

/*---- records ----*/

/* Build the draft of the current record into *d; false when rejected. */
static bool
build_draft(struct ho_csv_events *c, struct ho_event_draft *d)
{
    struct ho_slice *fixed[N_FIXED] = { &d->id,      &d->ts,      &d->type,     &d->lead,
                                        &d->account, &d->channel, &d->campaign, &d->anonymous };
    size_t n[2] = { 0, 0 };
    memset(d, 0, sizeof(*d));
    for (size_t i = 0; i < c->ncols; i++) {
        const struct col *col = &c->cols[i];
        struct ho_slice val = { c->row + c->cells[i].off, c->cells[i].len };
        if (val.len == 0)
            continue;
        if (!ho_utf8_valid(val.ptr, val.len)) {
            bad(c, c->rec_line, "column '%.*s' is not valid UTF-8 (save the file as UTF-8)",
                name_len(col->name_len), c->names + col->name_off);
            return false;
        }
        if (col->kind < K_PROP) {
            *fixed[col->kind] = val;
            continue;
        }
        int g = col->kind == K_PROP ? 0 : 1;
        c->kv[g][n[g]].key = (struct ho_slice){ c->names + col->key_off,
                                                col->name_len - (col->key_off - col->name_off) };
        c->kv[g][n[g]++].val = val;
    }
    d->props = n[0] ? c->kv[0] : NULL;
    d->n_props = n[0];
    d->traits = n[1] ? c->kv[1] : NULL;
    d->n_traits = n[1];
    return true;
}

/* Raw mode: the cells of the current record, each checked as UTF-8
 * (named by its header cell), to cb.row; false when rejected. */
static bool
raw_cells(struct ho_csv_events *c)
{
    for (size_t i = 0; i < c->ncells && i < MAX_COLS; i++) {
        struct ho_slice val = { c->row + c->cells[i].off, c->cells[i].len };
        if (!ho_utf8_valid(val.ptr, val.len)) {
            if (!c->have_header)
                return false;
            bad(c, c->rec_line, "column '%.*s' is not valid UTF-8 (save the file as UTF-8)",
                name_len(c->cols[i].name_len), c->names + c->cols[i].name_off);
            return false;
        }
        c->raw[i] = val;
    }
    return true;
}

/* Raw mode: the header fixes the field count and names the cells. */
static ho_rc
raw_header(struct ho_csv_events *c)
{
    if (c->nfields > MAX_COLS)
        return ho_diag_at(c->diag, HO_ELIMIT, line32(c->rec_line), 0,
                          "the header has %zu columns, more than %d", c->nfields, MAX_COLS);
    if (!raw_cells(c))
        return ho_diag_at(c->diag, HO_EPARSE, line32(c->rec_line), 0,
                          "the header is not valid UTF-8 (save the file as UTF-8)");
    c->names = ho_xmalloc(c->row_len + 1);
    if (c->row_len != 0)
        memcpy(c->names, c->row, c->row_len);
    for (size_t i = 0; i < c->ncells; i++) {
        c->cols[i] = (struct col){ K_PROP, c->cells[i].off, c->cells[i].len, c->cells[i].off };
        c->raw[i].ptr = c->names + c->cells[i].off;
    }
    c->ncols = c->ncells;
    c->have_header = true;
    return c->cb.row(c->cb.ctx, c->raw, c->ncols, c->rec_line, c->diag);
}

static void
end_record(struct ho_csv_events *c)
{
    struct ho_event_draft d;
    if (c->stop != HO_OK || c->fail != FAIL_NONE || !c->nonempty)
        return; /* stopping, failed, or a blank record */
    if (!c->have_header) {
        c->stop = c->cb.row ? raw_header(c) : parse_header(c);
        return;
    }
    if (c->nfields != c->ncols) {
        if (c->resync)
            return; /* the rest of a bad record */
        if (c->rec.n > 0) {
            /* Spans lines: a quote left open is the likely cause. */
            c->fail = FAIL_COUNT;
            c->fail_fields = c->nfields;
            return;
        }
        if (c->cb.skip && c->nfields <= MAX_COLS) {
            if (!raw_cells(c) || c->cb.skip(c->cb.ctx, c->raw, c->nfields))
                return; /* rejected as not UTF-8, or a footer */
        }
        bad(c, c->rec_line, "expected %zu fields (as in the header), found %zu", c->ncols,
            c->nfields);
        return;
    }
    c->resync = false;
    list_clear(&c->rec);
    if (c->cb.row) {
        if (raw_cells(c))
            c->stop = c->cb.row(c->cb.ctx, c->raw, c->ncols, c->rec_line, c->diag);
        return;
    }
    if (build_draft(c, &d))
        c->stop = c->cb.record(c->cb.ctx, &d, c->rec_line, c->diag);
}

static void
on_field(void *field, size_t len, void *data)
{
    struct ho_csv_events *c = data;
    if (c->fail != FAIL_NONE)
        return; /* the line is read again */
    c->nfields++;
    if (len != 0)
        c->nonempty = true;
    if (c->ncells > MAX_COLS)
        return; /* too many for any header: counted, not kept */
    HO_GROW(c->row, c->row_cap, ho_size_add(c->row_len, len));
    if (len != 0)
        memcpy(c->row + c->row_len, field, len);
    c->cells[c->ncells++] = (struct cell){ c->row_len, len };
    c->row_len += len;
}

static void
on_record(int term, void *data)
{
    struct ho_csv_events *c = data;
    (void)term;
    end_record(c);
    clear_row(c);
}

static void
parse_error(struct ho_csv_events *c, const char *line, size_t len, size_t at, uint64_t lineno)
{
    uint32_t col = ho_utf8_column(line, at < len ? at : len);
    if (at < len && line[at] == '"' && !c->p.quoted)
        bad(c, c->rec_line,
            "malformed CSV at line %" PRIu64 ", column %" PRIu32 ": a '\"' inside an unquoted "
            "field (quote the whole field and double the quote)",
            lineno, col);
    else
        bad(c, c->rec_line,
            "malformed CSV at line %" PRIu64 ", column %" PRIu32 ": text after a closing quote "
            "(a quote inside a quoted field must be doubled)",
            lineno, col);
}

/* The byte offset of the quote left open at the end of line s[0..n), or n. */
static size_t
open_quote_at(const char *s, size_t n)
{
    size_t open = n;
    bool quoted = false;
    bool field_start = true;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (quoted) {
            if (ch == '"' && i + 1 < n && s[i + 1] == '"')
                i++;
            else if (ch == '"')
                quoted = false;
            continue;
        }
        if (ch == ',') {
            field_start = true;
        } else if (field_start && ch == '"') {
            quoted = true;
            open = i;
        } else if (ch != ' ' && ch != '\t') {
            field_start = false;
        }
    }
    return quoted ? open : n;
}

static uint32_t
open_quote_column(const struct ho_csv_events *c)
{
    const struct saved_line *first = &c->rec.v[0];
    const char *text = c->rec.text + first->off;
    return ho_utf8_column(text, open_quote_at(text, first->len));
}

/*
 * The open record (c->rec, two lines or more counting the current one)
 * cannot be read: reject it at its first line, and queue its other lines
 * and the current one (line, len, lineno; none at the end of the file)
 * before the lines still queued.  line may point into the old queue: the
 * caller must not use it afterwards.
 */
static void
recover(struct ho_csv_events *c, const char *line, size_t len, uint64_t lineno, bool overlong,
        bool at_end)
{
    struct line_list q = { 0 };
    uint64_t first = c->rec.v[0].no;
    if (c->fail == FAIL_COUNT)
        bad(c, first,
            "record over lines %" PRIu64 "-%" PRIu64 " has %zu fields, expected %zu (a quote "
            "left open?): reading resumes at the next line that is a record",
            first, lineno, c->fail_fields, c->ncols);
    else
        bad(c, first,
            "unterminated quote at column %" PRIu32 ": reading resumes at the next line that "
            "is a record",
            open_quote_column(c));
    for (size_t i = 1; i < c->rec.n; i++)
        list_add(&q, c->rec.v[i].no, c->rec.text + c->rec.v[i].off, c->rec.v[i].len, false);
    if (!at_end)
        list_add(&q, lineno, line, len, overlong);
    for (size_t i = c->qpos; i < c->queue.n; i++) {
        const struct saved_line *e = &c->queue.v[i];
        list_add(&q, e->no, c->queue.text + e->off, e->len, e->overlong);
    }
    list_free(&c->queue);
    c->queue = q;
    c->qpos = 0;
    c->fail = FAIL_NONE;
    c->resync = true;
    reset_parser(c);
}

/* Can a failure of the open record be recovered from by reading again? */
static bool
can_recover(const struct ho_csv_events *c)
{
    return c->have_header && c->rec.n > 0;
}

static void
start_line(struct ho_csv_events *c, uint64_t lineno)
{
    if (c->p.pstate == c->idle_state && c->nfields == 0) {
        c->rec_line = lineno;
        c->rec_bytes = 0;
        list_clear(&c->rec);
    }
}

static void
feed_line(struct ho_csv_events *c, const char *line, size_t len, uint64_t lineno)
{
    start_line(c, lineno);
    c->rec_bytes += len + 1;
    if (c->rec_bytes > c->max) {
        if (can_recover(c)) {
            recover(c, line, len, lineno, false, false);
            return;
        }
        if (!c->resync)
            bad(c, c->rec_line, "record longer than %zu bytes (is a quote left open?)", c->max);
        reset_parser(c);
        return;
    }
    size_t n = csv_parse(&c->p, line, len, on_field, on_record, c);
    if (c->stop == HO_OK && c->fail == FAIL_NONE && n < len) {
        if (can_recover(c)) {
            recover(c, line, len, lineno, false, false);
            return;
        }
        if (!c->resync)
            parse_error(c, line, len, n, lineno);
        reset_parser(c);
        return;
    }
    if (c->stop == HO_OK && c->fail == FAIL_NONE)
        (void)csv_parse(&c->p, "\n", 1, on_field, on_record, c);
    if (c->stop == HO_OK && c->fail != FAIL_NONE) {
        recover(c, line, len, lineno, false, false);
        return;
    }
    if (c->stop == HO_OK && record_open(c)) {
        c->resync = false; /* a quoted field going on: a record starts here */
        list_add(&c->rec, lineno, line, len, false);
    }
}

static void
feed_overlong(struct ho_csv_events *c, uint64_t lineno)
{
    start_line(c, lineno);
    if (can_recover(c)) {
        recover(c, NULL, 0, lineno, true, false);
        return;
    }
    bad(c, c->rec_line, "line longer than %zu bytes", c->max);
    reset_parser(c);
}

/* Read the queued lines (until a stop). */
static void
drain(struct ho_csv_events *c)
{
    while (c->stop == HO_OK && c->qpos < c->queue.n) {
        struct saved_line e = c->queue.v[c->qpos++];
        if (e.overlong)
            feed_overlong(c, e.no);
        else
            feed_line(c, c->queue.text + e.off, e.len, e.no);
    }
    if (c->qpos >= c->queue.n) {
        list_clear(&c->queue);
        c->qpos = 0;
    }
}

ho_rc
ho_csv_events_line(struct ho_csv_events *c, const char *line, size_t len, uint64_t lineno,
                   struct ho_diag *diag)
{
    c->diag = diag;
    c->stop = HO_OK;
    feed_line(c, line, len, lineno);
    drain(c);
    return c->stop;
}

ho_rc
ho_csv_events_overlong(struct ho_csv_events *c, uint64_t lineno, struct ho_diag *diag)
{
    c->diag = diag;
    c->stop = HO_OK;
    feed_overlong(c, lineno);
    drain(c);
    return c->stop;
}

ho_rc
ho_csv_events_finish(struct ho_csv_events *c, struct ho_diag *diag)
{
    c->diag = diag;
    c->stop = HO_OK;
    while (c->stop == HO_OK && csv_fini(&c->p, on_field, on_record, c) != 0) {
        if (!c->have_header || c->rec.n < 2) {
            bad(c, c->rec_line,
                "unterminated quote at column %" PRIu32 ": the file ends inside the quoted field",
                c->rec.n > 0 ? open_quote_column(c) : 0);
            break;
        }
        recover(c, NULL, 0, 0, false, true);
        drain(c);
    }
    reset_parser(c);
    c->resync = false;
    return c->stop;
}
