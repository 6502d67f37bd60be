/* SPDX-License-Identifier: MIT */
/*
 * core/defs_diff.h - what changed between two definitions versions, rule by
 * rule (`handoff defs diff A B`, issue 14): the changes the definitions
 * loader finds (defs/defs_diff.c), in words, for every front door.
 *
 * A change is about one item - a rule, a disqualifier, an SLA, a routing
 * rule, a rep, a reason, a channel, a stage's criteria - and one field of
 * it, with the value before and after as written (YAML flow style).  An
 * item added or removed as a whole has an empty field.
 */
#ifndef HO_CORE_DEFS_DIFF_H
#define HO_CORE_DEFS_DIFF_H

#include <stddef.h>

struct ho_buf;

enum ho_defs_change_kind {
    HO_CHANGE_ADDED,   /* after only */
    HO_CHANGE_REMOVED, /* before only */
    HO_CHANGE_CHANGED, /* both (a field: before or after may be NULL when it was absent) */
};

struct ho_defs_change {
    enum ho_defs_change_kind kind;
    char *section; /* owned: the top-level key ("fit", "behavior", "stages", ...) */
    char *item;    /* owned: "fit rule senior_title", "stages.mql", "rep kim" */
    char *field;   /* owned: "points", "where.path_prefix"; "" for the whole item */
    char *before;  /* owned or NULL */
    char *after;   /* owned or NULL */
};

struct ho_defs_diff {
    struct ho_defs_change *v; /* owned, in the order of the files */
    size_t n, cap;
};

/* Append a change (copies every text; NULL before/after stay NULL). */
void ho_defs_diff_add(struct ho_defs_diff *d, enum ho_defs_change_kind kind, const char *section,
                      const char *item, const char *field, const char *before, const char *after);
void ho_defs_diff_release(struct ho_defs_diff *d);

/* The change in words, appended to out:
 *   "fit rule senior_title: points 10 → 15"
 *   "fit rule north_america added: { name: north_america, ... }"
 *   "disqualifier student removed"
 *   "behavior rule demo_request: max (none) → 30" */
void ho_defs_change_words(const struct ho_defs_change *c, struct ho_buf *out);
/* "added", "removed", "changed". */
const char *ho_defs_change_kind_name(enum ho_defs_change_kind k);

#endif /* HO_CORE_DEFS_DIFF_H */
