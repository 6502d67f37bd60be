/* SPDX-License-Identifier: MIT */
/*
 * report/leads.h - `handoff leads`: the selected leads (core/lead_list.h) as
 * a table, JSON or CSV.
 */
#ifndef HO_REPORT_LEADS_H
#define HO_REPORT_LEADS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/rc.h"
#include "report/report.h"

struct ho_lead_item;

struct ho_leads_view {
    const struct ho_lead_item *items; /* the rows shown, in order */
    size_t n_shown;
    size_t n_total;          /* rows that passed the filter (the footer's M) */
    int64_t as_of;           /* the time the scores are decayed to */
    bool paged;              /* JSON: a page of the list, with next_cursor */
    const char *next_cursor; /* the next page's cursor; NULL: this is the last page */
    bool by_journey;         /* journey conditions were given: show the journeys counts */
    size_t n_journeys;       /* the kept leads' journeys that pass them (a funnel cell's count) */
    const char *count_name;  /* the name of that count: "journeys" (NULL) or "clocks" */
};

/*
 * Columns: lead, account, stage, score, fit, behavior, channel, rep, mql_at,
 * last_event.  Scores with 2 decimals (ho_round2).  JSON: {as_of, total,
 * shown, leads: [...]} with null for a missing account, channel, rep or
 * mql_at; CSV: empty cells; the table: "-" and a footer "showing N of M".
 * With by_journey, JSON also has "journeys" (n_journeys) and each lead its
 * own "journeys"; the table's footer ends "(K journeys)".  count_name
 * "clocks" names them "clocks" instead (the SLA conditions count clocks).
 */
HO_MUST_CHECK ho_rc ho_report_leads(FILE *out, enum ho_format fmt, const struct ho_leads_view *v,
                                    struct ho_diag *diag);

#endif /* HO_REPORT_LEADS_H */
