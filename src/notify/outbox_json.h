/* SPDX-License-Identifier: MIT */
/*
 * notify/outbox_json.h - outbox rows (store.h) as a JSON array: id, target,
 * type, lead_id, rep, at, status, attempts, http_status, last_error,
 * created, next_attempt (pending rows), sent_at; times RFC 3339, absent ones null.
 */
#ifndef HO_NOTIFY_OUTBOX_JSON_H
#define HO_NOTIFY_OUTBOX_JSON_H

#include <stddef.h>

#include "base/buf.h"

struct ho_outbox_row;

void ho_outbox_json(const struct ho_outbox_row *rows, size_t n, struct ho_buf *out);

#endif /* HO_NOTIFY_OUTBOX_JSON_H */
