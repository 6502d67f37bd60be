/* SPDX-License-Identifier: MIT */
/*
 * ingest/crm_int.h - inside the CRM importers: header matching and the
 * drafts a row gives.  Not for use outside src/ingest/crm*.c.
 */
#ifndef HO_INGEST_CRM_INT_H
#define HO_INGEST_CRM_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "core/event.h"
#include "ingest/crm.h"

/* A known column: its field number and its names, normalised (see
 * ho_crm_norm_eq). */
struct ho_crm_column {
    int field;
    const char *names; /* "recordid|hsobjectid" */
};

/* Does cell s[0..len), normalised (lower case; no spaces, '_', '/', '.',
 * "(%)"), equal one of the '|'-separated names? */
bool ho_crm_name_is(const char *s, size_t len, const char *names);

/* The field of header cell s, or -1. */
int ho_crm_field_of(const struct ho_crm_column *cols, size_t n, const char *s, size_t len);

/* The mapped value of s in the table, or NULL. */
const char *ho_crm_map_value(const struct ho_crm_value_map *m, size_t n, const char *s,
                             size_t len);

#define HO_CRM_MAX_FIELDS 32

/* The HubSpot contacts dialect (crm_hubspot.c). */
extern const struct ho_crm_column ho_crm_hubspot_columns[];
extern const size_t ho_crm_hubspot_n_columns;
extern const struct ho_crm_mapping ho_crm_defaults;

struct ho_crm_row_ctx {
    const struct ho_crm_mapping *map;
    const struct ho_crm_cb *cb;
    struct ho_buf id; /* scratch: the id of the draft being emitted */
    const char *field_name[HO_CRM_MAX_FIELDS]; /* the header cell of each field (NUL-ended) */
};

/* Map one HubSpot contacts row (cells by field; len 0 = absent) to drafts. */
HO_MUST_CHECK ho_rc ho_crm_hubspot_row(struct ho_crm_row_ctx *rc, const struct ho_slice *f,
                                       uint64_t line, struct ho_diag *diag);

#endif /* HO_INGEST_CRM_INT_H */
