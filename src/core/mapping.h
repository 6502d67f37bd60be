/* SPDX-License-Identifier: MIT */
/*
 * core/mapping.h - lookups in the definitions' `mapping:` section (struct
 * ho_mapping, core/defs.h): the overrides the CRM importers consult before
 * their built-in tables.
 *
 * Matching rule, the same for every lookup and for the loader's duplicate
 * check: leading and trailing ASCII whitespace is ignored and ASCII letters
 * compare without case, so "Annual Revenue", " annual revenue " and
 * "ANNUAL REVENUE" are one key.  Inner spaces count ("Lead Status" is not
 * "LeadStatus").  A NULL mapping or value finds nothing.
 *
 * Pure: no I/O.  Results are borrowed from the mapping.
 */
#ifndef HO_CORE_MAPPING_H
#define HO_CORE_MAPPING_H

#include <stdbool.h>

#include "core/defs.h"

/* Compare two keys under the matching rule above (<0, 0, >0, as strcmp). */
int ho_mapping_key_cmp(const char *a, const char *b);
/* Whether s holds nothing but whitespace (an unusable key). */
bool ho_mapping_key_blank(const char *s);

/* The target ("traits.revenue") of a CRM column label or internal name,
 * or NULL when the mapping does not name the column. */
const char *ho_mapping_field(const struct ho_mapping *m, const char *column);
/* The disposition of a CRM lead status value, or NULL. */
const struct ho_map_status *ho_mapping_status(const struct ho_mapping *m, const char *value);
/* The channel of a CRM source bucket ("ORGANIC_SEARCH", "Organic search"), or NULL. */
const char *ho_mapping_source(const struct ho_mapping *m, const char *bucket);
/* The handoff stage name ("mql") of a CRM lifecycle value, or NULL. */
const char *ho_mapping_stage(const struct ho_mapping *m, const char *value);

/* Free everything m owns; m is left empty. */
void ho_mapping_release(struct ho_mapping *m);

#endif /* HO_CORE_MAPPING_H */
