/* SPDX-License-Identifier: MIT */
/*
 * store/pack.c - see store/pack.h.
 */
#include "store/pack.h"

#include <math.h>
#include <string.h>

#include "base/buf.h"

static void
put_u32(uint8_t *p, uint32_t v)
{
    for (int k = 0; k < 4; k++)
        p[k] = (uint8_t)(v >> (8 * k));
}

static void
put_u64(uint8_t *p, uint64_t v)
{
    for (int k = 0; k < 8; k++)
        p[k] = (uint8_t)(v >> (8 * k));
}

static uint32_t
get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t
get_u64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int k = 7; k >= 0; k--)
        v = v << 8 | p[k];
    return v;
}

static uint64_t
double_bits(double d)
{
    uint64_t v;
    memcpy(&v, &d, sizeof(v));
    return v;
}

static double
bits_double(uint64_t v)
{
    double d;
    memcpy(&d, &v, sizeof(d));
    return d;
}

void
ho_pack_encode_header(struct ho_buf *out, const struct ho_pack_lead *h)
{
    uint8_t p[HO_PACK_HEADER] = { HO_PACK_FORMAT, (uint8_t)h->stage };
    put_u32(p + 4, h->n_journeys);
    put_u32(p + 8, h->channel);
    put_u32(p + 12, h->campaign);
    put_u32(p + 16, (uint32_t)h->account_len);
    put_u32(p + 20, h->heard_about);
    put_u32(p + 24, h->employees);
    ho_buf_add(out, p, sizeof(p));
}

void
ho_pack_encode_account(struct ho_buf *out, const struct ho_pack_lead *h)
{
    ho_buf_add(out, h->account, h->account_len);
}

/* An amount as SQLite's REAL column gives it back: NaN is NULL, and -0
 * (stored as the integer 0) reads as 0. */
static double
sql_real(double d)
{
    return d == 0.0 ? 0.0 : d;
}

void
ho_pack_encode_journey(struct ho_buf *out, const struct ho_journey *j)
{
    uint8_t p[HO_PACK_JOURNEY] = { 0 };
    bool has_amount = j->has_amount && !isnan(j->amount);
    put_u32(p, j->n);
    p[4] = (uint8_t)j->first;
    p[5] = (uint8_t)j->furthest;
    p[6] = (uint8_t)j->last;
    p[7] = (uint8_t)((j->closed ? 1 : 0) | (has_amount ? 2 : 0));
    put_u32(p + 8, (uint32_t)j->criterion);
    put_u32(p + 12, j->reason);
    put_u32(p + 16, j->rep);
    put_u32(p + 20, j->pool);
    p[24] = j->contact_channels_48h;
    for (int k = 0; k < HO_STAGE__COUNT; k++)
        put_u64(p + 32 + 8 * k, (uint64_t)j->entered[k]);
    put_u64(p + 104, (uint64_t)j->assigned_at);
    put_u64(p + 112, (uint64_t)j->first_contact_at);
    put_u64(p + 120, (uint64_t)j->contact_made_at);
    put_u64(p + 128, (uint64_t)j->revisit_at);
    /* monthly NaN with an amount: the SQL row has NULL there, read as 0 */
    put_u64(p + 136, double_bits(has_amount ? sql_real(j->amount) : 0.0));
    put_u64(p + 144, double_bits(has_amount && !isnan(j->monthly) ? sql_real(j->monthly) : 0.0));
    put_u64(p + 152, j->criteria_at_mql);
    put_u64(p + 160, j->rules_at_mql);
    ho_buf_add(out, p, sizeof(p));
}

bool
ho_pack_decode_header(const uint8_t *p, size_t len, struct ho_pack_lead *h)
{
    if (len < HO_PACK_HEADER || p[0] != HO_PACK_FORMAT || p[1] >= HO_STAGE__COUNT)
        return false;
    h->stage = (enum ho_stage)p[1];
    h->n_journeys = get_u32(p + 4);
    h->channel = get_u32(p + 8);
    h->campaign = get_u32(p + 12);
    h->account_len = get_u32(p + 16);
    h->heard_about = get_u32(p + 20);
    h->employees = get_u32(p + 24);
    size_t rest = len - HO_PACK_HEADER;
    if (h->account_len > rest || (rest - h->account_len) % HO_PACK_JOURNEY != 0 ||
        (rest - h->account_len) / HO_PACK_JOURNEY != h->n_journeys)
        return false;
    h->account = (const char *)p + (len - h->account_len);
    return true;
}

bool
ho_pack_decode_journey(const uint8_t *blob, uint32_t i, struct ho_journey *j)
{
    const uint8_t *p = blob + HO_PACK_HEADER + (size_t)i * HO_PACK_JOURNEY;
    memset(j, 0, sizeof(*j));
    if (p[4] >= HO_STAGE__COUNT || p[5] >= HO_STAGE__COUNT || p[6] >= HO_STAGE__COUNT)
        return false;
    j->n = get_u32(p);
    j->first = (enum ho_stage)p[4];
    j->furthest = (enum ho_stage)p[5];
    j->last = (enum ho_stage)p[6];
    j->closed = (p[7] & 1) != 0;
    j->has_amount = (p[7] & 2) != 0;
    j->criterion = (int32_t)get_u32(p + 8);
    j->reason = get_u32(p + 12);
    j->rep = get_u32(p + 16);
    j->pool = get_u32(p + 20);
    j->contact_channels_48h = p[24];
    for (int k = 0; k < HO_STAGE__COUNT; k++)
        j->entered[k] = (int64_t)get_u64(p + 32 + 8 * k);
    j->assigned_at = (int64_t)get_u64(p + 104);
    j->first_contact_at = (int64_t)get_u64(p + 112);
    j->contact_made_at = (int64_t)get_u64(p + 120);
    j->revisit_at = (int64_t)get_u64(p + 128);
    j->amount = bits_double(get_u64(p + 136));
    j->monthly = bits_double(get_u64(p + 144));
    j->criteria_at_mql = get_u64(p + 152);
    j->rules_at_mql = get_u64(p + 160);
    return true;
}

bool
ho_pack_iter_init(struct ho_pack_iter *it, const uint8_t *p, size_t len)
{
    if (len < 4)
        return false;
    *it = (struct ho_pack_iter){ p, len, 4, get_u32(p) };
    return true;
}

int
ho_pack_iter_next(struct ho_pack_iter *it, const char **lead, size_t *lead_len,
                  const uint8_t **blob, size_t *blob_len)
{
    if (it->left == 0)
        return it->off == it->len ? 0 : -1;
    if (it->len - it->off < 8)
        return -1;
    size_t a = get_u32(it->p + it->off), b = get_u32(it->p + it->off + 4);
    size_t rest = it->len - it->off - 8;
    if (a > rest || b > rest - a)
        return -1;
    *lead = (const char *)it->p + it->off + 8;
    *lead_len = a;
    *blob = it->p + it->off + 8 + a;
    *blob_len = b;
    it->off += 8 + a + b;
    it->left--;
    return 1;
}

void
ho_pack_chunk_start(struct ho_buf *out, uint32_t n)
{
    uint8_t p[4];
    put_u32(p, n);
    ho_buf_add(out, p, sizeof(p));
}

void
ho_pack_chunk_add(struct ho_buf *out, const char *lead, size_t lead_len, const uint8_t *blob,
                  size_t blob_len)
{
    uint8_t p[8];
    put_u32(p, (uint32_t)lead_len);
    put_u32(p + 4, (uint32_t)blob_len);
    ho_buf_add(out, p, sizeof(p));
    ho_buf_add(out, lead, lead_len);
    ho_buf_add(out, blob, blob_len);
}
