/* SPDX-License-Identifier: MIT */
/*
 * ingest/utf8.h - strict UTF-8 validation shared by the ingest decoders.
 *
 * "Strict" is RFC 3629 as jansson applies it: no overlong forms, no UTF-16
 * surrogates (U+D800..U+DFFF), nothing above U+10FFFF.  Pure functions.
 */
#ifndef HO_INGEST_UTF8_H
#define HO_INGEST_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Length (2..4) of the well-formed multi-byte sequence at s[0..n), whose
 * first byte is >= 0x80; 0 when it is not well-formed or is cut off by n.
 */
size_t ho_utf8_seq(const unsigned char *s, size_t n);

/* True when s[0..n) is entirely well-formed UTF-8. */
bool ho_utf8_valid(const char *s, size_t n);

/* The 1-based character column of byte offset off in s (off <= its length):
 * one plus the number of characters (non-continuation bytes) before off. */
uint32_t ho_utf8_column(const char *s, size_t off);

/* Encode code point cp (<= 0x10FFFF, not a surrogate) into out; returns the
 * number of bytes written (1..4). */
size_t ho_utf8_encode(uint32_t cp, char out[4]);

#endif /* HO_INGEST_UTF8_H */
