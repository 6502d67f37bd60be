/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz_json_event.c - differential fuzzing of the JSON event
 * decoders: the fast scanner (ingest/jsonl.h) and the jansson decoder
 * (ingest/json_event.h) must agree on every input.
 *
 * Invariants:
 *   - both accept or both reject;
 *   - when both accept, the drafts are the same event (ho_json_event_same);
 *   - when jansson reports a field error, the scanner reports the same text
 *     and result code;
 *   - a draft either decoder accepts can be given to the event log without
 *     crashing, and its verdict depends only on the event.
 * No state is carried between inputs.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "ingest/json_event.h"
#include "ingest/jsonl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fail(const char *what, const char *a, const char *b)
{
    (void)fprintf(stderr, "fuzz_json_event: %s\n  scanner: %s\n  jansson: %s\n", what, a, b);
    abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ho_jsonl_decoder *scan = ho_jsonl_decoder_new();
    struct ho_json_event_decoder *ref = ho_json_event_decoder_new();
    struct ho_event_draft a;
    struct ho_event_draft b;
    struct ho_diag da;
    struct ho_diag db;
    char why[1024];

    ho_diag_clear(&da);
    ho_diag_clear(&db);
    ho_rc ra = ho_jsonl_decode_line(scan, (const char *)data, size, &a, &da);
    ho_rc rb = ho_json_event_decode(ref, (const char *)data, size, &b, &db);
    if ((ra == HO_OK) != (rb == HO_OK))
        fail("one decoder accepts, the other rejects", ra ? da.msg : "accepted",
             rb ? db.msg : "accepted");
    if (ra != HO_OK && strncmp(db.msg, "field '", 7) == 0 &&
        (ra != rb || strcmp(da.msg, db.msg) != 0))
        fail("field errors differ", da.msg, db.msg);
    if (ra == HO_OK && !ho_json_event_same(&a, &b, why, sizeof(why)))
        fail(why, "", "");
    if (ra == HO_OK) {
        struct ho_eventlog log;
        size_t idx;
        ho_eventlog_init(&log);
        ho_rc va = ho_eventlog_add_draft(&log, &a, &idx, &da);
        if (va == HO_OK && (log.n != 1 || idx != 0))
            fail("the event log did not append", "", "");
        if (va != HO_OK && (log.n != 0 || log.nkv != 0))
            fail("a rejected draft changed the event log", da.msg, "");
        ho_eventlog_release(&log);
    }
    ho_json_event_decoder_free(ref);
    ho_jsonl_decoder_free(scan);
    return 0;
}
