/* SPDX-License-Identifier: MIT */
/*
 * engine/idmap.h - interned id -> number (0 = none) for the ids one
 * operation meets, open addressing: sized by what the operation indexes
 * (a log's events, a routing pass's journeys), never by the string table,
 * which in a long-lived engine (serve) grows with every event id ever seen:
 * an array indexed by interned id costs a commit that table's size.
 */
#ifndef HO_ENGINE_IDMAP_H
#define HO_ENGINE_IDMAP_H

#include <stddef.h>
#include <stdint.h>

struct ho_idmap {
    uint32_t *keys; /* owned: 0 = empty slot */
    uint32_t *vals; /* owned */
    size_t mask;    /* slots - 1 */
    size_t n;       /* keys */
};

/* Room for n keys without growing (a map of { 0 } starts small and grows
 * too: kept at most half full); ho_idmap_release() frees it. */
void ho_idmap_init(struct ho_idmap *m, size_t n);
void ho_idmap_release(struct ho_idmap *m);
/* The value of key (non-zero), 0 when absent (also for a map never initialised). */
uint32_t ho_idmap_get(const struct ho_idmap *m, uint32_t key);
/* The value slot of key, added with 0 when absent; valid until the next
 * key is added. */
uint32_t *ho_idmap_slot(struct ho_idmap *m, uint32_t key);

#endif /* HO_ENGINE_IDMAP_H */
