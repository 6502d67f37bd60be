/* SPDX-License-Identifier: MIT */
/*
 * report/sales.h - renderers of the sales-side reports: speed to lead, SLA
 * compliance and the live queue.
 */
#ifndef HO_REPORT_SALES_H
#define HO_REPORT_SALES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/rc.h"
#include "report/report.h"

struct ho_calendar;
struct ho_clock_row;
struct ho_defs;
struct ho_speed;
struct ho_strtab;

HO_MUST_CHECK ho_rc ho_report_speed(FILE *out, enum ho_format fmt, const struct ho_speed *sp,
                                    const struct ho_strtab *strings, struct ho_diag *diag);

struct ho_sla_view {
    const struct ho_defs *defs;
    const struct ho_strtab *strings;
    const struct ho_clock_row *clocks; /* sorted oldest first */
    size_t n;
    int64_t now;
};

/* Per SLA name: met / breached / open / cancelled with the met rate, overall,
 * by rep and by channel, then the breaching journeys oldest first. */
HO_MUST_CHECK ho_rc ho_report_sla(FILE *out, enum ho_format fmt, const struct ho_sla_view *v,
                                  struct ho_diag *diag);

struct ho_queue_filter {
    const char *rep; /* only this rep's journeys (NULL: all) */
    bool breached;   /* only clocks past their deadline */
};

/* The running clocks, oldest first: who is waiting, for how long, time left
 * or overdue, rep, pool and the rule that made the MQL. */
HO_MUST_CHECK ho_rc ho_report_queue(FILE *out, enum ho_format fmt, const struct ho_sla_view *v,
                                    const struct ho_queue_filter *f, struct ho_diag *diag);

struct ho_journey_row;

/* Nurtured leads due for a revisit (rows[idx[i]]), oldest date first. */
HO_MUST_CHECK ho_rc ho_report_revisits(FILE *out, enum ho_format fmt,
                                       const struct ho_strtab *strings,
                                       const struct ho_journey_row *rows, const size_t *idx,
                                       size_t n, struct ho_diag *diag);

#endif /* HO_REPORT_SALES_H */
