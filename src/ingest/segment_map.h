/* SPDX-License-Identifier: MIT */
/*
 * ingest/segment_map.h - one Segment / RudderStack message (the Segment
 * Spec: identify, track, page, screen, group, alias) into a struct
 * ho_event_draft.
 *
 * The one Segment mapping, whichever door the message comes in by: a line
 * of a file or warehouse export (`import --from segment`) or, later, the
 * Segment-compatible HTTP API.  The JSON is checked by the generic scanner
 * (ingest/json_scan.h); the draft then goes through the same validation
 * as a native event (ingest/validate.h, ho_eventlog_add_draft()).
 *
 * Mapping (null or "" means absent; any other non-string is an error):
 *   messageId               -> id (required)
 *   type                    -> identify -> identify, group -> group,
 *                              alias -> alias, page -> the section's page
 *                              type (default page_view), screen -> its
 *                              screen type (default: as page), track ->
 *                              the `event` name as below (required)
 *   timestamp               -> ts, as given (Segment and RudderStack already
 *                              corrected it for clock skew)
 *   else originalTimestamp  -> ts, corrected when sentAt and receivedAt are
 *                              both present: ts = receivedAt - (sentAt -
 *                              originalTimestamp), the client's clock error
 *                              (sentAt vs receivedAt) taken off
 *   userId                  -> lead; anonymousId -> anonymous_id (the visitor)
 *   alias: previousId       -> anonymous_id, userId -> lead: the earliest
 *                              event naming both links the visitor to the
 *                              lead
 *   groupId (else context.groupId) -> account
 *   properties              -> props, traits and context.traits -> traits,
 *                              nested objects flattened with '.', as in
 *                              ingest/event_map.h; a key that properties
 *                              (or traits) give wins over the same key from
 *                              context.campaign (or context.traits)
 *   context.campaign.name   -> campaign; .source, .medium, .name, .term,
 *                              .content -> props utm_source, utm_medium,
 *                              utm_campaign, utm_term, utm_content, which the
 *                              definitions' `channels` rules normalise
 *   everything else (context.ip, integrations, sentAt, ...) is checked as
 *   JSON and ignored.
 *
 * Track event names (exact, case-sensitive) go through the definitions'
 * `segment:` section, then the built-in table of Segment's spec names
 * (core/segment_events.h, README "Segment event names"), e.g.
 * "Demo Requested" -> form_submit with props.form = "demo".  Props a
 * mapping sets replace the same keys of properties.  A name neither maps
 * is kept as the type, as written (DESIGN section 3 stores unknown types),
 * unless the section says `default: reject` (the record is rejected) or
 * `default: TYPE` (type TYPE, the name in props.event).
 *
 * Errors (diag->msg), one record at a time:
 *   those of ingest/json_scan.h for malformed text;
 *   HO_EPARSE "missing field 'messageId'", "missing field 'type'",
 *             "track without 'event'", "unknown Segment type 'x'",
 *             "field 'userId' must be a string, found number",
 *             "field 'timestamp': <why the time is not RFC 3339>",
 *             "the skew-corrected time ... is outside 1970-9999",
 *             "no timestamp or originalTimestamp",
 *             "track event 'x' is not mapped ..." (default: reject);
 *   HO_ELIMIT "more than 256 props and traits",
 *             "a key is longer than 65536 bytes".
 *
 * Thread-safety: a decoder is used by one thread at a time.
 */
#ifndef HO_INGEST_SEGMENT_MAP_H
#define HO_INGEST_SEGMENT_MAP_H

#include <stdbool.h>
#include <stddef.h>

#include "base/rc.h"

struct ho_event_draft;
struct ho_segment_decoder;
struct ho_segment_def;

/* Owned: ho_segment_decoder_free(). */
struct ho_segment_decoder *ho_segment_decoder_new(void);
void ho_segment_decoder_free(struct ho_segment_decoder *dec); /* NULL-safe */

/* Decode one message text[0..len) into *out (always initialised; all-empty
 * on failure), track names mapped by def (the definitions' `segment:`
 * section; NULL: the defaults).  The slices borrow from text, def and dec
 * until the next call. */
HO_MUST_CHECK ho_rc ho_segment_decode(struct ho_segment_decoder *dec,
                                      const struct ho_segment_def *def, const char *text,
                                      size_t len, struct ho_event_draft *out, struct ho_diag *diag);

/* Whether text[0..len) is a JSON object with top-level "messageId" and
 * "type" members: how an export is recognised without --from. */
bool ho_segment_sniff(const char *text, size_t len);

#endif /* HO_INGEST_SEGMENT_MAP_H */
