/* SPDX-License-Identifier: MIT */
/*
 * base/buf.h - a growable byte buffer with a stable address (git's strbuf).
 *
 * ptr is always NUL-terminated once anything was added (len excludes the NUL).
 * Fields are public for reading; change them only through these functions.
 */
#ifndef HO_BASE_BUF_H
#define HO_BASE_BUF_H

#include <stddef.h>

#include "base/compiler.h"

struct ho_buf {
    char *ptr;  /* owned; NULL until the first append */
    size_t len; /* bytes in use, excluding the terminating NUL */
    size_t cap; /* bytes allocated */
};

#define HO_BUF_INIT \
    {               \
        NULL, 0, 0  \
    }

void ho_buf_init(struct ho_buf *b);
void ho_buf_release(struct ho_buf *b);
void ho_buf_reset(struct ho_buf *b); /* len = 0, keeps the allocation */
void ho_buf_reserve(struct ho_buf *b, size_t extra);
void ho_buf_add(struct ho_buf *b, const void *data, size_t len);
void ho_buf_adds(struct ho_buf *b, const char *s);
void ho_buf_addc(struct ho_buf *b, char c);
void ho_buf_printf(struct ho_buf *b, const char *fmt, ...) HO_PRINTF(2, 3);
/* The contents as a C string ("" when empty); borrowed from b. */
const char *ho_buf_cstr(const struct ho_buf *b);

#endif /* HO_BASE_BUF_H */
