/* SPDX-License-Identifier: MIT */
/*
 * app/tokens.h - API tokens of `handoff serve`: created once (the text is
 * shown then and never again), stored as SHA-256 only, listed, revoked.
 *
 * Scopes: ingest (the ingestion routes: native events and the Segment API,
 * whose write keys are ingest tokens), read (leads, reports, metrics),
 * write (read and ingest, and the actions to come), admin (everything).
 */
#ifndef HO_APP_TOKENS_H
#define HO_APP_TOKENS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "store/store.h"

enum ho_token_scope { HO_TSCOPE_INGEST, HO_TSCOPE_READ, HO_TSCOPE_WRITE, HO_TSCOPE_ADMIN };

/* "ho_" and 43 base64url characters (32 random bytes). */
#define HO_TOKEN_TEXT_LEN 46

/* The scope named name; false for none. */
bool ho_token_scope_parse(const char *name, enum ho_token_scope *out);
const char *ho_token_scope_name(enum ho_token_scope s);
/* Whether a token of scope have may use a route that needs need. */
bool ho_token_scope_allows(enum ho_token_scope have, enum ho_token_scope need);

/* SHA-256 of text[0..len). */
void ho_token_hash(const char *text, size_t len, unsigned char out[HO_TOKEN_HASH_LEN]);

/* Create a token of scope named name (may be NULL) at now: its text in
 * text (shown once), its stored row in *row.  HO_EIO without randomness. */
HO_MUST_CHECK ho_rc ho_app_token_create(struct ho_app *app, enum ho_token_scope scope,
                                        const char *name, int64_t now,
                                        char text[HO_TOKEN_TEXT_LEN + 1], struct ho_token_row *row,
                                        struct ho_diag *diag);
/* Revoke token id (as `token list` shows it) at now; HO_ENOTFOUND. */
HO_MUST_CHECK ho_rc ho_app_token_revoke(struct ho_app *app, const char *id, int64_t now,
                                        struct ho_diag *diag);

/* Which of rows[0..n) (active ones only) has the hash of text[0..len):
 * every stored hash is compared in constant time.  NULL for none. */
const struct ho_token_row *ho_token_find(const struct ho_token_row *rows, size_t n,
                                         const char *text, size_t len);

#endif /* HO_APP_TOKENS_H */
