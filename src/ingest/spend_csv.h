/* SPDX-License-Identifier: MIT */
/*
 * ingest/spend_csv.h - the spend file of `handoff import-spend`: CSV with a
 * header row naming channel, month and amount (any order), one row per
 * channel and calendar month.  Line-oriented so that every row gets its own
 * verdict: a bad row is reported and skipped, the good ones are kept.
 */
#ifndef HO_INGEST_SPEND_CSV_H
#define HO_INGEST_SPEND_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/rc.h"

struct ho_defs;

#define HO_SPEND_MAX_LINE 4096

struct ho_spend_parser {
    const struct ho_defs *defs; /* borrowed: the channels a row may name */
    bool have_header;
    int col[3]; /* file column of channel, month, amount */
};

struct ho_spend_row {
    const char *channel; /* the definitions' spelling (borrowed), or "other" */
    int64_t month;       /* ho_time_month_index of the month's first day */
    double amount;       /* >= 0 */
};

void ho_spend_parser_init(struct ho_spend_parser *p, const struct ho_defs *defs);

/*
 * Parse one line (NUL-terminated, without its line end; modified in place).
 * The first line must be the header: HO_OK with *is_row false.  A data row:
 * HO_OK with *is_row true and *out filled.  A bad header or row: HO_EPARSE
 * with the reason in diag (a bad header means nothing else can be read).
 */
HO_MUST_CHECK ho_rc ho_spend_parse_line(struct ho_spend_parser *p, char *line, bool *is_row,
                                        struct ho_spend_row *out, struct ho_diag *diag);

#endif /* HO_INGEST_SPEND_CSV_H */
