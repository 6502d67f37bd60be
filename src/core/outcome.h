/* SPDX-License-Identifier: MIT */
/*
 * core/outcome.h - what really became of a lead, read from its replayed
 * journeys (the sales events of the log): the outcome that `backtest` and
 * `calibrate` judge definitions against.
 *
 *  - customer: a journey reached customer (won);
 *  - sql:      else a journey reached SQL;
 *  - not_sql:  else sales touched the lead (a contact attempt or made, an
 *              accept, reject, qualify, meeting or opportunity event, or any
 *              later sales stage, a sales disqualification), an MQL or not;
 *  - unknown:  sales never saw it: whether it would have converted is not
 *              knowable from the history.
 *
 * Pure: no I/O.
 */
#ifndef HO_CORE_OUTCOME_H
#define HO_CORE_OUTCOME_H

#include <stdint.h>

#include "core/stage.h"

struct ho_lead_result;

enum ho_real_outcome {
    HO_REAL_UNKNOWN = 0, /* sales never saw the lead */
    HO_REAL_NOT_SQL,     /* sales saw it; it never reached SQL */
    HO_REAL_SQL,         /* reached SQL, not customer */
    HO_REAL_CUSTOMER,
};

/* "unknown", "not_sql", "sql", "customer". */
const char *ho_real_outcome_name(enum ho_real_outcome o);

/* The earliest entry into stage s over the lead's journeys, HO_TIME_NONE. */
int64_t ho_lead_first_entry(const struct ho_lead_result *r, enum ho_stage s);

/* The first moment sales touched the lead (see above), HO_TIME_NONE. */
int64_t ho_lead_first_sales_touch(const struct ho_lead_result *r);

enum ho_real_outcome ho_lead_real_outcome(const struct ho_lead_result *r);

#endif /* HO_CORE_OUTCOME_H */
