/* SPDX-License-Identifier: MIT */
/*
 * store/pack.c - see store/pack.h.
 */
#include "store/pack.h"

#include <math.h>
#include <string.h>

#include "base/buf.h"
#include "store/le.h"

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

/* The stored code of each stage: the order stages were added in, so a blob
 * written before meeting existed still reads (codes 0-8 are format 1's). */
static const enum ho_stage stage_of_code[HO_STAGE__COUNT] = {
    HO_STAGE_LEAD,         HO_STAGE_MQL,      HO_STAGE_SAL,         HO_STAGE_SQL,
    HO_STAGE_OPPORTUNITY,  HO_STAGE_CUSTOMER, HO_STAGE_CLOSED_LOST, HO_STAGE_NURTURE,
    HO_STAGE_DISQUALIFIED, HO_STAGE_MEETING,
};

static uint8_t
code_of(enum ho_stage s)
{
    for (unsigned c = 0; c < HO_STAGE__COUNT; c++) {
        if (stage_of_code[c] == s)
            return (uint8_t)c;
    }
    return 0;
}

/* Stage code c into *out; false when out of range. */
static bool
decode_stage(uint8_t c, enum ho_stage *out)
{
    if (c >= HO_STAGE__COUNT)
        return false;
    *out = stage_of_code[c];
    return true;
}

/* The size of one journey record in a blob of format f (0: unknown). */
static size_t
journey_size(uint8_t f)
{
    return f == HO_PACK_FORMAT ? HO_PACK_JOURNEY : f == 1 ? HO_PACK_JOURNEY_V1 : 0;
}

void
ho_pack_encode_header(struct ho_buf *out, const struct ho_pack_lead *h)
{
    uint8_t p[HO_PACK_HEADER] = { HO_PACK_FORMAT, code_of(h->stage) };
    ho_le_put_u32(p + 4, h->n_journeys);
    ho_le_put_u32(p + 8, h->channel);
    ho_le_put_u32(p + 12, h->campaign);
    ho_le_put_u32(p + 16, (uint32_t)h->account_len);
    ho_le_put_u32(p + 20, h->heard_about);
    ho_le_put_u32(p + 24, h->employees);
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
    ho_le_put_u32(p, j->n);
    p[4] = code_of(j->first);
    p[5] = code_of(j->furthest);
    p[6] = code_of(j->last);
    p[7] = (uint8_t)((j->closed ? 1 : 0) | (has_amount ? 2 : 0));
    ho_le_put_u32(p + 8, (uint32_t)j->criterion);
    ho_le_put_u32(p + 12, j->reason);
    ho_le_put_u32(p + 16, j->rep);
    ho_le_put_u32(p + 20, j->pool);
    p[24] = j->contact_channels_48h;
    for (int k = 0; k < HO_PACK_V1_STAGES; k++)
        ho_le_put_u64(p + 32 + 8 * k, (uint64_t)j->entered[stage_of_code[k]]);
    ho_le_put_u64(p + 104, (uint64_t)j->assigned_at);
    ho_le_put_u64(p + 112, (uint64_t)j->first_contact_at);
    ho_le_put_u64(p + 120, (uint64_t)j->contact_made_at);
    ho_le_put_u64(p + 128, (uint64_t)j->revisit_at);
    /* monthly NaN with an amount: the SQL row has NULL there, read as 0 */
    ho_le_put_u64(p + 136, double_bits(has_amount ? sql_real(j->amount) : 0.0));
    ho_le_put_u64(p + 144,
                  double_bits(has_amount && !isnan(j->monthly) ? sql_real(j->monthly) : 0.0));
    ho_le_put_u64(p + 152, j->criteria_at_mql);
    ho_le_put_u64(p + 160, j->rules_at_mql);
    ho_le_put_u64(p + 168, (uint64_t)j->entered[HO_STAGE_MEETING]);
    ho_buf_add(out, p, sizeof(p));
}

bool
ho_pack_decode_header(const uint8_t *p, size_t len, struct ho_pack_lead *h)
{
    if (len < HO_PACK_HEADER || journey_size(p[0]) == 0 || !decode_stage(p[1], &h->stage))
        return false;
    size_t jsize = journey_size(p[0]);
    h->n_journeys = ho_le_get_u32(p + 4);
    h->channel = ho_le_get_u32(p + 8);
    h->campaign = ho_le_get_u32(p + 12);
    h->account_len = ho_le_get_u32(p + 16);
    h->heard_about = ho_le_get_u32(p + 20);
    h->employees = ho_le_get_u32(p + 24);
    size_t rest = len - HO_PACK_HEADER;
    if (h->account_len > rest || (rest - h->account_len) % jsize != 0 ||
        (rest - h->account_len) / jsize != h->n_journeys)
        return false;
    h->account = (const char *)p + (len - h->account_len);
    return true;
}

bool
ho_pack_decode_journey(const uint8_t *blob, uint32_t i, struct ho_journey *j)
{
    size_t jsize = journey_size(blob[0]);
    const uint8_t *p = blob + HO_PACK_HEADER + (size_t)i * jsize;
    memset(j, 0, sizeof(*j));
    if (!decode_stage(p[4], &j->first) || !decode_stage(p[5], &j->furthest) ||
        !decode_stage(p[6], &j->last))
        return false;
    j->n = ho_le_get_u32(p);
    j->closed = (p[7] & 1) != 0;
    j->has_amount = (p[7] & 2) != 0;
    j->criterion = (int32_t)ho_le_get_u32(p + 8);
    j->reason = ho_le_get_u32(p + 12);
    j->rep = ho_le_get_u32(p + 16);
    j->pool = ho_le_get_u32(p + 20);
    j->contact_channels_48h = p[24];
    for (int k = 0; k < HO_PACK_V1_STAGES; k++)
        j->entered[stage_of_code[k]] = (int64_t)ho_le_get_u64(p + 32 + 8 * k);
    j->entered[HO_STAGE_MEETING] =
        jsize > HO_PACK_JOURNEY_V1 ? (int64_t)ho_le_get_u64(p + 168) : HO_TIME_NONE;
    j->assigned_at = (int64_t)ho_le_get_u64(p + 104);
    j->first_contact_at = (int64_t)ho_le_get_u64(p + 112);
    j->contact_made_at = (int64_t)ho_le_get_u64(p + 120);
    j->revisit_at = (int64_t)ho_le_get_u64(p + 128);
    j->amount = bits_double(ho_le_get_u64(p + 136));
    j->monthly = bits_double(ho_le_get_u64(p + 144));
    j->criteria_at_mql = ho_le_get_u64(p + 152);
    j->rules_at_mql = ho_le_get_u64(p + 160);
    return true;
}

bool
ho_pack_iter_init(struct ho_pack_iter *it, const uint8_t *p, size_t len)
{
    if (len < 4)
        return false;
    *it = (struct ho_pack_iter){ p, len, 4, ho_le_get_u32(p) };
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
    size_t a = ho_le_get_u32(it->p + it->off), b = ho_le_get_u32(it->p + it->off + 4);
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
    ho_le_put_u32(p, n);
    ho_buf_add(out, p, sizeof(p));
}

void
ho_pack_chunk_add(struct ho_buf *out, const char *lead, size_t lead_len, const uint8_t *blob,
                  size_t blob_len)
{
    uint8_t p[8];
    ho_le_put_u32(p, (uint32_t)lead_len);
    ho_le_put_u32(p + 4, (uint32_t)blob_len);
    ho_buf_add(out, p, sizeof(p));
    ho_buf_add(out, lead, lead_len);
    ho_buf_add(out, blob, blob_len);
}
