/* SPDX-License-Identifier: MIT */
/*
 * store/batch.c - encode and decode event batches (format in batch.h).
 */
#include "store/batch.h"

#include <stdbool.h>
#include <string.h>

#include "base/buf.h"
#include "base/strtab.h"
#include "base/xalloc.h"
#include "core/event.h"
#include "store/le.h"

static const char magic[4] = { 'H', 'O', 'B', '1' };
static const char magic_dict[4] = { 'H', 'O', 'B', '2' };

void
ho_batch_encoder_init(struct ho_batch_encoder *enc)
{
    memset(enc, 0, sizeof(*enc));
}

void
ho_batch_encoder_release(struct ho_batch_encoder *enc)
{
    ho_xfree(enc->local);
    ho_xfree(enc->strings);
    ho_xfree(enc->uses);
    memset(enc, 0, sizeof(*enc));
}

static void
put_varint(struct ho_buf *b, uint64_t v)
{
    if (b->len + 11 > b->cap)
        ho_buf_reserve(b, 10);
    uint8_t *p = (uint8_t *)b->ptr + b->len;
    size_t n = 0;
    do {
        uint8_t byte = v & 0x7f;
        v >>= 7;
        p[n++] = byte | (v ? 0x80 : 0);
    } while (v);
    b->len += n;
    b->ptr[b->len] = '\0';
}

static size_t
slot_of(uint32_t g, size_t mask)
{
    return (size_t)((g * UINT64_C(0x9e3779b97f4a7c15)) >> 32) & mask;
}

/* Put g with local id `local` into the chunk's table (which has room). */
static void
slot_put(struct ho_batch_encoder *enc, uint32_t g, uint32_t local)
{
    size_t mask = enc->cap - 1, i = slot_of(g, mask);
    while (enc->local[2 * i])
        i = (i + 1) & mask;
    enc->local[2 * i] = g;
    enc->local[2 * i + 1] = local;
}

/* Double the chunk's table and put its strings back. */
static void
grow_slots(struct ho_batch_encoder *enc)
{
    ho_xfree(enc->local);
    enc->cap = enc->cap ? 2 * enc->cap : 256;
    enc->local = ho_xcalloc(2 * enc->cap, sizeof(*enc->local));
    for (size_t k = 0; k < enc->n_strings; k++)
        slot_put(enc, enc->strings[k], (uint32_t)k + 1);
}

/* How a chunk's string is used: a string used only as event ids is marked
 * unique in HOB2, so the decoder need not intern it. */
enum { USED_AS_ID = 1, USED_OTHERWISE = 2 };

/* The batch-local id of global string id g (0 stays 0), used as `use`.  A
 * chunk holds a few hundred distinct strings, so a small table that stays
 * in cache beats a map indexed by the global id, which grows with every
 * string seen. */
static uint32_t
local_id(struct ho_batch_encoder *enc, uint32_t g, uint8_t use)
{
    if (!g)
        return 0;
    if (2 * (enc->n_strings + 1) > enc->cap)
        grow_slots(enc);
    size_t mask = enc->cap - 1, i = slot_of(g, mask);
    while (enc->local[2 * i]) {
        if (enc->local[2 * i] == g) {
            enc->uses[enc->local[2 * i + 1] - 1] |= use;
            return enc->local[2 * i + 1];
        }
        i = (i + 1) & mask;
    }
    if (enc->n_strings == enc->cap_strings) {
        HO_GROW(enc->strings, enc->cap_strings, enc->n_strings + 1);
        enc->uses = ho_xrealloc(enc->uses, enc->cap_strings);
    }
    enc->uses[enc->n_strings] = use;
    enc->strings[enc->n_strings++] = g;
    enc->local[2 * i] = g;
    enc->local[2 * i + 1] = (uint32_t)enc->n_strings;
    return (uint32_t)enc->n_strings;
}

/* Empty the table for the next chunk (only the slots this one used). */
static void
reset_slots(struct ho_batch_encoder *enc)
{
    size_t mask = enc->cap - 1;
    for (size_t k = 0; k < enc->n_strings; k++) {
        size_t i = slot_of(enc->strings[k], mask);
        while (enc->local[2 * i] != enc->strings[k])
            i = (i + 1) & mask;
        enc->local[2 * i] = enc->local[2 * i + 1] = 0;
    }
    /* the search above stops at its string, never at an empty slot, so
     * clearing one string's slot does not hide the next one */
    enc->n_strings = 0;
}

static void
encode_event(struct ho_batch_encoder *enc, const struct ho_eventlog *log, const struct ho_event *e,
             struct ho_buf *body)
{
    uint8_t ts[8];
    ho_le_put_u64(ts, (uint64_t)e->ts);
    ho_buf_add(body, ts, 8);
    const uint32_t fields[] = { e->id, e->type, e->lead, e->account, e->channel, e->campaign };
    for (size_t i = 0; i < HO_ARRAY_LEN(fields); i++)
        put_varint(body, local_id(enc, fields[i], i == 0 ? USED_AS_ID : USED_OTHERWISE));
    put_varint(body, e->n_props);
    put_varint(body, e->n_traits);
    size_t n_kv = (size_t)e->n_props + e->n_traits;
    const struct ho_kv *kv = n_kv ? &log->kv[e->kv] : NULL;
    for (size_t i = 0; i < n_kv; i++) {
        put_varint(body, local_id(enc, kv[i].key, USED_OTHERWISE));
        put_varint(body, local_id(enc, kv[i].val, USED_OTHERWISE));
    }
}

/* Append one chunk holding the events idx[0..n) (idx NULL: events
 * [from, from + n)) to out; over dict when not NULL. */
static void
encode_chunk(struct ho_batch_encoder *enc, const struct ho_eventlog *log, const uint32_t *idx,
             size_t from, size_t n, const struct ho_batch_dict *dict, struct ho_buf *out)
{
    struct ho_buf body = HO_BUF_INIT;
    if (enc->n_strings)
        reset_slots(enc);
    for (size_t i = 0; i < n; i++)
        encode_event(enc, log, &log->events[idx ? idx[i] : from + i], &body);
    ho_buf_add(out, dict ? magic_dict : magic, sizeof(magic));
    put_varint(out, enc->n_strings);
    put_varint(out, n);
    for (size_t i = 0; i < enc->n_strings; i++) {
        uint32_t g = enc->strings[i];
        uint32_t ref = dict ? dict->id_of(dict->ctx, log, g) : 0;
        size_t len = ho_strtab_strlen(log->strings, g);
        if (ref) {
            put_varint(out, 2 * (uint64_t)ref);
            continue;
        }
        bool unique = enc->uses[i] == USED_AS_ID;
        put_varint(out, dict ? 4 * (uint64_t)len + 2 * unique + 1 : len);
        ho_buf_add(out, ho_strtab_str(log->strings, g), len);
    }
    ho_buf_add(out, body.ptr, body.len);
    ho_buf_release(&body);
}

void
ho_batch_encode(struct ho_batch_encoder *enc, const struct ho_eventlog *log, size_t from, size_t to,
                struct ho_buf *out)
{
    ho_buf_reset(out);
    encode_chunk(enc, log, NULL, from, to - from, NULL, out);
}

void
ho_batch_append_list(struct ho_batch_encoder *enc, const struct ho_eventlog *log,
                     const uint32_t *idx, size_t n, const struct ho_batch_dict *dict,
                     struct ho_buf *out)
{
    encode_chunk(enc, log, idx, 0, n, dict, out);
}

struct reader {
    const uint8_t *p, *end;
    bool bad;
};

static uint64_t
get_varint(struct reader *r)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (r->p >= r->end) {
            r->bad = true;
            return 0;
        }
        uint8_t byte = *r->p++;
        v |= (uint64_t)(byte & 0x7f) << shift;
        if (!(byte & 0x80))
            return v;
    }
    r->bad = true;
    return 0;
}

/* A batch-local string index mapped to its global id; bad when out of range. */
static uint32_t
get_string(struct reader *r, const uint32_t *ids, uint64_t n_strings)
{
    uint64_t local = get_varint(r);
    if (local > n_strings) {
        r->bad = true;
        return 0;
    }
    return local ? ids[local - 1] : 0;
}

static bool
decode_event(struct reader *r, const uint32_t *ids, uint64_t n_strings, struct ho_event *e,
             struct ho_kv **kv, size_t *kv_cap)
{
    if (r->end - r->p < 8)
        return false;
    uint64_t u = ho_le_get_u64(r->p);
    r->p += 8;
    memset(e, 0, sizeof(*e));
    e->ts = (int64_t)u;
    uint32_t *fields[] = { &e->id, &e->type, &e->lead, &e->account, &e->channel, &e->campaign };
    for (size_t i = 0; i < HO_ARRAY_LEN(fields); i++)
        *fields[i] = get_string(r, ids, n_strings);
    uint64_t np = get_varint(r), nt = get_varint(r);
    if (r->bad || np + nt > HO_EVENT_MAX_KV)
        return false;
    e->n_props = (uint16_t)np;
    e->n_traits = (uint16_t)nt;
    HO_GROW(*kv, *kv_cap, (size_t)(np + nt));
    for (size_t i = 0; i < np + nt; i++) {
        (*kv)[i].key = get_string(r, ids, n_strings);
        (*kv)[i].val = get_string(r, ids, n_strings);
    }
    return !r->bad;
}

/* One entry of a chunk's string list, interned into log: inline text, or
 * (HOB2) a dictionary reference.  0 and r->bad when damaged. */
static uint32_t
decode_string(struct reader *r, bool tagged, const struct ho_batch_dict *dict,
              struct ho_eventlog *log)
{
    uint64_t v = get_varint(r);
    if (r->bad)
        return 0;
    if (tagged && !(v & 1)) {
        uint32_t sid = dict && v ? dict->string_of(dict->ctx, log, v >> 1) : 0;
        r->bad = sid == 0;
        return sid;
    }
    uint64_t slen = tagged ? v >> 2 : v;
    bool unique = tagged && (v & 2); /* an event id: unique, not interned */
    if (slen > (uint64_t)(r->end - r->p)) {
        r->bad = true;
        return 0;
    }
    uint32_t sid = unique ? ho_strtab_add(log->strings, (const char *)r->p, (size_t)slen)
                          : ho_strtab_intern(log->strings, (const char *)r->p, (size_t)slen);
    r->p += slen;
    return sid;
}

/* Decode the chunk at r->p, appending its events to log; r->p moves past
 * it.  false when it is damaged. */
static bool
decode_chunk(struct reader *r, const struct ho_batch_dict *dict, struct ho_eventlog *log)
{
    if (r->end - r->p < (ptrdiff_t)sizeof(magic))
        return false;
    bool tagged = memcmp(r->p, magic_dict, sizeof(magic)) == 0;
    if (!tagged && memcmp(r->p, magic, sizeof(magic)) != 0)
        return false;
    r->p += sizeof(magic);
    size_t left = (size_t)(r->end - r->p);
    uint64_t n_strings = get_varint(r), n_events = get_varint(r);
    if (r->bad || n_strings > left || n_events > left)
        return false;
    uint32_t *ids = ho_xmalloc(ho_size_mul((size_t)n_strings + 1, sizeof(*ids)));
    for (uint64_t i = 0; i < n_strings && !r->bad; i++)
        ids[i] = decode_string(r, tagged, dict, log);
    struct ho_kv *kv = NULL;
    size_t kv_cap = 0;
    for (uint64_t i = 0; i < n_events && !r->bad; i++) {
        struct ho_event e;
        if (!decode_event(r, ids, n_strings, &e, &kv, &kv_cap)) {
            r->bad = true;
            break;
        }
        (void)ho_eventlog_append(log, &e, kv);
    }
    ho_xfree(kv);
    ho_xfree(ids);
    return !r->bad;
}

ho_rc
ho_batch_decode_dict(const uint8_t *data, size_t len, const struct ho_batch_dict *dict,
                     struct ho_eventlog *log, struct ho_diag *diag)
{
    struct reader r = { data, data + len, false };
    size_t start = log->n;
    if (len < sizeof(magic) ||
        (memcmp(data, magic, sizeof(magic)) != 0 && memcmp(data, magic_dict, sizeof(magic)) != 0))
        return ho_diag_set(diag, HO_ESTORE, "event batch has an unknown format");
    while (r.p < r.end && !r.bad) {
        if (!decode_chunk(&r, dict, log))
            r.bad = true;
    }
    if (r.bad) {
        ho_eventlog_truncate(log, start);
        return ho_diag_set(diag, HO_ESTORE, "event batch is damaged");
    }
    return HO_OK;
}

ho_rc
ho_batch_decode(const uint8_t *data, size_t len, struct ho_eventlog *log, struct ho_diag *diag)
{
    return ho_batch_decode_dict(data, len, NULL, log, diag);
}
