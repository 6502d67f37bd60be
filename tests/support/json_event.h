/* SPDX-License-Identifier: MIT */
/*
 * tests/support/json_event.h - the reference event decoder, built on
 * jansson; for tests and fuzzing only.
 *
 * Same contract as ho_event_decode() (ingest/event_map.h): one JSON event
 * object into a struct ho_event_draft, with the same field mapping, the same
 * limits and the same field-error messages.  It is the differential oracle
 * that the production decoder is tested and fuzzed against; nothing in src/
 * uses it (it rewrites numbers, so events it decoded would not store
 * byte-identically to the production decoder's).
 *
 * Two documented differences, both because jansson does not keep the source
 * text of a value:
 *   - numbers come out in canonical form: integers as "%lld" ("-0" gives
 *     "0"), reals as the shortest text that reads back as the same double
 *     (so "1.50" gives "1.5" and "1e2" gives "100");
 *   - arrays come out as compact JSON (jansson's JSON_COMPACT encoding).
 * ho_json_event_same() compares two drafts modulo exactly these.
 * Malformed JSON is reported as "invalid JSON at column N: <jansson's
 * text>", so those messages differ from the scanner's.  A NUL byte anywhere
 * is rejected before jansson sees the text ("invalid JSON at column N: NUL
 * byte"): jansson 2.14 silently skips one that directly follows a number or
 * a literal, e.g. it accepts {"a":1\0}.
 *
 * No jansson type crosses this header.  Real-number formatting assumes the
 * "C" numeric locale (handoff never calls setlocale()).
 */
#ifndef HO_TESTS_SUPPORT_JSON_EVENT_H
#define HO_TESTS_SUPPORT_JSON_EVENT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/rc.h"

struct ho_event_draft;
struct ho_json_event_decoder;

/* Owned: ho_json_event_decoder_free(). */
struct ho_json_event_decoder *ho_json_event_decoder_new(void);
void ho_json_event_decoder_free(struct ho_json_event_decoder *dec); /* NULL-safe */

/*
 * Decode text[0..len) (one JSON object) into *out, whose slices borrow from
 * dec until its next call or ho_json_event_decoder_free().  *out is always
 * initialised, all-empty on failure.  Returns HO_OK, HO_EPARSE or HO_ELIMIT
 * with the same texts as ho_event_decode() for field errors and limits.
 */
HO_MUST_CHECK ho_rc ho_json_event_decode(struct ho_json_event_decoder *dec, const char *text,
                                         size_t len, struct ho_event_draft *out,
                                         struct ho_diag *diag);

/*
 * True when a and b describe the same event: equal fields, and the same
 * props and traits in the same order, where two values also count as equal
 * when both are JSON numbers of the same value or both are JSON arrays that
 * jansson finds equal.  Otherwise false, with the first difference written
 * to why[0..n) (may be NULL).
 */
bool ho_json_event_same(const struct ho_event_draft *a, const struct ho_event_draft *b, char *why,
                        size_t n);

#endif /* HO_TESTS_SUPPORT_JSON_EVENT_H */
