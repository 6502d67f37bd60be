/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz_batch_decode.c - the stored event batch decoder must
 * reject any damaged blob without crashing, append nothing on failure, and
 * re-encode what it accepted into a blob that decodes to the same events.
 * Blobs are read over a small dictionary (ids 1-3), so HOB2 references,
 * known and unknown, are exercised too, and re-encoded over it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/compiler.h"
#include "base/strtab.h"
#include "core/event.h"
#include "store/batch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const dictionary[] = { NULL, "page_view", "acme.io", "utm.source" };

static uint32_t
dict_id_of(void *ctx, const struct ho_eventlog *log, uint32_t sid)
{
    (void)ctx;
    for (uint32_t i = 1; i < 4; i++) {
        if (strcmp(ho_eventlog_str(log, sid), dictionary[i]) == 0)
            return i;
    }
    return 0;
}

static uint32_t
dict_string_of(void *ctx, struct ho_eventlog *log, uint64_t id)
{
    (void)ctx;
    if (id < 1 || id > 3)
        return 0;
    return ho_strtab_intern(log->strings, dictionary[id], strlen(dictionary[id]));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ho_eventlog a, b;
    ho_eventlog_init(&a);
    ho_eventlog_init(&b);
    struct ho_batch_dict dict = { dict_id_of, dict_string_of, NULL };
    if (ho_batch_decode_dict(data, size, &dict, &a, NULL) == HO_OK) {
        struct ho_batch_encoder enc;
        struct ho_buf blob = HO_BUF_INIT;
        ho_batch_encoder_init(&enc);
        uint32_t *all = a.n ? calloc(a.n, sizeof(*all)) : NULL;
        HO_ASSERT(a.n == 0 || all);
        for (size_t i = 0; i < a.n; i++)
            all[i] = (uint32_t)i;
        ho_batch_append_list(&enc, &a, all, a.n, &dict, &blob);
        free(all);
        HO_ASSERT(ho_batch_decode_dict((const uint8_t *)blob.ptr, blob.len, &dict, &b, NULL) ==
                  HO_OK);
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
