/* SPDX-License-Identifier: MIT */
/*
 * store/pack.h - the compact journey table: one lead's journeys as a
 * fixed-width little-endian record, the form reports and the engine read
 * back (store.h ho_store_load_journeys(), ho_store_scan_journeys()) instead
 * of the 35-column SQL rows.
 *
 * Layout of one lead's blob (every integer little-endian):
 *   header, HO_PACK_HEADER bytes:
 *     u8 format (2) | u8 lead stage | u16 0 | u32 n_journeys |
 *     u32 channel | u32 campaign | u32 account_len | u32 heard_about | u32 employees
 *   then n_journeys records of HO_PACK_JOURNEY bytes:
 *     u32 n | u8 first | u8 furthest | u8 last | u8 flags (1 closed, 2 has_amount) |
 *     i32 criterion | u32 reason | u32 rep | u32 pool | u8 contact_channels_48h | 7 x u8 0 |
 *     i64 entered[9] | i64 assigned_at | i64 first_contact_at | i64 contact_made_at |
 *     i64 revisit_at | f64 amount | f64 monthly | u64 criteria_at_mql | u64 rules_at_mql |
 *     i64 entered[meeting]
 *   (format 1, written before the meeting stage: the same without the last
 *   field, HO_PACK_JOURNEY_V1 bytes; still read).  Stages are stored as codes
 *   in the order they were added (lead mql sal sql opportunity customer
 *   closed_lost nurture disqualified meeting), entered[9] in that order.
 *   then the account's text, account_len bytes.
 * Texts are ids of the store's persistent dictionary of low-cardinality
 * texts (0 = none); the account is not one (a data set has about one
 * account per two leads), so it is kept in the blob; times are
 * the journey's own (HO_TIME_NONE kept as is).  Decoding checks the length
 * and every enum: a damaged blob is an error, not a crash.
 */
#ifndef HO_STORE_PACK_H
#define HO_STORE_PACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/stage.h"

struct ho_buf;

#define HO_PACK_FORMAT     2
#define HO_PACK_HEADER     28
#define HO_PACK_JOURNEY    176
#define HO_PACK_JOURNEY_V1 168 /* format 1 */
#define HO_PACK_V1_STAGES  9   /* the stages of format 1: entered[9] */

/* A lead's facts in its blob; texts are dictionary ids. */
struct ho_pack_lead {
    enum ho_stage stage;
    uint32_t n_journeys;
    uint32_t channel, campaign, heard_about, employees;
    const char *account; /* borrowed (from the blob when decoded) */
    size_t account_len;
};

/* A chunk: the blobs of a run of leads, sorted by the lead's bytes, as
 * the table stores them (keyed by the chunk's first lead, "" for the first
 * chunk):  u32 n | n x (u32 lead_len | u32 blob_len | lead | blob). */
struct ho_pack_iter {
    const uint8_t *p;
    size_t len, off;
    uint32_t left;
};

/* Start reading a chunk; false when it is damaged. */
bool ho_pack_iter_init(struct ho_pack_iter *it, const uint8_t *p, size_t len);
/* The next lead of the chunk: 1, 0 at the end, -1 when damaged. */
int ho_pack_iter_next(struct ho_pack_iter *it, const char **lead, size_t *lead_len,
                      const uint8_t **blob, size_t *blob_len);
/* Append a chunk's count, then each entry. */
void ho_pack_chunk_start(struct ho_buf *out, uint32_t n);
void ho_pack_chunk_add(struct ho_buf *out, const char *lead, size_t lead_len, const uint8_t *blob,
                       size_t blob_len);

/* Append h, then each journey with encode_journey (n_journeys of them),
 * then the account with encode_account. */
void ho_pack_encode_header(struct ho_buf *out, const struct ho_pack_lead *h);
void ho_pack_encode_account(struct ho_buf *out, const struct ho_pack_lead *h);
/* Append j, whose reason, rep and pool are dictionary ids.  An amount that
 * is not a number is stored as none, -0 as 0 (as the SQL rows keep them). */
void ho_pack_encode_journey(struct ho_buf *out, const struct ho_journey *j);

/* The header of blob [p, p + len); false when it is damaged (length, format
 * or stage). */
bool ho_pack_decode_header(const uint8_t *p, size_t len, struct ho_pack_lead *h);
/* Journey i of a blob whose header decoded (so it is in bounds) into *j,
 * zeroed first; reason, rep and pool are dictionary ids.  false when one
 * of its stages is out of range. */
bool ho_pack_decode_journey(const uint8_t *p, uint32_t i, struct ho_journey *j);

#endif /* HO_STORE_PACK_H */
