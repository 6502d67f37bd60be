/* SPDX-License-Identifier: MIT */
/*
 * ingest/crm_int.h - inside the CRM importers: header matching and the
 * drafts a row gives.  Not for use outside src/ingest/crm*.c.
 */
#ifndef HO_INGEST_CRM_INT_H
#define HO_INGEST_CRM_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
const char *ho_crm_map_value(const struct ho_crm_value_map *m, size_t n, const char *s, size_t len);

#define HO_CRM_MAX_FIELDS 32
/* Columns the `mapping: fields:` section names; more are ignored. */
#define HO_CRM_MAX_EXTRA 16

extern const struct ho_crm_mapping ho_crm_defaults;
struct ho_crm_row_ctx;

struct ho_crm_row_ctx {
    const struct ho_crm_mapping *map;
    const struct ho_crm_cb *cb;
    struct ho_buf id;                          /* scratch: the id of the draft being emitted */
    const char *field_name[HO_CRM_MAX_FIELDS]; /* the header cell of each field (NUL-ended) */
    struct ho_buf key;                         /* scratch: a cell made NUL-ended for lookups */
    size_t n_extra;                            /* columns `mapping: fields:` names */
    size_t extra_col[HO_CRM_MAX_EXTRA];        /* their header positions */
    const char *extra_to[HO_CRM_MAX_EXTRA];    /* their targets, "traits.X" or "props.X" */
    struct ho_slice extra[HO_CRM_MAX_EXTRA];   /* their cells in the current row */
};

/* The header cell of field, or fallback when the file has no such column. */
const char *ho_crm_field_name(const struct ho_crm_row_ctx *rc, int field, const char *fallback);

/* Set d->id to "<prefix>-<record id>-<what>", held in rc->id: the ids are
 * deterministic, so importing the same export again changes nothing. */
void ho_crm_set_id(struct ho_crm_row_ctx *rc, const char *prefix, struct ho_event_draft *d,
                   struct ho_slice record_id, const char *what);

/* The user mapping's lookups on a cell (NULL: the mapping has none). */
const char *ho_crm_user_source(struct ho_crm_row_ctx *rc, struct ho_slice cell);
const char *ho_crm_user_stage(struct ho_crm_row_ctx *rc, struct ho_slice cell);
const struct ho_map_status *ho_crm_user_status(struct ho_crm_row_ctx *rc, struct ho_slice cell);

/* Where a row's `mapping: status:` disposition goes. */
struct ho_crm_status_at {
    struct ho_slice status;    /* the Lead Status cell */
    struct ho_slice record_id; /* the row's id */
    const char *ts;            /* Last Modified Date, else the create date */
    const char *source;        /* "hubspot": props.source and the id's prefix */
};

/* Emit the sales event `mapping: status:` gives at->status (none when it
 * gives none): the lead, account and channel of d, props.reason, id
 * "<source>-<id>-status-<event>". */
HO_MUST_CHECK ho_rc ho_crm_emit_status(struct ho_crm_row_ctx *rc, const struct ho_event_draft *d,
                                       const struct ho_crm_status_at *at, uint64_t line,
                                       struct ho_diag *diag);

/* Append the current row's `mapping: fields:` cells (filled ones) to the
 * traits or props they target; *nt and *np grow up to cap_t and cap_p.
 * A key already there (set by the importer) keeps its value. */
void ho_crm_add_extras(const struct ho_crm_row_ctx *rc, struct ho_draft_kv *traits, size_t *nt,
                       size_t cap_t, struct ho_draft_kv *props, size_t *np, size_t cap_p);

/* Reject the current row with why (its message "column 'X': ..."). */
HO_MUST_CHECK ho_rc ho_crm_reject(struct ho_crm_row_ctx *rc, uint64_t line,
                                  const struct ho_diag *why, struct ho_diag *diag);

/* One export shape: its columns, the header cells that show it, and the
 * mapping of one row (cells by field; len 0 = absent) to drafts. */
struct ho_crm_dialect {
    const char *what; /* "HubSpot contacts export" */
    enum ho_crm_source src;
    const struct ho_crm_column *cols;
    size_t n_cols;
    const char *marks; /* normalised names: any of them in the header shows the dialect */
    int id_field;      /* required in the header */
    ho_rc (*row)(struct ho_crm_row_ctx *rc, const struct ho_slice *f, uint64_t line,
                 struct ho_diag *diag);
};

extern const struct ho_crm_dialect ho_crm_hubspot_contacts;  /* crm_hubspot.c */
extern const struct ho_crm_dialect ho_crm_hubspot_companies; /* crm_hubspot_companies.c */
extern const struct ho_crm_dialect ho_crm_salesforce_opps;   /* crm_salesforce.c */
extern const struct ho_crm_dialect ho_crm_salesforce_people; /* leads and contacts */

#endif /* HO_INGEST_CRM_INT_H */
