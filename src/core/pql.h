/* SPDX-License-Identifier: MIT */
/*
 * core/pql.h - product-qualified leads (DESIGN.md §5 report 9), reported apart
 * from MQLs: a PQL never enters an MQL count or rate.
 *
 * A lead is a PQL at the time every criterion of the definitions' `pql.all`
 * first holds, a criterion holding once at least `count` of the lead's events
 * so far had its type and met all its `where` conditions.  The PQL->SQL rate
 * is PQL leads with a journey that reached sql at or after the PQL time /
 * PQL leads.
 *
 * Pure: no I/O, no allocation in ho_pql_eval.
 */
#ifndef HO_CORE_PQL_H
#define HO_CORE_PQL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/funnel.h"

struct ho_event;
struct ho_eventlog;
struct ho_pql_criterion;
struct ho_pql_def;

/* Does e count towards c?  c must be bound to log's strings. */
bool ho_pql_matches(const struct ho_pql_criterion *c, const struct ho_eventlog *log,
                    const struct ho_event *e);

/*
 * Evaluate def over one lead's events ev[0..n) (indices into log, in (ts, id)
 * order).  Returns true and sets *at to the time of the event with which all
 * criteria first held; false (*at = HO_TIME_NONE) when they never all hold or
 * def has no criteria.  def must be bound to log's strings and have at most
 * HO_PQL_MAX_CRITERIA criteria (the loader's limit).
 */
bool ho_pql_eval(const struct ho_pql_def *def, const struct ho_eventlog *log, const uint32_t *ev,
                 size_t n, int64_t *at);

/* A lead that became a PQL. */
struct ho_pql_lead {
    uint32_t lead; /* interned */
    int64_t at;    /* when all criteria first held */
};

struct ho_pql_summary {
    uint64_t pqls;          /* PQL leads */
    struct ho_rate pql_sql; /* of them, with a journey that reached sql at or after the PQL */
    uint64_t also_mql;      /* PQL leads that also have a journey that entered mql (context
                             * only: no MQL figure counts PQLs) */
};

/* Summarise the PQL leads p[0..n) against the journeys rows[0..n_rows) (lead
 * ids interned in the same table). */
void ho_pql_summarize(const struct ho_pql_lead *p, size_t n, const struct ho_journey_row *rows,
                      size_t n_rows, struct ho_pql_summary *out);

#endif /* HO_CORE_PQL_H */
