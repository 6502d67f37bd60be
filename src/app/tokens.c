/* SPDX-License-Identifier: MIT */
/*
 * app/tokens.c - API tokens: random text, SHA-256 at rest (OpenSSL
 * libcrypto), constant-time comparison.
 */
#include "app/tokens.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>

static const char *const scope_names[] = {
    [HO_TSCOPE_INGEST] = "ingest",
    [HO_TSCOPE_READ] = "read",
    [HO_TSCOPE_WRITE] = "write",
    [HO_TSCOPE_ADMIN] = "admin",
};

bool
ho_token_scope_parse(const char *name, enum ho_token_scope *out)
{
    for (size_t i = 0; i < sizeof(scope_names) / sizeof(scope_names[0]); i++) {
        if (strcmp(name, scope_names[i]) == 0) {
            *out = (enum ho_token_scope)i;
            return true;
        }
    }
    return false;
}

const char *
ho_token_scope_name(enum ho_token_scope s)
{
    return scope_names[s];
}

bool
ho_token_scope_allows(enum ho_token_scope have, enum ho_token_scope need)
{
    if (have == need || have == HO_TSCOPE_ADMIN)
        return true;
    return have == HO_TSCOPE_WRITE && (need == HO_TSCOPE_READ || need == HO_TSCOPE_INGEST);
}

void
ho_token_hash(const char *text, size_t len, unsigned char out[HO_TOKEN_HASH_LEN])
{
    unsigned int n = 0;
    (void)EVP_Digest(text, len, out, &n, EVP_sha256(), NULL);
}

static void
base64url(const unsigned char *in, size_t n, char *out)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t o = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        acc = (acc << 8) | in[i];
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out[o++] = abc[(acc >> bits) & 63];
        }
    }
    if (bits > 0)
        out[o++] = abc[(acc << (6 - bits)) & 63];
    out[o] = '\0';
}

ho_rc
ho_app_token_create(struct ho_app *app, enum ho_token_scope scope, const char *name, int64_t now,
                    char text[HO_TOKEN_TEXT_LEN + 1], struct ho_token_row *row,
                    struct ho_diag *diag)
{
    unsigned char raw[32];
    if (RAND_bytes(raw, sizeof(raw)) != 1)
        return ho_diag_set(diag, HO_EIO, "no randomness for a token (OpenSSL RAND_bytes failed)");
    text[0] = 'h'; /* "ho_", then base64url (which ends the text) */
    text[1] = 'o';
    text[2] = '_';
    base64url(raw, sizeof(raw), text + 3);
    OPENSSL_cleanse(raw, sizeof(raw));
    memset(row, 0, sizeof(*row));
    ho_token_hash(text, strlen(text), row->hash);
    (void)snprintf(row->id, sizeof(row->id), "tok_");
    for (size_t i = 0; i < 6; i++)
        (void)snprintf(row->id + 4 + 2 * i, 3, "%02x", row->hash[i]);
    (void)snprintf(row->scope, sizeof(row->scope), "%s", ho_token_scope_name(scope));
    (void)snprintf(row->name, sizeof(row->name), "%s", name ? name : "");
    row->created = now;
    ho_rc rc = ho_store_begin(app->st, diag);
    if (rc != HO_OK)
        return rc;
    rc = ho_store_put_token(app->st, row, diag);
    if (rc == HO_OK)
        rc = ho_store_commit(app->st, diag);
    if (rc != HO_OK)
        ho_store_rollback(app->st);
    return rc;
}

ho_rc
ho_app_token_revoke(struct ho_app *app, const char *id, int64_t now, struct ho_diag *diag)
{
    ho_rc rc = ho_store_begin(app->st, diag);
    if (rc != HO_OK)
        return rc;
    rc = ho_store_revoke_token(app->st, id, now, diag);
    if (rc == HO_OK)
        rc = ho_store_commit(app->st, diag);
    if (rc != HO_OK)
        ho_store_rollback(app->st);
    return rc;
}

const struct ho_token_row *
ho_token_find(const struct ho_token_row *rows, size_t n, const char *text, size_t len)
{
    unsigned char h[HO_TOKEN_HASH_LEN];
    ho_token_hash(text, len, h);
    const struct ho_token_row *found = NULL;
    for (size_t i = 0; i < n; i++) { /* no early exit: the time does not depend on which */
        bool same = CRYPTO_memcmp(h, rows[i].hash, HO_TOKEN_HASH_LEN) == 0;
        if (same && rows[i].revoked == 0)
            found = &rows[i];
    }
    return found;
}
