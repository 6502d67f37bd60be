/* SPDX-License-Identifier: MIT */
/*
 * base/buf.c - growable byte buffer.
 */
#include "base/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/xalloc.h"

void
ho_buf_init(struct ho_buf *b)
{
    b->ptr = NULL;
    b->len = 0;
    b->cap = 0;
}

void
ho_buf_release(struct ho_buf *b)
{
    ho_xfree(b->ptr);
    ho_buf_init(b);
}

void
ho_buf_reset(struct ho_buf *b)
{
    b->len = 0;
    if (b->ptr)
        b->ptr[0] = '\0';
}

void
ho_buf_reserve(struct ho_buf *b, size_t extra)
{
    size_t need = ho_size_add(ho_size_add(b->len, extra), 1);
    if (need > b->cap)
        HO_GROW(b->ptr, b->cap, need);
}

void
ho_buf_add(struct ho_buf *b, const void *data, size_t len)
{
    ho_buf_reserve(b, len);
    if (len)
        memcpy(b->ptr + b->len, data, len);
    b->len += len;
    b->ptr[b->len] = '\0';
}

void
ho_buf_adds(struct ho_buf *b, const char *s)
{
    ho_buf_add(b, s, strlen(s));
}

void
ho_buf_addc(struct ho_buf *b, char c)
{
    ho_buf_reserve(b, 1);
    b->ptr[b->len++] = c;
    b->ptr[b->len] = '\0';
}

void
ho_buf_printf(struct ho_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    ho_buf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

const char *
ho_buf_cstr(const struct ho_buf *b)
{
    return b->ptr ? b->ptr : "";
}
