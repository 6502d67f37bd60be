/* SPDX-License-Identifier: MIT */
/*
 * ingest/crm_values.h - the date and number cells of CRM exports (HubSpot,
 * Salesforce), turned into the canonical text the event contract expects.
 *
 * Dates (out: RFC 3339 UTC, as ho_time_format() writes it):
 *   2026-03-02 14:05            HubSpot export: date and minutes
 *   2026-03-02                  a plain date: midnight UTC
 *   3/2/2026, 3/2/2026 2:05 PM  US report form: MONTH/DAY/YEAR, always
 *                               (a Salesforce report in a US locale); an
 *                               optional H:MM[:SS] with AM/PM or 24-hour
 *   2026-03-02T14:05:00+0000    an offset without its colon
 *   2026-03-02T14:05:09.000Z    RFC 3339 (Salesforce API exports)
 * A time without an offset is taken as UTC.
 *
 * Numbers (out: plain decimal text, no grouping, no currency, trailing
 * fraction zeros dropped):
 *   48000, 1,500 (comma groups of three), $48,000.00 -> 48000,
 *   a leading currency sign ($ EUR-sign GBP-sign) or code ("USD 48,000.00").
 *
 * An empty cell (or one of only spaces) means the value is absent: the
 * functions return HO_ENOTFOUND and write nothing.  A cell that is not a
 * date or a number gives HO_EPARSE with diag->msg
 *   "column 'Close Date': '31/02/2026' is not a date (expected ...)".
 */
#ifndef HO_INGEST_CRM_VALUES_H
#define HO_INGEST_CRM_VALUES_H

#include <stddef.h>

#include "base/rc.h"
#include "base/timefmt.h"

/* Room for any canonical number text this file writes, and its NUL. */
#define HO_CRM_NUMBER_STRLEN 40

/* Parse date cell s[0..len) of column col into out (RFC 3339 UTC). */
HO_MUST_CHECK ho_rc ho_crm_date(const char *col, const char *s, size_t len,
                                char out[HO_TIME_STRLEN], struct ho_diag *diag);

/* Parse number cell s[0..len) of column col into out. */
HO_MUST_CHECK ho_rc ho_crm_number(const char *col, const char *s, size_t len,
                                  char out[HO_CRM_NUMBER_STRLEN], struct ho_diag *diag);

#endif /* HO_INGEST_CRM_VALUES_H */
