/* SPDX-License-Identifier: MIT */
/*
 * engine/pql_scan.h - find the product-qualified leads of the event log
 * (core/pql.h, DESIGN.md §5 report 9).
 */
#ifndef HO_ENGINE_PQL_SCAN_H
#define HO_ENGINE_PQL_SCAN_H

#include <stddef.h>

struct ho_eventlog;
struct ho_model;
struct ho_pql_lead;

/*
 * Every lead of log that became a PQL under m's definitions (m->defs->pql,
 * bound to log's strings), with the time it did.  Only the lead's own events
 * of the criteria's types are read, in (ts, id) order.  *out is owned by the
 * caller (ho_xfree), ordered by interned lead id; NULL and 0 when the
 * definitions name no PQL criteria.
 */
void ho_pql_scan(const struct ho_eventlog *log, const struct ho_model *m, struct ho_pql_lead **out,
                 size_t *n);

#endif /* HO_ENGINE_PQL_SCAN_H */
