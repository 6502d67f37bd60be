/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz_json_event.c - differential fuzzing of the JSON event
 * decoders: the production decoder (ingest/event_map.h) and the jansson
 * reference (tests/support/json_event.h) must agree on every input.
 *
 * Invariants:
 *   - both accept or both reject;
 *   - when both accept, the drafts are the same event (ho_json_event_same);
 *   - when jansson reports a field error, the scanner reports the same text
 *     and result code;
 *   - a draft either decoder accepts can be given to the event log without
 *     crashing, and its verdict depends only on the event;
 *   - the input-contract checks (ingest/validate.h) give both drafts the
 *     same verdict (but for an amount that underflows, which only the
 *     scanner's text shows), and an opportunity amount they accept is one
 *     the replay reads (ho_parse_number) as a number from 0 to 1e15.
 * No state is carried between inputs.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "core/match.h"
#include "support/json_event.h"
#include "ingest/event_map.h"
#include "ingest/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fail(const char *what, const char *a, const char *b)
{
    (void)fprintf(stderr, "fuzz_json_event: %s\n  scanner: %s\n  jansson: %s\n", what, a, b);
    abort();
}

/* An accepted amount of an accepted opportunity reads back in range. */
static void
check_amounts(const struct ho_event_draft *d)
{
    static const char *const types[] = { "opportunity_created", "opportunity_won",
                                         "opportunity_lost" };
    bool opp = false;
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        opp = opp ||
              (d->type.len == strlen(types[i]) && memcmp(d->type.ptr, types[i], d->type.len) == 0);
    for (size_t i = 0; opp && i < d->n_props; i++) {
        const struct ho_draft_kv *kv = &d->props[i];
        bool amount = (kv->key.len == 6 && memcmp(kv->key.ptr, "amount", 6) == 0) ||
                      (kv->key.len == 14 && memcmp(kv->key.ptr, "monthly_amount", 14) == 0);
        if (!amount || kv->val.len == 0)
            continue;
        char *text = malloc(kv->val.len + 1);
        double v = -1.0;
        if (text == NULL)
            abort();
        memcpy(text, kv->val.ptr, kv->val.len);
        text[kv->val.len] = '\0';
        bool ok = ho_parse_number(text, &v);
        free(text);
        if (!ok || !(v >= 0.0 && v <= HO_INGEST_MAX_AMOUNT))
            fail("an accepted amount the replay cannot use", "", "");
    }
}

/* Both drafts get the same input-contract verdict. */
static void
check_contract(const struct ho_event_draft *a, const struct ho_event_draft *b)
{
    struct ho_diag da;
    struct ho_diag db;
    ho_diag_clear(&da);
    ho_diag_clear(&db);
    ho_rc ca = ho_ingest_check_draft(a, &da);
    ho_rc cb = ho_ingest_check_draft(b, &db);
    /* jansson hands over an underflowing number as its canonical 0 (the
     * documented difference of json_event.h), so only the scanner, which
     * keeps the text, can tell that it underflowed. */
    if (ca != HO_OK && cb == HO_OK && strstr(da.msg, " is too small to represent: ") != NULL)
        return;
    if (ca != cb)
        fail("the input-contract checks disagree", ca ? da.msg : "accepted",
             cb ? db.msg : "accepted");
    if (ca == HO_OK)
        check_amounts(a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ho_event_decoder *scan = ho_event_decoder_new();
    struct ho_json_event_decoder *ref = ho_json_event_decoder_new();
    struct ho_event_draft a;
    struct ho_event_draft b;
    struct ho_diag da;
    struct ho_diag db;
    char why[1024];

    ho_diag_clear(&da);
    ho_diag_clear(&db);
    ho_rc ra = ho_event_decode(scan, (const char *)data, size, &a, &da);
    ho_rc rb = ho_json_event_decode(ref, (const char *)data, size, &b, &db);
    if ((ra == HO_OK) != (rb == HO_OK))
        fail("one decoder accepts, the other rejects", ra ? da.msg : "accepted",
             rb ? db.msg : "accepted");
    if (ra != HO_OK && strncmp(db.msg, "field '", 7) == 0 &&
        (ra != rb || strcmp(da.msg, db.msg) != 0))
        fail("field errors differ", da.msg, db.msg);
    if (ra == HO_OK && !ho_json_event_same(&a, &b, why, sizeof(why)))
        fail(why, "", "");
    if (ra == HO_OK)
        check_contract(&a, &b);
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
    ho_event_decoder_free(scan);
    return 0;
}
