/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz_batch_decode.c - the stored event batch decoder must
 * reject any damaged blob without crashing, append nothing on failure, and
 * re-encode what it accepted into a blob that decodes to the same events.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/buf.h"
#include "base/compiler.h"
#include "core/event.h"
#include "store/batch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ho_eventlog a, b;
    ho_eventlog_init(&a);
    ho_eventlog_init(&b);
    if (ho_batch_decode(data, size, &a, NULL) == HO_OK) {
        struct ho_batch_encoder enc;
        struct ho_buf blob = HO_BUF_INIT;
        ho_batch_encoder_init(&enc);
        ho_batch_encode(&enc, &a, 0, a.n, &blob);
        HO_ASSERT(ho_batch_decode((const uint8_t *)blob.ptr, blob.len, &b, NULL) == HO_OK);
        HO_ASSERT(a.n == b.n && a.nkv == b.nkv);
        for (size_t i = 0; i < a.n; i++)
            HO_ASSERT(a.events[i].ts == b.events[i].ts &&
                      strcmp(ho_eventlog_str(&a, a.events[i].id),
                             ho_eventlog_str(&b, b.events[i].id)) == 0);
        ho_buf_release(&blob);
        ho_batch_encoder_release(&enc);
    } else {
        HO_ASSERT(a.n == 0);
    }
    ho_eventlog_release(&a);
    ho_eventlog_release(&b);
    return 0;
}
