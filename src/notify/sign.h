/* SPDX-License-Identifier: MIT */
/*
 * notify/sign.h - Standard Webhooks 1.0 signatures (ecosystem.md §4.2): the
 * signed content is "{msg_id}.{timestamp}.{body}", the key is the
 * base64-decoded part of a "whsec_" secret, the header value is
 * "v1," + base64(HMAC-SHA256).
 */
#ifndef HO_NOTIFY_SIGN_H
#define HO_NOTIFY_SIGN_H

#include <stddef.h>
#include <stdint.h>

#include "base/rc.h"

/* "v1," + 44 base64 characters + NUL */
#define HO_SIGNATURE_LEN 48

/* The webhook-signature header value for msg_id, timestamp (unix seconds) and
 * body, signed with secret ("whsec_..."), into out.  HO_EINVAL when secret is
 * not whsec_ + base64 of 1..64 bytes. */
ho_rc ho_webhook_sign(const char *secret, const char *msg_id, int64_t timestamp, const char *body,
                      size_t body_len, char out[HO_SIGNATURE_LEN]);

#endif /* HO_NOTIFY_SIGN_H */
