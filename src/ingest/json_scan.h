/* SPDX-License-Identifier: MIT */
/*
 * ingest/json_scan.h - a generic, single-pass JSON scanner.
 *
 * It checks one JSON text against exactly what jansson accepts with
 * JSON_REJECT_DUPLICATES (RFC 8259 with strict UTF-8, no "\u0000", integers
 * within int64, no real overflow; and, unlike jansson 2.14, no raw NUL byte
 * anywhere), without building a document tree.  What the values mean is the
 * caller's business: ho_json_parse_object() hands each member to a callback,
 * which reads the value with ho_json_scan_string(), ho_json_skip_value(),
 * ho_json_parse_object() (nested) or ho_json_scan_literal().
 *
 * Strings without escapes come out as slices of the text itself; escaped
 * strings (and whatever the caller builds with ho_json_scratch_reserve())
 * go to a scratch buffer.  Because that buffer may move while it grows,
 * every result is a struct ho_json_span, turned into a pointer with
 * ho_json_resolve() only when needed; a pointer stays valid until the next
 * scratch reservation.
 *
 * Errors (diag->msg; diag->column is the 1-based character column):
 *   HO_EPARSE "invalid JSON at column N: expected X, found Y" and other
 *             "invalid JSON at column N: ..." texts (duplicate keys too);
 *   HO_ELIMIT "nesting deeper than 32 levels at column N".
 * They are reported as soon as they are seen, so the first one in document
 * order wins.
 *
 * Thread-safety: a scanner and its buffers are used by one thread at a time.
 */
#ifndef HO_INGEST_JSON_SCAN_H
#define HO_INGEST_JSON_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "base/rc.h"

/* Containers nested deeper than this (the outermost object is level 1) are
 * rejected with HO_ELIMIT. */
#define HO_JSON_MAX_DEPTH 32

/* Where a decoded string lives: the text + off, or the scratch buffer +
 * (off & ~HO_JSON_SCR_BIT). */
#define HO_JSON_SCR_BIT 0x80000000U
struct ho_json_span {
    uint32_t off, len;
};

struct ho_json_keyref;
struct ho_json_sortkey;

/* The reusable buffers of a scanner; zero-initialise, then release with
 * ho_json_buffers_release().  Reused across texts so that a stream of
 * lines allocates only while its largest line grows them. */
struct ho_json_buffers {
    char *scr; /* owned: unescaped strings and caller-built text */
    size_t scr_len, scr_cap;
    struct ho_json_keyref *keys; /* owned: keys of the objects currently open */
    size_t nkeys, keys_cap;
    struct ho_json_sortkey *sorted; /* owned: duplicate check of large objects */
    size_t sorted_cap;
};

/* The state of one pass over one text.  Callers read pos (the byte at
 * which the value in hand starts) and may embed this struct as the first
 * member of their own state to reach it from a member callback. */
struct ho_json_scan {
    struct ho_json_buffers *buf; /* borrowed */
    const unsigned char *s;      /* borrowed: the text */
    size_t len, pos;
    struct ho_diag *diag; /* may be NULL */
};

/* Called with sc->pos at the value of the member named key (whose opening
 * quote is at key_pos), in an object at nesting level depth.  It must
 * consume the value, and returns HO_OK or the error that stops the pass. */
typedef ho_rc (*ho_json_member_fn)(struct ho_json_scan *sc, unsigned depth, struct ho_json_span key,
                                   size_t key_pos, const void *ctx);

void ho_json_buffers_release(struct ho_json_buffers *buf); /* NULL-safe */

/* Start a pass over text[0..len) (no NUL terminator needed); the scratch
 * space of the previous pass is given back. */
void ho_json_scan_begin(struct ho_json_scan *sc, struct ho_json_buffers *buf, const char *text,
                        size_t len, struct ho_diag *diag);

/* The next byte, or -1 at the end of the text. */
static inline int
ho_json_peek(const struct ho_json_scan *sc)
{
    return sc->pos < sc->len ? sc->s[sc->pos] : -1;
}

void ho_json_skip_ws_slow(struct ho_json_scan *sc);

/* Skip JSON whitespace.  Most texts are compact: the next byte is rarely
 * whitespace, hence the inline fast path. */
static inline void
ho_json_skip_ws(struct ho_json_scan *sc)
{
    if (sc->pos < sc->len && sc->s[sc->pos] > ' ')
        return;
    ho_json_skip_ws_slow(sc);
}

/* The value at sc->pos (a JSON string) unescaped into *out. */
HO_MUST_CHECK ho_rc ho_json_scan_string(struct ho_json_scan *sc, struct ho_json_span *out);

/* The literal word[0..n) ("true", "false", "null") at sc->pos. */
HO_MUST_CHECK ho_rc ho_json_scan_literal(struct ho_json_scan *sc, const char *word, size_t n);

/* Check the value at sc->pos inside a container at level depth, keeping
 * nothing of it (scratch space used meanwhile is given back). */
HO_MUST_CHECK ho_rc ho_json_skip_value(struct ho_json_scan *sc, unsigned depth);

/* Parse the object at sc->pos == '{' at nesting level depth (the
 * outermost is 1), handing each member's value to fn(.., ctx); duplicate
 * keys are rejected once the object is closed. */
HO_MUST_CHECK ho_rc ho_json_parse_object(struct ho_json_scan *sc, unsigned depth,
                                         ho_json_member_fn fn, const void *ctx);

/* HO_EPARSE "invalid JSON at column N: expected <expected>, found <what
 * is at byte at>". */
HO_MUST_CHECK ho_rc ho_json_syntax_err(struct ho_json_scan *sc, size_t at, const char *expected);

/* The JSON type name of the value starting at sc->pos ("string", "object",
 * "array", "boolean", "null", "number"), or "nothing" at the end. */
const char *ho_json_type_at(const struct ho_json_scan *sc);

/* A span of the text itself, e.g. a value's raw text. */
struct ho_json_span ho_json_text_span(size_t off, size_t len);

/* Where the span's bytes start. */
const char *ho_json_resolve(const struct ho_json_scan *sc, struct ho_json_span sp);

/* Room for n more bytes at the end of the scratch buffer; the returned
 * pointer (and any earlier ho_json_resolve() result into scratch) is valid
 * until the next reservation.  Resolve spans only after reserving. */
char *ho_json_scratch_reserve(struct ho_json_scan *sc, size_t n);

/* Keep the n bytes just written at the reserved place; their span. */
struct ho_json_span ho_json_scratch_commit(struct ho_json_scan *sc, size_t n);

#endif /* HO_INGEST_JSON_SCAN_H */
