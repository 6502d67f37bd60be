/* SPDX-License-Identifier: MIT */
/*
 * base/xalloc.h - checked allocation.
 *
 * handoff is an application: running out of memory aborts with a message
 * instead of threading ENOMEM through every path.  Sizes that come from
 * outside must be bounded by the caller before they reach these functions.
 * These are the only allocation functions code outside base/ may call.
 */
#ifndef HO_BASE_XALLOC_H
#define HO_BASE_XALLOC_H

#include <stddef.h>

void *ho_xmalloc(size_t n);
void *ho_xcalloc(size_t count, size_t size);
void *ho_xrealloc(void *p, size_t n);
char *ho_xstrdup(const char *s);
char *ho_xstrndup(const char *s, size_t n); /* copies at most n bytes, always NUL-terminates */
void ho_xfree(void *p);                     /* NULL-safe */

/* Overflow-checked size arithmetic: abort on overflow. */
size_t ho_size_mul(size_t a, size_t b);
size_t ho_size_add(size_t a, size_t b);

/* Grow *ptr (an array of elem-sized items with capacity *cap) so that it holds
 * at least need items; doubles the capacity.  *ptr may be NULL. */
void ho_grow(void **ptr, size_t *cap, size_t need, size_t elem);

/* Typed helper: HO_GROW(arr, cap, need). */
#define HO_GROW(arr, cap, need) ho_grow((void **)&(arr), &(cap), (need), sizeof(*(arr)))
/* ho_grow() for maps indexed by id: the new elements are zero. */
void ho_grow_zeroed(void **ptr, size_t *cap, size_t need, size_t elem);
#define HO_GROW_ZEROED(arr, cap, need) \
    ho_grow_zeroed((void **)&(arr), &(cap), (need), sizeof(*(arr)))

#endif /* HO_BASE_XALLOC_H */
