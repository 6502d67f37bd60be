/* SPDX-License-Identifier: MIT */
/*
 * ingest/crm.h - CRM exports (HubSpot contacts) mapped onto events.
 *
 * The CSV reader runs in raw mode (ingest/csv_events.h) and hands each
 * record's cells here.  The header picks the dialect (or checks the one
 * asked for): columns are matched by label or internal name, case, spaces,
 * '_', '/', '.' and "(%)" ignored; unknown columns are ignored.  Each row
 * becomes the events it implies (see crm_hubspot.c), with ids
 * "hubspot-<Record ID>-<what>", so importing the file again changes
 * nothing.  A cell that cannot map rejects its row with
 * "column 'X': why"; the good rows are kept.
 *
 * Value maps come from struct ho_crm_mapping: the built-in defaults now;
 * the definitions may fill one later (issue 13, the `mapping:` section).
 */
#ifndef HO_INGEST_CRM_H
#define HO_INGEST_CRM_H

#include <stddef.h>
#include <stdint.h>

#include "base/rc.h"

struct ho_event_draft;
struct ho_slice;

enum ho_crm_source { HO_CRM_NONE = 0, HO_CRM_HUBSPOT };

/* One value mapping: from (a label or internal value, matched ignoring
 * case, spaces and '_') to to. */
struct ho_crm_value_map {
    const char *from, *to;
};

/* The mapping tables: the hook the definitions' `mapping:` section fills. */
struct ho_crm_mapping {
    const struct ho_crm_value_map *channels; /* HubSpot source bucket -> channel */
    size_t n_channels;
    const struct ho_crm_value_map *lifecycle; /* lifecycle stage -> internal value */
    size_t n_lifecycle;
};

/* The built-in tables (ecosystem.md 3.1 and 6.2). */
const struct ho_crm_mapping *ho_crm_default_mapping(void);

struct ho_crm_cb {
    ho_rc (*record)(void *ctx, const struct ho_event_draft *d, uint64_t line, struct ho_diag *diag);
    ho_rc (*bad)(void *ctx, uint64_t line, const struct ho_diag *why, struct ho_diag *diag);
    /* The dialect the header showed ("HubSpot contacts export"); may be NULL. */
    void (*detected)(void *ctx, const char *what);
    void *ctx;
};

struct ho_crm;

/* Owned: ho_crm_free(). map NULL: the defaults. */
struct ho_crm *ho_crm_new(enum ho_crm_source src, const struct ho_crm_mapping *map,
                          const struct ho_crm_cb *cb);
void ho_crm_free(struct ho_crm *c); /* NULL-safe */

/* One record's cells, the header first.  A header that shows no known
 * dialect is HO_EPARSE and stops the file. */
HO_MUST_CHECK ho_rc ho_crm_row(struct ho_crm *c, const struct ho_slice *cells, size_t n,
                               uint64_t line, struct ho_diag *diag);

/* The CRM export a header line (raw text) shows, or HO_CRM_NONE. */
enum ho_crm_source ho_crm_detect_header(const char *line, size_t len);

#endif /* HO_INGEST_CRM_H */
