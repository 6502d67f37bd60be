/* SPDX-License-Identifier: MIT */
/*
 * ingest/event_map.h - one JSON event object into a struct ho_event_draft.
 *
 * The one decoder of JSON events (DESIGN.md section 3), whichever door they
 * come in by: a line of a JSON Lines file (ingest/reader.h) or, later, an
 * HTTP request body.  The same text therefore gives the same draft, and so
 * the same stored event, byte for byte (the duplicate-conflict rule depends
 * on it).  The JSON itself is checked by the generic scanner
 * (ingest/json_scan.h); this file holds only what the fields mean.
 *
 * Mapping:
 *   - id, ts, type, lead, account, channel, campaign, anonymous_id:
 *     strings; null or "" means absent; any other type is an error naming
 *     the field.
 *   - props, traits: objects (or null); nested objects are flattened with
 *     '.' ({"utm":{"source":"x"}} gives the key "utm.source"); strings are
 *     unescaped; numbers, true, false and null are kept as written; arrays
 *     are kept as their raw JSON text; empty objects add nothing.
 *   - every other top-level field (Segment's messageId, context, ...) is
 *     validated as JSON and ignored.
 * Duplicate keys are rejected in every object.  Semantic checks (required
 * fields, timestamps) are left to ho_eventlog_add_draft().
 *
 * Errors (diag->msg; diag->column is the 1-based character column): those
 * of ingest/json_scan.h for malformed text, and
 *   HO_EPARSE "field 'ts' must be a string, found number",
 *             "field 'props' must be an object, found array";
 *   HO_ELIMIT "field 'props': more than 256 props and traits",
 *             "field 'props': a key is longer than 65536 bytes",
 *             "line longer than N bytes".
 * Field errors are reported only for otherwise well-formed text, the first
 * in document order.
 *
 * Thread-safety: a decoder is used by one thread at a time.
 */
#ifndef HO_INGEST_EVENT_MAP_H
#define HO_INGEST_EVENT_MAP_H

#include <stddef.h>

#include "base/rc.h"

struct ho_event_draft;

/* The decoder refuses longer inputs outright (the reader's own, smaller,
 * limit applies first). */
#define HO_EVENT_JSON_MAX_LEN ((size_t)1 << 30)

struct ho_event_decoder;

/* A decoder with its reusable scratch space; owned: ho_event_decoder_free(). */
struct ho_event_decoder *ho_event_decoder_new(void);
void ho_event_decoder_free(struct ho_event_decoder *dec); /* NULL-safe */

/*
 * Decode text[0..len) (no NUL terminator needed; no trailing newline
 * expected, though whitespace around the object is allowed) into *out.
 * The slices of *out borrow from text and from dec: they stay valid until
 * the next call on dec or ho_event_decoder_free().
 * *out is always initialised; on failure it is all-empty.
 * Returns HO_OK, HO_EPARSE or HO_ELIMIT (see above).
 */
HO_MUST_CHECK ho_rc ho_event_decode(struct ho_event_decoder *dec, const char *text, size_t len,
                                    struct ho_event_draft *out, struct ho_diag *diag);

#endif /* HO_INGEST_EVENT_MAP_H */
