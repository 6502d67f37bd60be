/* SPDX-License-Identifier: MIT */
/*
 * ingest/json_scan.c - the generic JSON scanner (see json_scan.h for the
 * contract).
 *
 * One recursive-descent pass over the text; what the members mean is left
 * to the callbacks of ho_json_parse_object() (the event mapping lives in
 * event_map.c).
 */
#include "ingest/json_scan.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "ingest/utf8.h"

/* Longest key quoted back in an error message. */
#define MSG_KEY_MAX 64
/* Objects with more keys than this are checked for duplicates by sorting. */
#define DUP_LINEAR_MAX 8

struct ho_json_keyref {
    struct ho_json_span key;
    uint32_t pos; /* byte offset of the key's opening quote, for messages */
};

struct ho_json_sortkey {
    const char *p;
    uint32_t len, hash, pos;
};

/* clang-format off */
#define R16(x) x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x
/* Bytes that end a plain run inside a string: controls, '"', '\\', non-ASCII. */
static const unsigned char str_stop[256] = {
    R16(1), R16(1),                                 /* 0x00-0x1f */
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x20-0x2f: '"' */
    R16(0), R16(0),                                 /* 0x30-0x4f */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, /* 0x50-0x5f: '\\' */
    R16(0), R16(0),                                 /* 0x60-0x7f */
    R16(1), R16(1), R16(1), R16(1), R16(1), R16(1), R16(1), R16(1),
};
/* clang-format on */

/*---- buffers and spans ----*/

void
ho_json_buffers_release(struct ho_json_buffers *buf)
{
    if (buf == NULL)
        return;
    ho_xfree(buf->scr);
    ho_xfree(buf->keys);
    ho_xfree(buf->sorted);
    *buf = (struct ho_json_buffers){ 0 };
}

void
ho_json_scan_begin(struct ho_json_scan *sc, struct ho_json_buffers *buf, const char *text,
                   size_t len, struct ho_diag *diag)
{
    *sc = (struct ho_json_scan){
        .buf = buf, .s = (const unsigned char *)text, .len = len, .diag = diag
    };
    buf->scr_len = 0;
    buf->nkeys = 0;
}

static void
scr_reserve(struct ho_json_buffers *d, size_t extra)
{
    if (d->scr_cap - d->scr_len < extra)
        HO_GROW(d->scr, d->scr_cap, ho_size_add(d->scr_len, extra));
    HO_ASSERT(d->scr_len + extra < HO_JSON_SCR_BIT);
}

struct ho_json_span
ho_json_text_span(size_t off, size_t len)
{
    return (struct ho_json_span){ (uint32_t)off, (uint32_t)len };
}

static struct ho_json_span
scr_span(size_t off, size_t len)
{
    return (struct ho_json_span){ (uint32_t)off | HO_JSON_SCR_BIT, (uint32_t)len };
}

const char *
ho_json_resolve(const struct ho_json_scan *sc, struct ho_json_span sp)
{
    if (sp.off & HO_JSON_SCR_BIT)
        return sc->buf->scr + (sp.off & ~HO_JSON_SCR_BIT);
    return (const char *)sc->s + sp.off;
}

char *
ho_json_scratch_reserve(struct ho_json_scan *sc, size_t n)
{
    scr_reserve(sc->buf, n);
    return sc->buf->scr + sc->buf->scr_len;
}

struct ho_json_span
ho_json_scratch_commit(struct ho_json_scan *sc, size_t n)
{
    struct ho_json_span sp = scr_span(sc->buf->scr_len, n);
    sc->buf->scr_len += n;
    return sp;
}

/*---- errors ----*/

static void
describe(const struct ho_json_scan *sc, size_t at, char *out, size_t n)
{
    if (at >= sc->len) {
        (void)snprintf(out, n, "the end of the line");
        return;
    }
    unsigned char c = sc->s[at];
    size_t seq = c >= 0x80 ? ho_utf8_seq(sc->s + at, sc->len - at) : 0;
    if (c >= 0x20 && c < 0x7f)
        (void)snprintf(out, n, "'%c'", c);
    else if (seq > 0)
        (void)snprintf(out, n, "'%.*s'", (int)seq, (const char *)sc->s + at);
    else
        (void)snprintf(out, n, "byte 0x%02x", c);
}

static ho_rc json_err(struct ho_json_scan *sc, size_t at, const char *fmt, ...) HO_PRINTF(3, 4);

static ho_rc
json_err(struct ho_json_scan *sc, size_t at, const char *fmt, ...)
{
    char text[384];
    va_list ap;
    va_start(ap, fmt);
    (void)vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    uint32_t col = ho_utf8_column((const char *)sc->s, at);
    return ho_diag_at(sc->diag, HO_EPARSE, 0, col, "invalid JSON at column %" PRIu32 ": %s", col,
                      text);
}

ho_rc
ho_json_syntax_err(struct ho_json_scan *sc, size_t at, const char *expected)
{
    char found[32];
    describe(sc, at, found, sizeof(found));
    return json_err(sc, at, "expected %s, found %s", expected, found);
}

static ho_rc
depth_err(struct ho_json_scan *sc, size_t at)
{
    uint32_t col = ho_utf8_column((const char *)sc->s, at);
    return ho_diag_at(sc->diag, HO_ELIMIT, 0, col,
                      "nesting deeper than %d levels at column %" PRIu32, HO_JSON_MAX_DEPTH, col);
}

const char *
ho_json_type_at(const struct ho_json_scan *sc)
{
    if (sc->pos >= sc->len)
        return "nothing";
    switch (sc->s[sc->pos]) {
    case '"':
        return "string";
    case '{':
        return "object";
    case '[':
        return "array";
    case 't':
    case 'f':
        return "boolean";
    case 'n':
        return "null";
    default:
        return "number";
    }
}

/*---- scalars ----*/

void
ho_json_skip_ws_slow(struct ho_json_scan *sc)
{
    while (sc->pos < sc->len) {
        unsigned char c = sc->s[sc->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        sc->pos++;
    }
}

static bool
is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int
hex_digit(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The code unit of "\uXXXX" at s[i] (the backslash), or -1. */
static int32_t
hex4(const struct ho_json_scan *sc, size_t i)
{
    int32_t v = 0;
    if (sc->len - i < 6 || sc->s[i] != '\\' || sc->s[i + 1] != 'u')
        return -1;
    for (size_t k = 2; k < 6; k++) {
        int h = hex_digit(sc->s[i + k]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

static ho_rc
control_err(struct ho_json_scan *sc, size_t at)
{
    return json_err(sc, at, "control character 0x%02x in a string (write it as an escape)",
                    sc->s[at]);
}

static ho_rc
utf8_err(struct ho_json_scan *sc, size_t at)
{
    return json_err(sc, at, "invalid UTF-8 byte 0x%02x", sc->s[at]);
}

/* Decode "\uXXXX" (and its low surrogate) at s[*i] into *o. */
static ho_rc
unescape_u(struct ho_json_scan *sc, size_t *i, char **o)
{
    int32_t cp = hex4(sc, *i);
    size_t at = *i;
    if (cp < 0)
        return json_err(sc, at, "invalid escape '\\u' (expected four hex digits)");
    *i += 6;
    if (cp >= 0xDC00 && cp <= 0xDFFF)
        return json_err(sc, at, "unpaired UTF-16 surrogate '\\u%04" PRIX32 "'", (uint32_t)cp);
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        int32_t lo = hex4(sc, *i);
        if (lo < 0xDC00 || lo > 0xDFFF)
            return json_err(sc, at, "unpaired UTF-16 surrogate '\\u%04" PRIX32 "'", (uint32_t)cp);
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        *i += 6;
    }
    if (cp == 0)
        return json_err(sc, at, "'\\u0000' is not allowed in a string");
    *o += ho_utf8_encode((uint32_t)cp, *o);
    return HO_OK;
}

/* Decode the escape at s[*i] (a backslash) into *o. */
static ho_rc
unescape_one(struct ho_json_scan *sc, size_t *i, char **o)
{
    unsigned char c = *i + 1 < sc->len ? sc->s[*i + 1] : 0;
    char out;
    switch (c) {
    case '"':
    case '\\':
    case '/':
        out = (char)c;
        break;
    case 'b':
        out = '\b';
        break;
    case 'f':
        out = '\f';
        break;
    case 'n':
        out = '\n';
        break;
    case 'r':
        out = '\r';
        break;
    case 't':
        out = '\t';
        break;
    case 'u':
        return unescape_u(sc, i, o);
    default: {
        char found[32];
        describe(sc, *i + 1, found, sizeof(found));
        return json_err(sc, *i, "invalid escape: expected one of \"\\/bfnrtu after '\\', found %s",
                        found);
    }
    }
    *(*o)++ = out;
    *i += 2;
    return HO_OK;
}

/* The slow path of scan_string: the string at start has an escape at i. */
static ho_rc
unescape_string(struct ho_json_scan *sc, size_t start, size_t i, struct ho_json_span *out)
{
    struct ho_json_buffers *d = sc->buf;
    /* Unescaped text is never longer than its source, so this is enough. */
    scr_reserve(d, sc->len - start);
    char *o0 = d->scr + d->scr_len;
    char *o = o0;
    memcpy(o, sc->s + start, i - start);
    o += i - start;
    while (i < sc->len) {
        unsigned char c = sc->s[i];
        if (c == '"') {
            *out = scr_span(d->scr_len, (size_t)(o - o0));
            d->scr_len += (size_t)(o - o0);
            sc->pos = i + 1;
            return HO_OK;
        }
        if (c == '\\') {
            ho_rc rc = unescape_one(sc, &i, &o);
            if (rc != HO_OK)
                return rc;
            continue;
        }
        if (c < 0x20)
            return control_err(sc, i);
        size_t n = 1;
        if (c >= 0x80) {
            n = ho_utf8_seq(sc->s + i, sc->len - i);
            if (n == 0)
                return utf8_err(sc, i);
        }
        memcpy(o, sc->s + i, n);
        o += n;
        i += n;
    }
    return ho_json_syntax_err(sc, sc->len, "'\"' to close the string");
}

/* Index of the first byte at or after i that ends a plain run, or len.
 * Unrolled: this loop is most of the scanner's time. */
static size_t
plain_run(const unsigned char *s, size_t i, size_t len)
{
    while (len - i >= 4) {
        if (str_stop[s[i]])
            return i;
        if (str_stop[s[i + 1]])
            return i + 1;
        if (str_stop[s[i + 2]])
            return i + 2;
        if (str_stop[s[i + 3]])
            return i + 3;
        i += 4;
    }
    while (i < len && !str_stop[s[i]])
        i++;
    return i;
}

/* Scan the string at s[pos] == '"'; *out is its unescaped text. */
ho_rc
ho_json_scan_string(struct ho_json_scan *sc, struct ho_json_span *out)
{
    const unsigned char *s = sc->s;
    size_t len = sc->len;
    size_t start = sc->pos + 1;
    size_t i = start;
    for (;;) {
        i = plain_run(s, i, len);
        if (i >= len)
            return ho_json_syntax_err(sc, len, "'\"' to close the string");
        unsigned char c = s[i];
        if (c == '"') {
            *out = ho_json_text_span(start, i - start);
            sc->pos = i + 1;
            return HO_OK;
        }
        if (c == '\\')
            return unescape_string(sc, start, i, out);
        if (c < 0x20)
            return control_err(sc, i);
        size_t n = ho_utf8_seq(s + i, len - i);
        if (n == 0)
            return utf8_err(sc, i);
        i += n;
    }
}

/* The parts of a number's text, as offsets into the line. */
struct number {
    size_t int_start, int_end;   /* integer digits */
    size_t frac_start, frac_end; /* fraction digits (empty when none) */
    int64_t exp;                 /* exponent, saturated far beyond any digit count */
    bool neg, real;
};

/* jansson (strtoll) rejects integers outside int64. */
static bool
int_fits(const unsigned char *s, const struct number *n)
{
    size_t digits = n->int_end - n->int_start;
    if (digits < 19)
        return true;
    if (digits > 19)
        return false;
    return memcmp(s + n->int_start, n->neg ? "9223372036854775808" : "9223372036854775807", 19) <=
           0;
}

/* Where the significant digits start, and the power of ten e with
 * value = 0.d1d2... * 10^e; false when the number is zero. */
static bool
significant(const unsigned char *s, const struct number *n, size_t *first, int64_t *e)
{
    *first = n->int_start;
    *e = (int64_t)(n->int_end - n->int_start) + n->exp;
    if (n->int_end - n->int_start == 1 && s[n->int_start] == '0') {
        *first = n->frac_start;
        while (*first < n->frac_end && s[*first] == '0')
            (*first)++;
        if (*first >= n->frac_end)
            return false;
        *e = -(int64_t)(*first - n->frac_start) + n->exp;
    }
    return true;
}

/*
 * jansson (strtod) rejects reals whose magnitude overflows a double.  With
 * value = 0.d1d2... * 10^e (d1 != 0), e <= 308 always fits and e >= 310
 * never does; e == 309 is settled by strtod on a copy of the digits without
 * a decimal point (so no locale is involved).
 */
static bool
real_fits(struct ho_json_scan *sc, const struct number *n)
{
    const unsigned char *s = sc->s;
    struct ho_json_buffers *d = sc->buf;
    size_t first = 0;
    size_t m = 0;
    int64_t e;

    if (!significant(s, n, &first, &e) || e <= 308)
        return true;
    if (e >= 310)
        return false;
    size_t mark = d->scr_len;
    scr_reserve(d, (n->int_end - n->int_start) + (n->frac_end - n->frac_start) + 32);
    char *o = d->scr + mark;
    for (size_t i = first; i < n->int_end; i++)
        o[m++] = (char)s[i];
    for (size_t i = first > n->frac_start ? first : n->frac_start; i < n->frac_end; i++)
        o[m++] = (char)s[i];
    (void)snprintf(o + m, 32, "e%" PRId64, (int64_t)309 - (int64_t)m);
    errno = 0;
    double v = strtod(o, NULL);
    bool fits = !(isinf(v) && errno == ERANGE);
    d->scr_len = mark;
    return fits;
}

static size_t
skip_digits(const struct ho_json_scan *sc, size_t i)
{
    while (i < sc->len && is_digit(sc->s[i]))
        i++;
    return i;
}

/* The fraction at s[*i] == '.'. */
static ho_rc
scan_fraction(struct ho_json_scan *sc, size_t *i, struct number *n)
{
    (*i)++;
    if (*i >= sc->len || !is_digit(sc->s[*i]))
        return ho_json_syntax_err(sc, *i, "a digit after the decimal point");
    n->frac_start = *i;
    *i = n->frac_end = skip_digits(sc, *i);
    n->real = true;
    return HO_OK;
}

/* The exponent at s[*i] == 'e' or 'E'. */
static ho_rc
scan_exponent(struct ho_json_scan *sc, size_t *i, struct number *n)
{
    const unsigned char *s = sc->s;
    bool neg = false;
    (*i)++;
    if (*i < sc->len && (s[*i] == '+' || s[*i] == '-'))
        neg = s[(*i)++] == '-';
    if (*i >= sc->len || !is_digit(s[*i]))
        return ho_json_syntax_err(sc, *i, "a digit in the exponent");
    for (; *i < sc->len && is_digit(s[*i]); (*i)++) {
        if (n->exp < INT64_C(1000000000000)) /* far beyond any digit count */
            n->exp = n->exp * 10 + (s[*i] - '0');
    }
    n->exp = neg ? -n->exp : n->exp;
    n->real = true;
    return HO_OK;
}

/* Scan the number at s[pos]; *out is its text as written. */
static ho_rc
scan_number(struct ho_json_scan *sc, struct ho_json_span *out)
{
    const unsigned char *s = sc->s;
    size_t start = sc->pos;
    size_t i = start;
    struct number n = { .neg = s[start] == '-' };
    ho_rc rc = HO_OK;

    if (n.neg)
        i++;
    if (i >= sc->len || !is_digit(s[i]))
        return ho_json_syntax_err(sc, i, "a digit");
    n.int_start = i;
    i = s[i] == '0' ? i + 1 : skip_digits(sc, i);
    n.int_end = i;
    if (i < sc->len && s[i] == '.')
        rc = scan_fraction(sc, &i, &n);
    if (rc == HO_OK && i < sc->len && (s[i] == 'e' || s[i] == 'E'))
        rc = scan_exponent(sc, &i, &n);
    if (rc != HO_OK)
        return rc;
    if (!n.real && !int_fits(s, &n))
        return json_err(sc, start, "integer out of range (beyond 64 bits)");
    if (n.real && !real_fits(sc, &n))
        return json_err(sc, start, "number out of range (overflows a double)");
    *out = ho_json_text_span(start, i - start);
    sc->pos = i;
    return HO_OK;
}

ho_rc
ho_json_scan_literal(struct ho_json_scan *sc, const char *word, size_t n)
{
    if (sc->len - sc->pos >= n && memcmp(sc->s + sc->pos, word, n) == 0) {
        sc->pos += n;
        return HO_OK;
    }
    return ho_json_syntax_err(sc, sc->pos, "a value");
}

/*---- containers ----*/

static uint32_t
hash_key(const char *p, size_t n)
{
    uint32_t h = 2166136261U;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 16777619U;
    return h;
}

static int
cmp_sortkey(const void *a, const void *b)
{
    const struct ho_json_sortkey *x = a;
    const struct ho_json_sortkey *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    int c = memcmp(x->p, y->p, x->len);
    if (c != 0)
        return c;
    return x->pos < y->pos ? -1 : (x->pos > y->pos);
}

static ho_rc
dup_err(struct ho_json_scan *sc, const char *p, uint32_t len, uint32_t pos)
{
    int n = len > MSG_KEY_MAX ? MSG_KEY_MAX : (int)len;
    return json_err(sc, pos, "duplicate key '%.*s'", n, p);
}

/* Sort the keys of a large object; equal neighbours are duplicates.  The
 * one reported is the earliest repeated occurrence, as a linear scan finds. */
static ho_rc
check_dups_sorted(struct ho_json_scan *sc, size_t mark, size_t n)
{
    struct ho_json_buffers *d = sc->buf;
    const struct ho_json_sortkey *worst = NULL;
    HO_GROW(d->sorted, d->sorted_cap, n);
    for (size_t i = 0; i < n; i++) {
        const struct ho_json_keyref *k = &d->keys[mark + i];
        const char *p = ho_json_resolve(sc, k->key);
        d->sorted[i] = (struct ho_json_sortkey){ p, k->key.len, hash_key(p, k->key.len), k->pos };
    }
    qsort(d->sorted, n, sizeof(*d->sorted), cmp_sortkey);
    for (size_t i = 1; i < n; i++) {
        const struct ho_json_sortkey *a = &d->sorted[i - 1];
        const struct ho_json_sortkey *b = &d->sorted[i];
        bool same = a->hash == b->hash && a->len == b->len && memcmp(a->p, b->p, a->len) == 0;
        if (same && (worst == NULL || b->pos < worst->pos))
            worst = b;
    }
    if (worst != NULL)
        return dup_err(sc, worst->p, worst->len, worst->pos);
    return HO_OK;
}

/* Reject duplicate keys among keys[mark..nkeys), the keys of one object. */
static ho_rc
check_dups(struct ho_json_scan *sc, size_t mark)
{
    struct ho_json_buffers *d = sc->buf;
    size_t n = d->nkeys - mark;
    if (n < 2)
        return HO_OK;
    if (n > DUP_LINEAR_MAX)
        return check_dups_sorted(sc, mark, n);
    for (size_t i = mark + 1; i < d->nkeys; i++) {
        const struct ho_json_keyref *b = &d->keys[i];
        const char *bp = ho_json_resolve(sc, b->key);
        for (size_t j = mark; j < i; j++) {
            const struct ho_json_keyref *a = &d->keys[j];
            if (a->key.len != b->key.len)
                continue;
            const char *ap = ho_json_resolve(sc, a->key);
            if (a->key.len == 0 || (ap[0] == bp[0] && memcmp(ap, bp, a->key.len) == 0))
                return dup_err(sc, bp, b->key.len, b->pos);
        }
    }
    return HO_OK;
}

static void
push_key(struct ho_json_buffers *d, struct ho_json_span key, size_t pos)
{
    if (d->nkeys == d->keys_cap)
        HO_GROW(d->keys, d->keys_cap, d->nkeys + 1);
    d->keys[d->nkeys++] = (struct ho_json_keyref){ key, (uint32_t)pos };
}

/* After a member: ',' (more follow; *more set) or '}' (done). */
static ho_rc
after_member(struct ho_json_scan *sc, bool *more)
{
    ho_json_skip_ws(sc);
    int c = ho_json_peek(sc);
    if (c == ',' || c == '}') {
        sc->pos++;
        *more = c == ',';
        return HO_OK;
    }
    return ho_json_syntax_err(sc, sc->pos, "',' or '}'");
}

/* Parse the object at s[pos] == '{' at nesting level depth, handing each
 * member's value to fn. */
ho_rc
ho_json_parse_object(struct ho_json_scan *sc, unsigned depth, ho_json_member_fn fn, const void *ctx)
{
    struct ho_json_buffers *d = sc->buf;
    size_t mark = d->nkeys;
    bool more = true;
    ho_rc rc;

    if (depth > HO_JSON_MAX_DEPTH)
        return depth_err(sc, sc->pos);
    sc->pos++;
    ho_json_skip_ws(sc);
    if (ho_json_peek(sc) == '}') {
        sc->pos++;
        return HO_OK;
    }
    while (more) {
        struct ho_json_span key = { 0, 0 };
        size_t key_pos = sc->pos;
        if (ho_json_peek(sc) != '"')
            return ho_json_syntax_err(sc, sc->pos, d->nkeys == mark ? "a key or '}'" : "a key");
        rc = ho_json_scan_string(sc, &key);
        if (rc != HO_OK)
            return rc;
        push_key(d, key, key_pos);
        ho_json_skip_ws(sc);
        if (ho_json_peek(sc) != ':')
            return ho_json_syntax_err(sc, sc->pos, "':' after the key");
        sc->pos++;
        ho_json_skip_ws(sc);
        rc = fn(sc, depth, key, key_pos, ctx);
        if (rc == HO_OK)
            rc = after_member(sc, &more);
        if (rc != HO_OK)
            return rc;
        ho_json_skip_ws(sc);
    }
    rc = check_dups(sc, mark);
    d->nkeys = mark;
    return rc;
}

/* Recursion below is bounded by HO_JSON_MAX_DEPTH. */
static ho_rc
skip_array(struct ho_json_scan *sc, unsigned depth) /* NOLINT(misc-no-recursion) */
{
    if (depth > HO_JSON_MAX_DEPTH)
        return depth_err(sc, sc->pos);
    sc->pos++;
    ho_json_skip_ws(sc);
    if (ho_json_peek(sc) == ']') {
        sc->pos++;
        return HO_OK;
    }
    for (;;) {
        ho_rc rc = ho_json_skip_value(sc, depth);
        if (rc != HO_OK)
            return rc;
        ho_json_skip_ws(sc);
        int c = ho_json_peek(sc);
        sc->pos++;
        if (c == ']')
            return HO_OK;
        if (c != ',')
            return ho_json_syntax_err(sc, sc->pos - 1, "',' or ']'");
        ho_json_skip_ws(sc);
    }
}

static ho_rc
skip_member(struct ho_json_scan *sc, unsigned depth, struct ho_json_span key, size_t key_pos,
            const void *ctx)
{
    (void)key;
    (void)key_pos;
    (void)ctx;
    return ho_json_skip_value(sc, depth);
}

/* Check the value at s[pos] inside a container at level depth, keeping
 * nothing of it (scratch space used meanwhile is given back). */
ho_rc
ho_json_skip_value(struct ho_json_scan *sc, unsigned depth) /* NOLINT(misc-no-recursion) */
{
    struct ho_json_buffers *d = sc->buf;
    size_t mark = d->scr_len;
    struct ho_json_span sp;
    ho_rc rc;

    switch (ho_json_peek(sc)) {
    case '"':
        rc = ho_json_scan_string(sc, &sp);
        break;
    case '{':
        rc = ho_json_parse_object(sc, depth + 1, skip_member, NULL);
        break;
    case '[':
        return skip_array(sc, depth + 1);
    case 't':
        return ho_json_scan_literal(sc, "true", 4);
    case 'f':
        return ho_json_scan_literal(sc, "false", 5);
    case 'n':
        return ho_json_scan_literal(sc, "null", 4);
    case '-':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9':
        return scan_number(sc, &sp);
    default:
        return ho_json_syntax_err(sc, sc->pos, "a value");
    }
    d->scr_len = mark;
    return rc;
}
