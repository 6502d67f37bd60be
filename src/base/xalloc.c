/* SPDX-License-Identifier: MIT */
/*
 * base/xalloc.c - allocation wrappers that never return NULL.
 */
#include "base/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
die_oom(size_t n)
{
    fprintf(stderr, "handoff: out of memory allocating %zu bytes\n", n);
    abort();
}

void *
ho_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die_oom(n);
    return p;
}

void *
ho_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        die_oom(ho_size_mul(count, size));
    return p;
}

void *
ho_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        die_oom(n);
    return q;
}

char *
ho_xstrdup(const char *s)
{
    return ho_xstrndup(s, strlen(s));
}

char *
ho_xstrndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = ho_xmalloc(ho_size_add(len, 1));
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

void
ho_xfree(void *p)
{
    free(p);
}

size_t
ho_size_mul(size_t a, size_t b)
{
    if (b && a > SIZE_MAX / b) {
        fprintf(stderr, "handoff: size overflow (%zu * %zu)\n", a, b);
        abort();
    }
    return a * b;
}

size_t
ho_size_add(size_t a, size_t b)
{
    if (a > SIZE_MAX - b) {
        fprintf(stderr, "handoff: size overflow (%zu + %zu)\n", a, b);
        abort();
    }
    return a + b;
}

void
ho_grow(void **ptr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need)
        ncap = ho_size_mul(ncap, 2);
    *ptr = ho_xrealloc(*ptr, ho_size_mul(ncap, elem));
    *cap = ncap;
}

void
ho_grow_zeroed(void **ptr, size_t *cap, size_t need, size_t elem)
{
    size_t old = *cap;
    ho_grow(ptr, cap, need, elem);
    if (*cap > old)
        memset((char *)*ptr + old * elem, 0, (*cap - old) * elem);
}
