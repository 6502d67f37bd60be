/* SPDX-License-Identifier: MIT */
/*
 * ingest/validate.h - the input contract's checks on a decoded record that
 * go beyond its shape (DESIGN.md section 3), for every file format.
 *
 * ho_eventlog_add_draft() (core/event.h) checks what every event needs:
 * id, ts and type present, a lead, account or visitor, limits.  These are
 * the checks on values an outside file gets wrong without noticing, each
 * with its own reason text (the import summary counts rejects per reason):
 *
 *   "field 'id' is blank"          a top-level string of only spaces (id,
 *                                   type, lead, account, channel, campaign,
 *                                   anonymous_id): it would become a real
 *                                   lead, account or id made of spaces
 *   "nurture needs props.reason"   DESIGN: nurture (props.reason)
 *   "props.amount is not a number: 'lots'"
 *   "props.amount is negative: -5"
 *   "props.amount is too large (more than 1e15): 1e999"
 *   "props.amount is too small to represent: 1e-999"
 *       on opportunity_created, opportunity_won and opportunity_lost, for
 *       props.amount and props.monthly_amount when present (an opportunity
 *       without an amount is allowed; null counts as absent).  A number is plain decimal text,
 *       as JSON writes it: optional '-', digits with an optional fraction
 *       and exponent; a JSON string holding such text counts (CSV has no
 *       types).  The cap keeps every sum the reports make finite and exact
 *       to the cent; no deal in any currency comes near it.
 */
#ifndef HO_INGEST_VALIDATE_H
#define HO_INGEST_VALIDATE_H

#include "base/rc.h"

struct ho_event_draft;

/* Largest amount accepted (10^15). */
#define HO_INGEST_MAX_AMOUNT 1e15

/* HO_OK, or HO_EPARSE with the reason in diag (texts above). */
HO_MUST_CHECK ho_rc ho_ingest_check_draft(const struct ho_event_draft *d, struct ho_diag *diag);

#endif /* HO_INGEST_VALIDATE_H */
