/* SPDX-License-Identifier: MIT */
/*
 * base/strtab.h - string interning: each distinct byte string gets a small
 * integer id, so events, rules and reports compare ids instead of text.
 *
 * Id 0 is reserved for "none" and maps to "".  Ids are dense and stable for
 * the life of the table.  Strings may contain any bytes; they are stored
 * NUL-terminated.  Not thread-safe for writers.
 */
#ifndef HO_BASE_STRTAB_H
#define HO_BASE_STRTAB_H

#include <stddef.h>
#include <stdint.h>

struct ho_strtab;

/* A new table; owned: caller frees with ho_strtab_free(). */
struct ho_strtab *ho_strtab_new(void);
void ho_strtab_free(struct ho_strtab *t); /* NULL-safe */

/* The id of s[0..len), adding it when new.  The empty string is id 0. */
uint32_t ho_strtab_intern(struct ho_strtab *t, const char *s, size_t len);
/* A new id for s[0..len) that find() and intern() never return: for values
 * that are unique anyway (event ids), which so cost no hash-table slot.
 * Equal texts added twice get two ids; compare their texts. */
uint32_t ho_strtab_add(struct ho_strtab *t, const char *s, size_t len);
/* The id of s[0..len) if present, else 0 (also for the empty string). */
uint32_t ho_strtab_find(const struct ho_strtab *t, const char *s, size_t len);
/* The NUL-terminated text of id; borrowed, valid until the table is freed. */
const char *ho_strtab_str(const struct ho_strtab *t, uint32_t id);
size_t ho_strtab_strlen(const struct ho_strtab *t, uint32_t id);
/* A hint that s[0..len) is about to be interned or looked up: starts
 * loading its hash slot into the cache, so that a run of interns whose
 * slots are all prefetched first waits for memory once, not once each. */
void ho_strtab_prefetch(const struct ho_strtab *t, const char *s, size_t len);
/* Make room for n more interned strings without rehashing (a bulk import). */
void ho_strtab_reserve(struct ho_strtab *t, size_t n);

/* A number no other table made by this process has (unlike its address,
 * which a later table may reuse): for caches keyed by table. */
uint64_t ho_strtab_serial(const struct ho_strtab *t);

/* Number of ids in use, including 0. */
uint32_t ho_strtab_count(const struct ho_strtab *t);

#endif /* HO_BASE_STRTAB_H */
