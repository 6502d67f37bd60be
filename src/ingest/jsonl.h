/* SPDX-License-Identifier: MIT */
/*
 * ingest/jsonl.h - the fast JSON Lines event scanner.
 *
 * A hand-written, single-pass decoder of one event object per line
 * (DESIGN.md section 3) straight into a struct ho_event_draft, without
 * building a document tree.  It accepts exactly the JSON that jansson
 * accepts with JSON_REJECT_DUPLICATES (RFC 8259 with strict UTF-8, no
 * "\u0000", integers within int64, no real overflow; and, unlike jansson
 * 2.14, no raw NUL byte anywhere), which the differential test and fuzz
 * target hold it to.
 *
 * Mapping:
 *   - id, ts, type, lead, account, channel, campaign: strings; null or ""
 *     means absent; any other type is an error naming the field.
 *   - props, traits: objects (or null); nested objects are flattened with
 *     '.' ({"utm":{"source":"x"}} gives the key "utm.source"); strings are
 *     unescaped; numbers, true, false and null are kept as written; arrays
 *     are kept as their raw JSON text; empty objects add nothing.
 *   - every other top-level field (Segment's messageId, context, ...) is
 *     validated as JSON and ignored.
 * Duplicate keys are rejected in every object.  Semantic checks (required
 * fields, timestamps) are left to ho_eventlog_add_draft().
 *
 * Errors (diag->msg; diag->column is the 1-based character column):
 *   HO_EPARSE "invalid JSON at column N: expected X, found Y" and other
 *             "invalid JSON at column N: ..." texts for malformed lines;
 *   HO_EPARSE "field 'ts' must be a string, found number",
 *             "field 'props' must be an object, found array";
 *   HO_ELIMIT "nesting deeper than 32 levels at column N",
 *             "field 'props': more than 256 props and traits",
 *             "field 'props': a key is longer than 65536 bytes",
 *             "line longer than N bytes".
 * Field errors are reported only for otherwise well-formed lines, the first
 * in document order, so they read the same as ho_json_event_decode()'s.
 *
 * Thread-safety: a decoder is used by one thread at a time.
 */
#ifndef HO_INGEST_JSONL_H
#define HO_INGEST_JSONL_H

#include <stddef.h>

#include "base/rc.h"

struct ho_event_draft;

/* Containers nested deeper than this (the event object is level 1) are
 * rejected with HO_ELIMIT. */
#define HO_JSONL_MAX_DEPTH 32

/* The decoder refuses longer inputs outright (the reader's own, smaller,
 * limit applies first). */
#define HO_JSONL_MAX_LINE ((size_t)1 << 30)

struct ho_jsonl_decoder;

/* A decoder with its reusable scratch space; owned: ho_jsonl_decoder_free(). */
struct ho_jsonl_decoder *ho_jsonl_decoder_new(void);
void ho_jsonl_decoder_free(struct ho_jsonl_decoder *dec); /* NULL-safe */

/*
 * Decode line[0..len) (no NUL terminator needed; no trailing newline
 * expected, though whitespace around the object is allowed) into *out.
 * The slices of *out borrow from line and from dec: they stay valid until
 * the next call on dec or ho_jsonl_decoder_free().
 * *out is always initialised; on failure it is all-empty.
 * Returns HO_OK, HO_EPARSE or HO_ELIMIT (see above).
 */
HO_MUST_CHECK ho_rc ho_jsonl_decode_line(struct ho_jsonl_decoder *dec, const char *line, size_t len,
                                         struct ho_event_draft *out, struct ho_diag *diag);

#endif /* HO_INGEST_JSONL_H */
