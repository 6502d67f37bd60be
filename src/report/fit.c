/* SPDX-License-Identifier: MIT */
/*
 * report/fit.c - cut over-wide lines at a column gap.
 */
#include "report/fit.h"

#include <string.h>

#include "base/buf.h"

/* A UTF-8 continuation byte takes no column of its own. */
static bool
is_continuation(char c)
{
    return ((unsigned char)c & 0xC0) == 0x80;
}

/* The byte length of line[0..len) that keeps width columns or fewer, cut
 * after the last text that a run of two spaces (a column gap) follows, else
 * after the last text that one space follows; 0 when no such cut exists. */
static size_t
gap_cut(const char *line, size_t len, size_t width)
{
    size_t cols = 0, cut1 = 0, cut2 = 0;
    for (size_t i = 0; i < len; i++) {
        if (is_continuation(line[i]))
            continue;
        if (line[i] == ' ' && i > 0 && line[i - 1] != ' ') {
            cut1 = i; /* line[0..i) holds cols <= width columns */
            if (i + 1 < len && line[i + 1] == ' ')
                cut2 = i;
        }
        if (cols == width)
            break;
        cols++;
    }
    return cut2 ? cut2 : cut1;
}

/* The byte length of the first n columns of line[0..len). */
static size_t
columns_prefix(const char *line, size_t len, size_t n)
{
    size_t cols = 0, i = 0;
    for (; i < len; i++) {
        if (is_continuation(line[i]))
            continue;
        if (cols == n)
            break;
        cols++;
    }
    return i;
}

static size_t
columns_of(const char *line, size_t len)
{
    size_t cols = 0;
    for (size_t i = 0; i < len; i++)
        cols += !is_continuation(line[i]);
    return cols;
}

/* Where the line's last field starts: after its last run of two or more
 * spaces (0 when it has none; len when it ends in one). */
static size_t
last_field(const char *line, size_t len)
{
    size_t start = 0;
    for (size_t i = 0; i + 1 < len; i++) {
        if (line[i] == ' ' && line[i + 1] == ' ') {
            while (i < len && line[i] == ' ')
                i++;
            start = i;
        }
    }
    return start;
}

/* Keep line[0..head) as it is, then wrap the words after it to width, each
 * further line indented to head's width; a word wider than a line goes on a
 * line of its own. */
static void
wrap_after(const char *line, size_t len, size_t head, size_t width, struct ho_buf *out)
{
    size_t indent = columns_of(line, head), used = indent;
    bool first = true;
    ho_buf_add(out, line, head);
    for (size_t at = head; at < len;) {
        const char *sp = memchr(line + at, ' ', len - at);
        size_t end = sp ? (size_t)(sp - line) : len;
        size_t cols = columns_of(line + at, end - at);
        if (!first && used + 1 + cols > width) {
            ho_buf_addc(out, '\n');
            for (size_t k = 0; k < indent; k++)
                ho_buf_addc(out, ' ');
            used = indent;
        } else if (!first) {
            ho_buf_addc(out, ' ');
            used++;
        }
        ho_buf_add(out, line + at, end - at);
        used += cols;
        first = false;
        at = end + 1;
    }
}

/* Append one line (without its newline) fitted to width; true when a
 * column was dropped. */
static bool
fit_line(const char *line, size_t len, size_t width, struct ho_buf *out)
{
    if (columns_of(line, len) <= width) {
        ho_buf_add(out, line, len);
        return false;
    }
    /* Prose, or a row whose last field starts within the first three
     * quarters (a key and its explanation): wrap the words rather than lose
     * them. */
    size_t head = last_field(line, len);
    if (head == 0) {
        while (head < len && line[head] == ' ')
            head++;
    }
    if (head < len && columns_of(line, head) <= width * 3 / 4) {
        wrap_after(line, len, head, width, out);
        return false;
    }
    size_t cut = gap_cut(line, len, width);
    if (cut > 0) {
        ho_buf_add(out, line, cut);
    } else {
        ho_buf_add(out, line, columns_prefix(line, len, width - 1));
        ho_buf_adds(out, "\xE2\x80\xA6"); /* … */
    }
    return true;
}

bool
ho_fit_text(const char *text, size_t len, size_t width, struct ho_buf *out)
{
    bool cut = false;
    size_t at = 0;
    while (at < len) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - text) : len;
        cut |= fit_line(text + at, end - at, width, out);
        if (nl)
            ho_buf_addc(out, '\n');
        at = end + 1;
    }
    return cut;
}
