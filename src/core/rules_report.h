/* SPDX-License-Identifier: MIT */
/*
 * core/rules_report.h - which scoring rules make MQLs that sales qualifies:
 * for every fit and behaviour rule of the definitions (in definitions order:
 * fit rules first, then behaviour rules) the MQL journeys it contributed to
 * (the rule held at the MQL: its bit in rules_at_mql) and the SQL rate of
 * those journeys (reached sql or later, skipped stages count), against the
 * overall MQL->SQL rate of all MQL journeys, with the lift = rule rate /
 * overall rate.  A rule whose journeys convert far below the average is an
 * over-scored signal (a careers-page visitor is a job seeker, not a buyer).
 *
 * Only MQL journeys count (sales-sourced journeys have no MQL).  Journeys
 * record the first 64 rules only; later rules are reported as not tracked.
 *
 * The MQL criteria the same way: each journey is credited to one criterion
 * (the first that held at the MQL, in definitions order), and counts for
 * every criterion that held (criteria_at_mql), so a demo request that also
 * passed the score threshold shows under both.
 *
 * Pure: no I/O.  Results are owned by the struct ho_rules_report.
 */
#ifndef HO_CORE_RULES_REPORT_H
#define HO_CORE_RULES_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/funnel.h"

struct ho_defs;

/* Journeys with a rule below this count are too few to judge (no signal). */
#define HO_RULES_MIN_JOURNEYS 5
/* The lift below which a rule's journeys convert "far below" the average,
 * and the lift from which "far above". */
#define HO_RULES_LOW_LIFT  0.5
#define HO_RULES_HIGH_LIFT 2.0

enum ho_rule_signal {
    HO_RULE_UNTRACKED, /* beyond the first 64 rules: not recorded at the MQL */
    HO_RULE_NO_DATA,   /* no MQL journey had the rule */
    HO_RULE_FEW,       /* fewer than HO_RULES_MIN_JOURNEYS journeys, or no overall SQL */
    HO_RULE_IN_LINE,   /* lift between the two thresholds */
    HO_RULE_LOW,       /* lift < HO_RULES_LOW_LIFT */
    HO_RULE_HIGH,      /* lift >= HO_RULES_HIGH_LIFT */
};

struct ho_rule_stat {
    const char *name; /* borrowed from the definitions */
    double points;
    struct ho_rate share; /* MQL journeys with the rule / all MQL journeys */
    struct ho_rate sql;   /* of those, reached sql or later / MQL journeys with the rule */
    double lift;          /* (sql.num / sql.den) / (overall.num / overall.den) */
    /* Dispositions (ho_rules_report_rejections): of the MQL journeys with the
     * rule, those closed (nurture or disqualified) with a reason of category
     * bad_fit and of category bad_scoring. */
    uint64_t bad_fit, bad_scoring;
    enum ho_rule_signal signal;
    bool is_fit;
    bool tracked;         /* within the first 64 rules */
    bool has_lift;        /* sql.den > 0 and the overall rate > 0 */
    bool mostly_rejected; /* bad_fit + bad_scoring > half of them, and at least
                           * HO_RULES_MIN_JOURNEYS journeys */
};

/* One MQL criterion (min_score, or an or_any set): the journeys credited to
 * it (the first criterion that held at the MQL, in definitions order) and
 * every journey it held for, each with how many reached sql. */
struct ho_criterion_stat {
    int32_t criterion;       /* HO_CRITERION_SCORE, or or_any index + 1 */
    const char *name;        /* borrowed: ho_defs_criterion_name() */
    bool tracked;            /* within the first 64 criteria */
    struct ho_rate credited; /* reached sql / MQL journeys credited to it */
    struct ho_rate held;     /* reached sql / MQL journeys it held for */
};

struct ho_rules_report {
    struct ho_rate overall;     /* MQL journeys that reached sql / MQL journeys */
    struct ho_rule_stat *rules; /* owned: n_fit + n_behavior, in definitions order */
    size_t n;
    struct ho_criterion_stat *criteria; /* owned: min_score (when the definitions have a
                                         * score criterion) then each or_any set */
    size_t n_criteria;
};

/*
 * Compute the report over the MQL journeys of rows[0..n) whose MQL falls in
 * [from_ms, to_ms) (INT64_MIN / INT64_MAX: open).  out borrows rule names from
 * defs: keep defs alive while out is used.
 */
void ho_rules_report_compute(const struct ho_defs *defs, const struct ho_journey_row *rows,
                             size_t n, int64_t from_ms, int64_t to_ms, struct ho_rules_report *out);
void ho_rules_report_release(struct ho_rules_report *r);

struct ho_strtab;

/*
 * Issue 14 item 6, dispositions feed the loop: count, per rule, the MQL
 * journeys of rows[0..n) (the same rows and span as the compute) that sales
 * closed with a reason of category bad_fit or bad_scoring (the category of
 * the journey's reason code, interned in strings, under
 * ho_disposition_category), and flag the rule whose journeys were mostly
 * (more than half) rejected so, from HO_RULES_MIN_JOURNEYS journeys on.
 */
void ho_rules_report_rejections(struct ho_rules_report *r, const struct ho_defs *defs,
                                const struct ho_journey_row *rows, size_t n, int64_t from_ms,
                                int64_t to_ms, const struct ho_strtab *strings);
/* The flag in words, by the sign of the rule's points ("" when not
 * flagged); static text. */
const char *ho_rule_rejection_text(const struct ho_rule_stat *s);

/* "untracked", "no_data", "few", "in_line", "low", "high" */
const char *ho_rule_signal_name(enum ho_rule_signal s);
/* What the signal tells the team, in plain words (depends on the sign of
 * the rule's points); static text. */
const char *ho_rule_signal_text(const struct ho_rule_stat *s);

#endif /* HO_CORE_RULES_REPORT_H */
