/* SPDX-License-Identifier: MIT */
/*
 * store/dict.h - the persistent dictionary of shared strings, for the store's
 * own files (store.c): which strings of an append are written as references
 * (store/batch.h HOB2), and the caches that map dictionary ids to the string
 * ids of the log being read or written.
 *
 * A string goes into the dictionary when one append uses it in the events
 * of two or more owners (a type name, a key, a channel, an account, a page
 * shared by many leads), never for event ids and lead ids; once there, every
 * later blob refers to it.  Lookups are lazy (one query per distinct string
 * per process), so opening a database reads none of it.
 */
#ifndef HO_STORE_DICT_H
#define HO_STORE_DICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/rc.h"
#include "store/batch.h"

struct ho_eventlog;
struct ho_store_backend;
struct ho_store_ops;

struct ho_store_dict {
    const struct ho_store_ops *ops;
    struct ho_store_backend *b;
    uint64_t serial;   /* the string table the maps below are for (0: none) */
    uint32_t *dict_of; /* by string id: dictionary id, 0 unknown, UINT32_MAX not in it */
    size_t dict_of_cap;
    uint32_t *sid_of; /* by dictionary id: string id, 0 unknown */
    size_t sid_of_cap;
    uint8_t *use;      /* by string id, for the append at hand: 0 never, 1 if in it, 2 add it */
    uint32_t *seen_in; /* by string id: 1 + the owner group it was last seen in */
    size_t use_cap;
    uint32_t *noted; /* the string ids whose use / seen_in the append at hand set */
    size_t n_noted, noted_cap;
    uint32_t *added; /* dictionary ids inserted by the open transaction */
    size_t n_added, added_cap;
    bool empty; /* the dictionary had no entry when the append began: no lookups */
    ho_rc err;  /* the first failure inside a batch callback */
    struct ho_diag why;
    struct ho_buf text; /* scratch */
};

void ho_store_dict_init(struct ho_store_dict *d, const struct ho_store_ops *ops,
                        struct ho_store_backend *b);
void ho_store_dict_release(struct ho_store_dict *d);

/* The callbacks batch encoding and decoding use (ctx = d). */
struct ho_batch_dict ho_store_dict_hooks(struct ho_store_dict *d);

/* Before encoding an append: forget the last one's choices. */
HO_MUST_CHECK ho_rc ho_store_dict_begin_append(struct ho_store_dict *d,
                                               const struct ho_eventlog *log, struct ho_diag *diag);
/* String sid of log appears in owner group `group` of the append, in a field
 * that may be shared (not an event id or a lead). */
void ho_store_dict_note(struct ho_store_dict *d, uint32_t sid, uint32_t group);

/* The first failure of a callback since the last call (HO_OK when none),
 * with its reason in diag; clears it. */
HO_MUST_CHECK ho_rc ho_store_dict_failure(struct ho_store_dict *d, struct ho_diag *diag);

/* The transaction ended: committed (keep what it added) or rolled back
 * (forget the entries it added: they are gone from the store). */
void ho_store_dict_end(struct ho_store_dict *d, bool committed);

#endif /* HO_STORE_DICT_H */
