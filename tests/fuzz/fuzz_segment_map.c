/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz_segment_map.c - the Segment message mapping
 * (ingest/segment_map.h) on arbitrary bytes.
 *
 * Invariants:
 *   - never crashes; a rejection leaves the draft all-empty and gives a
 *     reason;
 *   - an accepted draft has an id, a type and a ts that parses as RFC 3339
 *     (whether given or skew-corrected), at most HO_EVENT_MAX_KV + 1 pairs
 *     (the + 1 is form=demo), no key twice in props or in traits, and can
 *     be given to the event log;
 *   - decoding the same bytes again gives the same verdict (no state kept
 *     between messages);
 *   - a message the sniffer does not recognise (no top-level messageId) is
 *     never accepted.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timefmt.h"
#include "core/event.h"
#include "ingest/segment_map.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fail(const char *what, const char *detail)
{
    (void)fprintf(stderr, "fuzz_segment_map: %s: %s\n", what, detail);
    abort();
}

static bool
repeats_a_key(const struct ho_draft_kv *kv, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            if (kv[i].key.len == kv[j].key.len &&
                memcmp(kv[i].key.ptr, kv[j].key.ptr, kv[i].key.len) == 0)
                return true;
        }
    }
    return false;
}

static void
check_draft(const struct ho_event_draft *d, const char *text, size_t size)
{
    int64_t ms;
    if (d->id.len == 0 || d->type.len == 0 || d->ts.len == 0)
        fail("accepted without id, type or ts", "");
    if (ho_time_parse(d->ts.ptr, d->ts.len, &ms, NULL) != HO_OK)
        fail("accepted with a ts that does not parse", "");
    if (d->n_props + d->n_traits > HO_EVENT_MAX_KV + 1)
        fail("too many props and traits", "");
    if (repeats_a_key(d->props, d->n_props) || repeats_a_key(d->traits, d->n_traits))
        fail("a key appears twice", "");
    if (!ho_segment_sniff(text, size))
        fail("accepted what the sniffer does not recognise", "");
    struct ho_eventlog log;
    size_t idx;
    struct ho_diag why;
    ho_diag_clear(&why);
    ho_eventlog_init(&log);
    if (ho_eventlog_add_draft(&log, d, &idx, &why) != HO_OK && log.n != 0)
        fail("a rejected draft changed the event log", why.msg);
    ho_eventlog_release(&log);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ho_segment_decoder *dec = ho_segment_decoder_new();
    const char *text = (const char *)data;
    struct ho_event_draft d;
    struct ho_diag diag;

    ho_diag_clear(&diag);
    ho_rc rc = ho_segment_decode(dec, NULL, text, size, &d, &diag);
    if (rc == HO_OK) {
        check_draft(&d, text, size);
    } else {
        if (diag.msg[0] == '\0')
            fail("rejected without a reason", "");
        if (d.id.len || d.type.len || d.ts.len || d.n_props || d.n_traits)
            fail("a rejection left a draft behind", diag.msg);
    }
    ho_rc again = ho_segment_decode(dec, NULL, text, size, &d, &diag);
    if ((again == HO_OK) != (rc == HO_OK))
        fail("a second decode gave another verdict", diag.msg);
    ho_segment_decoder_free(dec);
    return 0;
}
