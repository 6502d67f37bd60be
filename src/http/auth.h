/* SPDX-License-Identifier: MIT */
/*
 * http/auth.h - the token check of every route but /livez, /readyz and the dashboard files.
 */
#ifndef HO_HTTP_AUTH_H
#define HO_HTTP_AUTH_H

#include <stddef.h>

#include "app/tokens.h"
#include "base/rc.h"

struct ho_http_auth;

enum ho_auth_result {
    HO_AUTH_OK,
    HO_AUTH_MISSING,   /* no token: 401 */
    HO_AUTH_INVALID,   /* unknown or revoked: 401 */
    HO_AUTH_FORBIDDEN, /* a valid token of another scope: 403 */
};

/* Read the tokens of the database at db_path (borrowed). */
HO_MUST_CHECK ho_rc ho_http_auth_new(const char *db_path, struct ho_http_auth **out,
                                     struct ho_diag *diag);
void ho_http_auth_free(struct ho_http_auth *a); /* NULL-safe */
/* May token[0..len) call a route that needs need?  Thread-safe. */
enum ho_auth_result ho_http_auth_check(struct ho_http_auth *a, const char *token, size_t len,
                                       enum ho_token_scope need);

#endif /* HO_HTTP_AUTH_H */
