/* SPDX-License-Identifier: MIT */
/*
 * engine/idmap.c - interned id -> number, open addressing (engine/idmap.h).
 */
#include "engine/idmap.h"

#include <string.h>

#include "base/xalloc.h"

void
ho_idmap_init(struct ho_idmap *m, size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n + 2)
        cap *= 2;
    m->keys = ho_xcalloc(cap, sizeof(uint32_t));
    m->vals = ho_xmalloc(ho_size_mul(cap, sizeof(uint32_t)));
    m->mask = cap - 1;
    m->n = 0;
}

void
ho_idmap_release(struct ho_idmap *m)
{
    ho_xfree(m->keys);
    ho_xfree(m->vals);
    memset(m, 0, sizeof(*m));
}

static size_t
first_slot(const struct ho_idmap *m, uint32_t key)
{
    return (size_t)((uint64_t)key * UINT64_C(0x9e3779b97f4a7c15) >> 32) & m->mask;
}

uint32_t
ho_idmap_get(const struct ho_idmap *m, uint32_t key)
{
    if (!m->keys)
        return 0;
    for (size_t i = first_slot(m, key);; i = (i + 1) & m->mask) {
        if (m->keys[i] == key)
            return m->vals[i];
        if (!m->keys[i])
            return 0;
    }
}

/* Twice the slots, every key moved over. */
static void
grow(struct ho_idmap *m)
{
    struct ho_idmap old = *m;
    ho_idmap_init(m, old.keys ? old.mask + 1 : 8);
    for (size_t i = 0; old.keys && i <= old.mask; i++) {
        if (old.keys[i])
            *ho_idmap_slot(m, old.keys[i]) = old.vals[i];
    }
    ho_idmap_release(&old);
}

uint32_t *
ho_idmap_slot(struct ho_idmap *m, uint32_t key)
{
    if (!m->keys || 2 * (m->n + 1) > m->mask + 1)
        grow(m);
    size_t i = first_slot(m, key);
    while (m->keys[i] && m->keys[i] != key)
        i = (i + 1) & m->mask;
    if (!m->keys[i]) {
        m->keys[i] = key;
        m->vals[i] = 0;
        m->n++;
    }
    return &m->vals[i];
}
