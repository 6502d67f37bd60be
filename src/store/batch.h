/* SPDX-License-Identifier: MIT */
/*
 * store/batch.h - the compact binary encoding of a batch of events.
 *
 * Layout (all integers LEB128 varints unless noted):
 *   "HOB1" | n_strings | n_events | n_strings x (len, bytes) |
 *   n_events x (ts as 8 bytes little-endian, id, type, lead, account, channel,
 *               campaign, n_props, n_traits, (key, val) x (n_props + n_traits))
 * where every string field is an index into the batch's own string list
 * (0 = none).  A blob may hold several such batches one after the other
 * (an owner's row gets one more at each commit that adds to it); decoding
 * reads them all.  Decoding checks every bound: a damaged blob is an error, not a
 * crash.
 */
#ifndef HO_STORE_BATCH_H
#define HO_STORE_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "base/rc.h"

struct ho_buf;
struct ho_eventlog;

/*
 * A persistent dictionary of shared strings (store/dict.c): with one, a
 * batch is written as "HOB2", whose string list holds, instead of a string,
 * a reference to a dictionary entry wherever the dictionary has one, so the
 * type names, keys and shared values are not repeated in every owner's
 * blob.  Each entry of a HOB2 string list is a varint tag: 4 * len + 1
 * followed by len bytes, 4 * len + 3 the same for a string used only as
 * event ids (unique: the decoder adds it without interning), or
 * 2 * dictionary id.
 */
struct ho_batch_dict {
    /* encode: the dictionary id for string id sid of log, 0 to write it inline */
    uint32_t (*id_of)(void *ctx, const struct ho_eventlog *log, uint32_t sid);
    /* decode: the string id in log of dictionary entry id, 0 when unknown
     * (the blob is then damaged) */
    uint32_t (*string_of)(void *ctx, struct ho_eventlog *log, uint64_t id);
    void *ctx;
};

/* Reusable encoder scratch (maps log string ids to batch-local ids). */
struct ho_batch_encoder {
    uint32_t *local;   /* owned: open addressing, pairs (global id, local id); 0 = empty */
    size_t cap;        /* pairs, a power of two */
    uint32_t *strings; /* owned: batch-local id - 1 -> global id */
    uint8_t *uses;     /* owned: by batch-local id - 1, how the chunk uses it */
    size_t n_strings, cap_strings;
};

void ho_batch_encoder_init(struct ho_batch_encoder *enc);
void ho_batch_encoder_release(struct ho_batch_encoder *enc);

/* Encode log->events[from, to) into out (replacing its contents). */
void ho_batch_encode(struct ho_batch_encoder *enc, const struct ho_eventlog *log, size_t from,
                     size_t to, struct ho_buf *out);

/* Append to out one more batch: the events log->events[idx[0..n)], as
 * HOB2 over dict (or HOB1 when dict is NULL). */
void ho_batch_append_list(struct ho_batch_encoder *enc, const struct ho_eventlog *log,
                          const uint32_t *idx, size_t n, const struct ho_batch_dict *dict,
                          struct ho_buf *out);

/* Decode a blob and append its events to log.  HO_ESTORE when damaged
 * (nothing appended then). */
HO_MUST_CHECK ho_rc ho_batch_decode(const uint8_t *data, size_t len, struct ho_eventlog *log,
                                    struct ho_diag *diag);
/* The same for blobs that may hold HOB2 batches over dict. */
HO_MUST_CHECK ho_rc ho_batch_decode_dict(const uint8_t *data, size_t len,
                                         const struct ho_batch_dict *dict, struct ho_eventlog *log,
                                         struct ho_diag *diag);

#endif /* HO_STORE_BATCH_H */
