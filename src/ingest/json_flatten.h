/* SPDX-License-Identifier: MIT */
/*
 * ingest/json_flatten.h - props and traits as flat key/value pairs: a
 * nested object's members get dotted keys ("utm.source" inside props.utm),
 * strings keep their decoded text and numbers, literals and arrays their
 * text as written.  Shared by the JSONL event mapping (event_map.c) and the
 * Segment mapping (segment_map.c).
 *
 * The pairs are spans of the scan (json_scan.h) until the caller resolves
 * them.  A limit (more than HO_EVENT_MAX_KV pairs in all, a key longer than
 * HO_EVENT_MAX_STRLEN) stops the collection and is kept as the first error;
 * once the caller has a field error of its own it sets `stopped`, so the
 * first error in document order is the one reported.
 */
#ifndef HO_INGEST_JSON_FLATTEN_H
#define HO_INGEST_JSON_FLATTEN_H

#include <stdbool.h>
#include <stddef.h>

#include "base/rc.h"
#include "core/event.h"
#include "ingest/json_scan.h"

enum ho_flat_group { HO_FLAT_PROPS = 0, HO_FLAT_TRAITS = 1 };

enum ho_flat_err { HO_FLAT_OK, HO_FLAT_TOO_MANY, HO_FLAT_KEY_TOO_LONG };

/* One collected pair; weak pairs give way to a plain pair of the same key
 * (the Segment mapping's context values). */
struct ho_flat_kv {
    struct ho_json_span key, val;
    bool weak;
};

struct ho_json_flat {
    char *path; /* owned: the prefix of the object being read, e.g. "utm" */
    size_t path_len, path_cap;
    struct ho_flat_kv pend[2][HO_EVENT_MAX_KV];
    size_t npend[2];
    bool stopped;         /* an error is pending: collect nothing more */
    enum ho_flat_err err; /* the limit that stopped it, HO_FLAT_OK when none */
    enum ho_flat_group err_group;
    size_t err_pos; /* the offending key's offset in the text */
};

/* Forget the pairs, the prefix and the error: a new text. */
void ho_json_flat_reset(struct ho_json_flat *f);
void ho_json_flat_release(struct ho_json_flat *f);

/* Add key = val to group g under the current prefix (key at key_pos). */
void ho_json_flat_emit(struct ho_json_flat *f, struct ho_json_scan *js, enum ho_flat_group g,
                       struct ho_json_span key, struct ho_json_span val, size_t key_pos, bool weak);

/* Read the members of the object at the scan's position (after its '{' is
 * peeked) into group g at nesting depth, every pair weak or not. */
HO_MUST_CHECK ho_rc ho_json_flat_object(struct ho_json_flat *f, struct ho_json_scan *js,
                                        unsigned depth, enum ho_flat_group g, bool weak);

#endif /* HO_INGEST_JSON_FLATTEN_H */
