/* SPDX-License-Identifier: MIT */
/*
 * core/dispositions.h - the disposition audit (DESIGN.md §5 report 4): the
 * journeys sales rejected or nurtured, by reason and by category, with what
 * each category tells marketing.
 *
 * A disposition is a journey closed in nurture or disqualified (outcomes of
 * sales_reject, nurture, disqualify, MQL aging and disqualify rules); a
 * journey lost as an opportunity (closed_lost) is not one.  It is counted in
 * the period that holds its closing time (the entry of nurture or
 * disqualified).  A reason's category comes from the definitions' reasons;
 * the code "expired" (MQL aging) is category "expired" unless the
 * definitions say otherwise; any other code that the definitions do not list
 * (a disqualify rule's reason such as competitor: import rejects a sales
 * event whose code is not on the closed list), or a disposition without a
 * code, is "uncategorized".
 *
 * Every share is count / all dispositions of the group, so the shares of a
 * group add up to 100%.
 *
 * Pure: no I/O.  Results are owned by the struct ho_dispositions; category
 * texts are borrowed from the definitions (or static), reason texts from the
 * string table: both must outlive the result.
 */
#ifndef HO_CORE_DISPOSITIONS_H
#define HO_CORE_DISPOSITIONS_H

#include <stddef.h>
#include <stdint.h>

#include "core/dims.h"

struct ho_defs;
struct ho_journey_row;
struct ho_strtab;

struct ho_disp_reason {
    uint32_t reason;       /* interned reason code; 0 = none given */
    const char *code;      /* borrowed text of reason, "" when none */
    const char *category;  /* borrowed */
    uint64_t count;        /* dispositions with this reason */
    uint64_t nurtured;     /* of which closed in nurture */
    uint64_t disqualified; /* of which closed disqualified */
};

struct ho_disp_category {
    const char *category; /* borrowed */
    uint64_t count;
};

struct ho_disp_group {
    uint32_t key;                   /* interned group name ("all" without a dimension) */
    uint64_t total;                 /* dispositions of the group: the denominator of its shares */
    struct ho_disp_reason *reasons; /* owned; count descending, then code */
    size_t n_reasons;
    struct ho_disp_category *categories; /* owned; count descending, then name */
    size_t n_categories;
};

struct ho_dispositions {
    enum ho_dim by;
    struct ho_disp_group *groups; /* owned; by name; groups without dispositions are left out
                                   * (except the one group of HO_DIM_ALL) */
    size_t n;
};

struct ho_disp_opts {
    enum ho_dim by;   /* HO_DIM_ALL: one group */
    int64_t from, to; /* closing time in [from, to); INT64_MIN / INT64_MAX = open */
};

/* Count the dispositions of rows[0..n).  Interns group names into strings. */
void ho_dispositions_compute(const struct ho_journey_row *rows, size_t n,
                             const struct ho_defs *defs, struct ho_strtab *strings,
                             const struct ho_disp_opts *o, struct ho_dispositions *out);
void ho_dispositions_release(struct ho_dispositions *d);

/* The category of a reason code under the rules above ("" = no code). */
const char *ho_disposition_category(const struct ho_defs *defs, const char *code);

/* What a category tells marketing, in plain words: bad_fit -> targeting,
 * bad_timing -> nurture, bad_data -> forms/enrichment, bad_scoring -> scoring
 * rules, no_response -> speed or channel, expired -> follow-up capacity,
 * uncategorized -> no sales reason (have sales pick one from the closed
 * list).  "" for a category of
 * the definitions' own that has no standard reading. */
const char *ho_disposition_implication(const char *category);

#endif /* HO_CORE_DISPOSITIONS_H */
