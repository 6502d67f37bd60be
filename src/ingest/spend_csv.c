/* SPDX-License-Identifier: MIT */
/*
 * ingest/spend_csv.c - spend rows: RFC 4180 fields, a header naming the
 * columns, typed and checked values.
 */
#include "ingest/spend_csv.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/timefmt.h"
#include "core/defs.h"
#include "core/match.h"

enum { COL_CHANNEL, COL_MONTH, COL_AMOUNT, SPEND_FIELDS };

/*
 * Read one field starting at *r in place (the unquoted text is written over
 * the field from its start, NUL-terminated) and leave *r just after the
 * delimiter.  A quoted field ("a,b", "" for a quote) must end right before
 * a delimiter.  Returns the delimiter (',' or '\0'), or -1 for an
 * unterminated quote or text after a closing quote.
 */
static int
read_field(char **r)
{
    char *p = *r;
    char *w = p;
    if (*p == '"') {
        p++;
        while (*p != '\0' && !(*p == '"' && p[1] != '"')) {
            if (*p == '"')
                p++; /* the first of "" */
            *w++ = *p++;
        }
        if (*p != '"')
            return -1;
        p++;
    } else {
        while (*p != '\0' && *p != ',')
            *w++ = *p++;
    }
    int delim = (unsigned char)*p;
    if (delim != ',' && delim != '\0')
        return -1;
    *r = delim ? p + 1 : p;
    *w = '\0';
    return delim;
}

/*
 * Split line (modified in place) into at most max fields; RFC 4180 quotes
 * are understood.  Returns the field count, or -1 for an unterminated or
 * misplaced quote; a count above max means too many fields.
 */
static int
split_fields(char *line, char **fields, int max)
{
    int n = 0;
    char *r = line;
    for (;;) {
        char *start = r;
        int delim = read_field(&r);
        if (delim < 0)
            return -1;
        if (n < max)
            fields[n] = start;
        n++;
        if (delim == '\0')
            return n;
    }
}

/* "YYYY-MM" into a month index; false when it is not one. */
static bool
parse_month(const char *s, int64_t *out)
{
    char date[16];
    int64_t ms;
    if (strlen(s) != 7 || s[4] != '-')
        return false;
    snprintf(date, sizeof(date), "%s-01", s);
    if (ho_time_parse(date, strlen(date), &ms, NULL) != HO_OK)
        return false;
    *out = ho_time_month_index(ms);
    return true;
}

/* A plain decimal: digits with at most one point (no sign, exponent, hex). */
static bool
parse_amount(const char *s, double *out)
{
    size_t digits = 0, points = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (*p == '.')
            points++;
        else
            return false;
    }
    return digits > 0 && points <= 1 && ho_parse_number(s, out);
}

/* The definitions' spelling of a channel name (case-insensitive), or NULL. */
static const char *
known_channel(const struct ho_defs *defs, const char *name)
{
    for (size_t i = 0; i < defs->n_channels; i++) {
        if (strcasecmp(defs->channels[i].name, name) == 0)
            return defs->channels[i].name;
    }
    return strcasecmp(name, "other") == 0 ? "other" : NULL;
}

void
ho_spend_parser_init(struct ho_spend_parser *p, const struct ho_defs *defs)
{
    memset(p, 0, sizeof(*p));
    p->defs = defs;
}

static ho_rc
read_header(struct ho_spend_parser *p, char *line, struct ho_diag *diag)
{
    static const char *const names[SPEND_FIELDS] = { "channel", "month", "amount" };
    char *fields[SPEND_FIELDS];
    int n = split_fields(line, fields, SPEND_FIELDS);
    int seen = 0;
    for (int i = 0; n == SPEND_FIELDS && i < n; i++) {
        for (int k = 0; k < SPEND_FIELDS; k++) {
            if (strcasecmp(fields[i], names[k]) == 0 && !(seen & (1 << k))) {
                p->col[k] = i;
                seen |= 1 << k;
            }
        }
    }
    if (n != SPEND_FIELDS || seen != (1 << SPEND_FIELDS) - 1)
        return ho_diag_set(diag, HO_EPARSE,
                           "the header must name the columns channel,month,amount");
    p->have_header = true;
    return HO_OK;
}

static ho_rc
read_row(struct ho_spend_parser *p, char *line, struct ho_spend_row *out, struct ho_diag *diag)
{
    char *fields[SPEND_FIELDS];
    int n = split_fields(line, fields, SPEND_FIELDS);
    if (n < 0)
        return ho_diag_set(diag, HO_EPARSE, "unterminated or misplaced quote");
    if (n != SPEND_FIELDS)
        return ho_diag_set(diag, HO_EPARSE, "expected 3 fields (channel,month,amount), found %d",
                           n);
    const char *channel_text = fields[p->col[COL_CHANNEL]];
    const char *month_text = fields[p->col[COL_MONTH]];
    const char *amount_text = fields[p->col[COL_AMOUNT]];
    out->channel = known_channel(p->defs, channel_text);
    if (!out->channel)
        return ho_diag_set(diag, HO_EPARSE,
                           "unknown channel '%.64s' (use a channel of the definitions, or other)",
                           channel_text);
    if (!parse_month(month_text, &out->month))
        return ho_diag_set(diag, HO_EPARSE, "month '%.64s': write YYYY-MM, e.g. 2026-03",
                           month_text);
    if (!parse_amount(amount_text, &out->amount))
        return ho_diag_set(diag, HO_EPARSE,
                           "amount '%.64s': write a non-negative number, e.g. 12000 or 4500.50",
                           amount_text);
    return HO_OK;
}

ho_rc
ho_spend_parse_line(struct ho_spend_parser *p, char *line, bool *is_row, struct ho_spend_row *out,
                    struct ho_diag *diag)
{
    *is_row = false;
    if (!p->have_header) {
        if (memcmp(line, "\xEF\xBB\xBF", 3) == 0)
            line += 3; /* a UTF-8 byte order mark, as spreadsheets write */
        return read_header(p, line, diag);
    }
    ho_rc rc = read_row(p, line, out, diag);
    *is_row = rc == HO_OK;
    return rc;
}
