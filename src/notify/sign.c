/* SPDX-License-Identifier: MIT */
/*
 * notify/sign.c - Standard Webhooks signatures with OpenSSL libcrypto
 * (one-shot HMAC and EVP_DecodeBlock / EVP_EncodeBlock; ecosystem.md §7.5).
 */
#include "notify/sign.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "base/buf.h"

#define SECRET_PREFIX "whsec_"
#define KEY_MAX       64
#define KEY_B64_MAX   88 /* 4 * ceil(64 / 3) */
#define SHA256_BYTES  32

/* The key bytes of secret into key (at most KEY_MAX), or -1. */
static int
secret_key(const char *secret, unsigned char key[KEY_MAX + 3])
{
    size_t plen = strlen(SECRET_PREFIX);
    if (secret == NULL || strncmp(secret, SECRET_PREFIX, plen) != 0)
        return -1;
    const char *b64 = secret + plen;
    size_t len = strlen(b64);
    if (len == 0 || len > KEY_B64_MAX || len % 4 != 0)
        return -1;
    int n = EVP_DecodeBlock(key, (const unsigned char *)b64, (int)len);
    if (n < 0)
        return -1;
    /* EVP_DecodeBlock counts padding as zero bytes */
    for (size_t i = len; i > 0 && b64[i - 1] == '='; i--)
        n--;
    return n >= 1 && n <= KEY_MAX ? n : -1;
}

ho_rc
ho_webhook_sign(const char *secret, const char *msg_id, int64_t timestamp, const char *body,
                size_t body_len, char out[HO_SIGNATURE_LEN])
{
    unsigned char key[KEY_MAX + 3];
    unsigned char mac[SHA256_BYTES];
    unsigned int mac_len = 0;
    char ts[24];
    out[0] = '\0';
    int key_len = secret_key(secret, key);
    if (key_len < 0)
        return HO_EINVAL;
    struct ho_buf content;
    ho_buf_init(&content);
    (void)snprintf(ts, sizeof(ts), "%" PRId64, timestamp);
    ho_buf_adds(&content, msg_id);
    ho_buf_addc(&content, '.');
    ho_buf_adds(&content, ts);
    ho_buf_addc(&content, '.');
    ho_buf_add(&content, body, body_len);
    unsigned char *ok = HMAC(EVP_sha256(), key, key_len, (const unsigned char *)content.ptr,
                             content.len, mac, &mac_len);
    ho_buf_release(&content);
    if (ok == NULL || mac_len != SHA256_BYTES)
        return HO_EINVAL;
    memcpy(out, "v1,", 3);
    (void)EVP_EncodeBlock((unsigned char *)out + 3, mac, SHA256_BYTES);
    return HO_OK;
}
