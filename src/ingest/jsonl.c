/* SPDX-License-Identifier: MIT */
/*
 * ingest/jsonl.c - the JSON Lines event scanner (see jsonl.h for the
 * contract).
 *
 * One recursive-descent pass over the line.  Strings without escapes are
 * handed out as slices of the line itself; escaped strings and flattened
 * keys go to the decoder's scratch buffer.  Because the scratch buffer may
 * move while it grows, everything produced during the pass is a `struct
 * span` (an offset tagged with where it lives), turned into pointers only
 * once the line is complete.
 *
 * Error ordering, kept identical to json_event.c: malformed JSON (including
 * duplicate keys and nesting depth) is reported as soon as it is seen;
 * field errors (a wrong type, too many props) are remembered, the rest of
 * the line is still checked, and the first field error is reported only if
 * the line turned out to be well-formed JSON.
 */
#include "ingest/jsonl.h"

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
#include "core/event.h"
#include "ingest/utf8.h"

/* Longest key quoted back in an error message. */
#define MSG_KEY_MAX 64
/* Objects with more keys than this are checked for duplicates by sorting. */
#define DUP_LINEAR_MAX 8

#define SCR_BIT 0x80000000U

/* Where a decoded string lives: line + off, or scratch + (off & ~SCR_BIT). */
struct span {
    uint32_t off, len;
};

struct pend_kv {
    struct span key, val;
};

struct keyref {
    struct span key;
    uint32_t pos; /* byte offset of the key's opening quote, for messages */
};

struct sortkey {
    const char *p;
    uint32_t len, hash, pos;
};

enum field {
    F_ID,
    F_TS,
    F_TYPE,
    F_LEAD,
    F_ACCOUNT,
    F_CHANNEL,
    F_CAMPAIGN,
    F_ANONYMOUS,
    F__COUNT,
    F_PROPS,
    F_TRAITS,
    F_UNKNOWN
};

static const char *const field_names[F__COUNT] = {
    "id", "ts", "type", "lead", "account", "channel", "campaign", "anonymous_id",
};

enum group { G_PROPS = 0, G_TRAITS = 1 };
static const enum group group_ids[2] = { G_PROPS, G_TRAITS };
static const char *const group_names[2] = { "props", "traits" };

enum ferr_kind { FERR_NONE, FERR_TYPE, FERR_KV_COUNT, FERR_KEY_LEN };

struct ho_jsonl_decoder {
    char *scr; /* owned: unescaped strings and flattened keys of this line */
    size_t scr_len, scr_cap;
    char *path; /* owned: the flattening prefix, e.g. "utm" inside props.utm */
    size_t path_len, path_cap;
    struct keyref *keys; /* owned: keys of the objects currently open */
    size_t nkeys, keys_cap;
    struct sortkey *sorted; /* owned: duplicate check of large objects */
    size_t sorted_cap;
    struct pend_kv pend[2][HO_EVENT_MAX_KV];
    size_t npend[2];
    struct ho_draft_kv kv[2][HO_EVENT_MAX_KV];
};

struct scan {
    struct ho_jsonl_decoder *dec;
    const unsigned char *s;
    size_t len, pos;
    struct ho_diag *diag;
    struct span field[F__COUNT];
    enum ferr_kind ferr; /* the first field error, reported at the end */
    const char *ferr_field;
    const char *ferr_want;
    const char *ferr_found;
    size_t ferr_pos;
};

typedef ho_rc (*member_fn)(struct scan *sc, unsigned depth, struct span key, size_t key_pos,
                           const void *ctx);

static ho_rc parse_object(struct scan *sc, unsigned depth, member_fn fn, const void *ctx);
static ho_rc skip_value(struct scan *sc, unsigned depth);

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

struct ho_jsonl_decoder *
ho_jsonl_decoder_new(void)
{
    return ho_xcalloc(1, sizeof(struct ho_jsonl_decoder));
}

void
ho_jsonl_decoder_free(struct ho_jsonl_decoder *dec)
{
    if (dec == NULL)
        return;
    ho_xfree(dec->scr);
    ho_xfree(dec->path);
    ho_xfree(dec->keys);
    ho_xfree(dec->sorted);
    ho_xfree(dec);
}

static void
scr_reserve(struct ho_jsonl_decoder *d, size_t extra)
{
    if (d->scr_cap - d->scr_len < extra)
        HO_GROW(d->scr, d->scr_cap, ho_size_add(d->scr_len, extra));
    HO_ASSERT(d->scr_len + extra < SCR_BIT);
}

static struct span
line_span(size_t off, size_t len)
{
    return (struct span){ (uint32_t)off, (uint32_t)len };
}

static struct span
scr_span(size_t off, size_t len)
{
    return (struct span){ (uint32_t)off | SCR_BIT, (uint32_t)len };
}

static const char *
resolve(const struct scan *sc, struct span sp)
{
    if (sp.off & SCR_BIT)
        return sc->dec->scr + (sp.off & ~SCR_BIT);
    return (const char *)sc->s + sp.off;
}

static void
path_push(struct ho_jsonl_decoder *d, const char *key, size_t len)
{
    size_t need = ho_size_add(d->path_len, ho_size_add(len, 1));
    HO_GROW(d->path, d->path_cap, need);
    if (d->path_len > 0)
        d->path[d->path_len++] = '.';
    memcpy(d->path + d->path_len, key, len);
    d->path_len += len;
}

/*---- errors ----*/

static void
describe(const struct scan *sc, size_t at, char *out, size_t n)
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

static ho_rc json_err(struct scan *sc, size_t at, const char *fmt, ...) HO_PRINTF(3, 4);

static ho_rc
json_err(struct scan *sc, size_t at, const char *fmt, ...)
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

static ho_rc
syntax_err(struct scan *sc, size_t at, const char *expected)
{
    char found[32];
    describe(sc, at, found, sizeof(found));
    return json_err(sc, at, "expected %s, found %s", expected, found);
}

static ho_rc
depth_err(struct scan *sc, size_t at)
{
    uint32_t col = ho_utf8_column((const char *)sc->s, at);
    return ho_diag_at(sc->diag, HO_ELIMIT, 0, col,
                      "nesting deeper than %d levels at column %" PRIu32, HO_JSONL_MAX_DEPTH, col);
}

static const char *
type_name(unsigned char c)
{
    switch (c) {
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

/* Remember the first field error; the line is still checked to the end. */
static void
field_err(struct scan *sc, enum ferr_kind kind, const char *field, const char *want, size_t pos)
{
    if (sc->ferr != FERR_NONE)
        return;
    sc->ferr = kind;
    sc->ferr_field = field;
    sc->ferr_want = want;
    sc->ferr_found = sc->pos < sc->len ? type_name(sc->s[sc->pos]) : "nothing";
    sc->ferr_pos = pos;
}

static ho_rc
report_field_err(struct scan *sc)
{
    uint32_t col = ho_utf8_column((const char *)sc->s, sc->ferr_pos);
    switch (sc->ferr) {
    case FERR_TYPE:
        return ho_diag_at(sc->diag, HO_EPARSE, 0, col, "field '%s' must be %s, found %s",
                          sc->ferr_field, sc->ferr_want, sc->ferr_found);
    case FERR_KV_COUNT:
        return ho_diag_at(sc->diag, HO_ELIMIT, 0, col, "field '%s': more than %d props and traits",
                          sc->ferr_field, HO_EVENT_MAX_KV);
    case FERR_KEY_LEN:
        return ho_diag_at(sc->diag, HO_ELIMIT, 0, col, "field '%s': a key is longer than %d bytes",
                          sc->ferr_field, HO_EVENT_MAX_STRLEN);
    case FERR_NONE:
        break;
    }
    return HO_OK;
}

/*---- scalars ----*/

static void
skip_ws_slow(struct scan *sc)
{
    while (sc->pos < sc->len) {
        unsigned char c = sc->s[sc->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        sc->pos++;
    }
}

/* Most lines are compact JSON: the next byte is rarely whitespace. */
static inline void
skip_ws(struct scan *sc)
{
    if (sc->pos < sc->len && sc->s[sc->pos] > ' ')
        return;
    skip_ws_slow(sc);
}

static int
peek(const struct scan *sc)
{
    return sc->pos < sc->len ? sc->s[sc->pos] : -1;
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
hex4(const struct scan *sc, size_t i)
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
control_err(struct scan *sc, size_t at)
{
    return json_err(sc, at, "control character 0x%02x in a string (write it as an escape)",
                    sc->s[at]);
}

static ho_rc
utf8_err(struct scan *sc, size_t at)
{
    return json_err(sc, at, "invalid UTF-8 byte 0x%02x", sc->s[at]);
}

/* Decode "\uXXXX" (and its low surrogate) at s[*i] into *o. */
static ho_rc
unescape_u(struct scan *sc, size_t *i, char **o)
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
unescape_one(struct scan *sc, size_t *i, char **o)
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
unescape_string(struct scan *sc, size_t start, size_t i, struct span *out)
{
    struct ho_jsonl_decoder *d = sc->dec;
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
    return syntax_err(sc, sc->len, "'\"' to close the string");
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
static ho_rc
scan_string(struct scan *sc, struct span *out)
{
    const unsigned char *s = sc->s;
    size_t len = sc->len;
    size_t start = sc->pos + 1;
    size_t i = start;
    for (;;) {
        i = plain_run(s, i, len);
        if (i >= len)
            return syntax_err(sc, len, "'\"' to close the string");
        unsigned char c = s[i];
        if (c == '"') {
            *out = line_span(start, i - start);
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
real_fits(struct scan *sc, const struct number *n)
{
    const unsigned char *s = sc->s;
    struct ho_jsonl_decoder *d = sc->dec;
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
skip_digits(const struct scan *sc, size_t i)
{
    while (i < sc->len && is_digit(sc->s[i]))
        i++;
    return i;
}

/* The fraction at s[*i] == '.'. */
static ho_rc
scan_fraction(struct scan *sc, size_t *i, struct number *n)
{
    (*i)++;
    if (*i >= sc->len || !is_digit(sc->s[*i]))
        return syntax_err(sc, *i, "a digit after the decimal point");
    n->frac_start = *i;
    *i = n->frac_end = skip_digits(sc, *i);
    n->real = true;
    return HO_OK;
}

/* The exponent at s[*i] == 'e' or 'E'. */
static ho_rc
scan_exponent(struct scan *sc, size_t *i, struct number *n)
{
    const unsigned char *s = sc->s;
    bool neg = false;
    (*i)++;
    if (*i < sc->len && (s[*i] == '+' || s[*i] == '-'))
        neg = s[(*i)++] == '-';
    if (*i >= sc->len || !is_digit(s[*i]))
        return syntax_err(sc, *i, "a digit in the exponent");
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
scan_number(struct scan *sc, struct span *out)
{
    const unsigned char *s = sc->s;
    size_t start = sc->pos;
    size_t i = start;
    struct number n = { .neg = s[start] == '-' };
    ho_rc rc = HO_OK;

    if (n.neg)
        i++;
    if (i >= sc->len || !is_digit(s[i]))
        return syntax_err(sc, i, "a digit");
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
    *out = line_span(start, i - start);
    sc->pos = i;
    return HO_OK;
}

static ho_rc
scan_literal(struct scan *sc, const char *word, size_t n)
{
    if (sc->len - sc->pos >= n && memcmp(sc->s + sc->pos, word, n) == 0) {
        sc->pos += n;
        return HO_OK;
    }
    return syntax_err(sc, sc->pos, "a value");
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
    const struct sortkey *x = a;
    const struct sortkey *y = b;
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
dup_err(struct scan *sc, const char *p, uint32_t len, uint32_t pos)
{
    int n = len > MSG_KEY_MAX ? MSG_KEY_MAX : (int)len;
    return json_err(sc, pos, "duplicate key '%.*s'", n, p);
}

/* Sort the keys of a large object; equal neighbours are duplicates.  The
 * one reported is the earliest repeated occurrence, as a linear scan finds. */
static ho_rc
check_dups_sorted(struct scan *sc, size_t mark, size_t n)
{
    struct ho_jsonl_decoder *d = sc->dec;
    const struct sortkey *worst = NULL;
    HO_GROW(d->sorted, d->sorted_cap, n);
    for (size_t i = 0; i < n; i++) {
        const struct keyref *k = &d->keys[mark + i];
        const char *p = resolve(sc, k->key);
        d->sorted[i] = (struct sortkey){ p, k->key.len, hash_key(p, k->key.len), k->pos };
    }
    qsort(d->sorted, n, sizeof(*d->sorted), cmp_sortkey);
    for (size_t i = 1; i < n; i++) {
        const struct sortkey *a = &d->sorted[i - 1];
        const struct sortkey *b = &d->sorted[i];
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
check_dups(struct scan *sc, size_t mark)
{
    struct ho_jsonl_decoder *d = sc->dec;
    size_t n = d->nkeys - mark;
    if (n < 2)
        return HO_OK;
    if (n > DUP_LINEAR_MAX)
        return check_dups_sorted(sc, mark, n);
    for (size_t i = mark + 1; i < d->nkeys; i++) {
        const struct keyref *b = &d->keys[i];
        const char *bp = resolve(sc, b->key);
        for (size_t j = mark; j < i; j++) {
            const struct keyref *a = &d->keys[j];
            if (a->key.len != b->key.len)
                continue;
            const char *ap = resolve(sc, a->key);
            if (a->key.len == 0 || (ap[0] == bp[0] && memcmp(ap, bp, a->key.len) == 0))
                return dup_err(sc, bp, b->key.len, b->pos);
        }
    }
    return HO_OK;
}

static void
push_key(struct ho_jsonl_decoder *d, struct span key, size_t pos)
{
    if (d->nkeys == d->keys_cap)
        HO_GROW(d->keys, d->keys_cap, d->nkeys + 1);
    d->keys[d->nkeys++] = (struct keyref){ key, (uint32_t)pos };
}

/* After a member: ',' (more follow; *more set) or '}' (done). */
static ho_rc
after_member(struct scan *sc, bool *more)
{
    skip_ws(sc);
    int c = peek(sc);
    if (c == ',' || c == '}') {
        sc->pos++;
        *more = c == ',';
        return HO_OK;
    }
    return syntax_err(sc, sc->pos, "',' or '}'");
}

/* Parse the object at s[pos] == '{' at nesting level depth, handing each
 * member's value to fn. */
static ho_rc
parse_object(struct scan *sc, unsigned depth, member_fn fn, const void *ctx)
{
    struct ho_jsonl_decoder *d = sc->dec;
    size_t mark = d->nkeys;
    bool more = true;
    ho_rc rc;

    if (depth > HO_JSONL_MAX_DEPTH)
        return depth_err(sc, sc->pos);
    sc->pos++;
    skip_ws(sc);
    if (peek(sc) == '}') {
        sc->pos++;
        return HO_OK;
    }
    while (more) {
        struct span key = { 0, 0 };
        size_t key_pos = sc->pos;
        if (peek(sc) != '"')
            return syntax_err(sc, sc->pos, d->nkeys == mark ? "a key or '}'" : "a key");
        rc = scan_string(sc, &key);
        if (rc != HO_OK)
            return rc;
        push_key(d, key, key_pos);
        skip_ws(sc);
        if (peek(sc) != ':')
            return syntax_err(sc, sc->pos, "':' after the key");
        sc->pos++;
        skip_ws(sc);
        rc = fn(sc, depth, key, key_pos, ctx);
        if (rc == HO_OK)
            rc = after_member(sc, &more);
        if (rc != HO_OK)
            return rc;
        skip_ws(sc);
    }
    rc = check_dups(sc, mark);
    d->nkeys = mark;
    return rc;
}

/* Recursion below is bounded by HO_JSONL_MAX_DEPTH. */
static ho_rc
skip_array(struct scan *sc, unsigned depth) /* NOLINT(misc-no-recursion) */
{
    if (depth > HO_JSONL_MAX_DEPTH)
        return depth_err(sc, sc->pos);
    sc->pos++;
    skip_ws(sc);
    if (peek(sc) == ']') {
        sc->pos++;
        return HO_OK;
    }
    for (;;) {
        ho_rc rc = skip_value(sc, depth);
        if (rc != HO_OK)
            return rc;
        skip_ws(sc);
        int c = peek(sc);
        sc->pos++;
        if (c == ']')
            return HO_OK;
        if (c != ',')
            return syntax_err(sc, sc->pos - 1, "',' or ']'");
        skip_ws(sc);
    }
}

static ho_rc
skip_member(struct scan *sc, unsigned depth, struct span key, size_t key_pos, const void *ctx)
{
    (void)key;
    (void)key_pos;
    (void)ctx;
    return skip_value(sc, depth);
}

/* Check the value at s[pos] inside a container at level depth, keeping
 * nothing of it (scratch space used meanwhile is given back). */
static ho_rc
skip_value(struct scan *sc, unsigned depth) /* NOLINT(misc-no-recursion) */
{
    struct ho_jsonl_decoder *d = sc->dec;
    size_t mark = d->scr_len;
    struct span sp;
    ho_rc rc;

    switch (peek(sc)) {
    case '"':
        rc = scan_string(sc, &sp);
        break;
    case '{':
        rc = parse_object(sc, depth + 1, skip_member, NULL);
        break;
    case '[':
        return skip_array(sc, depth + 1);
    case 't':
        return scan_literal(sc, "true", 4);
    case 'f':
        return scan_literal(sc, "false", 5);
    case 'n':
        return scan_literal(sc, "null", 4);
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
        return syntax_err(sc, sc->pos, "a value");
    }
    d->scr_len = mark;
    return rc;
}

/*---- the event mapping ----*/

/* Add one flattened pair to props or traits (unless a field error is
 * already pending). */
static void
emit(struct scan *sc, enum group g, struct span key, struct span val, size_t key_pos)
{
    struct ho_jsonl_decoder *d = sc->dec;
    struct span k = key;

    if (sc->ferr != FERR_NONE)
        return;
    if (d->npend[G_PROPS] + d->npend[G_TRAITS] >= HO_EVENT_MAX_KV) {
        field_err(sc, FERR_KV_COUNT, group_names[g], NULL, key_pos);
        return;
    }
    if (d->path_len > 0) {
        size_t flen = d->path_len + 1 + key.len;
        if (flen > HO_EVENT_MAX_STRLEN) {
            field_err(sc, FERR_KEY_LEN, group_names[g], NULL, key_pos);
            return;
        }
        scr_reserve(d, flen);
        const char *kp = resolve(sc, key); /* after the reserve: stable */
        char *o = d->scr + d->scr_len;
        memcpy(o, d->path, d->path_len);
        o[d->path_len] = '.';
        memcpy(o + d->path_len + 1, kp, key.len);
        k = scr_span(d->scr_len, flen);
        d->scr_len += flen;
    } else if (key.len > HO_EVENT_MAX_STRLEN) {
        field_err(sc, FERR_KEY_LEN, group_names[g], NULL, key_pos);
        return;
    }
    d->pend[g][d->npend[g]++] = (struct pend_kv){ k, val };
}

/* A member of props or traits (ctx: its enum group), at any depth. */
static ho_rc
kv_member(struct scan *sc, unsigned depth, struct span key, size_t key_pos, const void *ctx)
{
    struct ho_jsonl_decoder *d = sc->dec;
    enum group g = *(const enum group *)ctx;
    size_t start = sc->pos;
    struct span val;
    ho_rc rc;

    if (peek(sc) == '{') {
        size_t saved = d->path_len;
        path_push(d, resolve(sc, key), key.len);
        rc = parse_object(sc, depth + 1, kv_member, ctx);
        d->path_len = saved;
        return rc;
    }
    if (peek(sc) == '"') {
        rc = scan_string(sc, &val);
    } else {
        /* Numbers, literals and arrays: their text as written. */
        rc = skip_value(sc, depth);
        val = line_span(start, sc->pos - start);
    }
    if (rc == HO_OK)
        emit(sc, g, key, val, key_pos);
    return rc;
}

static enum field
top_field(const char *k, uint32_t n)
{
    switch (n) {
    case 2:
        if (k[0] == 'i' && k[1] == 'd')
            return F_ID;
        if (k[0] == 't' && k[1] == 's')
            return F_TS;
        break;
    case 4:
        if (memcmp(k, "type", 4) == 0)
            return F_TYPE;
        if (memcmp(k, "lead", 4) == 0)
            return F_LEAD;
        break;
    case 5:
        if (memcmp(k, "props", 5) == 0)
            return F_PROPS;
        break;
    case 6:
        if (memcmp(k, "traits", 6) == 0)
            return F_TRAITS;
        break;
    case 7:
        if (memcmp(k, "account", 7) == 0)
            return F_ACCOUNT;
        if (memcmp(k, "channel", 7) == 0)
            return F_CHANNEL;
        break;
    case 8:
        if (memcmp(k, "campaign", 8) == 0)
            return F_CAMPAIGN;
        break;
    case 12:
        if (memcmp(k, "anonymous_id", 12) == 0)
            return F_ANONYMOUS;
        break;
    default:
        break;
    }
    return F_UNKNOWN;
}

/* A member of the event object itself. */
static ho_rc
top_member(struct scan *sc, unsigned depth, struct span key, size_t key_pos, const void *ctx)
{
    enum field f = top_field(resolve(sc, key), key.len);
    int c = peek(sc);

    (void)ctx;
    if (f == F_UNKNOWN)
        return skip_value(sc, depth);
    if (c == 'n') /* null: the field is absent */
        return scan_literal(sc, "null", 4);
    if (f == F_PROPS || f == F_TRAITS) {
        const enum group *g = &group_ids[f == F_PROPS ? G_PROPS : G_TRAITS];
        if (c == '{')
            return parse_object(sc, depth + 1, kv_member, g);
        field_err(sc, FERR_TYPE, group_names[*g], "an object", key_pos);
        return skip_value(sc, depth);
    }
    if (c == '"')
        return scan_string(sc, &sc->field[f]);
    field_err(sc, FERR_TYPE, field_names[f], "a string", key_pos);
    return skip_value(sc, depth);
}

static struct ho_slice
to_slice(const struct scan *sc, struct span sp)
{
    if (sp.len == 0)
        return (struct ho_slice){ NULL, 0 };
    return (struct ho_slice){ resolve(sc, sp), sp.len };
}

/* Turn the spans of a complete line into the draft's pointers. */
static void
materialize(const struct scan *sc, struct ho_event_draft *out)
{
    struct ho_jsonl_decoder *d = sc->dec;
    struct ho_slice *dst[F__COUNT] = { &out->id,      &out->ts,      &out->type,
                                       &out->lead,    &out->account, &out->channel,
                                       &out->campaign, &out->anonymous };
    for (size_t f = 0; f < F__COUNT; f++)
        *dst[f] = to_slice(sc, sc->field[f]);
    for (size_t g = 0; g < 2; g++) {
        for (size_t i = 0; i < d->npend[g]; i++) {
            d->kv[g][i].key = to_slice(sc, d->pend[g][i].key);
            d->kv[g][i].val = to_slice(sc, d->pend[g][i].val);
        }
    }
    out->props = d->npend[G_PROPS] ? d->kv[G_PROPS] : NULL;
    out->n_props = d->npend[G_PROPS];
    out->traits = d->npend[G_TRAITS] ? d->kv[G_TRAITS] : NULL;
    out->n_traits = d->npend[G_TRAITS];
}

ho_rc
ho_jsonl_decode_line(struct ho_jsonl_decoder *dec, const char *line, size_t len,
                     struct ho_event_draft *out, struct ho_diag *diag)
{
    struct scan sc = { .dec = dec, .s = (const unsigned char *)line, .len = len, .diag = diag };
    ho_rc rc;

    memset(out, 0, sizeof(*out));
    if (len > HO_JSONL_MAX_LINE)
        return ho_diag_set(diag, HO_ELIMIT, "line longer than %zu bytes", HO_JSONL_MAX_LINE);
    dec->scr_len = 0;
    dec->path_len = 0;
    dec->nkeys = 0;
    dec->npend[G_PROPS] = dec->npend[G_TRAITS] = 0;

    skip_ws(&sc);
    if (peek(&sc) != '{')
        return syntax_err(&sc, sc.pos, "'{' (each line holds one JSON object)");
    rc = parse_object(&sc, 1, top_member, NULL);
    if (rc != HO_OK)
        return rc;
    skip_ws(&sc);
    if (sc.pos != len)
        return syntax_err(&sc, sc.pos, "the end of the line after the object");
    if (sc.ferr != FERR_NONE)
        return report_field_err(&sc);
    materialize(&sc, out);
    return HO_OK;
}
