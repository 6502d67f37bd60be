/* SPDX-License-Identifier: MIT */
/*
 * store/le.h - little-endian fixed-width integers in stored blobs (the
 * journey pack, the fingerprint buckets, event times in batches): the one
 * byte order every backend and machine reads back the same.
 */
#ifndef HO_STORE_LE_H
#define HO_STORE_LE_H

#include <stdint.h>

static inline void
ho_le_put_u32(uint8_t *p, uint32_t v)
{
    for (int k = 0; k < 4; k++)
        p[k] = (uint8_t)(v >> (8 * k));
}

static inline void
ho_le_put_u64(uint8_t *p, uint64_t v)
{
    for (int k = 0; k < 8; k++)
        p[k] = (uint8_t)(v >> (8 * k));
}

static inline uint32_t
ho_le_get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t
ho_le_get_u64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int k = 7; k >= 0; k--)
        v = v << 8 | p[k];
    return v;
}

#endif /* HO_STORE_LE_H */
