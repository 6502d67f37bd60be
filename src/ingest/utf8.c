/* SPDX-License-Identifier: MIT */
/*
 * ingest/utf8.c - strict UTF-8 validation (Unicode table 3-7, "well-formed
 * byte sequences"), written from the standard.
 */
#include "ingest/utf8.h"

static bool
is_cont(unsigned char c)
{
    return c >= 0x80 && c <= 0xBF;
}

size_t
ho_utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    unsigned char lo = 0x80; /* allowed range of the second byte */
    unsigned char hi = 0xBF;
    size_t len;

    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4;
    else
        return 0; /* continuation byte, C0/C1 (overlong ASCII) or F5..FF */
    if (c == 0xE0)
        lo = 0xA0; /* overlong three-byte form */
    else if (c == 0xED)
        hi = 0x9F; /* UTF-16 surrogates */
    else if (c == 0xF0)
        lo = 0x90; /* overlong four-byte form */
    else if (c == 0xF4)
        hi = 0x8F; /* above U+10FFFF */
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++) {
        if (!is_cont(s[i]))
            return 0;
    }
    return len;
}

bool
ho_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        size_t len = ho_utf8_seq(p + i, n - i);
        if (len == 0)
            return false;
        i += len;
    }
    return true;
}

uint32_t
ho_utf8_column(const char *s, size_t off)
{
    uint32_t col = 1;
    for (size_t i = 0; i < off && col < UINT32_MAX; i++) {
        if (!is_cont((unsigned char)s[i]))
            col++;
    }
    return col;
}

size_t
ho_utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}
