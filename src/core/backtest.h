/* SPDX-License-Identifier: MIT */
/*
 * core/backtest.h - compare the active definitions with a candidate over the
 * replayed history (`handoff backtest`, DESIGN.md §4).
 *
 * The caller replays every lead twice (active and candidate definitions)
 * and summarises each pair with ho_bt_lead_from(); ho_bt_compute() then
 * counts, for the leads in the month range:
 *   - MQLs per month (UTC month of the first MQL entry), active vs candidate;
 *   - the MQL->SQL rate: MQLs that became SQL / MQLs;
 *   - SQL and won recall: of the leads that reached SQL (customer) in the
 *     real history, how many each definition makes MQLs, and the median of
 *     (active MQL time - candidate MQL time) in days over the SQL leads both
 *     make MQLs (positive: the candidate qualifies them earlier);
 *   - precision: of the MQLs whose outcome is known (sales saw the lead),
 *     how many became SQL; MQLs of leads sales never saw are counted apart;
 *   - the SLA load: MQLs needing a first touch, per ISO week (Monday, UTC)
 *     of the MQL and per rep of the journey (0 = not routed);
 *   - the flips: leads MQL under one definition and not the other, with the
 *     rule responsible and the real outcome.
 * The real outcome is the history itself (the active replay's journeys):
 * customer, else SQL, else "not_sql" when a sales event touched the lead
 * (a contact, a disposition, a sales stage), else unknown.
 * A lead belongs to the month of its earliest MQL (either definition), or,
 * never an MQL, the month it reached SQL; the range keeps leads whose month
 * is within [from, to] (month indices, ho_time_month_index).
 *
 * Pure: no I/O.
 */
#ifndef HO_CORE_BACKTEST_H
#define HO_CORE_BACKTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/outcome.h"

struct ho_defs;
struct ho_lead_result;

/* One lead under both definitions. */
struct ho_bt_lead {
    uint32_t lead;                 /* interned lead id */
    uint32_t group;                /* the --by key (interned text), 0 = none; set by the caller */
    uint32_t active_rep, cand_rep; /* rep of the first MQL journey, 0 = not routed */
    int64_t active_mql, cand_mql;  /* first MQL entry, HO_TIME_NONE = never */
    int64_t sql_at, won_at;        /* first SQL / customer entry in the history, HO_TIME_NONE */
    enum ho_real_outcome outcome;
    const char *responsible; /* flips: the rule or threshold that made the difference
                              * (borrowed from the definitions); NULL otherwise */
};

/* Summarise one lead's two replays (same lead; journeys still valid).
 * active_defs / cand_defs name the responsible rule of a flip. */
void ho_bt_lead_from(const struct ho_defs *active_defs, const struct ho_defs *cand_defs,
                     const struct ho_lead_result *active, const struct ho_lead_result *cand,
                     struct ho_bt_lead *out);

/* Counts of one side (active or candidate). */
struct ho_bt_side {
    size_t mqls;         /* MQLs in range */
    size_t mql_sql;      /* of them, reached SQL */
    size_t known;        /* of them, outcome known (precision denominator) */
    size_t unknown;      /* of them, sales never saw (left out of precision) */
    size_t sql_recalled; /* SQL leads this side makes MQLs */
    size_t won_recalled; /* customers this side makes MQLs */
};

struct ho_bt_count {
    int64_t key; /* month index, week start (ms), rep or group id */
    size_t active, cand;
};

struct ho_bt_report {
    struct ho_bt_side active, cand;
    size_t leads;     /* leads in range */
    size_t sql_leads; /* reached SQL in the history */
    size_t won_leads; /* reached customer */
    bool has_median;
    double median_days_earlier; /* active MQL - candidate MQL, days, over SQL leads both recall */
    size_t median_n;
    struct ho_bt_count *months, *weeks, *reps, *groups; /* sorted by key; owned */
    size_t n_months, n_weeks, n_reps, n_groups;
    size_t *flips; /* indices into the leads, in input order; owned */
    size_t n_flips, n_new, n_gone, n_flips_unknown;
};

/* Count leads[0..n) whose month is in [from_month, to_month] (INT64_MIN /
 * INT64_MAX = open). *out is owned: ho_bt_report_release(). */
void ho_bt_compute(const struct ho_bt_lead *leads, size_t n, int64_t from_month, int64_t to_month,
                   struct ho_bt_report *out);
void ho_bt_report_release(struct ho_bt_report *r);

/* Whether lead l flips, and in which direction (true: newly MQL). */
bool ho_bt_flips(const struct ho_bt_lead *l, bool *newly);

#endif /* HO_CORE_BACKTEST_H */
