/* SPDX-License-Identifier: MIT */
/*
 * base/strtab.c - open-addressing hash table over a chunked string pool.
 *
 * Strings live in large chunks that never move, so the pointers handed out by
 * ho_strtab_str() stay valid while the table grows.
 */
#include "base/strtab.h"

#include <string.h>

#include "base/compiler.h"
#include "base/xalloc.h"

#define CHUNK_SIZE ((size_t)1 << 20)

struct entry {
    const char *str;
    uint32_t len; /* UNINDEXED set: added by ho_strtab_add(), not in the slots */
    uint32_t hash;
};

#define UNINDEXED UINT32_C(0x80000000)

struct ho_strtab {
    uint64_t serial;       /* ho_strtab_serial() */
    struct entry *entries; /* by id */
    uint32_t count, cap;
    uint32_t indexed; /* entries in the slots */
    uint64_t *slots;  /* hash slots: hash << 32 | (id + 1); 0 = empty */
    size_t nslots;    /* power of two */
    char **chunks;
    size_t nchunks, chunks_cap;
    size_t chunk_used;
};

static uint64_t
mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

/* Eight bytes at a time, then a final avalanche (murmur3's fmix64): keys
 * are ids and e-mail addresses, so most of the time goes to whole words. */
static uint32_t
hash_bytes(const char *s, size_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
        h ^= h >> 29;
    }
    uint64_t tail = 0;
    memcpy(&tail, s + i, len - i);
    h = (h ^ tail) * 0xc4ceb9fe1a85ec53ULL;
    return (uint32_t)mix64(h);
}

static const char *
store_bytes(struct ho_strtab *t, const char *s, size_t len)
{
    size_t need = ho_size_add(len, 1);
    if (t->nchunks == 0 || t->chunk_used + need > CHUNK_SIZE) {
        size_t size = need > CHUNK_SIZE ? need : CHUNK_SIZE;
        HO_GROW(t->chunks, t->chunks_cap, t->nchunks + 1);
        t->chunks[t->nchunks++] = ho_xmalloc(size);
        t->chunk_used = 0;
        if (need > CHUNK_SIZE) {
            /* An oversized string gets a chunk of its own; mark it full. */
            memcpy(t->chunks[t->nchunks - 1], s, len);
            t->chunks[t->nchunks - 1][len] = '\0';
            t->chunk_used = CHUNK_SIZE;
            return t->chunks[t->nchunks - 1];
        }
    }
    char *p = t->chunks[t->nchunks - 1] + t->chunk_used;
    memcpy(p, s, len);
    p[len] = '\0';
    t->chunk_used += need;
    return p;
}

static void
rehash(struct ho_strtab *t, size_t nslots)
{
    ho_xfree(t->slots);
    t->slots = ho_xcalloc(nslots, sizeof(*t->slots));
    t->nslots = nslots;
    for (uint32_t id = 1; id < t->count; id++) {
        if (t->entries[id].len & UNINDEXED)
            continue;
        uint32_t h = t->entries[id].hash;
        size_t i = h & (nslots - 1);
        while (t->slots[i])
            i = (i + 1) & (nslots - 1);
        t->slots[i] = ((uint64_t)h << 32) | (id + 1);
    }
}

struct ho_strtab *
ho_strtab_new(void)
{
    static uint64_t tables_made;
    struct ho_strtab *t = ho_xcalloc(1, sizeof(*t));
    t->serial = ++tables_made;
    t->cap = 1024;
    t->entries = ho_xmalloc(sizeof(*t->entries) * t->cap);
    t->entries[0] = (struct entry){ "", 0, 0 };
    t->count = 1;
    rehash(t, 2048);
    return t;
}

void
ho_strtab_free(struct ho_strtab *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nchunks; i++)
        ho_xfree(t->chunks[i]);
    ho_xfree(t->chunks);
    ho_xfree(t->slots);
    ho_xfree(t->entries);
    ho_xfree(t);
}

static size_t
find_slot(const struct ho_strtab *t, const char *s, size_t len, uint32_t h)
{
    size_t i = h & (t->nslots - 1);
    for (;;) {
        uint64_t v = t->slots[i];
        if (!v)
            return i;
        if ((uint32_t)(v >> 32) == h) {
            const struct entry *e = &t->entries[(uint32_t)v - 1];
            if (e->len == len && memcmp(e->str, s, len) == 0) /* never an UNINDEXED one */
                return i;
        }
        i = (i + 1) & (t->nslots - 1);
    }
}

uint32_t
ho_strtab_find(const struct ho_strtab *t, const char *s, size_t len)
{
    if (len == 0)
        return 0;
    uint32_t h = hash_bytes(s, len);
    uint64_t v = t->slots[find_slot(t, s, len, h)];
    return v ? (uint32_t)v - 1 : 0;
}

void
ho_strtab_prefetch(const struct ho_strtab *t, const char *s, size_t len)
{
    if (len)
        __builtin_prefetch(&t->slots[hash_bytes(s, len) & (t->nslots - 1)]);
}

/* A new entry for s (not yet in the slots); its id. */
static uint32_t
new_entry(struct ho_strtab *t, const char *s, size_t len, uint32_t h)
{
    HO_ASSERT(t->count < UINT32_MAX - 1);
    if (t->count == t->cap) {
        size_t cap = t->cap;
        HO_GROW(t->entries, cap, (size_t)t->count + 1);
        t->cap = (uint32_t)(cap < UINT32_MAX ? cap : UINT32_MAX);
    }
    uint32_t id = t->count++;
    t->entries[id] = (struct entry){ store_bytes(t, s, len), (uint32_t)len, h };
    return id;
}

uint32_t
ho_strtab_intern(struct ho_strtab *t, const char *s, size_t len)
{
    if (len == 0)
        return 0;
    HO_ASSERT(len < UNINDEXED);
    uint32_t h = hash_bytes(s, len);
    size_t slot = find_slot(t, s, len, h);
    if (t->slots[slot])
        return (uint32_t)t->slots[slot] - 1;
    uint32_t id = new_entry(t, s, len, h);
    t->slots[slot] = ((uint64_t)h << 32) | (id + 1);
    if ((size_t)++t->indexed * 2 > t->nslots)
        rehash(t, t->nslots * 2);
    return id;
}

uint32_t
ho_strtab_add(struct ho_strtab *t, const char *s, size_t len)
{
    if (len == 0)
        return 0;
    HO_ASSERT(len < UNINDEXED);
    uint32_t id = new_entry(t, s, len, 0);
    t->entries[id].len |= UNINDEXED;
    return id;
}

const char *
ho_strtab_str(const struct ho_strtab *t, uint32_t id)
{
    HO_ASSERT(id < t->count);
    return t->entries[id].str;
}

size_t
ho_strtab_strlen(const struct ho_strtab *t, uint32_t id)
{
    HO_ASSERT(id < t->count);
    return t->entries[id].len & ~UNINDEXED;
}

uint64_t
ho_strtab_serial(const struct ho_strtab *t)
{
    return t->serial;
}

uint32_t
ho_strtab_count(const struct ho_strtab *t)
{
    return t->count;
}

void
ho_strtab_reserve(struct ho_strtab *t, size_t n)
{
    size_t want = ho_size_add(t->count, n);
    if (want > UINT32_MAX - 1)
        want = UINT32_MAX - 1;
    size_t cap = t->cap;
    HO_GROW(t->entries, cap, want);
    t->cap = (uint32_t)(cap < UINT32_MAX ? cap : UINT32_MAX);
    size_t slots = t->nslots, indexed = ho_size_add(t->indexed, n);
    while (slots < ho_size_mul(indexed, 2))
        slots = ho_size_mul(slots, 2);
    if (slots != t->nslots)
        rehash(t, slots);
}
