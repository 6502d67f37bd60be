/* SPDX-License-Identifier: MIT */
/*
 * defs/defs_hash.c - the normalised content of a definitions file and its
 * SHA-256 (OpenSSL libcrypto), which identifies a stored version.
 *
 * The normal form is the YAML tree written out canonically, so that
 * comments, blank lines, indentation, flow or block style, anchors and
 * aliases change nothing, while every value does:
 *
 *   mapping   {KEY:VALUE,KEY:VALUE}   keys in the order they are written
 *   list      [ITEM,ITEM]
 *   scalar    "TEXT" as a JSON string ('"' and '\' escaped, bytes below
 *             0x20 and 0x7f as \u00XX, others as they are); a quoted or
 *             tagged scalar gets a '!' in front ("10" and 10 differ)
 *
 * Left out: the top-level `version:` (the number the store assigns, checked
 * against it) and each owner's `signed:` (sign-offs live in the store, bound
 * to this hash).  The walk recurses over the tree, whose depth the tree
 * builder bounds (HO_DEFS_MAX_DEPTH).
 */
#include "defs/defs_int.h"

#include <string.h>

#include <openssl/evp.h>

#include "base/buf.h"
#include "defs/defs_yaml.h"

static void
put_scalar(const struct ho_yn *n, struct ho_buf *out)
{
    static const char hex[] = "0123456789abcdef";
    if (!n->plain)
        ho_buf_addc(out, '!');
    ho_buf_addc(out, '"');
    for (size_t i = 0; i < n->len; i++) {
        unsigned char c = (unsigned char)n->text[i];
        if (c == '"' || c == '\\') {
            ho_buf_addc(out, '\\');
            ho_buf_addc(out, (char)c);
        } else if (c < 0x20 || c == 0x7f) {
            char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
            ho_buf_add(out, u, sizeof(u));
        } else {
            ho_buf_addc(out, (char)c);
        }
    }
    ho_buf_addc(out, '"');
}

static bool
key_is(const struct ho_yn *k, const char *name)
{
    return k->kind == HO_YN_SCALAR && k->len == strlen(name) && memcmp(k->text, name, k->len) == 0;
}

/* What the walk is inside of, to leave out version and owners.*.signed. */
enum where { IN_OTHER, IN_ROOT, IN_OWNERS, IN_OWNER };

static void
put_node(const struct ho_yn *n, enum where at, struct ho_buf *out)
{
    if (n == NULL) {
        ho_buf_adds(out, "\"\"");
        return;
    }
    if (n->kind == HO_YN_SCALAR) {
        put_scalar(n, out);
        return;
    }
    bool map = n->kind == HO_YN_MAP;
    ho_buf_addc(out, map ? '{' : '[');
    bool first = true;
    for (size_t i = 0; i < n->n_kids; i += map ? 2 : 1) {
        const struct ho_yn *k = n->kids[i];
        enum where next = IN_OTHER;
        if (map && at == IN_ROOT && key_is(k, "version"))
            continue;
        if (map && at == IN_OWNER && key_is(k, "signed"))
            continue;
        if (map && at == IN_ROOT && key_is(k, "owners"))
            next = IN_OWNERS;
        else if (map && at == IN_OWNERS)
            next = IN_OWNER;
        if (!first)
            ho_buf_addc(out, ',');
        first = false;
        put_node(k, IN_OTHER, out);
        if (map) {
            ho_buf_addc(out, ':');
            put_node(i + 1 < n->n_kids ? n->kids[i + 1] : NULL, next, out);
        }
    }
    ho_buf_addc(out, map ? '}' : ']');
}

void
ho_dl_canonical(const struct ho_yn *root, struct ho_buf *out)
{
    put_node(root, IN_ROOT, out);
}

bool
ho_defs_sha256_hex(const void *data, size_t len, char out[HO_DEFS_HASH_HEX + 1])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    out[0] = '\0';
    if (EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) != 1 || n * 2 != HO_DEFS_HASH_HEX)
        return false;
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[HO_DEFS_HASH_HEX] = '\0';
    return true;
}
