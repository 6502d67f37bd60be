/* SPDX-License-Identifier: MIT */
/*
 * core/revisit.h - nurtured leads that are due for another look: the lead's
 * latest journey ended in nurture with a revisit date on or before now, and
 * the lead has not come back as an MQL since.
 *
 * Pure: no I/O; now is passed in.
 */
#ifndef HO_CORE_REVISIT_H
#define HO_CORE_REVISIT_H

#include <stddef.h>
#include <stdint.h>

struct ho_journey_row;

/* Indices into rows (ordered by lead, then journey) of the due revisits,
 * oldest revisit date first.  *out is owned by the caller (ho_xfree). */
size_t ho_revisits_due(const struct ho_journey_row *rows, size_t n, int64_t now, size_t **out);

#endif /* HO_CORE_REVISIT_H */
